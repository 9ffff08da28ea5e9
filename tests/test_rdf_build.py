"""Tests for incidentkg.rdf.build: records → named graphs per docs/rdf-mapping.md."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools

import pytest
from rdflib import RDF, RDFS, XSD, Dataset, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, ORG, PROV, SKOS

from incidentkg.kb import ids
from incidentkg.rdf import mint
from incidentkg.rdf.build import date_literal, to_dataset
from incidentkg.rdf.namespace import IKG, NIF, SEM
from incidentkg.records import (
    Affiliation,
    Article,
    ArticleRecords,
    Attribution,
    DateValue,
    EntityRecord,
    EventRecord,
    Evidence,
    Figure,
    MemberRef,
    Post,
    Resolution,
    ResolvedAffiliation,
    ResolvedEntity,
    ResolvedEvent,
    ResolvedPost,
    ResolvedRole,
    RoleAssignment,
)
from incidentkg.validate.pyshacl_engine import validate_graph

HOSTILE = 'Ali "The Knife" \u202eRaza\u200b <script>alert(1)</script> \\ """x"""\nline2'
TEXT_A = (
    "Karachi: A suicide bomber killed 5 people and injured at least 12 near a police station "
    "in Karachi on 17 February. The TTP claimed the attack. DSP Ali Raza was among the dead."
)
TEXT_B = "Officials said 7 people died in the Karachi blast. Nobody has claimed responsibility."
ID_A = "000_dawn#2"
ID_B = "001_tribune"


def ev(
    article_id: str, text: str, needle: str, sentence: tuple[int, int] | None = None
) -> Evidence:
    start = text.index(needle)
    end = start + len(needle)
    s_start, s_end = sentence or (0, len(text))
    return Evidence(article_id, start, end, needle, s_start, s_end)


def article_a() -> ArticleRecords:
    e = functools.partial(ev, ID_A, TEXT_A)
    entities = (
        EntityRecord("karachi", "Place", "Karachi", (e("Karachi"),), parent="gaz:pk-sindh"),
        EntityRecord(
            "ttp",
            "Organization",
            "Tehrik-i-Taliban Pakistan",
            (e("TTP"),),
            aliases=("TTP",),
            gazetteer_id="ttp",
            kind="armed_group",
        ),
        EntityRecord("ali", "Person", HOSTILE, (e("Ali Raza"),)),
    )
    event = EventRecord(
        key="ev1",
        category="attack",
        event_type="SuicideAttack",
        mentions=(e("suicide bomber"),),
        date=DateValue(None, 2, 17, "day", "17 February"),
        place="karachi",
        roles=(RoleAssignment("perpetrator", "ttp", e("TTP claimed"), status="claimed"),),
        figures=(
            Figure("killed", 5, 5, "exact", e("killed 5")),
            Figure("injured", 12, 12, "at_least", e("at least 12")),
        ),
        perpetrator_status="claimed",
        target_descriptions=("a police station",),
        killed_persons=("ali",),
    )
    art = Article(
        ID_A,
        TEXT_A,
        "data/000_dawn#2.txt",
        title=HOSTILE,
        published=dt.date(2023, 2, 18),
        content_hash="ab" * 32,
    )
    post = Post("ali", "DSP", None, e("DSP Ali Raza"))
    aff = Affiliation("ali", "ttp", e("TTP"))
    return ArticleRecords(art, entities, (event,), (post,), (aff,))


def article_b() -> ArticleRecords:
    e = functools.partial(ev, ID_B, TEXT_B)
    entities = (EntityRecord("k", "Place", "Karachi", (e("Karachi"),)),)
    event = EventRecord(
        key="ev1",
        category="attack",
        event_type="Bombing",
        mentions=(e("blast"),),
        date=None,
        place="k",
        figures=(Figure("killed", 7, 7, "exact", e("7 people died")),),
        perpetrator_status="none",
        status_evidence=e("Nobody has claimed responsibility"),
    )
    art = Article(ID_B, TEXT_B, "data/001_tribune.txt")
    return ArticleRecords(art, entities, (event,))


def resolution(a: ArticleRecords, b: ArticleRecords) -> Resolution:
    karachi = ResolvedEntity(
        "place/karachi-11111111",
        "Place",
        "Karachi",
        ("Kurrachee",),
        (MemberRef(ID_A, "karachi"), MemberRef(ID_B, "k")),
        gazetteer_id="pk-karachi",
        kind="city",
        parent=ids.gazetteer_place_id("Sindh", "pk-sindh"),
        lat=24.8608,
        lon=67.0104,
        country_code="PK",
    )
    sindh = ResolvedEntity(
        ids.gazetteer_place_id("Sindh", "pk-sindh"),
        "Place",
        "Sindh",
        (),
        (),
        gazetteer_id="pk-sindh",
        kind="province",
        country_code="PK",
    )
    ttp = ResolvedEntity(
        "organization/ttp-33333333",
        "Organization",
        "Tehrik-i-Taliban Pakistan",
        ("TTP",),
        (MemberRef(ID_A, "ttp"),),
        gazetteer_id="ttp",
        kind="armed_group",
    )
    ali = ResolvedEntity(
        "person/ali-raza-44444444", "Person", HOSTILE, (), (MemberRef(ID_A, "ali"),)
    )
    ev_a, ev_b = a.events[0], b.events[0]
    event = ResolvedEvent(
        id="event/2023-02-17-suicideattack-karachi-55555555",
        category="attack",
        event_type="SuicideAttack",
        date=DateValue(2023, 2, 17, "day"),
        place=karachi.id,
        members=(MemberRef(ID_A, "ev1"), MemberRef(ID_B, "ev1")),
        roles=(ResolvedRole("perpetrator", ttp.id, (ev_a.roles[0].evidence,), "claimed"),),
        figures=ev_a.figures + ev_b.figures,
        attributions=(
            Attribution("claimed", ev_a.roles[0].evidence, ttp.id),
            Attribution("none", ev_b.status_evidence),  # type: ignore[arg-type]
        ),
        perpetrator_status="claimed",
        mentions=ev_a.mentions + ev_b.mentions,
        target_descriptions=("a police station",),
        killed_persons=(ali.id,),
    )
    post = ResolvedPost(ali.id, "DSP", None, (a.posts[0].evidence,))
    aff = ResolvedAffiliation(ali.id, ttp.id, (a.affiliations[0].evidence,))
    index = {m: karachi.id for m in karachi.members} | {MemberRef(ID_A, "ttp"): ttp.id}
    return Resolution(
        (karachi, sindh, ttp, ali),
        (event,),
        (post,),
        (aff,),
        entity_index=index | {MemberRef(ID_A, "ali"): ali.id},
        event_index={m: event.id for m in event.members},
    )


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    a, b = article_a(), article_b()
    return to_dataset([a, b], resolution(a, b))


def graph_names(ds: Dataset) -> set[str]:
    return {str(g.identifier) for g in ds.graphs() if len(g)}


ARTICLE_A = mint.article_iri(ID_A)
RESOLVED_EVENT = URIRef(
    "https://w3id.org/incidentkg/id/event/2023-02-17-suicideattack-karachi-55555555"
)


def test_build_named_graphs_exist(dataset: Dataset) -> None:
    """Stores and queries rely on one graph per article plus the resolved graph."""
    assert graph_names(dataset) == {
        "https://w3id.org/incidentkg/graph/article/000_dawn%232",
        "https://w3id.org/incidentkg/graph/article/001_tribune",
        "https://w3id.org/incidentkg/graph/resolved",
    }
    assert str(ARTICLE_A) == "https://w3id.org/incidentkg/id/article/000_dawn%232"


def test_build_is_deterministic(dataset: Dataset) -> None:
    """Same records must give the same graphs, so rebuilds can be diffed and stored idempotently."""
    a, b = article_a(), article_b()
    again = to_dataset([a, b], resolution(a, b))
    assert graph_names(again) == graph_names(dataset)
    for name in graph_names(dataset):
        assert isomorphic(dataset.graph(URIRef(name)), again.graph(URIRef(name))), name
    assert not any(
        isinstance(t, type(None)) or t.__class__.__name__ == "BNode"
        for q in dataset.quads((None, None, None, None))
        for t in q[:3]
    )


def test_build_spans_point_into_article_text(dataset: Dataset) -> None:
    """Every offset refers to nif:isString; a wrong offset would make evidence unreadable."""
    g = dataset.graph(mint.article_graph_iri(ID_A))
    text = str(g.value(ARTICLE_A, NIF.isString))
    spans = list(g.subjects(RDF.type, NIF.OffsetBasedString))
    assert len(spans) >= 8
    for span in spans:
        begin = int(str(g.value(span, NIF.beginIndex)))
        end = int(str(g.value(span, NIF.endIndex)))
        assert str(span) == f"{ARTICLE_A}#char={begin},{end}"
        assert str(g.value(span, NIF.anchorOf)) == text[begin:end]
        assert g.value(span, NIF.referenceContext) == ARTICLE_A
    killed = mint.span_iri(ID_A, TEXT_A.index("killed 5"), TEXT_A.index("killed 5") + 8)
    assert g.value(killed, NIF.anchorOf) == Literal("killed 5")
    assert (g.value(killed, NIF.sentence), RDF.type, NIF.Sentence) in g


def test_build_figures_and_summaries(dataset: Dataset) -> None:
    """Figures are kept per source and summarised as min/max, so disagreement stays visible."""
    g = dataset.graph(mint.RESOLVED_GRAPH)
    figures = set(g.objects(RESOLVED_EVENT, IKG.figure))
    assert figures == {URIRef(f"{RESOLVED_EVENT}/figure/{n}") for n in (1, 2, 3)}
    killed = [f for f in figures if g.value(f, IKG.figureKind) == IKG.Killed]
    assert sorted(int(str(g.value(f, IKG.value))) for f in killed) == [5, 7]
    # xsd:integer, not xsd:nonNegativeInteger: Oxigraph would rewrite the latter on storing.
    assert g.value(RESOLVED_EVENT, IKG.killedMin) == Literal(5, datatype=XSD.integer)
    assert g.value(RESOLVED_EVENT, IKG.killedMax) == Literal(7, datatype=XSD.integer)
    assert g.value(RESOLVED_EVENT, IKG.injuredMin) == Literal(12, datatype=XSD.integer)
    assert g.value(RESOLVED_EVENT, IKG.perpetratorsKilledMin) is None
    for fig in figures:
        assert (fig, DCTERMS.source, None) in g and (fig, IKG.evidence, None) in g


def test_build_attributions_and_status(dataset: Dataset) -> None:
    """Each source's claim is kept; the event carries the strongest status."""
    g = dataset.graph(mint.RESOLVED_GRAPH)
    atts = list(g.objects(RESOLVED_EVENT, IKG.attribution))
    statuses = {g.value(a, IKG.status) for a in atts}
    assert statuses == {IKG.Claimed, IKG.NoClaim}
    assert g.value(RESOLVED_EVENT, IKG.perpetratorStatus) == IKG.Claimed
    ttp = mint.resolved_iri("organization/ttp-33333333")
    assert (None, IKG.attributedTo, ttp) in g
    assert (RESOLVED_EVENT, IKG.perpetrator, ttp) in g


