"""`incidentkg query` on the embedded store: read-only unless asked, time-limited when asked.

Everything runs on a copy of the real seed store through the CLI (CliRunner) or the
functions it calls; the time limit kills a real child process.
"""

from __future__ import annotations

import doctest
import json
import multiprocessing
import shutil
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from incidentkg.cli import app
from incidentkg.errors import IncidentKGError
from incidentkg.query import run as query_module
from incidentkg.query.run import _looks_like_sparql, is_update, run_local
from incidentkg.store.local import StoreLock, open_store

runner = CliRunner()
INSERT = 'PREFIX ex: <http://example.org/> INSERT DATA { ex:a ex:b "[/red] inserted" }'
FIND = "SELECT ?o WHERE { ?s <http://example.org/b> ?o }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def _invoke(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.output


def _quads(store: Path) -> int:
    return len(open_store(store))


@pytest.fixture
def store(seed_store: Path, tmp_path: Path) -> Path:
    """A private copy of the seed store: these tests try to change it."""
    copy = tmp_path / "store"
    shutil.copytree(seed_store, copy)
    return copy


def test_query_safety_update_refused_without_flag(store: Path, tmp_path: Path) -> None:
    """An update typed or saved as a query must not change the store by accident (E043)."""
    before = _quads(store)
    (tmp_path / "change.rq").write_text(INSERT, encoding="utf-8")
    for spec in (INSERT, str(tmp_path / "change.rq"), "DROP ALL"):
        code, output = _invoke("query", spec, "--store", store)
        assert code == 1 and "[E043]" in output and "--allow-update" in output, output
    assert _quads(store) == before


def test_query_safety_update_applied_with_flag(store: Path) -> None:
    """--allow-update applies the update; a broken update gives its position, changes nothing."""
    before = _quads(store)
    code, output = _invoke("query", INSERT, "--store", store, "--allow-update")
    assert code == 0 and "[W005]" in output, output
    assert _quads(store) == before + 1
    code, output = _invoke("query", FIND, "--store", store, "-f", "json")
    assert code == 0 and json.loads(output) == [{"o": "[/red] inserted"}]
    code, output = _invoke("query", "INSERT DATA { <a:x> <a:y> }", "--store", store,
                           "--allow-update")  # fmt: skip
    assert code == 1 and "[E041]" in output and "1:" in output
    assert _quads(store) == before + 1


def test_query_safety_update_never_races_a_build(store: Path) -> None:
    """An update takes the build lock: while a build holds it, the update fails at once."""
    before = _quads(store)
    with StoreLock(store):
        code, output = _invoke("query", INSERT, "--store", store, "--allow-update")
    assert code == 1 and "[E031]" in output
    assert _quads(store) == before


def test_query_safety_read_only_even_if_the_guess_misses(store: Path) -> None:
    """Safety does not rest on spotting updates: the query path opens the store read-only."""
    before = _quads(store)
    with pytest.raises(IncidentKGError) as info:
        run_local(store, INSERT, "sneaky")
    assert info.value.code == "E041"
    with pytest.raises(RuntimeError, match="read-write"):
        open_store(store).update(INSERT)
    assert _quads(store) == before


def test_query_safety_timeout_stops_a_runaway_query(store: Path) -> None:
    """pyoxigraph cannot cancel a query, so --timeout kills the process running it."""
    t0 = time.monotonic()
    code, output = _invoke("query", RUNAWAY, "--store", store, "--timeout", "0.5")
    assert code == 1 and "[E044]" in output and "0.5 s" in output, output
    assert time.monotonic() - t0 < 5
    assert multiprocessing.active_children() == []


def test_query_safety_timeout_keeps_answers_and_errors(store: Path) -> None:
    """Within the limit a query answers as before; the child's errors keep code and position."""
    plain = _invoke("query", "chain", "--store", store, "-f", "json")
    limited = _invoke("query", "chain", "--store", store, "-f", "json", "--timeout", "30")
    assert limited == plain and plain[0] == 0 and json.loads(plain[1])
    code, output = _invoke("query", "SELECT ?s WHERE { ?s ?p }", "--store", store,
                           "--timeout", "30")  # fmt: skip
    assert code == 1 and "[E041]" in output and "1:26" in output
    code, output = _invoke("query", "chain", "--store", store.parent / "none", "--timeout", "30")
    assert code == 1 and "[E030]" in output


def test_query_safety_markup_in_data_is_printed_as_text(store: Path) -> None:
    """Brackets in cells or in a mistyped name are data, not rich markup (was exit 2)."""
    assert _invoke("query", INSERT, "--store", store, "--allow-update")[0] == 0
    code, output = _invoke("query", FIND, "--store", store)
    assert code == 0 and "[/red] inserted" in output
    code, output = _invoke("query", "no-such[/bold]", "--store", store)
    assert code == 1 and "[E040]" in output and "no-such[/bold]" in output


@pytest.mark.parametrize(
    ("text", "update", "sparql"),
    [
        (INSERT, True, True),
        ("# INSERT is only a comment\nSELECT * { ?s ?p ?o }", False, True),
        ("BASE <http://x#> PREFIX : <http://y#> # c\n  LOAD <http://x>", True, True),
        ("WITH <g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", True, True),
        ("SELECT*{?s ?p ?o}", False, True),
        ("delete-me", False, False),  # a mistyped query name, not an update
        ("selection", False, False),
    ],
)
def test_query_safety_tells_updates_from_queries(text: str, update: bool, sparql: bool) -> None:
    """The first keyword after the prologue decides; a name that merely starts like one does not."""
    assert is_update(text) is update
    assert _looks_like_sparql(text) is sparql


def test_query_safety_doctests_pass() -> None:
    """The examples in :mod:`incidentkg.query.run` are documentation: a stale one must fail."""
    result = doctest.testmod(query_module, verbose=False)
    assert result.failed == 0 and result.attempted >= 2
