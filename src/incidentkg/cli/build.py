"""``incidentkg build``: articles → spaCy → records → RDF → SHACL check → store."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from incidentkg.cli._common import DEFAULT_STORE, StoreOption, err, handle_errors, out
from incidentkg.errors import IncidentKGError, Msg
from incidentkg.executors import ExecutorOptions
from incidentkg.incremental import BuildOptions, IncrementalResult
from incidentkg.store import StoreLock, StoreStats, StoreWriter

app = typer.Typer()


class Executor(StrEnum):
    """``--executor`` choices (see :mod:`incidentkg.executors`)."""

    local = "local"
    dask = "dask"


def parse_published(value: str | None) -> dt.date | None:
    """``--published`` as a date; a wrong format is a user error (E010)."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise IncidentKGError(Msg.E010, value=value) from exc


def _progress() -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed} article(s)"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )


def _warn(progress: Progress, message: str) -> None:
    """Paths and ids in ``message`` are the user's: ``[/x]`` in a name must not be markup."""
    from rich.markup import escape

    progress.console.print(f"[yellow]{escape(message)}[/yellow]", soft_wrap=True)


def run_incremental(
    store: Path,
    paths: list[Path],
    options: BuildOptions,
    writer: StoreWriter,
    remove: Sequence[str] = (),
) -> IncrementalResult:
    """Plan, extract what is new into ``writer`` and resolve, with progress and named skips."""
    from incidentkg.incremental import Callbacks, run_build  # imports spaCy: keep it lazy

    with _progress() as progress:
        task = progress.add_task("Extracting articles", total=None)
        callbacks = Callbacks(
            on_article=lambda _: progress.advance(task),
            on_skip=lambda s: _warn(progress, Msg.W001.format(path=s.path, reason=s.reason)),
            on_duplicate=lambda a: _warn(
                progress, Msg.W003.format(article=a.id, path=a.source_path)
            ),
        )
        return run_build(store, paths, options, writer, callbacks, remove)


def _check(store: Any, graphs: frozenset[str] | None) -> None:
    """One-line SHACL verdict on the new store; violations do not stop the build."""
    from incidentkg.validate_sparql import validate_store

    report = validate_store(store, graphs=graphs)
    scope = "the graph" if graphs is None else f"the {len(graphs)} changed graph(s)"
    if report.conforms:
        verb = "conforms" if graphs is None else "conform"
        err.print(f"[green]SHACL: {scope} {verb} to the shapes.[/green]")
        return
    n = sum(1 for _ in report.iter_results())
    err.print(
        f"[yellow]SHACL: {n} result(s) in {scope}; the store is written anyway. "
        "Run `incidentkg validate` for the report.[/yellow]"
    )


def _summary(result: IncrementalResult, stored: StoreStats, seconds: float) -> Table:
    table = Table(title=f"Built {stored.path}", title_justify="left")
    table.add_column("what")
    table.add_column("count", justify="right")
    plan = result.plan
    resolution = result.resolution
    rows = {
        "articles": len(result.records),
        "new articles": len(plan.new),
        "changed articles": len(plan.changed),
        "re-extracted (extractor changed)": len(plan.refreshed),
        "unchanged articles (reused)": len(plan.unchanged) + len(plan.moved),
        "kept from the store (not given)": len(plan.reuse) - len(plan.unchanged) - len(plan.moved),
        "removed articles": len(plan.removed),
        "skipped files": len(result.skipped),
        "entities": len(resolution.entities) if resolution else 0,
        "events": len(resolution.events) if resolution else 0,
        "quads": stored.quads,
        "graphs": stored.graphs,
    }
    for name, n in rows.items():
        table.add_row(name, str(n))
    table.add_row("seconds", f"{seconds:.1f}")
    return table


def write_result(result: IncrementalResult, writer: StoreWriter) -> StoreStats | None:
    """Check the filled store and swap it in; ``None`` (nothing written) when up to date."""
    if result.resolution is None:
        return None
    _check(writer.load(), result.changed_graphs)
    return writer.commit()


def report(store: Path, result: IncrementalResult, stored: StoreStats | None, t0: float) -> None:
    """The summary table, or one line saying that nothing changed."""
    if stored is None:
        n = len(result.records)
        out.print(f"Store {store} is up to date: {n} article(s) unchanged; nothing written.")
        return
    out.print(_summary(result, stored, time.perf_counter() - t0))


@app.command("build")
@handle_errors
def build_command(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Article files (.txt) or folders of them.", metavar="PATH", show_default=False
        ),
    ],
    store: StoreOption = DEFAULT_STORE,
    published: Annotated[
        str | None,
        typer.Option(
            help="Publication date YYYY-MM-DD for articles that do not state one; "
            "used to read relative dates such as 'last Friday'.",
        ),
    ] = None,
    model: Annotated[
        str | None, typer.Option(help="spaCy model to run (default: the packaged one).")
    ] = None,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Stop at the first unreadable file instead of skipping it."),
    ] = False,
    rebuild: Annotated[
        bool,
        typer.Option(
            "--rebuild",
            help="Start from scratch: the store holds only PATH's articles afterwards.",
        ),
    ] = False,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            min=0,
            help="Worker processes for spaCy (0: one per core).",
        ),
    ] = 0,
    executor: Annotated[
        Executor,
        typer.Option(help="Where spaCy runs: local processes, or a Dask cluster (--scheduler)."),
    ] = Executor.local,
    scheduler: Annotated[
        str | None,
        typer.Option(help="Dask scheduler address for --executor dask, e.g. tcp://host:8786."),
    ] = None,
) -> None:
    """Read news articles and add them to the graph store (created if missing).

    Incremental: articles already in the store are kept, new or changed ones (by content
    hash) are extracted, unchanged ones reuse their saved records, and everything is
    resolved again so new reports join existing events. `--rebuild` starts from scratch;
    `incidentkg remove` withdraws articles. The previous store stays intact until the new
    one is complete; a second build on the same store at the same time fails at once.
    """
    t0 = time.perf_counter()
    run_on = ExecutorOptions(jobs=jobs, executor=executor.value, scheduler=scheduler)
    options = BuildOptions(parse_published(published), model, strict, rebuild, run_on)
    with StoreLock(store) as lock, StoreWriter(store, lock) as writer:
        result = run_incremental(store, paths, options, writer)
        stored = write_result(result, writer)
    report(store, result, stored, t0)
