"""Updates that cost what changed (issue 17): one article added, removed or corrected.

Each case is a whole ``incidentkg`` process on a fresh copy of the base store (wall seconds
from spawn to exit, peak RSS: spaCy's pipeline, the saved records, resolution, the patch of
the resolved graph, validation of the touched nodes and the swap included), best of
``--repeat``. ``--before-src`` runs the same cases with another source tree (an older
checkout's ``src``) on its own base store, taking turns, for a before/after table in one run.
The watch case runs :class:`incidentkg.build.watch.FolderWatch` in a child process (each
side with its own source): one article is dropped in the folder (the first update loads
the pipeline), then another, whose update is the figure (pipeline warm, saved records and
the last update's events remembered).
"add 100 articles" adds a feed of 100 corpus articles under new ids (each ends with a line
"Archive copy", so none is a duplicate: they re-report events the store holds) and is
compared with ``--full``: the whole corpus built from scratch (spaCy included, ``--jobs
1``) in the same run, whose store is then the base.
Each side has its own pipeline cache, built before its first case: a cache holds one pipeline
per model, so two sources with different ``nlp`` files would otherwise evict each other's and
rebuild it (4 s) in every process. ``--no-hundred`` skips the 100-article case.
Usage: ``python bench/updates.py (--base STORE | --full) [--before-src DIR --before-base
STORE] [--repeat N] [--no-hundred] [--no-write]``.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

import _common as c
from incremental import ARTICLE, digest, first_article

#: the console script's entry point, as a user runs `incidentkg` (it forks spaCy's worker
#: before the CLI loads); with ``--before-src`` each side runs its own
CLI = "import sys; sys.argv[0] = 'incidentkg'; from incidentkg.query.fastpath import main; main()"
WATCH = """
import sys, time
from pathlib import Path
from incidentkg.build.watch import FolderWatch
folder, store, text = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
watch = FolderWatch(folder, store)
watch.start()
for name in ("first.txt", "second.txt"):
    (folder / name).write_text(text.replace("four", name[:5]), encoding="utf-8")
    update = None
    while update is None:
        time.sleep(0.05)
        update = watch.poll()
    print(name, round(update.seconds, 2), update.articles, flush=True)
"""


def edited_feed(store: Path, folder: Path) -> list[str]:
    """A file correcting the store's first article (same id, one more sentence): a one-row
    feed for a feed's row (``stem#row``), else a text file of the same name."""
    with gzip.open(store / "records.jsonl.gz", "rt", encoding="utf-8") as fh:
        fh.readline()
        art = json.loads(fh.readline())["records"]["article"]
    folder.mkdir(parents=True, exist_ok=True)
    text = art["text"] + "\nOfficials said."
    if "#" not in art["id"]:
        (folder / f"{art['id']}.txt").write_text(text, encoding="utf-8")
        return ["build", str(folder)]
    stem, row = art["id"].split("#", 1)
    item = {"id": row, "title": art.get("title") or "", "text": text}
    if art.get("published"):
        item["date"] = art["published"]
    (folder / f"{stem}.jsonl").write_text(json.dumps(item) + "\n", encoding="utf-8")
    return ["build", str(folder)]


def once(src: Path, base: Path, work: Path, args: list[str]) -> c.Run:
    store = work / "store"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    shutil.copytree(base, store, ignore=shutil.ignore_patterns("LOCK"))
    env = _env(src)
    run = c.run([str(c.BIN / "python"), "-c", CLI, *args, "--store", str(store)], env=env)
    shutil.rmtree(work, ignore_errors=True)
    return run


def _env(src: Path) -> dict[str, str]:
    """``src`` on the path, with a pipeline cache of its own (see the module's docstring)."""
    cache = c.SCRATCH / f"pipeline-cache-{digest_of(str(src.resolve()))}"
    return {"PYTHONPATH": str(src), "INCIDENTKG_CACHE_DIR": str(cache)}


