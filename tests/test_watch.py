"""``incidentkg watch`` (issue 17): a real process following a real folder."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import SEEDS
from incidentkg.build.incremental import read_saved
from incidentkg.build.watch import event_changes
from incidentkg.records import MemberRef, ResolvedEvent
from incidentkg.store.local import StoreLock, load_dataset
from test_incremental import _assert_same_graphs

CLI = [sys.executable, "-c", "from incidentkg.query.fastpath import main; main()"]


def _wait_lines(proc: subprocess.Popen[str], lines: list[str], n: int, limit: float) -> None:
    """Read stdout until ``lines`` holds ``n`` lines (the process must stay alive)."""
    deadline = time.monotonic() + limit
    assert proc.stdout is not None
    while len(lines) < n:
        assert time.monotonic() < deadline, f"waited {limit} s for line {n}: {lines}"
        line = proc.stdout.readline()
        assert line, f"watch ended early: {lines}"
        lines.append(line.rstrip("\n"))


def test_watch_applies_new_changed_and_deleted_files(tmp_path: Path) -> None:
    """Files added, edited and deleted in the folder reach the store, a line each, and the
    store then equals a build of the folder; a store locked by another build is tried again;
    SIGINT stops it with exit code 0."""
    files = sorted(SEEDS.glob("*.txt"))
    folder, store = tmp_path / "in", tmp_path / "store"
    folder.mkdir()
    shutil.copy(files[0], folder)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([*CLI, "watch", str(folder), "--store", str(store), "--interval",
                             "0.2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env)  # fmt: skip
    lines: list[str] = []
    try:
        _wait_lines(proc, lines, 1, 300)
        assert lines[0].startswith("Watching") and "2 article(s)" in lines[0]
        with StoreLock(store):  # another build holds the store: the update waits its turn
            shutil.copy(files[3], folder)
            time.sleep(1.5)
        _wait_lines(proc, lines, 2, 120)
        assert lines[1].startswith(f"+{files[3].name}: 1 article(s) extracted"), lines
        (folder / files[0].name).unlink()
        _wait_lines(proc, lines, 3, 120)
        assert lines[2].startswith(f"-{files[0].name}: 0 article(s) extracted"), lines
        edited = folder / files[3].name
        text = edited.read_text(encoding="utf-8")
        edited.write_text(text.replace(". ", " on Monday. ", 1), encoding="utf-8")
        _wait_lines(proc, lines, 4, 120)
        assert lines[3].startswith(f"~{files[3].name}: 1 article(s) extracted"), lines
    finally:
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "Stopped" in err
    assert "E031" in err and "trying again" in err
    assert sorted(read_saved(store).articles) == [files[3].stem]
    assert not list(tmp_path.glob(".store.*")), "no half-written store is left"
    scratch = tmp_path / "scratch"
    done = subprocess.run([*CLI, "build", str(folder), "--store", str(scratch)],
                          capture_output=True, text=True, env=env)  # fmt: skip
    assert done.returncode == 0, done.stderr
    _assert_same_graphs(load_dataset(scratch), load_dataset(store))


def _event(eid: str, *refs: str) -> ResolvedEvent:
    members = tuple(MemberRef(r, "e0") for r in refs)
    return ResolvedEvent(eid, "attack", "Attack", None, None, members, (), (), (), None, ())


def test_watch_counts_a_renamed_event_as_changed() -> None:
    """A report joining an event can change its IRI: that is a change, not a new event."""
    before = {"a": _event("a", "x"), "b": _event("b", "y")}
    after = {"a2": _event("a2", "w", "x"), "c": _event("c", "z")}
    assert event_changes(before, after) == (1, 1, 1)
