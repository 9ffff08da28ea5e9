"""``incidentkg query``: run a named query, a ``.rq`` file or inline SPARQL on the store."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from incidentkg.cli._common import DEFAULT_STORE, StoreOption, err, handle_errors, out
from incidentkg.cli._remote import (
    AuthOption,
    BackoffOption,
    InsecureOption,
    NetrcOption,
    RetriesOption,
    make_remote,
)
from incidentkg.cli._table import Layout, print_result
from incidentkg.errors import IncidentKGError, Msg
from incidentkg.query.run import (
    QueryResult,
    check_service,
    is_update,
    named_queries,
    resolve_query,
    run_local,
    run_update,
    to_csv,
    to_json,
)
from incidentkg.query.service import SERVICE_TIMEOUT
from incidentkg.store.auth import AuthScheme

app = typer.Typer()
REMOTE_TIMEOUT = 60.0


class QueryFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def _print_table(result: QueryResult, iri: bool = False, layout: Layout = Layout.auto) -> None:
    print_result(out, result.columns, result.rows, iri=iri, layout=layout)


FormatOption = Annotated[
    QueryFormat,
    typer.Option("--format", "-f", help="table for reading, csv or json for other tools."),
]
IriOption = Annotated[
    bool,
    typer.Option(
        "--iri", help="Table: show whole IRIs instead of short ids (`event/...`, `ikg:Bombing`)."
    ),
]
LayoutOption = Annotated[
    Layout,
    typer.Option(
        help="Table: `auto` draws one table when its columns fit the terminal (COLUMNS, else "
        "its width; 400 on a pipe), else one block per row; or force `table` or `records`.",
    ),
]


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
    fmt: FormatOption = QueryFormat.table,
    iri: IriOption = False,
    layout: LayoutOption = Layout.auto,
    list_queries: Annotated[
        bool, typer.Option("--list", help="List the named queries and exit.")
    ] = False,
    allow_update: Annotated[
        bool,
        typer.Option(
            "--allow-update",
            help="Let a SPARQL UPDATE (INSERT, DELETE, DROP, LOAD, ...) change the local store. "
            "Without it the store is opened read-only and an update is refused. The next "
            "`incidentkg build` replaces the store and drops such changes.",
        ),
    ] = False,
    timeout: Annotated[
        float | None,
        typer.Option(
            "--timeout",
            min=0.1,
            show_default=False,
            help="Local store: stop the query after this many seconds (it runs in a separate "
            f"process). With --endpoint: seconds per HTTP request [default: {REMOTE_TIMEOUT:g}].",
        ),
    ] = None,
    allow_service: Annotated[
        bool,
        typer.Option(
            "--allow-service",
            help="Let the query use SERVICE, which sends requests from this machine to the "
            "hosts the query names. Without it such a query is refused. With it the query "
            f"runs under --timeout ({SERVICE_TIMEOUT:g} s when not given).",
        ),
    ] = False,
    endpoint: Annotated[
        str | None,
        typer.Option(
            help="Ask a remote SPARQL endpoint instead of the local store (credentials as "
            "for `incidentkg load`).",
        ),
    ] = None,
    retries: RetriesOption = 2,
    backoff: BackoffOption = 1.0,
    insecure: InsecureOption = False,
    netrc_file: NetrcOption = None,
    auth: AuthOption = AuthScheme.AUTO,
) -> None:
    """Ask the graph a question in SPARQL.

    Without `GRAPH`, a query sees all graphs at once (articles and resolved) in the local
    store; a remote store decides this itself (the named queries always say `GRAPH`). JSON
    output is a list of objects, one per row. Unbound values are empty (CSV) or null (JSON).
    Queries are read-only unless `--allow-update` is given, and never send requests to
    other hosts (SPARQL `SERVICE`) unless `--allow-service` is given.
    """
    if list_queries or not query:
        for name, path in named_queries().items():
            out.print(f"{name:40} {path}", markup=False)
        return
    label, sparql = resolve_query(query)
    check_service(sparql, label, allow_service)
    if endpoint:
        result = _remote_query(label, sparql, endpoint, timeout, retries, backoff,
                               insecure, netrc_file, auth)  # fmt: skip
    elif is_update(sparql):
        _update(store, label, sparql, allow_update)
        return
    else:
        result = run_local(store, sparql, label, timeout, allow_service)
    show(result, fmt, iri, layout)


def show(
    result: QueryResult, fmt: QueryFormat, iri: bool = False, layout: Layout = Layout.auto
) -> None:
    """Print ``result`` as a table for reading, or as CSV or JSON for other tools."""
    if fmt is QueryFormat.table:
        _print_table(result, iri, layout)
    elif fmt is QueryFormat.csv:
        typer.echo(to_csv(result), nl=False)
    else:
        typer.echo(to_json(result))


def _update(store: Path, label: str, sparql: str, allow: bool) -> None:
    """Only an explicit --allow-update opens the store writable (under the build lock)."""
    if not allow:
        raise IncidentKGError(Msg.E043, name=label)
    quads = run_update(store, sparql)
    out.print(f"Update applied: the store now holds {quads} quads.")
    err.print(f"[yellow]{escape(Msg.W005.format(path=store))}[/yellow]", soft_wrap=True)


def _remote_query(
    label: str,
    sparql: str,
    endpoint: str,
    timeout: float | None,
    retries: int,
    backoff: float,
    insecure: bool,
    netrc_file: Path | None,
    auth: AuthScheme,
) -> QueryResult:
    from incidentkg.store.remote import check_url, select

    if is_update(sparql):
        raise IncidentKGError(Msg.E046, name=label)
    seconds = REMOTE_TIMEOUT if timeout is None else timeout
    with make_remote(seconds, retries, backoff, insecure, netrc_file, auth) as remote:
        return select(remote, check_url(endpoint), sparql, label)
