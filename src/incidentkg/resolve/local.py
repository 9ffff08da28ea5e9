"""Local resolution (issue 17): an update re-resolves only what the changed articles reach.

A full resolution is kept as a :class:`ResolveState` (saved beside the store); an update
takes it with the records after the update and the ids of the articles that were added,
changed or removed, and returns what :func:`incidentkg.resolve.resolve` would return for
those records, reusing the rest:

- **Entities** are components of a pairwise link graph (same name key, or people whose
  names and facts agree: :func:`~incidentkg.resolve.entities.cluster_mentions`), so the
  clusters that hold a changed article's mentions, or share a key or a surname block with its
  new ones, are clustered again from their mentions; every other cluster keeps its entity.
  Ids and parents are then settled over all clusters by the full build's own code
  (:func:`~incidentkg.resolve.entities.finish_entities`, cheap next to clustering), so the
  order-dependent ties (a one-word name's id, a gazetteer ancestor's members) come out
  as in a full build.
- **Events** cluster greedily in a global order, but an item only meets the clusters indexed
  under its blocking keys (:func:`~incidentkg.resolve.events._probe_keys`), so the clusters of
  one component of the blocking-key graph depend on that component alone. An item is
  *affected* when its article changed or anything clustering reads of it changed (the ids of
  its entities, its place's chain, kinds and labels); the components holding an affected
  item or an old cluster-mate of one are clustered again, in the global order; every other
  event is kept as it was.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from incidentkg.records import (
    ArticleRecords,
    EntityRecord,
    MemberRef,
    ResolvedEntity,
    ResolvedEvent,
)
from incidentkg.resolve import entities as ent_mod
from incidentkg.resolve import events as ev_mod


@dataclass(frozen=True)
class EntityCluster:
    """One cluster of mentions as an unsettled entity, with what finds it again."""

    entity: ResolvedEntity  # id not yet disambiguated, no parent (members sorted)
    local_parent: str | None  # the first member's local parent key
    keys: tuple[str, ...]  # the link keys of its mentions
    last_names: tuple[str, ...]  # the surname blocks its people fall in
    #: how many members bear each label, and each name (:func:`~.entities.name_counts`)
    labels: tuple[tuple[str, int], ...] = ()
    names: tuple[tuple[str, int], ...] = ()
    #: no person among its members: the cluster is every mention of its one link key, so
    #: an update adds and takes away members without clustering it again
    simple: bool = False
    #: a digest of its members and their articles' contents, kept for the build's unit
    #: digests (:func:`incidentkg.rdf.units.members_sum`): a cluster an update keeps has
    #: the members, and they the contents, it had (``None``: not known; resolution never
    #: reads it)
    members_sum: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class ResolveState:
    """What an update needs of the last resolution: the entity clusters, the members of
    each event and a signature of every article-local event (:func:`_signature`)."""

    clusters: tuple[EntityCluster, ...]
    events: tuple[tuple[MemberRef, ...], ...]
    signatures: dict[MemberRef, str]
    #: the events this state's resolution made, by their members, while the process that
    #: made them lives (``watch``): an update takes a kept event from here instead of
    #: resolving it again. Never saved; a state read from disk has none.
    made: dict[tuple[MemberRef, ...], ResolvedEvent] = field(
        default_factory=dict, compare=False, repr=False
    )


def _mentions(records: Iterable[ArticleRecords]) -> list[tuple[ArticleRecords, EntityRecord]]:
    return [(rec, ent) for rec in records for ent in rec.entities]


def _make_clusters(
    groups: Iterable[list[MemberRef]], by_id: dict[str, ArticleRecords]
) -> list[EntityCluster]:
    groups = list(groups)
    wanted: dict[str, set[str]] = defaultdict(set)
    for g in groups:
        for m in g:
            wanted[m.article_id].add(m.key)
    lookup = {MemberRef(a, e.key): e for a, keys in wanted.items()
              for e in by_id[a].entities if e.key in keys}  # fmt: skip
    out = []
    for members in groups:
        entity, local_parent = ent_mod.cluster_entity(members, lookup)
        keys, lasts = set(), set()
        for m in members:
            ent = lookup[m]
            key = ent_mod.link_key(by_id[m.article_id], ent)
            last = ent_mod.last_name(ent)
            if key is not None:
                keys.add(key)
            if last is not None:
                lasts.add(last)
        labels, names = ent_mod.name_counts(lookup[m] for m in members)
        simple = len(keys) == 1 and all(lookup[m].type != "Person" for m in members)
        out.append(EntityCluster(entity, local_parent, tuple(sorted(keys)), tuple(sorted(lasts)),
                                 _counts(labels), _counts(names), simple))  # fmt: skip
    return out


def _counts(counter: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted((k, n) for k, n in counter.items() if n > 0))


def entity_state(records: list[ArticleRecords]) -> list[EntityCluster]:
    """Every cluster of a full resolution."""
    by_id = {r.article.id: r for r in records}
    return _make_clusters(ent_mod._cluster(records).values(), by_id)


def update_clusters(
    old: Iterable[EntityCluster],
    by_id: dict[str, ArticleRecords],
    touched: Collection[str],
    before: Mapping[str, ArticleRecords] | None = None,
) -> list[EntityCluster]:
    """The clusters after ``touched`` articles changed: the ones they reach are clustered
    again from their mentions (a closed set: every link of a kept mention stays inside
    its old cluster), the others kept. A *simple* cluster (no person: every mention of one
    link key) that only gains mentions of its key and loses mentions of touched articles
    is updated from its counts instead, reading none of its other members (a country
    named by thousands of articles: issue 17); ``before``: the touched articles' records
    before the update (their mentions leave such clusters), if any."""
    old = list(old)
    by_key: dict[str, list[int]] = defaultdict(list)
    by_last: dict[str, list[int]] = defaultdict(list)
    hit: set[int] = set()
    for i, cl in enumerate(old):
        for key in cl.keys:
            by_key[key].append(i)
        for last in cl.last_names:
            by_last[last].append(i)
        if any(m.article_id in touched for m in cl.entity.members):
            hit.add(i)
    fresh = _mentions(by_id[a] for a in sorted(touched) if a in by_id)
    joining: dict[int, list[tuple[ArticleRecords, EntityRecord]]] = defaultdict(list)
    shared: set[int] = set()  # clusters that are not one key's (clustered again)
    for rec, ent in fresh:
        name_key, surname = ent_mod.link_key(rec, ent), ent_mod.last_name(ent)
        found = by_key.get(name_key, ()) if name_key is not None else ()
        hit.update(found)
        hit.update(by_last.get(surname, ()) if surname is not None else ())
        for i in found:
            joining[i].append((rec, ent))
        if len(found) > 1:
            shared.update(found)
    deltas: list[EntityCluster] = []
    done: set[int] = set()
    for i in sorted(hit - shared):
        updated = _delta(old[i], joining.get(i, []), by_id, touched, before)
        if updated is not None:
            deltas += updated
            done.add(i)
    hit -= done
    taken = {(rec.article.id, ent.key) for i in done for rec, ent in joining.get(i, [])}
    fresh = [(rec, ent) for rec, ent in fresh if (rec.article.id, ent.key) not in taken]
    kept = [cl for i, cl in enumerate(old) if i not in hit and i not in done] + deltas
    wanted: dict[str, set[str]] = defaultdict(set)
    for i in hit:
        for m in old[i].entity.members:
            if m.article_id not in touched:
                wanted[m.article_id].add(m.key)
    articles = set(wanted)
    again = [(rec, ent) for a, keys in wanted.items() for rec in [by_id[a]] for ent in rec.entities
             if ent.key in keys]  # fmt: skip
    mentions = again + fresh
    facts = ent_mod.person_facts(by_id[a] for a in articles | {r.article.id for r, _ in fresh})
    groups = ent_mod.cluster_mentions(mentions, facts).values()
    return kept + _make_clusters(groups, by_id)


def _delta(
    cl: EntityCluster,
    joining: list[tuple[ArticleRecords, EntityRecord]],
    by_id: dict[str, ArticleRecords],
    touched: Collection[str],
    before: Mapping[str, ArticleRecords] | None,
) -> list[EntityCluster] | None:
    """A simple cluster after its touched members left and ``joining`` mentions (of its
    key) came: ``[]`` when none is left, ``None`` when it must be clustered again (not
    simple, a person joins, or a leaving member's old record is not at hand)."""
    if not cl.simple or any(ent.type == "Person" for _rec, ent in joining):
        return None
    leaving = [m for m in cl.entity.members if m.article_id in touched]
    if leaving and (before is None or any(m.article_id not in before for m in leaving)):
        return None
    labels, names = Counter(dict(cl.labels)), Counter(dict(cl.names))
    gone_labels, gone_names = ent_mod.name_counts(
        before[m.article_id].entity(m.key) for m in leaving if before is not None
    )
    labels.subtract(gone_labels)
    names.subtract(gone_names)
    come_labels, come_names = ent_mod.name_counts(ent for _rec, ent in joining)
    labels.update(come_labels)
    names.update(come_names)
    members = [m for m in cl.entity.members if m.article_id not in touched]
    members += [MemberRef(rec.article.id, ent.key) for rec, ent in joining]
    if not members:
        return []
    first = min(members, key=ent_mod._order)
    new = {MemberRef(rec.article.id, ent.key): ent for rec, ent in joining}
    first_rec = new.get(first) or by_id[first.article_id].entity(first.key)
    entity = ent_mod.counted_entity(members, first_rec, labels, names)
    return [EntityCluster(entity, first_rec.parent, cl.keys, cl.last_names, _counts(labels),
                          _counts(names), True)]  # fmt: skip


def settle(clusters: Iterable[EntityCluster]) -> tuple[list[ResolvedEntity], dict[MemberRef, str]]:
    """Entities with settled ids and parents, over all clusters (the full build's code)."""
    return ent_mod.finish_entities((cl.entity, cl.local_parent) for cl in clusters)


# --- events --------------------------------------------------------------------------


def _located(entities: Iterable[ResolvedEntity]) -> frozenset[str]:
    """Places the confidence counts as located (in the gazetteer, or with coordinates)."""
    return frozenset(e.id for e in entities if e.gazetteer_id or e.lat is not None)


def _signature(
    item: ev_mod._Item,
    places: ev_mod._Places,
    index: dict[MemberRef, str],
    located: frozenset[str],
) -> str:
    """A digest of everything clustering, the resolved event and its confidence read of
    an item besides its own article's records: the ids of its entities, its place's chain,
    kinds, labels and whether each is located. An event whose members' signatures all
    stand is the same event as before, confidence included, and keeps its unit's digest.
    (A rule of :mod:`.events` or :mod:`.confidence` that reads more of other articles must
    add it here; the tests of ``test_resolve_local.py`` compare every update with a full
    resolution.)"""
    ev, aid = item.event, item.ref.article_id
    keys = [r.entity for r in ev.roles] + [d.entity for d in ev.denials]
    keys += [*ev.killed_persons, *ev.injured_persons]
    ids = tuple(index.get(MemberRef(aid, k)) for k in keys)
    chain = tuple((p, places.kind.get(p), places.label.get(p), p in located)
                  for p in places.chain(item.place))  # fmt: skip
    parts = (item.place, chain, ids, tuple(sorted(item.words)), item.dated_article)
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=10).hexdigest()


