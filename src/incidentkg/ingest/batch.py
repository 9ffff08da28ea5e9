"""A batch of paths → unique articles, with every refusal reported and skipped.

Two files holding the same text (after cleaning) are one article: the second is
reported as a duplicate and skipped. Rows of one feed under ids of their own stay two
records even when their texts are the same (an incident list's series of attacks).
Ids stay unique: when two different articles would get the same id (two ``index.html``
in different folders, a feed repeating a row id), the later one gets ``~`` and the first 8
hex digits of its content hash, which depends on the text only, so a rerun gives the
same id.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from incidentkg.errors import IncidentKGError, IngestError, Msg
from incidentkg.ingest.readers import discover, iter_file
from incidentkg.records import Article


class _Seen:
    """Content hashes and ids already handed out in this batch."""

    def __init__(self) -> None:
        self.by_hash: dict[str, Article] = {}
        self.ids: set[str] = set()

    def admit(self, article: Article) -> Article:
        """The article with a unique id, or :class:`IngestError` E007 for a duplicate."""
        first = self.by_hash.get(article.content_hash)
        if first is not None and not _listed_twice(article, first):
            where = f"{article.source_path} (article {article.id})"
            raise IngestError(Msg.E007, where, other=f"{first.source_path} (article {first.id})")
        if article.id in self.ids:
            article = dataclasses.replace(article, id=f"{article.id}~{article.content_hash[:8]}")
        self.by_hash.setdefault(article.content_hash, article)
        self.ids.add(article.id)
        return article


def _listed_twice(article: Article, first: Article) -> bool:
    """Two rows of one file under ids of their own are two records, even with one text: an
    incident list repeats a summary for each attack of a series ('one of four related
    attacks'), and skipping one would lose its id. Copies across files, and a row repeated
    under its own id, are duplicates."""
    return article.source_path == first.source_path and article.id != first.id


Item = Article | IngestError


def _checked(items: Iterable[Item], seen: _Seen) -> Iterator[Item]:
    for item in items:
        if isinstance(item, Article):
            try:
                item = seen.admit(item)
            except IngestError as exc:
                item = exc
        yield item


def iter_articles(
    paths: Iterable[Path],
    published: dt.date | None = None,
    *,
    strict: bool = False,
    on_skip: Callable[[IngestError], None] | None = None,
) -> Iterator[Article]:
    """Yield the batch's articles; refusals go to ``on_skip`` (or raise when ``strict``).

    Paths that yield no article at all raise E013: building an empty store would silently
    replace a good one. No paths at all (``incidentkg remove``) is not an error.
    """
    seen, skipped, paths = _Seen(), 0, list(paths)
    for path in discover(paths):
        for item in _checked(iter_file(path, published), seen):
            if isinstance(item, Article):
                yield item
                continue
            if strict:
                raise item
            skipped += 1
            if on_skip:
                on_skip(item)
    if paths and not seen.ids:
        raise IncidentKGError(Msg.E013, skipped=skipped)
