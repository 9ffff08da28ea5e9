"""Remote triple stores: a real Oxigraph server, and a tiny flaky server for failures.

The Oxigraph server is started by these tests on a free loopback port and stopped after.
Failure cases use a real HTTP server of a few lines (no mocks) that answers 500, drops
the connection, answers too slowly, speaks TLS with a self-signed certificate, or checks
credentials.
"""

from __future__ import annotations

import base64
import contextlib
import json
import shutil
import socket
import ssl
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

from incidentkg.build.incremental import read_saved
from incidentkg.cli import app
from incidentkg.errors import IncidentKGError
from incidentkg.store.local import ARTICLE_GRAPH_PREFIX, RESOLVED_GRAPH, open_store
from incidentkg.store.remote import graph_store_url, load_order, redact
from incidentkg.store.serve import oxigraph_binary

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


def test_remote_load_replace_sends_only_changed_graphs(
    seed_store: Path, oxigraph_url: str, tmp_path: Path
) -> None:
    """Issue 17: after an update, `load` sends only the graphs that changed since the last
    load to that server (and says how many it skipped); a server cleared behind our back,
    or --all-graphs, gets every graph again. The remote always ends equal to the store."""
    _clear(oxigraph_url)
    store = tmp_path / "store"
    shutil.copytree(seed_store, store, ignore=shutil.ignore_patterns("LOCK"))
    endpoint = f"{oxigraph_url}/query"

    def load(*extra: str) -> str:
        code, output = _invoke("load", "--store", store, "--endpoint", endpoint, *extra, *FAST)
        assert code == 0, output
        assert _remote_quads(oxigraph_url) == _local_quads(store)
        return output

    first = load()
    assert "Loaded 7 graph(s)" in first and "Skipped" not in first
    assert "Loaded 0 graph(s), 0 triple(s)" in (again := load())
    assert "Skipped 7 graph(s)" in again
    gone = sorted(read_saved(store).articles)[0]
    code, output = _invoke("remove", gone, "--store", store)
    assert code == 0, output
    after = load("--prune")
    sent = int(after.split("Loaded ")[1].split(" graph")[0])
    skipped = int(after.split("Skipped ")[1].split(" graph")[0])
    assert 1 <= sent <= 2 and sent + skipped == 6, after  # the resolved graph (+ replaced)
    _clear(oxigraph_url)  # someone else empties the server
    assert "Loaded 6 graph(s)" in load()
    assert "Loaded 6 graph(s)" in load("--all-graphs")


def test_remote_graph_store_url_forms() -> None:
    """The README's URL forms for Oxigraph, Fuseki, GraphDB and Virtuoso map to their graph
    stores (Virtuoso's -auth form when credentials are given)."""
    assert graph_store_url("http://h:7878/query") == "http://h:7878/store"
    assert graph_store_url("http://h:3030/ds/sparql") == "http://h:3030/ds/data"
    assert graph_store_url("http://h:3030/ds/query") == "http://h:3030/ds/data"
    assert graph_store_url("http://h:8890/sparql") == "http://h:8890/sparql-graph-crud"
    assert (
        graph_store_url("http://h:8890/sparql/", authenticated=True)
        == "http://h:8890/sparql-graph-crud-auth"
    )
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
    #: a WWW-Authenticate value: a request without Authorization is answered 401 with it
    challenge: str = ""

    def handle(self, handler: BaseHTTPRequestHandler) -> None:
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(handler.path).query)
        graph = query.get("graph", [""])[0]
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length)
        method = handler.command
        sent = handler.headers.get("Authorization", "")
        self.requests.append((method, graph, sent))
        action = self.plan(method, graph)
        if self.challenge and not sent:
            handler.send_response(401)
            handler.send_header("WWW-Authenticate", self.challenge)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        if action == "drop":
            handler.close_connection = True
            return
        if action.startswith("slow"):  # "slow:SECONDS": store it, but answer too late
            time.sleep(float(action.split(":")[1]))
            action = "ok"
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
        with contextlib.suppress(OSError):  # the client may have given up (timeout)
            handler.send_response(204)
            handler.end_headers()


