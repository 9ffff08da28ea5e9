"""SHACL validation compiled to SPARQL and answered by Oxigraph (pySHACL stays the reference).

pySHACL needs the store copied into rdflib and walks it in Python (about a minute for 100 k
quads). Here the shapes graph is compiled, generically, into SPARQL SELECT queries that
Oxigraph answers over the union of the named graphs, and the rows become the same
:class:`~incidentkg.validate.report.ValidationResult` records as pySHACL's report
(tests/test_validate_sparql.py compares the two on every fixture and on the seed store).

The package follows the SHACL spec, as pySHACL's does: :mod:`.compiler` reads shapes, targets
and paths; :mod:`.constraints` has one module per family of constraint components (the list of
what is supported, published as ``validate/FEATURES.md``); :mod:`.queries` turns compiled
shapes into queries; this module runs them. Every constraint compiles to a boolean SPARQL
expression "this value (or focus node) violates it"; a nested shape (``sh:or``, ``sh:xone``,
``sh:node``, ``sh:qualifiedValueShape`` ...) compiles to the disjunction of its constraints'
expressions, used inside the outer one. Semantics are pySHACL's with ``inference="none"`` and
``allow_warnings=True``: a nested shape of severity Warning or Info always conforms. A
constraint the compiler does not know raises :class:`UnsupportedShapeError` (E090, a user
error); none is skipped.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Collection, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pyoxigraph as ox
from rdflib import RDFS, Graph

from incidentkg.rdf.convert import rdflib_term
from incidentkg.validate.report import (
    Severity,
    ValidationReport,
    ValidationResult,
    load_shapes,
    result_key,
)
from incidentkg.validate.sparql.compiler import Compiler
from incidentkg.validate.sparql.model import Focus
from incidentkg.validate.sparql.queries import Query, root_focus, shape_queries
from incidentkg.validate.sparql.text import Ctx, iri
from incidentkg.validate.sparql.unsupported import UnsupportedShapeError

__all__ = ["JOIN_ABOVE", "UnsupportedShapeError", "compile_queries", "validate_store"]

# Above this many focus nodes a shape's queries hash-join whole-store subqueries; at or
# below it they look values up per focus node (see incidentkg.validate.sparql.queries).
JOIN_ABOVE = 3000


def _solutions(store: ox.Store, sparql: str) -> Any:
    return store.query(sparql, use_default_graph_as_union=True)


def _run(store: ox.Store, query: Query) -> Iterator[ValidationResult]:
    shape = query.shape
    if query.probe is not None and not _solutions(store, query.probe):
        return
    for row in _solutions(store, query.sparql):
        focus = rdflib_term(row["this"])
        for i, (check, value) in enumerate(zip(query.checks, query.values, strict=True)):
            flag = row[f"c{i}"]
            if flag is None or flag.value != "true":
                continue
            yield ValidationResult(
                severity=shape.severity,
                focus_node=focus,
                path=shape.path,
                constraint_component=check.component,
                source_shape=shape.node,
                message=shape.message or check.label,
                value=None if value is None else rdflib_term(row[value]),
            )


def _subclasses(store: ox.Store) -> dict[str, set[str]] | None:
    """Class IRI → all its subclass IRIs (transitively), from the data's rdfs:subClassOf;
    None if a blank node takes part (see :class:`~incidentkg.validate.sparql.text.Ctx`)."""
    direct: dict[str, set[str]] = defaultdict(set)
    query = f"SELECT DISTINCT ?sub ?sup WHERE {{ ?sub {iri(str(RDFS.subClassOf))} ?sup }}"
    for sub, sup in _solutions(store, query):
        if not (isinstance(sub, ox.NamedNode) and isinstance(sup, ox.NamedNode)):
            return None
        direct[sup.value].add(sub.value)
    closure: dict[str, set[str]] = {}
    for cls in direct:
        seen: set[str] = set()
        todo = [cls]
        while todo:
            new = direct.get(todo.pop(), set()) - seen
            seen |= new
            todo.extend(new)
        closure[cls] = seen
    return closure


def _count(store: ox.Store, focus: Focus) -> int:
    rows = _solutions(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ {focus('?x')[0]} }}")
    return int(next(iter(rows))[0].value)


def compile_queries(
    store: ox.Store,
    shapes: Graph | None = None,
    graphs: Collection[str] | None = None,
    nodes: Collection[str] | None = None,
) -> list[Query]:
    """The queries :func:`validate_store` runs (``.sparql`` holds the text; for debugging).

    Counts each targeted shape's focus nodes in ``store`` to pick joins or lookups.
    """
    roots = Compiler(load_shapes() if shapes is None else shapes).roots()
    ctx = Ctx(_subclasses(store))
    queries: list[Query] = []
    for root in roots:
        if root.shape.deactivated:
            continue
        focus = root_focus(ctx, root, graphs, nodes)
        joins = _count(store, focus) > JOIN_ABOVE
        queries += shape_queries(ctx, root.shape, focus, joins)
    return queries


def validate_store(
    store: ox.Store,
    shapes: Graph | None = None,
    graphs: Collection[str] | None = None,
    jobs: int = 0,
    nodes: Collection[str] | None = None,
) -> ValidationReport:
    """Validate the union of the store's graphs against ``shapes`` (default: ours).

    With ``graphs`` (graph IRIs), only focus nodes typed in one of those graphs are checked;
    their values are still looked up in the whole store: an incremental build validates the
    graphs it changed. With ``nodes`` (IRIs), only those focus nodes are checked: the nodes
    an update touched (:mod:`.scope`). An unsupported shape raises
    :class:`UnsupportedShapeError` before any constraint query runs. The queries run on
    ``jobs`` threads (0: one per core): pyoxigraph evaluates a query without holding the
    GIL (2.08 M quads: 28 s → 18 s on 2).
    """
    queries = compile_queries(store, shapes, graphs, nodes)
    threads = jobs or len(os.sched_getaffinity(0))
    if threads > 1 and len(queries) > 1:
        with ThreadPoolExecutor(threads, thread_name_prefix="incidentkg-shacl") as pool:
            found = [r for rs in pool.map(lambda q: list(_run(store, q)), queries) for r in rs]
    else:
        found = [r for q in queries for r in _run(store, q)]
    results = sorted(found, key=result_key)
    conforms = not any(r.severity is Severity.VIOLATION for r in results)
    return ValidationReport(conforms=conforms, results=tuple(results))
