"""Records → RDF: a named graph per article plus the resolved graph.

Article graphs say what each source said (local nodes, spans); the resolved graph
says what we conclude across sources and points back with ``prov:wasDerivedFrom``.
Everything is keyed by IRIs from :mod:`incidentkg.rdf.mint`, never blank nodes, so
building twice gives isomorphic graphs and stores can diff them.

An article graph depends on its own records only (a place's gazetteer parent is named
by the gazetteer, not by the resolution), so builds make it in the worker that
extracted the article (:func:`article_nquads`) and the parent only adds the resolved
graph (:func:`resolved_nquads`). Every span the resolved graph points to is a span of
some article graph already, so the resolved graph never adds to an article graph.
:func:`to_dataset` joins both in rdflib for the API, exports and tests.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import cast

from rdflib import RDF, RDFS, XSD, Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, SDO, SKOS
from rdflib.term import Node

from incidentkg.kb.gazetteer import load_gazetteer
from incidentkg.kb.ids import gazetteer_place_id
from incidentkg.kb.vocabulary import vocabulary
from incidentkg.rdf import mint
from incidentkg.rdf.convert import nquad_lines
from incidentkg.rdf.namespace import GEO, IKG, NIF, PREFIXES, SEM
from incidentkg.records import (
    Affiliation,
    ArticleRecords,
    Attribution,
    DateValue,
    EntityRecord,
    EventRecord,
    Evidence,
    Figure,
    FigureKind,
    MemberRef,
    PerpStatus,
    Post,
    Resolution,
    ResolvedAffiliation,
    ResolvedEntity,
    ResolvedEvent,
    ResolvedPost,
    summarise,
    summary_qualifier,
)

Triple = tuple[Node, Node, Node]

# record values → ontology terms, all from the vocabulary schema (data/vocabulary.yaml)
_V = vocabulary()
ENTITY_CLASS = {k.term: IKG[k.term] for k in _V.record_entity_types}
ORG_KIND_CLASS = {g: IKG[k.term] for k in _V.entity_kinds for g in k.gazetteer}
CATEGORY_CLASS = {c.name: IKG[c.term] for c in _V.categories}
EVENT_TYPE_CLASS = {t.term: IKG[t.term] for t in _V.event_types}
PRECISION = {p.name: IKG[p.term] for p in _V.date_precisions}
PERP_STATUS = {s.name: IKG[s.term] for s in _V.perpetrator_statuses}
ROLE_PROPERTY = {r.record: IKG[r.term] for r in _V.roles if r.record}
FIGURE_KIND = {f.name: IKG[f.term] for f in _V.figure_kinds}
SUMMARY_PROPERTIES: dict[FigureKind, tuple[URIRef, URIRef]] = {
    cast(FigureKind, f.name): (IKG[f.summary[0]], IKG[f.summary[1]])
    for f in _V.figure_kinds
    if f.summary
}
QUALIFIER_PROPERTIES: dict[FigureKind, URIRef] = {
    cast(FigureKind, f.name): IKG[f.qualifier] for f in _V.figure_kinds if f.qualifier
}
EVENT_ROLE = {r.name: IKG[r.term] for r in _V.event_roles}
AFFILIATE_ROLE = "affiliate"
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
# Terms of the span nodes, looked up once: namespace attribute access is slow, and an
# article has thousands of spans.
_TYPE, _OFFSET_STRING = RDF.type, NIF.OffsetBasedString
_BEGIN, _END, _ANCHOR, _CONTEXT = NIF.beginIndex, NIF.endIndex, NIF.anchorOf, NIF.referenceContext
_EVIDENCE, _SOURCE = IKG.evidence, DCTERMS.source


class TripleSink:
    """One graph's triples as a set (builders add spans more than once); cheaper than rdflib's
    indexed Graph, which is only built when someone asks for a Dataset."""

    __slots__ = ("triples",)

    def __init__(self) -> None:
        self.triples: set[Triple] = set()

    def add(self, triple: Triple) -> None:
        self.triples.add(triple)

    def update(self, triples: Iterable[Triple]) -> None:
        self.triples.update(triples)


@dataclass
class _Context:
    """What every builder needs: graphs being filled, article texts and cross-references.

    ``spans`` is False for the resolved graph: its spans already exist in article graphs.
    """

    graphs: dict[URIRef, TripleSink] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    local_entities: dict[MemberRef, EntityRecord] = field(default_factory=dict)
    local_events: dict[MemberRef, EventRecord] = field(default_factory=dict)
    resolved_entities: dict[str, ResolvedEntity] = field(default_factory=dict)
    spans: bool = True
    # evidences whose span nodes are already built: one sentence backs many facts
    done: set[Evidence] = field(default_factory=set)

    def graph(self, article_id: str) -> TripleSink:
        return self.sink(mint.article_graph_iri(article_id))

    def sink(self, name: URIRef) -> TripleSink:
        found = self.graphs.get(name)
        if found is None:
            found = self.graphs[name] = TripleSink()
        return found


def article_graph(rec: ArticleRecords) -> TripleSink:
    """One article's graph: what that source said, with the spans it was read from."""
    ctx = _Context(texts={rec.article.id: rec.article.text})
    _add_article(ctx, rec)
    return ctx.graph(rec.article.id)


