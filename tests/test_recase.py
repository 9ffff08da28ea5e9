"""Headlines in Title Case and leads after a dateline are read as plain sentences."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language

from incidentkg.extract import extract
from incidentkg.ingest import articles_from_text
from incidentkg.nlp.pipeline import build_pipeline
from incidentkg.nlp.recase import titled
from incidentkg.records import ArticleRecords, EventRecord

PUBLISHED = dt.date(2025, 6, 18)  # a Wednesday


@pytest.fixture(scope="module")
def nlp() -> Language:
    return build_pipeline()


def read(nlp: Language, text: str) -> ArticleRecords:
    (article,) = articles_from_text(text, "t", "t.txt", PUBLISHED)
    return extract(nlp(article.text), article)


def violent(rec: ArticleRecords) -> list[EventRecord]:
    return [e for e in rec.events if e.category in {"attack", "security_operation"}]


def test_title_case_headline_gets_the_lemmas_of_its_words(nlp: Language) -> None:
    """'Gunmen Storm Hotel …' is tagged as words, not as a string of names; the text and the
    token offsets are the article's."""
    text = (
        "Gunmen Storm Hotel in Bamako, Killing 20\n\n"
        "Gunmen stormed a hotel in Bamako on Friday and killed 20 guests, officials said."
    )
    doc = nlp(text)
    assert doc.text == text
    head = doc[:8]
    lemmas = [t.lemma_ for t in head]
    assert lemmas[:3] == ["gunman", "storm", "hotel"], lemmas
    assert head[6].lemma_ == "kill"
    bamako = next(t for t in head if t.text == "Bamako")
    assert bamako.pos_ == "PROPN" and titled(bamako)
    assert not titled(head[2])  # 'Hotel' is read as 'hotel'


def test_sentence_case_headline_is_left_as_the_model_read_it(nlp: Language) -> None:
    text = "Reports: Gunfire, explosions heard in Bamako\n\nGunfire was heard in Bamako."
    doc = nlp(text)
    assert all(titled(t) == t.is_title for t in doc)


def test_title_case_headline_tells_the_event(nlp: Language) -> None:
    """A Title Case headline's attack joins the report of it in the lead."""
    rec = read(
        nlp,
        "Suicide Bomber Kills 12 at Market in Kandahar\n\n"
        "A suicide bomber blew himself up at a crowded market in Kandahar on Tuesday, killing "
        "12 people, officials said.",
    )
    events = violent(rec)
    assert len(events) == 1
    assert any(m.start < 45 for m in events[0].mentions)  # the headline is a mention
    assert rec.entity(events[0].place).label.startswith("Kandah")


@pytest.mark.parametrize("dash", [" —", ""])
def test_word_after_a_dateline_is_not_taken_for_a_name(nlp: Language, dash: str) -> None:
    """'BEIRUT — Airstrikes on …', or a wire dateline with no dash: the dateline made the
    model tag 'Airstrikes' as a name."""
    text = (
        f"BEIRUT{dash} Airstrikes on rebel-held districts of the Syrian city of Homs destroyed a "
        "clinic on Tuesday, killing 14 people, activists said."
    )
    doc = nlp(text)
    first = next(t for t in doc if t.text == "Airstrikes")
    assert first.lemma_ == "airstrike" and first.pos_ == "NOUN"
    events = violent(read(nlp, text))
    assert len(events) == 1
