"""Corrections → RDF: the corrections graph, and corrected figures in the resolved graph.

Each correction becomes an ``ikg:Correction`` (a ``prov:Entity``) in its own named graph,
attributed to its analyst (``prov:wasAttributedTo``), dated (``prov:generatedAtTime``) and
explained (``rdfs:comment``), with what it corrects, what it replaced and the machine value,
so the machine's answer stays queryable next to the analyst's. A correction whose target is
gone is written too, with ``ikg:applied false`` and the reason.

Every other corrected value is already in the corrected resolution; a corrected figure is
not (each source's figure stays as reported), so the event's summary properties are
replaced here.
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import PROV
from rdflib.term import Node

from incidentkg.kb.vocabulary import vocabulary
from incidentkg.rdf import mint
from incidentkg.rdf.build import (
    QUALIFIER_PROPERTIES,
    SUMMARY_PROPERTIES,
    TripleSink,
    _count,
    resolved_graph,
)
from incidentkg.rdf.convert import nquad_lines
from incidentkg.rdf.namespace import IKG
from incidentkg.records import ArticleRecords, CorrectionOutcome, FigureKind, Resolution

KIND_CLASS = {k.name: IKG[k.term] for k in vocabulary().correction_kinds}
ENTITY_VALUED = frozenset({"place", "perpetrator"})
ENTITY_KINDS = frozenset({"same_entity", "different_entities", "rename_entity"})


def curated_nquads(
    records: Sequence[ArticleRecords], resolution: Resolution, outcomes: Sequence[CorrectionOutcome]
) -> tuple[bytes, bytes]:
    """The resolved graph with corrected figures, and the corrections graph, as N-Quads."""
    resolved = resolved_graph(records, resolution)
    set_figures(resolved, outcomes)
    corrections = corrections_graph(outcomes)
    return (
        "".join(nquad_lines(mint.RESOLVED_GRAPH, resolved.triples)).encode("utf-8"),
        "".join(nquad_lines(mint.CORRECTIONS_GRAPH, corrections.triples)).encode("utf-8"),
    )


def corrections_nquads(outcomes: Sequence[CorrectionOutcome]) -> bytes:
    """The corrections graph alone, as N-Quads (an update patches the resolved graph)."""
    triples = corrections_graph(outcomes).triples
    return "".join(nquad_lines(mint.CORRECTIONS_GRAPH, triples)).encode("utf-8")


def set_figures(resolved: TripleSink, outcomes: Sequence[CorrectionOutcome]) -> None:
    """Corrected figures replace the event's lowest/highest (and hedge) properties."""
    for outcome in outcomes:
        c = outcome.correction
        kind = c.field
        if not outcome.applied or kind not in SUMMARY_PROPERTIES:
            continue
        figure_kind: FigureKind = kind
        low_p, high_p = SUMMARY_PROPERTIES[figure_kind]
        drop = {low_p, high_p, QUALIFIER_PROPERTIES.get(figure_kind)}
        for event_id in outcome.corrects:
            node = mint.resolved_iri(event_id)
            resolved.triples -= {t for t in resolved.triples if t[0] == node and t[1] in drop}
            low, _, high = outcome.corrected_value[0].partition("-")
            pair = ((node, low_p, _count(int(low))), (node, high_p, _count(int(high or low))))
            resolved.update(pair)


def corrections_graph(outcomes: Sequence[CorrectionOutcome]) -> TripleSink:
    """One ``ikg:Correction`` per outcome, with its PROV and what it changed."""
    g = TripleSink()
    for outcome in outcomes:
        g.update(_correction_triples(outcome))
    return g


def _correction_triples(outcome: CorrectionOutcome) -> list[tuple[Node, Node, Node]]:
    c = outcome.correction
    node = mint.correction_iri(c.id)
    agent = mint.agent_iri(c.who)
    triples: list[tuple[Node, Node, Node]] = [
        (node, RDF.type, IKG.Correction),
        (node, RDF.type, KIND_CLASS[c.kind]),
        (node, RDF.type, PROV.Entity),
        (node, IKG.correctionId, Literal(c.id)),
        (node, PROV.wasAttributedTo, agent),
        (agent, RDF.type, PROV.Agent),
        (agent, RDFS.label, Literal(c.who)),
        (node, PROV.generatedAtTime, Literal(c.when.isoformat(), datatype=XSD.dateTime)),
        (node, RDFS.comment, Literal(c.why)),
        (node, IKG.applied, Literal(outcome.applied)),
    ]
    if outcome.note:
        triples.append((node, IKG.correctionNote, Literal(outcome.note)))
    triples += [(node, IKG.corrects, mint.resolved_iri(i)) for i in outcome.corrects]
    triples += [(node, IKG.replaces, mint.resolved_iri(i)) for i in outcome.replaces]
    local = mint.local_entity_iri if c.kind in ENTITY_KINDS else mint.local_event_iri
    triples += [(node, IKG.targetMember, local(m.article_id, m.key)) for m in outcome.members]
    field = _field(outcome)
    if field:
        triples.append((node, IKG.correctedField, Literal(field)))
    triples += [(node, IKG.machineValue, _value(c.field, v)) for v in outcome.machine_value]
    triples += [(node, IKG.correctedValue, _value(c.field, v)) for v in outcome.corrected_value]
    return triples


def _field(outcome: CorrectionOutcome) -> str | None:
    """The events-table column the correction set (``members`` for merges and splits)."""
    c = outcome.correction
    if c.kind == "set_field":
        return c.field
    if c.kind in ("merge_events", "split_mention"):
        return "members"
    if c.kind == "rename_entity":
        return "label"
    return None


def _value(field: str | None, value: str) -> URIRef | Literal:
    return mint.resolved_iri(value) if field in ENTITY_VALUED else Literal(value)
