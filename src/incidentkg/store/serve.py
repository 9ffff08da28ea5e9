"""Serve the embedded store read-only over HTTP with Oxigraph's own server.

``oxigraph serve-read-only`` (from the ``oxigraph`` package on PyPI) speaks the full
SPARQL 1.1 Protocol with content negotiation and has a query page at ``/``; writing our
own would be a worse copy. It opens the same RocksDB folder our store writes.

A build never writes into the served folder: it swaps a new folder in. The supervisor
here notices the swap (the folder's inode changes) and restarts the server on the new
store, so a long-running ``incidentkg serve`` always answers from the latest build.

Oxigraph's server cannot refuse ``SERVICE`` (requests to other hosts on a client's
behalf), so it listens on a loopback port of its own and clients talk to the
:class:`~incidentkg.store.gate.Gate`, which refuses such queries unless the operator
allows them (issue 15).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from incidentkg.errors import IncidentKGError, Msg, os_error
from incidentkg.query.service import SERVICE_TIMEOUT
from incidentkg.store.gate import Gate, GatePolicy
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


def server_command(
    store: Path, host: str, port: int, binary: str | None = None, timeout: float | None = None
) -> list[str]:
    """The read-only server over ``store``; the default graph is the union, as in `query`."""
    command = [
        binary or oxigraph_binary(),
        "serve-read-only",
        "--location",
        str(store / OXIGRAPH_DIR),
        "--bind",
        bind_address(host, port),
        "--union-default-graph",
    ]
    if timeout is not None:  # Oxigraph cancels a query running longer
        command += ["--timeout-s", str(max(1, round(timeout)))]
    return command


def free_loopback_port() -> int:
    """A port nobody listens on now, for the server behind the gate."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Supervisor:
    """Runs the server behind the gate and restarts it when a build swaps in a new store.

    ``allow_service`` lets queries use SERVICE; they then run under ``timeout`` seconds
    (60 when not given), the time the gate waits for an answer and Oxigraph lets a query run.
    """

    def __init__(
        self,
        store: Path,
        host: str,
        port: int,
        poll: float = 0.5,
        allow_service: bool = False,
        timeout: float | None = None,
    ) -> None:
        open_store(store)  # fail early with E030/E033 on a missing or bad store
        self.store, self.host, self.port, self.poll = store, host, port, poll
        if allow_service and timeout is None:
            timeout = SERVICE_TIMEOUT
        backend = ("127.0.0.1", free_loopback_port())
        self.policy = GatePolicy(backend, allow_service, timeout)
        self.command = server_command(store, *backend, timeout=timeout)
        self._child: subprocess.Popen[bytes] | None = None
        self._gate: Gate | None = None
        # Oxigraph's own lines ("Listening at" a port behind the gate): shown if it fails
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the server
        self._identity = store_identity(store)

    def open_gate(self) -> Gate:
        """Listen where the user asked (E095 when the address is taken or unknown)."""
        try:
            self._gate = Gate((self.host, self.port), self.policy)
        except OSError as exc:
            raise os_error(exc, bind_address(self.host, self.port)) from exc
        self._gate.serve_in_background()
        return self._gate

    def start(self) -> None:
        self._identity = store_identity(self.store)
        self._child = subprocess.Popen(
            self.command, stdin=subprocess.DEVNULL, stdout=self._log, stderr=self._log
        )

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

    def _show_log(self) -> None:
        """What Oxigraph said before it stopped, for the operator."""
        self._log.seek(0)
        said = self._log.read()[-2000:].decode("utf-8", "replace").strip()
        if said:
            print(said, file=sys.stderr)

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
        gate = self._gate or self.open_gate()
        self.start()
        try:
            while True:
                before = self._identity
                if not self.step():
                    code = self._child.returncode if self._child else -1
                    self._show_log()
                    raise IncidentKGError(Msg.E081, code=code, port=self.policy.backend[1])
                if on_restart and self._identity != before:
                    on_restart()
                time.sleep(self.poll)
        finally:
            gate.shutdown()
            gate.server_close()
            self.stop()
            self._log.close()
