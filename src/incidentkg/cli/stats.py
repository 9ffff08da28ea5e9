"""``incidentkg stats``: what is in the store, at a glance."""

from __future__ import annotations

import typer
from rich.table import Table
from rich.text import Text

from incidentkg.cli._common import DEFAULT_STORE, StoreOption, handle_errors, out
from incidentkg.store.local import open_store
from incidentkg.store.local import stats as store_stats

app = typer.Typer()


def _counts_table(title: str, counts: dict[str, int], key: str) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column(key)
    table.add_column("count", justify="right")
    for name, n in counts.items():
        table.add_row(Text(name), str(n))  # graph IRIs hold article ids: not markup
    return table


@app.command("stats")
@handle_errors
def stats_command(store: StoreOption = DEFAULT_STORE) -> None:
    """Count quads per graph, articles, entities by type and events by category."""
    numbers = store_stats(open_store(store))
    out.print(
        f"store {store}: {numbers['quads']} quads, {numbers['articles']} articles", markup=False
    )
    out.print(_counts_table("Entities", numbers["entities_by_type"], "type"))
    out.print(_counts_table("Events", numbers["events_by_category"], "category"))
    out.print(_counts_table("Quads per graph", numbers["quads_per_graph"], "graph"))
