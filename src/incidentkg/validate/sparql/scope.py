"""Which focus nodes an update can have changed the verdict of (issue 17).

After an incremental build only the nodes the update touched need validating, provided the
shapes look no further than a focus node's own triples and the types of its values:

- a focus node's results depend on its triples (``sh:path`` is one step) and on its
  rdf:type (targets);
- ``sh:class`` also reads the types of its values, so a node pointing at a node whose
  rdf:type triples changed is touched too.

:func:`local_shapes` checks that the shapes keep to that (no ``sh:node``, no SPARQL
constraints, no path longer than one step, no test of a value's own triples); when
they do not, the caller validates as before. :func:`touched_nodes` turns the quads an
update added and removed into the focus nodes to check: every IRI they mention (subjects
and objects: one that was pointed at may be a focus of ``sh:targetObjectsOf``) plus the
referrers of re-typed nodes; :func:`live_nodes` then drops those the new store no longer
names at all (a removed article's nodes), which no target but ``sh:targetNode`` reaches.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import RDF, RDFS, SH, Graph, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

_TYPE = ox.NamedNode(str(RDF.type))
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
#: shapes that apply to the node they are given: the focus node, or a value node
_SAME_NODE = (SH.node, SH["and"], SH["or"], SH.xone, SH["not"])


def local_shapes(shapes: Graph) -> bool:
    """True when a focus node's verdict reads only its own triples and its values' types.

    Shapes on the focus node may have property shapes of one step (an IRI, or alternatives
    of IRIs); shapes on value nodes (below a property shape) may test the value itself and
    its types (``sh:class``, ``sh:in``, ``sh:datatype`` ...), not the value's own triples.
    """
    if any(shapes.triples((None, SH.sparql, None))) or any(shapes.triples((None, SH.target, None))):
        return False
    roots = {s for p in _TARGETS for s in shapes.subjects(p, None)}
    roots |= set(shapes.subjects(RDF.type, RDFS.Class)) & set(shapes.subjects(SH.property, None))
    return all(_local(shapes, root, True, set()) for root in roots)


def _local(shapes: Graph, shape: Node, on_focus: bool, seen: set[tuple[Node, bool]]) -> bool:
    if (shape, on_focus) in seen:
        return True
    seen.add((shape, on_focus))
    path = shapes.value(shape, SH.path)
    if path is not None:
        if not on_focus or not _one_step(shapes, path):
            return False
        on_focus = False  # what follows applies to the values
    for prop in shapes.objects(shape, SH.property):
        if not on_focus or not _local(shapes, prop, True, seen):
            return False
    for p in _SAME_NODE:
        for obj in shapes.objects(shape, p):
            members = list(Collection(shapes, obj)) if p in _LISTS else [obj]
            if not all(_local(shapes, m, on_focus, seen) for m in members):
                return False
    return all(
        _local(shapes, q, False, seen) for q in shapes.objects(shape, SH.qualifiedValueShape)
    )


_LISTS = (SH["and"], SH["or"], SH.xone)


def _one_step(shapes: Graph, path: Node) -> bool:
    if isinstance(path, URIRef):
        return True
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is None:
        return False  # sequence, inverse, zero-or-more ... reach further
    return all(isinstance(p, URIRef) for p in Collection(shapes, alternatives))


def touched_nodes(store: ox.Store, changed: Iterable[ox.Quad]) -> frozenset[str]:
    """IRIs of the changed quads' subjects and objects, and of every node (in any graph of
    ``store``) pointing at one whose rdf:type changed."""
    nodes: set[str] = set()
    retyped: set[ox.NamedNode] = set()
    for quad in changed:
        for term in (quad.subject, quad.object):
            if isinstance(term, ox.NamedNode):
                nodes.add(term.value)
        if quad.predicate == _TYPE and isinstance(quad.subject, ox.NamedNode):
            retyped.add(quad.subject)
    for node in retyped:
        nodes.update(
            q.subject.value
            for q in store.quads_for_pattern(None, None, node, None)
            if isinstance(q.subject, ox.NamedNode)
        )
    return frozenset(nodes)


def live_nodes(store: ox.Store, nodes: Iterable[str], shapes: Graph) -> frozenset[str]:
    """``nodes`` less those no quad of ``store`` names (as subject or object): a node with
    no triple is no focus of a class, subjects-of or objects-of target, so only an explicit
    ``sh:targetNode`` can make it one (those stay). Removing an article touches every node
    of its graph; validating them all was a third of the update (issue 17)."""
    explicit = {str(n) for n in shapes.objects(None, SH.targetNode)}
    return frozenset(n for n in nodes if n in explicit or _named(store, ox.NamedNode(n)))


def _named(store: ox.Store, node: ox.NamedNode) -> bool:
    for found in (
        store.quads_for_pattern(node, None, None),
        store.quads_for_pattern(None, None, node),
    ):
        if next(found, None) is not None:
            return True
    return False
