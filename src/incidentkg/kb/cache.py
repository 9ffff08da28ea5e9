"""The user's cache of things built from the package's data: written once, loaded fast.

Two things are cached, each as a pickle keyed by what it is built from: the spaCy pipeline
(:mod:`incidentkg.nlp.cache`, 4 s to build, under a second to load) and the gazetteer
(:func:`incidentkg.kb.gazetteer.load_gazetteer`, 0.3 s to build from its files, 0.06 s to
load; every update reads it, also ``remove``, which has no spaCy). A pickle runs code when
loaded, so the cache is a folder of the user's own (mode 0700, ``INCIDENTKG_CACHE_DIR``,
default ``$XDG_CACHE_HOME/incidentkg`` or ``~/.cache/incidentkg``); a file of another owner,
or one writable by others, is never loaded. ``INCIDENTKG_CACHE_DIR=""`` turns the cache off.
Any failure to read or write it falls back to building. This module imports no spaCy.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import os
import pickle
import stat
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from incidentkg.resources import PACKAGE_DIR

CACHE_ENV = "INCIDENTKG_CACHE_DIR"


def cache_dir() -> Path | None:
    """The cache folder, or ``None`` when ``INCIDENTKG_CACHE_DIR`` is set empty."""
    given = os.environ.get(CACHE_ENV)
    if given is not None:
        return Path(given) if given else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "incidentkg"


def sources_digest(folders: Iterable[str], *parts: str) -> str:
    """A key that changes with any file of the package's ``folders`` or any of ``parts``
    (and with the Python version: pickles of another one are not read)."""
    digest = hashlib.sha256("\x1f".join((*parts, sys.version)).encode())
    for name in folders:
        for path in sorted((PACKAGE_DIR / name).rglob("*")):
            if path.is_file() and path.suffix != ".pyc":
                digest.update(str(path.relative_to(PACKAGE_DIR)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def trusted(path: Path) -> bool:
    """Ours and writable by nobody else, as is the folder it lies in."""
    for item in (path, path.parent):
        st = item.stat()
        if st.st_uid != os.getuid() or st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return False
    return True


def read_cached(path: Path | None) -> Any:
    """The object pickled at ``path``, or ``None`` when there is none to trust."""
    if path is None:
        return None
    try:
        if not path.is_file() or not trusted(path):
            return None
        with path.open("rb") as fh:
            return pickle.load(fh)
    except Exception:  # a damaged or foreign file: build instead, and overwrite it
        return None


def write_cached(path: Path | None, data: bytes) -> None:
    """Write a pickle's bytes atomically (temporary file + rename), then drop the files of
    the same name made from other sources (stale: same name before the last ``-``)."""
    if path is None:
        return
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        tmp.replace(path)
    except Exception:  # a read-only home, a full disk
        with contextlib.suppress(OSError):
            tmp.unlink()
        return
    name = path.name.rsplit("-", 1)[0]
    for old in path.parent.glob(f"{glob.escape(name)}-*{path.suffix}"):
        if old != path and old.name.rsplit("-", 1)[0] == name:
            with contextlib.suppress(OSError):
                old.unlink()
