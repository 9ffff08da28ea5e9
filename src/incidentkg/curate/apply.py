"""Replay the corrections on one build's resolution: plain records in, plain records out.

Order: entity corrections first (same, different, rename: they change the events' roles
and places), then the shape of events (reject, merge, split), then field values; within a
step, file order. Merge, split and entity corrections regroup article-local records and
let resolution make the events again (:func:`incidentkg.resolve.events.events_of_groups`),
so a corrected event reads as if the machine had grouped it so. Figures are the exception:
per-source figures stay as reported, and the corrected lowest/highest value is carried by
the outcome for the RDF stage to write as the event's summary.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from incidentkg.curate.targets import entity_id, event_member, members_named
from incidentkg.curate.values import NO_PERPETRATOR, figure_fields, parse_date, parse_figure
from incidentkg.kb.ids import slug_id
from incidentkg.kb.vocabulary import vocabulary
from incidentkg.records import (
    ArticleRecords,
    Correction,
    CorrectionOutcome,
    DateValue,
    MemberRef,
    Resolution,
    ResolvedEntity,
    ResolvedEvent,
    ResolvedRole,
    Target,
    summarise,
)
from incidentkg.resolve.confidence import with_confidence
from incidentkg.resolve.events import events_of_groups
from incidentkg.resolve.relations import resolve_affiliations, resolve_posts

STEP = {"same_entity": 0, "different_entities": 0, "rename_entity": 0,
        "reject_event": 1, "merge_events": 1, "split_mention": 1, "set_field": 2}  # fmt: skip


@dataclass(frozen=True)
class CurationReport:
    """Every correction's outcome, in file order."""

    outcomes: tuple[CorrectionOutcome, ...] = ()

    @property
    def applied(self) -> tuple[CorrectionOutcome, ...]:
        return tuple(o for o in self.outcomes if o.applied)

    @property
    def unresolved(self) -> tuple[CorrectionOutcome, ...]:
        """Corrections whose target is gone or ambiguous: the build says so (W010)."""
        return tuple(o for o in self.outcomes if not o.applied)

    def corrected_fields(self, event_id: str) -> list[str]:
        """The fields of an event that corrections set (the events table's ``corrected``)."""
        return sorted({field_name(o) for o in self.applied if event_id in o.corrects})


def field_name(outcome: CorrectionOutcome) -> str:
    """What a correction changed, as the events table's ``corrected`` column names it."""
    c = outcome.correction
    if c.kind == "set_field":
        return str(c.field)
    names = {"merge_events": "members", "split_mention": "members", "rename_entity": "label"}
    return names.get(c.kind, c.kind)


class _NotFound(Exception):
    """A target that is gone or ambiguous: the correction is reported, not applied."""


@dataclass
class _State:
    records: dict[str, ArticleRecords]
    entities: dict[str, ResolvedEntity]
    entity_index: dict[MemberRef, str]
    events: dict[str, ResolvedEvent]
    event_index: dict[MemberRef, str]
    entities_changed: bool = False
    rejected: set[MemberRef] = field(default_factory=set)

    # --- lookups ---------------------------------------------------------------------

    def member(self, correction: Correction, n: int = 0) -> MemberRef:
        found = event_member(correction.targets[n], self.records, self.events)
        if isinstance(found, str):
            raise _NotFound(found)
        if found in self.rejected or found not in self.event_index:
            raise _NotFound(f"the event of {found.article_id} {found.key} was rejected")
        return found

    def event_of(self, correction: Correction, n: int = 0) -> ResolvedEvent:
        return self.events[self.event_index[self.member(correction, n)]]

    def entity(self, correction: Correction, n: int = 0) -> ResolvedEntity:
        target = correction.targets[n]
        try:
            return self.entities[entity_id(target, self.records, self.entities, self.entity_index)]
        except LookupError as exc:
            raise _NotFound(str(exc)) from None

    # --- regrouping ------------------------------------------------------------------

    def regroup(self, old: Sequence[ResolvedEvent], groups: list[list[MemberRef]]) -> list[str]:
        """Replace events ``old`` by events made from ``groups``; returns the new ids."""
        articles = {m.article_id for g in groups for m in g}
        records = [self.records[a] for a in sorted(articles)]
        made = events_of_groups(records, list(self.entities.values()), self.entity_index, groups)
        for ev in old:
            del self.events[ev.id]
        for ev in made:
            self.events[ev.id] = ev
            self.event_index.update({m: ev.id for m in ev.members})
        return [ev.id for ev in made]

    def remake_events_of(self, entity_ids: set[str]) -> None:
        """Events naming these entities again, from their records and the new index."""
        touched = [ev for ev in self.events.values() if _names_any(ev, entity_ids)]
        if touched:
            self.regroup(touched, [list(ev.members) for ev in touched])


