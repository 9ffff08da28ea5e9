"""SHACL validation with results as data (LinkML validator style).

pySHACL returns a results graph; we turn it into typed :class:`ValidationResult`
records by reading ``sh:`` properties, never the message text, so callers and
tests can assert on focus node and constraint component. Warnings (e.g. an event
without a place) are reported but do not make a report non-conforming.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

import pyshacl
from rdflib import RDF, Dataset, Graph, URIRef
from rdflib.namespace import SH, NamespaceManager
from rdflib.term import Node

from incidentkg.rdf.namespace import PREFIXES
from incidentkg.resources import resource_dir


class Severity(StrEnum):
    """``sh:resultSeverity`` values, strongest first."""

    VIOLATION = str(SH.Violation)
    WARNING = str(SH.Warning)
    INFO = str(SH.Info)

    @property
    def label(self) -> str:
        return self.value.rsplit("#", 1)[-1]


@dataclass(frozen=True)
class ValidationResult:
    """One ``sh:ValidationResult``; terms are kept as rdflib nodes."""

    severity: Severity
    focus_node: Node
    path: Node | None
    constraint_component: URIRef
    source_shape: Node
    message: str | None
    value: Node | None


@dataclass(frozen=True)
class ValidationReport:
    """All results of one validation; ``conforms`` ignores warnings and infos."""

    conforms: bool
    results: tuple[ValidationResult, ...]

    def iter_results(self) -> Iterator[ValidationResult]:
        yield from self.results

    @property
    def violations(self) -> tuple[ValidationResult, ...]:
        return tuple(r for r in self.results if r.severity is Severity.VIOLATION)

    @property
    def warnings(self) -> tuple[ValidationResult, ...]:
        return tuple(r for r in self.results if r.severity is Severity.WARNING)

    def raise_for_results(self) -> None:
        """Raise :class:`ShaclViolationError` if there is any violation."""
        if self.violations:
            raise ShaclViolationError(self)

    def to_text(self) -> str:
        """A report grouped by source shape, for people (tests use the fields)."""
        if not self.results:
            return "Conforms: no results."
        nm = _namespaces()
        head = f"Conforms: {self.conforms} ({len(self.violations)} violations, "
        lines = [head + f"{len(self.warnings)} warnings)"]
        for shape, results in _group_by_shape(self.results).items():
            lines.append(f"{_short(shape, nm)} ({len(results)})")
            lines.extend(_result_line(r, nm) for r in results)
        return "\n".join(lines)


class ShaclViolationError(ValueError):
    """The data violates the shapes; ``report`` holds the typed results."""

    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        super().__init__(report.to_text())


def validate_graph(data: Graph | Dataset, shapes: Graph | None = None) -> ValidationReport:
    """Validate the union of all named graphs (events point across graphs to spans)."""
    shapes_graph = load_shapes() if shapes is None else shapes
    _conforms, results_graph, _text = pyshacl.validate(
        union_graph(data),
        shacl_graph=shapes_graph,
        inference="none",
        allow_warnings=True,
    )
    results = tuple(sorted(_parse_results(results_graph), key=_result_key))
    conforms = not any(r.severity is Severity.VIOLATION for r in results)
    return ValidationReport(conforms=conforms, results=results)


@cache
def load_shapes() -> Graph:
    """All ``*.ttl`` in the shapes folder; cached, so do not modify the result."""
    graph = Graph()
    for path in sorted(resource_dir("shapes").glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


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


def _result_key(r: ValidationResult) -> tuple[str, str, str, str, str]:
    severity_rank = str(list(Severity).index(r.severity))
    return severity_rank, str(r.source_shape), str(r.focus_node), str(r.path), str(r.value)


def _group_by_shape(
    results: tuple[ValidationResult, ...],
) -> dict[Node, list[ValidationResult]]:
    groups: dict[Node, list[ValidationResult]] = defaultdict(list)
    for result in results:
        groups[result.source_shape].append(result)
    return dict(groups)


def _result_line(r: ValidationResult, nm: NamespaceManager) -> str:
    path = f" path {_short(r.path, nm)}" if r.path is not None else ""
    value = f" value {_short(r.value, nm)}" if r.value is not None else ""
    component = _short(r.constraint_component, nm)
    return (
        f"  {r.severity.label}: {_short(r.focus_node, nm)}{path}{value}"
        f" [{component}] {r.message or ''}".rstrip()
    )


@cache
def _namespaces() -> NamespaceManager:
    nm = NamespaceManager(Graph(), bind_namespaces="rdflib")
    for prefix, ns in PREFIXES.items():
        nm.bind(prefix, ns, replace=True)
    return nm


def _short(node: Node | None, nm: NamespaceManager) -> str:
    if node is None:
        return "-"
    if isinstance(node, URIRef):
        try:
            return nm.normalizeUri(node)
        except Exception:
            return node.n3()
    return node.n3() if hasattr(node, "n3") else str(node)
