"""The warm worker forked before the CLI loads (issue 17): started only for builds of a few
small files, taken by the build it was started for, stopped otherwise."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from incidentkg.build import extraction
from incidentkg.build.executors import ExecutorOptions
from incidentkg.query.export import events_table
from incidentkg.resources import DEFAULT_MODEL
from incidentkg.store.local import open_store

SCRIPT = Path(sys.executable).with_name("incidentkg")
ARTICLE = "Gunmen attacked a police post in Bannu on Monday, killing two policemen.\n"


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "bannu.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _no_early_worker_left() -> object:
    yield
    early, extraction._EARLY = extraction._EARLY, None
    if early is not None:
        early.close()


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],  # the CLI's to answer: no worker for an unknown option
        ["{folder}"],  # a folder of more than a few articles
        ["{article}", "--executor", "dask"],
        ["{missing}"],
        ["{big}"],  # a feed over 1 MiB: many articles, the pool's job
        [],
    ],
)
def test_early_worker_not_started_but_for_a_few_small_files(
    tmp_path: Path, article: Path, args: list[str]
) -> None:
    big = tmp_path / "feed.jsonl"
    big.write_bytes(b"x" * (extraction.FEW_ARTICLES_BYTES + 1))
    many = tmp_path / "many"
    many.mkdir()
    for n in range(extraction.FEW_FILES + 1):
        (many / f"{n}.txt").write_text(ARTICLE, encoding="utf-8")
    names = {"folder": many, "article": article, "missing": tmp_path / "no.txt", "big": big}
    extraction.start_early([a.format(**names) for a in args])
    assert extraction._EARLY is None


def test_early_worker_is_taken_by_its_build_and_stopped_by_another(
    article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Started for `build FILE --store S --model M`; a build of one article with the same
    pipeline takes it, an update with nothing to extract stops it, and so does a process that
    holds the pipeline itself (`watch`, or this test run once another test built it)."""
    monkeypatch.setattr(extraction, "_pipeline_loaded", lambda: False)
    extraction.start_early([str(article), "--store", "s", "--strict", f"--model={DEFAULT_MODEL}"])
    early = extraction._EARLY
    assert early is not None and early.settings[0] == DEFAULT_MODEL
    options = ExecutorOptions(graphs=True)
    assert extraction.prewarm([object()], DEFAULT_MODEL, options) is early
    assert extraction._EARLY is None
    early.close()
    extraction.start_early([str(article.parent)])  # a folder of one article
    early = extraction._EARLY
    assert early is not None
    assert extraction.prewarm([], DEFAULT_MODEL, options) is None  # nothing to extract
    assert early.pool is None and extraction._EARLY is None  # stopped
    extraction.start_early([str(article)])
    early = extraction._EARLY
    assert early is not None
    monkeypatch.setattr(extraction, "_pipeline_loaded", lambda: True)
    assert extraction.prewarm([object()], DEFAULT_MODEL, options) is None
    assert early.pool is None  # the process's own pipeline serves it


@pytest.mark.skipif(sys.platform != "linux", reason="the warm worker is Linux-only")
def test_console_script_builds_one_article_with_the_early_worker(
    tmp_path: Path, article: Path
) -> None:
    """The installed script, as a user runs it: the article extracted by the worker forked
    before the CLI loaded is in the store."""
    store = tmp_path / "store"
    run = subprocess.run(
        [str(SCRIPT), "build", str(article), "--store", str(store)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr.decode()
    rows = events_table(open_store(store))
    assert [(r["category"], r["city"]) for r in rows] == [("attack", "Bannu")]
