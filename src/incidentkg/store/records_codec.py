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
from collections.abc import Callable
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
    result: T = _decoder(typing.cast(Any, cls))(data)
    return result


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _identity(data: Any) -> Any:
    return data


@cache
def _decoder(hint: Any) -> Callable[[Any], Any]:
    """A function decoding JSON data of type ``hint``, made once per type.

    Looking the hints up again for every value (origin, arguments, dataclass or not) cost
    three quarters of reading a store's saved records.
    """
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return _dataclass_decoder(hint)
    origin = typing.get_origin(hint)
    if origin is tuple:
        return _tuple_decoder(typing.get_args(hint))
    if origin in (types.UnionType, typing.Union):
        return _union_decoder(typing.get_args(hint))
    if hint is dt.date:
        return dt.date.fromisoformat
    if origin is typing.Literal or hint in (str, int, float, bool, Any):
        return _identity
    raise TypeError(f"cannot read records field of type {hint!r}")


def _dataclass_decoder(cls: type) -> Callable[[Any], Any]:
    fields: dict[str, Callable[[Any], Any]] = {}  # filled on first use: types may nest

    def decode(data: Any) -> Any:
        if not isinstance(data, dict):
            raise ValueError(f"{cls.__name__}: expected an object, got {type(data).__name__}")
        if not fields:
            fields.update({name: _decoder(hint) for name, hint in _hints(cls).items()})
        if not data.keys() <= fields.keys():
            unknown = sorted(set(data) - set(fields))
            raise ValueError(f"{cls.__name__}: unknown field(s) {unknown}")
        return cls(**{name: fields[name](value) for name, value in data.items()})

    return decode


def _tuple_decoder(args: tuple[Any, ...]) -> Callable[[Any], Any]:
    if len(args) == 2 and args[1] is Ellipsis:
        item = _decoder(args[0])
        if item is _identity:
            return tuple
        return lambda data: tuple([item(v) for v in data])
    items = [_decoder(a) for a in args]
    return lambda data: tuple([f(v) for f, v in zip(items, data, strict=True)])


def _union_decoder(args: tuple[Any, ...]) -> Callable[[Any], Any]:
    options = [a for a in args if a is not type(None)]
    if len(options) != 1:
        raise TypeError(f"ambiguous union {args!r} in records")
    inner, nullable = _decoder(options[0]), type(None) in args

    def decode(data: Any) -> Any:
        return None if data is None and nullable else inner(data)

    return decode
