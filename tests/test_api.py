"""The notebook API: its ``>>>`` examples run against the seed store, and it stays spaCy-free."""

from __future__ import annotations

import doctest
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from incidentkg.api import KnowledgeGraph
from incidentkg.api import knowledge_graph as kg_module
from incidentkg.api import links as links_module
from incidentkg.errors import IncidentKGError


@pytest.fixture(scope="module")
def kg(seed_store: Path) -> KnowledgeGraph:
    return KnowledgeGraph.open(seed_store)


@pytest.mark.parametrize("module", [kg_module, links_module])
def test_api_doctests_pass(module: object, seed_store: Path) -> None:
    """Every public function shows a runnable example; a stale one must fail the suite."""
    result = doctest.testmod(
        module,  # type: ignore[arg-type]
        extraglobs={"store": seed_store},
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        verbose=False,
    )
    assert result.failed == 0
    if module is kg_module:
        assert result.attempted >= 15


def test_api_does_not_import_spacy() -> None:
    """Notebooks and `incidentkg viz` must open a store in a second, without spaCy."""
    code = "import sys, incidentkg.api, incidentkg.viz; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_api_open_missing_store_is_user_error(tmp_path: Path) -> None:
    """A wrong path should say "run incidentkg build", not raise a RocksDB error."""
    with pytest.raises(IncidentKGError) as info:
        KnowledgeGraph.open(tmp_path / "nope")
    assert info.value.code == "E030"


def test_api_default_store_reads_environment(
    seed_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Notebooks get their store from INCIDENTKG_STORE, like the CLI."""
    monkeypatch.setenv("INCIDENTKG_STORE", str(seed_store))
    assert KnowledgeGraph.open().path == seed_store


def test_api_unknown_graph_kind_is_rejected(kg: KnowledgeGraph) -> None:
    """A typo in the graph kind should name the valid kinds."""
    with pytest.raises(ValueError, match="actor_event"):
        kg.to_networkx("actors")


def test_api_chain_graph_runs_from_group_to_operation(kg: KnowledgeGraph) -> None:
    """The competency question as a path: TTP → attack → mastermind → operation."""
    graph = kg.to_networkx("chains")
    ids = {d["label"]: n for n, d in graph.nodes(data=True)}
    operation = kg.query("chain").loc[0, "operation"]
    path = nx.shortest_path(graph, ids["Tehreek-e-Taliban Pakistan"], operation)
    labels = [graph.nodes[n]["label"] for n in path]
    assert labels[1:3] == ["Armed assault in Karachi, 2023-02-17", "Omar Farooq"]
    assert graph.nodes[operation]["type"] == "SecurityOperation"


def test_api_actor_event_graph_is_bipartite(kg: KnowledgeGraph) -> None:
    """Centrality in the notebook assumes actors only touch events."""
    graph = kg.to_networkx("actor_event")
    events = {n for n, d in graph.nodes(data=True) if d["bipartite"] == 1}
    assert events and nx.is_bipartite(graph)
    assert all((u in events) != (v in events) for u, v in graph.edges)


def test_api_full_graph_keeps_place_hierarchy_of_event_places_only(kg: KnowledgeGraph) -> None:
    """The drawn graph climbs from event places to the country but drops unrelated places."""
    labels = {d["label"] for _, d in kg.to_networkx("full").nodes(data=True)}
    assert {"Karimabad", "Karachi", "Sindh", "Pakistan"} <= labels
    assert "Zambia" not in labels


def test_api_timeline_sorts_undated_events_last(kg: KnowledgeGraph) -> None:
    """An event whose year is unknown cannot be placed in time; it must not break sorting."""
    timeline = kg.timeline()
    assert timeline.date.is_monotonic_increasing or timeline.date.isna().any()
    dated = timeline.date.notna().tolist()
    assert dated == sorted(dated, reverse=True)
