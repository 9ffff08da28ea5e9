"""Smoke tests of the benchmark scripts on tiny inputs (the real runs print figures).

They only check that the scripts' helpers work, so `make bench` does not fail after an hour;
no timing is asserted here.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

import _common as c  # noqa: E402
import incremental as incremental_bench  # noqa: E402
import query as query_bench  # noqa: E402
import resolution as resolution_bench  # noqa: E402
import scale as scale_bench  # noqa: E402
import updates as updates_bench  # noqa: E402


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.jsonl.gz"
    rows = [{"id": f"a{i}", "title": "t", "date": "2016-01-10", "text": f"Word {i} here."}
            for i in range(3)]  # fmt: skip
    path.write_bytes(gzip.compress("".join(json.dumps(r) + "\n" for r in rows).encode()))
    return path


def test_bench_subset_writes_first_n_articles(corpus: Path, tmp_path: Path) -> None:
    feed = c.subset(2, corpus, tmp_path / "scratch")
    assert [json.loads(x)["id"] for x in feed.read_text().splitlines()] == ["a0", "a1"]
    assert c.words(c.texts(None, corpus)) == 9


def test_bench_write_section_replaces_only_its_section(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    c.write_section("1. A", "first", results)
    c.write_section("2. B", c.table(["x"], [[1]]), results)
    c.write_section("1. A", "again", results)
    text = results.read_text()
    assert "again" in text and "first" not in text and "| 1 |" in text
    assert text.index("## 1. A") < text.index("## 2. B")


def test_bench_run_reports_seconds_and_peak() -> None:
    run = c.run([sys.executable, "-c", "print('ok')"])
    assert run.stdout.strip() == "ok" and run.peak_mib > 1 and run.seconds > 0


def test_bench_replicate_grows_the_store(seed_store: Path, tmp_path: Path) -> None:
    base = len(ox.Store.read_only(str(seed_store / "oxigraph")))
    n = query_bench.replicate(seed_store, tmp_path / "big", base + 1)
    assert n > base


def test_bench_named_queries_run_both_ways(seed_store: Path) -> None:
    """Every named query runs under oxigraph's CLI and ours; the report has a row for each."""
    from incidentkg.query.run import named_queries

    pairs = query_bench.named_timers(seed_store)
    assert set(pairs) == set(named_queries())
    oxigraph, ours = pairs["chain"]
    measured = (oxigraph(), ours())
    assert all(t > 0 for t in measured)
    rows = query_bench.named_rows(seed_store)
    assert rows["chain"] > 0 and rows["span-offset-violation"] == 0
    # the report's wording is checked on fixed times: a loaded machine must not change it
    light, heavy = 0.5 * query_bench.LIGHT, 3 * query_bench.LIGHT
    seconds = {"chain": (light, light + 0.02), "events": (heavy, 1.1 * heavy)}
    rows = {**rows, "events": rows.get("events", 0)}
    report = query_bench.named_report(seconds, rows, 1, 0.1)
    assert "| `chain` |" in report and "| `events` |" in report
    assert "start-up" in report and "1.10 to 1.10" in report


def test_bench_incremental_both_paths_give_the_same_store(seed_store: Path, tmp_path: Path) -> None:
    """The baseline (every graph rewritten) and ours run, and end with equal stores."""
    article = incremental_bench.first_article(seed_store)
    args = ["remove", article]
    rewrite, want = incremental_bench.once(seed_store, tmp_path / "a", args, keep=False)
    keep, got = incremental_bench.once(seed_store, tmp_path / "b", args, keep=True)
    assert got == want and want[0] < incremental_bench.digest(seed_store)[0]
    assert rewrite.seconds > 0 and keep.peak_mib > 0


def test_bench_resolution_times_saved_records(seed_store: Path) -> None:
    from incidentkg.build.incremental import read_saved

    records = [s.records for s in read_saved(seed_store).articles.values()]
    assert resolution_bench.timed(records, repeat=1) >= 0  # type: ignore[arg-type]


def test_bench_raw_spacy_baseline_runs_the_model(corpus: Path, tmp_path: Path) -> None:
    """The baseline is a real spaCy run in a child process: its own seconds and peak."""
    feed = c.subset(None, corpus, tmp_path / "scratch")
    for batch in (None, 8):  # spaCy's default batch size, and one we choose
        run = c.raw_spacy(feed, 1, batch=batch)
        assert 0 < run.seconds < 600
        assert run.peak_mib > 100  # the model is loaded, not a no-op
        assert run.cpu_s > 0.5  # loading the model alone takes that


def test_bench_summary_quads_reads_the_build_table() -> None:
    table = "│ entities │ 76 │\n│ quads                            │  4956 │\n│ graphs │ 7 │"
    assert c.summary_quads(table) == 4956
    assert c.summary_quads("nothing here") == 0


def test_bench_throughput_report_shows_each_baseline() -> None:
    """Both raw baselines (spaCy's default batch and 64) get their own ratio; a missing one
    shows as a dash rather than a made-up figure."""
    import throughput

    run = {"jobs": 2, "articles": 3, "words": 900, "ours_s": 10.0, "load": "1 → 1"}
    cpu = {"ours_cpu_s": 19.0, "raw_default_cpu_s": 17.0, "raw_64_cpu_s": 16.0}
    text = throughput.report([{**run, **cpu, "raw_default_s": 9.0, "raw_64_s": 8.0}], None)
    assert "9.0 s → **0.90**" in text and "8.0 s → **0.80**" in text
    assert "19 / 17, 16" in text
    assert "–" in throughput.report([{**run, "raw_default_s": 9.0}], 3)


def test_bench_updates_corrects_the_first_article(seed_store: Path, tmp_path: Path) -> None:
    """The correction case rewrites one stored article under its id, and the whole-process
    run on a copy of the store succeeds with the source tree given."""
    from incidentkg.build.sources import articles_from_paths

    args = updates_bench.edited_feed(seed_store, tmp_path / "edit")
    ids = {a.id for a in articles_from_paths([Path(args[1])])}
    assert incremental_bench.first_article(seed_store) in ids
    run = updates_bench.once(updates_bench.c.REPO / "src", seed_store, tmp_path / "w", args)
    assert "changed articles" in run.stdout and run.seconds > 0


def test_bench_scale_copies_articles_under_new_ids(seed_store: Path, tmp_path: Path) -> None:
    """The 10 M-quad store's recipe: copies of the saved records under other ids (in every
    field that holds an id), built from the records alone."""
    from incidentkg.build.incremental import read_saved
    from incidentkg.store.records_codec import to_json

    scale_bench.records_store(seed_store, tmp_path / "x2", None, 2)
    base = set(read_saved(seed_store).articles)
    saved = read_saved(tmp_path / "x2").articles
    assert set(saved) == base | {f"c2-{i}" for i in base}
    for art_id in base:
        copy = saved[f"c2-{art_id}"].records
        assert json.dumps(art_id) not in json.dumps(to_json(copy))
        assert copy.article.content_hash != saved[art_id].records.article.content_hash
