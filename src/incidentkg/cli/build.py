"""``incidentkg build``: articles → spaCy → records → RDF → SHACL check → store."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from incidentkg.cli._common import DEFAULT_STORE, StoreOption, err, handle_errors, out
from incidentkg.errors import IncidentKGError, Msg
from incidentkg.store import StoreLock, StoreStats, write_store

if TYPE_CHECKING:
    from incidentkg.pipeline import BuildResult, Skipped

app = typer.Typer()


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


def _run_pipeline(paths: list[Path], options: dict[str, Any]) -> BuildResult:
    """Extract and resolve with a progress bar; skipped files are named as they happen."""
    from incidentkg.pipeline import build as run_pipeline  # imports spaCy: keep it lazy

    with _progress() as progress:
        task = progress.add_task("Reading articles", total=None)

        def on_article(_: object) -> None:
            progress.advance(task)

        def on_skip(skipped: Skipped) -> None:
            progress.console.print(
                f"[yellow]{Msg.W001.format(path=skipped.path, reason=skipped.reason)}[/yellow]",
                soft_wrap=True,
            )

        return run_pipeline(paths, on_article=on_article, on_skip=on_skip, **options)


def _check(dataset: Any) -> None:
    """One-line SHACL verdict; violations do not stop the build, but we say so."""
    from incidentkg.validate import validate_graph

    report = validate_graph(dataset)
    if report.conforms:
        err.print("[green]SHACL: the graph conforms to the shapes.[/green]")
        return
    n = sum(1 for _ in report.iter_results())
    err.print(
        f"[yellow]SHACL: {n} result(s); the store is written anyway. "
        "Run `incidentkg validate` for the report.[/yellow]"
    )


def _summary(result: BuildResult, stored: StoreStats, seconds: float) -> Table:
    table = Table(title=f"Built {stored.path}", title_justify="left")
    table.add_column("what")
    table.add_column("count", justify="right")
    rows = {
        "articles": len(result.records),
        "skipped files": len(result.skipped),
        "entities": len(result.resolution.entities),
        "events": len(result.resolution.events),
        "quads": stored.quads,
        "graphs": stored.graphs,
    }
    for name, n in rows.items():
        table.add_row(name, str(n))
    table.add_row("seconds", f"{seconds:.1f}")
    return table


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
) -> None:
    """Read news articles and build (or replace) the graph store.

    The previous store stays intact until the new one is complete; a second build on the
    same store at the same time fails at once.
    """
    t0 = time.perf_counter()
    options: dict[str, Any] = {"published": parse_published(published), "strict": strict}
    if model:
        options["model"] = model
    with StoreLock(store) as lock:
        result = _run_pipeline(paths, options)
        from incidentkg.rdf.build import to_dataset

        dataset = to_dataset(result.records, result.resolution)
        _check(dataset)
        stored = write_store(store, dataset, lock)
    out.print(_summary(result, stored, time.perf_counter() - t0))
