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
