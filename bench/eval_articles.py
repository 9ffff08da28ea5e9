"""Build and score the whole-article dev sets in one command (issue 16).

    python bench/eval_articles.py [--verbose] [--set world|pakistan|all]

Builds each dev set of ``../shared/eval/articles`` (world news 2016, and ``pakistan/``) into a
scratch store through :func:`incidentkg.build.api.build_store`, exports the events table and
runs the set's own scorer (``score.py``), printing its summary line (with ``--verbose``, every
missed event, extra event and wrong field first). The data stay outside the repository.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from incidentkg.build.api import build_store
from incidentkg.build.incremental import BuildOptions
from incidentkg.query.export import export_table
from incidentkg.store.local import open_store

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval" / "articles"
SETS = {"world": EVAL, "pakistan": EVAL / "pakistan"}


def score(name: str, folder: Path, scratch: Path, verbose: bool) -> str:
    store = scratch / f"{name}-store"
    t0 = time.perf_counter()
    build_store(store, [folder / "input_dev.jsonl"], BuildOptions(rebuild=True))
    seconds = time.perf_counter() - t0
    table = scratch / f"{name}-events.csv"
    export_table(open_store(store), "events", "csv", table)
    args = [sys.executable, str(EVAL / "score.py"), str(folder / "gold_dev.jsonl"), str(table)]
    done = subprocess.run([*args, *(["--verbose"] if verbose else [])], capture_output=True,
                          text=True, check=True)  # fmt: skip
    if verbose:
        print(done.stdout.rstrip())
    summary = done.stdout.strip().splitlines()[-1]
    return f"{name:9} ({seconds:.0f} s build) {summary}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--set", choices=[*SETS, "all"], default="all")
    opts = parser.parse_args()
    if not EVAL.exists():
        sys.exit(f"no dev sets at {EVAL}")
    chosen = SETS if opts.set == "all" else {opts.set: SETS[opts.set]}
    with tempfile.TemporaryDirectory(prefix="ikg-eval-") as tmp:
        lines = [score(name, folder, Path(tmp), opts.verbose) for name, folder in chosen.items()]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
