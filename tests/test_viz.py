"""`incidentkg viz`: a self-contained page that a real browser draws, searches and explains."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from incidentkg.cli import app
from incidentkg.store.local import open_store
from incidentkg.viz import render_page
from incidentkg.viz.data import page_data

CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--window-size=1500,950", "--virtual-time-budget=5000",
)  # fmt: skip


@pytest.fixture(scope="module")
def page(seed_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The page for the seed store, written through the CLI."""
    out = tmp_path_factory.mktemp("viz") / "graph.html"
    result = CliRunner().invoke(app, ["viz", "--store", str(seed_store), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def data(seed_store: Path) -> dict[str, Any]:
    return page_data(open_store(seed_store))


def _chromium() -> str:
    """Debian's chromium; CI installs it (.ci/run), elsewhere the browser test is skipped."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed; .ci/run should have installed it")
    pytest.skip("chromium not installed (apt-get install chromium)")


def _chromium_run(url: str, tmp_path: Path, *extra: str) -> str:
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    cmd = [_chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *extra, url]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=90, check=True)
    return done.stdout


def test_viz_page_is_self_contained(page: Path) -> None:
    """The page must open offline: no external script, stylesheet, font or image."""
    html = page.read_text(encoding="utf-8")
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", html)
    assert "@import" not in html and "url(http" not in html
    assert "Omar Farooq" in html


def test_viz_data_links_the_chain(data: dict[str, Any]) -> None:
    """The chain TTP → attack → Omar Farooq → operation is drawn as edges."""
    label = {n["id"]: n["label"] for n in data["nodes"]}
    edges = {(label[e["source"]], label[e["target"]]): e["relations"] for e in data["edges"]}
    assert edges[("Armed assault in Karachi, 2023-02-17", "Omar Farooq")] == ["mastermind"]
    assert ("Armed assault in Karachi, 2023-02-17", "Tehreek-e-Taliban Pakistan") in edges
    killed = [e for (s, t), e in edges.items() if t == "Omar Farooq" and "personKilled" in e]
    assert killed


def test_viz_node_panel_has_facts_and_sentences(data: dict[str, Any]) -> None:
    """Clicking the attack must show its casualty range and the sentences it came from."""
    attack = next(n for n in data["nodes"] if n["label"].startswith("Armed assault in Karachi"))
    facts = dict(attack["facts"])
    assert facts["date"] == "2023-02-17" and facts["claim status"] == "claimed"
    assert attack["n_sentences"] >= len(attack["sentences"]) > 0
    assert all(article and sentence for article, sentence in attack["sentences"])
    # the query is unordered; each panel lists the first sentences by article, then text
    assert all(n["sentences"] == sorted(n["sentences"]) for n in data["nodes"])
    assert any(len(n["sentences"]) > 1 for n in data["nodes"])


def test_viz_inline_json_cannot_close_the_script() -> None:
    """A label containing </script> must not end the data block early."""
    html = render_page({"title": "t", "nodes": [{"label": "</script><b>x"}], "edges": []})
    assert "</script><b>x" not in html
    assert html.count("</script>") == 2


def test_viz_chromium_draws_nodes_and_search_highlights(
    page: Path, data: dict[str, Any], tmp_path: Path
) -> None:
    """A real browser runs the page: every node drawn, #search=Omar Farooq selects him."""
    url = page.as_uri() + "#search=Omar%20Farooq"
    dom = _chromium_run(url, tmp_path, "--dump-dom")
    assert f'data-rendered="{len(data["nodes"])}"' in dom
    assert len(re.findall(r'<g class="node ', dom)) == len(data["nodes"])
    omar = r'<g class="node actor match[^"]*" data-id="[^"]+" data-label="Omar Farooq"'
    assert re.search(omar, dom)
    assert 'data-selected="Omar Farooq"' in dom
    assert "<h2>Omar Farooq</h2>" in dom  # the fact panel opened
    shot = tmp_path / "graph-omar-farooq.png"
    _chromium_run(url, tmp_path, f"--screenshot={shot}")
    assert shot.stat().st_size > 20_000  # a blank page is a few kB


def test_viz_cli_missing_store_exits_1(tmp_path: Path) -> None:
    """A wrong --store is a user error with the E030 hint, not a traceback."""
    out = tmp_path / "g.html"
    result = CliRunner().invoke(app, ["viz", "--store", str(tmp_path / "none"), "-o", str(out)])
    assert result.exit_code == 1
    assert "E030" in result.output and not out.exists()
