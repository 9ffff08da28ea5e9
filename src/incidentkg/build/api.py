"""The library's one way to build a store: lock → extract → resolve → write → validate → commit.

The CLI (``build`` and ``remove``), the notebooks, the tests and the benchmarks all call
:func:`build_store`, so what they exercise is the production path, incremental reuse included.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from incidentkg.build.incremental import (
    BuildOptions,
    Callbacks,
    IncrementalResult,
    gc_paused,
    remember_saved,
)
from incidentkg.records import ArticleRecords, Resolution
from incidentkg.store.local import StoreLock, StoreStats, StoreWriter
from incidentkg.validate.report import ValidationReport

if TYPE_CHECKING:
    from incidentkg.build.sources import Skipped  # reads files: only for the annotation


@dataclass
class BuildReport:
    """What a build did: its plan and records, the SHACL verdict on what it wrote, and the
    stored store's counts (``stored`` is ``None`` when the store was up to date)."""

    store: Path
    result: IncrementalResult
    validation: ValidationReport | None
    stored: StoreStats | None
    seconds: float
    #: graphs validated: ``None`` means the whole store
    validated_graphs: frozenset[str] | None = None
    #: the focus nodes validated, when only those an update touched were (else ``None``)
    validated_nodes: frozenset[str] | None = None

    @property
    def up_to_date(self) -> bool:
        return self.stored is None

    @property
    def records(self) -> list[ArticleRecords]:
        return self.result.records

    @property
    def resolution(self) -> Resolution | None:
        return self.result.resolution

    @property
    def skipped(self) -> list[Skipped]:
        """Inputs that could not be read, each with its file and reason."""
        return self.result.skipped


def build_store(
    store: Path,
    paths: Sequence[Path] = (),
    options: BuildOptions | None = None,
    *,
    remove: Sequence[str] = (),
    callbacks: Callbacks | None = None,
) -> BuildReport:
    """Add ``paths`` to ``store`` (``options.rebuild``: replace its articles), minus ``remove``.

    The store is locked for the whole build; the new store is written beside the old one,
    validated (violations are reported, not fatal) and swapped in atomically. Any error
    leaves the previous store as it was and releases the lock.
    """
    from incidentkg.build.incremental import run_build  # imports spaCy: keep it lazy

    t0 = time.perf_counter()
    opts = options or BuildOptions()
    # No cyclic GC during the build (``gc_paused``): its full collections walked every
    # record, cluster and triple the update holds (2.4 s of a 16 s update at 10.8 M quads);
    # what it drops has no cycles, and the collector runs again once the build is over.
    with StoreLock(store) as lock, StoreWriter(store, lock) as writer, gc_paused():
        result = run_build(store, list(paths), opts, writer, callbacks, remove)
        nodes = _node_scope(result)
        validation, stored = _validate_and_commit(result, writer, nodes)
    if stored is not None and result.saved_after is not None:
        remember_saved(store, result.saved_after)  # the next build in this process reads none
    seconds = time.perf_counter() - t0
    graphs = None if nodes is not None else result.changed_graphs
    return BuildReport(store, result, validation, stored, seconds, graphs, nodes)


#: more touched nodes than this and the changed graphs are validated instead: every shape's
#: query then carries the nodes as a VALUES list, and 100 added articles (~30 k nodes) took
#: 180 s against 7 s for their graphs and the resolved graph (2.19 M-quad store)
MAX_TOUCHED_NODES = 3000


def _node_scope(result: IncrementalResult) -> frozenset[str] | None:
    """The touched focus nodes, when the shapes let their verdict stand for the store's
    (and they are few enough to be cheaper than the changed graphs)."""
    if result.touched is None or result.changed_graphs is None:
        return None
    if len(result.touched) > MAX_TOUCHED_NODES:
        return None
    from incidentkg.validate.report import load_shapes
    from incidentkg.validate.sparql.scope import local_shapes

    return result.touched if local_shapes(load_shapes()) else None


def _validate_and_commit(
    result: IncrementalResult, writer: StoreWriter, nodes: frozenset[str] | None
) -> tuple[ValidationReport | None, StoreStats | None]:
    """Validate the filled store (only the touched focus nodes, or the changed graphs, when
    the build says which) and swap it in; nothing when the store was up to date."""
    if result.resolution is None:
        return None, None
    from incidentkg.validate.sparql import validate_store

    store = writer.load()
    if nodes is not None:
        from incidentkg.validate.report import load_shapes
        from incidentkg.validate.sparql.scope import live_nodes

        validation = validate_store(store, nodes=live_nodes(store, nodes, load_shapes()))
    else:
        validation = validate_store(store, graphs=result.changed_graphs)
    del store
    return validation, writer.commit()
