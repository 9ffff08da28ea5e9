"""Validation results as data (as LinkML's validator has them): typed results in a report.

Shared by the SPARQL engine and the pySHACL reference engine; loads no pySHACL.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import SH, NamespaceManager
from rdflib.term import Node

from incidentkg.errors import IncidentKGError, Msg
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


@cache
def load_shapes() -> Graph:
    """All ``*.ttl`` in the shapes folder; cached, so do not modify the result."""
    graph = Graph()
    for path in sorted(resource_dir("shapes").glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def read_shapes(paths: Iterable[Path]) -> Graph:
    """A shapes graph from Turtle files of the user's; one that does not parse is E091."""
    graph = Graph()
    for path in paths:
        try:
            graph.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises its parsers' own error types
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise IncidentKGError(Msg.E091, path=path, reason=reason) from exc
    return graph


def result_key(r: ValidationResult) -> tuple[str, str, str, str, str]:
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
