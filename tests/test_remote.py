"""Remote triple stores: a real Oxigraph server, and a tiny flaky server for failures.

The Oxigraph server is started by these tests on a free loopback port and stopped after.
Failure cases use a real HTTP server of a few lines (no mocks) that answers 500, drops
the connection, or checks credentials.
"""

from __future__ import annotations

import base64
import json
import socket
import subprocess
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from incidentkg.cli import app
from incidentkg.errors import IncidentKGError
from incidentkg.remote import graph_store_url, load_order, redact
from incidentkg.serve import oxigraph_binary
from incidentkg.store import ARTICLE_GRAPH_PREFIX, RESOLVED_GRAPH, open_store

runner = CliRunner()
FAST = ("--retries", "2", "--backoff", "0.01", "--timeout", "5")


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_up(url: str, seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=1.0)
            return
        except httpx.TransportError:
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not come up")


@pytest.fixture(scope="module")
def oxigraph_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real ``oxigraph serve`` on 127.0.0.1, empty, stopped when the module is done."""
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph-server")
    command = [oxigraph_binary(), "serve", "--location", str(location)]
    proc = subprocess.Popen(
        [*command, "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url)
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


def _clear(url: str) -> None:
    httpx.post(f"{url}/update", data={"update": "DROP ALL"}, timeout=10).raise_for_status()


def _remote_quads(url: str) -> set[ox.Quad]:
    response = httpx.get(f"{url}/store", headers={"Accept": "application/n-quads"}, timeout=30)
    response.raise_for_status()
    return set(ox.parse(response.content, format=ox.RdfFormat.N_QUADS))


def _local_quads(store: Path) -> set[ox.Quad]:
    return set(open_store(store).quads_for_pattern(None, None, None, None))


def _invoke(*args: str | Path, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = runner.invoke(app, [str(a) for a in args], env=env)
    return result.exit_code, result.output


def test_remote_load_holds_same_quads_as_embedded(seed_store: Path, oxigraph_url: str) -> None:
    """The remote store must hold exactly our quads, and loading again must not double them."""
    _clear(oxigraph_url)
    endpoint = f"{oxigraph_url}/query"
    code, output = _invoke("load", "--store", seed_store, "--endpoint", endpoint, *FAST)
    assert code == 0, output
    assert "Loaded 7 graph(s)" in output
    expected = _local_quads(seed_store)
    assert _remote_quads(oxigraph_url) == expected
    for mode in ("replace", "merge"):
        code, output = _invoke(
            "load", "--store", seed_store, "--endpoint", endpoint, "--mode", mode, *FAST
        )
        assert code == 0, output
        assert _remote_quads(oxigraph_url) == expected, mode


def test_remote_query_chain_gives_same_rows(seed_store: Path, oxigraph_url: str) -> None:
    """`query --endpoint` runs the same named queries with the same answers as locally."""
    _clear(oxigraph_url)
    endpoint = f"{oxigraph_url}/query"
    assert _invoke("load", "--store", seed_store, "--endpoint", endpoint, *FAST)[0] == 0
    for name in ("chain", "events"):
        code, local = _invoke("query", name, "--store", seed_store, "-f", "json")
        assert code == 0, local
        code, remote = _invoke("query", name, "--endpoint", endpoint, "-f", "json")
        assert code == 0, remote
        assert json.loads(remote) == json.loads(local) != []


def test_remote_query_syntax_error_is_user_error(oxigraph_url: str) -> None:
    """A SPARQL typo sent to a server is still the user's to fix (E041, exit 1)."""
    code, output = _invoke(
        "query", "SELECT ?s WHERE { ?s ?p }", "--endpoint", f"{oxigraph_url}/query"
    )
    assert code == 1 and "E041" in output


def test_remote_prune_deletes_removed_article_graphs(seed_store: Path, oxigraph_url: str) -> None:
    """An article removed locally must disappear remotely too when asked (--prune)."""
    _clear(oxigraph_url)
    stale = ARTICLE_GRAPH_PREFIX + "gone"
    httpx.put(
        f"{oxigraph_url}/store",
        params={"graph": stale},
        content=b"<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n",
        headers={"Content-Type": "application/n-triples"},
    ).raise_for_status()
    endpoint = f"{oxigraph_url}/query"
    code, output = _invoke("load", "--store", seed_store, "--endpoint", endpoint, "--prune", *FAST)
    assert code == 0, output
    assert "stale" in output and "gone" in output
    assert _remote_quads(oxigraph_url) == _local_quads(seed_store)


def test_remote_graph_store_url_forms() -> None:
    """The README's URL forms for Oxigraph, Fuseki and GraphDB map to their graph stores."""
    assert graph_store_url("http://h:7878/query") == "http://h:7878/store"
    assert graph_store_url("http://h:3030/ds/sparql") == "http://h:3030/ds/data"
    assert graph_store_url("http://h:3030/ds/query") == "http://h:3030/ds/data"
    assert (
        graph_store_url("https://h/repositories/r") == "https://h/repositories/r/rdf-graphs/service"
    )
    for bad in ("http://h/whatever", "ftp://h/query", "not a url"):
        with pytest.raises(IncidentKGError) as info:
            graph_store_url(bad)
        assert info.value.code == "E074"
    assert redact("http://me:secret@h:1/q") == "http://h:1/q"