@contextlib.contextmanager
def serve_tiny(state: TinyStore, tls: ssl.SSLContext | None = None) -> Iterator[str]:
    """Run ``state`` on a loopback port (over TLS if given); yields the graph store URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_PUT(self) -> None:
            state.handle(self)

        def do_POST(self) -> None:
            state.handle(self)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    scheme = "https" if tls else "http"
    try:
        yield f"{scheme}://127.0.0.1:{server.server_address[1]}/store"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture
def tiny() -> Iterator[tuple[TinyStore, str]]:
    state = TinyStore()
    with serve_tiny(state) as url:
        yield state, url


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
    ("env", "sent"),
    [
        ({"INCIDENTKG_REMOTE_TOKEN": "s3cret-token"}, ["Bearer s3cret-token"]),
        (
            {"INCIDENTKG_REMOTE_USER": "ann", "INCIDENTKG_REMOTE_PASSWORD": "s3cret-pw"},
            ["", "Basic " + base64.b64encode(b"ann:s3cret-pw").decode()],
        ),
    ],
)
def test_remote_credentials_come_from_env_and_are_never_printed(
    seed_store: Path, tiny: tuple[TinyStore, str], env: dict[str, str], sent: list[str]
) -> None:
    """Secrets reach the server only as an Authorization header, never the terminal. A token
    goes at once; a password only after a 401 (no scheme named: Basic)."""
    state, url = tiny
    state.plan = lambda method, graph: "401"
    code, output = _invoke("load", "--store", seed_store, "--graph-store", url, *FAST, env=env)
    assert code == 1 and "401" in output
    assert [auth for _, _, auth in state.requests] == sent
    assert "s3cret" not in output


BASIC_ANN = "Basic " + base64.b64encode(b"ann:s3cret-pw").decode()
ANN = {"INCIDENTKG_REMOTE_USER": "ann", "INCIDENTKG_REMOTE_PASSWORD": "s3cret-pw"}


def test_remote_password_goes_only_where_asked_in_the_scheme_asked(
    seed_store: Path, tiny: tuple[TinyStore, str]
) -> None:
    """Regression (issue 18): a user and password were sent as Basic to every server. Now
    a server that does not ask never sees them; one that asks for Basic gets Basic after its
    first 401 and at once afterwards; --auth basic restores sending them unasked."""
    state, url = tiny
    code, output = _invoke("load", "--store", seed_store, "--graph-store", url, *FAST, env=ANN)
    assert code == 0, output
    assert {auth for _, _, auth in state.requests} == {""}
    graphs = len(state.graphs)
    state.requests.clear()
    state.challenge = 'Basic realm="tiny"'
    code, output = _invoke("load", "--store", seed_store, "--graph-store", url, *FAST, env=ANN)
    assert code == 0, output
    assert [auth for _, _, auth in state.requests] == ["", *[BASIC_ANN] * graphs]
    state.requests.clear()
    code, output = _invoke("load", "--store", seed_store, "--graph-store", url, *FAST,
                           "--auth", "basic", env=ANN)  # fmt: skip
    assert code == 0, output
    assert [auth for _, _, auth in state.requests] == [BASIC_ANN] * graphs


def test_remote_401_names_the_scheme_asked_for(
    seed_store: Path, tiny: tuple[TinyStore, str]
) -> None:
    """E072 says which scheme the server asked for and what we did: nothing to send,
    a scheme we cannot answer, or a Basic challenge that --auth digest refuses."""
    state, url = tiny
    load = ("load", "--store", seed_store, "--graph-store", url, "--retries", "0")
    state.challenge = 'Basic realm="tiny"'
    code, output = _invoke(*load)
    assert code == 1 and "[E072]" in output and "401" in output
    assert "asks for HTTP Basic authentication (realm tiny); none sent" in output
    assert "INCIDENTKG_REMOTE_USER" in output
    state.requests.clear()
    code, output = _invoke(*load, "--auth", "digest", env=ANN)
    assert code == 1 and "asks for HTTP Basic authentication" in output
    assert {auth for _, _, auth in state.requests} == {""}  # never Basic under --auth digest
    state.challenge = "Negotiate"
    code, output = _invoke(*load, env=ANN)
    assert code == 1 and "asks for Negotiate authentication, which incidentkg cannot" in output
    state.challenge = 'Bearer realm="api"'
    code, output = _invoke(*load)
    assert code == 1 and "INCIDENTKG_REMOTE_TOKEN" in output


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


# --- slow servers, netrc, TLS ---------------------------------------------------------------

SLOW = ("--retries", "1", "--backoff", "0.05", "--timeout", "0.3")


def test_remote_slow_server_is_retried_with_back_off(
    seed_store: Path, tiny: tuple[TinyStore, str]
) -> None:
    """A read timeout is a network error like any other: back off, ask again, finish."""
    state, url = tiny
    order = load_order(open_store(seed_store))
    slow_once = iter(["slow:1.0"])
    state.plan = lambda method, graph: next(slow_once, "ok") if graph == order[1] else "ok"
    code, output = _invoke("load", "--store", seed_store, "--graph-store", url, *SLOW)
    assert code == 0, output
    assert [g for _, g, _ in state.requests].count(order[1]) == 2
    assert state.graphs == _expected_lines(seed_store)


def test_remote_slow_graph_is_reported_and_nothing_unsent_is_claimed(
    seed_store: Path, tiny: tuple[TinyStore, str], tmp_path: Path
) -> None:
    """A graph that times out on every try is named with the reason; the report lists as
    loaded only graphs the server accepted, and the resolved graph is not sent."""
    state, url = tiny
    order = load_order(open_store(seed_store))
    state.plan = lambda method, graph: "slow:0.6" if graph == order[2] else "ok"
    report = tmp_path / "report.json"
    code, output = _invoke("load", "--store", seed_store, "--graph-store", url, *SLOW,
                           "--report", report)  # fmt: skip
    assert code == 1 and "[E075]" in output and "ReadTimeout" in output
    data = json.loads(report.read_text())
    loaded = [g["graph"] for g in data["loaded"]]
    assert loaded == order[:2] and data["failed"] == order[2]
    assert data["not_loaded"] == order[2:] and not data["ok"]
    assert [g for _, g, _ in state.requests].count(order[2]) == 2  # one retry, then give up
    time.sleep(0.7)  # let the slow handler finish whatever it does
    assert set(loaded) <= set(state.graphs) and RESOLVED_GRAPH not in state.graphs


def _netrc(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "netrc"
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)
    return path


def test_remote_credentials_from_netrc_are_sent_and_never_printed(
    seed_store: Path, tiny: tuple[TinyStore, str], tmp_path: Path
) -> None:
    """A netrc file (--netrc or NETRC) gives basic auth for its machine; the environment's
    INCIDENTKG_REMOTE_* variables win over it."""
    state, url = tiny
    state.challenge = 'Basic realm="tiny"'
    netrc = _netrc(tmp_path, "machine 127.0.0.1 login ann password s3cret-pw\n")
    basic = "Basic " + base64.b64encode(b"ann:s3cret-pw").decode()
    code, output = _invoke("load", "--store", seed_store, "--graph-store", url, *FAST,
                           "--netrc", netrc)  # fmt: skip
    assert code == 0 and "s3cret" not in output, output
    assert {auth for _, _, auth in state.requests} == {"", basic}  # "": before the 401
    for env, header in (
        ({"NETRC": str(netrc)}, {"", basic}),
        ({"NETRC": str(netrc), "INCIDENTKG_REMOTE_TOKEN": "tok"}, {"Bearer tok"}),
    ):
        state.requests.clear()
        code, output = _invoke("load", "--store", seed_store, "--graph-store", url, *FAST,
                               env=env)  # fmt: skip
        assert code == 0 and "s3cret" not in output, output
        assert {auth for _, _, auth in state.requests} == header


def test_remote_broken_netrc_is_named_without_its_secrets(
    seed_store: Path, tiny: tuple[TinyStore, str], tmp_path: Path
) -> None:
    """Python's netrc error quotes the offending token, which may be a password: not shown."""
    state, url = tiny
    netrc = _netrc(tmp_path, "machine 127.0.0.1\nlogin ann s3cret-pw\n")
    code, output = _invoke("load", "--store", seed_store, "--graph-store", url, *FAST,
                           "--netrc", netrc)  # fmt: skip
    assert code == 1 and "[E076]" in output and "syntax error at line" in output
    assert "s3cret" not in output and state.requests == []


