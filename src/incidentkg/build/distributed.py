"""Extraction on a Dask distributed cluster: partitions of articles out, records back.

With ``graphs`` (what ``incidentkg build`` asks for) each article's named graph comes back
as N-Quads too, so the client only resolves, adds the resolved graph and indexes.

Workers run spaCy and the extractors (each builds the pipeline once, cached per worker
process); the client gets per-article records in input order and resolves, maps to RDF
and writes the store centrally, exactly as a local build does. Only a bounded number of
partitions is in flight, so an archive larger than the cluster's memory still streams.
Needs the optional extra: ``pip install 'incidentkg[dask]'``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from incidentkg.build.executors import (
    BATCH,
    CHUNK,
    ExecutorOptions,
    Extracted,
    chunks,
    extract_chunk,
)
from incidentkg.errors import IncidentKGError, Msg
from incidentkg.records import Article

if TYPE_CHECKING:
    from distributed import Client

#: Partitions in flight per worker thread.
AHEAD = 3


def connect(scheduler: str | None) -> Client:
    """A client for ``scheduler`` (``tcp://host:8786``); a missing address or package is E021."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise IncidentKGError(Msg.E021, reason="install the 'dask' extra: "
                              "pip install 'incidentkg[dask]'") from exc  # fmt: skip
    if not scheduler:
        raise IncidentKGError(Msg.E021, reason="--executor dask needs --scheduler ADDRESS")
    try:
        return Client(scheduler, timeout="30s")  # type: ignore[no-untyped-call]
    except OSError as exc:
        raise IncidentKGError(Msg.E021, reason=f"cannot reach {scheduler}: {exc}") from exc


def _slots(client: Client) -> int:
    info: dict[str, Any] = client.scheduler_info()
    workers = info.get("workers", {}).values()
    return max(1, sum(int(w.get("nthreads", 1)) for w in workers))


def extract_on(
    client: Client,
    articles: Iterable[Article],
    model: str,
    batch_size: int = BATCH,
    graphs: bool = False,
) -> Iterator[Extracted]:
    """Submit partitions to ``client``'s workers, a bounded number at a time; yield in order."""
    tasks = chunks(articles, CHUNK)
    ahead = _slots(client) * AHEAD
    pending: list[Any] = []
    for part in tasks:
        pending.append(client.submit(extract_chunk, part, model, batch_size, graphs, pure=False))
        if len(pending) >= ahead:
            yield from pending.pop(0).result()
    for future in pending:
        yield from future.result()


def run_dask(
    articles: Iterable[Article], model: str, options: ExecutorOptions
) -> Iterator[Extracted]:
    """Connect to ``options.scheduler`` and extract there; the client closes afterwards."""
    client = connect(options.scheduler)
    try:
        yield from extract_on(client, articles, model, options.batch_size, options.graphs)
    finally:
        client.close()  # type: ignore[no-untyped-call]
