"""Tables, graph dumps and the ontology for analysts and other tools, read from the store.

The tables are the named queries ``events.rq`` and ``entities.rq`` run on the store, then
tidied: multi-valued cells become sorted lists ("; "-joined in CSV, arrays in JSONL),
counts integers and the confidence a number. Column meanings are documented in
``queries/events.rq``; ``perpetrators_killed`` is the lowest figure any source gave.

Every output is written to a temporary file in the target folder and renamed into place,
so a crash never leaves a half-written file behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import pyoxigraph as ox
import rdflib

from incidentkg.errors import IncidentKGError, Msg, os_advice
from incidentkg.query.rows import csv_text
from incidentkg.query.run import QueryResult, named_queries, run_sparql
from incidentkg.resources import resource_dir
from incidentkg.store.local import RESOLVED_GRAPH, open_store

if TYPE_CHECKING:
    import networkx as nx

EVENT_COLUMNS = (
    "event_id", "category", "event_type", "role", "date", "date_precision", "place", "city",
    "province", "country", "perpetrators", "perpetrator_status", "victims", "masterminds",
    "conducted_by", "persons_killed", "killed", "killed_max", "killed_qualifier", "injured",
    "injured_max", "injured_qualifier", "perpetrators_killed", "sources", "source_urls", "evidence",
    "corrected", "confidence",
)  # fmt: skip
ENTITY_COLUMNS = ("entity_id", "entity_type", "label", "aliases", "description", "sources")
LIST_COLUMNS = frozenset(
    {"perpetrators", "victims", "masterminds", "conducted_by", "persons_killed", "sources"}
    | {"source_urls"}
    | {"aliases", "corrected"}
)
INT_COLUMNS = frozenset({"killed", "killed_max", "injured", "injured_max", "perpetrators_killed"})
FLOAT_COLUMNS = frozenset({"confidence"})
TABLE_FORMATS = ("csv", "jsonl", "xlsx")
TABLE_SUFFIXES = {".csv": "csv", ".jsonl": "jsonl", ".xlsx": "xlsx"}
GRAPH_SUFFIXES = {".trig": "trig", ".nq": "nq", ".nt": "nt", ".ttl": "ttl", ".jsonld": "jsonld",
                  ".graphml": "graphml"}  # fmt: skip
# Suffixes of formats we do not write: a file named so would mislead whoever opens it.
OTHER_SUFFIXES = frozenset({".xls", ".xlsm", ".ods", ".tsv", ".json", ".parquet", ".xml",
                            ".rdf", ".owl", ".n3"})  # fmt: skip
GRAPH_FORMATS = {
    "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS,
    "nt": ox.RdfFormat.N_TRIPLES,
    "ttl": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
    "graphml": None,
}
CONTEXT_FILE = "incidentkg.context.jsonld"
CONTEXT_URL = "https://w3id.org/incidentkg/context.jsonld"
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
    "foaf": "http://xmlns.com/foaf/0.1/",
}

Cell = str | int | float | list[str] | None
Row = dict[str, Cell]


# --- tables ----------------------------------------------------------------------


def _cell(column: str, value: str | None) -> Cell:
    if column in LIST_COLUMNS:
        return sorted({v for v in (value or "").split("; ") if v})
    if column in INT_COLUMNS and value is not None:
        return int(value)
    if column in FLOAT_COLUMNS and value is not None:
        return float(value)
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
    """Quoted so that no cell (newlines, lone "\r", quotes, commas) can break a row."""
    return csv_text([columns, *([_csv_cell(row[c]) for c in columns] for row in rows)])


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(value)
    if isinstance(value, float):
        return format(value, "g")  # as the query prints it: 1, 0.85
    return str(value)


def _jsonl_text(rows: Sequence[Row], columns: Sequence[str]) -> str:
    lines = (json.dumps({c: row[c] for c in columns}, ensure_ascii=False) for row in rows)
    return "".join(line + "\n" for line in lines)


def render_table(rows: Sequence[Row], columns: Sequence[str], fmt: str) -> str:
    """CSV (lists "; "-joined, blanks for unknown) or JSONL (arrays, numbers, null)."""
    if fmt == "csv":
        return _csv_text(rows, columns)
    if fmt == "jsonl":
        return _jsonl_text(rows, columns)
    raise IncidentKGError(Msg.E050, fmt=fmt, what="tables", choices=", ".join(TABLE_FORMATS))


def output_format(out: Path, fmt: str | None, what: str, suffixes: dict[str, str]) -> str:
    """The format to write ``out`` in: ``fmt``, else the one its suffix names, else the
    first of ``suffixes``; E052 when the suffix names another format (``x.xlsx`` as CSV).

    >>> output_format(Path("events.xlsx"), None, "tables", TABLE_SUFFIXES)
    'xlsx'
    >>> output_format(Path("events.out"), "jsonl", "tables", TABLE_SUFFIXES)
    'jsonl'
    """
    suffix = out.suffix.lower()
    named = suffixes.get(suffix)
    known = named is not None or suffix in OTHER_SUFFIXES
    known = known or suffix in TABLE_SUFFIXES or suffix in GRAPH_SUFFIXES
    chosen = fmt or named or (None if known else next(iter(suffixes.values())))
    if chosen is None or (known and named != chosen):
        choices = ", ".join(f"{f} ({s})" for s, f in suffixes.items())
        reason = f"a {suffix} file is not {chosen}" if chosen else f"{what} are never {suffix}"
        raise IncidentKGError(Msg.E052, path=out, reason=reason, what=what, choices=choices)
    return chosen


def xlsx_bytes(rows: Sequence[Row], columns: Sequence[str], title: str) -> bytes:
    """A real Excel workbook: one sheet, a bold frozen header with filters, numbers as
    numbers, lists "; "-joined; text that looks like a formula stays text."""
    import io

    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for r, row in enumerate(rows, start=2):
        for c, column in enumerate(columns, start=1):
            value = row[column]
            text: str | int | float | None = (
                value if isinstance(value, int | float) else _csv_cell(value)
            )
            if isinstance(text, str):
                text = str(ILLEGAL_CHARACTERS_RE.sub("", text)) or None
            cell = sheet.cell(row=r, column=c, value=text)
            if isinstance(text, str) and text.startswith("="):
                cell.data_type = "s"  # a cell "=HYPERLINK(...)" from an article is not run
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_table(store: ox.Store, what: str, fmt: str, out: Path) -> int:
    """Write the ``events`` or ``entities`` table; returns the number of rows."""
    columns: Sequence[str]
    if what == "events":
        rows, columns = events_table(store), EVENT_COLUMNS
    else:
        rows, columns = entities_table(store), ENTITY_COLUMNS
    if fmt == "xlsx":
        data = xlsx_bytes(rows, columns, what)
    else:
        data = render_table(rows, columns, fmt).encode("utf-8")
    with atomic_output(out) as fh:
        fh.write(data)
    return len(rows)


# --- graph -------------------------------------------------------------------------


def export_graph(store_path: Path, fmt: str, out: Path, context: str = "reference") -> None:
    """Write the store in ``fmt`` (see :data:`GRAPH_FORMATS`); ``context`` is for JSON-LD.

    TriG and N-Quads hold every graph; N-Triples the union of all graphs (for tools
    without named graphs, e.g. SHACL validators); Turtle, JSON-LD and GraphML the resolved
    graph. Oxigraph serialises quads straight from the store, in constant memory.
    """
    if fmt not in GRAPH_FORMATS:
        choices = ", ".join(GRAPH_FORMATS)
        raise IncidentKGError(Msg.E050, fmt=fmt, what="graphs", choices=choices)
    store = open_store(store_path)
    with atomic_output(out) as fh:
        if fmt == "jsonld":
            fh.write(resolved_jsonld(store, embed=context == "embed").encode("utf-8"))
        elif fmt == "graphml":
            import networkx as nx

            nx.write_graphml(graphml_graph(store), fh)
        elif fmt == "nt":
            ox.serialize(union_triples(store), fh, format=ox.RdfFormat.N_TRIPLES)
        else:
            _dump(store, fmt, fh)


def _dump(store: ox.Store, fmt: str, fh: IO[bytes]) -> None:
    rdf_format = GRAPH_FORMATS[fmt]
    if fmt == "ttl":
        resolved = ox.NamedNode(RESOLVED_GRAPH)
        store.dump(fh, format=rdf_format, from_graph=resolved, prefixes=PREFIXES)
    elif fmt == "trig":
        store.dump(fh, format=rdf_format, prefixes=PREFIXES)
    else:
        store.dump(fh, format=rdf_format)


def union_triples(store: ox.Store) -> list[ox.Triple]:
    """Every triple of every graph once, sorted so the file is stable."""
    triples = {q.triple for q in store.quads_for_pattern(None, None, None, None)}
    return sorted(triples, key=str)


def resolved_graph(store: ox.Store) -> rdflib.Graph:
    """The resolved graph in rdflib (for the JSON-LD serialiser)."""
    graph = rdflib.Graph()
    quads = store.quads_for_pattern(None, None, None, ox.NamedNode(RESOLVED_GRAPH))
    text = ox.serialize((q.triple for q in quads), format=ox.RdfFormat.N_TRIPLES)
    graph.parse(data=text, format="nt")
    return graph


def jsonld_context() -> dict[str, Any]:
    """The published ``@context`` object, shipped in the package."""
    data: dict[str, Any] = json.loads(context_file().read_text(encoding="utf-8"))
    return data


def context_file() -> Path:
    return resource_dir("ontology") / CONTEXT_FILE


def resolved_jsonld(store: ox.Store, embed: bool = False) -> str:
    """Compact JSON-LD of the resolved graph under the published context.

    With ``embed`` the context object is written inline (readable offline); otherwise
    ``@context`` is the context's published URL, :data:`CONTEXT_URL`.
    """
    context = jsonld_context()["@context"]
    text = resolved_graph(store).serialize(format="json-ld", context=context, auto_compact=True)
    doc = json.loads(text)
    doc["@context"] = context if embed else CONTEXT_URL
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


_GRAPH_EDGES = f"""
SELECT ?s ?p ?o WHERE {{ GRAPH <{RESOLVED_GRAPH}> {{ ?s ?p ?o FILTER(isIRI(?o)) }} }}
"""


def graphml_graph(store: ox.Store) -> nx.MultiDiGraph:
    """Resolved entities and events as nodes (table columns as attributes), links as edges.

    Edge keys are compact predicate names (``ikg:perpetrator``, ``sem:hasPlace``), so
    Gephi and Cytoscape can filter by relation.
    """
    import networkx as nx  # slow to import; only GraphML needs it

    graph = nx.MultiDiGraph()
    for row in events_table(store):
        graph.add_node(row["event_id"], **_node_attrs(row, "Event", "event_id"))
    for row in entities_table(store):
        graph.add_node(row["entity_id"], **_node_attrs(row, str(row["entity_type"]), "entity_id"))
    for s, p, o in run_sparql(store, _GRAPH_EDGES, "graph edges").rows:
        if s in graph and o in graph and p is not None:
            relation = _compact(p)
            graph.add_edge(s, o, key=relation, relation=relation)
    return graph


def _node_attrs(row: Row, node_type: str, id_column: str) -> dict[str, str | int | float]:
    attrs: dict[str, str | int | float] = {"type": node_type}
    for column, value in row.items():
        if column == id_column or value is None or value == []:
            continue
        attrs[column] = "; ".join(value) if isinstance(value, list) else value
    if "event_type" in attrs and "label" not in attrs:
        attrs["label"] = f"{attrs['event_type']} {attrs.get('date', '')}".strip()
    return attrs


def _compact(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


# --- ontology ------------------------------------------------------------------------


def export_ontology(out_dir: Path) -> list[Path]:
    """Copy the ontology, the shapes and the JSON-LD context into ``out_dir``."""
    sources = [
        *sorted(resource_dir("ontology").glob("*.ttl")),
        *sorted(resource_dir("shapes").glob("*.ttl")),
        context_file(),
    ]
    written = []
    for source in sources:
        target = out_dir / source.name
        with atomic_output(target) as fh:
            fh.write(source.read_bytes())
        written.append(target)
    return written


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
    except OSError as exc:  # a full disk while writing: the old file stays (issue 15)
        reason = f"{exc.strerror or exc}: {os_advice(exc)}"
        raise IncidentKGError(Msg.E051, path=out, reason=reason) from exc
    finally:
        tmp.unlink(missing_ok=True)
