"""Finding what a correction names, in this build's records and resolution.

Resolved ids are minted from an event's date, type, place and first report, so they change
when clustering does; article ids do not. A target is therefore looked up by its stable
keys first: an event by ``article`` + ``key`` (checked against ``mention`` words when given,
and found by those words alone when extraction renumbered the article's events), an entity
by ``label`` (or ``article`` + ``key``/``label``). The ``iri`` the analyst saw is tried last.
Each lookup returns what it found or a sentence saying why nothing was found.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from incidentkg.kb.gazetteer import normalise
from incidentkg.records import (
    ArticleRecords,
    EntityRecord,
    EventRecord,
    MemberRef,
    ResolvedEntity,
    ResolvedEvent,
    Target,
)

ID_MARK = "/id/"  # https://w3id.org/incidentkg/id/event/... → event/...


def resolved_id(iri: str) -> str:
    """A resolved IRI, a prefixed ``ikgid:`` name or a bare id as the bare id.

    >>> resolved_id("https://w3id.org/incidentkg/id/event/x-1")
    'event/x-1'
    """
    if ID_MARK in iri:
        return iri.split(ID_MARK, 1)[1]
    return iri.removeprefix("ikgid:")


def _mentions(event: EventRecord, words: str) -> bool:
    """The mention words and a trigger span contain one another (an analyst may copy the
    trigger, or more of the sentence around it)."""
    want = normalise(words)
    return any(want in normalise(m.text) or normalise(m.text) in want
               for m in event.mentions if m.text.strip())  # fmt: skip


def event_member(
    target: Target,
    records: Mapping[str, ArticleRecords],
    events: Mapping[str, ResolvedEvent],
) -> MemberRef | str:
    """The article-local event a target names, or why there is none."""
    why = ""
    if target.article:
        found = _article_event(target, records)
        if isinstance(found, MemberRef):
            return found
        why = found
    if target.iri:
        event = events.get(resolved_id(target.iri))
        if event is not None:
            return event.members[0]
        why = (why + "; " if why else "") + f"no event {resolved_id(target.iri)}"
    return why


def _article_event(target: Target, records: Mapping[str, ArticleRecords]) -> MemberRef | str:
    aid = str(target.article)
    rec = records.get(aid)
    if rec is None:
        return f"article {aid} is not in the store"
    mention = target.mention
    match = [e for e in rec.events
             if e.key == target.key and (not mention or _mentions(e, mention))]  # fmt: skip
    if not match and mention:
        match = [e for e in rec.events if _mentions(e, mention)]
    if not match and not target.key and not mention and len(rec.events) == 1:
        match = list(rec.events)
    if len(match) == 1:
        return MemberRef(aid, match[0].key)
    what = ", ".join(filter(None, [target.key and f"key {target.key}",
                                   mention and f"mention {mention!r}"])) or "no key"  # fmt: skip
    if match:
        keys = ", ".join(e.key for e in match)
        return f"{len(match)} events of article {aid} match ({keys}); give `key` as well"
    return f"article {aid} has no event with {what}"


def _label_matches(labels: Iterable[str], want: str) -> bool:
    return normalise(want) in {normalise(label) for label in labels}


def _local_matches(entity: EntityRecord, target: Target) -> bool:
    if target.type and entity.type != target.type:
        return False
    if target.key:
        return entity.key == target.key
    return bool(target.label) and _label_matches((entity.label, *entity.aliases), str(target.label))


def entity_id(
    target: Target,
    records: Mapping[str, ArticleRecords],
    entities: Mapping[str, ResolvedEntity],
    index: Mapping[MemberRef, str],
) -> str:
    """The resolved entity a target names; raises ``LookupError`` saying why there is none."""
    if target.article:
        rec = records.get(target.article)
        if rec is None:
            raise LookupError(f"article {target.article} is not in the store")
        local = [e for e in rec.entities if _local_matches(e, target)]
        if len(local) == 1:
            return index[MemberRef(target.article, local[0].key)]
    if target.label:
        found = _by_label(target, entities)
        if found:
            return found
    if target.iri and resolved_id(target.iri) in entities:
        return resolved_id(target.iri)
    raise LookupError(f"no entity {_describe(target)}")


def _by_label(target: Target, entities: Mapping[str, ResolvedEntity]) -> str | None:
    want = str(target.label)
    typed = [e for e in entities.values() if not target.type or e.type == target.type]
    named = [e for e in typed if _label_matches((e.label, *e.aliases), want)]
    exact = [e for e in named if normalise(e.label) == normalise(want)]
    pick = exact if len(exact) == 1 else named
    if len(pick) > 1:
        ids = ", ".join(sorted(e.id for e in pick)[:3])
        raise LookupError(f"{len(pick)} entities are called {want!r} ({ids}); give `type` or `iri`")
    return pick[0].id if pick else None


def _describe(target: Target) -> str:
    parts = [f"{k}={getattr(target, k)}" for k in ("article", "key", "label", "type", "iri")
             if getattr(target, k)]  # fmt: skip
    return " ".join(parts)


def members_named(
    target: Target, entity: ResolvedEntity, records: Mapping[str, ArticleRecords]
) -> set[MemberRef]:
    """The members of ``entity`` a target names: its article-local entity, or every member
    known under the target's label."""
    out: set[MemberRef] = set()
    for ref in entity.members:
        rec = records.get(ref.article_id)
        if rec is None or (target.article and ref.article_id != target.article):
            continue
        local = next((e for e in rec.entities if e.key == ref.key), None)
        if local is not None and _local_matches(local, target):
            out.add(ref)
    return out
