"""Saved news pages (.html, .htm) → one article, through trafilatura.

trafilatura finds the main text and the page's own metadata (title, date, site name,
canonical URL). Its date search is limited to the page's markup and URL: guessing a date
from running text would invent publication dates for undated pages.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import lxml.html
import trafilatura

from incidentkg.errors import IngestError, Msg
from incidentkg.ingest.normalize import normalize_text
from incidentkg.ingest.text import Meta, clean_lines, looks_like_title, make_article
from incidentkg.records import Article

_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def _tree(html: str) -> Any:
    """The parsed page without ``<noscript>`` ("Please enable JavaScript"), never an article.

    Parsed from UTF-8 bytes: lxml refuses a ``str`` that carries an XML encoding declaration.
    """
    parser = lxml.html.HTMLParser(encoding="utf-8")
    tree = lxml.html.fromstring(html.encode("utf-8", "surrogatepass"), parser=parser)
    for node in tree.xpath("//noscript"):
        node.drop_tree()
    return tree


def _extract(html: str, where: str) -> Any:
    """trafilatura's document, or ``None`` when the page has no main text."""
    try:
        return trafilatura.bare_extraction(
            _tree(html),
            with_metadata=True,
            include_comments=False,
            date_extraction_params=_DATE_PARAMS,
        )
    except Exception as exc:  # a third-party parser on untrusted markup: any failure is a skip
        raise IngestError(Msg.E011, where, reason=f"{type(exc).__name__}: {exc}") from exc


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _text(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return normalize_text(value).strip() or None


def html_article(
    html: str, art_id: str, source_path: str, published: dt.date | None = None
) -> Article:
    """The page's article; a page with no main text raises :class:`IngestError`."""
    doc = _extract(html, source_path)
    if doc is None or not (doc.text or "").strip():
        raise IngestError(Msg.E011, source_path, reason="no main text found")
    kept, first_line, stamp = clean_lines(normalize_text(doc.text).split("\n"))
    meta = Meta(
        title=_text(doc.title)
        or (first_line if first_line and looks_like_title(first_line) else None),
        published=_date(doc.date) or stamp or published,
        url=_text(doc.url),
        source=_text(doc.sitename) or _text(doc.hostname),
    )
    return make_article(art_id, "\n".join(kept).strip(), source_path, meta)
