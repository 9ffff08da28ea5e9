"""Nodes and edges of the resolved graph as small records, shared by the API and the graph page.

The SPARQL lives in ``api/sparql/*.rq`` beside this module. Only the resolved graph is
read: article-local nodes would show every event once per source.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from incidentkg.kb.vocabulary import vocabulary
from incidentkg.query.run import QueryResult, run_sparql

SPARQL_DIR = Path(__file__).resolve().parent / "sparql"

# From the vocabulary schema, most specific first: the first class a node has is its type (and
# its colour on the page).
TYPE_ORDER = tuple(t.term for t in vocabulary().node_types)
EVENT_TYPES = frozenset(c.term for c in vocabulary().categories)
ROLE_RELATIONS = frozenset(r.term for r in vocabulary().roles)
# Relations that point from an event to the actor in the story (the attack "leads to" its
# mastermind); every other role points from the actor to the event it did or suffered.
EVENT_TO_ACTOR = frozenset({"mastermind"})


@dataclass(frozen=True)
class Node:
    """A resolved event or entity: ``kind`` is ``event``, ``actor`` or ``place``."""

    iri: str
    label: str
    type: str
    kind: str


@dataclass(frozen=True)
class Link:
    """One edge as stored: ``relation`` is the property's local name (``mastermind``, ...)."""

    source: str
    relation: str
    target: str


def sparql(name: str) -> str:
    """The text of ``api/sparql/{name}.rq``."""
    return (SPARQL_DIR / f"{name}.rq").read_text(encoding="utf-8")


def run(store: ox.Store, name: str) -> QueryResult:
    """Run one of the API's own queries."""
    return run_sparql(store, sparql(name), name)


def node_type(classes: Iterable[str]) -> str:
    """The most specific known class among the node's ``ikg:`` classes."""
    local = {c.rsplit("#", 1)[-1] for c in classes}
    return next((t for t in TYPE_ORDER if t in local), "Thing")


def _kind(type_: str) -> str:
    if type_ in EVENT_TYPES:
        return "event"
    return "place" if type_ == "Place" else "actor"


def load_nodes(store: ox.Store) -> dict[str, Node]:
    """Every resolved event and entity, keyed by IRI."""
    nodes: dict[str, Node] = {}
    for rec in run(store, "nodes").records():
        iri, label = rec["node"] or "", rec["label"] or ""
        type_ = node_type((rec["classes"] or "").split())
        nodes[iri] = Node(iri, label, type_, _kind(type_))
    return nodes


def load_links(store: ox.Store) -> list[Link]:
    """Every role, place, place-hierarchy and membership edge of the resolved graph."""
    return [
        Link(rec["source"] or "", rec["relation"] or "", rec["target"] or "")
        for rec in run(store, "links").records()
    ]


def role_links(nodes: dict[str, Node], links: Iterable[Link]) -> list[Link]:
    """Event → actor role edges whose two ends are known nodes."""
    return [
        link
        for link in links
        if link.relation in ROLE_RELATIONS and link.source in nodes and link.target in nodes
    ]


def _event_place_ancestry(nodes: dict[str, Node], links: list[Link]) -> set[str]:
    """Places where events happened, and every place above them."""
    parent = {lk.source: lk.target for lk in links if lk.relation == "containedInPlace"}
    todo = [lk.target for lk in links if lk.relation == "hasPlace" and lk.source in nodes]
    seen: set[str] = set()
    while todo:
        place = todo.pop()
        if place not in seen:
            seen.add(place)
            todo.extend([parent[place]] if place in parent else [])
    return seen


def drawn_links(nodes: dict[str, Node], links: list[Link]) -> list[Link]:
    """The edges worth drawing: roles, event places with their ancestry, memberships.

    Places no event happened in, and entities that only appear in the text, are left
    out so the picture stays readable.
    """
    places = _event_place_ancestry(nodes, links)
    keep: list[Link] = []
    for link in links:
        if link.source not in nodes or link.target not in nodes:
            continue
        if link.relation == "containedInPlace" and link.source not in places:
            continue
        keep.append(link)
    return keep
