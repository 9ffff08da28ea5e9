"""The notebooks run headless from a fresh seed store and show the answers they promise."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


@pytest.fixture(scope="module")
def explore(seed_store: Path, monkeypatch_module: pytest.MonkeyPatch) -> Any:
    """explore.ipynb executed once against the session's seed store."""
    monkeypatch_module.setenv("INCIDENTKG_STORE", str(seed_store))
    monkeypatch_module.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    nb = nbformat.read(NOTEBOOKS / "explore.ipynb", as_version=4)
    NotebookClient(nb, timeout=180, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()  # fmt: skip
    return nb


@pytest.fixture(scope="module")
def monkeypatch_module() -> Any:
    with pytest.MonkeyPatch.context() as mp:
        yield mp


def _cell(nb: Any, tag: str) -> Any:
    return next(c for c in nb.cells if tag in c.get("metadata", {}).get("tags", []))


def _text(cell: Any) -> str:
    parts = []
    for out in cell.outputs:
        if out.output_type == "stream":
            parts.append(out.text)
        elif out.output_type in ("execute_result", "display_data"):
            parts.append(out.data.get("text/plain", ""))
    return "\n".join(parts)


def _images(cell: Any) -> int:
    return sum(1 for o in cell.outputs if "image/png" in o.get("data", {}))


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.name)
def test_notebooks_are_committed_without_outputs(path: Path) -> None:
    """Outputs in git make noisy diffs and can leak a developer's local data."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


def test_notebooks_explore_chain_table_names_the_mastermind(explore: Any) -> None:
    """The first answer a reader wants: TTP's attack, its mastermind and the operation."""
    text = _text(_cell(explore, "chain"))
    assert "Omar Farooq" in text and "Tehreek-e-Taliban Pakistan" in text
    assert "2024-07-23" in text
    path = _text(_cell(explore, "chain-path"))
    assert "Tehreek-e-Taliban Pakistan → Armed assault in Karachi" in path


def test_notebooks_explore_draws_its_figures(explore: Any) -> None:
    """Network, timeline, map, group timeline and source comparison each produce a picture."""
    for tag in ("network", "timeline", "map", "group-timeline", "sources-chart"):
        assert _images(_cell(explore, tag)) == 1, tag


def test_notebooks_explore_answers_hold_seed_facts(explore: Any) -> None:
    """The tables under the figures carry the seed facts, not just any output."""
    assert "Omar Farooq" in _text(_cell(explore, "centrality"))
    assert "Armed assault in Karachi, 2023-02-17" in _text(_cell(explore, "timeline"))
    tree = _text(_cell(explore, "place-tree"))
    assert "Pakistan (country)" in tree and "Sindh (province)" in tree
    located = _text(_cell(explore, "map"))
    assert "Abbas Town" in located and "Karachi" in located and "Peshawar" in located
    groups = _text(_cell(explore, "group-timeline"))
    assert "Tehreek-e-Taliban Pakistan" in groups and "Counter Terrorism Department" in groups
    sources = _text(_cell(explore, "sources"))
    assert "contested figure(s)" in sources and "Killed" in sources