def digest_of(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def warm_cache(src: Path) -> None:
    """Build (or check) ``src``'s cached pipeline before any timed process."""
    code = "from incidentkg.nlp.pipeline import build_pipeline; build_pipeline()"
    c.run([str(c.BIN / "python"), "-c", code], env=_env(src))


def _watch(src: Path, base: Path, work: Path) -> float:
    store, folder = work / "store", work / "in"
    shutil.rmtree(work, ignore_errors=True)
    folder.mkdir(parents=True)
    shutil.copytree(base, store, ignore=shutil.ignore_patterns("LOCK"))
    cmd = [str(c.BIN / "python"), "-c", WATCH, str(folder), str(store), ARTICLE]
    run = c.run(cmd, env=_env(src))
    shutil.rmtree(work, ignore_errors=True)
    return float(run.stdout.splitlines()[-1].split()[1])


def hundred(folder: Path) -> list[str]:
    """A feed of 100 corpus articles under new ids (``news-2016-later#...``)."""
    folder.mkdir(parents=True, exist_ok=True)
    feed = folder / "news-2016-later.jsonl"
    with feed.open("w", encoding="utf-8") as fh:
        for row in c.rows(limit=100):
            row = {**row, "text": row["text"] + "\n\nArchive copy."}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return ["build", str(feed), "--jobs", "1"]  # as the full build it is compared with


def full_build(store: Path) -> c.Run:
    """The whole corpus from scratch in one process, ``--jobs 1`` (the ratio's baseline)."""
    feed = c.subset(None)
    shutil.rmtree(store, ignore_errors=True)
    return c.run(c.incidentkg("build", str(feed), "--store", str(store), "--rebuild",
                              "--jobs", "1"))  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--base", type=Path)
    ap.add_argument("--full", action="store_true")
    ap.add_argument("--before-src", type=Path)
    ap.add_argument("--before-base", type=Path)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--no-hundred", action="store_true")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    full = None
    if args.full:
        args.base = c.SCRATCH / "updates-full-base"
        full = full_build(args.base)
        print("full build", f"{full.seconds:.1f} s, {full.peak_mib:.0f} MiB", flush=True)
    src = c.REPO / "src"
    folder = c.SCRATCH / "updates-article"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mardan-checkpoint.txt").write_text(ARTICLE, encoding="utf-8")
    cases = {
        "add 1 article (`build FILE`)": lambda b: ["build", str(folder)],
        "remove 1 article (`remove ID`)": lambda b: ["remove", first_article(b)],
        "correct 1 article (same id, `build FILE`)":
            lambda b: edited_feed(b, c.SCRATCH / f"updates-edit-{os.getpid()}"),
        "add 100 articles (`build FEED`)": lambda b: hundred(c.SCRATCH / "updates-hundred"),
    }  # fmt: skip
    if args.no_hundred:
        del cases["add 100 articles (`build FEED`)"]
    sides = [("after", src, args.base)]
    if args.before_src and args.before_base:
        sides.insert(0, ("before", args.before_src, args.before_base))
    for _side, code, _base in sides:
        warm_cache(code)
    rows = []
    for name, make in cases.items():
        best: dict[str, c.Run] = {}
        for _ in range(args.repeat):
            for side, code, base in sides:
                run = once(code, base, c.SCRATCH / f"updates-{side}", make(base))
                if side not in best or run.seconds < best[side].seconds:
                    best[side] = run
        cells = [f"{best[s].seconds:.1f} s, {best[s].peak_mib:.0f} MiB" for s, _c, _b in sides]
        print(name, *cells, flush=True)
        rows.append([name, *cells])
    warm: dict[str, float] = {}
    for _ in range(args.repeat):  # the sides take turns here too
        for side, code, base in sides:
            took = _watch(code, base, c.SCRATCH / f"updates-watch-{side}")
            warm[side] = min(warm.get(side, took), took)
    print("watch add", *(f"{warm[s]:.2f}" for s, _c, _b in sides), flush=True)
    rows.append(["add 1 article in watch mode (pipeline warm; the update's own time)",
                 *(f"{warm[s]:.2f} s" for s, _c, _b in sides)])  # fmt: skip
    if full is not None:
        cell = f"{full.seconds:.1f} s, {full.peak_mib:.0f} MiB"
        name = "full build of the corpus from scratch (`--jobs 1`, the base)"
        rows.append([name, *[""] * (len(sides) - 1), cell])
        added = next((r for r in rows if r[0].startswith("add 100")), None)
        if added is not None:
            ratio = float(added[-1].split()[0]) / full.seconds
            rows.append(["add 100 articles / full build", *[""] * (len(sides) - 1), f"{ratio:.1%}"])
    quads, _ = digest(args.base)
    header = ["operation", *(f"{s}" for s, _c, _b in sides)]
    body = (
        f"Machine: {c.machine()}; a store of {quads:,} quads; best of {args.repeat}, "
        f"whole processes on fresh copies, taking turns; load average {c.load_average()}.\n\n"
        + c.table(header, rows)
    )
    if not args.no_write:
        c.write_section("7. Updates (issue 17)", body)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
