"""Tables and graph dumps for analysts, read from the store.

The tables are the named queries ``events.rq`` and ``entities.rq`` run on the store, then
tidied: multi-valued cells become sorted lists ("; "-joined in CSV, arrays in JSONL) and
counts become integers. Column meanings are documented in ``queries/events.rq``;
``perpetrators_killed`` is the lowest figure any source gave.

Every output is written to a temporary file in the target folder and renamed into place,
so a crash never leaves a half-written file behind.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from incidentkg.errors import IncidentKGError, Msg
from incidentkg.query import QueryResult, named_queries, run_sparql
from incidentkg.store import RESOLVED_GRAPH, open_store

EVENT_COLUMNS = (
    "event_id", "category", "event_type", "date", "date_precision", "place", "city",
    "province", "country", "perpetrators", "perpetrator_status", "victims", "masterminds",
    "conducted_by", "killed", "killed_max", "injured", "injured_max", "perpetrators_killed",
    "sources", "evidence",
)  # fmt: skip
ENTITY_COLUMNS = ("entity_id", "entity_type", "label", "aliases", "description", "sources")
LIST_COLUMNS = frozenset(
    {"perpetrators", "victims", "masterminds", "conducted_by", "sources", "aliases"}
)
INT_COLUMNS = frozenset({"killed", "killed_max", "injured", "injured_max", "perpetrators_killed"})
TABLE_FORMATS = ("csv", "jsonl")
GRAPH_FORMATS = {"trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS, "ttl": ox.RdfFormat.TURTLE}
PREFIXES = {
    "ikg": "https://w3id.org/incidentkg/ontology#",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "geo": "http://www.w3.org/2003/01/geo/wgs84_pos#",
}

Cell = str | int | list[str] | None
Row = dict[str, Cell]


# --- tables ----------------------------------------------------------------------


def _cell(column: str, value: str | None) -> Cell:
    if column in LIST_COLUMNS:
        return sorted({v for v in (value or "").split("; ") if v})
    if column in INT_COLUMNS and value is not None:
        return int(value)
    return value


def _table(store: ox.Store, name: str, columns: Sequence[str]) -> list[Row]:
    """Run a named query and check it still returns the documented columns."""
    result: QueryResult = run_sparql(store, named_queries()[name].read_text("utf-8"), name)
    if tuple(result.columns) != tuple(columns):
        raise RuntimeError(f"{name}.rq returns {result.columns}, expected {list(columns)}")
    return [{c: _cell(c, v) for c, v in rec.items()} for rec in result.records()]


def events_table(store: ox.Store) -> list[Row]:
    """One row per resolved event, columns :data:`EVENT_COLUMNS`."""
    return _table(store, "events", EVENT_COLUMNS)


def entities_table(store: ox.Store) -> list[Row]:
    """One row per resolved entity, columns :data:`ENTITY_COLUMNS`."""
    return _table(store, "entities", ENTITY_COLUMNS)


def _csv_text(rows: Sequence[Row], columns: Sequence[str]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_cell(row[c]) for c in columns])
    return buf.getvalue()


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(value)
    return str(value)


def _jsonl_text(rows: Sequence[Row], columns: Sequence[str]) -> str:
    lines = (json.dumps({c: row[c] for c in columns}, ensure_ascii=False) for row in rows)
    return "".join(line + "\n" for line in lines)


def render_table(rows: Sequence[Row], columns: Sequence[str], fmt: str) -> str:
    """CSV (lists "; "-joined, blanks for unknown) or JSONL (arrays, ints, null)."""
    if fmt == "csv":
        return _csv_text(rows, columns)
    if fmt == "jsonl":
        return _jsonl_text(rows, columns)
    raise IncidentKGError(Msg.E050, fmt=fmt, what="tables", choices=", ".join(TABLE_FORMATS))


def export_table(store: ox.Store, what: str, fmt: str, out: Path) -> int:
    """Write the ``events`` or ``entities`` table; returns the number of rows."""
    columns: Sequence[str]
    if what == "events":
        rows, columns = events_table(store), EVENT_COLUMNS
    else:
        rows, columns = entities_table(store), ENTITY_COLUMNS
    text = render_table(rows, columns, fmt)
    with atomic_output(out) as fh:
        fh.write(text.encode("utf-8"))
    return len(rows)


# --- graph -------------------------------------------------------------------------


def export_graph(store_path: Path, fmt: str, out: Path) -> None:
    """TriG / N-Quads hold every graph; Turtle holds the resolved graph only.

    Oxigraph serialises straight from the store: nothing is loaded into rdflib, so a
    large store exports in constant memory.
    """
    if fmt not in GRAPH_FORMATS:
        choices = ", ".join(GRAPH_FORMATS)
        raise IncidentKGError(Msg.E050, fmt=fmt, what="graphs", choices=choices)
    store = open_store(store_path)
    rdf_format = GRAPH_FORMATS[fmt]
    with atomic_output(out) as fh:
        if fmt == "ttl":
            resolved = ox.NamedNode(RESOLVED_GRAPH)
            store.dump(fh, format=rdf_format, from_graph=resolved, prefixes=PREFIXES)
        elif fmt == "trig":
            store.dump(fh, format=rdf_format, prefixes=PREFIXES)
        else:
            store.dump(fh, format=rdf_format)


# --- files -------------------------------------------------------------------------


@contextlib.contextmanager
def atomic_output(out: Path) -> Iterator[IO[bytes]]:
    """Yield a temp file beside ``out``; rename it over ``out`` only if all went well."""
    out = out.resolve()
    tmp = out.parent / f".{out.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp"
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fh = tmp.open("xb")  # unlike mkstemp, honours the umask for the final file
    except OSError as exc:
        raise IncidentKGError(Msg.E051, path=out, reason=exc.strerror or exc) from exc
    try:
        with fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
