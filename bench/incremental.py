"""Incremental builds on the whole-corpus store: keeping the unchanged graphs vs writing all.

A build that adds one article to (or removes one from) a store of N articles re-resolves
all N, but since the store keeps each article's graph as it was, it need not write those
graphs again: it starts from a hard-linked checkpoint of the old store, drops the graphs
that change and patches the resolved graph by its difference. The baseline is the same
build with that turned off (every graph rewritten from the saved records, as before).
Both run as child processes on fresh copies of the same store (``_common.run``: wall
seconds, peak RSS); their stores must hold the same quads (sorted N-Quads hashed).
Usage: ``python bench/incremental.py [--base STORE] [--repeat N] [--no-write]`` (default: the store
``bench/throughput.py --jobs 2`` leaves).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import shutil
import sys
from pathlib import Path

import _common as c
import pyoxigraph as ox

ARTICLE = """Gunmen kill four at a checkpoint

MARDAN, May 14, 2024 - Gunmen on motorcycles opened fire on a police checkpoint near Mardan
on Tuesday, killing four policemen and wounding two, officials said. No group claimed
responsibility for the attack, and security forces launched a search operation in the area.
"""
HEADER = ["change", "rewrite all graphs, s", "keep unchanged graphs, s", "speed-up",
          "rewrite MiB", "keep MiB", "same quads"]  # fmt: skip
# every graph written again: the code path of a build before the checkpoint existed
REWRITE = (
    "import sys\n"
    "import incidentkg.build.incremental as incremental\n"
    "incremental.KEEP_BELOW = -1.0\n"
    "from incidentkg.cli import app\n"
    "sys.argv[0] = 'incidentkg'\n"
    "app()\n"
)


def first_article(store: Path) -> str:
    """An article id the store holds (the first saved line's), for the remove case."""
    with gzip.open(store / "records.jsonl.gz", "rt", encoding="utf-8") as fh:
        fh.readline()
        return str(json.loads(fh.readline())["id"])


def digest(store: Path) -> tuple[int, str]:
    """Quads and a hash of the sorted N-Quads: equal stores, equal digests."""
    db = ox.Store.read_only(str(store / "oxigraph"))
    dump = db.dump(format=ox.RdfFormat.N_QUADS)
    assert dump is not None
    lines = sorted(dump.splitlines())
    del db
    return len(lines), hashlib.sha256(b"\n".join(lines)).hexdigest()[:16]


def once(base: Path, work: Path, args: list[str], keep: bool) -> tuple[c.Run, tuple[int, str]]:
    """One build on a fresh copy of ``base``; ``args`` end with ``--store`` (added here)."""
    store = work / "store"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    shutil.copytree(base, store, ignore=shutil.ignore_patterns("LOCK"))
    cmd = [*args, "--store", str(store)]
    run = c.run(c.incidentkg(*cmd) if keep else [str(c.BIN / "python"), "-c", REWRITE, *cmd])
    result = digest(store)
    shutil.rmtree(work, ignore_errors=True)
    return run, result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--base", type=Path, default=c.SCRATCH / "store-throughput-2")
    ap.add_argument("--repeat", type=int, default=2, help="best of this many runs each")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    if not (args.base / "records.jsonl.gz").is_file():
        sys.exit(f"no built store at {args.base}: run throughput.py --jobs 2 first")
    folder = c.SCRATCH / "incremental-article"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mardan-checkpoint.txt").write_text(ARTICLE, encoding="utf-8")
    quads, _ = digest(args.base)
    cases = {
        "add 1 article (`build FILE`)": ["build", str(folder)],
        "remove 1 article (`remove ID`)": ["remove", first_article(args.base)],
    }
    rows = []
    for name, cmd in cases.items():
        runs: dict[bool, list[tuple[c.Run, tuple[int, str]]]] = {False: [], True: []}
        for _ in range(args.repeat):  # taking turns, so that load changes hit both alike
            for keep in (False, True):
                work = c.SCRATCH / ("incremental-keep" if keep else "incremental-rewrite")
                runs[keep].append(once(args.base, work, cmd, keep=keep))
        before, want = min(runs[False], key=lambda r: r[0].seconds)
        after, got = min(runs[True], key=lambda r: r[0].seconds)
        same = "yes" if got == want else f"**no** ({got} vs {want})"
        print(f"{name}: rewrite {before.seconds:.1f} s {before.peak_mib:.0f} MiB, "
              f"keep {after.seconds:.1f} s {after.peak_mib:.0f} MiB, same quads: {same}",
              flush=True)  # fmt: skip
        rows.append([name, f"{before.seconds:.1f}", f"{after.seconds:.1f}",
                     f"{before.seconds / after.seconds:.2f}", f"{before.peak_mib:.0f}",
                     f"{after.peak_mib:.0f}", same])  # fmt: skip
    body = (
        f"Machine: {c.machine()}; a store of {quads:,} quads (the whole corpus); best of "
        f"{args.repeat}, the two ways taking turns; each build a "
        f"child process on a fresh copy, wall seconds from spawn to exit (spaCy pipeline, "
        f"saved records, resolution of every article, validation of the changed graphs and "
        f"the swap included); load average {c.load_average()}.\n\n"
        + c.table(HEADER, rows)
        + "\n\nWhat stays in both: the pipeline build (one new article), reading and resolving "
        "every saved record, the resolved graph, and validating it."
    )
    if not args.no_write:
        c.write_section("6. Incremental builds", body)


if __name__ == "__main__":
    main()
