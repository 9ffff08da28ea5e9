"""SPARQL text: terms written by pyoxigraph, boolean expressions, the per-run context.

Every constraint compiles to a boolean SPARQL expression "this value (or focus node) violates
it" built with these helpers; the constants ``true``/``false`` are folded away as they go.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import RDFS, XSD, Literal, URIRef
from rdflib.term import Node

from incidentkg.validate.sparql.unsupported import UnsupportedShapeError

XSD_STRING = str(XSD.string)


def iri(value: str) -> str:
    return str(ox.NamedNode(value))  # validated and written as <...> by pyoxigraph


def sparql_term(node: Node, shape: Node) -> str:
    """A shapes-graph term as SPARQL (N-Triples syntax, escaped by pyoxigraph)."""
    if isinstance(node, URIRef):
        return iri(str(node))
    if isinstance(node, Literal):
        if node.language:
            return str(ox.Literal(str(node), language=node.language))
        datatype = ox.NamedNode(str(node.datatype or XSD.string))
        return str(ox.Literal(str(node), datatype=datatype))
    raise UnsupportedShapeError(shape, f"blank node {node.n3()} used as a value")


def any_of(exprs: Iterable[str]) -> str:
    parts = [e for e in exprs if e != "false"]
    if "true" in parts:
        return "true"
    return " || ".join(f"({e})" for e in parts) if parts else "false"


def all_of(exprs: Iterable[str]) -> str:
    parts = [e for e in exprs if e != "true"]
    if "false" in parts:
        return "false"
    return " && ".join(f"({e})" for e in parts) if parts else "true"


def not_(expr: str) -> str:
    return {"true": "false", "false": "true"}.get(expr, f"!({expr})")


def none_of(exprs: Iterable[str]) -> str:
    return not_(any_of(exprs))


def not_exactly_one(exprs: Iterable[str]) -> str:
    conforming = " + ".join(f"IF({e}, 0, 1)" for e in exprs) or "0"
    return f"({conforming}) != 1"


@dataclass
class Ctx:
    """Per-run state: the data's subclass closure and a fresh-variable counter.

    ``subclasses`` is None when the data has a blank node in an ``rdfs:subClassOf`` triple:
    then instances are matched with the path ``rdf:type/rdfs:subClassOf*`` in the query.
    """

    subclasses: dict[str, set[str]] | None
    counter: Iterator[int] = field(default_factory=itertools.count)

    def var(self) -> str:
        return f"?_{next(self.counter)}"

    def typed(self, node: str, classes: Iterable[Node]) -> str:
        """A pattern matching when ``node`` is an instance of one of ``classes``."""
        names = self._closure(classes)
        if names is not None and len(names) == 1:
            return f"{node} a {iri(names[0])} ."
        t = self.var()
        return f"{self.is_class(t, classes)} {node} a {t} ."

    def is_class(self, t: str, classes: Iterable[Node]) -> str:
        """A pattern matching when ``t`` is one of ``classes`` or a subclass in the data (as
        pySHACL reads ``rdfs:subClassOf`` for targets and sh:class)."""
        names = self._closure(classes)
        if names is not None:
            return f"VALUES {t} {{ {' '.join(map(iri, names))} }}"
        c = self.var()
        listed = " ".join(iri(str(cls)) for cls in sorted(classes, key=str))
        return f"VALUES {c} {{ {listed} }} {t} {iri(str(RDFS.subClassOf))}* {c} ."

    def _closure(self, classes: Iterable[Node]) -> list[str] | None:
        if self.subclasses is None:
            return None
        names = {str(c) for c in classes}
        return sorted(names.union(*(self.subclasses.get(n, set()) for n in names)))