def _names_any(event: ResolvedEvent, ids: set[str]) -> bool:
    named = {event.place, *(r.entity for r in event.roles), *event.killed_persons,
             *event.injured_persons, *(a.entity for a in event.attributions)}  # fmt: skip
    return bool(named & ids)


def apply_corrections(
    resolution: Resolution, corrections: Sequence[Correction], records: Sequence[ArticleRecords]
) -> tuple[Resolution, CurationReport]:
    """``resolution`` with ``corrections`` applied, and what each one did.

    ``records`` are the build's article records (text not needed): targets are found by
    article id and local key, and regrouped events are made from them.
    """
    if not corrections:
        return resolution, CurationReport()
    state = _State(
        {r.article.id: r for r in records}, {e.id: e for e in resolution.entities},
        dict(resolution.entity_index), {e.id: e for e in resolution.events},
        dict(resolution.event_index),
    )  # fmt: skip
    order = sorted(range(len(corrections)), key=lambda i: STEP[corrections[i].kind])
    outcomes: dict[int, CorrectionOutcome] = {}
    for i in order:
        c = corrections[i]
        try:
            outcomes[i] = _APPLY[c.kind](state, c)
        except _NotFound as exc:
            outcomes[i] = CorrectionOutcome(c, applied=False, note=str(exc))
    report = CurationReport(tuple(outcomes[i] for i in range(len(corrections))))
    return _resolution(resolution, state), report


def _resolution(before: Resolution, state: _State) -> Resolution:
    recs = sorted(state.records.values(), key=lambda r: r.article.id)
    changed = state.entities_changed
    entities = tuple(sorted(state.entities.values(), key=lambda e: e.id))
    events = sorted(state.events.values(), key=lambda e: e.id)
    return Resolution(
        entities=entities,
        events=with_confidence(events, recs, entities),  # scored as corrected
        posts=tuple(resolve_posts(recs, state.entity_index)) if changed else before.posts,
        affiliations=(tuple(resolve_affiliations(recs, state.entity_index)) if changed
                      else before.affiliations),
        entity_index=state.entity_index,
        event_index={m: e for m, e in state.event_index.items() if m not in state.rejected},
    )  # fmt: skip


# --- events --------------------------------------------------------------------------


def _reject(state: _State, c: Correction) -> CorrectionOutcome:
    event = state.event_of(c)
    del state.events[event.id]
    state.rejected.update(event.members)
    return CorrectionOutcome(c, True, replaces=(event.id,), members=event.members)


def _merge(state: _State, c: Correction) -> CorrectionOutcome:
    a, b = state.event_of(c, 0), state.event_of(c, 1)
    refs = (state.member(c, 0), state.member(c, 1))
    if a.id == b.id:
        return CorrectionOutcome(c, True, "already one event", (a.id,), members=refs)
    (new,) = state.regroup([a, b], [sorted({*a.members, *b.members})])
    gone = tuple(i for i in (a.id, b.id) if i != new)
    return CorrectionOutcome(c, True, corrects=(new,), replaces=gone, members=refs)


def _split(state: _State, c: Correction) -> CorrectionOutcome:
    ref = state.member(c)
    event = state.events[state.event_index[ref]]
    if len(event.members) == 1:
        alone = "already an event of its own"
        return CorrectionOutcome(c, True, alone, (event.id,), members=(ref,))
    rest = [m for m in event.members if m != ref]
    made = state.regroup([event], [rest, [ref]])
    gone = () if event.id in made else (event.id,)
    return CorrectionOutcome(c, True, corrects=tuple(made), replaces=gone, members=(ref,))


def _set_field(state: _State, c: Correction) -> CorrectionOutcome:
    ref = state.member(c)
    event = state.events[state.event_index[ref]]
    name, value = str(c.field), str(c.value)
    if name in figure_fields():
        machine = _figure_text(event, name)
        new_value: tuple[str, ...] = (_range_text(*parse_figure(value)),)
        updated = event
    else:
        machine, new_value, updated = _SETTERS[name](state, c, event, value)
    state.events[event.id] = updated
    return CorrectionOutcome(c, True, corrects=(event.id,), members=(ref,),
                             machine_value=machine, corrected_value=new_value)  # fmt: skip


