"""The cached pipeline and gazetteer (issue 17): loaded from the cache, they are what a built
one is."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
from spacy.tokens import Token

from incidentkg.build.sources import articles_from_paths
from incidentkg.extract import extract
from incidentkg.kb import cache as kb_cache
from incidentkg.kb import gazetteer
from incidentkg.nlp import cache as nlp_cache
from incidentkg.nlp.pipeline import DEFAULT_MODEL, assemble_pipeline
from incidentkg.nlp.speedups import speed_up

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def test_pipeline_cache_gives_the_same_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pipeline written to the cache and loaded back extracts the same records from every
    seed article as one assembled from the data files, and the loaded one is the one used."""
    monkeypatch.setenv(nlp_cache.CACHE_ENV, str(tmp_path / "cache"))
    path = nlp_cache.cache_file(DEFAULT_MODEL)
    assert path is not None and not path.exists()
    fresh = assemble_pipeline(DEFAULT_MODEL)
    nlp_cache.save_cached(path, fresh)
    assert path.is_file() and path.stat().st_mode & 0o077 == 0
    stale = path.with_name(f"{DEFAULT_MODEL}-0123456789abcdef0123.pickle")
    other = path.with_name("other_model-0123456789abcdef0123.pickle")
    for old in (stale, other):
        old.write_bytes(b"old")
    nlp_cache.save_cached(path, fresh)
    assert not stale.exists() and other.exists(), "older pipelines of the model go"
    cached = nlp_cache.load_cached(path)
    assert cached is not None and cached is not fresh
    speed_up(fresh)
    speed_up(cached)
    assert cached.pipe_names == fresh.pipe_names
    assert cached.vocab.vectors.strings is cached.vocab.strings
    for art in articles_from_paths([SEEDS]):
        ours, theirs = cached(art.text), fresh(art.text)
        assert [_annotations(t) for t in ours] == [_annotations(t) for t in theirs]
        assert extract(ours, art) == extract(theirs, art)


#: every annotation and lexical attribute the pipeline sets or the model reads
_ATTRS = ("orth_", "norm_", "lower_", "shape_", "prefix_", "suffix_", "is_alpha", "is_digit")
_ATTRS += ("is_stop", "like_num", "like_url", "is_punct", "is_oov", "lang_", "tag_", "pos_")
_ATTRS += ("morph", "lemma_", "dep_", "head", "ent_iob_", "ent_type_", "is_sent_start")


def _annotations(token: Token) -> tuple[str, ...]:
    return tuple(str(getattr(token, name)) for name in _ATTRS)


def test_pipeline_cache_restores_rulers_the_fast_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pickle restores phrase matchers with our function (not spaCy's, which computes
    the lexical attributes of every rule key: two thirds of the load), and holds the
    string store once, not a second time inside the vectors table."""
    monkeypatch.setenv(nlp_cache.CACHE_ENV, str(tmp_path / "cache"))
    path = nlp_cache.cache_file(DEFAULT_MODEL)
    assert path is not None
    nlp = assemble_pipeline(DEFAULT_MODEL)
    nlp_cache.save_cached(path, nlp)
    data = path.read_bytes()
    assert b"_unpickle_phrase_matcher" in data and b"_unpickle_vectors" in data
    assert len(data) < len(pickle.dumps(nlp, protocol=pickle.HIGHEST_PROTOCOL))


def test_pipeline_cache_key_follows_the_data_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another gazetteer or pattern file must not be served the old pipeline."""
    monkeypatch.setenv(nlp_cache.CACHE_ENV, str(tmp_path))
    before = nlp_cache.cache_key(DEFAULT_MODEL)
    data = tmp_path / "pkg"
    for name in nlp_cache.SOURCES:
        (data / name).mkdir(parents=True)
    (data / "data" / "extra.jsonl").write_text('{"label": "x"}\n', encoding="utf-8")
    monkeypatch.setattr(kb_cache, "PACKAGE_DIR", data)
    assert nlp_cache.cache_key(DEFAULT_MODEL) != before


def test_pipeline_cache_refuses_files_others_may_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pickle runs code when loaded: a group- or world-writable file is rebuilt instead."""
    monkeypatch.setenv(nlp_cache.CACHE_ENV, str(tmp_path / "cache"))
    path = nlp_cache.cache_file(DEFAULT_MODEL)
    assert path is not None
    nlp_cache.save_cached(path, assemble_pipeline(DEFAULT_MODEL))
    assert nlp_cache.load_cached(path) is not None
    os.chmod(path, 0o666)
    assert nlp_cache.load_cached(path) is None
    path.write_bytes(b"not a pickle")
    os.chmod(path, 0o600)
    assert nlp_cache.load_cached(path) is None


def test_pipeline_cache_off_when_the_variable_is_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(nlp_cache.CACHE_ENV, "")
    assert nlp_cache.cache_file(DEFAULT_MODEL) is None
    assert nlp_cache.load_cached(None) is None


def test_gazetteer_cache_gives_the_built_gazetteer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first load writes the cache, the next reads it, and both are the gazetteer built
    from the files; a cache another user could have written is not read."""
    monkeypatch.setenv(nlp_cache.CACHE_ENV, str(tmp_path / "cache"))
    built = gazetteer._built_gazetteer()
    gazetteer.load_gazetteer.cache_clear()
    try:
        first = gazetteer.load_gazetteer()
        path = gazetteer._cache_file()
        assert path is not None and path.is_file()
        gazetteer.load_gazetteer.cache_clear()
        monkeypatch.setattr(gazetteer, "_built_gazetteer", _must_not_build)
        cached = gazetteer.load_gazetteer()
        assert cached is not first and cached == built == first
        assert cached.title("Chief Minister") == built.title("chief minister") is not None
        os.chmod(path, 0o666)
        gazetteer.load_gazetteer.cache_clear()
        with pytest.raises(AssertionError, match="built again"):
            gazetteer.load_gazetteer()
    finally:
        gazetteer.load_gazetteer.cache_clear()


def _must_not_build() -> gazetteer.Gazetteer:
    raise AssertionError("built again")
