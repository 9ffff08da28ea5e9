"""Local resolution (issue 17): an update resolved from the last state equals a full one.

Random walks over the seed articles' records (add, change, remove), the order-dependent
ties a new article with a smaller id can flip, and the state's file round trip.
"""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import pytest

from incidentkg.build.incremental import read_saved
from incidentkg.build.state import decode_state, encode_state
from incidentkg.records import Article, ArticleRecords, EntityRecord, Resolution
from incidentkg.resolve import resolve, resolve_update, resolve_with_state
from incidentkg.resolve.local import ResolveState


def _same(a: Resolution, b: Resolution) -> None:
    assert a.entities == b.entities
    assert a.events == b.events
    assert a.posts == b.posts
    assert a.affiliations == b.affiliations
    assert a.entity_index == b.entity_index
    assert a.event_index == b.event_index


def _step(
    records: list[ArticleRecords],
    state: ResolveState,
    touched: set[str],
    before: Resolution,
    old: dict[str, ArticleRecords] | None = None,
    in_memory: bool = False,
) -> tuple[ResolveState, Resolution]:
    """Update locally, compare with a full resolution (result and state), round-trip the
    state through its file format. Every event not clustered again must be one of the
    events before, confidence included: the build keeps the digests of their units.
    ``old``: the touched articles' records before (simple clusters then lose their
    mentions by count, not by clustering again). ``in_memory``: go on from the state as the
    update left it (with the events it made, as ``watch`` does), not from its file."""
    local, new_state, fresh = resolve_update(records, state, touched, old)
    full, full_state = resolve_with_state(records)
    _same(local, full)
    _same(full, resolve(records))
    assert {e for e in local.events if e.id not in fresh} <= set(before.events)
    assert set(new_state.clusters) == set(full_state.clusters)  # in any order
    assert (new_state.events, new_state.signatures) == (full_state.events, full_state.signatures)
    again = decode_state(encode_state(new_state, "fp"), "fp")
    assert again == new_state
    assert not again.made  # the events made are kept in memory only, never saved
    return (new_state if in_memory else again), local


def _renamed(rec: ArticleRecords, article_id: str) -> ArticleRecords:
    """Another article's records under this id: a changed article (other entities, events)."""
    return dataclasses.replace(rec, article=dataclasses.replace(rec.article, id=article_id))


@pytest.mark.parametrize(
    ("seed", "in_memory"),
    [(1, False), (7, False), (2026, False), (5, False), (3, True), (11, True)],
)
def test_resolve_local_random_updates_equal_full(
    seed_store: Path, seed: int, in_memory: bool
) -> None:
    """Adds (copies of seed articles under new ids, which re-report the same events and
    entities), changes and removals, one or a few at a time; two steps in three know the
    touched articles' records before (as a build does), the third clusters again. In
    memory (as ``watch`` goes on), kept events are taken from the last update's, and the
    result is still a full resolution's."""
    pool = sorted((s.records for s in read_saved(seed_store).articles.values()),
                  key=lambda r: r.article.id)  # fmt: skip
    rng = random.Random(seed)
    current = {r.article.id: r for r in rng.sample(pool, 3)}
    resolution, state = resolve_with_state(list(current.values()))
    reused = False
    for step in range(10):
        move = rng.choice(["add", "add", "change", "remove"] if len(current) > 1 else ["add"])
        touched: set[str] = set()
        old = dict(current)
        for _ in range(rng.choice([1, 1, 2])):
            if move == "add":
                src = rng.choice(pool)
                new_id = f"{rng.choice(['0', 'z'])}{step}{src.article.id}"  # before or after
                current[new_id] = _renamed(src, new_id)
                touched.add(new_id)
            elif move == "change" and current:
                art_id = rng.choice(sorted(current))
                current[art_id] = _renamed(rng.choice(pool), art_id)
                touched.add(art_id)
            elif len(current) > 1:
                art_id = rng.choice(sorted(current))
                del current[art_id]
                touched.add(art_id)
        records = sorted(current.values(), key=lambda r: r.article.id)
        known = {a: old[a] for a in touched if a in old} if step % 3 else None
        made = dict(state.made)
        state, resolution = _step(records, state, touched, resolution, known, in_memory)
        if in_memory and step:
            assert state.made  # the update kept what it made for the next one
            reused |= any(made.get(e.members) is e for e in state.made.values())
    assert reused or not in_memory  # some kept event was taken, not resolved again


def _rec(article_id: str, *entities: EntityRecord) -> ArticleRecords:
    return ArticleRecords(Article(article_id, "text", f"{article_id}.txt"), entities, ())


def _place(key: str, label: str, gaz: str | None = None, parent: str | None = None) -> EntityRecord:
    return EntityRecord(key, "Place", label, (), gazetteer_id=gaz, kind="city", parent=parent)


def test_resolve_local_ties_follow_the_first_article() -> None:
    """A one-word name's plain id and a gazetteer ancestor nobody names go to the cluster
    whose first member comes first: an article with a smaller id takes them over, and
    giving them back on its removal, as a full build would."""
    person = EntityRecord("e1", "Person", "Ahmed", ())
    b = _rec("b", person, _place("e2", "Peshawar", "pk-peshawar"))
    c = _rec("c", person, _place("e2", "Zal", parent="gaz:pk-quetta-district"))
    a = _rec("a", person, _place("e2", "Quetta", "pk-quetta"))
    full, state = resolve_with_state([b, c])
    state, full = _step([a, b, c], state, {"a"}, full)
    plain = resolve([b]).entities[0].id  # the id the name alone mints
    ahmed = {e.members[0].article_id: e.id for e in resolve([a, b, c]).entities
             if e.label == "Ahmed"}  # fmt: skip
    assert ahmed["a"] == plain and ahmed["b"] != plain  # a took the plain id over from b
    pakistan = [e for e in resolve([a, b, c]).entities if e.gazetteer_id == "country-pk"]
    assert [m.article_id for m in pakistan[0].members] == ["a"]  # a's Quetta reaches it first
    _step([b, c], state, {"a"}, full)


def test_resolve_local_state_file_of_other_code_is_not_used() -> None:
    """A state written by another build fingerprint (other resolve code) is not read, nor
    is a damaged file: the build resolves everything instead."""
    _full, state = resolve_with_state([_rec("a", EntityRecord("e1", "Person", "Ali Khan", ()))])
    data = encode_state(state, "old")
    assert decode_state(data, "old") == state
    assert decode_state(data, "new") is None
    assert decode_state(data[:-9], "old") is None
