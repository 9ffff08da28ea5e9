"""``incidentkg export``: tables for spreadsheets and graph dumps for other RDF tools."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from incidentkg.cli._common import DEFAULT_STORE, StoreOption, err, handle_errors
from incidentkg.export import export_graph, export_table
from incidentkg.store import open_store

app = typer.Typer(
    help="Write the events or entities table (CSV, JSONL) or the graph (TriG, N-Quads, Turtle).",
    no_args_is_help=True,
)


class TableFormat(StrEnum):
    csv = "csv"
    jsonl = "jsonl"


class GraphFormat(StrEnum):
    trig = "trig"
    nq = "nq"
    ttl = "ttl"


OutputOption = Annotated[
    Path,
    typer.Option("--output", "-o", dir_okay=False, help="File to write (replaced atomically)."),
]
TableFormatOption = Annotated[
    TableFormat,
    typer.Option(
        "--format", "-f", help="csv: lists joined with '; '. jsonl: one JSON object a line."
    ),
]


def _table(what: str, store: Path, fmt: TableFormat, output: Path) -> None:
    rows = export_table(open_store(store), what, fmt.value, output)
    err.print(f"wrote {rows} {what} to {output}")


@app.command("events")
@handle_errors
def events_command(
    output: OutputOption,
    store: StoreOption = DEFAULT_STORE,
    fmt: TableFormatOption = TableFormat.csv,
) -> None:
    """One row per event: type, date, place, actors, casualty figures, sources, evidence."""
    _table("events", store, fmt, output)


@app.command("entities")
@handle_errors
def entities_command(
    output: OutputOption,
    store: StoreOption = DEFAULT_STORE,
    fmt: TableFormatOption = TableFormat.csv,
) -> None:
    """One row per person, organisation or place, with aliases and sources."""
    _table("entities", store, fmt, output)


@app.command("graph")
@handle_errors
def graph_command(
    output: OutputOption,
    store: StoreOption = DEFAULT_STORE,
    fmt: Annotated[
        GraphFormat,
        typer.Option(
            "--format", "-f", help="trig or nq: every graph. ttl: the resolved graph only."
        ),
    ] = GraphFormat.trig,
) -> None:
    """Dump the graph for other RDF tools."""
    export_graph(store, fmt.value, output)
    err.print(f"wrote {fmt.value} to {output}")
