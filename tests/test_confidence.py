"""The event confidence (issue 18): its documented monotonic properties, on plain records, and
that it reaches the graph and the events table."""

from __future__ import annotations

import dataclasses
import datetime as dt
import doctest
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import XSD, Dataset, Literal

from incidentkg.build.incremental import read_saved
from incidentkg.curate import apply_corrections
from incidentkg.kb.dates import INFERRED
from incidentkg.query.export import EVENT_COLUMNS, events_table
from incidentkg.rdf.namespace import GRAPH, IKG
from incidentkg.records import (
    Article,
    Correction,
    DateValue,
    EventRole,
    Evidence,
    Figure,
    MemberRef,
    PerpStatus,
    ResolvedEntity,
    ResolvedEvent,
    ResolvedRole,
    Target,
)
from incidentkg.resolve import confidence, resolve
from incidentkg.resolve.confidence import (
    WEIGHTS,
    Report,
    event_confidence,
    outlet,
)
from incidentkg.store.local import open_store

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
KPO = "2023-02-17"  # the Karachi Police Office attack: four seed articles report it
KARACHI = "002_957e3dca12d6409c"  # one of those four reports

#: places by id: a gazetteer country, province and city, a site inside the city, and a site
#: the gazetteer cannot locate
PLACES = {
    "pk": ResolvedEntity("pk", "Place", "Pakistan", (), (), gazetteer_id="g1", kind="country"),
    "sindh": ResolvedEntity("sindh", "Place", "Sindh", (), (), "g2", "province", parent="pk"),
    "khi": ResolvedEntity("khi", "Place", "Karachi", (), (), "g3", "city", parent="sindh"),
    "kpo": ResolvedEntity(
        "kpo", "Place", "Karachi Police Office", (), (), None, "facility", parent="khi"
    ),
    "lost": ResolvedEntity("lost", "Place", "Nowhere Chowk", (), (), None, "locality"),
}
DATES = {
    "day": DateValue(2023, 2, 17, "day", "February 17"),
    "inferred": DateValue(2023, 2, 17, "day", INFERRED),
    "week": DateValue(2023, 2, 13, "week", "last week"),
    "month": DateValue(2023, 2, None, "month", "February 2023"),
    "year": DateValue(2023, None, None, "year", "2023"),
    "no_year": DateValue(None, 2, 17, "day", "February 17"),
    "none": None,
}


def _figure(article: str, value: int, top: int | None = None) -> Figure:
    span = Evidence(article, 0, 1, "x", 0, 1)
    return Figure("killed", value, value if top is None else top, "exact", span)


def _event(
    status: PerpStatus | None = None,
    date: DateValue | None = DATES["day"],
    place: str | None = "khi",
    figures: tuple[Figure, ...] = (),
    roles: tuple[ResolvedRole, ...] = (),
) -> ResolvedEvent:
    return ResolvedEvent(
        id="event/x", category="attack", event_type="ArmedAssault", date=date, place=place,
        members=(MemberRef("a1", "e1"),), roles=roles, figures=figures, attributions=(),
        perpetrator_status=status, mentions=(),
    )  # fmt: skip


def _score(event: ResolvedEvent, reports: list[Report] | None = None) -> float:
    return event_confidence(event, reports or [Report("a1", "dawn")], PLACES).score


REPORTS = st.lists(
    st.builds(
        Report,
        st.sampled_from(["a1", "a2", "a3", "a4"]),
        st.sampled_from(["dawn", "tribune", "geo", "article:a4"]),
        st.sampled_from(["reported", "background"]),
    ),
    max_size=5,
)
EVENTS = st.builds(
    _event,
    status=st.sampled_from([None, "none", "denied", "suspected", "attributed", "claimed"]),
    date=st.sampled_from(list(DATES.values())),
    place=st.sampled_from([None, *PLACES]),
    figures=st.lists(
        st.builds(_figure, st.sampled_from(["a1", "a2"]), st.integers(0, 60)), max_size=3
    ).map(tuple),
)


def test_confidence_weights_add_up_to_one() -> None:
    assert sum(WEIGHTS.values()) == pytest.approx(1.0)


