"""``incidentkg validate --engine sparql|pyshacl``: both engines, one verdict and one report."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rdflib
from typer.testing import CliRunner

from incidentkg.cli import app
from incidentkg.store.local import write_store

FIXTURES = Path(__file__).parent / "shapes"
# violating shape fixtures (tests/shapes/README.md), each in its own graph; the event
# fixtures share their IRIs, so their events merge into one event breaking several shapes
VIOLATING = (
    "event-violating-two-categories.ttl",
    "event-violating-unknown-with-timestamp.ttl",
    "figure-violating-value-above-max.ttl",
    "place-violating-parent-and-lat.ttl",
    "span-violating-begin-not-before-end.ttl",
    "event-warning-no-place.ttl",
)

runner = CliRunner()


def _invoke(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def violating_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dataset = rdflib.Dataset()
    base = dataset.graph(rdflib.URIRef("https://w3id.org/incidentkg/graph/test/base"))
    base.parse(FIXTURES / "base.ttl", format="turtle")
    for name in VIOLATING:
        graph = dataset.graph(rdflib.URIRef(f"https://w3id.org/incidentkg/graph/test/{name}"))
        graph.parse(FIXTURES / name, format="turtle")
    path = tmp_path_factory.mktemp("violating") / "store"
    write_store(path, dataset)
    return path


def test_validate_cli_engines_agree_on_violating_store(violating_store: Path) -> None:
    """The fast engine replaces pySHACL by default, so on the same store both must exit 1
    with the same count and the same report lines (every shape of ours has sh:message)."""
    outputs = {}
    for engine in ("sparql", "pyshacl"):
        code, output = _invoke("validate", "--store", violating_store, "--engine", engine)
        assert code == 1, output
        outputs[engine] = output
    counts = {e: re.findall(r"does not conform: (\d+) result", o) for e, o in outputs.items()}
    assert counts["sparql"] == counts["pyshacl"] == ["9"]
    assert sorted(outputs["sparql"].splitlines()) == sorted(outputs["pyshacl"].splitlines())


def test_validate_cli_default_engine_is_sparql(violating_store: Path) -> None:
    """Without --engine the SPARQL engine runs; its report is the one printed by default."""
    default = _invoke("validate", "--store", violating_store)
    assert default == _invoke("validate", "--store", violating_store, "--engine", "sparql")


def test_validate_cli_unknown_engine_is_usage_error(violating_store: Path) -> None:
    """A misspelt engine is refused by the option parser, naming the choices."""
    code, output = _invoke("validate", "--store", violating_store, "--engine", "jena")
    assert code == 2
    assert "sparql" in output and "pyshacl" in output


UNSUPPORTED_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ikg: <https://w3id.org/incidentkg/ontology#> .
@prefix ex: <http://example.org/> .
ex:LabelTwice a sh:NodeShape ; sh:targetClass ikg:Event ;
  sh:property [ sh:path rdfs:label ; sh:equals rdfs:label ] .
"""


def test_validate_cli_unsupported_shape_is_a_user_error(
    violating_store: Path, tmp_path: Path
) -> None:
    """Issue 14: a shape the SPARQL engine cannot compile was reported as "internal error ...
    This is a bug" (exit 2). It is the user's to fix: E090, exit 1, and the advice to use
    pySHACL works (pySHACL supports sh:equals, and the events conform to it)."""
    shapes = tmp_path / "custom.ttl"
    shapes.write_text(UNSUPPORTED_SHAPES, encoding="utf-8")
    code, output = _invoke("validate", "--store", violating_store, "--shapes", shapes)
    assert code == 1, output
    assert "[E090]" in output and "sh:equals" in output and "--engine pyshacl" in output
    assert "internal error" not in output and "This is a bug" not in output
    args = ("--shapes", shapes, "--engine", "pyshacl")
    code, output = _invoke("validate", "--store", violating_store, *args)
    assert code == 0, output
    assert "conforms" in output


def test_validate_cli_unreadable_shapes_file_is_a_user_error(
    violating_store: Path, tmp_path: Path
) -> None:
    """A shapes file that is not Turtle names the file (E091) instead of a parser traceback."""
    shapes = tmp_path / "broken.ttl"
    shapes.write_text("ex:S a sh:NodeShape", encoding="utf-8")
    code, output = _invoke("validate", "--store", violating_store, "--shapes", shapes)
    assert code == 1, output
    assert "[E091]" in output and "broken.ttl" in output
