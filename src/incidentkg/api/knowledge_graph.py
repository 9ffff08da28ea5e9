"""``KnowledgeGraph``: the store as pandas tables and networkx graphs, for notebooks.

The examples below run as tests (``tests/test_api.py``) with ``store`` bound to a store
built from ``seeds/``; at home, build one with ``incidentkg build seeds``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
import pyoxigraph as ox

from incidentkg.api.links import (
    EVENT_TO_ACTOR,
    Link,
    Node,
    drawn_links,
    load_links,
    load_nodes,
    role_links,
    run,
)
from incidentkg.query.export import INT_COLUMNS, entities_table, events_table
from incidentkg.query.run import QueryResult, resolve_query, run_local, run_sparql
from incidentkg.store.local import DEFAULT_STORE, open_store

GRAPH_KINDS = ("actor_event", "cooccurrence", "chains", "full")
_DATE_FORMATS = {"day": "%Y-%m-%d", "week": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}


def default_store() -> Path:
    """``$INCIDENTKG_STORE`` if set, else ``.incidentkg/store`` (what ``make run`` builds)."""
    return Path(os.environ.get("INCIDENTKG_STORE") or DEFAULT_STORE)


def _frame(result: QueryResult) -> pd.DataFrame:
    return pd.DataFrame(result.rows, columns=result.columns)


def _parse_date(text: str | None, precision: str | None) -> pd.Timestamp | None:
    """A sortable date, or ``None`` (``NaT`` in the frame) when the year is unknown."""
    fmt = _DATE_FORMATS.get(precision or "")
    if not text or fmt is None or text.startswith("--"):
        return None
    return pd.to_datetime(text, format=fmt)


class KnowledgeGraph:
    """A read-only view of one store; every method answers from SPARQL on it.

    >>> kg = KnowledgeGraph.open(store)
    >>> len(kg.events()) > 0
    True
    """

    def __init__(self, store: ox.Store, path: Path | None = None) -> None:
        self.store = store
        self.path = path

    @classmethod
    def open(cls, path: str | Path | None = None) -> KnowledgeGraph:
        """Open a built store read-only; ``None`` means :func:`default_store`.

        >>> KnowledgeGraph.open(store).path == Path(store)
        True
        """
        where = Path(path) if path is not None else default_store()
        return cls(open_store(where), where)

    def query(
        self, sparql_or_name: str, *, allow_service: bool = False, timeout: float | None = None
    ) -> pd.DataFrame:
        """A named query (``chain``), a ``.rq`` file or SPARQL text, as a table of strings.

        A query using ``SERVICE`` (requests to other hosts) is refused unless
        ``allow_service``; then, on a store opened from a path, it runs in a child process
        stopped after ``timeout`` seconds (60 by default), as ``incidentkg query`` does.

        >>> kg = KnowledgeGraph.open(store)
        >>> list(kg.query("chain").columns[:3])
        ['group', 'attack', 'attack_label']
        >>> kg.query("SELECT (1 + 1 AS ?two) WHERE {}").loc[0, "two"]
        '2'
        >>> kg.query("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
        Traceback (most recent call last):
        incidentkg.errors.IncidentKGError: [E047] inline query uses SERVICE, ...
        """
        label, sparql = resolve_query(sparql_or_name)
        if self.path is not None and (allow_service or timeout is not None):
            return _frame(run_local(self.path, sparql, label, timeout, allow_service))
        return _frame(run_sparql(self.store, sparql, label, allow_service, self.path))

    def events(self) -> pd.DataFrame:
        """The analyst's events table (as ``incidentkg export events``) plus the label.

        Multi-valued cells are lists; counts are nullable integers.

        >>> events = KnowledgeGraph.open(store).events()
        >>> set(events.category) <= {"attack", "security_operation", "other"}
        True
        """
        frame = pd.DataFrame(events_table(self.store))
        labels = {iri: n.label for iri, n in self.nodes().items()}
        frame.insert(1, "label", frame.event_id.map(labels))
        for column in INT_COLUMNS:
            frame[column] = frame[column].astype("Int64")
        return frame

    def entities(self) -> pd.DataFrame:
        """One row per person, organisation or place (as ``incidentkg export entities``).

        >>> people = KnowledgeGraph.open(store).entities().query("entity_type == 'Person'")
        >>> bool(len(people)) and bool(people.label.notna().all())
        True
        """
        return pd.DataFrame(entities_table(self.store))

    def figures(self) -> pd.DataFrame:
        """Every casualty figure as its source reported it, to compare sources.

        >>> figs = KnowledgeGraph.open(store).figures()
        >>> sorted(set(figs.kind))
        ['Injured', 'Killed', 'PerpetratorsKilled']
        """
        frame = self.query("figures")
        for column in ("value", "max_value"):
            frame[column] = pd.to_numeric(frame[column]).astype("Int64")
        return frame

    def places(self) -> pd.DataFrame:
        """Places with kind, coordinates (floats) and parent place.

        >>> places = KnowledgeGraph.open(store).places().set_index("label")
        >>> places.loc["Karachi", "parent_label"]
        'Sindh'
        """
        frame = _frame(run(self.store, "places"))
        for column in ("lat", "long"):
            frame[column] = pd.to_numeric(frame[column])
        return frame

    def nodes(self) -> dict[str, Node]:
        """Every resolved event and entity keyed by IRI, with its label and type.

        >>> kinds = {n.kind for n in KnowledgeGraph.open(store).nodes().values()}
        >>> sorted(kinds)
        ['actor', 'event', 'place']
        """
        return load_nodes(self.store)

    def links(self) -> list[Link]:
        """Role, place, place-hierarchy and membership edges as stored.

        >>> {lk.relation for lk in KnowledgeGraph.open(store).links()} >= {"mastermind"}
        True
        """
        return load_links(self.store)

    def timeline(self) -> pd.DataFrame:
        """Events in date order with casualty ranges and how many sources told each.

        ``killed_spread`` is ``killed_max - killed``: how far the sources disagree.
        Events whose year is unknown get ``NaT`` and sort last.

        >>> tl = KnowledgeGraph.open(store).timeline()
        >>> row = tl[tl.place == "Karachi"].query("category == 'attack'").iloc[0]
        >>> (str(row.date.date()), int(row.n_sources) > 1)
        ('2023-02-17', True)
        """
        ev = self.events()
        dates = [_parse_date(d, p) for d, p in zip(ev.date, ev.date_precision, strict=True)]
        frame = ev.assign(
            date_text=ev.date,
            date=pd.to_datetime(pd.Series(dates, index=ev.index)),
            n_sources=ev.sources.map(len),
            killed_spread=ev.killed_max - ev.killed,
        )
        columns = [
            "date", "date_text", "date_precision", "label", "category", "event_type", "place",
            "killed", "killed_max", "killed_spread", "injured", "injured_max",
            "perpetrators_killed", "n_sources", "event_id",
        ]  # fmt: skip
        return frame[columns].sort_values("date", na_position="last").reset_index(drop=True)

    def to_networkx(self, kind: str = "actor_event") -> Any:
        """The graph as networkx; nodes are IRIs with ``label``, ``type`` and ``kind``.

        ``actor_event``: undirected bipartite graph of actors and the events they had a role
        in (edge ``roles``). ``cooccurrence``: actors joined when they share an event
        (``weight`` = shared events). ``chains``: directed, the way the story runs:
        actors into the events they did or suffered, an attack out to its mastermind, so
        a path reads group → attack → mastermind → operation. ``full``: everything the
        graph page draws (roles, places and their hierarchy, memberships).

        >>> kg = KnowledgeGraph.open(store)
        >>> g = kg.to_networkx("chains")
        >>> chain = kg.query("chain").iloc[0]
        >>> ids = {d["label"]: n for n, d in g.nodes(data=True)}
        >>> path = nx.shortest_path(g, ids[chain.group], ids[chain.mastermind])
        >>> [g.nodes[n]["label"] for n in path][1] == chain.attack_label
        True
        >>> kg.to_networkx("cooccurrence").number_of_edges() > 0
        True
        """
        if kind not in GRAPH_KINDS:
            raise ValueError(f"unknown graph kind {kind!r}; choose from {', '.join(GRAPH_KINDS)}")
        nodes, links = self.nodes(), self.links()
        if kind == "actor_event":
            return actor_event_graph(nodes, links)
        if kind == "cooccurrence":
            return cooccurrence_graph(actor_event_graph(nodes, links))
        if kind == "chains":
            return chain_graph(nodes, links)
        return full_graph(nodes, links)


def _add_nodes(graph: Any, nodes: dict[str, Node], iris: set[str]) -> None:
    for iri in sorted(iris):
        node = nodes[iri]
        graph.add_node(iri, label=node.label, type=node.type, kind=node.kind,
                       bipartite=int(node.kind == "event"))  # fmt: skip


def _add_edges(graph: Any, links: list[Link], directed_by_story: bool = False) -> None:
    """One edge per node pair; the relations between them are gathered in ``roles``."""
    for link in links:
        u, v = link.source, link.target
        if directed_by_story and link.relation not in EVENT_TO_ACTOR:
            u, v = v, u
        if graph.has_edge(u, v):
            graph.edges[u, v]["roles"] = sorted({*graph.edges[u, v]["roles"], link.relation})
        else:
            graph.add_edge(u, v, roles=[link.relation])


def actor_event_graph(nodes: dict[str, Node], links: list[Link]) -> Any:
    """Bipartite actor–event graph (``bipartite`` attribute: 1 events, 0 actors)."""
    roles = role_links(nodes, links)
    graph = nx.Graph()
    _add_nodes(graph, nodes, {lk.source for lk in roles} | {lk.target for lk in roles})
    _add_edges(graph, roles)
    return graph


def cooccurrence_graph(bipartite: Any) -> Any:
    """Actors joined by the events they share; ``events`` lists the shared events' labels."""
    graph = nx.Graph()
    actors = [n for n, d in bipartite.nodes(data=True) if d["kind"] != "event"]
    graph.add_nodes_from((n, bipartite.nodes[n]) for n in actors)
    for event, data in bipartite.nodes(data=True):
        if data["kind"] != "event":
            continue
        members = sorted(bipartite.neighbors(event))
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                shared = graph.edges[a, b]["events"] if graph.has_edge(a, b) else []
                graph.add_edge(a, b, events=[*shared, data["label"]], weight=len(shared) + 1)
    return graph


def chain_graph(nodes: dict[str, Node], links: list[Link]) -> Any:
    """Directed actor–event graph in story order (see :meth:`KnowledgeGraph.to_networkx`)."""
    roles = role_links(nodes, links)
    graph = nx.DiGraph()
    _add_nodes(graph, nodes, {lk.source for lk in roles} | {lk.target for lk in roles})
    _add_edges(graph, roles, directed_by_story=True)
    return graph


def full_graph(nodes: dict[str, Node], links: list[Link]) -> Any:
    """Everything the graph page draws, as a directed graph in storage direction."""
    drawn = drawn_links(nodes, links)
    graph = nx.DiGraph()
    _add_nodes(graph, nodes, {lk.source for lk in drawn} | {lk.target for lk in drawn})
    _add_edges(graph, drawn)
    return graph
