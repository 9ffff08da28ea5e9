"""The ``incidentkg`` command line: build a graph store from articles, then check and use it.

One module per command group, joined here (Typer's one-file-per-command layout). Heavy
imports (spaCy, pySHACL) happen inside the commands that need them, so ``query``,
``export`` and ``stats`` start quickly.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Annotated

import typer

from incidentkg.cli import (
    articles,
    build,
    curate,
    doctor,
    export,
    load,
    query,
    remove,
    serve,
    stats,
    validate,
    viz,
    watch,
)

app = typer.Typer(
    name="incidentkg",
    help=(
        "Build a knowledge graph of political-violence incidents from news articles, "
        "then validate, query and export it.\n\n"
        "Typical session: `incidentkg build seeds/` → `incidentkg validate` → "
        "`incidentkg query chain` → `incidentkg export events --format csv -o events.csv`.\n\n"
        "Exit codes: 0 ok, 1 violations or user error (`doctor`: a failed check), 2 internal "
        "error or a spaCy worker killed by the system. `incidentkg doctor` checks a store and "
        "says how to recover it."
    ),
    invoke_without_command=True,  # no arguments: help and exit 0 (click's no_args_is_help: 2)
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
)
app.add_typer(build.app)
app.add_typer(validate.app)
app.add_typer(query.app)
app.add_typer(export.app, name="export")
app.add_typer(stats.app)
app.add_typer(articles.app)
app.add_typer(remove.app)
app.add_typer(load.app)
app.add_typer(serve.app)
app.add_typer(viz.app)
app.add_typer(doctor.app)
app.add_typer(curate.app, name="curate")
app.add_typer(watch.app)


def _package_version() -> str:
    try:
        return version("incidentkg")
    except PackageNotFoundError:
        return "unknown"


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"incidentkg {_package_version()}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    show_version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Global options."""
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(0)


def main() -> None:
    """Console-script entry point."""
    app()
