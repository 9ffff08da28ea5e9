"""Check a store from the disk up and say how to recover it (``incidentkg doctor``).

A store is two things swapped in together (:mod:`incidentkg.store.local`): the RocksDB
index that queries read, and the saved records (``records.jsonl.gz``) that incremental
builds start from. Either can be damaged on its own (a deleted or truncated ``.sst``, a
disk error, a hand edit), and each can be remade from the other or from the sources:

- index damaged, records readable: :func:`repair` writes the index again from the saved
  records (the article texts are in them), no source files needed;
- records damaged: the index still answers queries; a ``--rebuild`` from the sources makes
  both again.

The checks read every quad through two different indexes and compare the counts, so a
damaged block shows up here as an error instead of a wrong answer later. SPARQL (SHACL)
runs only on a store that passed them: Oxigraph 0.5 answers a query that meets a damaged
block by filling memory (see README, "What happens when things go wrong").
"""

from __future__ import annotations

import fcntl
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from incidentkg.build.incremental import SavedStore, decode_saved
from incidentkg.errors import IncidentKGError
from incidentkg.store.local import (
    ARTICLE_GRAPH_PREFIX,
    OXIGRAPH_DIR,
    RECORDS_FILE,
    lock_path,
    open_store,
    read_side_file,
)


@dataclass(frozen=True)
class Check:
    """One verdict: ``ok`` is ``None`` when the check could not run (an earlier one failed)."""

    name: str
    ok: bool | None
    detail: str


@dataclass
class Diagnosis:
    """Every check on one store, and what they say to do."""

    path: Path
    checks: list[Check] = field(default_factory=list)
    index_ok: bool = False
    records: SavedStore | None = None
    building: bool = False

    @property
    def healthy(self) -> bool:
        return all(c.ok is not False for c in self.checks)

    @property
    def failed(self) -> list[str]:
        return [c.name for c in self.checks if c.ok is False]

    @property
    def repairable(self) -> bool:
        """The records can make the index again (and the index is what is wrong)."""
        return self.records is not None and bool(self.records.articles) and not self.index_ok

    def advice(self) -> str:
        """What to do, in one sentence or two."""
        store = f"--store {self.path}"
        if self.healthy:
            return "nothing to do"
        if self.repairable:
            n = len(self.records.articles) if self.records else 0
            return (f"run `incidentkg doctor {store} --repair`: it writes the index again from "
                    f"the {n} saved article(s), no source files needed")  # fmt: skip
        if self.index_ok and self.records is None:
            return (f"the store still answers queries; to make it whole again rebuild it from "
                    f"your sources: `incidentkg build SOURCES... {store} --rebuild`")  # fmt: skip
        if not self.index_ok:
            return f"rebuild it from your sources: `incidentkg build SOURCES... {store} --rebuild`"
        return f"`incidentkg validate {store}` lists the results; queries still work"


def diagnose(path: Path) -> Diagnosis:
    """Run every check on the store at ``path``; never raises for a damaged store."""
    found = Diagnosis(path)
    found.checks.append(_folder(path))
    if found.checks[-1].ok is False:
        return found
    found.building = _build_running(path)
    if found.building:
        note = "a build is running: it will replace the store"
        found.checks.append(Check("build lock", None, note))
    store, check = _index(path)
    found.checks.append(check)
    counts: Counter[str] | None = None
    if store is not None:
        counts, check = _quads(store)
        found.checks.append(check)
    found.index_ok = counts is not None
    found.records, check = _records(path)
    found.checks.append(check)
    found.checks.append(_agreement(counts, found.records))
    found.checks.append(_shacl(store if found.index_ok else None))
    return found


def _folder(path: Path) -> Check:
    if not path.is_dir():
        return Check("store folder", False, f"no folder at {path}: run `incidentkg build` first")
    leftovers = sorted(p.name for p in path.parent.glob(f".{path.name}.*-*"))
    detail = f"{path}" + (f"; leftovers of a killed build: {', '.join(leftovers)} (the next "
                          "build or query removes them)" if leftovers else "")  # fmt: skip
    return Check("store folder", True, detail)


