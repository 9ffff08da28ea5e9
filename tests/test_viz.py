"""`incidentkg viz`: a self-contained page that a real browser draws, searches and explains."""

from __future__ import annotations

import html as html_lib
import itertools
import json
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


#: appended to a copy of the page: after its own script has laid the graph out, write what a
#: reader at a 1024-px window sees (every node label's box, the page's and the graph's width)
MEASURE = """<script>
const boxes = [...document.querySelectorAll("#nodes .node text")].map((t) => {
  const r = t.getBoundingClientRect();
  return [t.textContent, r.left, r.top, r.right, r.bottom];
});
const g = document.getElementById("graph").getBoundingClientRect();
document.body.dataset.measured = JSON.stringify({boxes, graph: [g.left, g.top, g.right, g.bottom],
  scrollWidth: document.documentElement.scrollWidth});
</script>"""


def test_viz_labels_do_not_overlap_and_fit_1024(page: Path, tmp_path: Path) -> None:
    """Issue 18: "Bombing in Abbas Town, 2013" lay over "Pakistan"; a label ran off a
    1024-px window. In Chromium at 1024×768, no two node labels overlap (1 px tolerance),
    every label lies wholly inside the graph area, and nothing scrolls sideways."""
    measured_page = tmp_path / "measured.html"
    html = page.read_text(encoding="utf-8")
    measured_page.write_text(html.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    dom = _chromium_run(measured_page.as_uri(), tmp_path, "--dump-dom", "--window-size=1024,768")
    found = re.search(r'data-measured="([^"]+)"', dom)
    assert found, "the page did not finish drawing"
    measured = json.loads(html_lib.unescape(found.group(1)))
    boxes = measured["boxes"]
    assert len(boxes) > 30 and measured["scrollWidth"] <= 1024
    left, top, right, bottom = measured["graph"]
    for label, x0, y0, x1, y1 in boxes:
        assert left - 1 <= x0 and x1 <= right + 1 and top - 1 <= y0 and y1 <= bottom + 1, label
    for (a, *box_a), (b, *box_b) in itertools.combinations(boxes, 2):
        ox = min(box_a[2], box_b[2]) - max(box_a[0], box_b[0])
        oy = min(box_a[3], box_b[3]) - max(box_a[1], box_b[1])
        assert ox <= 1 or oy <= 1, f"{a!r} overlaps {b!r}"
