"""Talk to real triple stores: the SPARQL 1.1 Graph Store HTTP Protocol and SPARQL Protocol.

Only the two W3C protocols are used, so Oxigraph server, Apache Jena Fuseki, GraphDB and
any other store that speaks them work alike (URL forms in the README). Each named graph
goes in one request, article graphs first and the resolved graph last, so a remote store
that stopped part-way never holds resolved facts whose evidence is missing.

Loading is idempotent: ``replace`` PUTs each graph (the remote graph becomes exactly ours)
and ``merge`` POSTs it (RDF set semantics; we mint no blank nodes, so nothing doubles).
A re-run after a failure therefore finishes the job without duplicates.

Credentials come from the environment (``INCIDENTKG_REMOTE_TOKEN`` for a bearer token,
else ``INCIDENTKG_REMOTE_USER`` / ``INCIDENTKG_REMOTE_PASSWORD``) or, failing those, from a
netrc file (``--netrc`` or ``NETRC``), never from the command line where ``ps`` and shell
history would show them. A user and password go only to a server that asks (HTTP 401), in
the scheme it names: HTTP Digest (Virtuoso) or Basic (:class:`PasswordAuth`). URLs are
printed with any ``user:password@`` part removed. TLS certificates are checked unless the
caller asks for ``insecure``; a certificate failure is not retried (it will not heal) and
says how to proceed.

A server's error page is quoted in the message, cut to :data:`BODY_CHARS` characters and
scrubbed first (:func:`scrub`): a server that echoes the request would otherwise print our
``Authorization`` header on the user's terminal and in their logs (issue 15).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import html
import json
import netrc
import os
import re
import ssl
import time
import urllib.parse
from collections.abc import Callable, Generator, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox

from incidentkg.errors import IncidentKGError, Msg
from incidentkg.query.run import QueryResult
from incidentkg.store.auth import AuthScheme as AuthScheme
from incidentkg.store.local import ARTICLE_GRAPH_PREFIX, RESOLVED_GRAPH

ENV_TOKEN = "INCIDENTKG_REMOTE_TOKEN"
ENV_USER = "INCIDENTKG_REMOTE_USER"
ENV_PASSWORD = "INCIDENTKG_REMOTE_PASSWORD"
N_TRIPLES = "application/n-triples"
SPARQL_JSON = "application/sparql-results+json"
RETRY_STATUS = frozenset({408, 429, 500, 502, 503, 504})
#: characters of a server's error page quoted in a message
BODY_CHARS = 300
#: what of a body is scrubbed (then cut): enough for any credential starting in the quote
_SCRUB_WINDOW = 4096
_TAGS = re.compile(r"(?is)<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>")
#: (pattern, replacement): the name stays (``password=``, ``Bearer ``), the value goes
_CREDENTIALS = (
    # Authorization: Basic dXNlcjpwYXNz / "authorization": "Bearer abc"
    (
        re.compile(
            r"""(?i)((?:proxy-)?authorization["']?\s*[:=]\s*["']?)(?:[\w-]+\s+)?[^\s"',;]+"""
        ),
        r"\1***",
    ),
    (re.compile(r"(?i)\b(basic|bearer|digest|token|negotiate)(\s+)[\w.~+/=-]{4,}"), r"\1\2***"),
    # password=..., "api_key": "...", token: ...
    (
        re.compile(
            r"""(?i)((?:pass(?:word|wd)?|pwd|secret|token|api[_-]?key|access[_-]?key|"""
            r"""client[_-]?secret|session|cookie)["']?\s*[:=]\s*["']?)[^\s"'&,;]+"""
        ),
        r"\1***",
    ),
    (re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*://)[^/\s:@]+:[^/\s@]+@"), r"\1***@"),  # user:pw@
)


@dataclass(frozen=True)
class RetryPolicy:
    """Per-request timeout and retries with exponential back-off (``backoff * 2**n`` s)."""

    timeout: float = 30.0
    retries: int = 3
    backoff: float = 1.0

    def delays(self) -> Iterator[float]:
        for attempt in range(self.retries):
            yield self.backoff * 2**attempt


def redact(url: str) -> str:
    """The URL without ``user:password@``, safe to print."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


class BearerAuth(httpx.Auth):
    """``Authorization: Bearer …``; httpx has basic auth built in but no bearer."""

    def __init__(self, token: str) -> None:
        self._token = token

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {self._token}"
        yield request

    def __repr__(self) -> str:  # never show the token, even in a traceback
        return "BearerAuth(***)"


Credentials = Callable[[str], tuple[str, str] | None]


def challenges(response: httpx.Response) -> dict[str, str]:
    """The schemes a 401 offers (``WWW-Authenticate``), lower case, each with its realm.

    >>> r = httpx.Response(401, headers={"WWW-Authenticate": 'Digest realm="SPARQL", qop="auth"'})
    >>> challenges(r)
    {'digest': 'SPARQL'}
    """
    found: dict[str, str] = {}
    for header in response.headers.get_list("www-authenticate"):
        scheme = header.strip().split(" ", 1)[0].lower()
        realm = re.search(r'realm="([^"]*)"', header)
        if scheme:
            found.setdefault(scheme, realm.group(1) if realm else "")
    return found


class PasswordAuth(httpx.Auth):
    """A user and password for a host, sent in the scheme the server asks for.

    ``auto`` sends the first request to a host without credentials; on a 401 it answers in
    Digest when offered, else Basic (also when the server names no scheme), and keeps that
    choice for the host. A server that never asks never sees the password, and a Digest
    server never sees it in clear. ``basic`` is the old behaviour for servers that answer
    403 instead of asking; ``digest`` refuses to fall back to Basic.
    """

    def __init__(self, credentials: Credentials, scheme: AuthScheme = AuthScheme.AUTO) -> None:
        self._credentials = credentials
        self._scheme = scheme
        self._chosen: dict[tuple[str, str, int | None], httpx.Auth] = {}

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        found = self._credentials(request.url.host)
        if found is None:
            yield request
            return
        origin = (request.url.scheme, request.url.host, request.url.port)
        chosen = self._chosen.get(origin) or self._fixed(*found)
        if chosen is not None:
            yield from chosen.auth_flow(request)
            return
        response = yield request
        if response.status_code != 401:
            return
        offered = challenges(response)
        if "digest" in offered:
            chosen = httpx.DigestAuth(*found)
        elif "basic" in offered or not offered:
            chosen = httpx.BasicAuth(*found)
        else:  # Negotiate, Bearer...: nothing we can answer with a password
            return
        self._chosen[origin] = chosen
        flow = chosen.auth_flow(request)
        retry = next(flow)
        if "authorization" not in retry.headers:  # Digest: build the answer to this 401
            try:
                retry = flow.send(response)
            except StopIteration:
                return
        yield retry

    def _fixed(self, user: str, password: str) -> httpx.Auth | None:
        if self._scheme is AuthScheme.BASIC:
            return httpx.BasicAuth(user, password)
        if self._scheme is AuthScheme.DIGEST:
            return httpx.DigestAuth(user, password)
        return None

    def __repr__(self) -> str:  # never show the password, even in a traceback
        return f"PasswordAuth({self._scheme.value}, ***)"


def auth_from_env(
    env: Mapping[str, str] | None = None,
    netrc_file: Path | None = None,
    scheme: AuthScheme = AuthScheme.AUTO,
) -> httpx.Auth | None:
    """Bearer if a token is set, else the user if set, else the netrc file, else none."""
    env = os.environ if env is None else env
    if env.get(ENV_TOKEN):
        return BearerAuth(env[ENV_TOKEN])
    if env.get(ENV_USER):
        pair = (env[ENV_USER], env.get(ENV_PASSWORD, ""))
        return PasswordAuth(lambda host: pair, scheme)
    if netrc_file is not None:
        return netrc_auth(netrc_file, scheme)
    return None


def netrc_auth(path: Path, scheme: AuthScheme = AuthScheme.AUTO) -> httpx.Auth:
    """The login and password of whichever ``machine`` of the netrc file matches the host.

    The parser's own message can quote a token of the file (a password, if the file is
    mangled), so only the line number is reported.
    """
    try:
        entries = netrc.netrc(str(path))
    except netrc.NetrcParseError as exc:
        reason = f"syntax error at line {exc.lineno}"
        raise IncidentKGError(Msg.E076, path=path, reason=reason) from None  # no token echo
    except OSError as exc:
        raise IncidentKGError(Msg.E076, path=path, reason=exc.strerror or exc) from exc

    def lookup(host: str) -> tuple[str, str] | None:
        found = entries.authenticators(host)
        return (found[0], found[2]) if found else None

    return PasswordAuth(lookup, scheme)


def check_url(url: str) -> str:
    """An http(s) URL with a host and a valid port, else a user error (E074)."""
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError as exc:  # "Invalid IPv6 URL", a port out of range
        raise IncidentKGError(Msg.E074, url=url, reason=exc) from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise IncidentKGError(Msg.E074, url=redact(url), reason="expected http(s)://host/...")
    return url


def graph_store_url(endpoint: str, authenticated: bool = False) -> str:
    """Guess the Graph Store Protocol URL from a SPARQL query endpoint URL.

    Virtuoso's graph store takes writes from its anonymous user only if granted; with
    credentials the ``-auth`` form is the one that asks for them (HTTP Digest).

    >>> graph_store_url("http://localhost:7878/query")
    'http://localhost:7878/store'
    >>> graph_store_url("http://localhost:3030/incidents/sparql")
    'http://localhost:3030/incidents/data'
    >>> graph_store_url("http://localhost:7200/repositories/ikg")
    'http://localhost:7200/repositories/ikg/rdf-graphs/service'
    >>> graph_store_url("http://localhost:8890/sparql", authenticated=True)
    'http://localhost:8890/sparql-graph-crud-auth'
    """
    parts = urllib.parse.urlsplit(check_url(endpoint))
    path = parts.path.rstrip("/")
    segments = path.split("/")
    if path == "/query":  # Oxigraph server
        new = "/store"
    elif path in ("/sparql", "/sparql-auth"):  # Virtuoso
        new = "/sparql-graph-crud-auth" if authenticated else "/sparql-graph-crud"
    elif len(segments) >= 3 and segments[-1] in ("sparql", "query"):  # Fuseki /ds/sparql
        new = "/".join(segments[:-1]) + "/data"
    elif len(segments) == 3 and segments[1] == "repositories":  # GraphDB, RDF4J
        new = path + "/rdf-graphs/service"
    else:
        reason = "cannot tell the graph store URL from it; pass --graph-store URL"
        raise IncidentKGError(Msg.E074, url=redact(endpoint), reason=reason)
    return urllib.parse.urlunsplit(parts._replace(path=new, query=""))


class Remote:
    """An HTTP client with the retry policy and credentials; use as a context manager."""

    def __init__(
        self,
        policy: RetryPolicy | None = None,
        auth: httpx.Auth | None = None,
        verify: bool = True,
    ) -> None:
        self.policy = policy or RetryPolicy()
        self.authenticated = auth is not None
        self._client = httpx.Client(timeout=self.policy.timeout, auth=auth, verify=verify)
        self.sleep: Callable[[float], None] = time.sleep

    def __enter__(self) -> Remote:
        return self

    def __exit__(self, *exc: object) -> None:
        self._client.close()

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """Send with retries on network errors, timeouts and 408/429/5xx; other answers return.

        A certificate failure or a broken answer is not retried: it would fail the same way.
        """
        delays = self.policy.delays()
        while True:
            try:
                response = self._client.request(method, url, **kwargs)
            except httpx.RequestError as exc:
                if not _retryable(exc) or not self._wait(delays):
                    raise IncidentKGError(Msg.E071, url=redact(url), reason=_why(exc)) from exc
                continue
            if response.status_code not in RETRY_STATUS or not self._wait(delays):
                return response

    def _wait(self, delays: Iterator[float]) -> bool:
        delay = next(delays, None)
        if delay is None:
            return False
        self.sleep(delay)
        return True


def _retryable(exc: httpx.RequestError) -> bool:
    return isinstance(exc, httpx.TransportError) and _cert_error(exc) is None


def _cert_error(exc: BaseException) -> ssl.SSLCertVerificationError | None:
    """The certificate failure behind ``exc`` (httpx wraps it twice), if that is the cause."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def _why(exc: httpx.RequestError) -> str:
    cert = _cert_error(exc)
    if cert is not None:
        return (
            f"TLS certificate not trusted ({cert.verify_message or cert.reason}); point "
            "SSL_CERT_FILE at your CA bundle, or pass --insecure if you trust the network"
        )
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _snippet(response: httpx.Response) -> str:
    """The start of an error page, scrubbed of the credentials we sent and of anything that
    looks like one, on one line."""
    try:
        text = response.text[:_SCRUB_WINDOW]
    except (httpx.HTTPError, UnicodeError, LookupError):  # a body that cannot be decoded
        text = ""
    if "html" in response.headers.get("Content-Type", ""):  # Virtuoso: the words, not the tags
        text = html.unescape(_TAGS.sub(" ", text))
    try:
        sent = response.request.headers.get("Authorization", "")
    except RuntimeError:  # a response made without a request (tests)
        sent = ""
    text = " ".join(scrub(text, secrets_of(sent)).split())
    return text[:BODY_CHARS] or response.reason_phrase


def secrets_of(authorization: str) -> list[str]:
    """The strings of an ``Authorization`` value a server could echo: the whole value, its
    credential part, and for basic auth the decoded ``user:password`` and password.

    >>> secrets_of("Basic dXNlcjpzM2NyZXQ=")
    ['Basic dXNlcjpzM2NyZXQ=', 'dXNlcjpzM2NyZXQ=', 'user:s3cret', 's3cret']
    """
    if not authorization:
        return []
    found = [authorization]
    scheme, _, credential = authorization.partition(" ")
    if credential:
        found.append(credential)
    if scheme.lower() == "basic" and credential:
        try:
            pair = base64.b64decode(credential, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            pair = ""
        if pair:
            found += [pair, pair.partition(":")[2]]
    return [s for s in found if len(s) >= 4]


def scrub(text: str, secrets: list[str] | None = None) -> str:
    """``text`` with ``secrets`` and anything shaped like a credential replaced by ``***``.

    >>> scrub("echo: Authorization: Basic dXNlcjpzM2NyZXQ= password=hunter2 ok")
    'echo: Authorization: *** password=*** ok'
    >>> scrub("seen http://ann:pw@host/x and the token s3cr3t-value", ["s3cr3t-value"])
    'seen http://***@host/x and the token ***'
    """
    for secret in sorted(secrets or (), key=len, reverse=True):
        text = text.replace(secret, "***")
    for pattern, replacement in _CREDENTIALS:
        text = pattern.sub(replacement, text)
    return text


def raise_for_status(response: httpx.Response) -> None:
    """A non-2xx answer becomes E072 with the status, the start of the body and, for 401
    and 403, what the server asked for and what we sent."""
    if response.is_success:
        return
    url = redact(str(response.request.url))
    reason = _snippet(response)
    if response.status_code in (401, 403):
        reason += f" ({_auth_hint(response)})"
    raise IncidentKGError(Msg.E072, url=url, status=response.status_code, reason=reason)


_SCHEME_NAMES = {"digest": "HTTP Digest", "basic": "HTTP Basic", "bearer": "Bearer"}


def _auth_hint(response: httpx.Response) -> str:
    """Why authentication failed, in words: the scheme asked for against the one sent."""
    sent = response.request.headers.get("Authorization", "").partition(" ")[0].lower()
    offered = challenges(response)
    if response.status_code == 403:
        if sent:
            return f"the user sent with {_SCHEME_NAMES.get(sent, sent)} may not do this"
        return "no credentials were sent: the server did not ask (401); --auth basic sends them"
    if not offered:
        asked = "the server names no authentication scheme (no WWW-Authenticate header)"
    else:
        names = " or ".join(_SCHEME_NAMES.get(k, k.capitalize()) for k in offered)
        realms = sorted({r for r in offered.values() if r})
        asked = f"the server asks for {names} authentication" + (
            f" (realm {', '.join(realms)})" if realms else ""
        )
    if not sent:
        if not offered or {"digest", "basic"} & offered.keys():
            return f"{asked}; none sent (see {ENV_USER} and {ENV_PASSWORD}, --netrc, --auth)"
        if "bearer" in offered:
            return f"{asked}; none sent (see {ENV_TOKEN})"
        return f"{asked}, which incidentkg cannot answer"
    if offered and sent not in offered:
        return f"{asked}; we sent {_SCHEME_NAMES.get(sent, sent)} (see --auth)"
    return f"{asked}; it refused the credentials sent with {_SCHEME_NAMES.get(sent, sent)}"


# --- Graph Store Protocol --------------------------------------------------------------


@dataclass(frozen=True)
class GraphLoad:
    """One graph sent: its IRI and how many triples."""

    graph: str
    triples: int
    seconds: float


@dataclass
class LoadReport:
    """What went where; ``failed`` names the graph that stopped the load, if any."""

    target: str
    loaded: list[GraphLoad] = field(default_factory=list)
    failed: str | None = None
    reason: str | None = None
    not_loaded: list[str] = field(default_factory=list)
    pruned: list[str] = field(default_factory=list)
    #: graphs not sent: the remote holds them as the last load sent them (:class:`Manifest`)
    skipped: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.failed is None

    @property
    def triples(self) -> int:
        return sum(g.triples for g in self.loaded)

    def to_json(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "ok": self.ok,
            "loaded": [{"graph": g.graph, "triples": g.triples} for g in self.loaded],
            "failed": self.failed,
            "reason": self.reason,
            "not_loaded": self.not_loaded,
            "pruned": self.pruned,
            "skipped": len(self.skipped),
        }


def load_order(store: ox.Store) -> list[str]:
    """Article graphs (sorted), other named graphs, and the resolved graph last."""
    names = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
    articles = [g for g in names if g.startswith(ARTICLE_GRAPH_PREFIX)]
    others = [g for g in names if g not in articles and g != RESOLVED_GRAPH]
    return articles + others + ([RESOLVED_GRAPH] if RESOLVED_GRAPH in names else [])


def graph_ntriples(store: ox.Store, graph: str) -> bytes:
    """One named graph as N-Triples (every store parses it; one triple per line)."""
    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
    assert data is not None  # no output file given: dump returns the bytes
    return data


def send_graph(remote: Remote, gsp_url: str, graph: str, data: bytes, merge: bool) -> None:
    """PUT (replace) or POST (merge) one graph with ``?graph=IRI``."""
    response = remote.request(
        "POST" if merge else "PUT",
        gsp_url,
        params={"graph": graph},
        content=data,
        headers={"Content-Type": N_TRIPLES},
    )
    raise_for_status(response)


def delete_graph(remote: Remote, gsp_url: str, graph: str) -> None:
    """DELETE one graph; a graph that is already gone (404) is fine."""
    response = remote.request("DELETE", gsp_url, params={"graph": graph})
    if response.status_code != 404:
        raise_for_status(response)


def graph_digest(data: bytes) -> str:
    """A graph's digest, whatever order the store dumps its triples in."""
    h = hashlib.sha256()
    for line in sorted(data.splitlines()):
        h.update(line + b"\n")
    return h.hexdigest()[:32]


class Manifest:
    """What the last loads sent to each remote target (``<store>.loads.json`` beside the
    store): graph IRI → [digest, triples]. ``load --mode replace`` sends a graph only when
    its digest differs from the one last sent to this target *and* the remote still holds
    that many triples in it (one query: a remote that was cleared or edited since is sent
    its graphs again)."""

    def __init__(self, path: Path, target: str) -> None:
        self.path, self.target = path, target
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            self.all: dict[str, dict[str, list[Any]]] = data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            self.all = {}  # none yet, or unreadable: every graph is sent
        self.sent = self.all.setdefault(target, {})

    def unchanged(self, graph: str, digest: str, remote_counts: Mapping[str, int]) -> bool:
        last = self.sent.get(graph)
        return bool(last and last[0] == digest and remote_counts.get(graph) == last[1])

    def save(self) -> None:
        """Write the manifest (a temporary file renamed over it: never half written)."""
        tmp = self.path.with_name(self.path.name + ".tmp")
        try:
            tmp.write_text(json.dumps(self.all, sort_keys=True), encoding="utf-8")
            tmp.replace(self.path)
        except OSError:
            tmp.unlink(missing_ok=True)  # the next load sends these graphs again: no harm


def manifest_path(store: Path) -> Path:
    return store.with_name(f"{store.name}.loads.json")


_GRAPH_SIZES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def remote_graph_sizes(remote: Remote, endpoint: str) -> dict[str, int]:
    """Triples per named graph in the remote store."""
    rows = select(remote, endpoint, _GRAPH_SIZES, "graph sizes").rows
    return {str(g): int(n) for g, n in rows if g and n}


def load_store(
    store: ox.Store,
    remote: Remote,
    gsp_url: str,
    merge: bool = False,
    on_graph: Callable[[GraphLoad], None] | None = None,
    manifest: Manifest | None = None,
    remote_counts: Mapping[str, int] | None = None,
    on_skip: Callable[[str], None] | None = None,
) -> LoadReport:
    """Send every named graph (with a ``manifest`` and the remote's graph sizes, only those
    that changed since the last load); stop at the first graph that fails after its retries."""
    order = load_order(store)
    report = LoadReport(redact(gsp_url))
    for i, graph in enumerate(order):
        t0 = time.perf_counter()
        data = graph_ntriples(store, graph)
        digest = graph_digest(data) if manifest is not None else ""
        if manifest is not None and manifest.unchanged(graph, digest, remote_counts or {}):
            report.skipped.append(graph)
            if on_skip:
                on_skip(graph)
            continue
        try:
            send_graph(remote, gsp_url, graph, data, merge)
        except IncidentKGError as exc:
            report.failed, report.reason, report.not_loaded = graph, str(exc), order[i:]
            break
        loaded = GraphLoad(graph, data.count(b"\n"), time.perf_counter() - t0)
        report.loaded.append(loaded)
        if manifest is not None:
            manifest.sent[graph] = [digest, loaded.triples]
        if on_graph:
            on_graph(loaded)
    if manifest is not None:
        manifest.save()
    return report


_REMOTE_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


def prune(store: ox.Store, remote: Remote, endpoint: str, gsp_url: str) -> list[str]:
    """Delete remote article graphs the local store no longer has (removed articles)."""
    local = set(load_order(store))
    remote_graphs = {row[0] for row in select(remote, endpoint, _REMOTE_GRAPHS).rows if row[0]}
    stale = sorted(g for g in remote_graphs - local if g.startswith(ARTICLE_GRAPH_PREFIX))
    for graph in stale:
        delete_graph(remote, gsp_url, graph)
    return stale


# --- SPARQL Protocol -----------------------------------------------------------------


def select(remote: Remote, endpoint: str, sparql: str, label: str = "query") -> QueryResult:
    """Run a SELECT or ASK query remotely; rows as the embedded store gives them."""
    response = remote.request(
        "POST", endpoint, data={"query": sparql}, headers={"Accept": SPARQL_JSON}
    )
    if response.status_code == 400:
        raise IncidentKGError(Msg.E041, reason=_snippet(response))
    if response.status_code == 406:
        raise IncidentKGError(Msg.E042, name=label)
    raise_for_status(response)
    try:
        payload = json.loads(response.content)
    except ValueError as exc:
        raise IncidentKGError(Msg.E073, url=redact(endpoint), reason=exc) from exc
    result = parse_results(payload, endpoint)
    check_complete(response, result, endpoint)
    return result


def check_complete(response: httpx.Response, result: QueryResult, endpoint: str) -> None:
    """Virtuoso cuts a result at its ``ResultSetMaxRows`` with 200 OK, saying so only in an
    ``X-SPARQL-MaxRows`` header: a cut table must not pass for the whole answer (E077)."""
    limit = response.headers.get("X-SPARQL-MaxRows", "")
    if limit.isdigit() and len(result.rows) >= int(limit):
        raise IncidentKGError(Msg.E077, url=redact(endpoint), rows=len(result.rows))


def parse_results(payload: Any, endpoint: str = "") -> QueryResult:
    """SPARQL 1.1 JSON results → :class:`QueryResult` (blank nodes as ``_:id``)."""
    if isinstance(payload, dict) and "boolean" in payload:
        return QueryResult(["ask"], [[str(bool(payload["boolean"])).lower()]])
    try:
        columns = list(payload["head"]["vars"])
        bindings = payload["results"]["bindings"]
        rows = [[_plain(b.get(c)) for c in columns] for b in bindings]
    except (KeyError, TypeError, AttributeError) as exc:
        reason = f"missing {exc}"
        raise IncidentKGError(Msg.E073, url=redact(endpoint), reason=reason) from exc
    return QueryResult(columns, rows)


def _plain(term: dict[str, str] | None) -> str | None:
    if term is None:
        return None
    if term.get("type") == "bnode":
        return f"_:{term['value']}"
    return term["value"]
