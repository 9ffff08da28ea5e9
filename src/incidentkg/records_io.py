"""Lossless JSON for the frozen record dataclasses of :mod:`incidentkg.records`.

Incremental builds keep each article's :class:`ArticleRecords` beside the store so an
unchanged article never goes through spaCy again. The codec is driven by the
dataclasses' own type hints, so a field added to ``records.py`` is saved and read
without touching this module; a field that no longer exists fails loudly.

>>> from incidentkg.records import Article, ArticleRecords
>>> recs = ArticleRecords(Article("a1", "Text.", "a1.txt"), entities=(), events=())
>>> from_json(ArticleRecords, to_json(recs)) == recs
True
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


def to_json(value: Any) -> Any:
    """Plain JSON data for a record (tuples become lists, dates ISO strings)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [to_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise TypeError(f"cannot save {type(value).__name__} in records")


def from_json(cls: type[T], data: Any) -> T:
    """Rebuild a record of type ``cls`` from :func:`to_json` output."""
    result: T = _decode(cls, data)
    return result


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _decode(hint: Any, data: Any) -> Any:
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return _decode_dataclass(hint, data)
    origin = typing.get_origin(hint)
    if origin is tuple:
        return _decode_tuple(typing.get_args(hint), data)
    if origin in (types.UnionType, typing.Union):
        return _decode_union(typing.get_args(hint), data)
    if hint is dt.date:
        return dt.date.fromisoformat(data)
    if origin is typing.Literal or hint in (str, int, float, bool, Any):
        return data
    raise TypeError(f"cannot read records field of type {hint!r}")


def _decode_dataclass(cls: type, data: Any) -> Any:
    if not isinstance(data, dict):
        raise ValueError(f"{cls.__name__}: expected an object, got {type(data).__name__}")
    hints = _hints(cls)
    unknown = set(data) - set(hints)
    if unknown:
        raise ValueError(f"{cls.__name__}: unknown field(s) {sorted(unknown)}")
    return cls(**{name: _decode(hints[name], value) for name, value in data.items()})


def _decode_tuple(args: tuple[Any, ...], data: Any) -> tuple[Any, ...]:
    if len(args) == 2 and args[1] is Ellipsis:
        return tuple(_decode(args[0], v) for v in data)
    return tuple(_decode(a, v) for a, v in zip(args, data, strict=True))


def _decode_union(args: tuple[Any, ...], data: Any) -> Any:
    if data is None and type(None) in args:
        return None
    options = [a for a in args if a is not type(None)]
    if len(options) != 1:
        raise TypeError(f"ambiguous union {args!r} in records")
    return _decode(options[0], data)
