"""``incidentkg validate``: check the store against the SHACL shapes."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from incidentkg.cli._common import DEFAULT_STORE, StoreOption, err, handle_errors, out

if TYPE_CHECKING:
    from incidentkg.validate.report import ValidationReport

app = typer.Typer()


class Engine(StrEnum):
    """How to validate: SHACL compiled to SPARQL in the store, or pySHACL (the reference)."""

    SPARQL = "sparql"
    PYSHACL = "pyshacl"


EngineOption = Annotated[
    Engine,
    typer.Option(
        "--engine",
        help=(
            "`sparql` runs the shapes as SPARQL queries inside the store (seconds for a million "
            "quads); `pyshacl` is the reference implementation: it reads the whole store into "
            "memory and takes minutes on large stores. Both give the same report."
        ),
        show_default=True,
    ),
]


ShapesOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--shapes",
        metavar="FILE.ttl",
        exists=True,
        dir_okay=False,
        help=(
            "SHACL shapes (Turtle) to check instead of incidentkg's own; repeat for several "
            "files. The sparql engine supports what validate/FEATURES.md lists."
        ),
        show_default=False,
    ),
]


@app.command("validate")
@handle_errors
def validate_command(
    store: StoreOption = DEFAULT_STORE,
    engine: EngineOption = Engine.SPARQL,
    shapes: ShapesOption = None,
) -> None:
    """Check the stored graph against the shapes; exit 1 when it does not conform."""
    report = _validate(store, engine, shapes or [])
    if report.conforms:
        out.print("[green]The graph conforms to the shapes.[/green]")
        return
    out.print(report.to_text(), soft_wrap=True, markup=False)
    n = sum(1 for _ in report.iter_results())
    err.print(f"[red]The graph does not conform: {n} result(s).[/red]")
    raise typer.Exit(1)


def _validate(store: Path, engine: Engine, shapes_files: list[Path]) -> ValidationReport:
    # both import pySHACL (slow): only when the command runs
    from incidentkg.validate.report import read_shapes

    shapes = read_shapes(shapes_files) if shapes_files else None
    if engine is Engine.PYSHACL:
        from incidentkg.store.local import load_dataset
        from incidentkg.validate.pyshacl_engine import validate_graph

        return validate_graph(load_dataset(store), shapes)
    from incidentkg.store.local import open_store
    from incidentkg.validate.sparql import validate_store

    return validate_store(open_store(store), shapes)