@FAST
@given(EVENTS, REPORTS)
def test_confidence_is_a_rounded_fraction(event: ResolvedEvent, reports: list[Report]) -> None:
    conf = event_confidence(event, reports, PLACES)
    assert 0 <= conf.score <= 1 and round(conf.score, 2) == conf.score
    assert [name for name, _ in conf.components] == list(WEIGHTS)
    assert all(0 <= value <= 1 for _, value in conf.components)


@FAST
@given(EVENTS, REPORTS, st.sampled_from(["reported", "background"]))
def test_confidence_never_falls_with_another_source(
    event: ResolvedEvent, reports: list[Report], role: EventRole
) -> None:
    """A further report, from a new outlet or one already counted, never lowers it; a new
    outlet's news report raises the sources component."""
    before = event_confidence(event, reports, PLACES)
    for extra in (Report("new", "new-outlet", role), Report("new", "dawn", role)):
        assert event_confidence(event, [*reports, extra], PLACES).score >= before.score
    news = event_confidence(event, [*reports, Report("new", "new-outlet")], PLACES)
    assert dict(news.components)["sources"] > dict(before.components)["sources"]


def test_confidence_same_outlet_is_not_independent() -> None:
    """Two Dawn articles count as one source; Dawn and the Tribune as two."""
    event = _event()
    one = _score(event, [Report("a1", "dawn")])
    assert _score(event, [Report("a1", "dawn"), Report("a2", "dawn")]) == one
    assert _score(event, [Report("a1", "dawn"), Report("a2", "tribune")]) > one


def test_confidence_background_mentions_weigh_less() -> None:
    event = _event()
    assert _score(event, [Report("a1", "dawn", "background")]) < _score(event)


@FAST
@given(EVENTS, REPORTS)
def test_confidence_claim_order(event: ResolvedEvent, reports: list[Report]) -> None:
    """All else equal, claimed ≥ attributed ≥ suspected ≥ no claim."""
    order: list[PerpStatus | None] = ["claimed", "attributed", "suspected", "none", None]
    scores = [
        event_confidence(dataclasses.replace(event, perpetrator_status=s), reports, PLACES).score
        for s in order
    ]
    assert scores == sorted(scores, reverse=True)
    assert scores[0] > scores[1] > scores[2] > scores[3]


@FAST
@given(EVENTS, REPORTS)
def test_confidence_date_order(event: ResolvedEvent, reports: list[Report]) -> None:
    """An exact day ≥ a day inferred from publication ≥ week ≥ month ≥ year ≥ no date."""
    scores = [
        event_confidence(dataclasses.replace(event, date=DATES[k]), reports, PLACES).score
        for k in ("day", "inferred", "week", "month", "year", "none")
    ]
    assert scores == sorted(scores, reverse=True)
    assert len(set(scores)) == len(scores)


@FAST
@given(EVENTS, REPORTS)
def test_confidence_place_order(event: ResolvedEvent, reports: list[Report]) -> None:
    """A site ≥ its city ≥ province ≥ country ≥ no place; a place the gazetteer knows ≥ one
    it cannot locate, of the same kind."""
    scores = [
        event_confidence(dataclasses.replace(event, place=p), reports, PLACES).score
        for p in ("kpo", "khi", "sindh", "pk", None)
    ]
    assert scores == sorted(scores, reverse=True)
    assert len(set(scores)) == len(scores)
    lost = event_confidence(dataclasses.replace(event, place="lost"), reports, PLACES).score
    assert lost < scores[0]


@FAST
@given(EVENTS, st.integers(1, 100), st.integers(0, 100), st.integers(0, 100))
def test_confidence_agreeing_figures_beat_disagreeing(
    event: ResolvedEvent, first: int, near: int, far: int
) -> None:
    """Two sources whose death tolls are closer (in ratio) never score lower than two further
    apart; equal tolls score highest."""
    near, far = sorted((near, far), key=lambda v: -min(v, first) / max(v, first))

    def with_toll(second: int) -> float:
        figs = (_figure("a1", first), _figure("a2", second))
        return _score(dataclasses.replace(event, figures=figs))

    assert with_toll(first) >= with_toll(near) >= with_toll(far)