def resolved_graph(records: Sequence[ArticleRecords], resolution: Resolution) -> TripleSink:
    """The graph of what we conclude across articles (needs every article's records)."""
    ctx = _context(records, resolution)
    resolved = ctx.sink(mint.RESOLVED_GRAPH)
    for res_entity in resolution.entities:
        _add_resolved_entity(ctx, resolved, res_entity)
    for res_event in resolution.events:
        _add_resolved_event(ctx, resolved, res_event)
    for post in resolution.posts:
        _add_post(ctx, resolved, post)
    for affiliation in resolution.affiliations:
        _add_affiliation(ctx, resolved, affiliation)
    if set(ctx.graphs) != {mint.RESOLVED_GRAPH}:  # pragma: no cover - a builder bug
        raise AssertionError("the resolved graph must not add to article graphs")
    return resolved


def article_nquads(rec: ArticleRecords) -> bytes:
    """:func:`article_graph` as N-Quads, ready for :class:`incidentkg.store.local.StoreWriter`."""
    name = mint.article_graph_iri(rec.article.id)
    return "".join(nquad_lines(name, article_graph(rec).triples)).encode("utf-8")


def resolved_nquads(records: Sequence[ArticleRecords], resolution: Resolution) -> bytes:
    """:func:`resolved_graph` as N-Quads."""
    triples = resolved_graph(records, resolution).triples
    return "".join(nquad_lines(mint.RESOLVED_GRAPH, triples)).encode("utf-8")


def to_dataset(records: Sequence[ArticleRecords], resolution: Resolution) -> Dataset:
    """Build the article graphs and the resolved graph (see ``docs/rdf-mapping.md``)."""
    ds = new_dataset()
    for rec in records:
        g = ds.graph(mint.article_graph_iri(rec.article.id))
        g.addN((s, p, o, g) for s, p, o in article_graph(rec).triples)
    g = ds.graph(mint.RESOLVED_GRAPH)
    g.addN((s, p, o, g) for s, p, o in resolved_graph(records, resolution).triples)
    return ds


def new_dataset() -> Dataset:
    """An empty dataset with our prefixes bound, so TriG output is readable."""
    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, replace=True)
    return ds


def _context(records: Sequence[ArticleRecords], resolution: Resolution) -> _Context:
    ctx = _Context(spans=False)
    for rec in records:
        aid = rec.article.id
        ctx.local_entities.update({MemberRef(aid, e.key): e for e in rec.entities})
        ctx.local_events.update({MemberRef(aid, e.key): e for e in rec.events})
    ctx.resolved_entities = {e.id: e for e in resolution.entities}
    return ctx