def test_build_year_less_date_is_gmonthday(dataset: Dataset) -> None:
    """A date without a year must not invent one: it becomes xsd:gMonthDay."""
    g = dataset.graph(mint.article_graph_iri(ID_A))
    local = mint.local_event_iri(ID_A, "ev1")
    assert g.value(local, SEM.hasTimeStamp) == Literal("--02-17", datatype=XSD.gMonthDay)
    assert g.value(local, IKG.datePrecision) == IKG.DayPrecision
    assert g.value(local, SEM.hasEarliestBeginTimeStamp) is None
    assert (local, RDF.type, IKG.SuicideAttack) in g and (local, RDF.type, IKG.Attack) in g


@pytest.mark.parametrize(
    ("date", "expected", "datatype"),
    [
        (DateValue(2023, 2, 13, "week"), "2023-02-13", XSD.date),
        (DateValue(2023, 2, None, "month"), "2023-02", XSD.gYearMonth),
        (DateValue(2023, None, None, "year"), "2023", XSD.gYear),
    ],
)
def test_build_date_precisions(date: DateValue, expected: str, datatype: URIRef) -> None:
    """Each precision maps to the one XSD type the mapping names for it."""
    assert date_literal(date) == Literal(expected, datatype=datatype)


def test_build_undated_event_has_unknown_precision(dataset: Dataset) -> None:
    """No timestamp iff UnknownPrecision: queries filter on precision, not on absence."""
    g = dataset.graph(mint.article_graph_iri(ID_B))
    local = mint.local_event_iri(ID_B, "ev1")
    assert g.value(local, IKG.datePrecision) == IKG.UnknownPrecision
    assert g.value(local, SEM.hasTimeStamp) is None


