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


# --- readable tables -------------------------------------------------------------------

#: Namespaces a table shows as short ids: ours without a prefix (``event/karachi-…-061bf1ec``
#: is the resolve stage's id), the vocabularies as CURIEs. Longest first where one is
#: another's prefix. Any other ``http(s)`` IRI or URL loses only its scheme.
SHORT_FORMS = (
    ("https://w3id.org/incidentkg/id/", ""),
    ("https://w3id.org/incidentkg/graph/", "graph/"),
    ("https://w3id.org/incidentkg/ontology#", "ikg:"),
    ("https://w3id.org/incidentkg/shapes#", "ikgsh:"),
    ("http://semanticweb.cs.vu.nl/2009/11/sem/", "sem:"),
    ("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#", "nif:"),
    ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf:"),
    ("http://www.w3.org/2000/01/rdf-schema#", "rdfs:"),
    ("http://www.w3.org/2001/XMLSchema#", "xsd:"),
    ("http://www.w3.org/2002/07/owl#", "owl:"),
    ("http://www.w3.org/ns/org#", "org:"),
    ("http://www.w3.org/ns/prov#", "prov:"),
    ("http://www.w3.org/ns/shacl#", "sh:"),
    ("http://www.w3.org/2004/02/skos/core#", "skos:"),
    ("http://www.w3.org/2003/01/geo/wgs84_pos#", "geo:"),
    ("http://purl.org/dc/terms/", "dcterms:"),
    ("http://xmlns.com/foaf/0.1/", "foaf:"),
    ("https://schema.org/", "schema:"),
    ("http://schema.org/", "schema:"),
)
PIPE_WIDTH = 400  # a table on a pipe is drawn this wide (unless COLUMNS says otherwise)
MIN_WIDTH = 20  # a COLUMNS value below this is ignored


def short_iri(value: str) -> str:
    """What a table shows for an IRI (or a ``; ``-joined list of them): a short id.

    >>> short_iri("https://w3id.org/incidentkg/id/event/2023-02-17-karachi-061bf1ec")
    'event/2023-02-17-karachi-061bf1ec'
    >>> short_iri("https://w3id.org/incidentkg/ontology#Bombing; https://www.dawn.com/news/1")
    'ikg:Bombing; www.dawn.com/news/1'
    >>> short_iri("Karachi")
    'Karachi'
    """
    if "://" not in value:
        return value
    return "; ".join(_short_one(part) for part in value.split("; "))


def _short_one(value: str) -> str:
    for namespace, prefix in SHORT_FORMS:
        if value.startswith(namespace) and len(value) > len(namespace):
            return prefix + unquote(value[len(namespace) :])
    for scheme in ("https://", "http://"):
        if value.startswith(scheme):
            return value[len(scheme) :]
    return value


def unquote(text: str) -> str:
    """``%XX`` escapes decoded (as UTF-8), so a short id shows the article id ``remove``
    takes; text that would decode to something unprintable stays as it is. Not
    ``urllib.parse``: the fast path may not import it.

    >>> unquote("graph/article/000_x%232"), unquote("a%0Ab"), unquote("100%")
    ('graph/article/000_x#2', 'a%0Ab', '100%')
    """
    if "%" not in text:
        return text
    out, i = bytearray(), 0
    while i < len(text):
        code = text[i + 1 : i + 3]
        if text[i] == "%" and len(code) == 2 and all(c in "0123456789abcdefABCDEF" for c in code):
            out.append(int(code, 16))
            i += 3
        else:
            out += text[i].encode("utf-8", "surrogatepass")
            i += 1
    decoded = out.decode("utf-8", "replace")
    return decoded if decoded.isprintable() and "\ufffd" not in decoded else text


def readable(rows: Rows) -> Rows:
    """``rows`` with every IRI cell as :func:`short_iri` shows it."""
    return [[v if v is None or "://" not in v else short_iri(v) for v in row] for row in rows]


def env_width() -> int | None:
    """The width ``COLUMNS`` asks for, if it is a number of at least :data:`MIN_WIDTH`."""
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) >= MIN_WIDTH else None
