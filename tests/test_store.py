"""The store: all-or-nothing writes, one writer at a time, a spaCy-free read path."""

from __future__ import annotations

import dataclasses
import gzip
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

from incidentkg.build.incremental import read_saved
from incidentkg.errors import IncidentKGError
from incidentkg.rdf import mint
from incidentkg.rdf.build import to_dataset
from incidentkg.rdf.namespace import GEO
from incidentkg.store.local import (
    StoreLock,
    StoreWriter,
    load_dataset,
    open_store,
    read_side_file,
    stats,
    store_identity,
    write_store,
)
from test_rdf_build import article_a, article_b, resolution

EX = rdflib.Namespace("http://example.org/")
RESOLVED = rdflib.URIRef("https://w3id.org/incidentkg/graph/resolved")


def _dataset(n: int, bad_iri_at: int | None = None) -> rdflib.Dataset:
    """``n`` triples in the resolved graph; optionally one IRI that Oxigraph rejects."""
    ds = rdflib.Dataset()
    g = ds.graph(RESOLVED)
    for i in range(n):
        subject = rdflib.URIRef(f"http://example.org/a b/{i}") if i == bad_iri_at else EX[f"s{i}"]
        g.add((subject, rdflib.RDFS.label, rdflib.Literal(f"label {i}", lang="en")))
    article = ds.graph(rdflib.URIRef("https://w3id.org/incidentkg/graph/article/x"))
    article.add((EX.a, EX.p, rdflib.Literal(1)))
    return ds


def test_store_roundtrip_is_isomorphic(tmp_path: Path) -> None:
    """Validation and exports read the Oxigraph store itself, so storing must change nothing.

    Regression: the builder wrote ``xsd:nonNegativeInteger`` (Oxigraph rewrites it to
    ``xsd:integer``) and non-canonical decimals (``25.0``), so the store was not the graph
    that was built and a second copy of the dataset had to be kept beside it.
    """
    a, b = article_a(), article_b()
    res = resolution(a, b)
    karachi = dataclasses.replace(res.entities[0], lat=25.0, lon=67.0104)  # whole-number lat
    res = dataclasses.replace(res, entities=(karachi, *res.entities[1:]))
    built = to_dataset([a, b], res)
    other = built.graph(rdflib.URIRef("urn:x-test:other"))
    other.add((EX.s, EX.p, rdflib.Literal("hello", lang="en")))
    info = write_store(tmp_path / "store", built)
    assert info.quads == sum(1 for _ in built.quads((None, None, None, None)))
    back = load_dataset(tmp_path / "store")
    names = {g.identifier for g in built.graphs() if len(g)}
    assert names == {g.identifier for g in back.graphs() if len(g)}
    assert len(names) == 4
    for name in names:
        assert isomorphic(built.graph(name), back.graph(name)), name
    lat = back.graph(RESOLVED).value(mint.resolved_iri(karachi.id), GEO.lat)
    assert lat == rdflib.Literal("25", datatype=rdflib.XSD.decimal)


def test_store_write_failure_keeps_previous_store(tmp_path: Path) -> None:
    """A build that fails half-way must leave the last good store readable and unchanged."""
    path = tmp_path / "store"
    write_store(path, _dataset(3))
    with pytest.raises(ValueError):
        write_store(path, _dataset(50, bad_iri_at=40))  # fails part-way through the quads
    assert stats(open_store(path))["quads"] == 4
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store", "store.lock"]


def test_store_replaces_previous_content(tmp_path: Path) -> None:
    """A rebuild replaces the store; it does not add to the old quads."""
    path = tmp_path / "store"
    write_store(path, _dataset(10))
    write_store(path, _dataset(2))
    assert stats(open_store(path))["quads"] == 3


def test_store_second_writer_fails_at_once(tmp_path: Path) -> None:
    """Two builds on one store would race on the folder swap; the second must fail fast."""
    path = tmp_path / "store"
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK, str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        t0 = time.perf_counter()
        with pytest.raises(IncidentKGError) as info:
            write_store(path, _dataset(1))
        assert info.value.code == "E031"
        assert time.perf_counter() - t0 < 2
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    write_store(path, _dataset(1))  # the lock is released with the holder process


_HOLD_LOCK = """
import sys, time
from pathlib import Path
from incidentkg.store.local import StoreLock
lock = StoreLock(Path(sys.argv[1])).acquire()
print("locked", flush=True)
time.sleep(60)
"""