def _build_running(path: Path) -> bool:
    """Whether a build holds the lock, without taking it (taking it repairs a swap)."""
    try:
        with lock_path(path).open("rb") as fh:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
    except BlockingIOError:
        return True
    except OSError:
        return False
    return False


def _index(path: Path) -> tuple[ox.Store | None, Check]:
    name = "RocksDB index opens"
    if not (path / OXIGRAPH_DIR).is_dir():
        return None, Check(name, False, f"no {OXIGRAPH_DIR}/ folder in the store")
    try:
        store = open_store(path)
    except IncidentKGError as exc:
        return None, Check(name, False, _reason(exc))
    return store, Check(name, True, str(path / OXIGRAPH_DIR))


def _reason(exc: IncidentKGError) -> str:
    """The catalogued message without the advice to run this very command."""
    return str(exc).split("; `incidentkg doctor")[0]


def _quads(store: ox.Store) -> tuple[Counter[str] | None, Check]:
    """Every quad read through the subject index, then through the predicate index: a
    damaged block raises, and indexes that disagree are damage too."""
    name = "quads readable"
    per_graph: Counter[str] = Counter()
    predicates: set[ox.NamedNode] = set()
    try:
        for quad in store.quads_for_pattern(None, None, None, None):
            per_graph[_graph_name(quad.graph_name)] += 1
            predicates.add(quad.predicate)
        by_predicate = sum(_count(store.quads_for_pattern(None, p, None, None)) for p in predicates)
    except (OSError, RuntimeError) as exc:
        return None, Check(name, False, " ".join(str(exc).split()))
    total = sum(per_graph.values())
    if by_predicate != total:
        detail = f"the indexes disagree: {total} quads by subject, {by_predicate} by predicate"
        return None, Check(name, False, detail)
    return per_graph, Check(name, True, f"{total} quads in {len(per_graph)} graph(s)")


def _graph_name(graph: object) -> str:
    return graph.value if isinstance(graph, ox.NamedNode) else ""


def _count(quads: Iterator[ox.Quad]) -> int:
    return sum(1 for _ in quads)


def _records(path: Path) -> tuple[SavedStore | None, Check]:
    name = "saved records readable"
    try:
        data = read_side_file(path, RECORDS_FILE)
    except IncidentKGError as exc:
        return None, Check(name, False, _reason(exc))
    if data is None:
        return None, Check(name, False, f"no {RECORDS_FILE} (made by an older version?)")
    try:
        saved = decode_saved(data)
    except Exception as exc:  # whatever a damaged file makes the decoder raise
        return None, Check(name, False, f"{RECORDS_FILE}: {type(exc).__name__}: {exc}"[:300])
    return saved, Check(name, True, f"{len(saved.articles)} article(s)")


def _agreement(counts: Counter[str] | None, saved: SavedStore | None) -> Check:
    """Each saved article has its graph in the index, and no article graph is extra."""
    name = "records match graphs"
    if counts is None or saved is None:
        return Check(name, None, "skipped: needs a readable index and readable records")
    from incidentkg.rdf.mint import article_graph_iri

    expected = {str(article_graph_iri(i)) for i in saved.articles}
    present = {g for g in counts if g.startswith(ARTICLE_GRAPH_PREFIX)}
    missing, extra = sorted(expected - present), sorted(present - expected)
    if missing or extra:
        detail = f"{len(missing)} article graph(s) missing, {len(extra)} not in the records"
        example = (missing or extra)[0]
        return Check(name, False, f"{detail}, e.g. {example}")
    return Check(name, True, f"{len(expected)} article graph(s)")


def _shacl(store: ox.Store | None) -> Check:
    name = "SHACL shapes"
    if store is None:
        return Check(name, None, "skipped: needs a readable index")
    from incidentkg.validate.sparql import validate_store

    report = validate_store(store)
    if report.conforms:
        return Check(name, True, "the graph conforms")
    return Check(name, False, f"{len(report.violations)} violation(s)")
