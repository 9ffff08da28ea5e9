"""The embedded, persistent Oxigraph store that queries and exports read from.

A build writes a whole new store next to the old one and swaps the folders, so a
reader never sees a half-written store and a failed build leaves the previous one
intact. A lock file next to the store makes a second concurrent build fail at once.

The swap is two renames (store → ``.store.old-PID``, ``.store.new-PID`` → store). A build
killed between them leaves no store at the path; whoever next takes the lock (a build, or a
reader when no build runs) puts the old store back and deletes the leftovers of dead builds,
see :func:`recover`.

The store folder holds the RocksDB index in ``oxigraph/`` and, since incremental builds, the
extracted records of every article (``records.jsonl.gz``, see :mod:`incidentkg.build.incremental`);
both are swapped in together. Validation and graph exports read the same quads SPARQL runs
on. That only works because the builder writes literals in the form Oxigraph stores them
(``xsd:integer`` counts, canonical ``xsd:decimal``; see docs/rdf-mapping.md), so a round
trip gives back the built graphs.

This module must stay free of spaCy and rdflib imports: ``incidentkg query`` goes through it.
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import os
import time
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any, NamedTuple

import pyoxigraph as ox

from incidentkg.errors import IncidentKGError, Msg, os_advice

if TYPE_CHECKING:  # only writers and rdflib users need these; queries must start fast
    from concurrent.futures import Future, ThreadPoolExecutor

    import rdflib

RESOLVED_GRAPH = "https://w3id.org/incidentkg/graph/resolved"
CORRECTIONS_GRAPH = "https://w3id.org/incidentkg/graph/corrections"  # issue 18
ARTICLE_GRAPH_PREFIX = "https://w3id.org/incidentkg/graph/article/"
DEFAULT_STORE = Path(".incidentkg/store")
OXIGRAPH_DIR = "oxigraph"
RECORDS_FILE = "records.jsonl.gz"
SWAP_WAIT = 2.0  # seconds a reader waits for a running build to finish its two renames


class StoreStats(NamedTuple):
    """What a build wrote, for the CLI summary (not a dataclass: see :func:`_rmtree`)."""

    path: Path
    quads: int
    graphs: int
    seconds: float


def lock_path(path: Path) -> Path:
    """The lock file sits beside the store, so it survives the folder swap."""
    return path.parent / f"{path.name}.lock"


class StoreLock:
    """An exclusive, non-blocking ``flock`` on the store's lock file.

    Non-blocking on purpose: a second build should fail at once, not queue up
    behind a long extraction.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fh: IO[str] | None = None

    def acquire(self) -> StoreLock:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fh = lock_path(self.path).open("a", encoding="utf-8")
        except OSError as exc:
            raise lock_error(self.path, exc) from exc
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            fh.close()
            raise IncidentKGError(Msg.E031, path=self.path) from exc
        self._fh = fh
        _HELD.add(fh.fileno())
        try:
            recover(self.path)
        except BaseException:
            self.release()
            raise
        return self

    def release(self) -> None:
        if self._fh is not None:
            _HELD.discard(self._fh.fileno())
            fcntl.flock(self._fh.fileno(), fcntl.LOCK_UN)
            self._fh.close()
            self._fh = None

    @property
    def held(self) -> bool:
        return self._fh is not None

    def __enter__(self) -> StoreLock:
        return self.acquire()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


#: descriptors of the locks this process holds (a forked worker closes its copies)
_HELD: set[int] = set()


def close_inherited_locks() -> None:
    """In a forked worker: close the copies of the parent's lock files, so that a lock
    ends with the process that took it (``flock`` holds while any copy is open)."""
    for fd in sorted(_HELD):
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD.clear()


def lock_error(path: Path, exc: OSError) -> IncidentKGError:
    """E037: the lock file cannot be made or opened (read-only place, no permission)."""
    reason = exc.strerror or str(exc)
    where = exc.filename or lock_path(path)
    return IncidentKGError(Msg.E037, path=path, reason=reason, lock=where, advice=os_advice(exc))


