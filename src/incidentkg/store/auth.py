"""How credentials go to a remote store, apart from :mod:`incidentkg.store.remote`: the CLI
needs the choice for its options at start-up, while httpx (≈ 0.1 s to import) is only needed
by the commands that talk to a server."""

from __future__ import annotations

from enum import StrEnum


class AuthScheme(StrEnum):
    """How a user and password are sent (``--auth``)."""

    AUTO = "auto"  # nothing until the server answers 401, then the scheme it names
    BASIC = "basic"  # Basic on every request, asked or not
    DIGEST = "digest"  # Digest only, never the password itself
