"""Options shared by the commands that talk to a remote SPARQL store (``load``, ``query``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from incidentkg.cli._common import err
from incidentkg.errors import Msg
from incidentkg.store.auth import AuthScheme

if TYPE_CHECKING:  # httpx: only for commands that talk to a server
    from incidentkg.store.remote import Remote

TimeoutOption = Annotated[
    float, typer.Option("--timeout", min=0.1, help="Seconds to wait for each HTTP request.")
]
RetriesOption = Annotated[
    int,
    typer.Option(
        "--retries",
        min=0,
        help="Retries of a request after a network error, a timeout, 408, 429 or 5xx.",
    ),
]
BackoffOption = Annotated[
    float,
    typer.Option("--backoff", min=0.0, help="First retry delay in seconds; doubles on each retry."),
]
InsecureOption = Annotated[
    bool,
    typer.Option(
        "--insecure",
        help="Do not check the server's TLS certificate (self-signed test servers only; "
        "prefer SSL_CERT_FILE=your-ca.pem).",
    ),
]
NetrcOption = Annotated[
    Path | None,
    typer.Option(
        "--netrc",
        envvar="NETRC",
        dir_okay=False,
        help="netrc file with `machine HOST login USER password PASS` lines, used when no "
        "INCIDENTKG_REMOTE_* credentials are set.",
    ),
]
AuthOption = Annotated[
    AuthScheme,
    typer.Option(
        "--auth",
        help="How the user and password are sent: auto (only when the server asks, in the "
        "scheme it names: HTTP Digest or Basic), basic (on every request), digest (never Basic).",
    ),
]


def make_remote(
    timeout: float,
    retries: int,
    backoff: float,
    insecure: bool = False,
    netrc_file: Path | None = None,
    scheme: AuthScheme = AuthScheme.AUTO,
) -> Remote:
    """A client with the retry policy and the credentials found in the environment."""
    from incidentkg.store.remote import Remote, RetryPolicy, auth_from_env

    if insecure:
        err.print(f"[yellow]{Msg.W004.format()}[/yellow]")
    auth = auth_from_env(netrc_file=netrc_file, scheme=scheme)
    return Remote(RetryPolicy(timeout, retries, backoff), auth, verify=not insecure)
