"""The cached pipeline (issue 17): loaded from the cache, it extracts what a built one does."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from incidentkg.build.sources import articles_from_paths
from incidentkg.extract import extract
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
    for art in articles_from_paths([SEEDS]):
        assert extract(cached(art.text), art) == extract(fresh(art.text), art)


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
    monkeypatch.setattr(nlp_cache, "PACKAGE_DIR", data)
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
