"""``incidentkg validate``: check the store against the SHACL shapes."""

from __future__ import annotations

import typer

from incidentkg.cli._common import DEFAULT_STORE, StoreOption, err, handle_errors, out
from incidentkg.store import load_dataset

app = typer.Typer()


@app.command("validate")
@handle_errors
def validate_command(store: StoreOption = DEFAULT_STORE) -> None:
    """Check the stored graph against the shapes; exit 1 when it does not conform."""
    from incidentkg.validate import validate_graph  # pySHACL is slow to import

    report = validate_graph(load_dataset(store))
    if report.conforms:
        out.print("[green]The graph conforms to the shapes.[/green]")
        return
    out.print(report.to_text(), soft_wrap=True, markup=False)
    n = sum(1 for _ in report.iter_results())
    err.print(f"[red]The graph does not conform: {n} result(s).[/red]")
    raise typer.Exit(1)
