"""Plain text → articles: page furniture, several articles in one file, stamps, datelines.

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

from incidentkg.errors import IngestError, Msg
from incidentkg.ingest.normalize import normalize_text
from incidentkg.kb.datelines import DATELINE, dateline_match
from incidentkg.kb.dates import MONTHS
from incidentkg.records import Article
from incidentkg.resources import data_file, read_jsonl

#: Longest article text we hand to spaCy (about 35,000 words, ten times a long feature).
#: spaCy's parser needs roughly 1 GB per 100,000 characters, so longer input is refused.
MAX_ARTICLE_CHARS = 200_000

#: GTD-style "03/31/2017:" prefix (month first), the event date of the summary after it.
_DATE_DATELINE = re.compile(r"^(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})\s*:\s*")
_BULLET = re.compile(r"^[\s•●▪·*\-–]+(?=\S)")
_WORD = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True)
class _Rules:
    line: tuple[re.Pattern[str], ...]
    trailer: tuple[re.Pattern[str], ...]
    caption: tuple[re.Pattern[str], ...]
    header: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class Meta:
    """What a format knows about an article besides its text (all optional)."""

    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    source: str | None = None


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
    """Parse the date of a publication stamp ("07 July 2024", "July 7, 2024", "2024-07-07").

    >>> parse_stamp_date("July 7, 2024")
    datetime.date(2024, 7, 7)
    """
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
            month = MONTHS.get(mon[:3].lower())
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


def clean_lines(
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


def looks_like_title(line: str) -> bool:
    """Short and not a dateline: a first line we can call the headline."""
    return len(line.split()) <= 30 and not DATELINE.match(line)


def dateline_place(lines: list[str]) -> str | None:
    """The place of a "KARACHI:" style dateline in the first lines, title-cased; also the
    wire style with no separator ("NICE, France (AP) Police said …", "BRUSSELS The …")."""
    for line in lines[:8]:
        m = dateline_match(line)
        if m:
            return m.group("place").strip().title()
    return None


def dateline_date(text: str) -> dt.date | None:
    """The date of a GTD-style ``MM/DD/YYYY:`` prefix; an impossible date gives ``None``.

    >>> dateline_date("03/31/2017: Gunmen attacked a checkpoint.")
    datetime.date(2017, 3, 31)
    """
    m = _DATE_DATELINE.match(text.lstrip())
    if not m:
        return None
    try:
        return dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None


def web_url(value: str | None) -> str | None:
    """``value`` if it is an ``http(s)`` URL with no spaces or controls, else ``None``: it goes
    into the graph and becomes a link on the graph page (no ``javascript:`` there).

    >>> web_url(" https://www.dawn.com/news/1737400 "), web_url("javascript:alert(1)")
    ('https://www.dawn.com/news/1737400', None)
    """
    url = (value or "").strip()
    scheme, sep, rest = url.partition("://")
    if not sep or scheme.lower() not in ("http", "https") or not rest:
        return None
    if any(ch.isspace() or not ch.isprintable() or ch in '<>"' for ch in url):
        return None
    return url


#: An outlet's name after a dash ending a headline (' – Reuters', ' - USA TODAY', ' – WISN
#: Milwaukee'): up to four capitalised words, not part of the news.
_SOURCE_SUFFIX = re.compile(r"\s+[–—-]\s+(?:[A-Z][\w.&']*)(?:\s+[A-Z][\w.&']*){0,3}$")


def with_headline(body: str, title: str | None) -> str:
    """The headline heads the text the extractor reads: it names the news ("Explosion reported
    in central Istanbul") when the body only tells the details. A body that already starts
    with it (a text file's first line) is left as it is."""
    if not title or not title.strip():
        return body
    head = " ".join(title.split())
    if " ".join(body[: len(title) + 40].split()).startswith(head):
        return body
    head = _SOURCE_SUFFIX.sub("", head)  # 'More than 20 dead … – USA TODAY': the outlet
    if " ".join(body[: len(title) + 40].split()).startswith(head):
        return body
    return f"{head}\n\n{body}"


def make_article(
    art_id: str, body: str, source_path: str, meta: Meta, where: str | None = None
) -> Article:
    """Check the cleaned text and wrap it; raise :class:`IngestError` naming ``where``."""
    where = where or source_path
    if not body.strip():
        raise IngestError(Msg.E003, where)
    body = with_headline(body, meta.title)
    if len(body) > MAX_ARTICLE_CHARS:
        size = f"{len(body):,} characters"
        raise IngestError(Msg.E006, where, size=size, limit=f"{MAX_ARTICLE_CHARS:,} characters")
    if not _WORD.search(body):
        raise IngestError(Msg.E012, where)
    return Article(
        id=art_id,
        text=body,
        source_path=source_path,
        title=meta.title,
        published=meta.published,
        dateline=dateline_place(body.split("\n")),
        content_hash=hashlib.sha256(body.encode("utf-8")).hexdigest(),
        url=web_url(meta.url),
        source=meta.source,
        date_hint=dateline_date(body),
    )


def iter_text_articles(
    text: str, stem: str, source_path: str, published: dt.date | None = None
) -> Iterator[Article | IngestError]:
    """Each article of one file's text, or why it was refused (ids ``stem``, ``stem#2``, ...).

    A segment left empty by cleaning (all page furniture) is dropped silently; a file
    with no article at all is reported once, as empty.
    """
    lines = normalize_text(text).split("\n")
    found = False
    for n, (start, end) in enumerate(_split_segments(lines), start=1):
        kept, title, stamp = clean_lines(lines[start:end])
        body = "\n".join(kept).strip()
        if not body:
            continue
        found = True
        meta = Meta(title if title and looks_like_title(title) else None, stamp or published)
        where = source_path if n == 1 else f"{source_path} (article {n})"
        try:
            yield make_article(stem if n == 1 else f"{stem}#{n}", body, source_path, meta, where)
        except IngestError as exc:
            yield exc
    if not found:
        yield IngestError(Msg.E003, source_path)


def articles_from_text(
    text: str, stem: str, source_path: str, published: dt.date | None = None
) -> list[Article]:
    """Split and clean one file's text into articles, leaving out the refused ones."""
    items = iter_text_articles(text, stem, source_path, published)
    return [a for a in items if isinstance(a, Article)]
