"""The resolved graph cut into units, so an update rewrites only the units that changed.

Every subject of the resolved graph belongs to one unit:

- an **entity** unit: the entity's node, plus (for a person) the ``org:Membership`` nodes of
  its posts and affiliations and the shortcuts on the person (``ikg:title``, ``org:memberOf``);
- an **event** unit: the event's node and its figure and attribution nodes;
- a **role** unit: an ``org:Role`` node, shared by every post with that title.

A unit's *digest* covers everything its triples are made from (the resolved records, the
place label an event's label uses, the content of the articles whose mentions give its
evidence), so a unit whose digest did not change has the same triples as before. An update
then compares the digests with those saved with the store, takes the changed units' old
triples from the store (by subject: :func:`unit_subjects` says how to find them) and writes
their new ones (:func:`unit_nquads`): the resolved graph is patched without being built or
dumped whole. ``tests/test_incremental.py`` checks the patched graph against full builds.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import fields, replace

from rdflib import URIRef
from rdflib.namespace import DCTERMS, ORG, PROV

from incidentkg.rdf import mint
from incidentkg.rdf.build import (
    AFFILIATE_ROLE,
    Triple,
    TripleSink,
    _add_affiliation,
    _add_post,
    _add_resolved_entity,
    _add_resolved_event,
    _Context,
)
from incidentkg.rdf.convert import nquad_lines
from incidentkg.rdf.curation import set_figures
from incidentkg.rdf.namespace import IKG
from incidentkg.records import (
    ArticleRecords,
    CorrectionOutcome,
    MemberRef,
    Resolution,
    ResolvedEntity,
)

#: how to find a unit's other subjects in the stored graph from its key:
#: (predicate, True when the key is the subject of the link, False when it is the object)
UNIT_LINKS: dict[str, tuple[tuple[str, bool], ...]] = {
    "entity": ((str(ORG.member), False),),
    "event": ((str(IKG.figure), True), (str(IKG.attribution), True)),
    "role": (),
}


def unit_kind(key: str) -> str:
    """``entity``, ``event`` or ``role``, from a unit key (the IRI of its main node)."""
    if key.startswith(mint.resolved_key("role/")):
        return "role"
    return "event" if key.startswith(mint.resolved_key("event/")) else "entity"


def unit_digests(
    records: Sequence[ArticleRecords],
    resolution: Resolution,
    outcomes: Sequence[CorrectionOutcome] = (),
    before: Mapping[str, str] | None = None,
    fresh: Collection[str] = (),
    sums: Mapping[MemberRef, tuple[tuple[MemberRef, ...], int]] | None = None,
) -> dict[str, str]:
    """Unit key → digest of what the unit's triples are made from (corrected figures, which
    are not in the resolution, included).

    ``before``: the digests saved with the store, when ``resolution`` is a local update
    of the one they were made from (and no correction applies): an event not ``fresh``
    (not clustered again: :func:`incidentkg.resolve.resolve_update`) is the event it was,
    and keeps its saved digest instead of being hashed whole again.

    ``sums``: members' sums already known (an entity's first member → its members and
    their :func:`members_sum` over these records), used for an entity of those members.
    """
    hashes = {r.article.id: r.article.content_hash for r in records}
    labels = {e.id: e.label for e in resolution.entities}
    parts: dict[str, list[str]] = defaultdict(list)
    kept: dict[str, str] = {}
    totals: dict[str, int] = {}
    for ent in resolution.entities:
        key = mint.resolved_key(ent.id)
        parts[key].append(_entity_text(ent))
        known = sums.get(ent.members[0]) if sums and ent.members else None
        if known is not None and known[0] == ent.members:
            totals[key] = known[1]
        else:
            totals[key] = members_sum(ent.members, hashes)
    for ev in resolution.events:
        key = mint.resolved_key(ev.id)
        if before is not None and ev.id not in fresh and key in before and not outcomes:
            kept[key] = before[key]
            continue
        parts[key] += [repr(ev), labels.get(ev.place or "", "")]
    for outcome in outcomes:  # set_figures rewrites these events' summaries
        for event_id in outcome.corrects:
            key = mint.resolved_key(event_id)
            if key in parts:
                parts[key].append(repr(outcome))
    for post in resolution.posts:
        parts[mint.resolved_key(post.person)].append(repr(post))
        parts[str(mint.role_iri(post.title))].append(post.title)
    for aff in resolution.affiliations:
        parts[mint.resolved_key(aff.person)].append(repr(aff))
        parts[str(mint.role_iri(AFFILIATE_ROLE))].append(AFFILIATE_ROLE)
    digests = {key: _digest(items) for key, items in parts.items()}
    for key, total in totals.items():
        digests[key] += f".{total:016x}"
    return {**kept, **digests}


_ENTITY_FIELDS = tuple(f.name for f in fields(ResolvedEntity) if f.name != "members")
_MASK = (1 << 64) - 1


def _entity_text(ent: ResolvedEntity) -> str:
    """Every field of ``ent`` but its members (:func:`members_sum` covers them) as text."""
    return repr([getattr(ent, name) for name in _ENTITY_FIELDS])


def members_sum(members: Iterable[MemberRef], hashes: Mapping[str, str]) -> int:
    """A digest of an entity's members and their articles' contents that members can be
    taken from and added to (a sum of each member's hash, modulo 2**64): an entity unit's
    digest is ``HEAD.SUM``, so an update can tell that only the members of the articles it
    touched changed, and rewrite only their triples (:func:`member_triples`)."""
    total = 0
    for m in members:
        text = f"{m.article_id}\x1f{m.key}\x1f{hashes.get(m.article_id, '')}".encode()
        total += int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "big")
    return total & _MASK


def split_digest(value: str) -> tuple[str, int] | None:
    """An entity unit's digest as (head, members' sum); ``None`` for other units."""
    head, dot, total = value.partition(".")
    return (head, int(total, 16)) if dot else None


def member_triples(
    entity: ResolvedEntity, members: Sequence[MemberRef], records: Mapping[str, ArticleRecords]
) -> set[Triple]:
    """The triples ``members`` give ``entity``'s unit (derivation, sources and evidence:
    each names its member's article), from the members' records, as a full build writes
    them (:func:`incidentkg.rdf.build._add_resolved_entity` on these members alone)."""
    ctx = _Context(spans=False)
    for m in members:
        ctx.local_entities[m] = records[m.article_id].entity(m.key)
    sink = TripleSink()
    _add_resolved_entity(ctx, sink, replace(entity, members=tuple(members)))
    return {t for t in sink.triples if t[1] in _MEMBER_PREDICATES}


_MEMBER_PREDICATES = frozenset({PROV.wasDerivedFrom, DCTERMS.source, IKG.evidence})


def triples_nquads(triples: Iterable[Triple]) -> bytes:
    """Triples of the resolved graph as N-Quads."""
    return "".join(nquad_lines(mint.RESOLVED_GRAPH, triples)).encode("utf-8")


def _digest(items: Iterable[str]) -> str:
    h = hashlib.blake2b(digest_size=12)
    for item in sorted(set(items)):
        h.update(item.encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()


def unit_nquads(
    records: Sequence[ArticleRecords],
    resolution: Resolution,
    units: set[str],
    outcomes: Sequence[CorrectionOutcome] = (),
) -> bytes:
    """The resolved graph's triples of ``units`` (keys) as N-Quads, and no others, with the
    corrected figures of :func:`incidentkg.rdf.curation.set_figures`."""
    wanted = {k for k in units if unit_kind(k) != "role"}
    roles = {k for k in units if unit_kind(k) == "role"}
    ctx = _Context(spans=False)  # what the builders read, for these units' entities only
    ctx.resolved_entities = {e.id: e for e in resolution.entities}
    members = {m for e in resolution.entities if mint.resolved_key(e.id) in wanted
               for m in e.members}  # fmt: skip
    articles = {m.article_id for m in members}
    for rec in records:
        if rec.article.id in articles:
            for local in rec.entities:
                ref = MemberRef(rec.article.id, local.key)
                if ref in members:
                    ctx.local_entities[ref] = local
    sink = TripleSink()
    for ent in resolution.entities:
        if mint.resolved_key(ent.id) in wanted:
            _add_resolved_entity(ctx, sink, ent)
    for ev in resolution.events:
        if mint.resolved_key(ev.id) in wanted:
            _add_resolved_event(ctx, sink, ev)
    for post in resolution.posts:
        if mint.resolved_key(post.person) in wanted or str(mint.role_iri(post.title)) in roles:
            _add_post(ctx, sink, post)
    for aff in resolution.affiliations:
        role = str(mint.role_iri(AFFILIATE_ROLE))
        if mint.resolved_key(aff.person) in wanted or role in roles:
            _add_affiliation(ctx, sink, aff)
    set_figures(sink, outcomes)  # may add summaries of other events: the filter drops them
    owners = _owners(resolution)
    kept = [t for t in sink.triples if owners.get(t[0], str(t[0])) in units]
    return "".join(nquad_lines(mint.RESOLVED_GRAPH, kept)).encode("utf-8")


def _owners(resolution: Resolution) -> dict[object, str]:
    """Subjects that are not their unit's key: membership nodes belong to their person
    (figure and attribution nodes are found by their IRI)."""
    owners: dict[object, str] = {}
    for post in resolution.posts:
        node = mint.membership_iri(post.person, post.organization or "", post.title)
        owners[node] = mint.resolved_key(post.person)
    for aff in resolution.affiliations:
        node = mint.membership_iri(aff.person, aff.organization, AFFILIATE_ROLE)
        owners[node] = mint.resolved_key(aff.person)
    for ev in resolution.events:
        event = mint.resolved_iri(ev.id)
        for n in range(1, len(ev.figures) + 1):
            owners[mint.figure_iri(event, n)] = str(event)
        for n in range(1, len(ev.attributions) + 1):
            owners[mint.attribution_iri(event, n)] = str(event)
    return owners


def unit_subjects(key: str) -> tuple[URIRef, tuple[tuple[str, bool], ...]]:
    """The unit's main node and the links that lead to its other subjects."""
    return URIRef(key), UNIT_LINKS[unit_kind(key)]
