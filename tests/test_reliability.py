"""Reliability (issue 7): killed builds, one writer, atomic exports, untrusted text end to end.

Builds here run as real subprocesses of the installed CLI so that a SIGKILL hits a real
build; the previous state is a copy of the session's seed store.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import rdflib
from typer.testing import CliRunner

from incidentkg.cli import app
from incidentkg.query.export import _csv_text, atomic_output
from incidentkg.query.run import QueryResult, to_csv
from incidentkg.store.local import StoreLock, lock_path, open_store

FORMATS = Path(__file__).parent / "data" / "formats"
CLI = [sys.executable, "-c", "from incidentkg.cli import main; main()"]
runner = CliRunner()


def _invoke(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.output


def _snapshot(store: Path) -> tuple[list[str], dict[str, bytes]]:
    """The store's quads (sorted N-Quads lines) and its side files: its whole state."""
    out = io.BytesIO()
    open_store(store).dump(out, format=__import__("pyoxigraph").RdfFormat.N_QUADS)
    sides = {p.name: p.read_bytes() for p in store.iterdir() if p.is_file()}
    return sorted(out.getvalue().decode().splitlines()), sides


@pytest.fixture
def previous(seed_store: Path, tmp_path: Path) -> Path:
    """A store holding the seed build: the state a failed build must leave untouched."""
    store = tmp_path / "store"
    shutil.copytree(seed_store, store)
    return store


def _wait(condition: Callable[[], bool], proc: subprocess.Popen[bytes], limit: float) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        if proc.poll() is not None:
            raise AssertionError(f"build ended first: {proc.communicate()}")
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError("condition not reached")
        time.sleep(0)  # poll hard: the write phase lasts only tens of milliseconds


