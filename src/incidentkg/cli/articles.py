"""``incidentkg articles``: the articles in the store, with the ids ``remove`` takes."""

from __future__ import annotations

import typer

from incidentkg.cli._common import DEFAULT_STORE, StoreOption, handle_errors
from incidentkg.cli._table import Layout
from incidentkg.cli.query import FormatOption, IriOption, LayoutOption, QueryFormat, show
from incidentkg.query.run import named_queries, run_sparql
from incidentkg.store.local import open_store

app = typer.Typer()


@app.command("articles")
@handle_errors
def articles_command(
    store: StoreOption = DEFAULT_STORE,
    fmt: FormatOption = QueryFormat.table,
    iri: IriOption = False,
    layout: LayoutOption = Layout.auto,
) -> None:
    """List the articles: id, publication date, number of events, headline and URL.

    The id is what `incidentkg remove` takes (the file stem; `stem#2` for a file's second
    article; `feed#ROW` for a feed's row). `events` counts the resolved events that cite
    the article: what withdrawing it would touch. Same table as `incidentkg query articles`.
    """
    sparql = named_queries()["articles"].read_text(encoding="utf-8")
    show(run_sparql(open_store(store), sparql, "articles", path=store), fmt, iri, layout)
