"""Validating only the focus nodes an update touched (issue 17).

After each incremental update, the full validation of the new store must equal the old
store's full results outside the touched nodes plus the scoped validation of the touched
nodes: then the scoped verdict is the full verdict, whatever the store held before.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from conftest import SEEDS
from incidentkg.build.api import BuildReport, build_store
from incidentkg.build.executors import ExecutorOptions
from incidentkg.build.incremental import BuildOptions
from incidentkg.store.local import open_store
from incidentkg.validate.report import ValidationReport, load_shapes
from incidentkg.validate.sparql import validate_store
from incidentkg.validate.sparql.scope import live_nodes, local_shapes

OPTIONS = BuildOptions(executor=ExecutorOptions(jobs=1))
#: a shape the seeds conform to and the article below breaks: ids of 6 characters or more,
#: and every event's place a named place
LONG_IDS = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix schema: <https://schema.org/> .
@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .
@prefix ikg: <https://w3id.org/incidentkg/ontology#> .
@prefix ex: <http://example.org/shapes#> .
ex:LongIds a sh:NodeShape ; sh:targetClass schema:NewsArticle ;
  sh:property [ sh:path schema:identifier ; sh:minLength 6 ] .
ex:Placed a sh:NodeShape ; sh:targetClass ikg:Event ;
  sh:property [ sh:path sem:hasPlace ; sh:class ikg:Place ] .
"""
ZAFAR = """Police officer shot dead in Quetta

QUETTA, March 3, 2023 - Zafar Iqbal Khan, a police inspector, was shot dead by gunmen on
motorcycles near the Hali Road checkpoint in Quetta on Friday, police said.
"""

Row = tuple[str, str, str, str]


def _rows(report: ValidationReport) -> set[Row]:
    return {(str(r.focus_node), str(r.constraint_component), str(r.source_shape), str(r.value))
            for r in report.results}  # fmt: skip


def _shapes(extra: str) -> Graph:
    shapes = Graph()
    for s, p, o in load_shapes():
        shapes.add((s, p, o))
    shapes.parse(data=extra, format="turtle")
    return shapes


def _step(store: Path, shapes: list[Graph], **change: object) -> BuildReport:
    """Apply one update; check the scoped verdict against full validations, per shapes."""
    before = [_rows(validate_store(open_store(store), s)) for s in shapes]
    built = build_store(store, options=OPTIONS, **change)  # type: ignore[arg-type]
    nodes = built.validated_nodes
    assert nodes is not None, "an incremental update validates the nodes it touched"
    db = open_store(store)
    for shape, old in zip(shapes, before, strict=True):
        full = _rows(validate_store(db, shape))
        scoped = _rows(validate_store(db, shape, nodes=nodes))
        assert full == {r for r in old if r[0] not in nodes} | scoped
    assert _rows(built.validation) == _rows(validate_store(db, nodes=nodes))  # type: ignore[arg-type]
    return built


def test_incremental_validation_scoped_verdict_equals_the_full_one(tmp_path: Path) -> None:
    """Add, edit and remove articles: each time the touched nodes' results and the old
    results elsewhere make up the full results, including a violation the update brings
    (and one it takes away)."""
    assert local_shapes(load_shapes())
    long_ids = _shapes(LONG_IDS)
    shapes = [load_shapes(), long_ids]
    files = sorted(SEEDS.glob("*.txt"))
    store = tmp_path / "store"
    first = build_store(store, files[:3], OPTIONS)
    assert first.validated_nodes is None  # a new store: validated whole
    assert validate_store(open_store(store), long_ids).conforms
    _step(store, shapes, paths=files[3:4])
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "zafar.txt").write_text(ZAFAR, encoding="utf-8")
    built = _step(store, shapes, paths=[folder])
    assert not validate_store(open_store(store), long_ids).conforms, "the update brings a violation"
    assert len(built.validated_nodes or ()) < 0.5 * len(open_store(store))
    edited = folder / files[3].name
    shutil.copy(files[3], edited)
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace(". ", " on Monday. ", 1), encoding="utf-8")
    _step(store, shapes, paths=[edited])
    _step(store, shapes, remove=["zafar"])
    assert validate_store(open_store(store), long_ids).conforms


@pytest.mark.parametrize(
    "extra",
    [
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:node ex:T ] ."
        " ex:T sh:property [ sh:path ex:q ; sh:minCount 1 ] .",
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select 'SELECT ?this {}' ] .",
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ( ex:p ex:q ) ] .",
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ;"
        " sh:or ( [ sh:property [ sh:path ex:q ; sh:minCount 1 ] ] ) ] .",
    ],
)
def test_incremental_validation_shapes_that_look_further_validate_more(extra: str) -> None:
    """A shape reading more than a node's own triples and its values' types (a value's
    node shape, a path of two steps, a property shape of a value, SPARQL) cannot be scoped
    to nodes; a node shape on the focus node itself can."""
    prefixes = "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> ."
    assert not local_shapes(Graph().parse(data=prefixes + extra, format="turtle"))
    own = "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:node ex:T ."
    own += " ex:T sh:property [ sh:path ex:q ; sh:minCount 1 ] ."
    assert local_shapes(Graph().parse(data=prefixes + own, format="turtle"))


def test_incremental_validation_many_touched_nodes_validate_the_changed_graphs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An update touching more nodes than `MAX_TOUCHED_NODES` (a hundred articles: their
    nodes as a VALUES list in every shape's query took 180 s) validates the graphs it
    changed instead, with the verdict of a full validation."""
    from incidentkg.build import api

    files = sorted(SEEDS.glob("*.txt"))
    store = tmp_path / "store"
    build_store(store, files[:3], OPTIONS)
    monkeypatch.setattr(api, "MAX_TOUCHED_NODES", 10)
    built = build_store(store, files[3:], OPTIONS)
    assert built.result.touched is not None and len(built.result.touched) > 10
    assert built.validated_nodes is None and built.validated_graphs is not None
    assert built.validation is not None
    full = validate_store(open_store(store))
    assert _rows(built.validation) <= _rows(full)
    assert built.validation.conforms == full.conforms


def test_incremental_validation_nodes_no_quad_names_are_no_focus() -> None:
    """A node the update took every triple of (a removed article's) is no focus of a class
    target and is not validated; one named by ``sh:targetNode`` is a focus with or without
    triples, stays, and keeps its violation: the verdict is the one of all touched nodes."""
    ex = "http://example.org/"
    store = ox.Store()
    graph = ox.NamedNode(f"{ex}g")
    store.add(
        ox.Quad(ox.NamedNode(f"{ex}a"), ox.NamedNode(_RDF_TYPE), ox.NamedNode(f"{ex}C"), graph)
    )
    store.add(
        ox.Quad(ox.NamedNode(f"{ex}b"), ox.NamedNode(f"{ex}p"), ox.NamedNode(f"{ex}a"), graph)
    )
    shapes = Graph().parse(format="turtle", data=f"""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <{ex}> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:q ; sh:minCount 1 ] .
        ex:T a sh:NodeShape ; sh:targetNode ex:kept ; sh:property [ sh:path ex:q ; sh:minCount 1 ] .
    """)  # fmt: skip
    touched = {f"{ex}{n}" for n in ("a", "b", "gone", "kept")}
    live = live_nodes(store, touched, shapes)
    assert live == {f"{ex}a", f"{ex}b", f"{ex}kept"}
    report = validate_store(store, shapes, nodes=live)
    assert _rows(report) == _rows(validate_store(store, shapes, nodes=touched))
    assert {r[0] for r in _rows(report)} == {f"{ex}a", f"{ex}kept"}


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