def write_error(path: Path, exc: OSError) -> IncidentKGError:
    """E032 with the file that failed and what to do (a full disk, a read-only place)."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    if exc.filename:
        reason = f"{reason} ({exc.filename})"
    return IncidentKGError(Msg.E032, path=path, reason=f"{reason}: {os_advice(exc)}")


# --- writing -------------------------------------------------------------------


def _sibling(path: Path, tag: str) -> Path:
    return path.parent / f".{path.name}.{tag}-{os.getpid()}"


def _swap(tmp: Path, path: Path) -> None:
    """Put ``tmp`` in place of ``path``; on failure the old store is restored."""
    backup = _sibling(path, "old")
    had_old = path.exists()
    if had_old:
        path.rename(backup)
    try:
        tmp.rename(path)
    except BaseException:
        if had_old:
            backup.rename(path)
        raise
    if had_old:
        _rmtree(backup)


def _rmtree(path: Path) -> None:
    """Writers' imports (shutil, concurrent.futures, dataclasses) load where used: they
    would be a third of the time ``incidentkg query`` takes (bench/query.py)."""
    import shutil

    shutil.rmtree(path, ignore_errors=True)


def _leftovers(path: Path, tag: str) -> list[Path]:
    """``.NAME.TAG-PID`` siblings of the store, oldest first."""
    pattern = f".{glob.escape(path.name)}.{tag}-*"
    return sorted(path.parent.glob(pattern), key=_mtime)


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:  # deleted meanwhile
        return 0


def recover(path: Path) -> None:
    """Repair what a build killed mid-swap left behind; call only while holding the lock.

    Holding the lock proves no build is running, so every ``.new-*`` / ``.old-*`` sibling
    belongs to a dead one. An ``.old-*`` is the complete previous store: it goes back in
    place when the store path is empty, and is deleted otherwise.
    """
    olds = _leftovers(path, "old")
    if olds and not path.exists():
        olds.pop().rename(path)
    for stale in [*olds, *_leftovers(path, "new")]:
        _rmtree(stale)


def _try_recover(path: Path) -> bool:
    """Take the lock just long enough to :func:`recover`; ``False`` if a build holds it."""
    try:
        with StoreLock(path):
            return True
    except IncidentKGError as exc:  # E037, no write access: nothing we could repair anyway
        return exc.code != "E031"


def _recover_for_reader(path: Path) -> None:
    """Readers repair a store left by a killed swap, but never while a build runs.

    A live build holds the lock and is between its renames for microseconds, so a reader
    that finds the path empty waits up to :data:`SWAP_WAIT` for the new store to appear.
    """
    if not _leftovers(path, "old"):
        return
    deadline = time.monotonic() + SWAP_WAIT
    while not _try_recover(path) and not path.exists() and time.monotonic() < deadline:
        time.sleep(0.01)


class StoreWriter:
    """A new store filled step by step beside the old one, swapped in by :meth:`commit`.

    Quads arrive as N-Quads text (article graphs serialised in worker processes) and are
    spooled to files inside the new folder, so the parent never holds the graph. Each
    full spool file (:attr:`SPOOL_BYTES`) is bulk-loaded by a background thread while
    extraction goes on (pyoxigraph releases the GIL), instead of one long load at the end.
    :meth:`load` gives the new, not yet visible store, for validation before the swap.
    Leaving the ``with`` block without :meth:`commit`, for whatever reason, deletes the
    new folder and keeps the old store.
    """

    SPOOL_BYTES = 64 << 20

    def __init__(self, path: Path, lock: StoreLock | None = None) -> None:
        self.path = path
        self.tmp = _sibling(path, "new")
        self._stack = contextlib.ExitStack()
        self._lock = lock
        self._spool: IO[bytes] | None = None
        self._spooled = 0
        self._n = 0
        self._loader: ThreadPoolExecutor | None = None
        self._loads: list[Future[None]] = []
        self._store: ox.Store | None = None
        self._files: dict[str, bytes] = {}
        self._on_discard: list[Callable[[], None]] = []
        self.committed: StoreStats | None = None
        self._t0 = time.perf_counter()
        #: the new store's quads, kept up to date from the previous store's count when the
        #: build starts from it (``None``: counted at the commit, a pass over every quad)
        self._count: int | None = None
        #: graphs spooled on top of a checkpoint, with their quads before the first spool
        self._graphs_before: dict[str, int] = {}
        #: an update on top of the previous store (small spools go in a transaction); a
        #: store built from nothing is bulk-loaded whatever its size (a transaction would
        #: leave its whole write-ahead log beside the tables: the seeds' store 2.2 → 5.5 MB)
        self._update = False

    def __enter__(self) -> StoreWriter:
        if self._lock is None or not self._lock.held:
            self._stack.enter_context(StoreLock(self.path))
        _rmtree(self.tmp)
        try:
            self.tmp.mkdir(parents=True)
        except OSError as exc:
            self._discard()
            raise write_error(self.path, exc) from exc
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._discard()

    def _discard(self) -> None:
        """Delete the new folder whatever state it is in. Closing a spool flushes its
        buffer, which fails again on a full disk: that second error must neither replace
        the first nor keep the folder (issue 15)."""
        try:
            for close in self._on_discard:  # files others opened in the folder
                close()
            if self._spool is not None:
                spool, self._spool = self._spool, None
                with contextlib.suppress(OSError):
                    spool.close()
            if self._loader is not None:  # a running bulk load cannot be cancelled: let it end
                self._loader.shutdown(wait=True, cancel_futures=True)
                self._loader = None
            self._store = None  # closes RocksDB
        finally:
            _rmtree(self.tmp)
            self._stack.close()

    def on_discard(self, close: Callable[[], None]) -> None:
        """Call ``close`` before the new folder is deleted (or left after a commit)."""
        self._on_discard.append(close)

    def add_nquads(self, data: bytes, graph: str | None = None) -> None:
        """Append N-Quads text (one or more complete lines); ``graph``: all of them are in
        that named graph (the running count then counts it after the load, else the commit
        counts every quad)."""
        if self._count is not None and data:
            if graph is None:
                self._count = None
            elif graph not in self._graphs_before:
                self._graphs_before[graph] = self._graph_size(graph)
        try:
            if self._loads and self._loads[0].done():
                self._loads.pop(0).result()  # a failed load stops the build here
            if self._spool is None:
                self._n += 1
                self._spool = (self.tmp / f"quads-{self._n}.nq").open("wb")
                self._spooled = 0
            self._spool.write(data)
        except (OSError, RuntimeError) as exc:
            raise _store_write_error(self.path, exc) from exc
        self._spooled += len(data)
        if self._spooled >= self.SPOOL_BYTES:
            self._flush_spool()

    def flush(self) -> None:
        """Start loading what is spooled so far, in the background: a build calls it when
        extraction ends, so the last load overlaps the resolution."""
        self._flush_spool()

    def _flush_spool(self) -> None:
        """Close the current spool file and queue it for the loader thread."""
        if self._spool is None:
            return
        fh, self._spool = self._spool, None
        try:
            fh.close()  # writes out the buffer: a full disk shows here
        except OSError as exc:
            raise write_error(self.path, exc) from exc
        spool = self.tmp / f"quads-{self._n}.nq"
        store = self._open()
        if self._loader is None:
            from concurrent.futures import ThreadPoolExecutor

            self._loader = ThreadPoolExecutor(1, thread_name_prefix="incidentkg-load")
        self._loads.append(self._loader.submit(_bulk_load, store, spool, self._update))

    def start_from(self, previous: Path) -> None:
        """Begin with the quads of the store at ``previous``, before anything is added.

        A RocksDB checkpoint: on the same file system (the new folder is a sibling) its
        immutable files are hard-linked, not copied, so an incremental build does not write
        again the graphs of the articles it keeps. ``previous`` is only read.
        """
        if self._store is not None or self._n:
            raise RuntimeError("start_from() must come before anything is added")
        old = open_store(previous)  # a damaged previous store is E033, not a write error
        try:
            old.backup(str(self.tmp / OXIGRAPH_DIR))
        except (OSError, RuntimeError) as exc:
            raise _store_write_error(self.path, exc) from exc
        finally:
            del old
        self._count = read_quad_count(previous)
        self._update = True

    def _graph_size(self, graph: str) -> int:
        quads = self._open().quads_for_pattern(None, None, None, ox.NamedNode(graph))
        return sum(1 for _ in quads)

    def keep_only(self, graphs: Collection[str], removed: list[ox.Quad] | None = None) -> int:
        """Remove every named graph not in ``graphs`` and clear the default graph, so that
        what :meth:`start_from` took over is just what a full build would write again.
        Returns how many graphs went (those of changed or removed articles, mostly); their
        quads are appended to ``removed`` when given (what validation must look at again)."""
        store = self._open()
        try:
            gone = [g for g in store.named_graphs() if str(g.value) not in graphs]
            dropped = 0
            for graph in [*gone, ox.DefaultGraph()]:
                quads = list(store.quads_for_pattern(None, None, None, graph))
                dropped += len(quads)
                if removed is not None:
                    removed.extend(quads)
            if self._count is not None:
                self._count -= dropped
            for graph in gone:
                store.remove_graph(graph)
            store.clear_graph(ox.DefaultGraph())
        except (OSError, RuntimeError) as exc:
            raise _store_write_error(self.path, exc) from exc
        return len(gone)

    def replace_graph(
        self, graph: str, nquads: bytes, changed: list[ox.Quad] | None = None
    ) -> tuple[int, int]:
        """Make ``graph`` hold exactly ``nquads`` (all in that graph), writing only the
        difference: one new article changes a few hundred of the resolved graph's quads, and
        removing all of them costs ~40 µs a quad. Returns (removed, added) lines; the quads
        removed and added are appended to ``changed`` when given.

        The old and new graphs are compared as N-Triples lines; a quad written differently
        by the two serialisers is removed and added again, which is slower, never wrong.
        """
        store = self.load()  # earlier spools first: they may hold quads of this graph
        name = ox.NamedNode(graph)
        suffix = f" <{graph}> .".encode()
        new_lines = set()
        for line in nquads.splitlines():
            if not line.endswith(suffix):
                raise ValueError(f"a quad outside <{graph}>: {line[:200]!r}")
            new_lines.add(line[: -len(suffix)] + b" .")
        try:
            old = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name)
            old_lines = set(old.splitlines()) if old else set()
            gone, fresh = old_lines - new_lines, new_lines - old_lines
            removed = b"\n".join(sorted(gone))
            for triple in ox.parse(removed, format=ox.RdfFormat.N_TRIPLES):
                quad = ox.Quad(triple.subject, triple.predicate, triple.object, name)
                store.remove(quad)
                if changed is not None:
                    changed.append(quad)
            if fresh:
                added = b"\n".join(sorted(fresh))
                load = _loader(store, len(added))
                load(added, format=ox.RdfFormat.N_TRIPLES, to_graph=name, lenient=True)
                if changed is not None:
                    triples = ox.parse(added, format=ox.RdfFormat.N_TRIPLES)
                    changed += (ox.Quad(t.subject, t.predicate, t.object, name) for t in triples)
        except (OSError, RuntimeError) as exc:
            raise _store_write_error(self.path, exc) from exc
        if self._count is not None:
            self._count += len(fresh) - len(gone)
        return len(gone), len(fresh)

    def replace_quads(
        self, old: Collection[ox.Quad], nquads: bytes, changed: list[ox.Quad] | None = None
    ) -> tuple[int, int]:
        """Replace the stored quads ``old`` by those of ``nquads``, writing the difference
        (compared as RDF terms); the quads removed and added go to ``changed`` too."""
        store = self.load()
        try:
            new = set(ox.parse(nquads, format=ox.RdfFormat.N_QUADS)) if nquads else set()
            gone, fresh = set(old) - new, new - set(old)
            for quad in sorted(gone, key=str):
                store.remove(quad)
            if self._count is not None:  # ``old`` were stored; a fresh quad may be too
                self._count += sum(1 for q in fresh if q not in store) - len(gone)
            store.extend(sorted(fresh, key=str))
        except (OSError, RuntimeError) as exc:
            raise _store_write_error(self.path, exc) from exc
        if changed is not None:
            changed += [*gone, *fresh]
        return len(gone), len(fresh)

    def add_dataset(self, dataset: rdflib.Dataset) -> None:
        """Add an rdflib dataset's quads (tests and small graphs; builds use N-Quads)."""
        from incidentkg.rdf.convert import iter_ox_quads

        self._open().bulk_extend(iter_ox_quads(dataset))

    def add_file(self, name: str, content: bytes) -> None:
        """A side file swapped in with the index (e.g. the saved records)."""
        self._files[name] = content

    def _quads(self, store: ox.Store) -> int:
        """The running count with the spooled graphs' quads, or a count of every quad
        (``len(store)``: 0.4 s at 2.2 M quads, linear in the store)."""
        if self._count is None:
            return len(store)
        after = sum(self._graph_size(g) - n for g, n in self._graphs_before.items())
        return self._count + after

    def _open(self) -> ox.Store:
        if self._store is None:
            try:
                self._store = ox.Store(str(self.tmp / OXIGRAPH_DIR))
            except (OSError, RuntimeError) as exc:
                raise _store_write_error(self.path, exc) from exc
        return self._store

    def load(self) -> ox.Store:
        """Index every spooled quad and return the new store (still invisible to readers)."""
        self._flush_spool()
        try:
            while self._loads:
                self._loads.pop(0).result()
        except (OSError, RuntimeError) as exc:
            raise _store_write_error(self.path, exc) from exc
        return self._open()

    def commit(self) -> StoreStats:
        """Make the new store the store; the old one is removed only after the swap."""
        store = self.load()
        if self._loader is not None:
            self._loader.shutdown(wait=True)
            self._loader = None
        try:
            store.flush()
            quads = self._quads(store)
            graphs = sum(1 for _ in store.named_graphs())
            self._store = None
            del store  # closes RocksDB before the folder is renamed
            files = {**self._files, QUAD_COUNT_FILE: f"{quads}\n".encode()}
            for name, content in files.items():
                (self.tmp / name).write_bytes(content)
            _swap(self.tmp, self.path)
        except (OSError, RuntimeError) as exc:
            raise _store_write_error(self.path, exc) from exc
        self.committed = StoreStats(self.path, quads, graphs, time.perf_counter() - self._t0)
        return self.committed


