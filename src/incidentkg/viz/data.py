"""What the graph page shows, read from the store: drawn nodes with facts and source sentences.

The page gets one JSON document; everything a click reveals is already in it, so the
page needs no server and works offline.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from incidentkg.api.links import Link, Node, drawn_links, load_links, load_nodes, run
from incidentkg.viz.style import TYPE_COLOURS, TYPE_NAMES

MAX_SENTENCES = 8
# Facts shown in the panel, in this order, under a reader's name; others are left out.
FACT_NAMES = {
    "hasTimeStamp": "date",
    "datePrecision": "date precision",
    "perpetratorStatus": "claim status",
    "killedMin": "killed (lowest report)",
    "killedMax": "killed (highest report)",
    "injuredMin": "injured (lowest report)",
    "injuredMax": "injured (highest report)",
    "perpetratorsKilledMin": "attackers killed (lowest)",
    "perpetratorsKilledMax": "attackers killed (highest)",
    "confidence": "confidence (0-1)",
    "targetDescription": "target described as",
    "title": "title",
    "altLabel": "also called",
    "description": "description",
    "kind": "kind",
    "lat": "latitude",
    "long": "longitude",
}


@dataclass(frozen=True)
class PageNode:
    """A drawn node with everything its panel shows."""

    id: str
    label: str
    type: str
    kind: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    sentences: list[tuple[str, str]] = field(default_factory=list)
    n_sentences: int = 0
    sources: list[tuple[str, str, str]] = field(default_factory=list)  # id, headline, URL


@dataclass(frozen=True)
class PageEdge:
    """One line on the page; several relations between the same two nodes share it."""

    source: str
    target: str
    relations: list[str]


def _readable(prop: str, value: str) -> str:
    """Value-set individuals as words: ``DayPrecision`` → ``day``, ``NoClaim`` → ``no claim``."""
    if prop == "datePrecision":
        return value.removesuffix("Precision").lower()
    if prop == "perpetratorStatus":
        return "no claim" if value == "NoClaim" else value.lower()
    return value


def _facts(store: ox.Store) -> dict[str, list[tuple[str, str]]]:
    """Shown facts per node, one row per property (several values joined with "; ")."""
    found: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for rec in run(store, "facts").records():
        prop = rec["property"] or ""
        if prop in FACT_NAMES:
            found[rec["node"] or ""][prop].append(_readable(prop, rec["value"] or ""))
    return {
        node: [(name, "; ".join(props[p])) for p, name in FACT_NAMES.items() if p in props]
        for node, props in found.items()
    }


def _sentences(store: ox.Store) -> dict[str, list[tuple[str, str]]]:
    """(article, sentence) pairs per node, sorted (the query leaves ordering to us)."""
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for rec in run(store, "sentences").records():
        found[rec["node"] or ""].append((rec["article"] or "", rec["sentence"] or ""))
    for pairs in found.values():
        pairs.sort()
    return found


def web_url(value: str | None) -> str:
    """An ``http(s)`` address the page may link to, else ``""`` (a store can hold anything).

    >>> web_url("https://www.dawn.com/news/1"), web_url("javascript:alert(1)")
    ('https://www.dawn.com/news/1', '')
    """
    value = value or ""
    return value if value.lower().startswith(("http://", "https://")) else ""


def _sources(store: ox.Store) -> dict[str, list[tuple[str, str, str]]]:
    """(article id, headline, URL) per node, sorted by article id."""
    found: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for rec in run(store, "sources").records():
        row = (rec["article"] or "", rec["title"] or "", web_url(rec["url"]))
        found[rec["node"] or ""].add(row)
    return {node: sorted(rows) for node, rows in found.items()}


def _edges(links: list[Link]) -> list[PageEdge]:
    grouped: dict[tuple[str, str], set[str]] = defaultdict(set)
    for link in links:
        grouped[(link.source, link.target)].add(link.relation)
    return [PageEdge(s, t, sorted(rels)) for (s, t), rels in sorted(grouped.items())]


def _page_node(
    node: Node,
    facts: list[tuple[str, str]],
    sents: list[tuple[str, str]],
    sources: list[tuple[str, str, str]],
) -> PageNode:
    return PageNode(node.iri, node.label, node.type, node.kind, facts,
                    sents[:MAX_SENTENCES], len(sents), sources)  # fmt: skip


def page_data(store: ox.Store, title: str = "incidentkg graph") -> dict[str, Any]:
    """The JSON document the page draws: nodes, edges, palette and counts."""
    nodes = load_nodes(store)
    links = drawn_links(nodes, load_links(store))
    drawn = {lk.source for lk in links} | {lk.target for lk in links}
    facts, sentences, sources = _facts(store), _sentences(store), _sources(store)
    page_nodes = [
        _page_node(nodes[i], facts.get(i, []), sentences.get(i, []), sources.get(i, []))
        for i in sorted(drawn)
    ]
    return {
        "title": title,
        "nodes": [asdict(n) for n in page_nodes],
        "edges": [asdict(e) for e in _edges(links)],
        "colours": TYPE_COLOURS,
        "typeNames": TYPE_NAMES,
        "notDrawn": sum(1 for i, n in nodes.items() if i not in drawn and n.kind != "place"),
    }


def store_title(path: Path) -> str:
    """A page title naming the store, so two saved pages can be told apart."""
    where = path.resolve()
    return f"incidentkg graph: {where.parent.name}/{where.name}"
