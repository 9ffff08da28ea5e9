"""The ``incidentkg`` console script: ``query`` on the local store without loading the CLI.

Importing the Typer app (typer, click, rich, rdflib, httpx and every command) takes ten
times as long as a typical query. So the plain case, ``incidentkg query SPEC [--store PATH]
[--format table|csv|json]`` answered from the local store, runs here on
:mod:`incidentkg.query.run` alone and prints what the Typer path prints for it, byte for byte.

Everything else goes to the Typer app unchanged: other commands, ``--help``, any other
option, updates, and every failure (a missing store, a bad query), so usage and error
messages stay the Typer ones. So does a table that rich would render differently from
:func:`table_text` (a terminal, forced colours, characters whose width is not surely one
cell, a table too wide to print unwrapped in ``COLUMNS`` or 400 columns). Like the Typer
path, a table shows IRIs as short ids (:func:`incidentkg.query.rows.short_iri`).
``INCIDENTKG_NO_FASTPATH=1`` always delegates.

Start-up is nearly all the time a query takes, so this module imports ``os`` and ``sys``,
then :mod:`incidentkg.query.rows` and pyoxigraph, and nothing else: no ``re``, ``pathlib``,
``typing`` or ``json`` (for a table or CSV), and never ``incidentkg.cli`` or rich. Named
queries are found by file name; anything else is tried as SPARQL text, and whatever is not a
query that parses (an update, a mistyped name) goes to the Typer app, which says why.
"""

from __future__ import annotations

import os
import sys

from incidentkg.query.rows import (
    PIPE_WIDTH,
    env_width,
    readable,
    resource_candidates,
    solution_rows,
    table_csv,
    table_json,
)

TYPE_CHECKING = False  # typing's own costs a tenth of this path; mypy honours the name
if TYPE_CHECKING:
    from incidentkg.query.rows import Rows

    #: query spec, store folder, output format
    FastQuery = tuple[str, str, str]
    #: column names and rows of plain strings (a ``QueryResult`` is one)
    Table = tuple[list[str], Rows]