def event_state(
    records: list[ArticleRecords],
    entities: list[ResolvedEntity],
    index: dict[MemberRef, str],
    events: list[ResolvedEvent],
) -> ResolveState:
    """The events' part of the state of a full resolution (entity clusters left empty)."""
    places, located = ev_mod._Places(entities), _located(entities)
    items = ev_mod._items(records, index, places)
    sigs = {it.ref: _signature(it, places, index, located) for it in items}
    return ResolveState((), tuple(ev.members for ev in events), sigs)


def update_events(
    records: list[ArticleRecords],
    touched: Collection[str],
    entities: list[ResolvedEntity],
    index: dict[MemberRef, str],
    state: ResolveState,
) -> tuple[list[ResolvedEvent], dict[MemberRef, str], ResolveState, frozenset[str]]:
    """Events after an update (see the module's docstring), sorted by id, their index,
    the events' part of the new state and the ids of the events clustered again (every
    other event is the one the last resolution made)."""
    places, located = ev_mod._Places(entities), _located(entities)
    items = {it.ref: it for it in ev_mod._items(records, index, places)}
    now = {ref: _signature(it, places, index, located) for ref, it in items.items()}
    before = state.signatures
    affected = {ref for ref in items if ref.article_id in touched or now[ref] != before.get(ref)}
    seeds = set(affected)
    kept: list[tuple[MemberRef, ...]] = []
    for members in state.events:
        if any(m in affected or m.article_id in touched for m in members):
            seeds.update(m for m in members if m in items)
        else:
            kept.append(members)
    component = _closure(seeds, items, places)
    clusters = [sorted((items[m] for m in members), key=ev_mod._item_order)
                for members in kept if not component.intersection(members)]  # fmt: skip
    made = [ev_mod._resolved(c, index, places)
            for c in ev_mod._cluster([items[r] for r in component], places)]  # fmt: skip
    fresh = frozenset(ev.id for ev in made)
    # a kept event is the one the last resolution made (its members' signatures stand):
    # taken as it was when this process made it, else resolved again
    made += (state.made.get(tuple(sorted(i.ref for i in c))) or ev_mod._resolved(c, index, places)
             for c in clusters)  # fmt: skip
    events = sorted(made, key=lambda e: e.id)
    event_index = {m: ev.id for ev in events for m in ev.members}
    new_state = ResolveState((), tuple(ev.members for ev in events), now)
    new_state.made.update((ev.members, ev) for ev in events)
    return events, event_index, new_state, fresh


def _closure(
    seeds: set[MemberRef], items: dict[MemberRef, ev_mod._Item], places: ev_mod._Places
) -> set[MemberRef]:
    """The items of every component of the blocking-key graph that holds a seed (an item
    probes its keys and the days beside its date; the relation is symmetric)."""
    by_key: dict[tuple[str, str], list[MemberRef]] = defaultdict(list)
    for ref, it in items.items():
        for k in ev_mod._keys(it, places):
            by_key[k].append(ref)
    seen = set(seeds)
    todo = list(seeds)
    while todo:
        it = items[todo.pop()]
        for k in ev_mod._probe_keys(it, places):
            for ref in by_key.get(k, ()):
                if ref not in seen:
                    seen.add(ref)
                    todo.append(ref)
    return seen