Setter = Callable[
    [_State, Correction, ResolvedEvent, str], tuple[tuple[str, ...], tuple[str, ...], ResolvedEvent]
]


def _figure_text(event: ResolvedEvent, kind: str) -> tuple[str, ...]:
    found = summarise(event.figures, figure_fields()[kind])
    return () if found is None else (_range_text(*found),)


def _range_text(low: int, high: int) -> str:
    """``4`` or ``4-5``: the form the file takes (values.parse_figure)."""
    return str(low) if low == high else f"{low}-{high}"


def _date_text(date: DateValue | None) -> tuple[str, ...]:
    if date is not None and date.year is None and date.month and date.day:
        return (f"--{date.month:02d}-{date.day:02d}",)  # xsd:gMonthDay, as the graph has it
    if date is None or date.year is None or date.start is None:
        return ()
    if date.precision == "year":
        return (str(date.year),)
    if date.precision == "month":
        return (f"{date.year:04d}-{date.month or 1:02d}",)
    return (date.start.isoformat(),)


def _set_date(
    state: _State, c: Correction, event: ResolvedEvent, value: str
) -> tuple[tuple[str, ...], tuple[str, ...], ResolvedEvent]:
    date = parse_date(value)
    return _date_text(event.date), _date_text(date), dataclasses.replace(event, date=date)


def _set_place(
    state: _State, c: Correction, event: ResolvedEvent, value: str
) -> tuple[tuple[str, ...], tuple[str, ...], ResolvedEvent]:
    place = _named_entity(state, value, "Place")
    machine = (event.place,) if event.place else ()
    return machine, (place,), dataclasses.replace(event, place=place, city_as_written=None)


def _named_entity(state: _State, value: str, etype: str | None) -> str:
    """The entity a set_field value names: an id (with a ``/``) or a label."""
    target = Target(iri=value) if "/" in value else Target(label=value, type=etype)
    try:
        return entity_id(target, state.records, state.entities, state.entity_index)
    except LookupError as exc:
        raise _NotFound(str(exc)) from None


def _set_category(
    state: _State, c: Correction, event: ResolvedEvent, value: str
) -> tuple[tuple[str, ...], tuple[str, ...], ResolvedEvent]:
    v = vocabulary()
    etype = event.event_type
    types = {t.term: t.category for t in v.event_types}
    if types.get(etype, value) != value or etype in {x.term for x in v.categories}:
        etype = v.category(value).term  # the category's generic type
    updated = dataclasses.replace(event, category=value, event_type=etype)  # type: ignore[arg-type]
    return (event.category,), (value,), updated


def _set_type(
    state: _State, c: Correction, event: ResolvedEvent, value: str
) -> tuple[tuple[str, ...], tuple[str, ...], ResolvedEvent]:
    category = vocabulary().category_of(value).name
    updated = dataclasses.replace(event, event_type=value, category=category)  # type: ignore[arg-type]
    return (event.event_type,), (value,), updated


def _set_perpetrator(
    state: _State, c: Correction, event: ResolvedEvent, value: str
) -> tuple[tuple[str, ...], tuple[str, ...], ResolvedEvent]:
    machine = tuple(r.entity for r in event.roles if r.role == "perpetrator")
    others = tuple(r for r in event.roles if r.role != "perpetrator")
    if value.strip().lower() == NO_PERPETRATOR:
        return machine, (), dataclasses.replace(event, roles=others)
    perp = _named_entity(state, value, None)
    role = ResolvedRole("perpetrator", perp, (), event.perpetrator_status)
    return machine, (perp,), dataclasses.replace(event, roles=(*others, role))


def _set_status(
    state: _State, c: Correction, event: ResolvedEvent, value: str
) -> tuple[tuple[str, ...], tuple[str, ...], ResolvedEvent]:
    machine = (event.perpetrator_status,) if event.perpetrator_status else ()
    updated = dataclasses.replace(event, perpetrator_status=value)  # type: ignore[arg-type]
    return machine, (value,), updated


_SETTERS: dict[str, Setter] = {
    "date": _set_date,
    "place": _set_place,
    "category": _set_category,
    "event_type": _set_type,
    "perpetrator": _set_perpetrator,
    "perpetrator_status": _set_status,
}


# --- entities ------------------------------------------------------------------------


