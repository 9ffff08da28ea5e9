"""Faults and hostile queries (issue 15): every probe that broke, reproduced as the probe did.

Real faults only: a real SIGKILL of a real spaCy worker, real ``.sst`` files deleted,
truncated or zeroed, a real tmpfs filled to a few kilobytes, real permission bits (as root,
the CLI runs without the capabilities that let root ignore them), real undecodable file
names, and real sockets for SERVICE targets and for a server that echoes our credentials.
A case the machine cannot stage (no tmpfs, no way to drop root's capabilities) is skipped
with the reason. The last test runs the CLI over the whole fault matrix and checks that no
case ends in "This is a bug".
"""

from __future__ import annotations

import base64
import contextlib
import ctypes
import io
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from incidentkg.api import KnowledgeGraph
from incidentkg.cli import app
from incidentkg.errors import IncidentKGError
from incidentkg.query import run as query_run
from incidentkg.query.run import named_queries, run_local
from incidentkg.query.service import uses_service
from incidentkg.store.local import StoreLock, lock_path, open_store

FORMATS = Path(__file__).parent / "data" / "formats"
CLI = [sys.executable, "-c", "from incidentkg.query.fastpath import main; main()"]
BUG = "This is a bug"
runner = CliRunner()


# --- helpers ---------------------------------------------------------------------------