def test_build_resolved_provenance_and_places(dataset: Dataset) -> None:
    """Resolved nodes must lead back to the local nodes, articles and spans they came from."""
    g = dataset.graph(mint.RESOLVED_GRAPH)
    karachi = mint.resolved_iri("place/karachi-11111111")
    assert set(g.objects(karachi, PROV.wasDerivedFrom)) == {
        mint.local_entity_iri(ID_A, "karachi"),
        mint.local_entity_iri(ID_B, "k"),
    }
    assert set(g.objects(karachi, DCTERMS.source)) == {
        mint.article_iri(ID_A),
        mint.article_iri(ID_B),
    }
    assert g.value(karachi, SKOS.altLabel) == Literal("Kurrachee")
    local = dataset.graph(mint.article_graph_iri(ID_A))
    parent = local.value(
        mint.local_entity_iri(ID_A, "karachi"), URIRef("https://schema.org/containedInPlace")
    )
    assert parent == mint.resolved_iri(ids.gazetteer_place_id("Sindh", "pk-sindh"))
    ttp = mint.resolved_iri("organization/ttp-33333333")
    assert (ttp, RDF.type, IKG.ArmedGroup) in g


def test_build_memberships(dataset: Dataset) -> None:
    """Posts and affiliations become org:Membership nodes with IRIs plus shortcut triples."""
    g = dataset.graph(mint.RESOLVED_GRAPH)
    ali = mint.resolved_iri("person/ali-raza-44444444")
    memberships = set(g.subjects(ORG.member, ali))
    assert len(memberships) == 2
    roles = {g.value(m, ORG.role) for m in memberships}
    assert roles == {mint.role_iri("DSP"), URIRef("https://w3id.org/incidentkg/id/role/affiliate")}
    assert g.value(mint.role_iri("DSP"), RDFS.label) == Literal("DSP")
    assert g.value(ali, IKG.title) == Literal("DSP")
    assert (ali, IKG.affiliatedWith, mint.resolved_iri("organization/ttp-33333333")) in g


