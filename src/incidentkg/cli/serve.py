"""``incidentkg serve``: the store as a read-only SPARQL endpoint with a query page."""

from __future__ import annotations

import signal
from types import FrameType
from typing import Annotated

import typer

from incidentkg.cli._common import DEFAULT_STORE, StoreOption, err, handle_errors
from incidentkg.query.service import SERVICE_TIMEOUT
from incidentkg.store.serve import DEFAULT_HOST, DEFAULT_PORT, Supervisor, base_url

app = typer.Typer()


def _stop_on_sigterm() -> None:
    """Turn SIGTERM into KeyboardInterrupt so the server child is stopped too."""

    def handler(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)


@app.command("serve")
@handle_errors
def serve_command(
    store: StoreOption = DEFAULT_STORE,
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port to listen on.")] = (
        DEFAULT_PORT
    ),
    host: Annotated[
        str,
        typer.Option(
            help="Address to bind. The default serves this machine only; 0.0.0.0 "
            "exposes the store to the network."
        ),
    ] = DEFAULT_HOST,
    allow_service: Annotated[
        bool,
        typer.Option(
            "--allow-service",
            help="Let queries use SERVICE: the server then sends requests to the hosts a "
            "query names, for anyone who can query it (the local network included). Without "
            "it such queries get HTTP 403.",
        ),
    ] = False,
    timeout: Annotated[
        float | None,
        typer.Option(
            "--timeout",
            min=1.0,
            show_default=False,
            help="Seconds a query may run before it is cancelled "
            f"[default: none; {SERVICE_TIMEOUT:g} with --allow-service].",
        ),
    ] = None,
) -> None:
    """Serve the store read-only: SPARQL endpoint at /query, a query page at /.

    Runs Oxigraph's own server (`oxigraph serve-read-only`) behind a gate that refuses
    queries using SERVICE (unless `--allow-service`). Whoever can reach the address can
    read every quad, article texts included: through SPARQL at /query, the whole store
    at /store (Graph Store Protocol, read only) and the query page at /. There is no
    login and no TLS: keep the default address, or put a proxy with both in front.
    Updates are refused. A query without `GRAPH` sees all graphs, as `incidentkg query`
    does. After a new `incidentkg build` on the same store the server restarts on the new
    store by itself. Ctrl-C stops it.
    """
    supervisor = Supervisor(store, host, port, allow_service=allow_service, timeout=timeout)
    supervisor.open_gate()  # a taken port or an unknown address fails here (E095)
    url = base_url(host, port)
    service = "allowed" if allow_service else "refused"
    err.print(
        f"Serving {store} read-only at {url}/  (SPARQL endpoint {url}/query; SERVICE "
        f"{service}; Ctrl-C stops)",
        markup=False,
    )
    _stop_on_sigterm()
    try:
        supervisor.run(
            lambda: err.print(f"Store {store} was rebuilt: server restarted.", markup=False)
        )
    except KeyboardInterrupt:
        err.print("Stopped.")