# --- spans -------------------------------------------------------------------------


def _add_evidence(ctx: _Context, g: TripleSink, subject: URIRef, ev: Evidence) -> None:
    """Link ``subject`` to a span and make sure the span exists in its article's graph."""
    span = mint.span_iri(ev.article_id, ev.start, ev.end)
    g.add((subject, _EVIDENCE, span))
    g.add((subject, _SOURCE, mint.article_iri(ev.article_id)))
    if ctx.spans:
        _add_span_nodes(ctx, ev)


def _add_span_nodes(ctx: _Context, ev: Evidence) -> None:
    """The span (and its sentence) as NIF nodes in the article's own graph."""
    if ev in ctx.done:
        return
    ctx.done.add(ev)
    span = mint.span_iri(ev.article_id, ev.start, ev.end)
    graph = ctx.graph(ev.article_id)
    _add_span(ctx, graph, ev.article_id, ev.start, ev.end, NIF.String, ev.text)
    if ev.sent_end > ev.sent_start:
        sentence = mint.span_iri(ev.article_id, ev.sent_start, ev.sent_end)
        graph.add((span, NIF.sentence, sentence))
        _add_span(ctx, graph, ev.article_id, ev.sent_start, ev.sent_end, NIF.Sentence, "")


def _add_span(
    ctx: _Context, g: TripleSink, article_id: str, start: int, end: int, cls: URIRef, fallback: str
) -> None:
    """One NIF offset node; ``anchorOf`` comes from the article text when we have it."""
    span = mint.span_iri(article_id, start, end)
    text = ctx.texts.get(article_id)
    anchor = text[start:end] if text is not None else fallback
    g.update(
        (
            (span, _TYPE, cls),
            (span, _TYPE, _OFFSET_STRING),
            (span, _BEGIN, _count(start)),
            (span, _END, _count(end)),
            (span, _ANCHOR, Literal(anchor)),
            (span, _CONTEXT, mint.article_iri(article_id)),
        )
    )


def _add_evidences(ctx: _Context, g: TripleSink, subject: URIRef, evs: Iterable[Evidence]) -> None:
    for ev in evs:
        _add_evidence(ctx, g, subject, ev)


# --- article graphs ----------------------------------------------------------------


def _add_article(ctx: _Context, rec: ArticleRecords) -> None:
    g = ctx.graph(rec.article.id)
    g.update(_article_triples(rec))
    for entity in rec.entities:
        _add_local_entity(ctx, g, rec.article.id, entity)
    for event in rec.events:
        _add_local_event(ctx, g, rec, event)
    for post in rec.posts:
        _add_local_post(g, rec.article.id, post)
        _add_span_nodes(ctx, post.evidence)  # the resolved membership cites it
    for affiliation in rec.affiliations:
        _add_local_affiliation(g, rec.article.id, affiliation)
        _add_span_nodes(ctx, affiliation.evidence)


def _article_triples(rec: ArticleRecords) -> Iterator[Triple]:
    art = rec.article
    node = mint.article_iri(art.id)
    yield node, RDF.type, SDO.NewsArticle
    yield node, RDF.type, NIF.Context
    yield node, SDO.identifier, Literal(art.id)
    yield node, NIF.isString, Literal(art.text)
    yield node, IKG.sourceFile, Literal(art.source_path)
    if art.title:
        yield node, SDO.headline, Literal(art.title)
    if art.published:
        yield node, SDO.datePublished, _xsd_date(art.published)
    if art.url:  # a literal: the input's URL, checked by ingest, never minted into a node
        yield node, SDO.url, Literal(art.url, datatype=XSD.anyURI)
    if art.content_hash:
        yield node, IKG.contentHash, Literal(art.content_hash)


