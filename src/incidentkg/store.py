"""The embedded, persistent Oxigraph store that queries and exports read from.

A build writes a whole new store next to the old one and swaps the folders, so a
reader never sees a half-written store and a failed build leaves the previous one
intact. A lock file next to the store makes a second concurrent build fail at once.

The swap is two renames (store → ``.store.old-PID``, ``.store.new-PID`` → store). A build
killed between them leaves no store at the path; whoever next takes the lock (a build, or a
reader when no build runs) puts the old store back and deletes the leftovers of dead builds,
see :func:`recover`.

The store folder holds the RocksDB index in ``oxigraph/`` and, since incremental builds, the
extracted records of every article (``records.jsonl.gz``, see :mod:`incidentkg.incremental`);
both are swapped in together. Validation and graph exports read the same quads SPARQL runs
on. That only works because the builder writes literals in the form Oxigraph stores them
(``xsd:integer`` counts, canonical ``xsd:decimal``; see docs/rdf-mapping.md), so a round
trip gives back the built graphs.

This module must stay free of spaCy imports: ``incidentkg query`` goes through it.
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import os
import shutil
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import pyoxigraph as ox
import rdflib
from rdflib.term import BNode, Literal, Node, URIRef

from incidentkg.errors import IncidentKGError, Msg

RESOLVED_GRAPH = "https://w3id.org/incidentkg/graph/resolved"
ARTICLE_GRAPH_PREFIX = "https://w3id.org/incidentkg/graph/article/"
DEFAULT_STORE = Path(".incidentkg/store")
OXIGRAPH_DIR = "oxigraph"
RECORDS_FILE = "records.jsonl.gz"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
SWAP_WAIT = 2.0  # seconds a reader waits for a running build to finish its two renames


@dataclass(frozen=True)
class StoreStats:
    """What a build wrote, for the CLI summary."""

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
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = lock_path(self.path).open("a", encoding="utf-8")
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            fh.close()
            raise IncidentKGError(Msg.E031, path=self.path) from exc
        self._fh = fh
        try:
            recover(self.path)
        except BaseException:
            self.release()
            raise
        return self

    def release(self) -> None:
        if self._fh is not None:
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


# --- rdflib → pyoxigraph terms -------------------------------------------------


def _ox_term(node: Node) -> Any:
    """Convert one rdflib term; an invalid IRI raises ``ValueError`` from pyoxigraph."""
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype is not None:
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
        return ox.Literal(str(node))
    raise TypeError(f"cannot store RDF term {node!r}")


def _ox_graph(graph: Any) -> Any:
    """rdflib gives the default graph as ``None``, a Graph or its special IRI."""
    ident = getattr(graph, "identifier", graph)
    if ident is None or ident == rdflib.graph.DATASET_DEFAULT_GRAPH_ID:
        return ox.DefaultGraph()
    return _ox_term(ident)


def iter_ox_quads(dataset: rdflib.Dataset) -> Iterator[ox.Quad]:
    """Stream the dataset as pyoxigraph quads (no intermediate serialisation)."""
    for s, p, o, g in dataset.quads((None, None, None, None)):
        yield ox.Quad(_ox_term(s), _ox_term(p), _ox_term(o), _ox_graph(g))


# --- writing -------------------------------------------------------------------


def _sibling(path: Path, tag: str) -> Path:
    return path.parent / f".{path.name}.{tag}-{os.getpid()}"


def _fill(tmp: Path, dataset: rdflib.Dataset, files: Mapping[str, bytes]) -> int:
    """Write the Oxigraph index and the side files into ``tmp``; returns the number of quads."""
    tmp.mkdir(parents=True)
    for name, content in files.items():
        (tmp / name).write_bytes(content)
    store = ox.Store(str(tmp / OXIGRAPH_DIR))
    store.bulk_extend(iter_ox_quads(dataset))
    store.flush()
    count = len(store)
    del store  # closes RocksDB before the folder is renamed
    return count


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
        shutil.rmtree(backup, ignore_errors=True)


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
        shutil.rmtree(stale, ignore_errors=True)


def _try_recover(path: Path) -> bool:
    """Take the lock just long enough to :func:`recover`; ``False`` if a build holds it."""
    try:
        with StoreLock(path):
            return True
    except IncidentKGError:
        return False
    except OSError:  # no write access: nothing we could repair anyway
        return True


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
    t0 = time.perf_counter()
    with contextlib.ExitStack() as stack:
        if lock is None or not lock.held:
            stack.enter_context(StoreLock(path))
        tmp = _sibling(path, "new")
        shutil.rmtree(tmp, ignore_errors=True)
        try:
            quads = _fill(tmp, dataset, files or {})
            _swap(tmp, path)
        except OSError as exc:
            raise IncidentKGError(Msg.E032, path=path, reason=exc) from exc
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    graphs = sum(1 for _ in dataset.graphs() if len(_) > 0)
    return StoreStats(path, quads, graphs, time.perf_counter() - t0)


# --- reading -------------------------------------------------------------------


def _require(path: Path) -> None:
    if not (path / OXIGRAPH_DIR / "CURRENT").is_file():
        raise IncidentKGError(Msg.E030, path=path)


def open_store(path: Path, read_only: bool = True) -> ox.Store:
    """Open an existing store for SPARQL; a missing one is a user error (E030)."""
    _recover_for_reader(path)
    _require(path)
    db = str(path / OXIGRAPH_DIR)
    try:
        return ox.Store.read_only(db) if read_only else ox.Store(db)
    except OSError as exc:
        raise IncidentKGError(Msg.E033, path=path, reason=exc) from exc


def read_side_file(path: Path, name: str) -> bytes | None:
    """A file written beside the index by :func:`write_store`, or ``None`` if absent."""
    try:
        return (path / name).read_bytes()
    except FileNotFoundError:
        return None


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


# --- pyoxigraph → rdflib terms -------------------------------------------------


def _rdflib_term(term: Any) -> Node:
    """Convert one pyoxigraph term, keeping lexical form, datatype and language as stored."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:  # RDF 1.1 simple literal; rdflib has no datatype
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"cannot load RDF term {term!r}")