def test_confidence_actor_of_an_operation_counts_as_claimed() -> None:
    """A security operation names who conducted it (the forces' own statement)."""
    role = ResolvedRole("conducted_by", "ctd", ())
    op = dataclasses.replace(_event(roles=(role,)), category="security_operation")
    assert _score(op) == _score(_event(status="claimed"))
    assert _score(op) > _score(dataclasses.replace(op, roles=()))


def test_confidence_explained_by_components() -> None:
    """The components times the weights give the score (the README's table)."""
    event = _event("attributed", DATES["month"], "pk", (_figure("a1", 4), _figure("a2", 5)))
    conf = event_confidence(event, [Report("a1", "dawn"), Report("a2", "geo")], PLACES)
    assert dict(conf.components) == {
        "sources": 0.75, "actor": 0.67, "date": 0.5, "place": 0.25, "figures": 0.8,
    }  # fmt: skip
    assert conf.score == round(sum(WEIGHTS[k] * v for k, v in conf.components), 2) == 0.61
    assert conf.explain().startswith("sources 0.75, actor 0.67, date 0.5")


def test_confidence_outlet_falls_back_to_host_then_article() -> None:
    assert outlet(Article("a", "", "f", source=" Dawn ")) == "dawn"
    assert outlet(Article("a", "", "f", url="https://www.dawn.com/news/1")) == "dawn.com"
    assert outlet(Article("a", "", "f")) == "article:a"


def test_confidence_kpo_above_single_reports(seed_store: Path) -> None:
    """Seeds: the Karachi Police Office attack (four reports) is trusted more than any event
    known from one article; every event has a confidence, as a number in the table."""
    assert EVENT_COLUMNS[-1] == "confidence"
    rows = events_table(open_store(seed_store))
    assert all(isinstance(r["confidence"], float) for r in rows)
    kpo = next(r for r in rows if r["date"] == KPO and r["category"] == "attack")
    assert isinstance(kpo["sources"], list) and len(kpo["sources"]) == 4
    singles = [r["confidence"] for r in rows if len(r["sources"] or []) == 1]
    assert singles and all(kpo["confidence"] > s for s in singles)  # type: ignore[operator]


def test_confidence_in_resolved_graph_only(seed_dataset: Dataset) -> None:
    """ikg:confidence is an xsd:decimal of the resolved events; article graphs carry none."""
    resolved = seed_dataset.graph(GRAPH.resolved)
    values = list(resolved.objects(None, IKG.confidence))
    assert values and all(isinstance(v, Literal) and v.datatype == XSD.decimal for v in values)
    in_articles = [q for q in seed_dataset.quads((None, IKG.confidence, None, None))
                   if q[3] != GRAPH.resolved]  # fmt: skip
    assert in_articles == []


def test_confidence_rescored_after_corrections(seed_store: Path) -> None:
    """Curation changes an event's evidence, so the score follows: splitting one report off
    the Karachi Police Office attack lowers the attack's confidence, and the split-off
    report gets a score of its own."""
    records = [s.records for s in read_saved(seed_store).articles.values()]
    before = resolve(records)
    kpo = before.event_index[MemberRef(KARACHI, "v1")]
    split = Correction("c1", "split_mention", (Target(article=KARACHI, key="v1"),), "alice",
                       dt.datetime(2026, 12, 1, tzinfo=dt.UTC), "a test")  # fmt: skip
    after, report = apply_corrections(before, [split], records)
    assert [o.applied for o in report.outcomes] == [True]
    old = {e.id: e for e in before.events}[kpo]
    others = set(old.members) - {MemberRef(KARACHI, "v1")}
    rest = next(e for e in after.events if others & set(e.members))
    assert set(rest.members) == others
    alone = next(e for e in after.events if e.members == (MemberRef(KARACHI, "v1"),))
    assert old.confidence is not None and rest.confidence is not None
    assert rest.confidence < old.confidence
    assert alone.confidence is not None and alone.confidence < rest.confidence


def test_confidence_doctests() -> None:
    result = doctest.testmod(confidence)
    assert result.failed == 0 and result.attempted > 0
