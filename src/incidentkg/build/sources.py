"""The articles a build reads: files and folders → articles, with skipped files named."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from incidentkg.errors import IngestError
from incidentkg.ingest import iter_articles as ingest_articles
from incidentkg.records import Article


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


def articles_from_paths(
    paths: Sequence[Path],
    published: dt.date | None = None,
    strict: bool = False,
    on_skip: Callable[[Skipped], None] | None = None,
) -> Iterator[Article]:
    """Yield articles from files and folders; a bad article is reported and skipped (or raised)."""

    def skip(exc: IngestError) -> None:
        if on_skip:  # every ingest message starts with its path; the CLI prints that first
            on_skip(Skipped(exc.path, str(exc).replace(f"{exc.path}: ", "", 1)))

    yield from ingest_articles(paths, published, strict=strict, on_skip=skip)