def _same(state: _State, c: Correction) -> CorrectionOutcome:
    keep, other = state.entity(c, 0), state.entity(c, 1)
    if keep.id == other.id:
        return CorrectionOutcome(c, True, "already one entity", (keep.id,))
    if keep.type != other.type:
        raise _NotFound(f"{keep.id} is a {keep.type} and {other.id} a {other.type}")
    names = [keep.label, *keep.aliases, other.label, *other.aliases]
    merged = dataclasses.replace(
        keep,
        aliases=tuple(n for n in dict.fromkeys(names) if n != keep.label),
        members=tuple(sorted({*keep.members, *other.members})),
        **{k: getattr(keep, k) or getattr(other, k) for k in _INHERITED},
    )
    state.entities[keep.id] = merged
    del state.entities[other.id]
    _repoint(state, {other.id: keep.id})
    return CorrectionOutcome(c, True, corrects=(keep.id,), replaces=(other.id,))


_INHERITED = ("gazetteer_id", "kind", "parent", "description", "lat", "lon", "country_code")


def _repoint(state: _State, moved: dict[str, str]) -> None:
    """Entity ids in ``moved`` now live under new ids: the index, parents and events follow."""
    state.entity_index.update({m: moved.get(e, e) for m, e in state.entity_index.items()})
    for ent in list(state.entities.values()):
        if ent.parent in moved:
            state.entities[ent.id] = dataclasses.replace(ent, parent=moved[ent.parent])
    state.entities_changed = True
    state.remake_events_of(set(moved) | set(moved.values()))


def _different(state: _State, c: Correction) -> CorrectionOutcome:
    first, second = state.entity(c, 0), state.entity(c, 1)
    if first.id != second.id:
        return CorrectionOutcome(c, True, "already different", (first.id, second.id))
    side_a = members_named(c.targets[0], first, state.records)
    side_b = members_named(c.targets[1], first, state.records)
    if not side_b or side_a & side_b or side_b >= set(first.members):
        raise _NotFound(f"cannot tell the two apart within {first.id}: name each by "
                        "`article` and `key` (or a label only one of them has)")  # fmt: skip
    new = _split_entity(state, first, sorted(side_b))
    state.entities[new.id] = new
    rest = tuple(m for m in first.members if m not in side_b)
    kept = {a for m in rest for a in _names(state, m)}
    gone = {a for m in side_b for a in _names(state, m)} - kept
    aliases = tuple(a for a in first.aliases if a not in gone)
    state.entities[first.id] = dataclasses.replace(first, members=rest, aliases=aliases)
    state.entity_index.update({m: new.id for m in side_b})
    state.entities_changed = True
    state.remake_events_of({first.id, new.id})
    return CorrectionOutcome(c, True, corrects=(first.id, new.id), members=tuple(sorted(side_b)))


def _names(state: _State, ref: MemberRef) -> tuple[str, ...]:
    local = state.records[ref.article_id].entity(ref.key)
    return (local.label, *local.aliases)


def _split_entity(state: _State, entity: ResolvedEntity, refs: list[MemberRef]) -> ResolvedEntity:
    """A new entity for ``refs``, named as their own records name it."""
    local = [state.records[m.article_id].entity(m.key) for m in refs]
    label = Counter(e.label for e in local).most_common(1)[0][0]
    aliases = tuple(dict.fromkeys(a for e in local for a in (e.label, *e.aliases) if a != label))
    gaz = {e.gazetteer_id for e in local}
    prefix = entity.id.split("/", 1)[0]
    return ResolvedEntity(
        id=slug_id(prefix, label, entity.type, "curated", refs[0].article_id, refs[0].key),
        type=entity.type, label=label, aliases=aliases, members=tuple(refs),
        gazetteer_id=gaz.pop() if len(gaz) == 1 else None, kind=local[0].kind,
    )  # fmt: skip


def _rename(state: _State, c: Correction) -> CorrectionOutcome:
    entity = state.entity(c)
    label = str(c.value)
    aliases = tuple(a for a in dict.fromkeys((entity.label, *entity.aliases)) if a != label)
    state.entities[entity.id] = dataclasses.replace(entity, label=label, aliases=aliases)
    return CorrectionOutcome(c, True, corrects=(entity.id,),
                             machine_value=(entity.label,), corrected_value=(label,))  # fmt: skip


_APPLY: dict[str, Callable[[_State, Correction], CorrectionOutcome]] = {
    "reject_event": _reject,
    "merge_events": _merge,
    "split_mention": _split,
    "set_field": _set_field,
    "same_entity": _same,
    "different_entities": _different,
    "rename_entity": _rename,
}
