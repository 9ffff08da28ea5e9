"""Where spaCy runs: in this process, in forked local workers, or on a Dask cluster.

spaCy dominates a build, so everything that depends on one article only runs where the
article was parsed: extraction and, when asked (``graphs=True``), the article's named
graph as N-Quads. Workers return :class:`Extracted` (small, picklable), never Docs: shipping
Docs back (as ``nlp.pipe(n_process=...)`` does) costs serialisation in the parent, which on a small
machine competes with the workers for the same cores. Local workers are *forked* after
the pipeline is built, so the ~6 s of gazetteer pattern loading happens once, not per worker.
Results always come back in input order, so a build is deterministic whatever the executor.

A local worker that dies (the kernel's out-of-memory killer, a stray ``kill -9``) stops the
build at once: :class:`~concurrent.futures.ProcessPoolExecutor` watches every worker and
fails the pending chunks the moment one ends, where ``multiprocessing.Pool`` silently
replaced the worker and waited forever for its chunk (issue 15). The other workers are
stopped, and :class:`WorkerDied` (E022, exit code 2) names the articles that were in
flight; the caller's ``with`` blocks then delete the new store and release the lock, so
the previous store stays as it was. No retry: a worker killed for its memory would most
likely be killed again on the same articles, and a rerun costs only the extraction.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing as mp
import os
import signal
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from typing import Literal

from incidentkg.errors import FatalError, Msg
from incidentkg.records import Article, ArticleRecords

ExecutorName = Literal["local", "dask"]

#: Articles per task sent to a worker: large enough to amortise pickling, small enough
#: that two workers stay busy to the end and memory stays bounded.
CHUNK = 32
#: Docs per ``nlp.pipe`` batch, i.e. a whole chunk: against 16, a build of 1,000 articles
#: took 110 s instead of 118 s (two runs each, in both orders).
BATCH = CHUNK
#: Tasks in flight per worker; bounds memory when the consumer is slower than the workers.
AHEAD = 4


@dataclass(frozen=True)
class ExecutorOptions:
    """How to run extraction: ``jobs`` local processes, or a Dask ``scheduler`` address."""

    jobs: int = 0  # 0: one per core
    executor: ExecutorName = "local"
    scheduler: str | None = None
    batch_size: int = BATCH
    chunk: int = CHUNK
    graphs: bool = False  # also serialise each article graph (what `build` wants)


@dataclass(frozen=True)
class Extracted:
    """One article's records and, if ``graphs`` was asked for, what the store keeps of it:
    its named graph as N-Quads and its records as JSON, made in the worker. Then
    ``records`` comes without the article text (the parent only resolves)."""

    records: ArticleRecords
    nquads: bytes = b""
    records_json: str = ""


def without_text(rec: ArticleRecords) -> ArticleRecords:
    """The records a build keeps in memory: the article text is in its graph and saved line."""
    import dataclasses

    return dataclasses.replace(rec, article=dataclasses.replace(rec.article, text=""))


def for_store(rec: ArticleRecords) -> Extracted:
    import json

    from incidentkg.rdf.build import article_nquads
    from incidentkg.store.records_codec import to_json

    saved = json.dumps(to_json(rec), ensure_ascii=False, separators=(",", ":"))
    return Extracted(without_text(rec), article_nquads(rec), saved)


def default_jobs() -> int:
    """Cores this process may use (cgroup/affinity aware where the OS says so)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def chunks(items: Iterable[Article], size: int = CHUNK) -> Iterator[list[Article]]:
    """Consecutive lists of ``size`` articles (the last may be shorter)."""
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch


def extract_chunk(
    articles: list[Article], model: str, batch_size: int = BATCH, graphs: bool = False
) -> list[Extracted]:
    """spaCy + extraction (+ article graphs) for one chunk; the Docs die here."""
    from incidentkg.extract import extract
    from incidentkg.nlp.pipeline import build_pipeline

    nlp = build_pipeline(model)
    pairs = ((a.text, a) for a in articles)
    out = []
    for doc, art in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        rec = extract(doc, art)
        out.append(for_store(rec) if graphs else Extracted(rec))
    return out


def ready_pipeline(model: str) -> None:
    """Build the pipeline, then take its objects out of the cyclic GC's sight.

    The pipeline holds millions of long-lived objects (vocabulary, ~73k phrase patterns);
    without :func:`gc.freeze` every full collection walks them all (and, in forked workers,
    touches the shared pages). Measured on 200 news articles in one process: 59 → 51 CPU s.
    """
    from incidentkg.nlp.pipeline import build_pipeline

    build_pipeline(model)
    gc.freeze()


def run_serial(
    articles: Iterable[Article], model: str, batch_size: int, graphs: bool = False
) -> Iterator[Extracted]:
    """One process: stream through ``nlp.pipe`` and drop each Doc once extracted."""
    ready_pipeline(model)
    for chunk in chunks(articles, CHUNK * 4):
        yield from extract_chunk(chunk, model, batch_size, graphs)


_MODEL: str = ""
_BATCH: int = BATCH
_GRAPHS: bool = False


def _forked_chunk(articles: list[Article]) -> list[Extracted]:
    return extract_chunk(articles, _MODEL, _BATCH, _GRAPHS)