def _add_local_entity(ctx: _Context, g: TripleSink, article_id: str, entity: EntityRecord) -> None:
    node = mint.local_entity_iri(article_id, entity.key)
    g.update(_entity_triples(node, entity))
    parent = _local_parent(article_id, entity.parent)
    if parent is not None:
        g.add((node, SDO.containedInPlace, parent))
    g.add((node, DCTERMS.source, mint.article_iri(article_id)))
    _add_evidences(ctx, g, node, entity.mentions)


def _local_parent(article_id: str, parent: str | None) -> URIRef | None:
    """A local key stays local; ``gaz:<id>`` points at the resolved place of that entry,
    whose id the gazetteer alone decides (see :func:`incidentkg.kb.ids.gazetteer_place_id`)."""
    if parent is None:
        return None
    if not parent.startswith("gaz:"):
        return mint.local_entity_iri(article_id, parent)
    entry = load_gazetteer().get(parent.removeprefix("gaz:"))
    return mint.resolved_iri(gazetteer_place_id(entry.label, entry.id)) if entry else None


def _entity_triples(node: URIRef, entity: EntityRecord | ResolvedEntity) -> Iterator[Triple]:
    """Types and labels shared by article-local and resolved entities."""
    yield node, RDF.type, ENTITY_CLASS[entity.type]
    if entity.type == "Organization" and entity.kind in ORG_KIND_CLASS:
        yield node, RDF.type, ORG_KIND_CLASS[entity.kind]
    yield node, RDFS.label, Literal(entity.label)
    for alias in entity.aliases:
        if alias != entity.label:
            yield node, SKOS.altLabel, Literal(alias)
    if entity.description:
        yield node, SDO.description, Literal(entity.description)
    if entity.gazetteer_id:
        yield node, IKG.gazetteerId, Literal(entity.gazetteer_id)
    if entity.kind:
        yield node, IKG.kind, Literal(entity.kind)


def _add_local_event(ctx: _Context, g: TripleSink, rec: ArticleRecords, event: EventRecord) -> None:
    aid = rec.article.id
    node = mint.local_event_iri(aid, event.key)
    place = _label_of(rec, event.place)
    g.update(_event_triples(node, event, place))
    if event.place is not None:
        g.add((node, SEM.hasPlace, mint.local_entity_iri(aid, event.place)))
    for role in event.roles:
        g.add((node, ROLE_PROPERTY[role.role], mint.local_entity_iri(aid, role.entity)))
    _add_outcomes(g, node, (mint.local_entity_iri(aid, k) for k in event.killed_persons), True)
    _add_outcomes(g, node, (mint.local_entity_iri(aid, k) for k in event.injured_persons), False)
    _add_figures(ctx, g, node, event.figures)
    _add_attributions(ctx, g, node, _local_attributions(aid, event))
    _add_status(g, node, event.perpetrator_status)
    g.add((node, DCTERMS.source, mint.article_iri(aid)))
    _add_evidences(ctx, g, node, event.mentions)


def _label_of(rec: ArticleRecords, key: str | None) -> str | None:
    if key is None:
        return None
    try:
        return rec.entity(key).label
    except KeyError:
        return None


def _local_attributions(article_id: str, event: EventRecord) -> list[Attribution]:
    """Perpetrator roles with a status, else the event's own status statement.

    ``Attribution.entity`` holds a local IRI here (as a string) so one writer serves both.
    """
    found = [
        Attribution(r.status, r.evidence, str(mint.local_entity_iri(article_id, r.entity)))
        for r in event.roles
        if r.role == "perpetrator" and r.status is not None
    ]
    if not found and event.perpetrator_status and event.status_evidence:
        found.append(Attribution(event.perpetrator_status, event.status_evidence))
    found += [
        Attribution("denied", d.evidence, str(mint.local_entity_iri(article_id, d.entity)))
        for d in event.denials
    ]
    return found


