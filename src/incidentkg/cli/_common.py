"""What every command shares: the ``--store`` option, consoles and the exit-code policy.

Exit codes: 0 ok, 1 violations or a user error (an :class:`IncidentKGError`, printed
in red), 2 an internal error (a bug: short message plus a hint, no traceback unless
``INCIDENTKG_DEBUG=1``) or a catalogued failure of the machine (:class:`FatalError`, e.g.
a worker killed by the system). A file-system error no command mapped itself still gets a
catalogued message with its path and what to do (E095): "This is a bug" means a bug.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, ParamSpec, TypeVar

import click
import typer
from rich.console import Console
from rich.markup import escape

from incidentkg.errors import IncidentKGError, os_error, printable

P = ParamSpec("P")
R = TypeVar("R")

DEFAULT_STORE = Path(".incidentkg/store")

StoreOption = Annotated[
    Path,
    typer.Option(
        "--store",
        envvar="INCIDENTKG_STORE",
        file_okay=False,
        help="Folder of the graph store (created by `incidentkg build`).",
        show_default=True,
    ),
]

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print ``message`` in red on stderr and return the ``Exit`` to raise."""
    text = escape(printable(message))  # quotes user input; spells out undecodable bytes
    err.print(f"[red]{text}[/red]", soft_wrap=True)
    return typer.Exit(code)


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Map exceptions to the documented exit codes so no user sees a raw traceback."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort, click.ClickException):
            raise
        except IncidentKGError as exc:
            raise fail(str(exc), exc.exit_code) from exc
        except BrokenPipeError as exc:  # the reader of our output went away: nothing to say
            raise typer.Exit(1) from exc
        except OSError as exc:
            if os.environ.get("INCIDENTKG_DEBUG"):
                raise
            raise fail(str(os_error(exc))) from exc
        except Exception as exc:
            if os.environ.get("INCIDENTKG_DEBUG"):
                raise
            from incidentkg.store.local import damaged_store_error

            damaged = damaged_store_error(exc)  # RocksDB met a damaged file: not a bug
            if damaged is not None:
                raise fail(str(damaged)) from exc
            text = escape(f"internal error: {type(exc).__name__}: {exc}")
            err.print(f"[red]{text}[/red]", soft_wrap=True)
            err.print(
                "This is a bug. Rerun with INCIDENTKG_DEBUG=1 for the traceback and report it."
            )
            raise typer.Exit(2) from exc

    return wrapper


def quick_exit() -> None:
    """Freeze the heap when the process ends: the interpreter's last garbage collections
    would walk every record, state and resolution object a build left (1.8 s of a 6.7 s
    ``remove`` on the 2.2 M-quad corpus store, issue 17). Frozen objects are still freed
    by reference counting; a test process calling the CLI gets the freeze at its own end."""
    import atexit
    import gc

    atexit.unregister(gc.freeze)  # once, however many builds a process runs
    atexit.register(gc.freeze)
