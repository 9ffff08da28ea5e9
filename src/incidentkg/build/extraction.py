"""Extraction on the executor the options name: local workers or a Dask cluster.

The one place that knows both executors, so neither imports the other.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sized

from incidentkg.build.executors import (
    ExecutorOptions,
    Extracted,
    WarmWorker,
    default_jobs,
    run_forked,
    run_serial,
)
from incidentkg.records import Article


def prewarm(articles: Sized, model: str, options: ExecutorOptions) -> WarmWorker | None:
    """A worker building the pipeline from now on, for an update of at most one chunk of
    articles on the local executor (more use a pool of workers), unless this process
    holds the pipeline already (``watch``: the warm pipeline is here)."""
    if options.executor != "local" or not 0 < len(articles) <= options.chunk:
        return None
    if sys.platform != "linux":  # the worker must die with the build (PR_SET_PDEATHSIG)
        return None
    pipeline = sys.modules.get("incidentkg.nlp.pipeline")
    if pipeline is not None and pipeline.build_pipeline.cache_info().currsize:
        return None
    return WarmWorker(model, options.batch_size, options.graphs)


def run_extraction(
    articles: Iterable[Article],
    model: str,
    options: ExecutorOptions | None = None,
    warm: WarmWorker | None = None,
) -> Iterator[Extracted]:
    """Records (and graphs) for ``articles`` in input order, on the executor ``options``
    names, or on ``warm`` (:func:`prewarm`) when it was started for them."""
    opts = options or ExecutorOptions()
    if warm is not None and isinstance(articles, Sized) and len(articles) <= opts.chunk:
        yield from warm.extract(list(articles))
        return
    if warm is not None:
        warm.close()
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
