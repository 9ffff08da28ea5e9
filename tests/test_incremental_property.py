"""Random sequences of updates equal builds from scratch (issue 17).

A seeded random walk over the seed articles and edited copies of them: each step adds a
file, edits one (same id, other text) or removes an article, through the patching path
(kept graphs, resolved graph patched unit by unit, touched nodes validated); after every
step the store must hold the graphs a build from scratch of the same files gives (each
update resolved locally, from the state the previous build saved: issue 17), and the
same unit digests.
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
from incidentkg.store.local import load_dataset, open_store
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
        assert built.up_to_date or built.result.resolved_locally  # from the saved state
        # the running quad count (previous count ± the patch) is the store's count
        assert built.stored is None or built.stored.quads == len(open_store(store))
        # what the process remembers of the store is what its records file holds
        assert read_saved(store) == incremental._read_saved(store)
        assert read_saved(store) is read_saved(store)  # and it is not decoded again
        scratch = tmp_path / f"scratch-{step}"
        build_store(scratch, [folder], OPTIONS)
        _assert_same_graphs(load_dataset(scratch), load_dataset(store))
        assert read_saved(scratch).articles.keys() == read_saved(store).articles.keys()
        # unit digests (members' sums kept in the state for the clusters an update keeps)
        assert incremental.read_units(store) == incremental.read_units(scratch)
        shutil.rmtree(scratch)
    assert patched >= STEPS - 1, "the updates went through the patching path"


def test_incremental_corrected_figures_patch_equals_scratch(
    seed_store: Path, tmp_path: Path
) -> None:
    """A figure correction (issue 18) rewrites an event's summaries outside the resolution;
    the patched resolved graph must still be the one a from-scratch build with the same
    corrections gives, after the correction and after a source of the event goes."""
    from typer.testing import CliRunner

    from incidentkg.cli import app

    def invoke(*args: str | Path) -> str:
        result = CliRunner().invoke(app, [str(a) for a in args])
        assert result.exit_code == 0, result.output
        return result.output

    store = tmp_path / "store"
    shutil.copytree(seed_store, store)
    invoke("curate", "add", "set-field", "--article", "002_957e3dca12d6409c", "--key", "v1",
           "--field", "killed", "--value", "4", "--why", "final toll", "--who", "alice",
           "--store", store, "--apply")  # fmt: skip
    for step in ("corrected", "removed"):
        if step == "removed":
            out = invoke("remove", "004_fa3c90a052d64be8", "--store", store)
            assert "node(s) the update touched" in out
        corrections = tmp_path / f"{step}.yaml"
        shutil.copy(store.parent / f"{store.name}.corrections.yaml", corrections)
        scratch = tmp_path / f"scratch-{step}"
        files = [f for f in sorted(SEEDS.glob("*.txt")) if step == "corrected"
                 or f.stem != "004_fa3c90a052d64be8"]  # fmt: skip
        invoke("build", *files, "--store", scratch, "--corrections", corrections, "--jobs", "1")
        _assert_same_graphs(load_dataset(scratch), load_dataset(store))