def _store_write_error(path: Path, exc: OSError | RuntimeError) -> IncidentKGError:
    """pyoxigraph reports RocksDB write failures as ``OSError`` or ``RuntimeError``."""
    if isinstance(exc, OSError) and exc.errno is not None:
        return write_error(path, exc)
    return IncidentKGError(Msg.E032, path=path, reason=f"{_oneline(exc)}: {os_advice(exc)}")


def _bulk_load(store: ox.Store, spool: Path, update: bool) -> None:
    """``lenient``: the spool comes from our own writer, which already checks every IRI
    (:func:`incidentkg.rdf.convert.nt_term`); Oxigraph's second check cost ~30 % of the load.
    Only an ``update``'s small spool goes in a transaction (:data:`SMALL_LOAD`)."""
    size = spool.stat().st_size
    if size:
        load = _loader(store, size) if update else store.bulk_load
        load(path=str(spool), format=ox.RdfFormat.N_QUADS, lenient=True)
    spool.unlink()


#: fewer bytes than this are loaded in a transaction, not bulk-loaded: a bulk load writes
#: new files for each of the store's indexes, and RocksDB's background threads then
#: compacted them into the old ones for the rest of the update (one new article on the
#: 2.2 M-quad corpus store: 1.3 CPU s beside the resolution, which took twice as long on
#: a busy 2-core machine; issue 17)
SMALL_LOAD = 8 << 20


