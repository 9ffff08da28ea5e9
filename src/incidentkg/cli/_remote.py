"""Options shared by the commands that talk to a remote SPARQL store (``load``, ``query``)."""

from __future__ import annotations

from typing import Annotated

import typer

from incidentkg.remote import Remote, RetryPolicy, auth_from_env

TimeoutOption = Annotated[
    float, typer.Option("--timeout", min=0.1, help="Seconds to wait for each HTTP request.")
]
RetriesOption = Annotated[
    int,
    typer.Option(
        "--retries", min=0, help="Retries of a request after a network error, 408, 429 or 5xx."
    ),
]
BackoffOption = Annotated[
    float,
    typer.Option("--backoff", min=0.0, help="First retry delay in seconds; doubles on each retry."),
]


def make_remote(timeout: float, retries: int, backoff: float) -> Remote:
    """A client with the retry policy and the credentials found in the environment."""
    return Remote(RetryPolicy(timeout, retries, backoff), auth_from_env())
