"""A cache of the built pipeline, so a process that adds one article does not build it again.

Building the pipeline takes about 4 s, nine tenths of it tokenizing the ~75 k gazetteer and
title phrases for the span rulers; ``nlp.to_disk`` would not help, since a span ruler read
from disk adds (tokenizes) its patterns again. The pickled pipeline keeps its phrase
matchers' token arrays and loads in about 1.5 s. The pickle is taken before
:func:`~incidentkg.nlp.speedups.speed_up` (which swaps classes), and the speed-ups are
applied again after loading.

The key covers everything the pipeline is made of: the model's name and version, the
package's ``nlp``, ``kb`` and ``data`` files, spaCy's and Python's versions. A pickle
runs code when loaded, so the cache is a folder of the user's own (mode 0700,
``INCIDENTKG_CACHE_DIR``, default ``$XDG_CACHE_HOME/incidentkg`` or ``~/.cache/incidentkg``);
a file of another owner, or one writable by others, is never loaded. ``INCIDENTKG_CACHE_DIR=""``
turns the cache off. Any failure to read or write it falls back to building.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import io
import os
import pickle
import stat
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.matcher.phrasematcher import unpickle_matcher  # type: ignore[attr-defined]
from spacy.vectors import Vectors

from incidentkg.resources import PACKAGE_DIR

CACHE_ENV = "INCIDENTKG_CACHE_DIR"
#: what the pipeline is built from, under the package folder
SOURCES = ("nlp", "kb", "data")


def cache_dir() -> Path | None:
    """The cache folder, or ``None`` when ``INCIDENTKG_CACHE_DIR`` is set empty."""
    given = os.environ.get(CACHE_ENV)
    if given is not None:
        return Path(given) if given else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "incidentkg"


def _model_version(model: str) -> str:
    meta = Path(model) / "meta.json"
    if meta.is_file():
        return hashlib.sha256(meta.read_bytes()).hexdigest()
    return _version(model)


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "unknown"


def cache_key(model: str) -> str:
    """Changes whenever a pipeline built now might differ from the cached one."""
    parts = (model, _model_version(model), _version("spacy"), sys.version)
    digest = hashlib.sha256("\x1f".join(parts).encode())
    for name in SOURCES:
        for path in sorted((PACKAGE_DIR / name).rglob("*")):
            if path.is_file() and path.suffix != ".pyc":
                digest.update(str(path.relative_to(PACKAGE_DIR)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def cache_file(model: str) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    name = Path(model).name if Path(model).is_dir() else model
    return folder / "pipelines" / f"{name}-{cache_key(model)}.pickle"


def _trusted(path: Path) -> bool:
    """Ours and writable by nobody else, as is the folder it lies in."""
    for item in (path, path.parent):
        st = item.stat()
        if st.st_uid != os.getuid() or st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return False
    return True


def load_cached(path: Path | None) -> Language | None:
    """The cached pipeline (without speed-ups), or ``None`` when there is none to trust."""
    if path is None:
        return None
    try:
        if not path.is_file() or not _trusted(path):
            return None
        with path.open("rb") as fh:
            nlp = pickle.load(fh)
    except Exception:  # a damaged or foreign file: build instead, and overwrite it
        return None
    if not isinstance(nlp, Language):
        return None
    nlp.vocab.vectors.strings = nlp.vocab.strings  # as after spacy.load (see _Pickler)
    return nlp


def save_cached(path: Path | None, nlp: Language) -> None:
    """Write the pipeline atomically (temporary file + rename); failures are ignored."""
    if path is None:
        return
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        buffer = io.BytesIO()
        _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(nlp)
        data = buffer.getvalue()
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        tmp.replace(path)
    except Exception:  # a read-only home, a full disk, an unpicklable custom component
        with contextlib.suppress(OSError):
            tmp.unlink()
        return
    _drop_stale(path)


class _Pickler(pickle.Pickler):
    """spaCy's pickles, without two costs of loading them (a third of the time).

    Phrase matchers are restored by :func:`_unpickle_phrase_matcher`. The vectors table is
    pickled without its string store: that store is the vocab's own (``Vocab.vectors``' setter
    makes it so), pickled with the vocab already, and reading a second copy then adding each
    of its strings to the vocab's took 0.35 s.
    """

    def reducer_override(self, obj: object) -> Any:
        if isinstance(obj, PhraseMatcher):
            _, args, *_rest = obj.__reduce__()
            return (_unpickle_phrase_matcher, args)
        if isinstance(obj, Vectors) and type(obj) is Vectors:
            return (_unpickle_vectors, (obj.to_bytes(exclude=["strings"]),))
        return NotImplemented


def _unpickle_vectors(data: bytes) -> Vectors:
    return Vectors().from_bytes(data, exclude=["strings"])


def _unpickle_phrase_matcher(vocab: Any, docs: Any, callbacks: Any, attr: Any) -> PhraseMatcher:
    """spaCy's own restore, minus two thirds of the cache's load time.

    Restoring a phrase matcher adds each of its keys again, and spaCy makes a lexeme of every
    key (``vocab[key]``), computing its ~20 lexical attributes in Python: 1 s for the span
    rulers' 15 k keys (``repr((label, id))``). A key with a space is a string the tokenizer
    never makes a token of, so its lexeme is made without attributes; any other key gets
    them as before. The matcher and every token's annotations are the same.
    """
    for key in docs:
        if not (isinstance(key, str) and " " in key):
            vocab[key]
    getters = vocab.lex_attr_getters
    vocab.lex_attr_getters = {}
    try:
        return unpickle_matcher(vocab, docs, callbacks, attr)  # type: ignore[no-any-return]
    finally:
        vocab.lex_attr_getters = getters


def _drop_stale(path: Path) -> None:
    """Pipelines of the same model built from older files (25 MB each) go."""
    model = path.name.rsplit("-", 1)[0]
    for old in path.parent.glob(f"{glob.escape(model)}-*.pickle"):
        if old != path and old.name.rsplit("-", 1)[0] == model:
            with contextlib.suppress(OSError):
                old.unlink()
