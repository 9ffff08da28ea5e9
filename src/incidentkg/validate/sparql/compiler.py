"""Shapes graph → compiled shapes: targets, paths, severities and each constraint's checks.

Reads each shape once; a constraint parameter without a builder in
:mod:`~incidentkg.validate.sparql.constraints`, a SPARQL-based target or a shape that refers to
itself raises :class:`UnsupportedShapeError`: none is skipped.
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.collection import Collection as RdfList
from rdflib.namespace import SH
from rdflib.term import Node

from incidentkg.validate.report import Severity
from incidentkg.validate.sparql.constraints import BUILDERS, NEEDS_PATH, READS
from incidentkg.validate.sparql.model import Check, Root, Shape, true
from incidentkg.validate.sparql.text import iri
from incidentkg.validate.sparql.unsupported import UnsupportedShapeError, short

TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
#: sh: parameters of a shape that are not constraints
SHAPE_PARAMETERS = frozenset(
    {SH.path, SH.property, SH.message, SH.severity, SH.deactivated, SH.name, SH.description,
     SH.order, SH.group, SH.defaultValue}
)  # fmt: skip
_NOT_CONSTRAINTS = frozenset({*TARGETS, *SHAPE_PARAMETERS, *READS})
#: path operators besides predicates, sequences (RDF lists), sh:inversePath, sh:alternativePath
PATHS = {SH.zeroOrMorePath: "*", SH.oneOrMorePath: "+", SH.zeroOrOnePath: "?"}


class Compiler:
    """Reads each shape of the shapes graph once; a shape that refers to itself is refused."""

    def __init__(self, sg: Graph) -> None:
        self.sg = sg
        self.done: dict[Node, Shape] = {}
        self.stack: list[Node] = []

    def roots(self) -> list[Root]:
        for s in self.sg.subjects(SH.target, None):
            raise UnsupportedShapeError(s, "sh:target (SPARQL-based targets) is not supported")
        implicit = set(self._implicit_class_shapes())
        nodes = {s for p in TARGETS for s in self.sg.subjects(p, None)} | implicit
        return [self._root(n, n in implicit) for n in sorted(nodes, key=str)]

    def _implicit_class_shapes(self) -> Iterator[Node]:
        class_types = {RDFS.Class, *self.sg.subjects(RDFS.subClassOf, RDFS.Class)}
        for kind in (SH.NodeShape, SH.PropertyShape):
            for s in self.sg.subjects(RDF.type, kind):
                if any((s, RDF.type, c) in self.sg for c in class_types):
                    yield s

    def _root(self, node: Node, implicit: bool) -> Root:
        classes = [*self.objects(node, SH.targetClass), *([node] if implicit else [])]
        for cls in classes:
            if not isinstance(cls, URIRef):
                raise UnsupportedShapeError(node, f"target class {cls.n3()} is not an IRI")
        return Root(
            self.shape(node),
            tuple(classes),
            tuple(self.objects(node, SH.targetNode)),
            tuple(self.objects(node, SH.targetSubjectsOf)),
            tuple(self.objects(node, SH.targetObjectsOf)),
        )

    def objects(self, node: Node, p: URIRef) -> list[Node]:
        return sorted(self.sg.objects(node, p), key=str)

    def items(self, node: Node, head: Node) -> list[Node]:
        """The members of the RDF list ``head`` (a parameter value of ``node``)."""
        if head != RDF.nil and self.sg.value(head, RDF.first) is None:
            raise UnsupportedShapeError(node, f"{head.n3()} is not an RDF list")
        return list(RdfList(self.sg, head))

    def shape(self, node: Node) -> Shape:
        if node in self.done:
            return self.done[node]
        if node in self.stack:
            raise UnsupportedShapeError(node, "recursive shapes are not supported")
        self.stack.append(node)
        try:
            self.done[node] = self._compile(node)
        finally:
            self.stack.pop()
        return self.done[node]

    def _compile(self, node: Node) -> Shape:
        path = self.sg.value(node, SH.path)
        params = {URIRef(str(p)) for p in self.sg.predicates(node, None)}
        checks = [
            check
            for p in sorted(params)
            if p.startswith(str(SH)) and p not in _NOT_CONSTRAINTS
            for check in self._checks(node, p, path is not None)
        ]
        return Shape(
            node=node,
            path=path,
            sparql_path=None if path is None else _path(self.sg, node, path),
            zero_length=path is not None and _zero_length(self.sg, path),
            severity=self._severity(node),
            message=_message(self.sg, node),
            deactivated=true(self.sg.value(node, SH.deactivated)),
            checks=tuple(checks),
            properties=tuple(self._property(node, p) for p in self.objects(node, SH.property)),
        )

    def _property(self, node: Node, prop: Node) -> Shape:
        shape = self.shape(prop)
        if shape.path is None:
            raise UnsupportedShapeError(node, f"sh:property {prop.n3()} has no sh:path")
        return shape

    def _severity(self, node: Node) -> Severity:
        value = self.sg.value(node, SH.severity)
        try:
            return Severity.VIOLATION if value is None else Severity(str(value))
        except ValueError:
            raise UnsupportedShapeError(node, f"severity {str(value)!r} is not supported") from None

    def _checks(self, node: Node, p: URIRef, is_property: bool) -> list[Check]:
        builder = BUILDERS.get(p)
        if builder is None:
            raise UnsupportedShapeError(node, f"{short(p)} is not supported")
        if p in NEEDS_PATH and not is_property:
            raise UnsupportedShapeError(node, f"{short(p)} needs sh:path")
        return [check for value in self.objects(node, p) for check in builder(self, node, value, p)]


def _message(sg: Graph, node: Node) -> str | None:
    return min((str(m) for m in sg.objects(node, SH.message)), default=None)


def _path(sg: Graph, shape: Node, path: Node) -> str:
    """An ``sh:path`` as a SPARQL property path."""
    if isinstance(path, URIRef):
        return iri(str(path))
    if sg.value(path, RDF.first) is not None:
        return "(" + " / ".join(_path(sg, shape, p) for p in RdfList(sg, path)) + ")"
    inverse = sg.value(path, SH.inversePath)
    if inverse is not None:
        return f"^({_path(sg, shape, inverse)})"
    alternatives = sg.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + " | ".join(_path(sg, shape, p) for p in RdfList(sg, alternatives)) + ")"
    for p, op in PATHS.items():
        inner = sg.value(path, p)
        if inner is not None:
            return f"({_path(sg, shape, inner)}){op}"
    raise UnsupportedShapeError(shape, f"sh:path {path.n3()} is not a SHACL path")


def _zero_length(sg: Graph, path: Node) -> bool:
    if isinstance(path, URIRef):
        return False
    if any(sg.value(path, p) is not None for p in (SH.zeroOrMorePath, SH.zeroOrOnePath)):
        return True
    return any(_zero_length(sg, o) for _p, o in sg.predicate_objects(path) if o != RDF.nil)