def store_to_dataset(store: ox.Store) -> rdflib.Dataset:
    """Copy every quad of ``store`` into a new rdflib Dataset (default graph included)."""
    dataset = rdflib.Dataset()
    dataset.addN(_rdflib_quads(dataset, store))
    return dataset


def _rdflib_quads(
    dataset: rdflib.Dataset, store: ox.Store
) -> Iterator[tuple[Node, Node, Node, rdflib.Graph]]:
    graphs: dict[Any, rdflib.Graph] = {}
    for quad in store.quads_for_pattern(None, None, None, None):
        graph = graphs.get(quad.graph_name)
        if graph is None:
            graph = graphs[quad.graph_name] = _rdflib_graph(dataset, quad.graph_name)
        s, p, o = quad.subject, quad.predicate, quad.object
        yield _rdflib_term(s), _rdflib_term(p), _rdflib_term(o), graph


def _rdflib_graph(dataset: rdflib.Dataset, name: Any) -> rdflib.Graph:
    if isinstance(name, ox.DefaultGraph):
        default: rdflib.Graph = dataset.default_context
        return default
    ident = _rdflib_term(name)
    assert isinstance(ident, URIRef | BNode)
    return dataset.graph(ident)


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
_ARTICLES = """
PREFIX schema: <https://schema.org/>
SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { GRAPH ?g { ?a a schema:NewsArticle } }
"""


def stats(store: ox.Store) -> dict[str, Any]:
    """Counts an analyst checks after a build: graphs, articles, entities, events."""
    articles = next(iter(_select(store, _ARTICLES)))[0]
    return {
        "quads": len(store),
        "articles": int(articles.value),
        "quads_per_graph": _count_by(store, _QUADS_PER_GRAPH),
        "entities_by_type": _count_by(store, _ENTITIES_BY_TYPE),
        "events_by_category": _count_by(store, _EVENTS_BY_CATEGORY),
    }
