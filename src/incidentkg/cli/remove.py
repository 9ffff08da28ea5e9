"""``incidentkg remove``: withdraw articles and every fact that rested only on them."""

from __future__ import annotations

from typing import Annotated

import typer

from incidentkg.build.incremental import BuildOptions
from incidentkg.cli._common import DEFAULT_STORE, StoreOption, handle_errors
from incidentkg.cli.build import report, run_with_progress
from incidentkg.store.local import open_store

app = typer.Typer()


@app.command("remove")
@handle_errors
def remove_command(
    article_ids: Annotated[
        list[str],
        typer.Argument(
            help="Ids of the articles to withdraw, as `incidentkg articles` lists them (file "
            "stem, `stem#2` for a file's second article, `feed#ROW` for a feed's row).",
            metavar="ARTICLE_ID",
            show_default=False,
        ),
    ],
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """Remove articles from the store and resolve the rest again.

    Events, entities, figures and memberships that only these articles reported disappear;
    those other articles also report lose just these sources. Unknown ids are an error.

    Example, on the store `make run` builds from `seeds/`: `incidentkg articles` lists the
    ids, then `incidentkg remove 004_fa3c90a052d64be8 --store .incidentkg/store` withdraws
    the AFP report of the Karachi police office attack (the attack stays: other articles
    report it).
    """
    open_store(store)  # a missing store is E030 before anything else
    report(run_with_progress(store, [], BuildOptions(), remove=article_ids))
