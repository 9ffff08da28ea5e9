"""Stores of 0.5 M to 10 M quads and what an update costs on each (issue 17).

How a 10 M-quad store is made: the corpus five times under different article ids. Two ways:

``make``: the corpus written ``--copies`` times as ``.jsonl`` feeds ``news-2016-c1.jsonl``
... (an article's id is ``<file stem>#<row id>``; copies after the first end with a line
"Archive copy cK." since a batch skips a text it has seen as a duplicate) and built from
scratch, spaCy included, in one whole process, ``--jobs 1``: wall seconds and peak RSS.

``stores``: from one store's saved records (the corpus built once), stores of the first
``N`` articles and of ``K`` copies of all of them, each copy's article ids prefixed with
``cK-`` (in every field of the records that holds them) and its content hash changed: no
spaCy, every graph written by this code from the records (``doctor --repair``'s way:
``BuildOptions(reindex=True)``), resolution, SHACL and swap included: a full build minus
extraction. The copies re-report the same events, which merge into one resolved event
each, as re-reported news does.

``series``: one article added to each store (``incidentkg build FILE``, best of
``--repeat``, fresh copies of the store), with its quads. ``big``: on the largest store,
`query chain`, `export events`, `validate` (whole processes) and its size on disk.
Usage: ``python bench/scale.py stores --records STORE --out DIR --sizes 1000 2100 all
--copies 5``, ``python bench/scale.py series --out DIR``, ``python bench/scale.py big
--store DIR/x5``.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import shutil
import sys
import time
from pathlib import Path

import _common as c
from updates import once

REINDEX = (
    "import sys\n"
    "from pathlib import Path\n"
    "from incidentkg.build.api import build_store\n"
    "from incidentkg.build.executors import ExecutorOptions\n"
    "from incidentkg.build.incremental import BuildOptions\n"
    "r = build_store(Path(sys.argv[1]), (), BuildOptions(reindex=True, "
    "executor=ExecutorOptions(jobs=1)))\n"
    "print(r.stored.quads if r.stored else 0)\n"
)


def feeds(folder: Path, copies: int) -> list[Path]:
    """The corpus ``copies`` times, each under its own file stem (so its own article ids)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(1, copies + 1):
        path = folder / f"news-2016-c{k}.jsonl"
        if not path.exists():
            tmp = path.with_suffix(".tmp")
            with tmp.open("w", encoding="utf-8") as fh:
                for row in c.rows():
                    if k > 1:  # not a duplicate of the first copy's text
                        row = {**row, "text": row["text"] + f"\n\nArchive copy c{k}."}
                    fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            tmp.rename(path)
        paths.append(path)
    return paths


def make(out: Path, copies: int) -> None:
    paths = feeds(out / "feeds", copies)
    store = out / "store"
    t0 = time.strftime("%H:%M:%S")
    run = c.run(c.incidentkg("build", *map(str, paths), "--store", str(store), "--rebuild",
                             "--jobs", "1"))  # fmt: skip
    line = (f"full build of {copies} copies: {run.seconds:.1f} s, peak {run.peak_mib:.0f} MiB, "
            f"CPU {run.cpu_s:.0f} s, {c.summary_quads(run.stdout):,} quads (started {t0}, "
            f"load average {c.load_average()})")  # fmt: skip
    print(line, flush=True)
    (out / "make.txt").write_text(line + "\n" + run.stdout, encoding="utf-8")


def _saved_lines(store: Path) -> tuple[str, list[str]]:
    with gzip.open(store / "records.jsonl.gz", "rt", encoding="utf-8", newline="\n") as fh:
        lines = fh.read().removesuffix("\n").split("\n")
    return lines[0], lines[1:]


def _copy_line(line: str, k: int) -> str:
    """A saved line under copy ``k``'s article id (every quoted occurrence of the id)."""
    item = json.loads(line)
    old, new = item["id"], f"c{k}-{item['id']}"
    digest = hashlib.sha256(f"{item['content_hash']}{k}".encode()).hexdigest()
    line = line.replace(item["content_hash"], digest)
    return line.replace(json.dumps(old, ensure_ascii=False), json.dumps(new, ensure_ascii=False))


def _restamped(lines: list[str]) -> list[str]:
    code = (
        "from incidentkg.build.incremental import extraction_fingerprint as f;"
        "from incidentkg.resources import DEFAULT_MODEL as m; print(f(m))"
    )
    fp = c.run([str(c.BIN / "python"), "-c", code]).stdout.split()[-1]
    old = json.loads(lines[0])["extraction"] if lines else fp
    tag = f'"extraction":"{old}"'
    return [line.replace(tag, f'"extraction":"{fp}"', 1) for line in lines]


