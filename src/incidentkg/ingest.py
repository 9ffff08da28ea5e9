"""Stage 1: files → :class:`~incidentkg.records.Article` records.

Cleaning is line based so that every character offset recorded later refers to the
article text we store (``nif:isString``): the stored text *is* the cleaned text.
Page furniture rules live in ``data/ingest/furniture.jsonl``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from incidentkg.errors import IngestError, Msg
from incidentkg.records import Article
from incidentkg.resources import data_file, read_jsonl

SUPPORTED_SUFFIXES = (".txt",)
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z .'\-]{2,40}?)\s*(?:\([A-Za-z ]+\))?\s*[:—–-]\s+(?=\S)"
)
_BULLET = re.compile(r"^[\s•●▪·*\-–]+(?=\S)")
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}


@dataclass(frozen=True)
class _Rules:
    line: tuple[re.Pattern[str], ...]
    trailer: tuple[re.Pattern[str], ...]
    caption: tuple[re.Pattern[str], ...]
    header: tuple[re.Pattern[str], ...]


@cache
def _rules() -> _Rules:
    groups: dict[str, list[re.Pattern[str]]] = {
        "line": [],
        "trailer": [],
        "caption": [],
        "header": [],
    }
    for row in read_jsonl(data_file("ingest", "furniture.jsonl")):
        groups[row["kind"]].append(re.compile(row["pattern"], re.IGNORECASE))
    return _Rules(**{k: tuple(v) for k, v in groups.items()})


def parse_stamp_date(text: str) -> dt.date | None:
    """Parse the date of a publication stamp ("07 July 2024", "July 7, 2024", "2024-07-07")."""
    text = text.strip().replace(",", " ").replace(".", " ")
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    try:
        if iso:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        parts = text.split()
        if len(parts) == 3:
            if parts[0].isdigit():
                day, mon, year = parts
            else:
                mon, day, year = parts
            month = _MONTHS.get(mon[:3].lower())
            if month and day.isdigit() and year.isdigit():
                return dt.date(int(year), month, int(day))
    except ValueError:
        return None
    return None


def _match_any(patterns: Iterable[re.Pattern[str]], line: str) -> re.Match[str] | None:
    for pat in patterns:
        m = pat.search(line)
        if m:
            return m
    return None


def _is_furniture(line: str) -> bool:
    rules = _rules()
    return bool(_match_any(rules.line, line) or _match_any(rules.caption, line))


def _split_segments(lines: list[str]) -> list[tuple[int, int]]:
    """Split a file into article segments at the second and later publication stamps.

    An article begins at its title: the nearest content line above its stamp.
    """
    headers = [i for i, ln in enumerate(lines) if _match_any(_rules().header, ln.strip())]
    starts = [0]
    for h in headers[1:]:
        j = h - 1
        while j > starts[-1] and (not lines[j].strip() or _is_furniture(lines[j].strip())):
            j -= 1
        if j > starts[-1]:
            starts.append(j)
    ends = [*starts[1:], len(lines)]
    return list(zip(starts, ends, strict=True))


def _norm(line: str) -> str:
    return re.sub(r"\W+", " ", line.replace("’", "'")).strip().lower()


def _clean_segment(
    lines: list[str],
) -> tuple[list[str], str | None, dt.date | None]:
    """Drop furniture, captions, stamps and repeated titles; return kept lines and metadata."""
    rules = _rules()
    kept: list[str] = []
    published: dt.date | None = None
    title: str | None = None
    for raw in lines:
        line = _BULLET.sub("", raw.strip()) if raw.strip() else ""
        if not line:
            if kept and kept[-1]:
                kept.append("")
            continue
        if _match_any(rules.trailer, line):
            break
        header = _match_any(rules.header, line)
        if header:
            published = published or parse_stamp_date(header.group("date"))
            rest = (header.groupdict().get("rest") or "").strip()
            if not rest or _match_any(rules.caption, rest):
                continue
            line = rest
        if _match_any(rules.line, line) or _match_any(rules.caption, line):
            continue
        if title is None:
            title = line
        elif _norm(line) == _norm(title):
            continue
        kept.append(line)
    while kept and not kept[-1]:
        kept.pop()
    return kept, title, published


def _looks_like_title(line: str) -> bool:
    return len(line.split()) <= 30 and not _DATELINE.match(line)


def _dateline(lines: list[str]) -> str | None:
    for line in lines[:8]:
        m = _DATELINE.match(line)
        if m and len(m.group("place").split()) <= 4:
            return m.group("place").strip().title()
    return None


def articles_from_text(
    text: str, stem: str, source_path: str, published: dt.date | None = None
) -> list[Article]:
    """Split and clean one file's text into articles (ids ``stem``, ``stem#2``, ...)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    lines = text.split("\n")
    out: list[Article] = []
    for n, (start, end) in enumerate(_split_segments(lines), start=1):
        kept, title, stamp = _clean_segment(lines[start:end])
        body = "\n".join(kept).strip()
        if not body:
            continue
        art_id = stem if n == 1 else f"{stem}#{n}"
        out.append(
            Article(
                id=art_id,
                text=body,
                source_path=source_path,
                title=title if title and _looks_like_title(title) else None,
                published=stamp or published,
                dateline=_dateline(kept),
                content_hash=hashlib.sha256(body.encode("utf-8")).hexdigest(),
            )
        )
    return out


def read_file(path: Path, published: dt.date | None = None) -> list[Article]:
    """Read one file into articles; raise :class:`IngestError` with the reason if it cannot."""
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise IngestError(Msg.E004, str(path), suffix=path.suffix)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise IngestError(Msg.E001, str(path), reason=exc.strerror or str(exc)) from exc
    if b"\x00" in raw[:4096]:
        raise IngestError(Msg.E002, str(path), reason="binary content (NUL bytes)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(Msg.E002, str(path), reason=f"not UTF-8 at byte {exc.start}") from exc
    articles = articles_from_text(text, path.stem, str(path), published)
    if not articles:
        raise IngestError(Msg.E003, str(path))
    return articles


def discover(paths: Iterable[Path]) -> Iterator[Path]:
    """Expand folders (recursively, sorted) into supported files; missing paths are errors."""
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
            )
        elif path.exists():
            yield path
        else:
            raise IngestError(Msg.E005, str(path))
