"""The interactive graph page: one self-contained HTML file, no network needed to open it.

The page template, stylesheet and script are package data in ``viz/assets``; the graph
data is inlined as JSON. The script is hand-written (no third-party code, so nothing to
license beyond incidentkg's own MIT licence).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from incidentkg.query.export import atomic_output
from incidentkg.store.local import open_store
from incidentkg.viz.data import page_data, store_title

ASSETS = Path(__file__).resolve().parent / "assets"


def _asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def _inline_json(data: dict[str, Any]) -> str:
    """JSON safe inside ``<script>``: no ``</script>`` or ``<!--`` can end it early."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


def render_page(data: dict[str, Any]) -> str:
    """The complete HTML page for :func:`incidentkg.viz.data.page_data` output."""
    title = str(data["title"]).replace("&", "&amp;").replace("<", "&lt;")
    parts = {"style": _asset("page.css"), "script": _asset("page.js"), "data": _inline_json(data)}
    html = _asset("page.html").replace("{{title}}", title)
    for key, text in parts.items():  # data last: user text must not be scanned for markers
        html = html.replace("{{" + key + "}}", text)
    return html


def write_page(store_path: Path, out: Path) -> int:
    """Write the page for the store at ``store_path``; returns the number of nodes drawn."""
    data = page_data(open_store(store_path), store_title(store_path))
    with atomic_output(out) as fh:
        fh.write(render_page(data).encode("utf-8"))
    return len(data["nodes"])