def _invoke(*args: str | Path, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = runner.invoke(app, [str(a) for a in args], env=env)
    return result.exit_code, result.output


def _drop_file_privileges() -> None:
    """In the child, before exec: give up what lets root ignore permission bits
    (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), so chmod means to it what it means to users."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _limit_memory() -> None:
    """3 GiB of address space: Oxigraph 0.5 answers SPARQL on a damaged block by filling
    memory, and a test must not take the machine down with it."""
    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))


def _cli(*args: str | Path, unprivileged: bool = False, timeout: float = 180) -> tuple[int, str]:
    """The console script in a fresh process: exit code and stdout + stderr."""

    def preexec() -> None:
        _limit_memory()
        if unprivileged:
            _drop_file_privileges()

    done = subprocess.run([*CLI, *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, preexec_fn=preexec)  # fmt: skip
    return done.returncode, done.stdout + done.stderr


@pytest.fixture(scope="module")
def unprivileged() -> None:
    """Skip unless a process can be made to obey permission bits (see _drop_file_privileges)."""
    try:
        done = subprocess.run([sys.executable, "-c", "pass"], preexec_fn=_drop_file_privileges,
                              capture_output=True)  # fmt: skip
    except (OSError, subprocess.SubprocessError) as exc:
        pytest.skip(f"cannot drop root's file capabilities here: {exc}")
    if done.returncode != 0:
        pytest.skip("cannot run a process without root's file capabilities here")


def _snapshot(store: Path) -> tuple[list[str], dict[str, bytes]]:
    """The store's quads (sorted N-Quads lines) and its side files: its whole state."""
    out = io.BytesIO()
    open_store(store).dump(out, format=ox.RdfFormat.N_QUADS)
    sides = {p.name: p.read_bytes() for p in store.iterdir() if p.is_file()}
    return sorted(out.getvalue().decode().splitlines()), sides


@pytest.fixture
def previous(seed_store: Path, tmp_path: Path) -> Path:
    """A store holding the seed build: the state a failed command must leave untouched."""
    store = tmp_path / "store"
    shutil.copytree(seed_store, store)
    return store


def _lock_held(store: Path) -> bool:
    """Whether some process holds the store's flock, read from /proc/locks."""
    try:
        inode = lock_path(store).stat().st_ino
    except FileNotFoundError:
        return False
    return any(f":{inode} " in line and "FLOCK" in line
               for line in Path("/proc/locks").read_text().splitlines())  # fmt: skip


def _leftovers(store: Path) -> list[str]:
    return sorted(p.name for p in store.parent.glob(f".{store.name}.*-*"))


# --- 1. a killed worker ------------------------------------------------------------------


CITIES = ["Quetta", "Karachi", "Peshawar", "Lahore", "Kabul", "Kandahar", "Herat", "Bannu"]


def _feed(path: Path, n: int) -> Path:
    """``n`` distinct articles, long enough that each worker's chunk takes seconds."""
    rows = []
    for i in range(n):
        city, other = CITIES[i % len(CITIES)], CITIES[(i + 3) % len(CITIES)]
        text = (f"{city.upper()}: Gunmen attacked a police checkpoint in {city} on Friday, "
                f"killing {i + 2} officers and wounding {i + 5} others, officials said. A "
                f"spokesman said the attackers fled after an exchange of fire lasting {i + 1} "
                f"hours. The attack came {i + 3} days after a bombing in {other} killed "
                f"{i + 4} people. ") * 3  # fmt: skip
        rows.append(json.dumps({"id": f"a{i}", "text": text}))
    path.write_text("\n".join(rows) + "\n")
    return path


def _children(pid: int) -> list[int]:
    """Processes whose parent is ``pid``, from /proc (no psutil)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _kill_a_worker(previous: Path, tmp_path: Path) -> tuple[int, str, float, list[int]]:
    """Run a real build with two workers, SIGKILL one of them once they work; return the
    exit code, the output, the seconds from the kill to the exit, and the workers."""
    feed = _feed(tmp_path / "feed.jsonl", 64)
    args = ["build", str(feed), "--store", str(previous), "--jobs", "2"]
    proc = subprocess.Popen([*CLI, *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while len(workers := _children(proc.pid)) < 2:
            assert proc.poll() is None, proc.communicate()[0]
            assert time.monotonic() < deadline, "the workers never started"
            time.sleep(0.02)
        time.sleep(0.3)  # both are inside spaCy now
        os.kill(workers[0], signal.SIGKILL)
        killed_at = time.monotonic()
        output, _ = proc.communicate(timeout=60)
        return proc.returncode, output, time.monotonic() - killed_at, workers
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()


def test_faults_killed_worker_stops_the_build_and_names_its_articles(
    previous: Path, tmp_path: Path
) -> None:
    """Regression (issue 15, probe 1): `kill -9` of a spaCy worker left the build waiting
    forever on the lost chunk, holding the lock. Now it stops within seconds, stops the
    other worker, names the articles not extracted, exits 2 with E022, and leaves the
    previous store as it was with the lock free."""
    before = _snapshot(previous)
    code, output, seconds, workers = _kill_a_worker(previous, tmp_path)
    assert code == 2, output
    assert "[E022]" in output and "killed by SIGKILL" in output and "feed#a0" in output
    assert BUG not in output
    assert seconds < 15, f"noticed after {seconds:.1f} s"
    assert not any(_alive(pid) for pid in workers)
    assert not _lock_held(previous) and not _leftovers(previous)
    assert _snapshot(previous) == before
    with StoreLock(previous):  # the next build can take the lock
        pass


# --- 2. SERVICE ----------------------------------------------------------------------------


class Listener:
    """A TCP port that records what connects: it holds each connection without answering
    (a SERVICE target that hangs), or with ``hold=False`` closes it at once (one that fails)."""

    def __init__(self, hold: bool = True) -> None:
        self.hold = hold
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port: int = self.sock.getsockname()[1]
        self.hits: list[bytes] = []
        self._held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql"

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            conn.settimeout(2)
            self._handle(conn)

    def _handle(self, conn: socket.socket) -> None:
        with contextlib.suppress(OSError):
            self.hits.append(conn.recv(4096))
        if self.hold:
            self._held.append(conn)
        else:
            conn.close()

    def close(self) -> None:
        self.sock.close()
        for conn in self._held:
            conn.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


def _refused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port  # closed again: connecting is refused


def _service(url: str) -> str:
    return f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"


def test_faults_service_refused_by_query_fast_path_api_and_named_queries(
    seed_store: Path, tmp_path: Path, listener: Listener
) -> None:
    """Regression (issue 15, probe 2): SERVICE made real requests from `query`, the fast
    path and the API. Now each refuses it with E047 and nothing reaches the target."""
    sparql = _service(listener.url)
    code, output = _invoke("query", sparql, "--store", seed_store)
    assert code == 1 and "[E047]" in output and "--allow-service" in output
    code, output = _cli("query", sparql, "--store", seed_store, "-f", "csv")  # the fast path
    assert code == 1 and "[E047]" in output, output
    rq = tmp_path / "remote.rq"
    rq.write_text(sparql)
    assert _invoke("query", rq, "--store", seed_store)[1].count("[E047]") == 1
    code, output = _invoke("query", sparql, "--endpoint", listener.url)
    assert code == 1 and "[E047]" in output
    with pytest.raises(IncidentKGError, match=r"\[E047\]"):
        KnowledgeGraph.open(seed_store).query(sparql)
    with pytest.raises(IncidentKGError, match=r"\[E047\]"):
        run_local(seed_store, sparql, "q", timeout=5)
    assert listener.hits == []
    assert not [n for n, p in named_queries().items() if uses_service(p.read_text("utf-8"))]


def test_faults_service_allowed_refused_target_is_catalogued(seed_store: Path) -> None:
    """Regression (issue 15, probe 2): a refused target ended in "internal error ... This is
    a bug". With --allow-service it is E048, exit 1."""
    url = f"http://127.0.0.1:{_refused_port()}/sparql"
    code, output = _invoke("query", _service(url), "--store", seed_store, "--allow-service")
    assert code == 1 and "[E048]" in output and BUG not in output


def test_faults_service_allowed_hanging_target_is_stopped_by_the_timeout(
    seed_store: Path, listener: Listener, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression (issue 15, probe 2): a target that never answers hung the query. Allowed
    SERVICE always runs under a time limit: --timeout, or the default one."""
    t0 = time.monotonic()
    code, output = _invoke("query", _service(listener.url), "--store", seed_store,
                           "--allow-service", "--timeout", "2")  # fmt: skip
    assert code == 1 and "[E044]" in output and time.monotonic() - t0 < 20
    monkeypatch.setattr(query_run, "SERVICE_TIMEOUT", 1.5)
    t0 = time.monotonic()
    code, output = _invoke("query", _service(listener.url), "--store", seed_store,
                           "--allow-service")  # fmt: skip
    assert code == 1 and "[E044]" in output and time.monotonic() - t0 < 20
    assert listener.hits  # it was allowed: the request went out


def _engine_tricks(url: str) -> Iterator[str]:
    """Ways to write SERVICE that a reader looking for ``\\bSERVICE\\b`` would miss."""
    before = ["", "?s ?p ?o .", "?s ?p ?o", "?s ?p true", "?s ?p 1", '?s ?p "x"', "?s ?p 'x'",
              "?s ?p <http://x>", '?s ?p """x"""', "FILTER(?o)", "{}", "?s ?p ?o #c\n"]  # fmt: skip
    spellings = ["SERVICE", "service", "SeRvIcE", "SERVICE SILENT", "SERVICESILENT",
                 "\\u0053ERVICE"]  # fmt: skip
    n = 0
    for spelling in spellings:
        for head in before:
            for gap in (" ", "", "\n", "#c\n"):
                n += 1
                yield (f"SELECT * WHERE {{ {head}{gap}{spelling} <{url}{n}> "
                       "{ ?s ?p ?o } }")  # fmt: skip
    yield f"SELECT * WHERE {{ ?s ?p ?o FILTER(?o<?o)?s?p'#'SERVICE<{url}x>{{}} }}"
    yield f"SELECT * WHERE {{ {{ SELECT * {{ SERVICE <{url}sub> {{ ?s ?p ?o }} }} }} }}"
    yield f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{url}ex> {{ }} }} }}"


def test_faults_service_detector_catches_every_query_the_engine_sends() -> None:
    """Every trick is run by the real engine against a listener: any query that made a
    request must have been refused by :func:`uses_service`; harmless mentions pass."""
    listener = Listener(hold=False)  # Oxigraph's client has no timeout of its own
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://b"), ox.Literal(True)))
    url = f"http://127.0.0.1:{listener.port}/t"
    sent = missed = 0
    for sparql in _engine_tricks(url):
        before = len(listener.hits)
        with contextlib.suppress(SyntaxError, OSError, RuntimeError):
            answer = store.query(sparql)
            if isinstance(answer, ox.QuerySolutions):
                list(answer)
        if len(listener.hits) > before:
            sent += 1
            missed += not uses_service(sparql)
    listener.close()
    assert sent > 50 and missed == 0
    harmless = ['SELECT ?service { ?service ?p "the security services" } # a service',
                "SELECT * { ?s <https://schema.org/serviceType> ?o }",
                "SELECT * { ?s ?p '''Inter-Services Intelligence''' }"]  # fmt: skip
    assert [uses_service(q) for q in harmless] == [False, False, False]


def _serve(store: Path, port: int, *options: str) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen([*CLI, "serve", "--store", str(store), "--port", str(port), *options],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(f"http://127.0.0.1:{port}/", timeout=2).status_code == 200:
                return proc
        time.sleep(0.1)
    proc.kill()
    raise AssertionError(f"serve did not come up: {proc.communicate()}")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(10)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        if proc.stderr is not None:
            proc.stderr.close()


def test_faults_serve_refuses_service_from_any_client(seed_store: Path, listener: Listener) -> None:
    """Regression (issue 15, probe 2): any client of `serve` could make the server send
    requests to other hosts. The gate answers 403 with E047 however the query is sent,
    and ordinary queries still go through."""
    port = _refused_port()
    query_url = f"http://127.0.0.1:{port}/query"
    sparql = _service(listener.url)
    proc = _serve(seed_store, port)
    try:
        attempts = [
            httpx.post(query_url, data={"query": sparql}, timeout=10),
            httpx.get(query_url, params={"query": sparql}, timeout=10),
            httpx.post(query_url, content=sparql,
                       headers={"Content-Type": "application/sparql-query"}, timeout=10),
            httpx.post(query_url, content=f"query={sparql}".encode(),
                       headers={"Content-Type": "APPLICATION/X-WWW-FORM-URLENCODED"}, timeout=10),
            httpx.get(f"http://127.0.0.1:{port}/", params={"query": sparql}, timeout=10),
            httpx.post(
                query_url,
                content=sparql,
                headers=[
                    ("Content-Type", "application/x-www-form-urlencoded"),
                    ("Content-Type", "application/sparql-query"),
                ],
                timeout=10,
            ),
        ]  # fmt: skip
        assert [r.status_code for r in attempts] == [403] * len(attempts)
        assert all("[E047]" in r.text for r in attempts)
        ok = httpx.post(query_url, data={"query": "ASK { ?s ?p ?o }"}, timeout=10,
                        headers={"Accept": "application/sparql-results+json"})  # fmt: skip
        assert ok.status_code == 200 and ok.json()["boolean"] is True
    finally:
        _stop(proc)
    assert listener.hits == []


class _Restarting(Listener):
    """A backend that drops its first ``drops`` requests unanswered, as a server stopped
    for a restart does with the request it was reading, then answers each with 200."""

    def __init__(self, drops: int) -> None:
        self.drops = drops
        super().__init__(hold=False)

    def _handle(self, conn: socket.socket) -> None:
        with contextlib.suppress(OSError), conn:
            self.hits.append(_whole_request(conn))
            if len(self.hits) > self.drops:
                conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Length: 6\r\n\r\nanswer")


def _whole_request(conn: socket.socket) -> bytes:
    """Headers and the body their Content-Length announces (it may come in a later packet)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        (int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
         if line.lower().startswith(b"content-length:")),
        0,
    )  # fmt: skip
    while len(body) < length:
        chunk = conn.recv(4096)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


def test_faults_gate_sends_again_what_a_restarting_server_dropped() -> None:
    """Regression (CI, stop 32): a query in flight while `serve` restarted Oxigraph on a
    rebuilt store got 503, because the old server closed its connection unanswered. The
    server is read-only, so the gate sends the request again until the new one answers;
    a server that never answers still gives 503 once BACKEND_WAIT has passed."""
    from incidentkg.store.gate import BACKEND_WAIT, Gate, GatePolicy

    backend = _Restarting(drops=2)
    gate = Gate(("127.0.0.1", 0), GatePolicy(("127.0.0.1", backend.port)))
    gate.serve_in_background()
    url = f"http://127.0.0.1:{gate.server_address[1]}/query"
    try:
        answer = httpx.post(url, data={"query": "ASK { ?s ?p ?o }"}, timeout=30)
        assert (answer.status_code, answer.text) == (200, "answer")
        assert len(backend.hits) == 3 and all(b"ASK" in hit for hit in backend.hits)
        backend.drops = 10**6
        t0 = time.monotonic()
        answer = httpx.get(url, params={"query": "ASK {}"}, timeout=30)
        assert answer.status_code == 503 and time.monotonic() - t0 >= BACKEND_WAIT
    finally:
        gate.shutdown()
        gate.server_close()
        backend.close()


def test_faults_serve_allowed_service_is_cut_off_by_the_timeout(
    seed_store: Path, listener: Listener
) -> None:
    """With --allow-service the operator lets SERVICE through, under --timeout: a target
    that never answers gives the client 504 instead of holding it forever."""
    port = _refused_port()
    proc = _serve(seed_store, port, "--allow-service", "--timeout", "2")
    try:
        t0 = time.monotonic()
        answer = httpx.post(f"http://127.0.0.1:{port}/query",
                            data={"query": _service(listener.url)}, timeout=30)  # fmt: skip
        assert answer.status_code == 504 and time.monotonic() - t0 < 20
    finally:
        _stop(proc)
    assert listener.hits


# --- 3. file and id names ------------------------------------------------------------------


def test_faults_undecodable_file_name_is_read_not_fatal(tmp_path: Path) -> None:
    """Regression (issue 15, probe 3): a file named with bytes that are not UTF-8 crashed the
    whole build (UnicodeEncodeError minting its IRI). It is read, its id spells them out."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(FORMATS / "quirks.txt", folder / "good.txt")
    odd = os.path.join(os.fsencode(folder), b"bad\xff\xfe.txt")
    with open(odd, "wb") as fh:
        fh.write(b"QUETTA: A bomb killed three people in a market in Quetta on Saturday.\n")
    code, output = _invoke("build", folder, "--store", tmp_path / "store")
    assert code == 0, output
    ids = _ids(tmp_path / "store")
    assert "bad\\xff\\xfe" in ids and "good" in ids


def _ids(store: Path) -> set[str]:
    code, output = _invoke("query", "SELECT ?id { ?a <https://schema.org/identifier> ?id }",
                           "--store", store, "-f", "json")  # fmt: skip
    assert code == 0, output
    return {row["id"] for row in json.loads(output)}


def test_faults_lone_surrogate_and_huge_integer_ids(tmp_path: Path) -> None:
    """Regression (issue 15, probe 3): a JSONL id holding a lone surrogate crashed the build
    (UnicodeEncodeError), and an integer id of 5,000 digits too (ValueError: the int-string
    limit). The first becomes an escape, the second a skipped row; the rest is built."""
    text = "KARACHI: Gunmen killed two policemen in Karachi on Friday, officials said."
    feed = tmp_path / "feed.jsonl"
    rows = [json.dumps({"id": "x\ud800y", "text": text}),
            '{"id": ' + "7" * 5000 + ', "text": "Quetta blast."}',
            json.dumps({"id": "ok", "text": text.replace("two", "three")})]  # fmt: skip
    feed.write_text("\n".join(rows) + "\n")
    code, output = _invoke("build", feed, "--store", tmp_path / "store")
    assert code == 0, output
    assert "feed.jsonl:2" in output and "[E008]" in output and "too long" in output
    assert _ids(tmp_path / "store") == {"feed#x\\ud800y", "feed#ok"}


def test_faults_missing_path_says_no_such_file(tmp_path: Path) -> None:
    """Regression (issue 15, probe 6): a folder that does not exist was "unsupported file
    type ''"; it is E005, "no such file or folder"."""
    code, output = _invoke("build", tmp_path / "nonexistent_folder", "--store", tmp_path / "s")
    assert code == 1 and "[E005]" in output and "no such file or folder" in output
    assert "[E004]" not in output


def test_faults_syntax_error_names_the_line_it_is_on(seed_store: Path) -> None:
    """Regression (issue 15, probe 6): a missing object on line 3 was reported at 4:2, the
    end of the input (Oxigraph 0.5 reports the end for most mistakes)."""
    sparql = "SELECT ?s\nWHERE {\n  ?s ?p\n}\n"
    code, output = _invoke("query", sparql, "--store", seed_store)
    assert code == 1 and "[E041]" in output and "error at 3:" in output and "?s ?p" in output


# --- 4. disk and permissions -----------------------------------------------------------------


def test_faults_read_only_location_and_unwritable_lock(
    previous: Path, tmp_path: Path, unprivileged: None
) -> None:
    """Regression (issue 15, probe 4): a read-only store location, or a lock file we may not
    write, gave "internal error: PermissionError". Both are E037 naming the file; reading
    the store still works."""
    folder = previous.parent
    try:
        folder.chmod(0o555)
        code, output = _cli("build", FORMATS / "quirks.txt", "--store", previous,
                            unprivileged=True)  # fmt: skip
        assert code == 1 and "[E037]" in output and "store.lock" in output, output
        code, output = _cli("query", "ASK { ?s ?p ?o }", "--store", previous, "-f", "csv",
                            unprivileged=True)  # fmt: skip
        assert code == 0 and "true" in output, output
        folder.chmod(0o755)
        lock_path(previous).touch()
        lock_path(previous).chmod(0o444)
        code, output = _cli("build", FORMATS / "quirks.txt", "--store", previous,
                            unprivileged=True)  # fmt: skip
        assert code == 1 and "[E037]" in output and BUG not in output, output
    finally:
        folder.chmod(0o755)


def _filled(disk: Path, leave: int) -> None:
    """Fill the file system at ``disk`` until ``leave`` bytes are free."""
    filler = disk / "filler"
    filler.unlink(missing_ok=True)
    stat = os.statvfs(disk)
    size = stat.f_bavail * stat.f_frsize - leave
    with filler.open("wb") as fh:
        os.posix_fallocate(fh.fileno(), 0, size)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 4 MiB tmpfs, unmounted afterwards; skipped where mounting is not allowed."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(disk)],
                          capture_output=True, text=True)  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


