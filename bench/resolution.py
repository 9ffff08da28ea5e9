"""Cross-article resolution time at 1 k, 2 k, 4 k articles (near-linear is the target).

Reads the records a build saved (``records.jsonl.gz`` of a store; by default the store of
``bench/throughput.py``), so spaCy is not re-run. Baseline: linear extrapolation from the
smallest size; the ratio ``measured / linear`` stays near 1 when resolution is near-linear
(blocking by type/name key/date window) and would grow with the size for all-pairs.
Usage: ``python bench/resolution.py [--store DIR] [--sizes 1000 2000 4000]``.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import _common as c

from incidentkg.build.incremental import read_saved
from incidentkg.resolve import resolve


def timed(records: list[object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        resolve(records)  # type: ignore[arg-type]
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--store", type=Path, default=c.SCRATCH / "store-throughput-2")
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 4000])
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    saved = read_saved(args.store).articles
    records = [saved[k].records for k in sorted(saved)]
    body, first = [], None
    for size in args.sizes:
        part = records[:size]
        seconds = timed(part)  # type: ignore[arg-type]
        per = seconds / len(part)
        first = first or per
        ents = sum(len(r.entities) for r in part)
        evs = sum(len(r.events) for r in part)
        print(f"{len(part)} articles ({ents} entities, {evs} events): {seconds:.2f} s", flush=True)
        body.append([len(part), ents, evs, f"{seconds:.2f}", f"{per * 1000:.2f}",
                     f"{per / first:.2f}"])  # fmt: skip
    head = [
        "articles",
        "entity mentions",
        "event records",
        "resolve s",
        "ms / article",
        "measured / linear",
    ]
    if not args.no_write:
        c.write_section("5. Resolution scaling", f"Machine: {c.machine()}; best of 3.\n\n"
                        + c.table(head, body))  # fmt: skip


if __name__ == "__main__":
    main()
