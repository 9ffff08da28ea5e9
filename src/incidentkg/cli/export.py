"""``incidentkg export``: tables for spreadsheets and graph dumps for other RDF tools."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from incidentkg.cli._common import DEFAULT_STORE, StoreOption, err, handle_errors
from incidentkg.query.export import (
    CONTEXT_URL,
    GRAPH_SUFFIXES,
    TABLE_SUFFIXES,
    export_graph,
    export_ontology,
    export_table,
    output_format,
)
from incidentkg.store.local import open_store

app = typer.Typer(
    help="Write the events or entities table (CSV, JSONL, XLSX), the graph (TriG, N-Quads, "
    "N-Triples, Turtle, JSON-LD, GraphML) or the ontology and shapes.",
    invoke_without_command=True,
)


@app.callback()
def _export(ctx: typer.Context) -> None:
    """Without a subcommand: the help, exit 0 (click's no_args_is_help exits 2)."""
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(0)


class TableFormat(StrEnum):
    csv = "csv"
    jsonl = "jsonl"
    xlsx = "xlsx"


class GraphFormat(StrEnum):
    trig = "trig"
    nq = "nq"
    nt = "nt"
    ttl = "ttl"
    jsonld = "jsonld"
    graphml = "graphml"


class ContextMode(StrEnum):
    reference = "reference"
    embed = "embed"


OutputOption = Annotated[
    Path,
    typer.Option("--output", "-o", dir_okay=False, help="File to write (replaced atomically)."),
]
TableFormatOption = Annotated[
    TableFormat | None,
    typer.Option(
        "--format",
        "-f",
        show_default=False,
        help="csv: lists joined with '; '. jsonl: one JSON object a line. xlsx: an Excel "
        "workbook (lists joined with '; '). Default: the one the output's suffix names "
        "(.csv, .jsonl, .xlsx), else csv; a suffix naming another format is refused.",
    ),
]


def _table(what: str, store: Path, fmt: TableFormat | None, output: Path) -> None:
    chosen = output_format(output, fmt.value if fmt else None, "tables", TABLE_SUFFIXES)
    rows = export_table(open_store(store), what, chosen, output)
    err.print(f"wrote {rows} {what} to {output}", markup=False)


@app.command("events")
@handle_errors
def events_command(
    output: OutputOption,
    store: StoreOption = DEFAULT_STORE,
    fmt: TableFormatOption = None,
) -> None:
    """One row per event: type, date, place, actors, casualty figures, sources and their
    URLs, evidence."""
    _table("events", store, fmt, output)


@app.command("entities")
@handle_errors
def entities_command(
    output: OutputOption,
    store: StoreOption = DEFAULT_STORE,
    fmt: TableFormatOption = None,
) -> None:
    """One row per person, organisation or place, with aliases and sources."""
    _table("entities", store, fmt, output)


@app.command("graph")
@handle_errors
def graph_command(
    output: OutputOption,
    store: StoreOption = DEFAULT_STORE,
    fmt: Annotated[
        GraphFormat | None,
        typer.Option(
            "--format",
            "-f",
            show_default=False,
            help="trig, nq: every named graph. nt: all graphs merged into one. "
            "ttl, jsonld, graphml (Gephi, Cytoscape): the resolved graph. Default: the one "
            "the output's suffix names, else trig; a suffix naming another format is refused.",
        ),
    ] = None,
    context: Annotated[
        ContextMode,
        typer.Option(
            help=f"JSON-LD only. reference: `@context` is {CONTEXT_URL}. "
            "embed: the context object is written inline.",
        ),
    ] = ContextMode.reference,
) -> None:
    """Dump the graph for other RDF tools, or for network tools as GraphML."""
    chosen = output_format(output, fmt.value if fmt else None, "graphs", GRAPH_SUFFIXES)
    export_graph(store, chosen, output, context.value)
    err.print(f"wrote {chosen} to {output}", markup=False)


@app.command("ontology")
@handle_errors
def ontology_command(
    output: Annotated[
        Path,
        typer.Option("--output", "-o", file_okay=False, help="Folder to write the files into."),
    ],
) -> None:
    """Write the ontology, the SHACL shapes and the JSON-LD context, each loadable alone.

    Validate data in another tool, e.g. `pyshacl -s incidentkg.shacl.ttl -w data.nt`
    on `incidentkg export graph -f nt` output.
    """
    for path in export_ontology(output):
        err.print(f"wrote {path}", markup=False)
