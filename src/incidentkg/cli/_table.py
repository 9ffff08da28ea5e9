"""Tables a person reads: short ids instead of IRIs, and never wider than the terminal.

A result that fits the width is drawn as one table (on a pipe: 400 columns, unwrapped,
byte for byte what the fast path draws). One that fits only when its columns wrap is
drawn wrapped, long cells cut with an ellipsis. One that would leave its columns too
narrow to read (the events table in 80 or 120 columns) is drawn as records, one block
per row and one line per non-empty field, as psql's expanded display does.
"""

from __future__ import annotations

import os
from enum import StrEnum
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Console
from rich.rule import Rule
from rich.table import Column, Table
from rich.text import Text

from incidentkg.query.rows import PIPE_WIDTH, env_width, readable

if TYPE_CHECKING:
    from incidentkg.query.rows import Rows

MIN_COLUMN = 12  # narrower than this, a column's words break every few letters
CELL_MAX = 60  # a wrapped table cuts longer cells (records show them whole)
_RICH_TERMINAL_ENV = ("FORCE_COLOR", "TTY_COMPATIBLE")


class Layout(StrEnum):
    auto = "auto"
    table = "table"
    records = "records"


def output_width(console: Console) -> int:
    """``COLUMNS`` if set, else the terminal's width, else :data:`PIPE_WIDTH` on a pipe."""
    width = env_width()
    if width is not None:
        return width
    terminal = console.is_terminal or any(v in os.environ for v in _RICH_TERMINAL_ENV)
    return console.width if terminal else max(console.width, PIPE_WIDTH)


def _natural(columns: list[str], rows: Rows) -> list[int]:
    """Each column's width unwrapped: its longest line of header or cell."""
    widths = [cell_len(c) for c in columns]
    for row in rows:
        for i, value in enumerate(row):
            if value:
                widths[i] = max(widths[i], *(cell_len(line) for line in value.split("\n")))
    return widths


def choose(columns: list[str], rows: Rows, width: int, layout: Layout) -> Layout:
    """``table`` if the columns fit ``width`` at a readable width, else ``records``."""
    if layout is not Layout.auto:
        return layout
    narrowest = sum(min(w, MIN_COLUMN) + 3 for w in _natural(columns, rows)) + 1
    return Layout.table if narrowest <= width else Layout.records


def _cut(value: str) -> str:
    return value if len(value) <= CELL_MAX else value[: CELL_MAX - 1] + "…"


def as_table(columns: list[str], rows: Rows, width: int) -> Table:
    """Cells are data: ``Text`` keeps ``[bold]`` in a name from being read as markup."""
    fits = sum(_natural(columns, rows)) + 3 * len(columns) + 1 <= width
    table = Table(*(Column(Text(c), overflow="fold") for c in columns), show_lines=False)
    for row in rows:
        cells = ("" if v is None else v if fits else _cut(v) for v in row)
        table.add_row(*(Text(c) for c in cells))
    return table


def print_records(console: Console, columns: list[str], rows: Rows, width: int) -> None:
    """One block per row: its number, then ``field  value`` for each non-empty field, the
    value wrapped (long words folded) under itself; no padding after the text."""
    key_width = max(cell_len(c) for c in columns) + 2
    value_width = max(width - key_width, MIN_COLUMN)
    for n, row in enumerate(rows, start=1):
        console.print(Rule(Text(f"{n} of {len(rows)}"), align="left"))
        for name, value in zip(columns, row, strict=True):
            if not value:
                continue
            lines = Text(value).wrap(console, value_width, overflow="fold")
            keys = [name.ljust(key_width), *([" " * key_width] * (len(lines) - 1))]
            for key, line in zip(keys, lines, strict=True):
                console.out(key + line.plain.rstrip(), highlight=False)


def print_result(
    console: Console,
    columns: list[str],
    rows: Rows,
    *,
    iri: bool = False,
    layout: Layout = Layout.auto,
) -> None:
    """Print a query result for reading, then its row count."""
    shown = rows if iri else readable(rows)
    width = output_width(console)
    saved = console._width  # print(width=) cannot widen past the console's own width
    console.width = width
    try:
        if choose(columns, shown, width, layout) is Layout.records and columns:
            print_records(console, columns, shown, width)
        else:
            console.print(as_table(columns, shown, width))
        console.print(f"{len(rows)} row(s)")
    finally:
        console._width = saved
