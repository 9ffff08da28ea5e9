"""What the lean query path shares with the rest: stdlib ``os`` at import, nothing else.

``incidentkg query`` spends most of its time starting Python and importing modules, so the
console script (:mod:`incidentkg.query.fastpath`) may import only this module before pyoxigraph.
The full CLI, the exports and the notebooks use the same functions, so both paths find the
same resources, read results the same way and write the same CSV and JSON.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # typing's own costs a tenth of the lean path; mypy honours this name
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from typing import Any

    Rows = list[list[str | None]]

PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))


def resource_candidates(name: str) -> tuple[str, str]:
    """Where resource folder ``name`` lives: in the wheel, then in a source checkout."""
    installed = os.path.join(PACKAGE_DIR, "_resources", name)
    checkout = os.path.join(os.path.dirname(os.path.dirname(PACKAGE_DIR)), name)
    return installed, checkout


def plain(term: Any) -> str | None:
    """Lexical form of a pyoxigraph term: IRIs and literals as their value, blank nodes as
    ``_:id``, unbound as ``None``."""
    if term is None:
        return None
    from pyoxigraph import BlankNode  # loaded already by whoever holds a term

    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    return str(term.value)


def solution_rows(solutions: Any) -> tuple[list[str], Rows]:
    """Column names and rows of plain strings of a pyoxigraph ``QuerySolutions``.

    :func:`plain` inlined: a solution iterates its terms in column order, and the per-cell
    import and key lookup were a third of printing a 10 k-row table.
    """
    from pyoxigraph import BlankNode

    columns = [v.value for v in solutions.variables]
    rows: Rows = [
        [
            None if t is None else f"_:{t.value}" if isinstance(t, BlankNode) else str(t.value)
            for t in sol
        ]
        for sol in solutions
    ]
    return columns, rows


def csv_text(rows: Iterable[Sequence[str]]) -> str:
    """CSV as Python's ``csv`` module writes it (``QUOTE_MINIMAL``), with "\n" line ends, and
    a lone "\r" or "\n" in a cell quoted too (a test compares the two on random tables).

    Not the csv module itself: it imports ``re``, a tenth of the lean query path. And the
    module quotes only the characters of its own line terminator, so with "\n" a cell
    holding "\r" went out bare and broke the row in every reader.

    >>> print(csv_text([["a", "b,c"], ["x\\ry", 'say "hi" now'], [""]]), end="")
    a,"b,c"
    "x\ry","say ""hi"" now"
    ""
    """
    lines = []
    for row in rows:
        cells = list(row)
        line = '""' if cells == [""] else ",".join(map(_csv_cell, cells))
        lines.append(line + "\n")
    return "".join(lines)


def _csv_cell(cell: str) -> str:
    if "," in cell or '"' in cell or "\n" in cell or "\r" in cell:
        return '"' + cell.replace('"', '""') + '"'
    return cell


def table_csv(columns: list[str], rows: Rows) -> str:
    """CSV with a header row; unbound cells are empty."""
    return csv_text([columns, *(["" if v is None else v for v in row] for row in rows)])


def table_json(columns: list[str], rows: Rows) -> str:
    """A JSON list of row objects (``null`` for unbound).

    >>> print(table_json(["n", "name"], [["1", None]]))
    [
      {
        "n": "1",
        "name": null
      }
    ]
    """
    import json

    records = [dict(zip(columns, row, strict=True)) for row in rows]
    return json.dumps(records, ensure_ascii=False, indent=2)