# --- a tiny, real, misbehaving graph store ------------------------------------------------


@dataclass
class TinyStore:
    """In-memory Graph Store Protocol with a failure plan: ``plan(method, graph) -> action``."""

    plan: Callable[[str, str], str] = lambda method, graph: "ok"
    graphs: dict[str, set[bytes]] = field(default_factory=dict)
    requests: list[tuple[str, str, str]] = field(default_factory=list)  # method, graph, auth

    def handle(self, handler: BaseHTTPRequestHandler) -> None:
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(handler.path).query)
        graph = query.get("graph", [""])[0]
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length)
        method = handler.command
        self.requests.append((method, graph, handler.headers.get("Authorization", "")))
        action = self.plan(method, graph)
        if action == "drop":
            handler.close_connection = True
            return
        if action != "ok":
            handler.send_response(int(action))
            handler.send_header("Content-Length", "4")
            handler.end_headers()
            handler.wfile.write(b"boom")
            return
        lines = {line for line in body.splitlines() if line.strip()}
        if method == "PUT":
            self.graphs[graph] = lines
        else:
            self.graphs.setdefault(graph, set()).update(lines)
        handler.send_response(204)
        handler.end_headers()


@pytest.fixture
def tiny() -> Iterator[tuple[TinyStore, str]]:
    state = TinyStore()

    class Handler(BaseHTTPRequestHandler):
        def do_PUT(self) -> None:
            state.handle(self)

        def do_POST(self) -> None:
            state.handle(self)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}/store"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def _expected_lines(store: Path) -> dict[str, set[bytes]]:
    db = open_store(store)
    out = {}
    for graph in load_order(db):
        data = db.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
        assert data is not None
        out[graph] = {line for line in data.splitlines() if line.strip()}
    return out


def test_remote_retries_after_dropped_connection_and_500(
    seed_store: Path, tiny: tuple[TinyStore, str]
) -> None:
    """A dropped connection and a 500 are retried with back-off; the load still completes."""
    state, url = tiny
    faults = iter(["drop", "500"])
    state.plan = lambda method, graph: next(faults, "ok")
    code, output = _invoke("load", "--store", seed_store, "--graph-store", url, *FAST)
    assert code == 0, output
    assert state.graphs == _expected_lines(seed_store)
    assert len(state.requests) == len(state.graphs) + 2


def test_remote_failure_names_graphs_and_rerun_finishes(
    seed_store: Path, tiny: tuple[TinyStore, str]
) -> None:
    """A graph that keeps failing stops the load and the report names what did and did not
    load; the resolved graph is never sent before its evidence; a re-run completes the job
    without duplicates."""
    state, url = tiny
    order = load_order(open_store(seed_store))
    broken = order[2]
    state.plan = lambda method, graph: "503" if graph == broken else "ok"
    code, output = _invoke("load", "--store", seed_store, "--graph-store", url, *FAST)
    assert code == 1
    assert "E075" in output and "503" in output
    loaded_line = next(ln for ln in output.splitlines() if ln.startswith("Loaded:"))
    not_loaded = output[output.index("Not loaded:") :]
    assert all(g in loaded_line for g in order[:2])
    assert all(g.split("/")[-1] in not_loaded for g in order[2:])
    assert set(state.graphs) == set(order[:2]) and RESOLVED_GRAPH not in state.graphs
    state.plan = lambda method, graph: "ok"
    code, output = _invoke("load", "--store", seed_store, "--graph-store", url, *FAST)
    assert code == 0, output
    assert state.graphs == _expected_lines(seed_store)


@pytest.mark.parametrize(
    ("env", "header"),
    [
        ({"INCIDENTKG_REMOTE_TOKEN": "s3cret-token"}, "Bearer s3cret-token"),
        (
            {"INCIDENTKG_REMOTE_USER": "ann", "INCIDENTKG_REMOTE_PASSWORD": "s3cret-pw"},
            "Basic " + base64.b64encode(b"ann:s3cret-pw").decode(),
        ),
    ],
)
def test_remote_credentials_come_from_env_and_are_never_printed(
    seed_store: Path, tiny: tuple[TinyStore, str], env: dict[str, str], header: str
) -> None:
    """Secrets reach the server only as an Authorization header, never the terminal."""
    state, url = tiny
    state.plan = lambda method, graph: "401"
    code, output = _invoke("load", "--store", seed_store, "--graph-store", url, *FAST, env=env)
    assert code == 1 and "401" in output
    assert state.requests[0][2] == header
    assert "s3cret" not in output


def test_remote_unreachable_server_is_named(seed_store: Path) -> None:
    """Nobody listening: the user learns which URL failed and that nothing was loaded."""
    url = f"http://127.0.0.1:{free_port()}/store"
    code, output = _invoke("load", "--store", seed_store, "--graph-store", url, *FAST)
    assert code == 1
    assert "E071" in output and "Loaded: none" in output


def test_remote_load_needs_a_target(seed_store: Path) -> None:
    """Without --endpoint or --graph-store there is nowhere to load into (E070)."""
    code, output = _invoke("load", "--store", seed_store)
    assert code == 1 and "E070" in output
