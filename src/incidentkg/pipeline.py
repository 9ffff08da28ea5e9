"""The build path end to end: files → articles → docs → records → resolution.

Streams articles through ``nlp.pipe`` (in worker processes, see :mod:`incidentkg.executors`)
and drops each Doc as soon as its records are extracted; only the small records are kept
for resolution.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from incidentkg.errors import IngestError
from incidentkg.executors import BATCH, ExecutorOptions, run_extraction
from incidentkg.ingest import iter_articles as ingest_articles
from incidentkg.nlp.pipeline import DEFAULT_MODEL
from incidentkg.records import Article, ArticleRecords, Resolution
from incidentkg.resolve import resolve


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


@dataclass
class BuildResult:
    records: list[ArticleRecords]
    resolution: Resolution
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0


def iter_articles(
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


def extract_all(
    articles: Iterable[Article],
    model: str = DEFAULT_MODEL,
    batch_size: int = BATCH,
    executor: ExecutorOptions | None = None,
) -> Iterator[ArticleRecords]:
    """Run spaCy over articles and turn each Doc into records straight away (in order).

    ``executor`` picks local worker processes or a Dask cluster; the default is one
    forked worker per core.
    """
    opts = executor or ExecutorOptions(batch_size=batch_size)
    for item in run_extraction(articles, model, opts):
        yield item.records


def build(
    paths: Sequence[Path],
    *,
    published: dt.date | None = None,
    model: str = DEFAULT_MODEL,
    strict: bool = False,
    on_article: Callable[[ArticleRecords], None] | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
    executor: ExecutorOptions | None = None,
) -> BuildResult:
    """Ingest, extract and resolve; the caller turns the result into RDF and a store."""
    t0 = time.perf_counter()
    skipped: list[Skipped] = []

    def note_skip(s: Skipped) -> None:
        skipped.append(s)
        if on_skip:
            on_skip(s)

    records: list[ArticleRecords] = []
    found = iter_articles(paths, published, strict, note_skip)
    for rec in extract_all(found, model, executor=executor):
        records.append(rec)
        if on_article:
            on_article(rec)
    resolution = resolve(records)
    return BuildResult(records, resolution, skipped, time.perf_counter() - t0)
