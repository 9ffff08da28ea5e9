"""The lean ``incidentkg`` entry point: the Typer CLI's bytes for ``query``, without its imports.

The fast path must print exactly what the Typer path prints on a pipe, and hand everything
else (errors included) to the Typer app, so both paths are run here as real processes of the
installed script and compared byte for byte.
"""

from __future__ import annotations

import doctest
import io
import json
import os
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import get_character_cell_size
from rich.console import Console

import incidentkg.cli.query as cli_query
from incidentkg.query import fastpath as fastcli
from incidentkg.query import rows as lean
from incidentkg.query.run import QueryResult

SCRIPT = Path(sys.executable).with_name("incidentkg")
RICH_ENV = ("FORCE_COLOR", "TTY_COMPATIBLE")
HEAVY = ("spacy", "typer", "click", "rich", "rdflib", "httpx", "multiprocessing")
LEAN = ("re", "pathlib", "typing", "json", "enum", "dataclasses", "urllib")
# Labels of the seed store that are not plain ASCII, plus a row of our own so the test does
# not depend on what extraction finds: non-ASCII text and unbound (empty) cells.
INLINE = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?label ?note WHERE {
  { GRAPH ?g { ?s rdfs:label ?label FILTER(REGEX(?label, "[^ -~]")) } }
  UNION { VALUES (?label ?note) { ("Shāh Massoud – “the Lion”, Pañjshēr" UNDEF) } }
} ORDER BY ?label"""
QUERIES = {"chain": "chain", "inline": INLINE, "ask": "ASK { GRAPH ?g { ?s ?p ?o } }"}


def _env(fast: bool, **extra: str) -> dict[str, str]:
    drop = {*RICH_ENV, fastcli.NO_FASTPATH, fastcli.STORE_ENV}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    if not fast:
        env[fastcli.NO_FASTPATH] = "1"
    return {**env, **extra}


def _run(args: list[str], fast: bool, **extra: str) -> subprocess.CompletedProcess[bytes]:
    """The installed script with stdout, stderr piped and no terminal anywhere."""
    return subprocess.run(
        [str(SCRIPT), *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env=_env(fast, **extra),
        timeout=300,
        check=False,
    )


def _fast_in_process(args: list[str]) -> str | None:
    """What the fast path itself prints (``None``: it would hand over to the Typer app)."""
    stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    with mock.patch.object(sys, "stdout", stdout), mock.patch.dict(os.environ):
        for name in (*RICH_ENV, fastcli.NO_FASTPATH):
            os.environ.pop(name, None)
        return fastcli._fast(args)


def test_fastcli_is_the_console_script() -> None:
    """The speed-up only exists if the installed script goes through the fast path."""
    (script,) = entry_points(group="console_scripts", name="incidentkg")
    assert script.value == "incidentkg.query.fastpath:main"


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
@pytest.mark.parametrize("name", list(QUERIES))
def test_fastcli_output_same_as_typer(seed_store: Path, name: str, fmt: str) -> None:
    """Scripts read this output: the fast path must not change a byte of it."""
    args = ["query", QUERIES[name], "--store", str(seed_store), "--format", fmt]
    typer_run, fast_run = _run(args, fast=False), _run(args, fast=True)
    assert typer_run.returncode == 0, typer_run.stderr.decode()
    assert (fast_run.returncode, fast_run.stderr) == (0, b"")
    assert fast_run.stdout == typer_run.stdout
    # ... and the fast path answered it itself rather than handing over to the Typer app
    assert _fast_in_process(args) == typer_run.stdout.decode("utf-8")


def test_fastcli_inline_query_has_the_cells_it_tests(seed_store: Path) -> None:
    """The comparison above only covers non-ASCII and empty cells if the query yields them."""
    args = ["query", INLINE, "--store", str(seed_store), "-f", "json"]
    rows = json.loads(_run(args, fast=True).stdout)
    assert any(r["note"] is None and "“the Lion”" in r["label"] for r in rows)


def test_fastcli_store_from_environment(seed_store: Path) -> None:
    """``INCIDENTKG_STORE`` stands in for ``--store`` on both paths."""
    args = ["query", "chain", "-f", "csv"]
    typer_run = _run(args, fast=False, INCIDENTKG_STORE=str(seed_store))
    fast_run = _run(args, fast=True, INCIDENTKG_STORE=str(seed_store))
    assert typer_run.returncode == fast_run.returncode == 0, typer_run.stderr.decode()
    assert fast_run.stdout == typer_run.stdout


@pytest.mark.parametrize("name", list(QUERIES))
def test_fastcli_imports_nothing_heavy(seed_store: Path, name: str) -> None:
    """Start-up time is the point: spaCy, the CLI libraries and rdflib must stay unloaded."""
    for fmt in ("table", "csv"):
        modules = _modules_loaded(["query", QUERIES[name], "--store", str(seed_store), "-f", fmt])
        assert [m for m in modules if m.split(".")[0] in HEAVY] == []
        # nor what the interpreter itself does not load: each costs milliseconds of start-up
        assert [m for m in modules if m.split(".")[0] in LEAN] == [], fmt


def _modules_loaded(args: list[str]) -> list[str]:
    """Modules a run of the fast path imports (those of Python's own start-up excluded)."""
    code = (
        "import sys\n"
        "before = set(sys.modules)\n"
        "from incidentkg.query.fastpath import main\n"
        "code = main(sys.argv[1:])\n"
        "after = sorted(set(sys.modules) - before)\n"
        "import json\n"
        "print(json.dumps(after), file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    cmd = [sys.executable, "-c", code, *args]
    run = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, env=_env(True))
    assert run.returncode == 0, run.stderr.decode()
    assert run.stdout
    loaded: list[str] = json.loads(run.stderr.decode().splitlines()[-1])
    return loaded


def test_fastcli_constants_match_the_store() -> None:
    """The lean path repeats two store constants rather than import the store module."""
    from incidentkg.store import local as store

    assert str(store.DEFAULT_STORE) == fastcli.DEFAULT_STORE
    assert fastcli.OXIGRAPH_DIR == store.OXIGRAPH_DIR


def test_fastcli_query_text_finds_what_resolve_query_finds(tmp_path: Path) -> None:
    """Named queries, ``.rq`` files and inline text, in the order ``resolve_query`` tries them."""
    from incidentkg.query.run import named_queries, resolve_query

    for name in named_queries():
        assert fastcli.query_text(name) == resolve_query(name)[1]
    rq = tmp_path / "mine.rq"
    rq.write_text("ASK {}", encoding="utf-8")
    assert fastcli.query_text(str(rq)) == resolve_query(str(rq))[1] == "ASK {}"
    for spec in ("SELECT * {}", "../queries/chain", ".chain", "no-such-query"):
        assert fastcli.query_text(spec) == spec  # then SPARQL's parser decides


def test_fastcli_leaves_a_store_to_repair_to_the_cli(seed_store: Path, tmp_path: Path) -> None:
    """A killed build's ``.old-*`` sibling: the full path repairs (or waits) before reading."""
    args = ["query", "ASK { ?s ?p ?o }", "--store", str(seed_store)]
    assert _fast_in_process(args) is not None
    link = tmp_path / "store"
    link.symlink_to(seed_store)
    (tmp_path / ".store.old-12345").mkdir()
    assert _fast_in_process(["query", "ASK { ?s ?p ?o }", "--store", str(link)]) is None


def _error_cases(store: Path, tmp: Path) -> dict[str, list[str]]:
    return {
        "missing store": ["query", "chain", "--store", str(tmp / "none")],
        "syntax error": ["query", "SELECT ?s WHERE { ?s ?p }", "--store", str(store)],
        "update": ["query", 'INSERT DATA { <urn:a> <urn:b> "c" }', "--store", str(store)],
        "unknown name": ["query", "no-such-query", "--store", str(store)],
        "not a SELECT": ["query", "CONSTRUCT WHERE { ?s ?p ?o }", "--store", str(store)],
        "unknown option": ["query", "chain", "-s", str(store)],
        "store is a file": ["query", "chain", "--store", str(store / "oxigraph" / "CURRENT")],
    }


@pytest.mark.parametrize("case", list(_error_cases(Path("s"), Path("t"))))
def test_fastcli_errors_same_as_typer(seed_store: Path, tmp_path: Path, case: str) -> None:
    """Every failure is the Typer app's: same message, same exit code, store unchanged."""
    args = _error_cases(seed_store, tmp_path)[case]
    typer_run, fast_run = _run(args, fast=False), _run(args, fast=True)
    assert typer_run.returncode != 0, typer_run.stdout.decode()
    assert fast_run.returncode == typer_run.returncode
    assert (fast_run.stdout, fast_run.stderr) == (typer_run.stdout, typer_run.stderr)


@pytest.mark.parametrize(
    "argv",
    [
        ["--version"],
        ["query"],
        ["query", "--list"],
        ["query", "chain", "--help"],
        ["query", "chain", "--timeout", "5"],
        ["query", "chain", "--endpoint", "http://localhost:7878/query"],
        ["query", "chain", "--allow-update"],
        ["query", "chain", "-f=csv"],
        ["query", "chain", "-fcsv"],
        ["query", "chain", "--format", "CSV"],
        ["query", "chain", "--store"],
        ["query", "chain", "--store="],
        ["query", "chain", "--store", "a", "--store", "b"],
        ["query", "a", "b"],
        ["query", "--", "chain"],
        ["export", "events"],
    ],
)
def test_fastcli_leaves_other_command_lines_to_typer(argv: list[str]) -> None:
    """Only the plain query is answered here; the rest needs click's parsing and messages."""
    assert fastcli.parse(argv) is None


def test_fastcli_accepts_the_plain_query_forms() -> None:
    """Options before or after the query, ``--opt=value`` and ``-f``, as click accepts them."""
    expected = ("chain", "st", "json")
    for argv in (
        ["query", "chain", "--store", "st", "-f", "json"],
        ["query", "--format=json", "--store=st", "chain"],
        ["query", "-f", "json", "chain", "--store", "st"],
    ):
        assert fastcli.parse(argv) == expected


def test_fastcli_switch_forces_the_typer_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """``INCIDENTKG_NO_FASTPATH=1`` is how a user rules the fast path out when in doubt."""
    monkeypatch.setenv(fastcli.NO_FASTPATH, "1")
    assert fastcli._fast(["query", "chain"]) is None


def test_fastcli_csv_with_escape_codes_goes_to_click() -> None:
    """click.echo strips ANSI codes from piped output; the fast path does not imitate that."""
    assert fastcli.render(QueryResult(["x"], [["\x1b[31mred"]]), "csv") is None


def _rich_table(result: QueryResult) -> str:
    """What ``cli/query.py`` prints for ``result`` on a pipe."""
    buf = io.StringIO()
    with (
        mock.patch.object(cli_query, "out", Console(file=buf, highlight=False, width=80)),
        mock.patch.dict(os.environ),
    ):
        for name in RICH_ENV:
            os.environ.pop(name, None)
        cli_query._print_table(result)
    return buf.getvalue()


_ONE_CELL = st.one_of(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.characters(min_codepoint=0xA0, max_codepoint=0x2FF),
    st.characters(min_codepoint=0x2010, max_codepoint=0x205E),
)
_ANY = st.characters(codec="utf-8")
# Mostly characters the fast path draws itself, one cell in 30 with anything at all.
_CELL = st.integers(0, 29).flatmap(lambda k: st.text(_ANY if k == 0 else _ONE_CELL, max_size=12))
_ROWS = st.integers(1, 5).flatmap(
    lambda n: st.tuples(
        st.lists(_CELL.filter(bool), min_size=n, max_size=n),
        st.lists(st.lists(st.none() | _CELL, min_size=n, max_size=n), max_size=4),
    )
)


@settings(max_examples=300, deadline=None)
@given(_ROWS)
def test_fastcli_table_is_rich_table(table: tuple[list[str], list[list[str | None]]]) -> None:
    """Whenever the fast path draws the table itself, rich would draw the very same."""
    result = QueryResult(*table)
    text = fastcli.table_text(result)
    if text is not None:
        assert text + f"{len(result.rows)} row(s)\n" == _rich_table(result)


@pytest.mark.parametrize(
    "cells",
    [
        ["plain", ""],
        ["Türkiye", "Kraków – “Łódź”", "Ahmad Shāh", "Đặng Văn", "Ελλάδα", "Москва", "€5 …"],
        ["x" * 150, "y" * 150],
    ],
)
def test_fastcli_table_drawn_without_rich(cells: list[str]) -> None:
    """News text (accents, dashes, quotes) must not send every table back to rich."""
    rows: list[list[str | None]] = [list(cells), [None] * len(cells)]
    result = QueryResult([f"c{i}" for i in range(len(cells))], rows)
    text = fastcli.table_text(result)
    assert text is not None
    assert text + "2 row(s)\n" == _rich_table(result)


def test_fastcli_table_as_wide_as_rich_prints_unwrapped() -> None:
    """At 400 columns the fast path still draws the table; one more and rich would wrap it."""
    widest = QueryResult(["c"], [["x" * 396]])
    text = fastcli.table_text(widest)
    assert text is not None and max(len(line) for line in text.splitlines()) == 400
    assert text + "1 row(s)\n" == _rich_table(widest)
    assert fastcli.table_text(QueryResult(["c"], [["x" * 397]])) is None


def test_fastcli_other_encodings_go_to_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without UTF-8 (or without stdout) rich and click write otherwise: leave it to them."""
    result = QueryResult(["c"], [["Türkiye"]])
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(io.BytesIO(), encoding="latin-1"))
    assert [fastcli.render(result, fmt) for fmt in ("table", "csv", "json")] == [None] * 3
    monkeypatch.setattr(sys, "stdout", None)
    assert fastcli.render(result, "csv") is None


@pytest.mark.parametrize("cell", ["北京", "e\u0301", "a\tb", "two\nlines", "\x07", "z" * 400])
def test_fastcli_table_left_to_rich(cell: str) -> None:
    """Wide, combining and control characters, and tables rich would wrap, are rich's job."""
    assert fastcli.table_text(QueryResult(["c"], [[cell]])) is None


def test_fastcli_one_cell_characters_match_rich() -> None:
    """Every character drawn without rich is one cell wide in each Unicode version rich knows."""
    from rich._unicode_data._versions import VERSIONS

    chars = [chr(c) for c in range(0x3000) if fastcli.one_cell(chr(c))]
    assert len(chars) > 1000
    wide = [c for c in chars for v in VERSIONS if get_character_cell_size(c, v) != 1]
    assert wide == []


def test_fastcli_examples() -> None:
    """The examples in :mod:`incidentkg.query.fastpath` are documentation: a stale one must fail."""
    assert doctest.testmod(fastcli).failed == 0
    assert doctest.testmod(lean).failed == 0


def _csv_module(rows: list[list[str]]) -> str:
    """The csv module's QUOTE_MINIMAL output, row by row with "\\r\\n" then made "\\n"."""
    import csv

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    lines = []
    for row in rows:
        buf.seek(0)
        buf.truncate()
        writer.writerow(row)
        lines.append(buf.getvalue()[:-2] + "\n")
    return "".join(lines)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.lists(st.text(st.sampled_from(',"\r\n a\xe9\u201c') | _ANY, max_size=6))))
