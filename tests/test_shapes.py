"""Every SHACL shape against its conforming and violating fixtures (tests/shapes/README.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import SH

from incidentkg.rdf.namespace import ID, IKG, IKG_SHAPES
from incidentkg.validate.pyshacl_engine import (
    Severity,
    ShaclViolationError,
    ValidationReport,
    load_shapes,
    validate_graph,
)

FIXTURES = Path(__file__).parent / "shapes"
EXPECTATIONS: dict[str, dict[str, Any]] = yaml.safe_load(
    (FIXTURES / "expectations.yaml").read_text(encoding="utf-8")
)
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


def validate_fixture(name: str) -> ValidationReport:
    graph = Graph()
    graph.parse(FIXTURES / "base.ttl", format="turtle")
    graph.parse(FIXTURES / name, format="turtle")
    return validate_graph(graph)


def as_rows(report: ValidationReport) -> set[tuple[str, str, str, str]]:
    return {
        (
            r.severity.label,
            str(r.focus_node).removeprefix(str(ID)),
            str(r.constraint_component).removeprefix(str(SH)).removesuffix("ConstraintComponent"),
            str(r.source_shape).removeprefix(str(IKG_SHAPES)),
        )
        for r in report.iter_results()
    }


@pytest.mark.parametrize("name", sorted(EXPECTATIONS))
def test_shapes_fixture_matches_expectation(name: str) -> None:
    """Each shape must accept good data and name the right focus node and constraint on bad data."""
    expected = EXPECTATIONS[name]
    report = validate_fixture(name)
    assert report.conforms is expected["conforms"], report.to_text()
    assert as_rows(report) == {tuple(row) for row in expected["results"]}, report.to_text()


def test_shapes_every_fixture_has_expectation() -> None:
    """A fixture without an expectation would silently never run."""
    assert {p.name for p in FIXTURES.glob("*.ttl")} == set(EXPECTATIONS)


def test_shapes_every_targeted_shape_has_both_fixtures() -> None:
    """Guide practice 5: a shape with no violating fixture may never fire; none with no
    conforming fixture may reject everything."""
    shapes = load_shapes()
    targeted = {
        str(s).removeprefix(str(IKG_SHAPES))
        for s in shapes.subjects(RDF.type, SH.NodeShape)
        if any((s, t, None) in shapes for t in TARGETS)
    }
    expectations = EXPECTATIONS.values()
    good = {s for e in expectations if e["conforms"] and not e["results"] for s in e["shapes"]}
    bad = {s for e in expectations if e["results"] for s in e["shapes"]}
    assert targeted - good == set()
    assert targeted - bad == set()


def test_shapes_every_shape_has_iri_and_message() -> None:
    """Reports name shapes by IRI and show their message; anonymous shapes read badly."""
    shapes = load_shapes()
    for kind in (SH.NodeShape, SH.PropertyShape):
        for shape in shapes.subjects(RDF.type, kind):
            assert isinstance(shape, URIRef), shape
            assert str(shape).startswith(str(IKG_SHAPES)), shape
            assert shapes.value(shape, SH.message) is not None, shape


def test_validate_warning_keeps_conformance() -> None:
    """An event without a place is worth a warning, not a failed build."""
    report = validate_fixture("event-warning-no-place.ttl")
    assert report.conforms
    assert [r.severity for r in report.warnings] == [Severity.WARNING]
    assert report.violations == ()
    report.raise_for_results()


def test_validate_raise_for_results_and_text() -> None:
    """Callers (CLI) need an exception carrying typed results and a readable grouped text."""
    report = validate_fixture("figure-violating-kind-and-datatype.ttl")
    with pytest.raises(ShaclViolationError) as info:
        report.raise_for_results()
    assert info.value.report is report
    text = report.to_text()
    assert "ikgsh:Figure-kind (1)" in text
    assert "sh:InConstraintComponent" in text
    assert "ikgid:event/e1/figure/1" in text or "id/event/e1/figure/1>" in text
    result = next(r for r in report.violations if r.path == IKG.value)
    assert result.value == Literal("2", datatype=XSD.int)
