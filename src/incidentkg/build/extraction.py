"""Extraction on the executor the options name: local workers or a Dask cluster.

The one place that knows both executors, so neither imports the other.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sized
from pathlib import Path

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
    holds the pipeline already (``watch``: the warm pipeline is here). The worker
    :func:`start_early` forked is taken when it was started for the same pipeline."""
    global _EARLY
    early, _EARLY = _EARLY, None
    wanted = (
        options.executor == "local"
        and 0 < len(articles) <= options.chunk
        and sys.platform == "linux"  # the worker must die with the build (PR_SET_PDEATHSIG)
        and not _pipeline_loaded()
    )
    settings = (model, options.batch_size, options.graphs)
    if early is not None and wanted and early.settings == settings:
        return early
    if early is not None:
        early.close()
    return WarmWorker(*settings) if wanted else None


def _pipeline_loaded() -> bool:
    pipeline = sys.modules.get("incidentkg.nlp.pipeline")
    return pipeline is not None and bool(pipeline.build_pipeline.cache_info().currsize)


def _few_small_files(paths: list[Path]) -> bool:
    """Files (or folders holding files) of at most :data:`FEW_ARTICLES_BYTES` in all, and
    at most :data:`FEW_FILES` of them: a few articles. Stops looking as soon as it is not."""
    count = size = 0
    try:
        for path in paths:
            found = [path] if path.is_file() else path.rglob("*") if path.is_dir() else None
            if found is None:
                return False  # missing: the CLI says so
            for item in found:
                if item.is_file():
                    count, size = count + 1, size + item.stat().st_size
                    if count > FEW_FILES or size > FEW_ARTICLES_BYTES:
                        return False
    except OSError:
        return False
    return count > 0


#: the worker :func:`start_early` forked, until :func:`prewarm` takes or stops it
_EARLY: WarmWorker | None = None
#: given files up to this size hold a few articles: worth forking the worker at once
FEW_ARTICLES_BYTES = 1 << 20
FEW_FILES = 64
_VALUED = frozenset({"--store", "--published", "--model", "--jobs", "-j", "--executor"})
_VALUED |= {"--scheduler", "--corrections"}
_FLAGS = frozenset({"--strict", "--rebuild"})


def start_early(args: list[str]) -> None:
    """Fork the warm worker now, for ``incidentkg build ARGS`` of a few small files.

    Called by the console script before it imports the CLI: the parent's imports (typer,
    rich, rdflib, the build's modules: 0.5 s) then run beside the worker's spaCy import
    instead of before it, and the worker is the critical path of a one-article update.
    ``args`` are read only as far as needed: any option this does not know (``--help``),
    another executor or anything but small files, and nothing is started. A worker that
    the build then does not take is stopped (:func:`prewarm`), or ends with the process.
    Folders count by what they hold, up to :data:`FEW_FILES` files.
    """
    global _EARLY
    from incidentkg.resources import DEFAULT_MODEL

    if _EARLY is not None or sys.platform != "linux":
        return
    paths: list[Path] = []
    model, executor = DEFAULT_MODEL, "local"
    rest = iter(args)
    for arg in rest:
        name, eq, value = arg.partition("=")
        if not arg.startswith("-"):
            paths.append(Path(arg))
        elif name in _VALUED:
            value = value if eq else next(rest, "")
            model = value if name == "--model" else model
            executor = value if name == "--executor" else executor
        elif arg not in _FLAGS:
            return
    if paths and executor == "local" and _few_small_files(paths):
        defaults = ExecutorOptions()
        _EARLY = WarmWorker(model, defaults.batch_size, graphs=True)


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
