"""Peak memory of ``incidentkg build`` as the archive grows (500 … 4,374 articles).

Baseline: raw spaCy over the same texts with the same number of processes
(``spacy.load`` + ``nlp.pipe(texts, n_process=N, batch_size=64)``), which any spaCy-based
build must at least pay. 64, not spaCy's default batch of 256: with that one the raw parent
peaks at 3.4 GiB on the whole corpus, a baseline too easy to beat. Ours: a whole
``incidentkg build --rebuild --jobs N``. Both figures are the largest single process
(``RUSAGE_CHILDREN`` of a fresh wrapper, see ``_common.run``). Streaming shows as a peak
that stays flat while the archive grows: spaCy Docs die in the workers, article graphs go
to disk as they come, and the parent keeps only records without article text. Usage:
``python bench/memory.py [--sizes 500 1000 2000 0] [--jobs 2]`` (0 = whole corpus; with
``--whole-from-throughput`` that row is read from the last ``bench/throughput.py`` run on
the whole corpus instead of building it again).
"""

from __future__ import annotations

import argparse
import json
import shutil

import _common as c


def measure(size: int | None, jobs: int) -> list[object]:
    feed = c.subset(size)
    raw = c.raw_spacy(feed, jobs, batch=64)
    store = c.SCRATCH / f"store-memory-{size or 'all'}"
    shutil.rmtree(store, ignore_errors=True)
    ours = c.run(c.incidentkg("build", str(feed), "--store", str(store), "--rebuild",
                              "--jobs", str(jobs)))  # fmt: skip
    quads = c.summary_quads(ours.stdout)
    print(f"{size or 'all'}: raw {raw.peak_mib:.0f} MiB, ours {ours.peak_mib:.0f} MiB, "
          f"{quads} quads, {ours.seconds:.0f} s", flush=True)  # fmt: skip
    return _row(size or "all", raw.peak_mib, ours.peak_mib, quads, ours.seconds)


def _row(size: object, raw: float, ours: float, quads: int, seconds: float) -> list[object]:
    return [size, f"{raw:.0f}", f"{ours:.0f}", f"{quads:,}", f"{ours / raw:.2f}", f"{seconds:.0f}"]


def from_throughput(jobs: int) -> list[object] | None:
    """The whole-corpus row from ``bench/throughput.py``'s cache (same build, same flags)."""
    cache = c.SCRATCH / f"throughput-all-{jobs}.json"
    if not cache.exists():
        return None
    r = json.loads(cache.read_text())
    raw = r.get("raw_64_peak_mib")
    if raw is None or "ours_peak_mib" not in r:
        return None
    quads = int(r.get("quads", 0))
    return _row("all (throughput run)", raw, r["ours_peak_mib"], quads, r["ours_s"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", type=int, nargs="+", default=[500, 1000, 2000, 0])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--whole-from-throughput", action="store_true")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    body = []
    for size in args.sizes:
        row = from_throughput(args.jobs) if size == 0 and args.whole_from_throughput else None
        body.append(row or measure(size or None, args.jobs))
    head = ["articles", "raw spaCy peak MiB", "ours peak MiB", "quads", "ours / raw", "build s"]
    if not args.no_write:
        text = f"Machine: {c.machine()}; --jobs {args.jobs} on both sides.\n\n"
        c.write_section("2. Peak memory", text + c.table(head, body))


if __name__ == "__main__":
    main()
