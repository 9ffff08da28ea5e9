"""The ``incidentkg`` console script: ``query`` on the local store without loading the CLI.

Importing the Typer app (typer, click, rich, rdflib, httpx and every command) takes ten
times as long as a typical query. So the plain case, ``incidentkg query SPEC [--store PATH]
[--format table|csv|json]`` answered from the local store, runs here on
:mod:`incidentkg.query` alone and prints what the Typer path prints for it, byte for byte.

Everything else goes to the Typer app unchanged: other commands, ``--help``, any other
option, updates, and every failure (a missing store, a bad query), so usage and error
messages stay the Typer ones. So does a table that rich would render differently from
:func:`table_text` (a terminal, forced colours, characters whose width is not surely one
cell, a table too wide to print unwrapped). ``INCIDENTKG_NO_FASTPATH=1`` always delegates.

Never import ``incidentkg.cli`` or rich here at module level: that is the cost avoided.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from incidentkg.query import QueryResult, is_update, resolve_query, run_local, to_csv, to_json
from incidentkg.store import DEFAULT_STORE

NO_FASTPATH = "INCIDENTKG_NO_FASTPATH"
STORE_ENV = "INCIDENTKG_STORE"  # the envvar of the CLI's --store option
TABLE_WIDTH = 400  # cli/query.py prints piped tables at least this wide, never wrapped
_OPTIONS = {"--store": "store", "--format": "fmt", "-f": "fmt"}
_FORMATS = frozenset({"table", "csv", "json"})
# Rich reads these to decide that a pipe is a terminal (colours, other widths).
_RICH_TERMINAL_ENV = ("FORCE_COLOR", "TTY_COMPATIBLE")
# Characters one cell wide for rich in every Unicode version it knows (checked by a test
# against ``rich.cells``): ASCII, Latin, Greek, Cyrillic, Vietnamese, punctuation, currency.
# No controls, tabs, newlines, combining or wide characters: those cells go to rich.
_ONE_CELL = re.compile(
    "[\x20-\x7e\xa0-\xac\xae-\u02ff\u0370-\u0482\u1e00-\u1eff"
    "\u2010-\u2027\u2030-\u205e\u20a0-\u20c0]*"
)
# Rich's default box (HEAVY_HEAD), each part as left edge, fill, column divider, right edge.
_TOP, _HEAD, _RULE, _ROW, _BOTTOM = ("┏━┳┓", "┃ ┃┃", "┡━╇┩", "│ ││", "└─┴┘")

# What the fast path answers: query spec, store folder, output format. A tuple, not a
# dataclass: importing ``dataclasses`` (and ``inspect``) takes about a sixth of this path.
FastQuery = tuple[str, Path, str]


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
        label, sparql = resolve_query(spec)
        if is_update(sparql):
            return None
        result = run_local(store, sparql, label)
    except Exception:  # the CLI runs it again and reports the error in its own words
        return None
    return render(result, fmt)


def parse(argv: list[str]) -> FastQuery | None:
    """``query SPEC`` with at most one ``--store`` and one ``--format``/``-f``, else ``None``.

    >>> parse(["query", "chain", "-f", "csv", "--store=st"])
    ('chain', PosixPath('st'), 'csv')
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
    store = options.get("store", os.environ.get(STORE_ENV, str(DEFAULT_STORE)))
    path = Path(store)
    if not store or (path.exists() and not (path.is_dir() and os.access(path, os.R_OK))):
        return None  # click's Path(file_okay=False) check fails with its own message
    return positional[0], path, fmt


def render(result: QueryResult, fmt: str) -> str | None:
    """What ``incidentkg query -f FMT`` prints for ``result`` on a pipe (``None``: unsure)."""
    if not (getattr(sys.stdout, "encoding", None) or "").lower().startswith("utf"):
        return None  # no stdout, or one where click and rich could write something else
    if fmt == "csv":
        text = to_csv(result)
        return None if "\x1b" in text else text  # click.echo strips ANSI codes on pipes
    if fmt == "json":
        return to_json(result) + "\n"
    if sys.stdout.isatty() or any(v in os.environ for v in _RICH_TERMINAL_ENV):
        return None
    table = table_text(result)
    return None if table is None else f"{table}{len(result.rows)} row(s)\n"


def table_text(result: QueryResult) -> str | None:
    """The rich table ``cli/query.py`` prints on a pipe, if surely the same, else ``None``.

    >>> print(table_text(QueryResult(["n", "name"], [["1", "Ann"], ["22", None]])), end="")
    ┏━━━━┳━━━━━━┓
    ┃ n  ┃ name ┃
    ┡━━━━╇━━━━━━┩
    │ 1  │ Ann  │
    │ 22 │      │
    └────┴──────┘
    """
    rows = [["" if v is None else v for v in row] for row in result.rows]
    cells = [result.columns, *rows]
    if not result.columns or not all(_ONE_CELL.fullmatch(c) for row in cells for c in row):
        return None
    widths = [max(len(row[i]) for row in cells) + 2 for i in range(len(result.columns))]
    if sum(widths) + len(widths) + 1 > TABLE_WIDTH:
        return None  # rich would wrap cells
    lines = [
        _rule(_TOP, widths),
        _line(_HEAD, result.columns, widths),
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
