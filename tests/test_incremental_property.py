"""Random sequences of updates equal builds from scratch (issue 17).

A seeded random walk over the seed articles and edited copies of them: each step adds a
file, edits one (same id, other text) or removes an article, through the patching path
(kept graphs, resolved graph patched unit by unit, touched nodes validated); after every
step the store must hold the graphs a build from scratch of the same files gives.
"""

from __future__ import annotations

import random
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
STEPS = 8


def _edit(text: str, n: int) -> str:
    """Another version of an article: a sentence gains a few words (dates and tolls too)."""
    edits = [" on Monday", ", officials said", " near the market", " after 3 people died"]
    return text.replace(". ", f"{edits[n % len(edits)]}. ", 1)


@pytest.mark.parametrize("seed", [17, 2026])
def test_incremental_random_updates_equal_scratch_builds(
    seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(incremental, "KEEP_BELOW", 1.0)  # always patch, never rewrite all
    rng = random.Random(seed)
    seeds = sorted(SEEDS.glob("*.txt"))
    folder, store = tmp_path / "in", tmp_path / "store"
    folder.mkdir()
    for src in rng.sample(seeds, 2):
        shutil.copy(src, folder)
    build_store(store, [folder], OPTIONS)
    patched = 0
    for step in range(STEPS):
        present = sorted(folder.glob("*.txt"))
        absent = [s for s in seeds if not (folder / s.name).exists()]
        moves = ["add"] * bool(absent) + ["edit"] * bool(present) + ["remove"] * (len(present) > 1)
        move = rng.choice(moves)
        if move == "add":
            target = rng.choice(absent)
            shutil.copy(target, folder)
            built = build_store(store, [folder / target.name], OPTIONS)
        elif move == "edit":
            target = rng.choice(present)
            target.write_text(_edit(target.read_text(encoding="utf-8"), step), encoding="utf-8")
            built = build_store(store, [target], OPTIONS)
        else:
            target = rng.choice(present)
            ids = [i for i in read_saved(store).articles if i.split("#")[0] == target.stem]
            target.unlink()
            built = build_store(store, (), OPTIONS, remove=ids)
        patched += built.validated_nodes is not None or built.up_to_date
        # what the process remembers of the store is what its records file holds
        assert read_saved(store) == incremental._read_saved(store)
        assert read_saved(store) is read_saved(store)  # and it is not decoded again
        scratch = tmp_path / f"scratch-{step}"
        build_store(scratch, [folder], OPTIONS)
        _assert_same_graphs(load_dataset(scratch), load_dataset(store))
        assert read_saved(scratch).articles.keys() == read_saved(store).articles.keys()
        shutil.rmtree(scratch)
    assert patched >= STEPS - 1, "the updates went through the patching path"
