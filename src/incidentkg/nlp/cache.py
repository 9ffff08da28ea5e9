"""A cache of the built pipeline, so a process that adds one article does not build it again.

Building the pipeline takes about 4 s, nine tenths of it tokenizing the ~75 k gazetteer and
title phrases for the span rulers; ``nlp.to_disk`` would not help, since a span ruler read
from disk adds (tokenizes) its patterns again. The pickled pipeline keeps its phrase
matchers' token arrays and loads in about 0.7 s (:class:`_Pickler` says how). The pickle is
taken before :func:`~incidentkg.nlp.speedups.speed_up` (which swaps classes), and the
speed-ups are applied again after loading.

The key covers everything the pipeline is made of: the model's name and version, the
package's ``nlp``, ``kb`` and ``data`` files, spaCy's and Python's versions. Where the
cache lives and whose files it trusts: :mod:`incidentkg.kb.cache`.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.matcher.phrasematcher import unpickle_matcher  # type: ignore[attr-defined]
from spacy.vectors import Vectors

from incidentkg.kb.cache import CACHE_ENV, cache_dir, read_cached, sources_digest, write_cached

__all__ = ["CACHE_ENV", "cache_file", "cache_key", "load_cached", "save_cached"]

#: what the pipeline is built from, under the package folder
SOURCES = ("nlp", "kb", "data")


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
    return sources_digest(SOURCES, model, _model_version(model), _version("spacy"))


def cache_file(model: str) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    name = Path(model).name if Path(model).is_dir() else model
    return folder / "pipelines" / f"{name}-{cache_key(model)}.pickle"


def load_cached(path: Path | None) -> Language | None:
    """The cached pipeline (without speed-ups), or ``None`` when there is none to trust."""
    nlp = read_cached(path)
    if not isinstance(nlp, Language):
        return None
    nlp.vocab.vectors.strings = nlp.vocab.strings  # as after spacy.load (see _Pickler)
    return nlp


def save_cached(path: Path | None, nlp: Language) -> None:
    """Write the pipeline atomically; failures (an unpicklable custom component) are ignored."""
    if path is None:
        return
    buffer = io.BytesIO()
    try:
        _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(nlp)
    except Exception:
        return
    write_cached(path, buffer.getvalue())


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
