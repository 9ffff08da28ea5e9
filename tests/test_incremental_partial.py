"""Updates that read only what they need (issue 17, fifth round).

records.idx holds what an update reads of every article (the article without its text,
its events, posts, affiliations and places' mention texts), so a saved line is read only
for the articles whose mentions are clustered again or whose entities are written; an
entity unit whose head stands gets only its touched members' triples rewritten. Each
test checks the store against a build from scratch of the same files.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import SEEDS
from incidentkg.build import incremental
from incidentkg.build.api import build_store
from incidentkg.build.executors import ExecutorOptions
from incidentkg.build.incremental import BuildOptions, read_saved
from incidentkg.store.local import load_dataset
from test_incremental import _assert_same_graphs

OPTIONS = BuildOptions(executor=ExecutorOptions(jobs=1))


def _lines_read(store: Path) -> set[str]:
    """Articles of the records this process holds for ``store`` whose line was decoded."""
    return {i for i, s in read_saved(store).articles.items() if "_entities" in s.records.__dict__}


def test_incremental_partial_update_reads_few_saved_lines(tmp_path: Path) -> None:
    """Adding an article decodes the saved lines of some articles, not of all (the others
    are known from records.idx), and the store is the one a build from scratch gives."""
    files = sorted(SEEDS.glob("*.txt"))
    store = tmp_path / "store"
    build_store(store, files[:4], OPTIONS)
    incremental._MEMO.clear()  # as a new process: read the store from its files
    saved = read_saved(store)
    assert saved.articles and not _lines_read(store), "reading a store decodes no line"
    built = build_store(store, files[4:5], OPTIONS)
    assert built.result.resolved_locally
    read = {i for i, s in saved.articles.items() if "_entities" in s.records.__dict__}
    assert read < set(saved.articles), "an update decoded every saved line"
    scratch = tmp_path / "scratch"
    build_store(scratch, files[:5], OPTIONS)
    _assert_same_graphs(load_dataset(scratch), load_dataset(store))
    incremental._MEMO.clear()
    assert incremental._read_saved(store) == incremental._read_saved(scratch)


def test_incremental_partial_old_index_without_metadata(tmp_path: Path) -> None:
    """A records.idx of an older build (``[id, offset, length]`` a line) is read whole,
    as before; the update writes the index with the metadata again."""
    files = sorted(SEEDS.glob("*.txt"))
    store = tmp_path / "store"
    build_store(store, files[:3], OPTIONS)
    index = store / incremental.RECORDS_INDEX
    head, *rows = index.read_text(encoding="utf-8").splitlines()
    old = [json.dumps([json.loads(a), int(s), int(n)]) for a, s, n, _m in
           (row.split("\t", 3) for row in rows)]  # fmt: skip
    index.write_text("\n".join([head, *old]) + "\n", encoding="utf-8")
    incremental._MEMO.clear()
    saved = incremental._read_saved(store)
    assert all("_entities" in s.records.__dict__ for s in saved.articles.values())
    build_store(store, files[3:4], OPTIONS)
    assert all("\t" in row for row in index.read_text(encoding="utf-8").splitlines()[1:])
    scratch = tmp_path / "scratch"
    build_store(scratch, files[:4], OPTIONS)
    _assert_same_graphs(load_dataset(scratch), load_dataset(store))


def test_incremental_partial_damaged_line_is_e036_and_keeps_the_store(tmp_path: Path) -> None:
    """A saved line is read in the middle of an update now: when it is damaged the update
    stops with E036 (run doctor) and the store stays as it was."""
    from incidentkg.errors import IncidentKGError

    files = sorted(SEEDS.glob("*.txt"))
    store = tmp_path / "store"
    build_store(store, files[:3], OPTIONS)
    before = load_dataset(store)
    incremental._MEMO.clear()
    saved = read_saved(store)
    for s in saved.articles.values():  # every line's bytes garbled in memory
        s.records.__dict__["_line"] = (b"not gzip", store)
    with pytest.raises(IncidentKGError) as caught:
        build_store(store, files[3:4], OPTIONS)
    assert caught.value.code == "E036"
    incremental._MEMO.clear()
    _assert_same_graphs(before, load_dataset(store))


def test_incremental_partial_entity_members_patched(
    seed_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Removing an article rewrites only its members' triples in the entity units whose
    head stands (the others' members stay as stored), and the resolved graph is the one
    a build from scratch without the article gives."""
    monkeypatch.setattr(incremental, "KEEP_BELOW", 1.0)
    patched: list[set[str]] = []
    real = incremental._patch_members

    def spy(*args: object, **kwargs: object) -> set[str]:
        done = real(*args, **kwargs)  # type: ignore[arg-type]
        patched.append(done)
        return done

    monkeypatch.setattr(incremental, "_patch_members", spy)
    store = tmp_path / "store"
    shutil.copytree(seed_store, store)
    files = sorted(SEEDS.glob("*.txt"))
    ids = [i for i in read_saved(store).articles if i.split("#")[0] == files[0].stem]
    build_store(store, (), OPTIONS, remove=ids)
    assert patched and patched[0], "no entity unit was patched member by member"
    scratch = tmp_path / "scratch"
    build_store(scratch, files[1:], OPTIONS)
    _assert_same_graphs(load_dataset(scratch), load_dataset(store))