def test_build_hostile_strings_survive_trig(dataset: Dataset) -> None:
    """Labels are untrusted text: quotes, newlines, markup and bidi marks must round-trip."""
    trig = dataset.serialize(format="trig")
    back = Dataset()
    back.parse(data=trig, format="trig")
    g = back.graph(mint.RESOLVED_GRAPH)
    ali = mint.resolved_iri("person/ali-raza-44444444")
    assert g.value(ali, RDFS.label) == Literal(HOSTILE)
    art = back.graph(mint.article_graph_iri(ID_A))
    assert art.value(ARTICLE_A, URIRef("https://schema.org/headline")) == Literal(HOSTILE)
    for name in graph_names(dataset):
        assert isomorphic(dataset.graph(URIRef(name)), back.graph(URIRef(name))), name


def test_build_validates(dataset: Dataset) -> None:
    """The builder's output must satisfy our own shapes; otherwise every build would fail."""
    report = validate_graph(dataset)
    assert report.conforms, report.to_text()
    assert not report.warnings, report.to_text()


# --- article graphs built alone, N-Quads ------------------------------------------------

SDO_CONTAINED = URIRef("https://schema.org/containedInPlace")


def test_build_article_graph_needs_no_resolution() -> None:
    """A worker builds an article graph before any resolution: its gazetteer parent must be
    the very place node the resolver makes for that entry."""
    from incidentkg.rdf.build import article_graph
    from incidentkg.resolve.entities import resolve_entities

    a = article_a()
    parent = next(
        o
        for s, p, o in article_graph(a).triples
        if s == mint.local_entity_iri(ID_A, "karachi") and p == SDO_CONTAINED
    )
    resolved = {mint.resolved_iri(e.id) for e in resolve_entities([a])[0]}
    assert parent in resolved


def test_build_resolved_graph_adds_nothing_to_article_graphs(dataset: Dataset) -> None:
    """Every span the resolved graph cites is already in its article's graph, so article
    graphs written by workers are complete (memberships included)."""
    resolved = dataset.graph(mint.RESOLVED_GRAPH)
    cited = set(resolved.objects(None, IKG.evidence))
    assert cited
    in_articles = {s for g in dataset.graphs() if g.identifier != mint.RESOLVED_GRAPH
                   for s in g.subjects(RDF.type, NIF.OffsetBasedString)}  # fmt: skip
    assert cited <= in_articles


def test_build_nquads_parse_back_to_the_same_graphs(dataset: Dataset) -> None:
    """Our N-Quads writer (used instead of rdflib's, for speed) round-trips through Oxigraph:
    escapes in article text, datatypes and language-free literals included."""
    import pyoxigraph as ox

    from incidentkg.rdf.build import article_nquads, resolved_nquads
    from incidentkg.store.local import store_to_dataset

    a, b = article_a(), article_b()
    tricky = dataclasses.replace(a.article, text=a.article.text + ' "quoted" back\\slash\n\r\tend')
    a = dataclasses.replace(a, article=tricky)
    store = ox.Store()
    for data in (article_nquads(a), article_nquads(b), resolved_nquads([a, b], resolution(a, b))):
        store.load(data, format=ox.RdfFormat.N_QUADS)
    expected = to_dataset([a, b], resolution(a, b))
    got = store_to_dataset(store)
    names = {g.identifier for g in expected.graphs() if len(g)}
    assert names == {g.identifier for g in got.graphs() if len(g)}
    for name in names:
        assert isomorphic(expected.graph(name), got.graph(name)), name
