"""``incidentkg stats``: what is in the store, at a glance.

A summary, not an inventory: a 4,000-article store has 4,000 graphs, so only the largest
are listed unless ``--graphs`` asks for all of them.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.columns import Columns
from rich.table import Table
from rich.text import Text

from incidentkg.cli._common import DEFAULT_STORE, StoreOption, handle_errors, out
from incidentkg.query.rows import short_iri
from incidentkg.store.local import open_store
from incidentkg.store.local import stats as store_stats

app = typer.Typer()
TOP = 10  # rows of a long count table (countries, graphs) before "... N more"


def _counts_table(title: str, counts: dict[str, int], key: str, top: int | None = None) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column(key)
    table.add_column("count", justify="right")
    items = list(counts.items())
    for name, n in items if top is None else items[:top]:
        table.add_row(Text(name), str(n))  # graph ids hold article ids: not markup
    if top is not None and len(items) > top:
        rest = sum(n for _, n in items[top:])
        table.add_row(Text(f"... {len(items) - top} more"), str(rest))
    return table


def _graph_names(counts: dict[str, int], iri: bool) -> dict[str, int]:
    return counts if iri else {short_iri(g): n for g, n in counts.items()}


@app.command("stats")
@handle_errors
def stats_command(
    store: StoreOption = DEFAULT_STORE,
    graphs: Annotated[
        bool, typer.Option("--graphs", help="List the quads of every graph, not the largest 10.")
    ] = False,
    iri: Annotated[
        bool, typer.Option("--iri", help="Show graphs by IRI instead of `graph/article/ID`.")
    ] = False,
) -> None:
    """Summarise the store: entities by type; events by category, type, country and year;
    the largest graphs.

    `incidentkg articles` lists the articles themselves.
    """
    numbers = store_stats(open_store(store))
    per_graph: dict[str, int] = numbers["quads_per_graph"]
    out.print(
        f"store {store}: {numbers['quads']} quads, {numbers['articles']} articles, "
        f"{len(per_graph)} graphs",
        markup=False,
    )
    tables = [
        _counts_table("Entities", numbers["entities_by_type"], "type"),
        _counts_table("Events by category", numbers["events_by_category"], "category"),
        _counts_table("Events by type", numbers["events_by_type"], "type"),
        _counts_table("Events by country", numbers["events_by_country"], "country", TOP),
        _counts_table("Events by year", numbers["events_by_year"], "year"),
    ]
    out.print(Columns(tables))
    names = _graph_names(per_graph, iri)
    if graphs:
        out.print(_counts_table("Quads per graph", names, "graph"))
    else:
        largest = dict(sorted(names.items(), key=lambda kv: (-kv[1], kv[0])))
        out.print(_counts_table("Largest graphs (--graphs: all)", largest, "graph", TOP))
