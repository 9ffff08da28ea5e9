"""Stage 1: files → :class:`~incidentkg.records.Article` records.

One module per format (:mod:`.text`, :mod:`.html`, :mod:`.feeds`), sharing the byte
decoding (:mod:`.decode`) and text repair (:mod:`.normalize`). :func:`iter_articles`
reads a whole batch: a bad file, row or duplicate is reported and skipped, never fatal,
unless ``strict``.
"""

from __future__ import annotations

from incidentkg.ingest.batch import iter_articles
from incidentkg.ingest.files import MAX_FEED_BYTES, MAX_FILE_BYTES
from incidentkg.ingest.readers import SUPPORTED_SUFFIXES, discover, iter_file, read_file
from incidentkg.ingest.text import MAX_ARTICLE_CHARS, articles_from_text, parse_stamp_date

__all__ = [
    "MAX_ARTICLE_CHARS",
    "MAX_FEED_BYTES",
    "MAX_FILE_BYTES",
    "SUPPORTED_SUFFIXES",
    "articles_from_text",
    "discover",
    "iter_articles",
    "iter_file",
    "parse_stamp_date",
    "read_file",
]