@pytest.fixture(scope="module")
def self_signed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 signed by itself (made with the openssl program)."""
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl program to make a certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def test_remote_tls_is_verified_unless_insecure(
    seed_store: Path, self_signed: tuple[Path, Path]
) -> None:
    """An untrusted certificate stops the load at once (no retries) with a way forward;
    SSL_CERT_FILE trusts it; --insecure skips the check with a warning."""
    cert, key = self_signed
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    state = TinyStore()
    with serve_tiny(state, context) as url:
        t0 = time.monotonic()
        code, output = _invoke("load", "--store", seed_store, "--graph-store", url, *FAST)
        assert code == 1 and "[E071]" in output and "certificate" in output, output
        assert "--insecure" in output and "Loaded: none" in output
        assert time.monotonic() - t0 < 3 and state.requests == []
        code, output = _invoke("load", "--store", seed_store, "--graph-store", url, *FAST,
                               env={"SSL_CERT_FILE": str(cert)})  # fmt: skip
        assert code == 0 and "W004" not in output, output
        state.graphs.clear()
        code, output = _invoke("load", "--store", seed_store, "--graph-store", url, *FAST,
                               "--insecure")  # fmt: skip
        assert code == 0 and "[W004]" in output, output
        assert state.graphs == _expected_lines(seed_store)
