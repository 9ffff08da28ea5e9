"""Feeds (.jsonl, .csv) with one article a row → articles.

Columns read: ``id`` and ``text`` (required), ``title``, ``published``, ``url`` (or
``original_link``, as news-scraper exports name it) and ``source`` (optional). Every other
column is ignored on purpose: a feed exported from an annotated data set carries label
columns, and reading them would leak the answers. A bad row is reported with its file and
line and skipped; the rest of the feed is read. An article's id is ``<file stem>#<row id>``,
so two feeds may both number rows from 1.
"""

from __future__ import annotations

import csv
import datetime as dt
import email.utils
import io
import json
from collections.abc import Iterator, Mapping
from pathlib import Path

from incidentkg.errors import IngestError, Msg, printable
from incidentkg.ingest.normalize import normalize_text
from incidentkg.ingest.text import (
    MAX_ARTICLE_CHARS,
    Meta,
    clean_lines,
    make_article,
    parse_stamp_date,
)
from incidentkg.records import Article

FIELDS = ("id", "text", "title", "published", "url", "original_link", "source")
REQUIRED = ("id", "text")
#: Publication dates outside these years are nonsense for a news article.
MIN_YEAR = 1900

Item = Article | IngestError


def parse_feed_date(value: str) -> dt.date | None:
    """A feed's publication date: ISO 8601 date or timestamp, RFC 2822, "7 July 2024".

    Day/month orders such as 03/04/2024 are ambiguous and refused.

    >>> parse_feed_date("Sun, 07 Jul 2024 10:00:00 +0500")
    datetime.date(2024, 7, 7)
    """
    value = value.strip()
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return parse_stamp_date(value)


def _checked_date(value: str, where: str) -> dt.date:
    date = parse_feed_date(value)
    if date is None:
        raise IngestError(Msg.E009, where, value=value, reason="not a date we can read")
    if not MIN_YEAR <= date.year <= dt.date.today().year + 1:
        raise IngestError(Msg.E009, where, value=value, reason="year out of range")
    return date


def _optional(row: Mapping[str, object], key: str, where: str) -> str | None:
    value = row.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise IngestError(Msg.E008, where, reason=f"{key!r} must be a string")
    return normalize_text(value).strip() or None


def _row_id(row: Mapping[str, object], where: str) -> str:
    value = row.get("id")
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # json.loads refuses integers too long to print (see iter_jsonl)
    if not isinstance(value, str) or not value.strip():
        raise IngestError(Msg.E008, where, reason="missing or empty 'id'")
    return printable(value.strip())  # a lone surrogate ("\ud800") cannot go into an IRI


def _row_text(row: Mapping[str, object], where: str) -> str:
    text = row.get("text")
    if not isinstance(text, str):
        raise IngestError(Msg.E008, where, reason="missing 'text' or not a string")
    if len(text) > MAX_ARTICLE_CHARS:
        size, limit = f"{len(text):,} characters", f"{MAX_ARTICLE_CHARS:,} characters"
        raise IngestError(Msg.E006, where, size=size, limit=limit)
    return text


def row_article(
    row: Mapping[str, object], stem: str, source_path: str, where: str, published: dt.date | None
) -> Article:
    """One feed row as an article; ``published`` is the fallback for rows without a date."""
    row_id, text = _row_id(row, where), _row_text(row, where)
    kept, _, stamp = clean_lines(normalize_text(text).split("\n"))
    date_text = _optional(row, "published", where)
    meta = Meta(
        title=_optional(row, "title", where),
        published=_checked_date(date_text, where) if date_text else stamp or published,
        url=_optional(row, "url", where) or _optional(row, "original_link", where),
        source=_optional(row, "source", where),
    )
    return make_article(f"{stem}#{row_id}", "\n".join(kept).strip(), source_path, meta, where)


def _item(row: Mapping[str, object], path: Path, where: str, published: dt.date | None) -> Item:
    try:
        return row_article(row, path.stem, str(path), where, published)
    except IngestError as exc:
        return exc


def iter_jsonl(text: str, path: Path, published: dt.date | None) -> Iterator[Item]:
    """One item per non-blank line; a line that is not a JSON object is reported."""
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            row = json.loads(line)
        except (ValueError, RecursionError) as exc:  # ValueError: also a 5,000-digit number
            yield IngestError(Msg.E008, where, reason=f"invalid JSON ({_json_reason(exc)})")
            continue
        if not isinstance(row, dict):
            yield IngestError(Msg.E008, where, reason="not a JSON object")
            continue
        yield _item(row, path, where, published)


def _json_reason(exc: ValueError | RecursionError) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return exc.msg
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return f"a number too long to read: {str(exc).split(':')[0]}"  # int-string limit


def _csv_rows(text: str) -> Iterator[tuple[int, list[str] | csv.Error]]:
    """``(first line, fields)`` per record; a broken record gives its ``csv.Error``."""
    csv.field_size_limit(max(csv.field_size_limit(), MAX_ARTICLE_CHARS * 4))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield start, exc
        else:
            yield start, fields
        start = reader.line_num + 1


def iter_csv(text: str, path: Path, published: dt.date | None) -> Iterator[Item]:
    """Rows of a CSV feed with a header line; the header must name ``id`` and ``text``."""
    rows = _csv_rows(text)
    first = next(rows, None)
    header = [h.strip().lower() for h in first[1]] if first and isinstance(first[1], list) else []
    missing = [f for f in REQUIRED if f not in header]
    if missing:
        yield IngestError(Msg.E008, f"{path}:1", reason=f"header lacks {', '.join(missing)}")
        return
    for lineno, fields in rows:
        where = f"{path}:{lineno}"
        if isinstance(fields, csv.Error):
            yield IngestError(Msg.E008, where, reason=f"broken CSV ({fields})")
        elif not any(fields):
            continue
        elif len(fields) != len(header):
            reason = f"{len(fields)} fields where the header has {len(header)}"
            yield IngestError(Msg.E008, where, reason=reason)
        else:
            row = {k: v for k, v in zip(header, fields, strict=True) if k in FIELDS}
            yield _item(row, path, where, published)
