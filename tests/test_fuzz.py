"""A short fuzz run (hypothesis) of ingest and extraction (issue 7): random bytes in every
supported format, and mutated seed articles through spaCy, extraction, resolution and RDF.

The only acceptable failure is a reported, skipped article (an :class:`IngestError`).
Kept to well under a minute; raise ``FUZZ_EXAMPLES`` locally for a longer run.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from incidentkg.errors import IngestError
from incidentkg.extract import extract
from incidentkg.ingest import SUPPORTED_SUFFIXES, iter_file
from incidentkg.nlp.pipeline import build_pipeline
from incidentkg.rdf import to_dataset
from incidentkg.records import Article
from incidentkg.resolve import resolve

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))
SCALE = int(os.environ.get("FUZZ_EXAMPLES", "1"))
QUICK = settings(
    max_examples=150 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
SLOW = settings(max_examples=12 * SCALE, deadline=None, suppress_health_check=list(HealthCheck))

#: Fragments that stress parsers: markup, JSON/CSV syntax, dates, numbers, odd Unicode.
NASTY = [
    b"<html><body><p>", b"</p></script>", b'{"id": 1, "text": "', b'",,"\n', b"\x00",
    b"\xef\xbb\xbf", b"\xff\xfe", b"\xe2\x80\x99", b"\xc3\xa2\xe2\x82\xac\xe2\x84\xa2",
    b"03/31/2017: ", b"KARACHI: ", b"Updated 14 March 2025\n", b"\r\n", b"\xe2\x80\xae",
    b"at least 999999999999 killed ", b"February 30, 2023 ", b'"""', b"\\", b"\n\n\n",
]  # fmt: skip


def _items(raw: bytes, suffix: str) -> Iterator[Article | IngestError]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzz{suffix}"
        path.write_bytes(raw)
        yield from iter_file(path)


@QUICK
@given(
    st.lists(st.one_of(st.binary(max_size=64), st.sampled_from(NASTY)), max_size=16).map(b"".join),
    st.sampled_from(SUPPORTED_SUFFIXES),
)
def test_fuzz_ingest_random_bytes_in_every_format(raw: bytes, suffix: str) -> None:
    """Any bytes under any supported name: articles or reported refusals, nothing else."""
    for item in _items(raw, suffix):
        assert isinstance(item, Article | IngestError)
        if isinstance(item, IngestError):
            assert item.code.startswith("E") and "\n" not in item.code


def _mutate(data: st.DataObject, text: bytes) -> bytes:
    """Cut, repeat, or splice garbage into ``text`` a few times."""
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(text)))
        j = data.draw(st.integers(i, min(len(text), i + 400)))
        op = data.draw(st.sampled_from(["cut", "repeat", "splice", "truncate"]))
        if op == "cut":
            text = text[:i] + text[j:]
        elif op == "repeat":
            text = text[:j] + text[i:j] * 3 + text[j:]
        elif op == "splice":
            junk = data.draw(st.one_of(st.sampled_from(NASTY), st.binary(max_size=24)))
            text = text[:i] + junk + text[i:]
        else:
            text = text[:j]
    return text


@pytest.fixture(scope="module")
def nlp() -> Language:
    return build_pipeline()


@SLOW
@given(st.sampled_from(SEEDS), st.data())
def test_fuzz_mutated_seeds_through_extraction_and_rdf(
    nlp: Language, seed: Path, data: st.DataObject
) -> None:
    """Mangled real articles must not crash spaCy components, extraction, resolution or RDF."""
    raw = _mutate(data, seed.read_bytes())
    articles = [i for i in _items(raw, ".txt") if isinstance(i, Article)]
    records = [extract(nlp(a.text), a) for a in articles]
    to_dataset(records, resolve(records))
