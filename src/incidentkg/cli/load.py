"""``incidentkg load``: push the store's named graphs into a remote triple store."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from incidentkg.cli._common import DEFAULT_STORE, StoreOption, err, handle_errors, out
from incidentkg.cli._remote import (
    AuthOption,
    BackoffOption,
    InsecureOption,
    NetrcOption,
    RetriesOption,
    TimeoutOption,
    make_remote,
)
from incidentkg.errors import IncidentKGError, Msg
from incidentkg.query.export import atomic_output
from incidentkg.store.auth import AuthScheme
from incidentkg.store.local import open_store

if TYPE_CHECKING:
    import pyoxigraph as ox

    from incidentkg.store.remote import LoadReport, Manifest, Remote

app = typer.Typer()


class Mode(StrEnum):
    REPLACE = "replace"
    MERGE = "merge"


def _targets(
    endpoint: str | None, graph_store: str | None, authenticated: bool
) -> tuple[str | None, str]:
    from incidentkg.store.remote import check_url, graph_store_url  # httpx

    if graph_store:
        return endpoint and check_url(endpoint), check_url(graph_store)
    if endpoint:
        return endpoint, graph_store_url(endpoint, authenticated)
    raise IncidentKGError(Msg.E070)


def _print_report(report: LoadReport) -> None:
    out.print(
        f"Loaded {len(report.loaded)} graph(s), {report.triples} triple(s) into {report.target}"
    )
    if report.skipped:
        out.print(f"Skipped {len(report.skipped)} graph(s) unchanged since the last load there")
    if report.pruned:
        out.print(
            f"Deleted {len(report.pruned)} stale article graph(s): " + ", ".join(report.pruned)
        )
    if report.ok:
        return
    message = Msg.E075.format(graph=report.failed, reason=report.reason)
    err.print(f"[red]{escape(message)}[/red]", soft_wrap=True)  # the reason quotes the server
    err.print("Loaded:", ", ".join(g.graph for g in report.loaded) or "none", soft_wrap=True)
    err.print("Not loaded:", ", ".join(report.not_loaded), soft_wrap=True)
    err.print("Run the same command again to finish: no graph is ever loaded twice.")


@app.command("load")
@handle_errors
def load_command(
    store: StoreOption = DEFAULT_STORE,
    endpoint: Annotated[
        str | None,
        typer.Option(
            help="SPARQL query endpoint of the remote store; the graph store URL is derived "
            "from it (Oxigraph /query, Fuseki /DATASET/sparql, GraphDB /repositories/REPO, "
            "Virtuoso /sparql).",
        ),
    ] = None,
    graph_store: Annotated[
        str | None,
        typer.Option(help="Graph Store Protocol URL, when it cannot be derived from --endpoint."),
    ] = None,
    mode: Annotated[
        Mode,
        typer.Option(
            help="replace: each remote graph becomes exactly the local one (HTTP PUT). "
            "merge: add to what the remote graph holds (HTTP POST)."
        ),
    ] = Mode.REPLACE,
    prune_graphs: Annotated[
        bool,
        typer.Option(
            "--prune",
            help="Also delete remote article graphs this store does not have (needs --endpoint).",
        ),
    ] = False,
    all_graphs: Annotated[
        bool,
        typer.Option(
            "--all-graphs",
            help="replace: send every graph, even those unchanged since the last load.",
        ),
    ] = False,
    timeout: TimeoutOption = 30.0,
    retries: RetriesOption = 3,
    backoff: BackoffOption = 1.0,
    insecure: InsecureOption = False,
    netrc_file: NetrcOption = None,
    auth: AuthOption = AuthScheme.AUTO,
    report_file: Annotated[
        Path | None,
        typer.Option("--report", dir_okay=False, help="Also write the load report as JSON."),
    ] = None,
) -> None:
    """Load every named graph (one per article, plus the resolved graph) into a remote store.

    Uses the SPARQL 1.1 Graph Store HTTP Protocol, one request per graph, article graphs
    first and the resolved graph last. A failure names the graphs that did and did not
    load; running the command again finishes the job without duplicates.

    In replace mode with --endpoint, only graphs that changed since the last load to the
    same target are sent: STORE.loads.json, beside the store, keeps a digest of every
    graph sent there, and a graph the remote no longer holds with as many triples (a
    cleared or edited remote) is sent again. --all-graphs sends every graph.

    A request that times out or meets a network error, 408, 429 or 5xx is retried with
    back-off; a graph is reported loaded only once the server has accepted it.

    Credentials come from the environment: INCIDENTKG_REMOTE_TOKEN (bearer), or
    INCIDENTKG_REMOTE_USER and INCIDENTKG_REMOTE_PASSWORD (HTTP Digest or Basic, as the
    server asks; see --auth), else from a netrc file (--netrc or NETRC). They are never
    printed. TLS certificates are checked.
    """
    from incidentkg.store.remote import Manifest, manifest_path, redact  # httpx

    remote_client = make_remote(timeout, retries, backoff, insecure, netrc_file, auth)
    with remote_client as remote:
        query_url, gsp_url = _targets(endpoint, graph_store, remote.authenticated)
        if prune_graphs and not query_url:
            raise IncidentKGError(Msg.E070)
        db = open_store(store)
        manifest = None
        if mode is Mode.REPLACE and query_url:
            manifest = Manifest(manifest_path(store), redact(gsp_url))
            if all_graphs:
                manifest.sent.clear()
        merge = mode is Mode.MERGE
        report = _load(db, remote, (gsp_url, query_url), merge, manifest, prune_graphs)
    if report_file:
        with atomic_output(report_file) as fh:
            fh.write(json.dumps(report.to_json(), indent=2).encode("utf-8"))
    _print_report(report)
    if not report.ok:
        raise typer.Exit(1)


def _load(
    db: ox.Store,
    remote: Remote,
    urls: tuple[str, str | None],
    merge: bool,
    manifest: Manifest | None,
    pruning: bool,
) -> LoadReport:
    """Replace or merge every graph (with a ``manifest``: only the changed ones)."""
    from incidentkg.store.remote import load_order, load_store, prune, redact, remote_graph_sizes

    gsp_url, query_url = urls
    counts = remote_graph_sizes(remote, query_url) if manifest and query_url else None
    with _progress() as progress:
        task = progress.add_task(f"Loading into {redact(gsp_url)}", total=len(load_order(db)))
        report = load_store(db, remote, gsp_url, merge, lambda _: progress.advance(task),
                            manifest, counts, lambda _: progress.advance(task))  # fmt: skip
        if report.ok and pruning and query_url:
            report.pruned = prune(db, remote, query_url, gsp_url)
            if manifest is not None:
                for graph in report.pruned:
                    manifest.sent.pop(graph, None)
                manifest.save()
    return report


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        transient=True,
    )