def records_store(
    records: Path, out: Path, limit: int | None, copies: int, restamp: bool = False
) -> c.Run:
    """A store made from ``records``' saved lines (the first ``limit``, or ``copies``
    copies of all), written by this code from the records alone. ``restamp``: records of
    another extraction code marked as this code's (else an update re-extracts them all;
    for timings only: they are not what this code would extract)."""
    header, lines = _saved_lines(records)
    lines = lines[:limit] if limit else lines
    if restamp:
        lines = _restamped(lines)
    if copies > 1:
        lines = [line if k == 1 else _copy_line(line, k) for k in range(1, copies + 1)
                 for line in lines]  # fmt: skip
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    head = json.loads(header)
    head["build"] = ""  # written by no build of this code: every graph is written
    body = "\n".join([json.dumps(head), *lines]) + "\n"
    (out / "records.jsonl.gz").write_bytes(gzip.compress(body.encode("utf-8"), 6, mtime=0))
    return c.run([str(c.BIN / "python"), "-c", REINDEX, str(out)])


def stores(records: Path, out: Path, sizes: list[str], copies: int, restamp: bool = False) -> None:
    rows = []
    for size in sizes:
        name = f"n{size}" if size != "all" else "all"
        limit = None if size == "all" else int(size)
        run = records_store(records, out / name, limit, 1, restamp)
        rows.append([name, run.stdout.split()[-1], f"{run.seconds:.1f}", f"{run.peak_mib:.0f}"])
        print(*rows[-1], flush=True)
    if copies > 1:
        run = records_store(records, out / f"x{copies}", None, copies, restamp)
        rows.append([f"x{copies}", run.stdout.split()[-1], f"{run.seconds:.1f}",
                     f"{run.peak_mib:.0f}"])  # fmt: skip
        print(*rows[-1], flush=True)
    (out / "stores.json").write_text(json.dumps(rows), encoding="utf-8")


def series(out: Path, repeat: int) -> None:
    """One article added to each store of ``stores``, smallest first."""
    from incremental import ARTICLE

    folder = c.SCRATCH / "scale-article"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mardan-checkpoint.txt").write_text(ARTICLE, encoding="utf-8")
    made = json.loads((out / "stores.json").read_text(encoding="utf-8"))
    rows = []
    for name, quads, build_s, build_mib in made:
        runs = [once(c.REPO / "src", out / name, c.SCRATCH / "scale-work", ["build", str(folder)])
                for _ in range(repeat)]  # fmt: skip
        best = min(runs, key=lambda r: r.seconds)
        rows.append([name, f"{int(quads):,}", f"{best.seconds:.1f}", f"{best.peak_mib:.0f}",
                     build_s, build_mib])  # fmt: skip
        print(*rows[-1], flush=True)
    header = ["store", "quads", "add 1 article, s", "peak MiB", "full build from records, s",
              "its peak MiB"]  # fmt: skip
    print(c.table(header, rows))


def big(store: Path) -> None:
    """`query chain`, `export events`, `validate` on ``store`` and its size on disk."""
    work = c.SCRATCH / "scale-export.csv"
    cases = {
        "query chain": c.incidentkg("query", "chain", "--store", str(store), "-f", "csv"),
        "export events": c.incidentkg("export", "events", "--store", str(store), "--format",
                                      "csv", "-o", str(work)),
        "validate": c.incidentkg("validate", "--store", str(store)),
    }  # fmt: skip
    for name, cmd in cases.items():
        try:
            run = c.run(cmd)
        except RuntimeError as exc:  # validate exits 1 on violations: still a timing
            print(name, "failed:", str(exc)[:300], flush=True)
            continue
        print(f"{name}: {run.seconds:.1f} s, peak {run.peak_mib:.0f} MiB", flush=True)
    size = sum(p.stat().st_size for p in store.rglob("*") if p.is_file())
    print(f"size on disk: {size / 2**20:.0f} MiB", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    sub = ap.add_subparsers(dest="cmd", required=True)
    mk = sub.add_parser("make")
    mk.add_argument("--copies", type=int, default=5)
    mk.add_argument("--out", type=Path, default=c.SCRATCH / "scale")
    st = sub.add_parser("stores")
    st.add_argument("--records", type=Path, required=True)
    st.add_argument("--out", type=Path, default=c.SCRATCH / "scale")
    st.add_argument("--sizes", nargs="+", default=["1000", "2100", "all"])
    st.add_argument("--copies", type=int, default=5)
    st.add_argument("--restamp", action="store_true")
    se = sub.add_parser("series")
    se.add_argument("--out", type=Path, default=c.SCRATCH / "scale")
    se.add_argument("--repeat", type=int, default=2)
    bg = sub.add_parser("big")
    bg.add_argument("--store", type=Path, required=True)
    args = ap.parse_args()
    if args.cmd == "make":
        make(args.out, args.copies)
    elif args.cmd == "stores":
        stores(args.records, args.out, args.sizes, args.copies, args.restamp)
    elif args.cmd == "series":
        series(args.out, args.repeat)
    else:
        big(args.store)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
