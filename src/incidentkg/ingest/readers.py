"""Which reader handles which suffix, and reading one file into articles."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from incidentkg.errors import IngestError, Msg, printable
from incidentkg.ingest import files
from incidentkg.ingest.decode import decode_bytes
from incidentkg.ingest.feeds import iter_csv, iter_jsonl
from incidentkg.ingest.text import iter_text_articles
from incidentkg.records import Article

Item = Article | IngestError
Reader = Callable[[str, Path, dt.date | None], Iterator[Item]]


def _text_items(text: str, path: Path, published: dt.date | None) -> Iterator[Item]:
    return iter_text_articles(text, path.stem, str(path), published)


def _html_items(text: str, path: Path, published: dt.date | None) -> Iterator[Item]:
    from incidentkg.ingest.html import html_article  # trafilatura, numpy: HTML only

    try:
        yield html_article(text, path.stem, str(path), published)
    except IngestError as exc:
        yield exc


#: suffix → (reader, size limit in bytes)
READERS: dict[str, tuple[Reader, int]] = {
    ".txt": (_text_items, files.MAX_FILE_BYTES),
    ".html": (_html_items, files.MAX_FILE_BYTES),
    ".htm": (_html_items, files.MAX_FILE_BYTES),
    ".jsonl": (iter_jsonl, files.MAX_FEED_BYTES),
    ".csv": (iter_csv, files.MAX_FEED_BYTES),
}
SUPPORTED_SUFFIXES = tuple(READERS)


def discover(paths: Iterable[Path]) -> Iterator[Path]:
    """Expand folders into the files we read (sorted); other paths pass through as given."""
    return files.discover(paths, SUPPORTED_SUFFIXES)


def _open(path: Path) -> tuple[Reader, str]:
    if not os.path.lexists(path):  # a typo says so, whatever its suffix (issue 15)
        raise IngestError(Msg.E005, str(path))
    if path.suffix.lower() not in READERS:
        expected = ", ".join(SUPPORTED_SUFFIXES)
        raise IngestError(Msg.E004, str(path), suffix=path.suffix, expected=expected)
    reader, limit = READERS[path.suffix.lower()]
    return reader, decode_bytes(files.read_bytes(path, limit), str(path))


def iter_file(path: Path, published: dt.date | None = None) -> Iterator[Item]:
    """Each article of one file, or an :class:`IngestError` for each one refused.

    A name that is not valid UTF-8 (``bad\xff.txt``) is read all the same; its article id
    and source path spell the odd bytes out (:func:`~incidentkg.errors.printable`).
    """
    shown = Path(printable(str(path)))
    try:
        reader, text = _open(path)
    except IngestError as exc:
        exc.path = printable(exc.path)
        exc.args = (printable(str(exc)),)
        yield exc
        return
    yield from reader(text, shown, published)


def read_file(path: Path, published: dt.date | None = None) -> list[Article]:
    """Read one file strictly: the first refused article or row raises :class:`IngestError`."""
    out: list[Article] = []
    for item in iter_file(path, published):
        if isinstance(item, IngestError):
            raise item
        out.append(item)
    return out
