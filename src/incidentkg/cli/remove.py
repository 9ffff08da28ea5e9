"""``incidentkg remove``: withdraw articles and every fact that rested only on them."""

from __future__ import annotations

import time
from typing import Annotated

import typer

from incidentkg.cli._common import DEFAULT_STORE, StoreOption, handle_errors
from incidentkg.cli.build import report, run_incremental, write_result
from incidentkg.incremental import BuildOptions
from incidentkg.store import StoreLock, StoreWriter, open_store

app = typer.Typer()


@app.command("remove")
@handle_errors
def remove_command(
    article_ids: Annotated[
        list[str],
        typer.Argument(
            help="Ids of the articles to withdraw (file stem, `stem#2` for a file's second "
            "article; see `incidentkg query 'SELECT ?id { ?a schema:identifier ?id }'`).",
            metavar="ARTICLE_ID",
            show_default=False,
        ),
    ],
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """Remove articles from the store and resolve the rest again.

    Events, entities, figures and memberships that only these articles reported disappear;
    those other articles also report lose just these sources. Unknown ids are an error.
    """
    t0 = time.perf_counter()
    open_store(store)  # a missing store is E030 before anything else
    with StoreLock(store) as lock, StoreWriter(store, lock) as writer:
        result = run_incremental(store, [], BuildOptions(), writer, remove=article_ids)
        stored = write_result(result, writer)
    report(store, result, stored, t0)