def _add_local_post(g: TripleSink, article_id: str, post: Post) -> None:
    """Article graphs keep only the shortcuts; membership nodes live in the resolved graph."""
    person = mint.local_entity_iri(article_id, post.person)
    g.add((person, IKG.title, Literal(post.title)))
    if post.organization is not None:
        g.add((person, ORG.memberOf, mint.local_entity_iri(article_id, post.organization)))


def _add_local_affiliation(g: TripleSink, article_id: str, aff: Affiliation) -> None:
    person = mint.local_entity_iri(article_id, aff.person)
    g.add((person, IKG.affiliatedWith, mint.local_entity_iri(article_id, aff.organization)))


# --- events (shared) ---------------------------------------------------------------


def _event_triples(
    node: URIRef, event: EventRecord | ResolvedEvent, place_label: str | None
) -> Iterator[Triple]:
    """Types, label, date and target descriptions shared by local and resolved events."""
    category = CATEGORY_CLASS[event.category]
    yield node, RDF.type, IKG.Event
    yield node, RDF.type, SEM.Event
    yield node, RDF.type, category
    yield node, RDF.type, EVENT_TYPE_CLASS.get(event.event_type, category)
    yield node, RDFS.label, Literal(event_label(event.event_type, place_label, event.date))
    yield from _date_triples(node, event.date)
    yield node, IKG.eventRole, EVENT_ROLE[event.role]
    for description in event.target_descriptions:
        yield node, IKG.targetDescription, Literal(description)


def event_label(event_type: str, place: str | None, date: DateValue | None) -> str:
    """Human label such as ``"Bombing in Peshawar, 2023-01-31"``.

    >>> event_label("SuicideAttack", "Quetta", None)
    'Suicide attack in Quetta'
    """
    words = _CAMEL.sub(" ", event_type).replace("_", " ").strip() or "Event"
    label = words[:1].upper() + words[1:].lower()
    if place:
        label += f" in {place}"
    stamp = date_literal(date)
    if stamp is not None:
        label += f", {stamp}"
    return label


def date_literal(date: DateValue | None) -> Literal | None:
    """The one ``sem:hasTimeStamp`` literal, or ``None`` when nothing usable is known.

    >>> date_literal(DateValue(None, 2, 17, "day")).n3()
    '"--02-17"^^<http://www.w3.org/2001/XMLSchema#gMonthDay>'
    """
    if date is None or date.precision == "unknown":
        return None
    if date.year is None:
        if date.month is None or date.day is None:
            return None
        return Literal(f"--{date.month:02d}-{date.day:02d}", datatype=XSD.gMonthDay)
    if date.precision in ("day", "week"):
        return _xsd_date(dt.date(date.year, date.month or 1, date.day or 1))
    if date.precision == "month" and date.month is not None:
        return Literal(f"{date.year:04d}-{date.month:02d}", datatype=XSD.gYearMonth)
    return Literal(f"{date.year:04d}", datatype=XSD.gYear)


def _date_triples(node: URIRef, date: DateValue | None) -> Iterator[Triple]:
    """Timestamp, precision (Unknown iff no timestamp) and the interval bounds."""
    stamp = date_literal(date)
    if date is None or stamp is None:
        yield node, IKG.datePrecision, IKG.UnknownPrecision
        return
    yield node, SEM.hasTimeStamp, stamp
    yield node, IKG.datePrecision, PRECISION[date.precision]
    if date.start is not None and date.end is not None:
        yield node, SEM.hasEarliestBeginTimeStamp, _xsd_date(date.start)
        yield node, SEM.hasLatestEndTimeStamp, _xsd_date(date.end)


def _xsd_date(day: dt.date) -> Literal:
    return Literal(day.isoformat(), datatype=XSD.date)


def _add_outcomes(g: TripleSink, node: URIRef, persons: Iterable[URIRef], killed: bool) -> None:
    prop = IKG.personKilled if killed else IKG.personInjured
    for person in persons:
        g.add((node, prop, person))


