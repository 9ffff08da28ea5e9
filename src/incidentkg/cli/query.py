"""``incidentkg query``: run a named query, a ``.rq`` file or inline SPARQL on the store."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer
from rich.table import Table

from incidentkg.cli._common import DEFAULT_STORE, StoreOption, handle_errors, out
from incidentkg.cli._remote import BackoffOption, RetriesOption, TimeoutOption, make_remote
from incidentkg.query import (
    QueryResult,
    named_queries,
    resolve_query,
    run_query,
    to_csv,
    to_json,
)
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
    endpoint: Annotated[
        str | None,
        typer.Option(
            help="Ask a remote SPARQL endpoint instead of the local store (credentials as "
            "for `incidentkg load`).",
        ),
    ] = None,
    timeout: TimeoutOption = 60.0,
    retries: RetriesOption = 2,
    backoff: BackoffOption = 1.0,
) -> None:
    """Ask the graph a question in SPARQL.

    Without `GRAPH`, a query sees all graphs at once (articles and resolved) in the local
    store; a remote store decides this itself (the named queries always say `GRAPH`). JSON
    output is a list of objects, one per row. Unbound values are empty (CSV) or null (JSON).
    """
    if list_queries or not query:
        for name, path in named_queries().items():
            out.print(f"{name:40} {path}")
        return
    if endpoint:
        result = _remote_query(query, endpoint, timeout, retries, backoff)
    else:
        result = run_query(open_store(store), query)
    if fmt is QueryFormat.table:
        _print_table(result)
    elif fmt is QueryFormat.csv:
        typer.echo(to_csv(result), nl=False)
    else:
        typer.echo(to_json(result))


def _remote_query(
    spec: str, endpoint: str, timeout: float, retries: int, backoff: float
) -> QueryResult:
    from incidentkg.remote import check_url, select

    label, sparql = resolve_query(spec)
    with make_remote(timeout, retries, backoff) as remote:
        return select(remote, check_url(endpoint), sparql, label)
