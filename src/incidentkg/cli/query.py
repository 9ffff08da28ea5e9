"""``incidentkg query``: run a named query, a ``.rq`` file or inline SPARQL on the store."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer
from rich.table import Table

from incidentkg.cli._common import DEFAULT_STORE, StoreOption, handle_errors, out
from incidentkg.query import QueryResult, named_queries, run_query, to_csv, to_json
from incidentkg.store import open_store

app = typer.Typer()


class QueryFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def _print_table(result: QueryResult) -> None:
    table = Table(*result.columns, show_lines=False)
    for row in result.rows:
        table.add_row(*("" if v is None else v for v in row))
    if not out.is_terminal:
        out.width = max(out.width, 400)  # piped output: do not wrap cells
    out.print(table)
    out.print(f"{len(result.rows)} row(s)")


@app.command("query")
@handle_errors
def query_command(
    query: Annotated[
        str,
        typer.Argument(
            help="A named query (e.g. `chain`, see `incidentkg query --list`), "
            "a FILE.rq, or SPARQL text in quotes.",
            show_default=False,
        ),
    ] = "",
    store: StoreOption = DEFAULT_STORE,
    fmt: Annotated[
        QueryFormat,
        typer.Option("--format", "-f", help="table for reading, csv or json for other tools."),
    ] = QueryFormat.table,
    list_queries: Annotated[
        bool, typer.Option("--list", help="List the named queries and exit.")
    ] = False,
) -> None:
    """Ask the graph a question in SPARQL.

    Without `GRAPH`, a query sees all graphs at once (articles and resolved). JSON output
    is a list of objects, one per row. Unbound values are empty (CSV) or null (JSON).
    """
    if list_queries or not query:
        for name, path in named_queries().items():
            out.print(f"{name:40} {path}")
        return
    result = run_query(open_store(store), query)
    if fmt is QueryFormat.table:
        _print_table(result)
    elif fmt is QueryFormat.csv:
        typer.echo(to_csv(result), nl=False)
    else:
        typer.echo(to_json(result))