def run_forked(
    articles: Iterable[Article],
    model: str,
    jobs: int,
    batch_size: int,
    chunk: int = CHUNK,
    graphs: bool = False,
) -> Iterator[Extracted]:
    """``jobs`` forked workers that inherit the already built pipeline (no pickling of it).

    The workers are forked at the first submit; the pool is shut down (its workers
    stopped) however the caller leaves, a dead worker included (:class:`WorkerDied`).
    """
    global _MODEL, _BATCH, _GRAPHS
    ready_pipeline(model)  # built once here, inherited by every worker through fork
    _MODEL, _BATCH, _GRAPHS = model, batch_size, graphs
    pool = ProcessPoolExecutor(jobs, mp_context=mp.get_context("fork"))
    try:
        yield from _ordered(pool, chunks(articles, chunk), jobs * AHEAD)
    except BaseException:  # a dead worker, or the consumer failed or stopped early
        _stop(pool)
        raise
    pool.shutdown(wait=True)


def _drop_pipeline() -> None:
    """The workers have their copy; the parent only collects results, so it lets its own
    go (a few hundred MiB). A worker the pool replaces builds the pipeline again."""
    from incidentkg.nlp.pipeline import build_pipeline

    build_pipeline.cache_clear()
    gc.unfreeze()
    gc.collect()


Task = tuple[list[Article], Future[list[Extracted]]]


def _ordered(
    pool: ProcessPoolExecutor, tasks: Iterator[list[Article]], ahead: int
) -> Iterator[Extracted]:
    """Submit at most ``ahead`` chunks beyond the one being consumed; yield in order."""
    first = itertools.islice(tasks, ahead)
    pending: list[Task] = [(c, pool.submit(_forked_chunk, c)) for c in first]
    workers = dict(pool._processes)  # forked by the first submit; kept to tell how one died
    _drop_pipeline()
    while pending:
        try:
            done = pending[0][1].result()
        except BrokenProcessPool as exc:
            raise worker_died(pending, workers) from exc
        pending.pop(0)
        pending.extend((c, pool.submit(_forked_chunk, c)) for c in itertools.islice(tasks, 1))
        yield from done


def _warm() -> None:
    ready_pipeline(_MODEL)


def _die_with_parent() -> None:
    """The warm worker ends when the build does, even a SIGKILLed one (Linux's
    ``PR_SET_PDEATHSIG``), and holds no copy of the store's lock: an orphan kept it, and
    every later build waited for it."""
    import ctypes

    from incidentkg.store.local import close_inherited_locks

    close_inherited_locks()
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # 1: PR_SET_PDEATHSIG
    if os.getppid() == 1:  # the parent died before the call
        os._exit(1)


class WarmWorker:
    """One forked worker that builds the pipeline while the parent reads the store.

    An update of a few articles spends about a second reading the store's saved records
    and two importing spaCy and loading the pipeline; one after the other in one process
    until issue 17, side by side now: the worker is forked before the records are read
    (a small parent), and extracts the articles the plan names. A worker that dies is
    :class:`WorkerDied` (E022), as in :func:`run_forked`.
    """

    def __init__(self, model: str, batch_size: int = BATCH, graphs: bool = False) -> None:
        global _MODEL, _BATCH, _GRAPHS
        _MODEL, _BATCH, _GRAPHS = model, batch_size, graphs  # the worker's, through fork
        self.settings = (model, batch_size, graphs)
        self.pool: ProcessPoolExecutor | None = ProcessPoolExecutor(
            1, mp_context=mp.get_context("fork"), initializer=_die_with_parent
        )
        self.pool.submit(_warm)  # forks now

    def extract(self, articles: list[Article]) -> list[Extracted]:
        """Records (and graphs) for ``articles``, in order, from the warm worker."""
        if self.pool is None:
            raise RuntimeError("the warm worker was closed")
        pending: list[Task] = [(articles, self.pool.submit(_forked_chunk, articles))]
        workers = dict(self.pool._processes)
        try:
            return pending[0][1].result()
        except BrokenProcessPool as exc:
            raise worker_died(pending, workers) from exc
        finally:
            self.close()

    def close(self) -> None:
        """Stop the worker (whatever it is doing: nothing may need extracting)."""
        if self.pool is not None:
            pool, self.pool = self.pool, None
            _stop(pool)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Shut the pool down without waiting for chunks nobody will read: queued chunks are
    cancelled, running ones end with their workers."""
    workers = list(pool._processes.values())
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in workers:
        if proc.is_alive():
            proc.terminate()
    for proc in workers:
        proc.join(5)


class WorkerDied(FatalError):
    """E022: a worker process ended without answering; the build cannot finish."""

    def __init__(self, how: str, articles: list[str]) -> None:
        shown = ", ".join(articles[:SHOWN]) + (f", ... ({len(articles) - SHOWN} more)"
                                               if len(articles) > SHOWN else "")  # fmt: skip
        super().__init__(Msg.E022, how=how, count=len(articles), articles=shown)
        self.articles = articles


#: article ids a worker-death message names before it says "... (N more)"
SHOWN = 10


def worker_died(pending: list[Task], workers: Mapping[int, BaseProcess]) -> WorkerDied:
    """The error naming how the worker died and every article not extracted yet."""
    lost = [a.id for chunk, future in pending if not _succeeded(future) for a in chunk]
    return WorkerDied(_how(workers), lost)


def _succeeded(future: Future[list[Extracted]]) -> bool:
    return future.done() and not future.cancelled() and future.exception() is None


def _how(workers: Mapping[int, BaseProcess]) -> str:
    """How the worker that ended first died (the others get SIGTERM from the pool)."""
    for proc in workers.values():  # its pipe closes a moment before it can be waited for
        proc.join(1.0)
    codes = [p.exitcode for p in workers.values() if p.exitcode not in (None, -signal.SIGTERM)]
    if not codes:
        return "it ended abruptly"
    code = codes[0]
    assert code is not None
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"