@pytest.mark.parametrize("free_kib", [250, 120])
def test_faults_full_disk_keeps_the_previous_store_and_no_leftovers(
    seed_store: Path, small_disk: Path, free_kib: int
) -> None:
    """Regression (issue 15, probe 4): with 250 or 120 KiB free, the clean E032 was replaced
    by a second ENOSPC raised while discarding the spool, and `.store.new-PID` stayed."""
    store = small_disk / "store"
    shutil.copytree(seed_store, store)
    before = _snapshot(store)
    _filled(small_disk, free_kib * 1024)
    code, output = _invoke("build", FORMATS, "--store", store)
    assert code == 1 and "[E032]" in output and "free some space" in output, output
    assert BUG not in output
    assert _snapshot(store) == before and not _leftovers(store)
    code, output = _invoke("export", "events", "--store", store, "-f", "jsonl",
                           "-o", small_disk / "events.jsonl")  # fmt: skip
    assert code in (0, 1) and BUG not in output  # a small export may still fit


# --- 5. a damaged store ----------------------------------------------------------------------


def _largest_sst(store: Path) -> Path:
    return max((store / "oxigraph").glob("*.sst"), key=lambda p: p.stat().st_size)


def damage(store: Path, how: str) -> None:
    """Damage a store's RocksDB files as a disk or a careless hand would."""
    sst = _largest_sst(store)
    if how == "deleted-sst":
        sst.unlink()
    elif how == "truncated-sst":
        os.truncate(sst, sst.stat().st_size // 2)
    elif how == "garbage-current":
        (store / "oxigraph" / "CURRENT").write_text("garbage!\n")
    elif how == "zeroed-block":  # the first data block of each table: opens, fails when read
        for table in (store / "oxigraph").glob("*.sst"):
            if table.stat().st_size > 8192:
                with table.open("r+b") as fh:
                    fh.seek(64)
                    fh.write(bytes(1024))
    else:
        raise ValueError(how)


OPENING_FAILS = ["deleted-sst", "truncated-sst", "garbage-current"]


@pytest.mark.parametrize("how", OPENING_FAILS)
def test_faults_damaged_store_is_catalogued_with_what_to_do(previous: Path, how: str) -> None:
    """Regression (issue 15, probe 5): a deleted or truncated .sst, or garbage in CURRENT,
    gave "internal error: RuntimeError: Corruption ... This is a bug" from stats, query and
    build. Each command says E033 and points at `doctor`, which says to --repair."""
    damage(previous, how)
    out = previous.parent / "events.csv"
    for command in (["stats"], ["query", "chain"], ["export", "events", "-o", out],
                    ["build", FORMATS / "quirks.txt"], ["validate"]):  # fmt: skip
        code, output = _invoke(*command, "--store", previous)
        assert code == 1 and "[E033]" in output and "incidentkg doctor" in output, (command, output)
        assert BUG not in output
    code, output = _cli("query", "ASK { ?s ?p ?o }", "--store", previous)  # the fast path
    assert code == 1 and "[E033]" in output, output
    code, output = _invoke("doctor", "--store", previous)
    assert code == 1 and "[E039]" in output and "--repair" in output


@pytest.mark.parametrize("how", [*OPENING_FAILS, "zeroed-block"])
def test_faults_doctor_repairs_the_index_from_the_saved_records(previous: Path, how: str) -> None:
    """`doctor --repair` writes the index again from the saved records: same quads after.
    The zeroed block opens fine and fails only when read: doctor reads every quad (in a
    child with a memory limit, as SPARQL on such a block fills memory)."""
    before = _snapshot(previous)[0]
    damage(previous, how)
    code, output = _cli("doctor", "--store", previous)
    assert code == 1 and "FAILED" in output and "[E039]" in output and BUG not in output
    code, output = _invoke("doctor", "--store", previous, "--repair")
    assert code == 0 and "Repaired" in output, output
    assert _snapshot(previous)[0] == before


def test_faults_doctor_on_damaged_records_says_to_rebuild(previous: Path) -> None:
    """Saved records cut short: the index still answers, doctor says to rebuild from the
    sources, and a build says E036 instead of an EOFError."""
    records = previous / "records.jsonl.gz"
    os.truncate(records, records.stat().st_size // 2)
    code, output = _invoke("doctor", "--store", previous)
    assert code == 1 and "saved records readable" in output and "--rebuild" in output
    code, output = _invoke("build", FORMATS / "quirks.txt", "--store", previous)
    assert code == 1 and "[E036]" in output and BUG not in output
    assert _invoke("stats", "--store", previous)[0] == 0


def test_faults_doctor_healthy_store(seed_store: Path) -> None:
    code, output = _invoke("doctor", "--store", seed_store)
    assert code == 0 and "healthy" in output and "FAILED" not in output


# --- 7. credentials in error pages -----------------------------------------------------------


class _Echo(BaseHTTPRequestHandler):
    """Answers 500 quoting the credentials it got, as a careless server does, then the
    request's headers and a long tail."""

    def _echo(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        sent = self.headers.get("Authorization", "")
        scheme, _, value = sent.partition(" ")
        plain = base64.b64decode(value).decode() if scheme == "Basic" else value
        body = (
            f"Refused Authorization: {sent} (that is {plain}; password={plain.split(':')[-1]}) "
            f"for {self.command} {self.path}\n{self.headers}" + "x" * 5000
        ).encode()
        self.send_response(500)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_PUT = do_POST = do_GET = _echo

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def echo_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("auth", ["basic", "bearer"])
def test_faults_remote_error_body_is_cut_and_scrubbed(
    seed_store: Path, echo_server: str, auth: str
) -> None:
    """Regression (issue 15, probe 7): `load` printed a server's error body verbatim, and a
    server echoing the request printed our Authorization header on stderr."""
    password = "s3cret-Passw0rd"
    env = ({"INCIDENTKG_REMOTE_USER": "ann", "INCIDENTKG_REMOTE_PASSWORD": password}
           if auth == "basic" else {"INCIDENTKG_REMOTE_TOKEN": password})  # fmt: skip
    code, output = _invoke("load", "--store", seed_store, "--graph-store", f"{echo_server}/store",
                           "--retries", "0", "--timeout", "5", "--auth", "basic",
                           env=env)  # fmt: skip
    assert code == 1 and "[E072]" in output and "***" in output, output
    basic = base64.b64encode(f"ann:{password}".encode()).decode()
    assert password not in output and basic not in output
    quoted = output.split("answered HTTP 500: ", 1)[1].split("\n")[0]
    assert len(quoted.split("; ")[0]) <= 400  # 300 characters of the page, and the wrapping


# --- the fault matrix ------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One command run on one fault; ``codes`` are the exit codes it may end with."""

    args: tuple[str | Path, ...]
    codes: tuple[int, ...] = (1,)
    unprivileged: bool = False


Fault = Callable[[Path, Path], list[Case]]


def _reads(tmp: Path) -> list[tuple[str | Path, ...]]:
    """The commands that only read the store (an export writes beside, in ``tmp``)."""
    return [("stats",), ("query", "chain"), ("query", "ASK { ?s ?p ?o }", "-f", "csv"),
            ("export", "events", "-o", tmp / "events.csv"), ("validate",)]  # fmt: skip


def _missing(store: Path, tmp: Path) -> list[Case]:
    shutil.rmtree(store)
    return [Case((*a, "--store", store)) for a in [*_reads(tmp), ("doctor",), ("remove", "x")]] + [
        Case(("build", tmp / "nowhere", "--store", store))]  # fmt: skip


def _unreadable(store: Path, tmp: Path) -> list[Case]:
    for sst in (store / "oxigraph").glob("*.sst"):
        sst.chmod(0)
    (store / "records.jsonl.gz").chmod(0)
    cases = [Case((*a, "--store", store), unprivileged=True) for a in _reads(tmp)]
    return [*cases, Case(("build", FORMATS / "quirks.txt", "--store", store), unprivileged=True)]


def _read_only(store: Path, tmp: Path) -> list[Case]:
    store.parent.chmod(0o555)
    return [Case((*a, "--store", store), (0,), unprivileged=True) for a in _reads(tmp)[:3]] + [
        Case(("build", FORMATS / "quirks.txt", "--store", store), unprivileged=True),
        Case(("export", "events", "--store", store, "-o", store.parent / "e.csv"),
             unprivileged=True),
    ]  # fmt: skip


def _corrupted(store: Path, tmp: Path) -> list[Case]:
    damage(store, "truncated-sst")
    return [Case((*a, "--store", store)) for a in [*_reads(tmp), ("doctor",), ("remove", "x")]]


def _locked(store: Path, tmp: Path) -> list[Case]:
    return [Case((*a, "--store", store), (0,)) for a in _reads(tmp)] + [
        Case(("build", FORMATS / "quirks.txt", "--store", store)),
        Case(("remove", "quirks", "--store", store)),
        Case(("doctor", "--store", store), (0,)),
    ]  # fmt: skip


FAULTS: dict[str, Fault] = {
    "missing": _missing,
    "unreadable": _unreadable,
    "read-only": _read_only,
    "corrupted": _corrupted,
    "locked": _locked,
}


@pytest.mark.parametrize("fault", [*FAULTS, "full", "killed"])
def test_faults_matrix_never_says_this_is_a_bug(
    fault: str, previous: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """The CLI over every fault: each command ends with a catalogued message (or works),
    none with "internal error ... This is a bug". "full" and "killed" are staged by the
    tests above (a tmpfs, a real SIGKILL); here they run once more as part of the matrix."""
    if fault == "killed":
        code, output, _, _ = _kill_a_worker(previous, tmp_path)
        assert code == 2 and "[E022]" in output and BUG not in output
        return
    if fault == "full":
        disk = request.getfixturevalue("small_disk")
        store = disk / "store"
        shutil.copytree(previous, store)
        _filled(disk, 120 * 1024)
        cases = [Case(("build", FORMATS, "--store", store)),
                 *(Case((*a, "--store", store), (0,)) for a in _reads(tmp_path)[:3])]  # fmt: skip
    else:
        if FAULTS[fault] in (_unreadable, _read_only):
            request.getfixturevalue("unprivileged")
        cases = FAULTS[fault](previous, tmp_path)
    lock = StoreLock(previous).acquire() if fault == "locked" else None
    try:
        for case in cases:
            if case.unprivileged or case.args[0] == "query":  # the console script's fast path
                code, output = _cli(*case.args, unprivileged=case.unprivileged)
            else:
                code, output = _invoke(*case.args)
            assert BUG not in output and "internal error" not in output, (case, output)
            assert code in case.codes, (case, code, output)
            assert code == 0 or "[E" in output or "Invalid value" in output, (case, output)
    finally:
        if lock is not None:
            lock.release()
        previous.parent.chmod(0o755)
        for path in previous.rglob("*"):
            with contextlib.suppress(OSError):
                path.chmod(0o755 if path.is_dir() else 0o644)


def test_faults_doctests_pass() -> None:
    """The examples in the modules this issue added or changed run as written."""
    import doctest

    from incidentkg import errors
    from incidentkg.query import service
    from incidentkg.store import gate, remote

    for module in (errors, service, gate, remote):
        assert doctest.testmod(module).failed == 0, module.__name__
