"""The values a ``set_field`` correction may give, checked when the file is read.

A typo in a corrections file ("2023-02-31", "kiled") must stop at reading, with the entry's
id, not turn into a silently wrong graph. Names come from the vocabulary schema.
"""

from __future__ import annotations

import re
import typing

from incidentkg.kb.vocabulary import vocabulary
from incidentkg.records import DateValue, EventField, FigureKind, Precision

FIELDS: tuple[str, ...] = typing.get_args(EventField)
ENTITY_FIELDS = frozenset({"place", "perpetrator"})  # values name entities (label or id)
NO_PERPETRATOR = "none"  # `perpetrator: none`: no perpetrator is known
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_FIGURE = re.compile(r"(\d+)(?:\s*[-–]\s*(\d+))?")


def figure_fields() -> dict[str, FigureKind]:
    """Field name → figure kind, for the kinds the graph summarises (``killed``...)."""
    return {f.name: typing.cast(FigureKind, f.name) for f in vocabulary().figure_kinds if f.summary}


def parse_date(text: str) -> DateValue:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as a date of that precision.

    >>> parse_date("2023-02").precision
    'month'
    """
    found = _DATE.fullmatch(text.strip())
    if found is None:
        raise ValueError(f"date {text!r}: use YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in found.groups())
    precision: Precision = "day" if day else "month" if month else "year"
    value = DateValue(year, month, day, precision, text.strip())
    try:
        value.end  # noqa: B018 - builds the dates, so 2023-02-31 fails here
    except ValueError as exc:
        raise ValueError(f"date {text!r}: {exc}") from None
    return value


def parse_figure(text: str) -> tuple[int, int]:
    """``"12"`` or ``"10-12"`` as (lowest, highest).

    >>> parse_figure("10-12")
    (10, 12)
    """
    found = _FIGURE.fullmatch(str(text).strip())
    if found is None:
        raise ValueError(f"figure {text!r}: use a number or a range such as 10-12")
    low = int(found.group(1))
    high = int(found.group(2) or low)
    if high < low:
        raise ValueError(f"figure {text!r}: the range runs backwards")
    return low, high


def check_value(field: str, value: str) -> None:
    """Raise ``ValueError`` saying what is wrong with ``value`` for ``field``."""
    v = vocabulary()
    if field not in FIELDS:
        raise ValueError(f"unknown field {field!r}; expected one of {', '.join(FIELDS)}")
    if field == "date":
        parse_date(value)
    elif field in figure_fields():
        parse_figure(value)
    elif field == "category" and value not in {c.name for c in v.categories}:
        raise ValueError(f"unknown category {value!r}; expected one of "
                         + ", ".join(c.name for c in v.categories))  # fmt: skip
    elif field == "event_type" and value not in {t.term for t in v.event_types}:
        raise ValueError(f"unknown event type {value!r}; expected one of "
                         + ", ".join(t.term for t in v.event_types))  # fmt: skip
    elif field == "perpetrator_status":
        names = [s.name for s in v.perpetrator_statuses if s.event]
        if value not in names:
            raise ValueError(f"unknown status {value!r}; expected one of {', '.join(names)}")
    elif field in ENTITY_FIELDS and not value.strip():
        raise ValueError(f"{field}: give a label or an id")
