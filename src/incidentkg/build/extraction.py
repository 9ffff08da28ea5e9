"""Extraction on the executor the options name: local workers or a Dask cluster.

The one place that knows both executors, so neither imports the other.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sized

from incidentkg.build.executors import (
    ExecutorOptions,
    Extracted,
    default_jobs,
    run_forked,
    run_serial,
)
from incidentkg.records import Article


def run_extraction(
    articles: Iterable[Article], model: str, options: ExecutorOptions | None = None
) -> Iterator[Extracted]:
    """Records (and graphs) for ``articles`` in input order, on the executor ``options`` names."""
    opts = options or ExecutorOptions()
    if opts.executor == "dask":
        from incidentkg.build.distributed import run_dask  # dask: only when asked for

        yield from run_dask(articles, model, opts)
        return
    jobs = opts.jobs or default_jobs()
    if isinstance(articles, Sized) and len(articles) <= opts.chunk:
        jobs = 1  # one chunk: starting workers would only cost time
    if jobs <= 1:
        yield from run_serial(articles, model, opts.batch_size, opts.graphs)
    else:
        yield from run_forked(articles, model, jobs, opts.batch_size, opts.chunk, opts.graphs)