NO_FASTPATH = "INCIDENTKG_NO_FASTPATH"
STORE_ENV = "INCIDENTKG_STORE"  # the envvar of the CLI's --store option
DEFAULT_STORE = os.path.join(".incidentkg", "store")  # store.DEFAULT_STORE (a test checks)
OXIGRAPH_DIR = "oxigraph"  # store.OXIGRAPH_DIR (a test checks)
TABLE_WIDTH = PIPE_WIDTH  # cli/_table.py prints piped tables this wide unless COLUMNS is set
_OPTIONS = {"--store": "store", "--format": "fmt", "-f": "fmt"}
_FORMATS = frozenset({"table", "csv", "json"})
# Rich reads these to decide that a pipe is a terminal (colours, other widths).
_RICH_TERMINAL_ENV = ("FORCE_COLOR", "TTY_COMPATIBLE")
# Characters one cell wide for rich in every Unicode version it knows (checked by a test
# against ``rich.cells``), as inclusive code point ranges: ASCII, Latin, Greek, Cyrillic,
# Vietnamese, punctuation, currency. No controls, tabs, newlines, combining or wide
# characters: those cells go to rich.
ONE_CELL_RANGES = (
    (0x20, 0x7E),
    (0xA0, 0xAC),
    (0xAE, 0x2FF),
    (0x370, 0x482),
    (0x1E00, 0x1EFF),
    (0x2010, 0x2027),
    (0x2030, 0x205E),
    (0x20A0, 0x20C0),
)
# Rich's default box (HEAVY_HEAD), each part as left edge, fill, column divider, right edge.
_TOP, _HEAD, _RULE, _ROW, _BOTTOM = ("┏━┳┓", "┃ ┃┃", "┡━╇┩", "│ ││", "└─┴┘")


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point; the Typer app exits the process itself when it runs."""
    args = sys.argv[1:] if argv is None else argv
    text = _fast(args)
    if text is None:
        return _delegate(argv)
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError:  # e.g. a closed pipe: let the CLI report it as it always has
        return _delegate(argv)
    return 0


def _delegate(argv: list[str] | None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["build"]:  # spaCy's worker starts before the CLI is imported (issue 17)
        from incidentkg.build.extraction import start_early

        start_early(args[1:])
    from incidentkg.cli import app

    if argv is None:
        app()  # program name and arguments from sys.argv, exactly as before
    else:
        app(args=argv, prog_name="incidentkg")
    return 0  # not reached: a standalone click app ends with SystemExit


def _fast(argv: list[str]) -> str | None:
    """The output of the query, or ``None`` when the Typer app must handle the command."""
    if os.environ.get(NO_FASTPATH, "") not in ("", "0"):
        return None
    query = parse(argv)
    if query is None:
        return None
    spec, store, fmt = query
    try:
        sparql = query_text(spec)
        if _maybe_service(sparql):
            return None  # the CLI reads it closely and refuses SERVICE (E047)
        table = run(store, sparql)
    except Exception:  # the CLI runs it again and reports the error in its own words
        return None
    return None if table is None else render(table, fmt)


def _maybe_service(sparql: str) -> bool:
    """Whether the query might use SERVICE: then the full path checks it (it needs ``re``).

    >>> _maybe_service("SELECT * { SERVICE <http://x/> {} }"), _maybe_service("ASK {}")
    (True, False)
    """
    return "service" in sparql.lower() or "\\" in sparql


def query_text(spec: str) -> str:
    """The SPARQL of a named query or a ``.rq`` file, else ``spec`` itself.

    The same order as :func:`incidentkg.query.run.resolve_query`. Text that is not a query
    (a mistyped name, an update) then fails to parse, and the Typer app reports it.
    """
    if not spec.startswith(".") and os.sep not in spec:  # a file name, as the glob sees it
        for folder in resource_candidates("queries"):
            if os.path.isdir(folder):
                path = os.path.join(folder, spec + ".rq")
                if os.path.isfile(path):
                    return _read(path)
                break
    if spec.endswith(".rq") and os.path.isfile(spec):
        return _read(spec)
    return spec


def _read(path: str) -> str:
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def run(store: str, sparql: str) -> Table | None:
    """Columns and rows of a SELECT (or ASK) on the store, read-only; ``None``: not here.

    A store that is missing, or that a killed build left to repair (``.NAME.old-*``
    beside it), goes to the full path, which waits for or repairs the swap.
    """
    db = os.path.join(store, OXIGRAPH_DIR)
    if not os.path.isfile(os.path.join(db, "CURRENT")) or _swap_leftovers(store):
        return None
    import pyoxigraph as ox

    answer = ox.Store.read_only(db).query(sparql, use_default_graph_as_union=True)
    if isinstance(answer, ox.QueryBoolean):
        return ["ask"], [[str(bool(answer)).lower()]]
    if isinstance(answer, ox.QuerySolutions):
        return solution_rows(answer)
    return None  # CONSTRUCT/DESCRIBE: the CLI's error


def _swap_leftovers(store: str) -> bool:
    """Whether an ``.old-*`` sibling says a build was killed mid-swap (see ``store.recover``)."""
    parent, name = os.path.split(os.path.abspath(store))
    prefix = f".{name}.old-"
    return any(entry.startswith(prefix) for entry in os.listdir(parent))


def parse(argv: list[str]) -> FastQuery | None:
    """``query SPEC`` with at most one ``--store`` and one ``--format``/``-f``, else ``None``.

    >>> parse(["query", "chain", "-f", "csv", "--store=st"])
    ('chain', 'st', 'csv')
    >>> parse(["query", "chain", "--timeout", "5"]) is None
    True
    """
    if not argv or argv[0] != "query":
        return None
    options: dict[str, str] = {}
    positional: list[str] = []
    rest = iter(argv[1:])
    for arg in rest:
        if not arg.startswith("-"):
            positional.append(arg)
            continue
        name, eq, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        key = _OPTIONS.get(name)
        if key is None or key in options:
            return None
        value = value if eq else next(rest, "")
        if not value or value.startswith("-"):
            return None
        options[key] = value
    return _checked(positional, options)


def _checked(positional: list[str], options: dict[str, str]) -> FastQuery | None:
    """Values the CLI would accept as they are; anything it might reject is left to it."""
    fmt = options.get("fmt", "table")
    if len(positional) != 1 or not positional[0] or fmt not in _FORMATS:
        return None
    store = options.get("store", os.environ.get(STORE_ENV, DEFAULT_STORE))
    if not store or (
        os.path.exists(store) and not (os.path.isdir(store) and os.access(store, os.R_OK))
    ):
        return None  # click's Path(file_okay=False) check fails with its own message
    return positional[0], store, fmt


def render(result: Table, fmt: str) -> str | None:
    """What ``incidentkg query -f FMT`` prints for ``result`` on a pipe (``None``: unsure)."""
    if not (getattr(sys.stdout, "encoding", None) or "").lower().startswith("utf"):
        return None  # no stdout, or one where click and rich could write something else
    columns, rows = result
    if fmt == "csv":
        text = table_csv(columns, rows)
        return None if "\x1b" in text else text  # click.echo strips ANSI codes on pipes
    if fmt == "json":
        return table_json(columns, rows) + "\n"
    if sys.stdout.isatty() or any(v in os.environ for v in _RICH_TERMINAL_ENV):
        return None
    table = table_text((columns, readable(rows)), env_width() or TABLE_WIDTH)
    return None if table is None else f"{table}{len(rows)} row(s)\n"


def one_cell(text: str) -> bool:
    """Whether rich surely draws every character of ``text`` one cell wide.

    >>> one_cell("Pañjshēr – “Lion”"), one_cell("東京"), one_cell("a\\tb")
    (True, False, False)
    """
    if text.isascii():
        return text.isprintable()
    return all(any(lo <= ord(ch) <= hi for lo, hi in ONE_CELL_RANGES) for ch in text)


def table_text(result: Table, width: int = TABLE_WIDTH) -> str | None:
    """The rich table ``cli/query.py`` prints on a pipe ``width`` columns wide (IRIs
    already shortened), if surely the same, else ``None``.

    >>> print(table_text((["n", "name"], [["1", "Ann"], ["22", None]])), end="")
    ┏━━━━┳━━━━━━┓
    ┃ n  ┃ name ┃
    ┡━━━━╇━━━━━━┩
    │ 1  │ Ann  │
    │ 22 │      │
    └────┴──────┘
    """
    columns, values = result
    rows = [["" if v is None else v for v in row] for row in values]
    cells = [columns, *rows]
    if not columns or not all(one_cell(c) for row in cells for c in row):
        return None
    widths = [max(len(row[i]) for row in cells) + 2 for i in range(len(columns))]
    if sum(widths) + len(widths) + 1 > width:
        return None  # rich would wrap cells, or draw records
    lines = [
        _rule(_TOP, widths),
        _line(_HEAD, columns, widths),
        _rule(_RULE, widths),
        *(_line(_ROW, row, widths) for row in rows),
        _rule(_BOTTOM, widths),
    ]
    return "".join(line + "\n" for line in lines)


def _rule(box: str, widths: list[int]) -> str:
    return box[0] + box[2].join(box[1] * w for w in widths) + box[3]


def _line(box: str, cells: list[str], widths: list[int]) -> str:
    padded = (f" {cell.ljust(w - 2)} " for cell, w in zip(cells, widths, strict=True))
    return box[0] + box[2].join(padded) + box[3]