def _loader(store: ox.Store, size: int) -> Callable[..., None]:
    """``store.load`` for a small input (see :data:`SMALL_LOAD`), else ``store.bulk_load``."""
    return store.load if size < SMALL_LOAD else store.bulk_load


def write_store(
    path: Path,
    dataset: rdflib.Dataset,
    lock: StoreLock | None = None,
    files: Mapping[str, bytes] | None = None,
) -> StoreStats:
    """Replace the store at ``path`` with ``dataset`` (and side ``files``), all or nothing.

    Pass ``lock`` when the caller already holds it (the CLI locks before extraction);
    otherwise it is taken here.
    """
    with StoreWriter(path, lock) as writer:
        writer.add_dataset(dataset)
        for name, content in (files or {}).items():
            writer.add_file(name, content)
        return writer.commit()


# --- reading -------------------------------------------------------------------


def _require(path: Path) -> None:
    """E030 when there is no store; E038 when there may be one we are not allowed to see."""
    current = path / OXIGRAPH_DIR / "CURRENT"
    try:
        current.stat()
    except (FileNotFoundError, NotADirectoryError) as exc:
        raise IncidentKGError(Msg.E030, path=path) from exc
    except OSError as exc:
        raise read_error(path, exc) from exc
    if not current.is_file():
        raise IncidentKGError(Msg.E030, path=path)


