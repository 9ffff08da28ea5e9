"""Run SPARQL over the store: named queries, ``.rq`` files or inline text.

Results are plain strings (or ``None`` for unbound), so the CLI, the exports and the
tests never handle pyoxigraph terms. The default graph is the union of all graphs:
an ad-hoc query sees the article graphs and the resolved graph together, while the
named queries say which graph they read with ``GRAPH``. ASK gives one ``ask`` column.

JSON output is a list of objects, one per row, keyed by column name (``null`` for
unbound), which is what spreadsheet and notebook users load most easily.

No spaCy here: ``incidentkg query`` must start fast.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from incidentkg.errors import IncidentKGError, Msg
from incidentkg.resources import resource_dir

FORMATS = ("table", "csv", "json")
_SPARQL_KEYWORDS = ("select", "ask", "construct", "describe", "prefix", "base")


@dataclass(frozen=True)
class QueryResult:
    """A SELECT result: column names and rows of plain strings."""

    columns: list[str]
    rows: list[list[str | None]]

    def records(self) -> Iterator[dict[str, str | None]]:
        for row in self.rows:
            yield dict(zip(self.columns, row, strict=True))


def named_queries() -> dict[str, Path]:
    """Named query → file, from the ``queries/`` resource folder."""
    return {p.stem: p for p in sorted(resource_dir("queries").glob("*.rq"))}


def _looks_like_sparql(text: str) -> bool:
    lines = (ln.strip() for ln in text.splitlines())
    first = next((ln for ln in lines if ln and not ln.startswith("#")), "")
    return first.lower().startswith(_SPARQL_KEYWORDS)


def resolve_query(spec: str) -> tuple[str, str]:
    """Turn ``NAME``, ``FILE.rq`` or inline SPARQL into ``(label, sparql text)``."""
    named = named_queries()
    if spec in named:
        return spec, named[spec].read_text(encoding="utf-8")
    path = Path(spec)
    if spec.endswith(".rq") and path.is_file():
        return str(path), path.read_text(encoding="utf-8")
    if _looks_like_sparql(spec):
        return "inline query", spec
    raise IncidentKGError(Msg.E040, name=spec, known=", ".join(named) or "none")


def _plain(term: Any) -> str | None:
    """Lexical form of a term: IRIs and literals as their value, blank nodes as ``_:id``."""
    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term.value)


def run_sparql(store: ox.Store, sparql: str, label: str = "query") -> QueryResult:
    """Run a SELECT query; a syntax error becomes a user error carrying the parser message."""
    try:
        solutions = store.query(sparql, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise IncidentKGError(Msg.E041, reason=exc) from exc
    if isinstance(solutions, ox.QueryBoolean):
        return QueryResult(["ask"], [[str(bool(solutions)).lower()]])
    if not isinstance(solutions, ox.QuerySolutions):
        raise IncidentKGError(Msg.E042, name=label)
    columns = [v.value for v in solutions.variables]
    rows = [[_plain(sol[c]) for c in columns] for sol in solutions]
    return QueryResult(columns, rows)


def run_query(store: ox.Store, spec: str) -> QueryResult:
    """Resolve and run a query given as the user typed it."""
    label, sparql = resolve_query(spec)
    return run_sparql(store, sparql, label)


def to_csv(result: QueryResult) -> str:
    """CSV with a header row; unbound cells are empty."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(result.columns)
    writer.writerows([["" if v is None else v for v in row] for row in result.rows])
    return buf.getvalue()


def to_json(result: QueryResult) -> str:
    """A JSON list of row objects (``null`` for unbound)."""
    return json.dumps(list(result.records()), ensure_ascii=False, indent=2)
