"""The gate in front of ``oxigraph serve-read-only``: it reads every request before Oxigraph.

Oxigraph's server runs ``SERVICE <url> {...}`` by calling ``url`` itself and has no switch to
refuse it, so through ``incidentkg serve`` anyone who may query could make the server send
requests to other hosts, the local network included (server-side request forgery). The
server therefore listens on a loopback port only this process knows, and the gate listens
where the user asked. It hands each request on unchanged, but first reads every text in it
that Oxigraph might take for a query (each URL parameter, and the body, as a form or as is)
and answers 403 with E047 when one may use SERVICE (:mod:`incidentkg.query.service`),
unless the operator passed ``--allow-service``.

The gate also bounds what a client can hold: a request must arrive within
:data:`READ_SECONDS` and carry at most :data:`MAX_BODY` bytes with a ``Content-Length``,
and the answer is awaited at most ``timeout`` seconds when one is set (504 after that):
a SERVICE target that never answers cannot hold a connection forever.
"""

from __future__ import annotations

import http.client
import socket
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote_plus, urlsplit

from incidentkg.errors import Msg
from incidentkg.query.service import SERVICE_TIMEOUT, uses_service

MAX_BODY = 16 << 20
READ_SECONDS = 60.0
#: seconds a request waits for a server that is restarting on a rebuilt store
BACKEND_WAIT = 10.0
_HOP_BY_HOP = frozenset(
    {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
     "trailers", "transfer-encoding", "upgrade", "host", "content-length"}
)  # fmt: skip


@dataclass(frozen=True)
class GatePolicy:
    """Where Oxigraph listens, whether SERVICE passes, how long an answer may take."""

    backend: tuple[str, int]
    allow_service: bool = False
    timeout: float | None = None


def request_texts(target: str, body: bytes, content_type: str) -> Iterator[str]:
    """Every text of a request that Oxigraph might read as a query or an update.

    Every name and value of the URL's parameters, whatever the name, and of a form body;
    any other body as a whole: reading more than Oxigraph does can only refuse more.

    >>> list(request_texts("/query?query=ASK%7B%7D&x=1", b"", ""))
    ['query', 'ASK{}', 'x', '1']
    >>> form = "application/x-www-form-urlencoded"
    >>> list(request_texts("/query", b"query=SELECT+*+%7B%7D", form))
    ['query', 'SELECT * {}']
    """
    yield from _form_texts(urlsplit(target).query)
    if not body:
        return
    text = body.decode("utf-8", "replace")
    if content_type.split(";")[0].strip().lower() == "application/x-www-form-urlencoded":
        yield from _form_texts(text)
    else:
        yield text


def _form_texts(text: str) -> Iterator[str]:
    """Names and values of ``a=b&c=d``, decoded as a form is (``+`` is a space)."""
    for pair in text.split("&"):
        name, _, value = pair.partition("=")
        yield from (unquote_plus(t) for t in (name, value) if t)


class Gate(ThreadingHTTPServer):
    """The public listener; :meth:`serve_in_background` runs it on a daemon thread."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], policy: GatePolicy) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        super().__init__(address, _Handler)
        self.policy = policy
        self.refused = 0

    def serve_in_background(self) -> threading.Thread:
        thread = threading.Thread(target=self.serve_forever, name="incidentkg-gate", daemon=True)
        thread.start()
        return thread


class _Handler(BaseHTTPRequestHandler):
    server: Gate
    timeout = READ_SECONDS  # a client that sends nothing does not hold a thread forever
    protocol_version = "HTTP/1.0"  # one request per connection; answers end at close

    def do_GET(self) -> None:
        self._forward()

    do_POST = do_HEAD = do_PUT = do_DELETE = do_OPTIONS = do_PATCH = do_GET

    def log_message(self, format: str, *args: object) -> None:
        """Quiet, as Oxigraph's server is: only refusals are worth a line (see _refuse)."""

    def _forward(self) -> None:
        body = self._body()
        if body is None:
            return
        policy = self.server.policy
        texts = request_texts(self.path, body, self.headers.get("Content-Type", ""))
        if not policy.allow_service and any(uses_service(t) for t in texts):
            self.server.refused += 1
            print(f"refused a SERVICE query from {self.client_address[0]}", file=sys.stderr)
            self._answer(403, Msg.E047.format(name="the query", seconds=SERVICE_TIMEOUT))
            return
        self._relay(body)

    def _body(self) -> bytes | None:
        """The request body, or ``None`` once an error answer has been sent."""
        if self.headers.get("Transfer-Encoding"):
            self._answer(411, "send the body with a Content-Length")
            return None
        if self.headers.get("Content-Encoding", "identity").lower() != "identity":
            self._answer(415, "compressed request bodies are not accepted")
            return None
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_BODY:
            self._answer(413, f"the body must be 0 to {MAX_BODY} bytes")
            return None
        return self.rfile.read(length) if length else b""

    def _relay(self, body: bytes) -> None:
        host, port = self.server.policy.backend
        conn = http.client.HTTPConnection(host, port, timeout=self.server.policy.timeout)
        headers: dict[str, str] = {}
        for name, value in self.headers.items():  # the first of each, as read by _forward
            if name.lower() not in _HOP_BY_HOP and name.lower() not in map(str.lower, headers):
                headers[name] = value
        try:
            response = _send(conn, self.command, self.path, body, headers)
        except TimeoutError:
            self._answer(504, "no answer in time (--timeout)")
            return
        except OSError:
            self._answer(503, "the SPARQL server is not running; try again in a few seconds")
            return
        try:
            self._copy(response)
        except OSError:  # the client left, or the answer stopped coming (a timeout)
            self.close_connection = True
        finally:
            conn.close()

    def _copy(self, response: http.client.HTTPResponse) -> None:
        self.send_response_only(response.status, response.reason)
        for name, value in response.getheaders():
            if name.lower() not in _HOP_BY_HOP:
                self.send_header(name, value)
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command == "HEAD":
            return
        while chunk := response.read1(1 << 16):
            self.wfile.write(chunk)

    def _answer(self, status: int, text: str) -> None:
        data = (text + "\n").encode("utf-8")
        self.send_response_only(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)


def _send(
    conn: http.client.HTTPConnection, method: str, path: str, body: bytes, headers: dict[str, str]
) -> http.client.HTTPResponse:
    """Send, waiting up to :data:`BACKEND_WAIT` for a server that is (re)starting.

    A restart on a rebuilt store first stops the old server, which may drop a request it
    was answering (the connection is reset or closed without an answer), then starts the
    new one, which refuses connections until it listens. The server is read-only, so every
    request is safe to send again: both cases are retried until the deadline.
    """
    import time

    deadline = time.monotonic() + BACKEND_WAIT
    while True:
        try:
            conn.request(method, path, body=body or None, headers=headers)
            return conn.getresponse()
        except (ConnectionRefusedError, ConnectionResetError, BrokenPipeError):
            if time.monotonic() > deadline:
                raise
            conn.close()
            time.sleep(0.1)
