"""``incidentkg watch``: keep a store in step with a folder of articles as files come and go."""

from __future__ import annotations

import signal
import threading
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from incidentkg.build.incremental import BuildOptions
from incidentkg.cli._common import DEFAULT_STORE, StoreOption, err, handle_errors, out, quick_exit
from incidentkg.cli.build import parse_published_option
from incidentkg.errors import IncidentKGError

if TYPE_CHECKING:  # reads files (ingest: trafilatura, numpy): only when watching
    from incidentkg.build.watch import FolderWatch, Update

app = typer.Typer()


def describe(update: Update) -> str:
    """One line per update: the files, the articles extracted, the events, the time."""
    files = [*(f"+{p}" for p in update.added), *(f"~{p}" for p in update.changed),
             *(f"-{p}" for p in update.deleted)]  # fmt: skip
    shown = " ".join(f[0] + Path(f[1:]).name for f in files[:3])
    if len(files) > 3:
        shown += f" (+{len(files) - 3} more)"
    skipped = len(update.report.skipped)
    return (
        f"{shown}: {update.articles} article(s) extracted"
        + (f" ({skipped} skipped: unreadable)" if skipped else "")
        + f"; events {update.events_added} added, {update.events_changed} changed, "
        f"{update.events_removed} removed; {update.seconds:.1f} s"
    )


def _poll(watcher: FolderWatch) -> Update | None:
    """One look; a store locked by another build (E031) is tried again at the next look."""
    try:
        return watcher.poll()
    except IncidentKGError as exc:
        if exc.code != "E031":
            raise
        err.print(f"[yellow]{escape(str(exc))}; trying again[/yellow]")
        return None


@app.command("watch")
@handle_errors
def watch_command(
    folder: Annotated[
        Path,
        typer.Argument(
            help="Folder of article files to follow (read recursively, as `build` reads it).",
            exists=True,
            file_okay=False,
            show_default=False,
        ),
    ],
    store: StoreOption = DEFAULT_STORE,
    interval: Annotated[
        float, typer.Option(min=0.05, help="Seconds between two looks at the folder.")
    ] = 1.0,
    published: Annotated[
        str | None,
        typer.Option(help="Publication date YYYY-MM-DD for articles that do not state one."),
    ] = None,
    model: Annotated[
        str | None, typer.Option(help="spaCy model to run (default: the packaged one).")
    ] = None,
) -> None:
    """Follow FOLDER: new, changed and deleted files are applied to the store as they come.

    First the store is brought up to date with the folder (a build). Then every INTERVAL
    seconds the folder is looked at; a file is taken once it held still for one look, and
    each update prints one line (files, articles extracted, events added / changed /
    removed, seconds; unreadable files are counted as skipped). Every update replaces the
    store atomically, as `build` does; readers go on working, and a store locked by another
    build is tried again at the next look. Ctrl-C (or SIGTERM) stops after the update under
    way; a second Ctrl-C abandons it, leaving the previous store.
    """
    from incidentkg.build.watch import FolderWatch

    options = BuildOptions(published=parse_published_option(published), model=model)
    watcher = FolderWatch(folder, store, options)
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, on_signal)
    quick_exit()
    first = watcher.start()
    n_events = len(watcher.events)
    out.print(f"Watching {folder} into {store}: {len(first.records)} article(s), "
              f"{n_events} event(s); Ctrl-C stops.", soft_wrap=True)  # fmt: skip
    while not stop.wait(interval):
        update = _poll(watcher)
        if update is not None:
            out.print(describe(update), soft_wrap=True, markup=False, highlight=False)
    err.print("Stopped; the store holds every update shown.")
