"""Run SPARQL over the store: named queries, ``.rq`` files or inline text.

Results are plain strings (or ``None`` for unbound), so the CLI, the exports and the
tests never handle pyoxigraph terms. The default graph is the union of all graphs:
an ad-hoc query sees the article graphs and the resolved graph together, while the
named queries say which graph they read with ``GRAPH``. ASK gives one ``ask`` column.

JSON output is a list of objects, one per row, keyed by column name (``null`` for
unbound), which is what spreadsheet and notebook users load most easily.

Queries are read-only: :func:`run_local` opens the store read-only, and a SPARQL UPDATE
only runs through :func:`run_update`, under the build lock. pyoxigraph cannot cancel a
running query, so a query with a time limit runs in a child process that is killed when
the limit is reached.

A query that uses ``SERVICE`` (see :mod:`incidentkg.query.service`) is refused (E047)
unless the caller passes ``allow_service``; then it always runs under a time limit
(:data:`SERVICE_TIMEOUT` when none is given), since the other host may never answer.

No spaCy here, and nothing slow to import (``multiprocessing`` and ``csv`` load when used):
start-up is most of the time ``incidentkg query`` takes (see ``bench/query.py``).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import pyoxigraph as ox

from incidentkg.errors import IncidentKGError, Msg
from incidentkg.query.rows import solution_rows, table_csv, table_json
from incidentkg.query.service import SERVICE_TIMEOUT, uses_service
from incidentkg.resources import resource_dir
from incidentkg.store.local import (
    ROCKSDB_TROUBLE,
    StoreLock,
    open_store,
    read_error,
    write_quad_count,
)

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

FORMATS = ("table", "csv", "json")
_QUERY_FORMS = frozenset({"select", "ask", "construct", "describe"})
_PROLOGUE_WORDS = frozenset({"prefix", "base"})
_UPDATE_FORMS = frozenset(
    {"insert", "delete", "load", "clear", "create", "drop", "copy", "move", "add", "with"}
)
_COMMENTS = re.compile(r"(?:\s*#[^\n]*)*")
_PROLOGUE = re.compile(
    r"(?:\s*#[^\n]*|\s*(?i:prefix)\s+[^\s:]*:\s*<[^>]*>|\s*(?i:base)\s*<[^>]*>)*"
)
_WORD = re.compile(r"\s*([A-Za-z]+)(?![\w.:-])")


class QueryResult(NamedTuple):
    """A SELECT result: column names and rows of plain strings.

    An immutable record like a frozen dataclass, but ``dataclasses`` (which imports
    ``inspect``) would be a sixth of the start-up time of ``incidentkg query``.
    """

    columns: list[str]
    rows: list[list[str | None]]

    def records(self) -> Iterator[dict[str, str | None]]:
        for row in self.rows:
            yield dict(zip(self.columns, row, strict=True))


def named_queries() -> dict[str, Path]:
    """Named query → file, from the ``queries/`` resource folder."""
    return {p.stem: p for p in sorted(resource_dir("queries").glob("*.rq"))}


def _keyword(text: str, skip: re.Pattern[str]) -> str:
    """The first word after what ``skip`` matches, lower-cased ("" if none)."""
    start = skip.match(text)
    match = _WORD.match(text, start.end() if start else 0)
    return match.group(1).lower() if match else ""


def _looks_like_sparql(text: str) -> bool:
    """A whole word, not a prefix: ``selection`` or ``delete-me`` is a mistyped name."""
    words = _QUERY_FORMS | _PROLOGUE_WORDS | _UPDATE_FORMS
    return _keyword(text, _COMMENTS) in words


def is_update(sparql: str) -> bool:
    """Whether ``sparql`` is a SPARQL UPDATE (first keyword after PREFIX/BASE and comments).

    >>> is_update('PREFIX ex: <http://e/> INSERT DATA { ex:a ex:b "c" }')
    True
    >>> is_update("# INSERT\\nSELECT * { ?s ?p ?o }")
    False

    Safety does not rest on this guess: queries run on a store opened read-only.
    """
    return _keyword(sparql, _PROLOGUE) in _UPDATE_FORMS


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


def check_service(sparql: str, label: str, allow_service: bool = False) -> None:
    """E047 unless ``allow_service``, for a query that may make requests to other hosts."""
    if not allow_service and uses_service(sparql):
        raise IncidentKGError(Msg.E047, name=label, seconds=SERVICE_TIMEOUT)


def run_sparql(
    store: ox.Store,
    sparql: str,
    label: str = "query",
    allow_service: bool = False,
    path: Path | None = None,
) -> QueryResult:
    """Run a SELECT query; a syntax error becomes a user error carrying the parser message.

    What the engine raises while it runs is mapped too: a failed SERVICE request (E048), a
    store that cannot be read (E038, for ``path``), an evaluation error (E041).
    """
    check_service(sparql, label, allow_service)
    try:
        solutions = store.query(sparql, use_default_graph_as_union=True)
        if isinstance(solutions, ox.QueryBoolean):
            return QueryResult(["ask"], [[str(bool(solutions)).lower()]])
        if not isinstance(solutions, ox.QuerySolutions):
            raise IncidentKGError(Msg.E042, name=label)
        return QueryResult(*solution_rows(solutions))
    except SyntaxError as exc:
        raise syntax_error(sparql, exc) from exc
    except (OSError, RuntimeError) as exc:
        raise _failure(exc, sparql, label, allow_service, path) from exc


def _failure(
    exc: OSError | RuntimeError, sparql: str, label: str, service: bool, path: Path | None
) -> IncidentKGError:
    text = " ".join(str(exc).split()) or type(exc).__name__
    if text.startswith(ROCKSDB_TROUBLE):
        return read_error(path or Path("(in memory)"), exc)
    if service and uses_service(sparql):
        return IncidentKGError(Msg.E048, name=label, reason=text)
    if isinstance(exc, OSError):
        return read_error(path or Path("(in memory)"), exc)
    return IncidentKGError(Msg.E041, reason=text)


_POSITION = re.compile(r"error at (\d+):(\d+): ?")
_CHAR_CLASS = re.compile(r"\[[^\]]*\]", re.DOTALL)  # ['A' ..= 'Z' | '\u{00C0}'..] and [_]
_EXPECTED_MAX = 6
_SNIPPET = 70  # characters of the query line shown above the caret


def syntax_error(sparql: str, exc: SyntaxError) -> IncidentKGError:
    """E041: one line with the line and column where the query goes wrong, then that query
    line with a caret under the column.

    Oxigraph 0.5 reports the end of the input for most mistakes (``4:2`` for a missing
    object on line 3), so when another parser stops earlier, its position is the one
    given, with a bit of the text found there; Oxigraph's own words follow, without the
    Unicode ranges of its character classes.
    """
    message = " ".join(str(exc).split())
    found = _POSITION.match(message)
    if found is None:
        return IncidentKGError(Msg.E041, reason=_expected(message))
    line, column = int(found[1]), int(found[2])
    what = _expected(message[found.end() :])
    where = _earlier_position(sparql)
    if where is None or where[:2] >= (line, column):
        head = f"syntax error at {line}:{column}" + (f": {what}" if what else "")
    else:
        stopped = f"{line}:{column}" + (f": {what}" if what else "")
        line, column, near = where
        head = f"syntax error at {line}:{column} near {near!r} (Oxigraph stopped at {stopped})"
    return IncidentKGError(Msg.E041, reason=head + caret(sparql, line, column))


def _expected(text: str) -> str:
    """Oxigraph's "expected one of ..." without character classes, at most a few items.

    >>> _expected("expected one of '}', ['0' ..= '9' ], [_]")
    "expected '}'"
    >>> _expected("expected one of Prefix not found, ['%'], [':']")
    'undeclared prefix'
    """
    text = " ".join(_CHAR_CLASS.sub("", text).split())
    if "Prefix not found" in text:
        return "undeclared prefix"
    head, sep, rest = text.partition("expected one of ")
    if not sep:
        head, sep, rest = text.partition("expected ")
    if not sep:
        return text
    items = [item.strip(" ,") for item in rest.split(", ") if item.strip(" ,")]
    if not items:
        return head.strip()
    shown = ", ".join(items[:_EXPECTED_MAX]) + (", ..." if len(items) > _EXPECTED_MAX else "")
    return f"{head}expected {'one of ' if len(items) > 1 else ''}{shown}"


def caret(sparql: str, line: int, column: int) -> str:
    """The query's ``line`` (a window of it if long) and a caret under ``column``.

    >>> print(caret("SELECT *\\nWHERE { ?s ?p }", 2, 15))
    <BLANKLINE>
      WHERE { ?s ?p }
                    ^
    """
    lines = sparql.split("\n")
    if not 0 < line <= len(lines):
        return ""
    text = lines[line - 1].replace("\t", " ").rstrip("\r")
    at = min(max(column - 1, 0), len(text))
    start = max(0, min(at - _SNIPPET // 2, len(text) - _SNIPPET))
    window = text[start : start + _SNIPPET]
    lead = "…" if start > 0 else ""
    tail = "…" if start + _SNIPPET < len(text) else ""
    return f"\n  {lead}{window}{tail}\n  {' ' * (len(lead) + at - start)}^"


def _earlier_position(sparql: str) -> tuple[int, int, str] | None:
    """Line, column and the text there, where rdflib's SPARQL parser stops (``None`` when
    it reads the query: then only Oxigraph knows what is wrong)."""
    try:
        from rdflib.plugins.sparql.parser import parseQuery  # slow: only on this error path

        parseQuery(sparql)
    except Exception as exc:  # pyparsing's ParseException, or whatever else rdflib raises
        line, column = getattr(exc, "lineno", None), getattr(exc, "col", None)
        lines = sparql.split("\n")  # pyparsing counts "\n" only
        if isinstance(line, int) and isinstance(column, int) and 0 < line <= len(lines):
            near = lines[line - 1][column - 1 : column + 29].strip()
            return line, column, near or "end of line"
    return None


def run_query(store: ox.Store, spec: str, allow_service: bool = False) -> QueryResult:
    """Resolve and run a query given as the user typed it."""
    label, sparql = resolve_query(spec)
    return run_sparql(store, sparql, label, allow_service)


def run_update(path: Path, sparql: str) -> int:
    """Apply a SPARQL UPDATE to the store at ``path``; returns the number of quads after.

    Under the build lock, so it never races a build's folder swap; a syntax error
    changes nothing.
    """
    with StoreLock(path):
        store = open_store(path, read_only=False)
        reason: str | None = None
        try:
            store.update(sparql)
        except SyntaxError as exc:
            reason = str(exc)  # raised once the store is closed, not from this frame
        count = 0
        if reason is None:
            store.flush()
            count = len(store)
        # close RocksDB before the lock is released: a traceback holding this frame would
        # keep the writer open (its compactions deleting files under the next reader)
        del store
        if reason is not None:
            raise IncidentKGError(Msg.E041, reason=reason)
        write_quad_count(path, count)  # the next build counts on from it
    return count


# --- time limits -----------------------------------------------------------------------


class RelayedError(IncidentKGError):
    """A user error raised in the query process, re-raised here with its code and text."""

    def __init__(self, code: str, text: str) -> None:
        Exception.__init__(self, text)
        self.code = code


def run_local(
    path: Path,
    sparql: str,
    label: str,
    timeout: float | None = None,
    allow_service: bool = False,
) -> QueryResult:
    """Run a read-only query on the store at ``path``, stopped after ``timeout`` seconds
    (:data:`SERVICE_TIMEOUT` for a query allowed to use SERVICE that names no limit)."""
    check_service(sparql, label, allow_service)
    if timeout is None and allow_service and uses_service(sparql):
        timeout = SERVICE_TIMEOUT
    if timeout is None:
        return run_sparql(open_store(path), sparql, label, allow_service, path)
    return _run_in_child(path, sparql, label, timeout, allow_service)


def _child(conn: Connection, path: str, sparql: str, label: str, allow_service: bool) -> None:
    """Body of the query process: one answer, tagged ``ok``, ``user`` or ``bug``."""
    answer: tuple[str, Any]
    try:
        store = open_store(Path(path))
        answer = ("ok", run_sparql(store, sparql, label, allow_service, Path(path)))
    except IncidentKGError as exc:
        answer = ("user", (exc.code, str(exc)))
    except Exception as exc:
        answer = ("bug", f"{type(exc).__name__}: {exc}")
    conn.send(answer)
    conn.close()


def _run_in_child(
    path: Path, sparql: str, label: str, timeout: float, allow_service: bool = False
) -> QueryResult:
    """Fork (cheap: nothing to import again) a process for the query; kill it on timeout."""
    import multiprocessing

    linux = sys.platform == "linux"
    ctx = multiprocessing.get_context("fork") if linux else multiprocessing.get_context("spawn")
    receiver, sender = ctx.Pipe(duplex=False)
    args = (sender, str(path), sparql, label, allow_service)
    proc = ctx.Process(target=_child, args=args, daemon=True)
    proc.start()
    sender.close()  # so a dead child reads as end of file, not as silence
    try:
        answer = receiver.recv() if receiver.poll(timeout) else None
    except EOFError:
        proc.join()
        raise IncidentKGError(Msg.E045, name=label, code=proc.exitcode) from None
    finally:
        receiver.close()
        if proc.is_alive():
            proc.kill()
        proc.join()
    if answer is None:
        raise IncidentKGError(Msg.E044, name=label, seconds=timeout)
    return _unpack(answer)


def _unpack(answer: tuple[str, Any]) -> QueryResult:
    kind, value = answer
    if kind == "user":
        raise RelayedError(*value)
    if kind == "bug":
        raise RuntimeError(value)
    assert isinstance(value, QueryResult)
    return value


# --- output ------------------------------------------------------------------------------


def to_csv(result: QueryResult) -> str:
    """CSV with a header row; unbound cells are empty."""
    return table_csv(result.columns, result.rows)


def to_json(result: QueryResult) -> str:
    """A JSON list of row objects (``null`` for unbound)."""
    return table_json(result.columns, result.rows)