def _add_status(g: TripleSink, node: URIRef, status: PerpStatus | None) -> None:
    if status is not None:
        g.add((node, IKG.perpetratorStatus, PERP_STATUS[status]))


def _figure_key(fig: Figure) -> tuple[str, int, int, str, str, int, int]:
    ev = fig.evidence
    return fig.kind, fig.value, fig.max_value, fig.qualifier, ev.article_id, ev.start, ev.end


def _add_figures(ctx: _Context, g: TripleSink, event: URIRef, figures: Sequence[Figure]) -> None:
    """Figures numbered in a canonical order, then the min/max summaries per kind."""
    for n, fig in enumerate(sorted(set(figures), key=_figure_key), start=1):
        node = mint.figure_iri(event, n)
        g.add((event, IKG.figure, node))
        g.add((node, RDF.type, IKG.CasualtyFigure))
        g.add((node, IKG.figureKind, FIGURE_KIND[fig.kind]))
        g.add((node, IKG.value, _count(fig.value)))
        g.add((node, IKG.maxValue, _count(max(fig.max_value, fig.value))))
        g.add((node, IKG.qualifier, Literal(fig.qualifier)))
        _add_evidence(ctx, g, node, fig.evidence)
    for kind, (low_p, high_p) in SUMMARY_PROPERTIES.items():
        summary = figure_summary(figures, kind)
        if summary is not None:
            g.add((event, low_p, _count(summary[0])))
            g.add((event, high_p, _count(summary[1])))
    for kind, prop in QUALIFIER_PROPERTIES.items():
        qualifier = summary_qualifier(figures, kind)
        if qualifier is not None:
            g.add((event, prop, Literal(qualifier)))


def figure_summary(figures: Sequence[Figure], kind: FigureKind) -> tuple[int, int] | None:
    """Lowest and highest figure of a kind across sources (as ResolvedEvent.summary)."""
    return summarise(list(figures), kind)


@lru_cache(maxsize=1 << 16)  # offsets and figures repeat; building a Literal is slow
def _count(n: int) -> Literal:
    """Offsets and figures are plain ``xsd:integer`` (SHACL checks they are ``>= 0``).

    Not ``xsd:nonNegativeInteger``: Oxigraph stores that as ``xsd:integer``, so the stored
    graph would differ from the built one.
    """
    return Literal(n, datatype=XSD.integer)


def _decimal(x: float) -> Literal:
    """The canonical ``xsd:decimal`` form (``34`` not ``34.0``), as Oxigraph stores it."""
    d = Decimal(repr(x)).normalize()
    return Literal(format(d, "f") if d != 0 else "0", datatype=XSD.decimal)


def _attribution_key(att: Attribution) -> tuple[str, int, int, str, str]:
    ev = att.evidence
    return ev.article_id, ev.start, ev.end, att.status, att.entity or ""


def _add_attributions(
    ctx: _Context, g: TripleSink, event: URIRef, attributions: Sequence[Attribution]
) -> None:
    """``attribution.entity`` must already be an IRI string (local or resolved)."""
    for n, att in enumerate(sorted(set(attributions), key=_attribution_key), start=1):
        node = mint.attribution_iri(event, n)
        g.add((event, IKG.attribution, node))
        g.add((node, RDF.type, IKG.Attribution))
        g.add((node, IKG.status, PERP_STATUS[att.status]))
        if att.entity is not None:
            g.add((node, IKG.attributedTo, URIRef(att.entity)))
        _add_evidence(ctx, g, node, att.evidence)


# --- resolved graph ----------------------------------------------------------------


def _add_resolved_entity(ctx: _Context, g: TripleSink, entity: ResolvedEntity) -> None:
    node = mint.resolved_iri(entity.id)
    g.update(_entity_triples(node, entity))
    g.update(_place_triples(node, entity))
    for member in entity.members:
        g.add((node, PROV.wasDerivedFrom, mint.local_entity_iri(*_ref(member))))
        g.add((node, DCTERMS.source, mint.article_iri(member.article_id)))
        local = ctx.local_entities.get(member)
        if local is not None:
            _add_evidences(ctx, g, node, local.mentions)


