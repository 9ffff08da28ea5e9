"""Date arithmetic shared by extraction and resolution: which dates can name the same day,
and which of two is the more informative. Plain records only (no spaCy)."""

from __future__ import annotations

import datetime as dt
import re

from incidentkg.kb.gazetteer import lexicon
from incidentkg.records import DateValue

MONTHS: dict[str, int] = lexicon()["month_names"]


def compatible(a: DateValue | None, b: DateValue | None, slack_days: int = 1) -> bool:
    """Whether two dates could name the same day (unknown parts match anything)."""
    if a is None or b is None or a.precision == "unknown" or b.precision == "unknown":
        return True
    if a.start and b.start and a.end and b.end:
        slack = dt.timedelta(days=slack_days)
        return a.start - slack <= b.end and b.start - slack <= a.end
    for x, y in ((a.month, b.month), (a.day, b.day), (a.year, b.year)):
        if x is not None and y is not None and x != y:
            return False
    return True


PRECISION_RANK = {"unknown": 0, "year": 1, "month": 2, "week": 3, "day": 4}


def more_precise(a: DateValue | None, b: DateValue | None) -> DateValue | None:
    """The more informative of two compatible dates: a full date beats a partial one, and
    at equal precision a date written out ("February 17") beats a relative one ("Friday")."""
    if a is None:
        return b
    if b is None:
        return a

    def score(d: DateValue) -> tuple[int, bool]:
        return (PRECISION_RANK[d.precision] + (d.year is not None) * 3, is_explicit(d.text))

    return b if score(b) > score(a) else a


def is_explicit(text: str) -> bool:
    """Whether a date expression names its date (a year, a month or digits) or is relative."""
    low = text.lower()
    return bool(re.search(r"\d", low)) or any(re.search(rf"\b{m}\b", low) for m in MONTHS)


#: The text of a date inferred from the publication day (see extract/document.py).
INFERRED = "inferred: publication date"
#: How long before publication an event dated only by its report may have happened.
INFERRED_WINDOW_DAYS = 7


#: The date text of an event dated by the news of its article ("hours after the blast, a
#: second attack …" with no day of its own).
INFERRED_FROM_NEWS = "inferred: date of the article's news"


def is_inferred(d: DateValue | None) -> bool:
    """Whether a date was inferred (from publication or the article's news), not read."""
    return d is not None and d.text in {INFERRED, INFERRED_FROM_NEWS}


def compatible_reports(a: DateValue | None, b: DateValue | None) -> bool:
    """Dates of two reports that may name one event. A date inferred from publication
    stands for 'on or a few days before' that day, so it admits any date in that window."""
    if compatible(a, b):
        return True
    if a is None or b is None or is_inferred(a) == is_inferred(b):
        return False
    inferred, stated = (a, b) if is_inferred(a) else (b, a)
    if inferred.start is None or stated.start is None or stated.end is None:
        return False
    window = dt.timedelta(days=INFERRED_WINDOW_DAYS)
    return inferred.start - window <= stated.end and stated.start <= inferred.start
