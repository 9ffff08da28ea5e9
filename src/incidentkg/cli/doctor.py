"""``incidentkg doctor``: check a store from the disk up, say how to recover, or repair it."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from incidentkg.build.doctor import Diagnosis, diagnose
from incidentkg.build.incremental import BuildOptions
from incidentkg.cli._common import DEFAULT_STORE, StoreOption, err, handle_errors, out
from incidentkg.cli.build import report, run_with_progress
from incidentkg.errors import IncidentKGError, Msg

app = typer.Typer()
_MARK = {True: Text("ok", "green"), False: Text("FAILED", "red"), None: Text("-", "dim")}


def _table(found: Diagnosis) -> Table:
    table = Table(title=f"Store {found.path}", title_justify="left")
    table.add_column("check")
    table.add_column("result")
    table.add_column("detail")
    for check in found.checks:
        table.add_row(check.name, _MARK[check.ok], Text(check.detail))  # paths: not markup
    return table


@app.command("doctor")
@handle_errors
def doctor_command(
    store: StoreOption = DEFAULT_STORE,
    repair: Annotated[
        bool,
        typer.Option(
            "--repair",
            help="When the index is damaged but the saved records are readable, write the "
            "index again from them (a build that needs no source files).",
        ),
    ] = False,
) -> None:
    """Check a store and say how to recover it; exit 1 when a check fails.

    Checks that the RocksDB index opens, that every quad reads back (through two indexes
    whose counts must agree), that the saved records decode, that each saved article has
    its graph, and that the graph conforms to the SHACL shapes. Reads only, unless
    `--repair` is given.
    """
    found = diagnose(store)
    out.print(_table(found))
    if found.healthy:
        out.print("[green]The store is healthy.[/green]")
        return
    if repair and found.repairable:
        _repair(found)
        return
    failed = f"{len(found.failed)} check(s): {', '.join(found.failed)}"
    raise IncidentKGError(Msg.E039, path=store, failed=failed, advice=found.advice())


def _repair(found: Diagnosis) -> None:
    """Rebuild the index from the saved records, then check again."""
    err.print(f"Writing the index of {found.path} again from its saved records...")
    report(run_with_progress(found.path, [], BuildOptions(reindex=True)))
    again = diagnose(found.path)
    out.print(_table(again))
    if not again.healthy:
        failed = f"{len(again.failed)} check(s) after the repair: {', '.join(again.failed)}"
        raise IncidentKGError(Msg.E039, path=found.path, failed=failed, advice=again.advice())
    out.print("[green]Repaired: the store is healthy.[/green]")