def _ref(member: MemberRef) -> tuple[str, str]:
    return member.article_id, member.key


def _place_triples(node: URIRef, entity: ResolvedEntity) -> Iterator[Triple]:
    if entity.parent is not None:
        yield node, SDO.containedInPlace, mint.resolved_iri(entity.parent)
    if entity.lat is not None and entity.lon is not None:
        yield node, GEO.lat, _decimal(entity.lat)
        yield node, GEO.long, _decimal(entity.lon)
    if entity.country_code:
        yield node, IKG.countryCode, Literal(entity.country_code)


def _add_resolved_event(ctx: _Context, g: TripleSink, event: ResolvedEvent) -> None:
    node = mint.resolved_iri(event.id)
    place = ctx.resolved_entities.get(event.place) if event.place else None
    place_label = place.label if place is not None else None
    g.update(_event_triples(node, event, place_label))
    if event.place is not None:
        g.add((node, SEM.hasPlace, mint.resolved_iri(event.place)))
    for role in event.roles:
        g.add((node, ROLE_PROPERTY[role.role], mint.resolved_iri(role.entity)))
    _add_outcomes(g, node, map(mint.resolved_iri, event.killed_persons), True)
    _add_outcomes(g, node, map(mint.resolved_iri, event.injured_persons), False)
    _add_figures(ctx, g, node, event.figures)
    _add_attributions(ctx, g, node, [_resolved_attribution(a) for a in event.attributions])
    _add_status(g, node, event.perpetrator_status)
    if event.confidence is not None:
        g.add((node, IKG.confidence, _decimal(event.confidence)))
    if event.city_as_written:
        g.add((node, IKG.cityAsWritten, Literal(event.city_as_written)))
    for member in event.members:
        g.add((node, PROV.wasDerivedFrom, mint.local_event_iri(*_ref(member))))
        g.add((node, DCTERMS.source, mint.article_iri(member.article_id)))
    _add_evidences(ctx, g, node, event.mentions)


def _resolved_attribution(att: Attribution) -> Attribution:
    entity = str(mint.resolved_iri(att.entity)) if att.entity is not None else None
    return Attribution(att.status, att.evidence, entity)


def _add_post(ctx: _Context, g: TripleSink, post: ResolvedPost) -> None:
    person = mint.resolved_iri(post.person)
    org = mint.resolved_iri(post.organization) if post.organization else None
    node = mint.membership_iri(post.person, post.organization or "", post.title)
    _add_membership(ctx, g, node, person, org, post.title, post.sources)
    g.add((person, IKG.title, Literal(post.title)))
    if org is not None:
        g.add((person, ORG.memberOf, org))


def _add_affiliation(ctx: _Context, g: TripleSink, aff: ResolvedAffiliation) -> None:
    person = mint.resolved_iri(aff.person)
    org = mint.resolved_iri(aff.organization)
    node = mint.membership_iri(aff.person, aff.organization, AFFILIATE_ROLE)
    _add_membership(ctx, g, node, person, org, AFFILIATE_ROLE, aff.sources)
    g.add((person, IKG.affiliatedWith, org))


def _add_membership(
    ctx: _Context,
    g: TripleSink,
    node: URIRef,
    person: URIRef,
    org: URIRef | None,
    title: str,
    sources: Sequence[Evidence],
) -> None:
    """An ``org:Membership`` with its role node; the shortcuts are added by the callers."""
    role = mint.role_iri(title)
    g.add((node, RDF.type, ORG.Membership))
    g.add((node, ORG.member, person))
    if org is not None:
        g.add((node, ORG.organization, org))
    g.add((node, ORG.role, role))
    g.add((role, RDF.type, ORG.Role))
    g.add((role, RDFS.label, Literal(title)))
    _add_evidences(ctx, g, node, sources)