def test_store_lock_is_released_after_use(tmp_path: Path) -> None:
    """A finished build must not block the next one."""
    with StoreLock(tmp_path / "store"):
        pass
    with StoreLock(tmp_path / "store") as lock:
        assert lock.held


def test_store_open_missing_is_user_error(tmp_path: Path) -> None:
    """Querying before building is a user mistake: E030 tells them to build first."""
    with pytest.raises(IncidentKGError) as info:
        open_store(tmp_path / "nothing")
    assert info.value.code == "E030"


def _spacy_modules_after(args: list[str]) -> str:
    """Run the CLI with ``args`` in a fresh interpreter; the spaCy/thinc modules it loaded."""
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from incidentkg.cli import app\n"
        f"r = CliRunner().invoke(app, {args!r})\n"
        "assert r.exit_code == 0, r.output\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_store_query_path_does_not_import_spacy(seed_store: Path) -> None:
    """`incidentkg query` must start fast: loading spaCy would cost seconds per query."""
    assert _spacy_modules_after(["query", "chain", "--store", str(seed_store)]) == "[]"


def test_store_remove_does_not_import_spacy(seed_store: Path, tmp_path: Path) -> None:
    """`incidentkg remove` extracts nothing: loading spaCy would cost a second per removal."""
    store = tmp_path / "store"
    shutil.copytree(seed_store, store, ignore=shutil.ignore_patterns("LOCK"))
    with gzip.open(store / "records.jsonl.gz", "rt", encoding="utf-8") as fh:
        fh.readline()  # the header
        article_id = json.loads(fh.readline())["id"]
    assert _spacy_modules_after(["remove", article_id, "--store", str(store)]) == "[]"
    assert article_id not in read_saved(store).articles


def test_store_default_model_is_the_pipelines() -> None:
    """The model a build fingerprints (named without spaCy) is the one the pipeline loads."""
    from incidentkg.nlp import pipeline
    from incidentkg.resources import DEFAULT_MODEL

    assert pipeline.DEFAULT_MODEL == DEFAULT_MODEL
    assert pipeline.build_pipeline.__wrapped__.__defaults__ == (DEFAULT_MODEL,)


def test_store_side_files_swap_with_the_index(tmp_path: Path) -> None:
    """Saved records must always match the quads: both change together or not at all."""
    path = tmp_path / "store"
    write_store(path, _dataset(2), files={"records": b"one"})
    first = store_identity(path)
    with pytest.raises(ValueError):
        write_store(path, _dataset(50, bad_iri_at=40), files={"records": b"two"})
    assert read_side_file(path, "records") == b"one" and store_identity(path) == first
    write_store(path, _dataset(3), files={"records": b"three"})
    assert read_side_file(path, "records") == b"three" and store_identity(path) != first
    assert read_side_file(path, "missing") is None


def _dead_pid() -> int:
    """The id of a process that has exited: what a SIGKILLed build leaves in its folder names."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return int(done.stdout)


def _killed_mid_swap(path: Path, lock: StoreLock | None = None) -> Path:
    """Leave the disk as a build SIGKILLed between `_swap`'s two renames does.

    The old store has been renamed to ``.store.old-PID`` and the complete new one still sits
    at ``.store.new-PID``: nothing is at the store path. Returns the old store's new name.
    """
    pid = _dead_pid()
    write_store(path, _dataset(3), lock, files={"records": b"old"})
    write_store(path.parent / "staging", _dataset(7), files={"records": b"new"})
    (path.parent / "staging").rename(path.parent / f".{path.name}.new-{pid}")
    old = path.parent / f".{path.name}.old-{pid}"
    path.rename(old)
    return old


def test_store_reader_recovers_store_killed_between_swap_renames(tmp_path: Path) -> None:
    """Regression (issue 7): a kill between the renames left no store at the path. The next
    reader puts the previous store back and deletes the dead build's folders."""
    path = tmp_path / "store"
    _killed_mid_swap(path)
    assert stats(open_store(path))["quads"] == 4
    assert read_side_file(path, "records") == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["staging.lock", "store", "store.lock"]


def test_store_next_build_recovers_store_killed_between_swap_renames(tmp_path: Path) -> None:
    """A build taking the lock repairs first, then swaps in its own store; no leftovers."""
    path = tmp_path / "store"
    _killed_mid_swap(path)
    write_store(path, _dataset(1), files={"records": b"next"})
    assert stats(open_store(path))["quads"] == 2 and read_side_file(path, "records") == b"next"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["staging.lock", "store", "store.lock"]