@pytest.fixture
def running_build(previous: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A real `incidentkg build` of the formats folder into ``previous``, killed at teardown."""
    proc = subprocess.Popen(
        [*CLI, "build", str(FORMATS), "--store", str(previous)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    yield proc
    if proc.poll() is None:
        proc.kill()
    proc.communicate()


def _lock_held(store: Path) -> bool:
    """Whether some process holds the store's flock, read from /proc/locks (never taking it)."""
    try:
        inode = lock_path(store).stat().st_ino
    except FileNotFoundError:
        return False
    held = re.compile(rf"^\d+: FLOCK\s+ADVISORY\s+WRITE\s+\d+\s+\S+:{inode}\s")
    return any(held.match(line) for line in Path("/proc/locks").read_text().splitlines())


def _new_store_dirs(store: Path) -> list[Path]:
    return list(store.parent.glob(f".{store.name}.new-*"))


def test_reliability_sigkill_during_write_leaves_previous_store(
    previous: Path, running_build: subprocess.Popen[bytes]
) -> None:
    """A build killed while writing: the store opens, holds exactly the old state, and the
    next build completes."""
    before = _snapshot(previous)
    _wait(lambda: bool(_new_store_dirs(previous)), running_build, limit=120)
    running_build.send_signal(signal.SIGKILL)
    running_build.wait()
    assert _snapshot(previous) == before
    code, output = _invoke("build", FORMATS, "--store", previous)
    assert code == 0, output
    quads, _ = _snapshot(previous)
    assert any("frontier-quetta-blast" in q for q in quads)


def test_reliability_sigkill_during_extraction_leaves_previous_store(
    previous: Path, running_build: subprocess.Popen[bytes]
) -> None:
    """Killed while it holds the lock and runs spaCy: same guarantees, and the lock is free."""
    before = _snapshot(previous)
    _wait(lambda: _lock_held(previous), running_build, limit=60)
    time.sleep(1.0)
    running_build.send_signal(signal.SIGKILL)
    running_build.wait()
    assert _snapshot(previous) == before
    assert not _lock_held(previous)


def test_reliability_store_killed_between_swap_renames_is_recovered(previous: Path) -> None:
    """Regression (issue 7): SIGKILL between the swap's two renames left no store at the path.
    Reproduce that disk state exactly; the next command finds the previous store intact."""
    before = _snapshot(previous)
    dead = subprocess.run([*CLI[:2], "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True).stdout.strip()  # fmt: skip
    shutil.copytree(previous, previous.parent / f".store.new-{dead}")  # the finished new store
    previous.rename(previous.parent / f".store.old-{dead}")  # _swap's first rename
    code, output = _invoke("stats", "--store", previous)
    assert code == 0, output
    assert _snapshot(previous) == before
    assert sorted(p.name for p in previous.parent.iterdir()) == ["store", "store.lock"]


def test_reliability_one_writer_and_readers_during_a_build(
    previous: Path, running_build: subprocess.Popen[bytes]
) -> None:
    """While a build holds the lock, a second build fails at once and queries still answer."""
    before = _snapshot(previous)
    _wait(lambda: _lock_held(previous), running_build, limit=60)
    t0 = time.perf_counter()
    code, output = _invoke("build", FORMATS, "--store", previous)
    assert code == 1 and "[E031]" in output and "locked by another build" in output
    assert time.perf_counter() - t0 < 5
    code, output = _invoke("query", "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", "--store", previous,
                           "--format", "json")  # fmt: skip
    assert code == 0 and json.loads(output)[0]["n"] == str(len(before[0]))
    code, output = _invoke("stats", "--store", previous)
    assert code == 0, output


def test_reliability_second_writer_in_process_fails_at_once(previous: Path) -> None:
    """The lock is per store: holding it here makes a CLI build fail without starting spaCy."""
    with StoreLock(previous):
        code, output = _invoke("build", FORMATS, "--store", previous)
    assert code == 1 and "[E031]" in output


def test_reliability_failed_export_keeps_previous_file(tmp_path: Path) -> None:
    """An export that fails half way leaves the old file intact and no temporary file."""
    out = tmp_path / "events.csv"
    out.write_text("old,complete\n")
    with pytest.raises(RuntimeError), atomic_output(out) as fh:
        fh.write(b"half a ")
        raise RuntimeError("disk gone")
    assert out.read_text() == "old,complete\n"
    assert [p.name for p in tmp_path.iterdir()] == ["events.csv"]


def test_reliability_sigkill_during_export_keeps_previous_file(tmp_path: Path) -> None:
    """A process killed while writing an export never leaves a truncated file under the name."""
    out = tmp_path / "graph.nq"
    out.write_text("<a:x> <a:y> <a:z> .\n")
    script = textwrap.dedent(f"""
        import os, signal
        from pathlib import Path
        from incidentkg.query.export import atomic_output
        with atomic_output(Path({str(out)!r})) as fh:
            fh.write(b"<a:partial")
            fh.flush()
            os.kill(os.getpid(), signal.SIGKILL)
    """)
    proc = subprocess.run([sys.executable, "-c", script], check=False)
    assert proc.returncode == -signal.SIGKILL
    assert out.read_text() == "<a:x> <a:y> <a:z> .\n"


HOSTILE_ROWS = [
    {
        "id": 'x"><script>alert(1)</script>',
        "title": 'Title with """triple quotes""" and \\ backslash',
        "text": "KARACHI: Militants attacked a police station in Karachi on Friday, killing two "
        'policemen. A spokesman, Ali "The Knife" Raza, said <b>nothing</b>. '
        '} ; DROP ALL ; INSERT DATA { <a:x> <a:y> "z" } . @prefix ex: <http://e/> . '
        "Witnesses saw \u202egnorw\u202c marks\u200b and zero\u200dwidth joiners \"\"\" ''' \\n.",
    },
    {
        "id": "line\nbreak id",
        "text": "QUETTA: A bomb killed three people in Quetta on Saturday, police said. "
        "SELECT * WHERE { ?s ?p ?o } # not a query, just text",
    },
]


def test_reliability_untrusted_text_survives_build_query_and_exports(tmp_path: Path) -> None:
    """Hostile ids, titles and text go through build, SHACL, queries and every export intact."""
    feed = tmp_path / "hostile.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in HOSTILE_ROWS))
    store = tmp_path / "store"
    code, output = _invoke("build", feed, "--store", store)
    assert code == 0 and "W001" not in output, output
    assert _invoke("validate", "--store", store)[0] == 0
    nq = _export_graph(store, tmp_path, "nq", "nquads")
    texts = {
        str(o) for _, p, o, _ in nq.quads((None, None, None, None)) if str(p).endswith("isString")
    }
    assert any('Ali "The Knife" Raza' in t and "\u202egnorw" in t and '"""' in t for t in texts)
    for fmt, parser in (("trig", "trig"), ("ttl", "turtle")):
        _export_graph(store, tmp_path, fmt, parser)
    for what in ("events", "entities"):
        rows = _export_table(store, tmp_path, what)
        assert rows, what
    code, output = _invoke("query", "events", "--store", store, "--format", "json")
    assert code == 0 and len(json.loads(output)) >= 1


def _export_graph(store: Path, tmp: Path, fmt: str, parser: str) -> rdflib.Dataset:
    out = tmp / f"graph.{fmt}"
    code, output = _invoke("export", "graph", "--store", store, "--format", fmt, "-o", out)
    assert code == 0, output
    dataset = rdflib.Dataset()
    dataset.parse(out, format=parser)
    assert len(dataset) or any(len(g) for g in dataset.graphs())
    return dataset


def _export_table(store: Path, tmp: Path, what: str) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for fmt in ("csv", "jsonl"):
        out = tmp / f"{what}.{fmt}"
        code, output = _invoke("export", what, "--store", store, "--format", fmt, "-o", out)
        assert code == 0, output
        text = out.read_text(encoding="utf-8")
        if fmt == "csv":
            parsed = list(csv.DictReader(io.StringIO(text, newline="")))
        else:
            parsed = [json.loads(line) for line in text.splitlines()]
        rows.extend(parsed)
    return rows


def test_reliability_query_is_read_only_and_syntax_errors_have_position(previous: Path) -> None:
    """An update through `query` cannot change the store; a bad query names where it broke."""
    before = _snapshot(previous)
    update = 'PREFIX ex: <http://e/> INSERT DATA { ex:a ex:b "c" }'
    code, output = _invoke("query", update, "--store", previous)
    assert code == 1 and "[E043]" in output
    code, output = _invoke("query", "SELECT ?s WHERE { ?s ?p }", "--store", previous)
    assert code == 1 and "[E041]" in output and "1:" in output  # line:column of the error
    assert _snapshot(previous) == before
    assert os.listdir(previous)  # still a store


CSV_HOSTILE = ["lone\rreturn", "new\nline", "crlf\r\npair", 'quote " inside', "comma, inside",
               "Ṣūrat ج 中文 \u202etxet", "", "trailing\r"]  # fmt: skip


def test_reliability_csv_cells_with_line_breaks_round_trip(tmp_path: Path) -> None:
    """A lone "\r" went out unquoted (csv quotes only its own line terminator) and split the
    row in every reader; every hostile cell must come back as written, one row per record."""
    columns = [f"c{i}" for i in range(len(CSV_HOSTILE))]
    query_csv = to_csv(QueryResult(columns, [list(CSV_HOSTILE), list(reversed(CSV_HOSTILE))]))
    rows = [dict(zip(columns, CSV_HOSTILE, strict=True))] * 2
    export_csv = _csv_text(rows, columns)
    for text in (query_csv, export_csv):
        path = tmp_path / "t.csv"
        path.write_bytes(text.encode("utf-8"))
        with path.open(encoding="utf-8", newline="") as fh:
            back = list(csv.reader(fh))
        assert back[0] == columns and back[1] == CSV_HOSTILE and len(back) == 3
        assert text.endswith("\n") and not text.endswith("\r\n")
    assert next(csv.DictReader(io.StringIO(query_csv, newline="")))["c0"] == "lone\rreturn"