def read_error(path: Path, exc: OSError | RuntimeError) -> IncidentKGError:
    """E038: the store exists but reading it failed (permissions, a damaged file)."""
    if isinstance(exc, OSError) and exc.strerror:
        where = f" ({exc.filename})" if exc.filename else ""
        reason = f"{exc.strerror}{where}: {os_advice(exc)}"
    else:
        reason = _oneline(exc)
    return IncidentKGError(Msg.E038, path=path, reason=reason)


def open_store(path: Path, read_only: bool = True) -> ox.Store:
    """Open an existing store for SPARQL; a missing one is a user error (E030).

    RocksDB reports a damaged store (a deleted or truncated ``.sst``, garbage in
    ``CURRENT``) as ``RuntimeError: Corruption``: that is E033 too, not a bug.
    """
    _recover_for_reader(path)
    _require(path)
    db = str(path / OXIGRAPH_DIR)
    try:
        return ox.Store.read_only(db) if read_only else ox.Store(db)
    except (OSError, RuntimeError) as exc:
        reason = _oneline(exc)
        if "Permission denied" in reason:  # not damage: say so, not "run doctor"
            advice = "permission denied: check the owner and mode of the store's files (ls -l)"
            raise IncidentKGError(Msg.E038, path=path, reason=f"{reason}: {advice}") from exc
        raise IncidentKGError(Msg.E033, path=path, reason=reason) from exc


