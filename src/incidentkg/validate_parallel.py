"""SHACL validation on several cores: the targeted shapes are split between forked workers.

Each shape's results depend only on the data graph, so validating disjoint groups of
targeted shapes over the *same* union graph and joining the results gives exactly the
report of one pySHACL run (same verdicts, same results; checked by the tests). The union
graph is built once and shared with the workers through fork (copy-on-write), and groups
are balanced by the number of target instances, the main cost driver of pySHACL.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Sequence

import pyshacl
from rdflib import RDF, Dataset, Graph
from rdflib.namespace import SH
from rdflib.term import Node

from incidentkg.executors import default_jobs
from incidentkg.validate import (
    Severity,
    ValidationReport,
    ValidationResult,
    _parse_results,
    _result_key,
    load_shapes,
    union_graph,
    validate_graph,
)

_OTHER_TARGETS = (SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
_DATA: Graph | None = None
_SHAPES: Graph | None = None


def targeted_shapes(shapes: Graph) -> list[Node]:
    """Shapes with a ``sh:targetClass`` (the only kind our shapes use for targets)."""
    return sorted(set(shapes.subjects(SH.targetClass, None)), key=str)


def _weight(data: Graph, shapes: Graph, shape: Node) -> int:
    classes = list(shapes.objects(shape, SH.targetClass))
    return 1 + sum(sum(1 for _ in data.subjects(RDF.type, cls)) for cls in classes)


def groups(data: Graph, shapes: Graph, n: int) -> list[list[Node]]:
    """``n`` groups of shapes with about equal target counts (largest first, greedy)."""
    weighted = sorted(((_weight(data, shapes, s), s) for s in targeted_shapes(shapes)),
                      key=lambda ws: (-ws[0], str(ws[1])))  # fmt: skip
    bins: list[tuple[int, list[Node]]] = [(0, []) for _ in range(n)]
    for weight, shape in weighted:
        i = min(range(n), key=lambda k: bins[k][0])
        bins[i] = (bins[i][0] + weight, [*bins[i][1], shape])
    return [b for _, b in bins if b]


def only_targets_of(shapes: Graph, keep: Sequence[Node]) -> Graph:
    """The shapes graph with the targets of every shape not in ``keep`` removed.

    A shape without a target yields no results of its own but still works when another
    shape refers to it (``sh:node``, ``sh:or``), so the kept shapes behave as in a full run.
    """
    out = Graph()
    kept = set(keep)
    for s, p, o in shapes:
        if p != SH.targetClass or s in kept:
            out.add((s, p, o))
    return out


def _validate_group(shapes: Sequence[Node]) -> list[ValidationResult]:
    assert _DATA is not None and _SHAPES is not None
    _conforms, results_graph, _text = pyshacl.validate(
        _DATA, shacl_graph=only_targets_of(_SHAPES, shapes), inference="none",
        allow_warnings=True,
    )  # fmt: skip
    return list(_parse_results(results_graph))


def validate_parallel(
    data: Graph | Dataset, shapes: Graph | None = None, jobs: int = 0
) -> ValidationReport:
    """Same report as :func:`incidentkg.validate.validate_graph`, on ``jobs`` processes."""
    global _DATA, _SHAPES
    shapes_graph = load_shapes() if shapes is None else shapes
    n = jobs or default_jobs()
    if n <= 1 or any(shapes_graph.triples((None, t, None)) for t in _OTHER_TARGETS):
        return validate_graph(data, shapes_graph)
    _DATA, _SHAPES = union_graph(data), shapes_graph
    try:
        parts = groups(_DATA, shapes_graph, n)
        with mp.get_context("fork").Pool(len(parts)) as pool:
            found = [r for rs in pool.map(_validate_group, parts) for r in rs]
    finally:
        _DATA = _SHAPES = None
    results = tuple(sorted(set(found), key=_result_key))
    conforms = not any(r.severity is Severity.VIOLATION for r in results)
    return ValidationReport(conforms=conforms, results=results)
