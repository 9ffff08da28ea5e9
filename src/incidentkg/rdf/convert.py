"""rdflib ⇄ pyoxigraph terms, and rdflib triples → N-Quads text without rdflib's serialiser.

Kept apart from :mod:`incidentkg.store.local` so that opening a store for a query never imports
rdflib. :func:`nquad_lines` is the build's hot path: article graphs are serialised in the
worker processes, so it must be cheap; it writes exactly the terms Oxigraph parses back
(checked by ``tests/test_store.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib.term import BNode, Literal, Node, URIRef

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

# --- rdflib → pyoxigraph terms -------------------------------------------------


def _ox_term(node: Node) -> Any:
    """Convert one rdflib term; an invalid IRI raises ``ValueError`` from pyoxigraph."""
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype is not None:
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
        return ox.Literal(str(node))
    raise TypeError(f"cannot store RDF term {node!r}")


def _ox_graph(graph: Any) -> Any:
    """rdflib gives the default graph as ``None``, a Graph or its special IRI."""
    ident = getattr(graph, "identifier", graph)
    if ident is None or ident == rdflib.graph.DATASET_DEFAULT_GRAPH_ID:
        return ox.DefaultGraph()
    return _ox_term(ident)


def iter_ox_quads(dataset: rdflib.Dataset) -> Iterator[ox.Quad]:
    """Stream the dataset as pyoxigraph quads (no intermediate serialisation)."""
    for s, p, o, g in dataset.quads((None, None, None, None)):
        yield ox.Quad(_ox_term(s), _ox_term(p), _ox_term(o), _ox_graph(g))


# --- rdflib → N-Quads text ------------------------------------------------------

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_IRI_BAD = frozenset('<>"{}|^`\\ \t\n\r')


def _iri(value: str) -> str:
    if _IRI_BAD.isdisjoint(value):
        return f"<{value}>"
    raise ValueError(f"invalid IRI for N-Quads: {value!r}")


def nt_term(node: Node) -> str:
    """One term in N-Triples syntax (IRIs checked, literals escaped)."""
    if isinstance(node, URIRef):
        return _iri(str(node))
    if isinstance(node, Literal):
        text = f'"{str(node).translate(_ESCAPES)}"'
        if node.language:
            return f"{text}@{node.language}"
        if node.datatype is not None and str(node.datatype) != _XSD_STRING:
            return f"{text}^^{_iri(str(node.datatype))}"
        return text
    if isinstance(node, BNode):
        return f"_:{node}"
    raise TypeError(f"cannot write RDF term {node!r}")


def nquad_lines(graph: URIRef, triples: Iterable[tuple[Node, Node, Node]]) -> Iterator[str]:
    """``s p o g .`` lines; repeated terms (IRIs mostly) are rendered once."""
    cache: dict[Node, str] = {}
    g = _iri(str(graph))

    def term(node: Node) -> str:
        text = cache.get(node)
        if text is None:
            text = cache[node] = nt_term(node)
        return text

    for s, p, o in triples:
        yield f"{term(s)} {term(p)} {term(o)} {g} .\n"


# --- pyoxigraph → rdflib terms -------------------------------------------------


def rdflib_term(term: Any) -> Node:
    """Convert one pyoxigraph term, keeping lexical form, datatype and language as stored."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:  # RDF 1.1 simple literal; rdflib has no datatype
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"cannot load RDF term {term!r}")


def store_to_dataset(store: ox.Store) -> rdflib.Dataset:
    """Copy every quad of ``store`` into a new rdflib Dataset (default graph included)."""
    dataset = rdflib.Dataset()
    dataset.addN(_rdflib_quads(dataset, store))
    return dataset


def _rdflib_quads(
    dataset: rdflib.Dataset, store: ox.Store
) -> Iterator[tuple[Node, Node, Node, rdflib.Graph]]:
    graphs: dict[Any, rdflib.Graph] = {}
    for quad in store.quads_for_pattern(None, None, None, None):
        graph = graphs.get(quad.graph_name)
        if graph is None:
            graph = graphs[quad.graph_name] = _rdflib_graph(dataset, quad.graph_name)
        s, p, o = quad.subject, quad.predicate, quad.object
        yield rdflib_term(s), rdflib_term(p), rdflib_term(o), graph


def _rdflib_graph(dataset: rdflib.Dataset, name: Any) -> rdflib.Graph:
    if isinstance(name, ox.DefaultGraph):
        default: rdflib.Graph = dataset.default_context
        return default
    ident = rdflib_term(name)
    assert isinstance(ident, URIRef | BNode)
    return dataset.graph(ident)
