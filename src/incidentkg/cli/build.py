"""``incidentkg build``: articles → spaCy → records → RDF → SHACL check → store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from incidentkg.build.api import BuildReport, build_store
from incidentkg.build.executors import ExecutorOptions
from incidentkg.build.incremental import BuildOptions, Callbacks, IncrementalResult
from incidentkg.cli._common import (
    DEFAULT_STORE,
    StoreOption,
    err,
    handle_errors,
    out,
    quick_exit,
)
from incidentkg.errors import IncidentKGError, Msg
from incidentkg.store.local import StoreStats
from incidentkg.validate.report import ValidationReport

app = typer.Typer()


class Executor(StrEnum):
    """``--executor`` choices (see :mod:`incidentkg.build.executors`)."""

    local = "local"
    dask = "dask"


def parse_published_option(value: str | None) -> dt.date | None:
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


def callbacks_for(progress: Progress, task: Any) -> Callbacks:
    """Advance the bar per article; print skipped files and duplicate ids above it."""
    return Callbacks(
        on_article=lambda _: progress.advance(task),
        on_skip=lambda s: _warn(progress, Msg.W001.format(path=s.path, reason=s.reason)),
        on_duplicate=lambda a: _warn(progress, Msg.W003.format(article=a.id, path=a.source_path)),
    )


def run_with_progress(
    store: Path, paths: Sequence[Path], options: BuildOptions, remove: Sequence[str] = ()
) -> BuildReport:
    """:func:`build_store` under a progress bar, then the SHACL verdict in one line."""
    quick_exit()
    with _progress() as progress:
        task = progress.add_task("Extracting articles", total=None)
        built = build_store(
            store, paths, options, remove=remove, callbacks=callbacks_for(progress, task)
        )
    if built.validation is not None:
        _verdict(built.validation, built.validated_graphs, built.validated_nodes)
    return built


def _verdict(
    report: ValidationReport, graphs: frozenset[str] | None, nodes: frozenset[str] | None
) -> None:
    """One-line SHACL verdict on the new store; violations do not stop the build."""
    if nodes is not None:
        scope = f"the {len(nodes)} node(s) the update touched"
    else:
        scope = "the graph" if graphs is None else f"the {len(graphs)} changed graph(s)"
    if report.conforms:
        verb = "conforms" if graphs is None and nodes is None else "conform"
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
        "corrections applied": len(result.curation.applied) if result.curation else 0,
        "corrections not applied": len(result.curation.unresolved) if result.curation else 0,
        "entities": len(resolution.entities) if resolution else 0,
        "events": len(resolution.events) if resolution else 0,
        "quads": stored.quads,
        "graphs": stored.graphs,
    }
    for name, n in rows.items():
        table.add_row(name, str(n))
    table.add_row("seconds", f"{seconds:.1f}")
    return table


def report(built: BuildReport) -> None:
    """The summary table, or one line saying that nothing changed."""
    if built.stored is None:
        n = len(built.records)
        out.print(f"Store {built.store} is up to date: {n} article(s) unchanged; nothing written.")
        return
    out.print(_summary(built.result, built.stored, built.seconds))
    _unapplied(built.result)


def _unapplied(result: IncrementalResult) -> None:
    """One warning line per correction whose target is gone: reported, never dropped."""
    from rich.markup import escape

    for outcome in result.curation.unresolved if result.curation else ():
        c = outcome.correction
        line = Msg.W010.format(id=c.id, kind=c.kind, reason=outcome.note)
        out.print(f"[yellow]{escape(line)}[/yellow]", soft_wrap=True)


@app.command("build")
@handle_errors
def build_command(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Article files, or folders searched recursively for them: .txt (plain text; "
            "several articles in one file are split), .html and .htm (saved news pages; title, "
            "date and URL from their markup), .jsonl and .csv (feeds, one article a row: `id`, "
            "`text`, optional `title`, `published`, `url` or `original_link`, `source`).",
            metavar="PATH",
            show_default=False,
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
    corrections: Annotated[
        Path | None,
        typer.Option(
            "--corrections",
            dir_okay=False,
            help="Analysts' corrections to replay (default: STORE.corrections.yaml beside the "
            "store; see `incidentkg curate`).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Read news articles and add them to the graph store (created if missing).

    Incremental: articles already in the store are kept, new or changed ones (by content
    hash) are extracted, unchanged ones reuse their saved records, and everything is
    resolved again so new reports join existing events. `--rebuild` starts from scratch;
    `incidentkg remove` withdraws articles. The previous store stays intact until the new
    one is complete; a second build on the same store at the same time fails at once.
    """
    run_on = ExecutorOptions(jobs=jobs, executor=executor.value, scheduler=scheduler)
    options = BuildOptions(
        parse_published_option(published), model, strict, rebuild, run_on, corrections=corrections
    )
    report(run_with_progress(store, paths, options))