def test_fastcli_csv_is_the_csv_modules(rows: list[list[str]]) -> None:
    """The lean CSV writer (no ``re`` import) quotes exactly as Python's csv module does."""
    rows = [row for row in rows if row]  # the csv module writes nothing sensible for []
    assert lean.csv_text(rows) == _csv_module(rows)
    import csv

    parsed = list(csv.reader(io.StringIO(lean.csv_text(rows), newline="")))
    assert parsed == rows


def test_fastcli_solution_rows_reads_every_kind_of_term() -> None:
    """IRIs and literals as their value, blank nodes as ``_:id``, unbound as None, in column
    order whatever order the pattern binds them in."""
    import pyoxigraph as ox

    store = ox.Store()
    ex = "http://example.org/"
    store.add(ox.Quad(ox.NamedNode(ex + "a"), ox.NamedNode(ex + "p"), ox.BlankNode("b1")))
    store.add(ox.Quad(ox.NamedNode(ex + "c"), ox.NamedNode(ex + "p"), ox.Literal('7, "x"')))
    query = f"SELECT ?o ?missing ?s WHERE {{ ?s <{ex}p> ?o OPTIONAL {{ ?s <{ex}q> ?missing }} }}"
    columns, rows = lean.solution_rows(store.query(query))
    assert columns == ["o", "missing", "s"]
    assert sorted(rows, key=str) == sorted(
        [["_:b1", None, ex + "a"], ['7, "x"', None, ex + "c"]], key=str
    )
