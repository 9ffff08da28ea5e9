"""Serve the embedded store read-only over HTTP with Oxigraph's own server.

``oxigraph serve-read-only`` (from the ``oxigraph`` package on PyPI) speaks the full
SPARQL 1.1 Protocol with content negotiation and has a query page at ``/``; writing our
own would be a worse copy. It opens the same RocksDB folder our store writes.

A build never writes into the served folder: it swaps a new folder in. The supervisor
here notices the swap (the folder's inode changes) and restarts the server on the new
store, so a long-running ``incidentkg serve`` always answers from the latest build.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from incidentkg.errors import IncidentKGError, Msg
from incidentkg.store.local import OXIGRAPH_DIR, open_store, store_identity

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878


def oxigraph_binary() -> str:
    """The ``oxigraph`` program next to this Python, else on ``PATH``."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        raise IncidentKGError(Msg.E080)
    return found


def bind_address(host: str, port: int) -> str:
    """``host:port``, with brackets around an IPv6 address."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def base_url(host: str, port: int) -> str:
    return f"http://{bind_address(host, port)}"


def server_command(store: Path, host: str, port: int, binary: str | None = None) -> list[str]:
    """The read-only server over ``store``; the default graph is the union, as in `query`."""
    return [
        binary or oxigraph_binary(),
        "serve-read-only",
        "--location",
        str(store / OXIGRAPH_DIR),
        "--bind",
        bind_address(host, port),
        "--union-default-graph",
    ]


class Supervisor:
    """Runs the server and restarts it when a build swaps in a new store."""

    def __init__(self, store: Path, host: str, port: int, poll: float = 0.5) -> None:
        open_store(store)  # fail early with E030/E033 on a missing or bad store
        self.store, self.host, self.port, self.poll = store, host, port, poll
        self.command = server_command(store, host, port)
        self._child: subprocess.Popen[bytes] | None = None
        self._identity = store_identity(store)

    def start(self) -> None:
        self._identity = store_identity(self.store)
        self._child = subprocess.Popen(self.command, stdin=subprocess.DEVNULL)

    def stop(self) -> None:
        """Terminate the server (kill it if it does not exit within 5 s)."""
        child, self._child = self._child, None
        if child is None or child.poll() is not None:
            return
        child.terminate()
        try:
            child.wait(5)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()

    def step(self) -> bool:
        """One check: restart after a swap; ``False`` when the server died on its own."""
        if self._child is None or self._child.poll() is not None:
            return False
        identity = store_identity(self.store)
        if identity is not None and identity != self._identity:
            self.stop()
            self.start()
        return True

    def run(self, on_restart: Callable[[], None] | None = None) -> None:
        """Serve until interrupted; a server that exits by itself is an error (E081)."""
        self.start()
        try:
            while True:
                before = self._identity
                if not self.step():
                    code = self._child.returncode if self._child else -1
                    raise IncidentKGError(Msg.E081, code=code, port=self.port)
                if on_restart and self._identity != before:
                    on_restart()
                time.sleep(self.poll)
        finally:
            self.stop()
