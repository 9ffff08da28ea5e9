"""Finding input files and reading their bytes without surprises.

A folder is walked in sorted order (hidden files and folders are left out, like git
does); anything with a supported suffix is a candidate, even a broken link or a FIFO, so
that it is reported instead of silently ignored. Reading checks the file type first: a
FIFO would block a build forever, and the size limit is checked before reading.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from incidentkg.errors import IngestError, Msg

#: Largest single-article file (.txt, .html) and largest feed (.jsonl, .csv) we read.
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FEED_BYTES = 200 * 1024 * 1024


def _walk(folder: Path, suffixes: tuple[str, ...]) -> Iterator[Path]:
    problems: list[Path] = []
    found: list[Path] = []
    for root, dirs, files in os.walk(folder, onerror=lambda e: problems.append(Path(e.filename))):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(
            Path(root, f)
            for f in files
            if not f.startswith(".") and Path(f).suffix.lower() in suffixes
        )
    yield from sorted([*found, *problems])


def discover(paths: Iterable[Path], suffixes: tuple[str, ...]) -> Iterator[Path]:
    """Expand folders (recursively, sorted); files, even missing ones, are passed on as given."""
    for path in paths:
        if path.is_dir():
            yield from _walk(path, suffixes)
        else:
            yield path


def _describe(exc: OSError, path: Path) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if exc.errno == errno.ENOENT and path.is_symlink():
        return f"broken symbolic link to {os.readlink(path)}"
    return exc.strerror or str(exc)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _folder_reason(path: Path) -> str:
    try:
        os.listdir(path)
    except OSError as exc:
        return exc.strerror or str(exc)
    return "it is a folder, not a file"


def read_bytes(path: Path, limit: int) -> bytes:
    """The file's bytes, or :class:`IngestError` naming why it cannot be read."""
    try:
        st = path.stat()
    except FileNotFoundError as exc:
        if not path.is_symlink():
            raise IngestError(Msg.E005, str(path)) from exc
        raise IngestError(Msg.E001, str(path), reason=_describe(exc, path)) from exc
    except OSError as exc:
        raise IngestError(Msg.E001, str(path), reason=_describe(exc, path)) from exc
    if stat.S_ISDIR(st.st_mode):
        raise IngestError(Msg.E001, str(path), reason=_folder_reason(path))
    if not stat.S_ISREG(st.st_mode):
        raise IngestError(Msg.E001, str(path), reason=_kind(st.st_mode))
    if st.st_size > limit:
        raise IngestError(Msg.E006, str(path), size=_mb(st.st_size), limit=_mb(limit))
    try:
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise IngestError(Msg.E001, str(path), reason=_describe(exc, path)) from exc
    if len(data) > limit:  # it grew after stat()
        raise IngestError(Msg.E006, str(path), size=f"over {_mb(limit)}", limit=_mb(limit))
    return data


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MiB"