#: how RocksDB's errors begin when the store's files are damaged or unreadable
ROCKSDB_TROUBLE = ("Corruption", "IO error")


def damaged_store_error(exc: BaseException) -> IncidentKGError | None:
    """E038 for a RocksDB error that surfaced while reading (``None`` for anything else),
    with the store's path when the message names one of its files."""
    import re

    text = _oneline(exc)
    if not text.startswith(ROCKSDB_TROUBLE):
        return None
    found = re.search(r"(\S+?)/" + OXIGRAPH_DIR + "/", text)
    return IncidentKGError(Msg.E038, path=found[1] if found else "(the store)", reason=text)


def _oneline(exc: BaseException) -> str:
    """RocksDB's messages hold double spaces and newlines; one line reads better."""
    return " ".join(str(exc).split()).rstrip(".") or type(exc).__name__


QUAD_COUNT_FILE = "quads.count"


def read_quad_count(path: Path) -> int | None:
    """The quads the store at ``path`` held when its build committed (``None``: unknown)."""
    try:
        return int((path / QUAD_COUNT_FILE).read_text(encoding="ascii"))
    except (OSError, ValueError):
        return None


def write_quad_count(path: Path, quads: int) -> None:
    """Record the store's quads after a change made in place (a SPARQL update)."""
    try:
        (path / QUAD_COUNT_FILE).write_text(f"{quads}\n", encoding="ascii")
    except OSError as exc:
        raise write_error(path, exc) from exc


def read_side_file(path: Path, name: str) -> bytes | None:
    """A file written beside the index by :func:`write_store`, or ``None`` if absent."""
    try:
        return (path / name).read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise read_error(path, exc) from exc


def store_identity(path: Path) -> tuple[int, int] | None:
    """Changes whenever a build swaps in a new store (servers use it to reopen)."""
    try:
        st = (path / OXIGRAPH_DIR).stat()
    except FileNotFoundError:
        return None
    return st.st_dev, st.st_ino


def load_dataset(path: Path) -> rdflib.Dataset:
    """The stored dataset in rdflib, every named graph, for SHACL and graph comparisons."""
    return store_to_dataset(open_store(path))


def store_to_dataset(store: ox.Store) -> rdflib.Dataset:
    """Copy every quad of ``store`` into a new rdflib Dataset (default graph included)."""
    from incidentkg.rdf.convert import store_to_dataset as convert

    return convert(store)


def _select(store: ox.Store, sparql: str) -> ox.QuerySolutions:
    solutions = store.query(sparql)
    assert isinstance(solutions, ox.QuerySolutions)
    return solutions


def _count_by(store: ox.Store, sparql: str) -> dict[str, int]:
    return {str(row[0].value): int(row[1].value) for row in _select(store, sparql)}