def test_store_leftover_of_finished_swap_is_deleted(tmp_path: Path) -> None:
    """Killed while deleting the old store after a good swap: the new store stays, the rest
    goes."""
    path = tmp_path / "store"
    write_store(path, _dataset(2))
    old = path.parent / f".store.old-{_dead_pid()}"
    (old / "oxigraph").mkdir(parents=True)  # what a half-done rmtree leaves
    assert stats(open_store(path))["quads"] == 3
    assert not old.exists()


def test_store_reader_never_repairs_while_a_build_holds_the_lock(tmp_path: Path) -> None:
    """A live build may be between its renames: readers must not move folders under it."""
    path = tmp_path / "store"
    with StoreLock(path) as lock:
        old = _killed_mid_swap(path, lock)  # the lock holder is "between its renames"
        t0 = time.perf_counter()
        with pytest.raises(IncidentKGError) as info:
            open_store(path)
    assert info.value.code == "E030" and old.is_dir() and not path.exists()
    assert time.perf_counter() - t0 < 5  # waits only SWAP_WAIT for the swap to finish
    assert stats(open_store(path))["quads"] == 4  # lock released: now it repairs


def test_store_writer_loads_spool_files_in_the_background(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """N-Quads spooled in many small files (loaded by the background thread while more
    arrive) give the same store as one rdflib write; nothing shows before the commit."""
    from incidentkg.rdf.build import article_nquads, resolved_nquads
    from incidentkg.store.local import StoreWriter

    a, b = article_a(), article_b()
    expected = to_dataset([a, b], resolution(a, b))
    monkeypatch.setattr(StoreWriter, "SPOOL_BYTES", 2_000)
    path = tmp_path / "store"
    with StoreWriter(path) as writer:
        for rec in (a, b):
            data = article_nquads(rec)
            for line in data.splitlines(keepends=True):  # many spool files
                writer.add_nquads(line)
        writer.add_nquads(resolved_nquads([a, b], resolution(a, b)))
        assert writer._n > 3
        assert not path.exists()
        assert len(writer.load()) == len(expected)
        info = writer.commit()
    assert info.quads == len(expected)
    stored = load_dataset(path)
    for g in expected.graphs():
        if len(g):
            assert isomorphic(g, stored.graph(g.identifier)), g.identifier
    assert not list(tmp_path.glob(".store.new-*"))


def test_store_writer_bad_quads_keep_the_previous_store(tmp_path: Path) -> None:
    """A spool Oxigraph cannot parse fails the build and leaves the old store alone."""
    from incidentkg.store.local import StoreWriter

    path = tmp_path / "store"
    write_store(path, _dataset(3))
    with pytest.raises(SyntaxError), StoreWriter(path) as writer:
        writer.add_nquads(b"<http://example.org/s> <http://example.org/p> not-a-term .\n")
        writer.commit()
    assert len(open_store(path)) == 4
    assert not list(tmp_path.glob(".store.new-*"))


def test_store_writer_starts_from_a_checkpoint_and_patches_a_graph(tmp_path: Path) -> None:
    """start_from keeps the old quads; replace_graph writes only the difference; the old
    store is untouched until the swap."""
    import pyoxigraph as ox

    ex, g, other = "http://example.org/", "http://example.org/g", "http://example.org/h"

    def line(s: str, o: str, graph: str = g) -> bytes:
        return f'<{ex}{s}> <{ex}p> "{o}" <{graph}> .\n'.encode()

    path = tmp_path / "store"
    with StoreWriter(path) as writer:
        writer.add_nquads(line("a", "1") + line("b", "2") + line("z", "9", other))
        writer.commit()
    with StoreWriter(path) as writer:
        writer.start_from(path)
        with pytest.raises(ValueError, match="outside"):
            writer.replace_graph(g, line("c", "3", other))
        assert writer.replace_graph(g, line("b", "2") + line("c", "3")) == (1, 1)
        before = open_store(path).query("SELECT ?s { GRAPH ?g { ?s ?p ?o } }")
        assert isinstance(before, ox.QuerySolutions)
        assert ex + "a" in {r[0].value for r in before}  # not swapped yet: the old store
        with pytest.raises(RuntimeError):
            writer.start_from(path)
        writer.commit()
    store = open_store(path)
    rows = store.query("SELECT ?g ?s ?o { GRAPH ?g { ?s ?p ?o } }")
    assert isinstance(rows, ox.QuerySolutions)
    found = {(r[0].value, r[1].value.removeprefix(ex), r[2].value) for r in rows}
    assert found == {(g, "b", "2"), (g, "c", "3"), (other, "z", "9")}
