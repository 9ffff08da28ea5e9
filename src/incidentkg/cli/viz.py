"""``incidentkg viz``: write the graph as one interactive HTML page that works offline."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from incidentkg.cli._common import DEFAULT_STORE, StoreOption, err, handle_errors

app = typer.Typer()


@app.command("viz")
@handle_errors
def viz_command(
    output: Annotated[
        Path,
        typer.Option("--output", "-o", dir_okay=False, help="HTML file to write."),
    ] = Path("graph.html"),
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """Draw events, actors and places as an interactive page (pan, zoom, search, click).

    The page is self-contained (no network needed). Open it in a browser; add
    `#search=NAME` to the address to highlight a node.
    """
    from incidentkg.viz import write_page  # pandas/networkx: only for this command

    n = write_page(store, output)
    err.print(f"wrote {n} nodes to {output}")