_QUADS_PER_GRAPH = """
SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g
"""
_ENTITIES_BY_TYPE = f"""
PREFIX ikg: <https://w3id.org/incidentkg/ontology#>
SELECT ?type (COUNT(DISTINCT ?e) AS ?n) WHERE {{
  GRAPH <{RESOLVED_GRAPH}> {{
    VALUES (?cls ?type) {{ (ikg:Person "Person") (ikg:Organization "Organization")
                           (ikg:Place "Place") }}
    ?e a ?cls }}
}} GROUP BY ?type ORDER BY ?type
"""
_EVENTS_BY_CATEGORY = f"""
PREFIX ikg: <https://w3id.org/incidentkg/ontology#>
SELECT ?cat (COUNT(DISTINCT ?e) AS ?n) WHERE {{
  GRAPH <{RESOLVED_GRAPH}> {{
    VALUES (?cls ?cat) {{ (ikg:Attack "attack") (ikg:SecurityOperation "security_operation")
                          (ikg:OtherEvent "other") }}
    ?e a ?cls }}
}} GROUP BY ?cat ORDER BY ?cat
"""
_EVENTS_BY_TYPE = f"""
PREFIX ikg: <https://w3id.org/incidentkg/ontology#>
SELECT ?type (COUNT(DISTINCT ?e) AS ?n) WHERE {{
  GRAPH <{RESOLVED_GRAPH}> {{
    ?e a ikg:Event .
    OPTIONAL {{ ?e a ?cls FILTER (STRSTARTS(STR(?cls), STR(ikg:)) && ?cls NOT IN
                (ikg:Event, ikg:Attack, ikg:SecurityOperation, ikg:OtherEvent)) }}
    OPTIONAL {{ VALUES ?cat {{ ikg:Attack ikg:SecurityOperation ikg:OtherEvent }} ?e a ?cat }}
  }}
  BIND (STRAFTER(STR(COALESCE(?cls, ?cat, ikg:Event)), "#") AS ?type)
}} GROUP BY ?type ORDER BY DESC(?n) ?type
"""
_EVENTS_BY_COUNTRY = f"""
PREFIX ikg: <https://w3id.org/incidentkg/ontology#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX schema: <https://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?country (COUNT(DISTINCT ?e) AS ?n) WHERE {{
  GRAPH <{RESOLVED_GRAPH}> {{
    ?e a ikg:Event .
    OPTIONAL {{
      SELECT ?e (SAMPLE(?l) AS ?label) WHERE {{
        ?e sem:hasPlace/schema:containedInPlace* ?p . ?p ikg:kind "country" ; rdfs:label ?l
      }} GROUP BY ?e
    }}
  }}
  BIND (COALESCE(?label, "(no country)") AS ?country)
}} GROUP BY ?country ORDER BY DESC(?n) ?country
"""
_EVENTS_BY_YEAR = f"""
PREFIX ikg: <https://w3id.org/incidentkg/ontology#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?year (COUNT(DISTINCT ?e) AS ?n) WHERE {{
  GRAPH <{RESOLVED_GRAPH}> {{
    ?e a ikg:Event .
    OPTIONAL {{ ?e sem:hasTimeStamp ?ts }}
  }}
  BIND (IF(!BOUND(?ts), "(undated)",
           IF(DATATYPE(?ts) = xsd:gMonthDay, "(no year)", SUBSTR(STR(?ts), 1, 4))) AS ?year)
}} GROUP BY ?year ORDER BY ?year
"""
_ARTICLES = """
PREFIX schema: <https://schema.org/>
SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { GRAPH ?g { ?a a schema:NewsArticle } }
"""


def stats(store: ox.Store) -> dict[str, Any]:
    """Counts an analyst checks after a build: graphs, articles, entities, events."""
    quads = len(store)  # reads one whole index: a damaged block raises here, before SPARQL
    articles = next(iter(_select(store, _ARTICLES)))[0]
    return {
        "quads": quads,
        "articles": int(articles.value),
        "quads_per_graph": _count_by(store, _QUADS_PER_GRAPH),
        "entities_by_type": _count_by(store, _ENTITIES_BY_TYPE),
        "events_by_category": _count_by(store, _EVENTS_BY_CATEGORY),
        "events_by_type": _count_by(store, _EVENTS_BY_TYPE),
        "events_by_country": _count_by(store, _EVENTS_BY_COUNTRY),
        "events_by_year": _count_by(store, _EVENTS_BY_YEAR),
    }
