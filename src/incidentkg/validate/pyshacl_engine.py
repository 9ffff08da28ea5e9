"""SHACL validation with results as data (LinkML validator style).

pySHACL returns a results graph; we turn it into typed :class:`ValidationResult`
records by reading ``sh:`` properties, never the message text, so callers and
tests can assert on focus node and constraint component. Warnings (e.g. an event
without a place) are reported but do not make a report non-conforming.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyshacl
from rdflib import RDF, Dataset, Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from incidentkg.validate.report import (  # noqa: F401  (re-exported for callers of this engine)
    Severity,
    ShaclViolationError,
    ValidationReport,
    ValidationResult,
    load_shapes,
    result_key,
)


def validate_graph(data: Graph | Dataset, shapes: Graph | None = None) -> ValidationReport:
    """Validate the union of all named graphs (events point across graphs to spans)."""
    shapes_graph = load_shapes() if shapes is None else shapes
    _conforms, results_graph, _text = pyshacl.validate(
        union_graph(data),
        shacl_graph=shapes_graph,
        inference="none",
        allow_warnings=True,
    )
    results = tuple(sorted(_parse_results(results_graph), key=result_key))
    conforms = not any(r.severity is Severity.VIOLATION for r in results)
    return ValidationReport(conforms=conforms, results=results)


def union_graph(data: Graph | Dataset) -> Graph:
    """One plain graph with the triples of every named graph (and the default graph)."""
    if not isinstance(data, Dataset):
        return data
    union = Graph()
    for s, p, o, _g in data.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def _parse_results(results_graph: Graph) -> Iterator[ValidationResult]:
    for node in results_graph.subjects(RDF.type, SH.ValidationResult):
        yield _parse_result(results_graph, node)


def _parse_result(g: Graph, node: Node) -> ValidationResult:
    message = g.value(node, SH.resultMessage)
    component = g.value(node, SH.sourceConstraintComponent)
    return ValidationResult(
        severity=Severity(str(g.value(node, SH.resultSeverity))),
        focus_node=_required(g.value(node, SH.focusNode)),
        path=g.value(node, SH.resultPath),
        constraint_component=URIRef(str(component)),
        source_shape=_required(g.value(node, SH.sourceShape)),
        message=str(message) if message is not None else None,
        value=g.value(node, SH.value),
    )


def _required(node: Node | None) -> Node:
    if node is None:
        raise ValueError("pySHACL result without a required sh: property")
    return node
