"""Normalise date expressions against a publication date, with a precision.

Written by hand rather than delegated to dateparser: its ``RELATIVE_BASE`` returns
nothing for "February last year" and moves a weekday to the week before a base date
that falls on that weekday. The rules here: a weekday is the latest such day on or
before the publication date; a month without a year is the latest such month on or
before it; explicit years always win.
"""

from __future__ import annotations

import datetime as dt
import re

from incidentkg.extract.numbers import word_value
from incidentkg.kb.dates import MONTHS
from incidentkg.records import DateValue

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MON = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WD = r"(?P<wd>" + "|".join(WEEKDAYS) + r")"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"

# Order matters: the first pattern that matches wins.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")),
    ("mdy_num", re.compile(r"\b(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4})\b")),
    ("dmy", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MON}\s*,?\s*{_YEAR}\b")),
    ("mdy", re.compile(rf"\b{_MON}\s+{_DAY}(?:\s*[-–]\s*\d{{1,2}})?\s*,?\s*{_YEAR}\b")),
    ("md_last_year", re.compile(rf"\blast\s+year\s+on\s+{_MON}\s+{_DAY}\b")),
    ("mon_last_year", re.compile(rf"\b{_MON}\s+(?:of\s+)?last\s+year\b")),
    ("mon_this_year", re.compile(rf"\b{_MON}\s+(?:of\s+)?this\s+year\b")),
    ("md", re.compile(rf"\b{_MON}\s+{_DAY}(?:\s*[-–]\s*\d{{1,2}})?\b(?!\s*,?\s*\d{{4}})")),
    ("dm", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MON}\b(?!\s*,?\s*\d{{4}})")),
    ("my", re.compile(rf"\b{_MON}\s*,?\s*{_YEAR}\b")),
    ("year", re.compile(rf"(?<![\d-]){_YEAR}(?![\d-])")),
    (
        "yesterday",
        re.compile(r"\b(yesterday|last\s+night|the\s+previous\s+(day|night))\b"),
    ),
    (
        "today",
        re.compile(r"\b(today|tonight|this\s+(morning|afternoon|evening)|earlier\s+today)\b"),
    ),
    ("last_wd", re.compile(rf"\blast\s+{_WD}\b")),
    ("wd", re.compile(rf"\b{_WD}\b")),
    ("overnight", re.compile(r"\bovernight\b")),  # after the weekdays: 'overnight on Tuesday'
    ("weekend", re.compile(r"\b(?P<w>the|this|last|past|previous)\s+weekend\b")),
    ("last_week", re.compile(r"\b(last|past|previous)\s+week\b")),
    ("this_week", re.compile(r"\b(this|earlier\s+this|earlier\s+in\s+the)\s+week\b")),
    ("last_month", re.compile(r"\b(last|past|previous)\s+month\b")),
    ("this_month", re.compile(r"\b(this|earlier\s+this|earlier\s+in\s+the)\s+month\b")),
    (
        "season",
        re.compile(r"\b(?P<w>last|past|this)\s+(?P<season>spring|summer|fall|autumn|winter)\b"),
    ),
    ("last_year", re.compile(r"\b(last|past|previous)\s+year\b")),
    ("this_year", re.compile(r"\b(this|earlier\s+this|earlier\s+in\s+the)\s+year\b")),
    ("mon", re.compile(rf"\b(?:in|on|since|during|last|this|early|late|mid)?\s*{_MON}\b")),
]


def _safe(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _day(d: dt.date | None, text: str) -> DateValue | None:
    return DateValue(d.year, d.month, d.day, "day", text) if d else None


def _latest_month_day(month: int, day: int, pub: dt.date) -> dt.date | None:
    cand = _safe(pub.year, month, day)
    if cand and cand > pub:
        cand = _safe(pub.year - 1, month, day)
    return cand


def _resolve(kind: str, m: re.Match[str], pub: dt.date | None, text: str) -> DateValue | None:
    g = m.groupdict()
    mon = MONTHS.get((g.get("mon") or "").lower().rstrip("."), 0)
    if kind in ("iso", "mdy_num"):
        return _day(_safe(int(g["year"]), int(g["month"]), int(g["day"])), text)
    if kind in ("dmy", "mdy"):
        return _day(_safe(int(g["year"]), mon, int(g["day"])), text)
    if kind == "my":
        return DateValue(int(g["year"]), mon, None, "month", text)
    if kind == "year":
        return DateValue(int(g["year"]), None, None, "year", text)
    if kind in ("md", "dm", "md_last_year"):
        day = int(g["day"])
        if _safe(2000, mon, day) is None:
            return None
        if pub is None:
            return DateValue(None, mon, day, "day", text)
        if kind == "md_last_year":
            return _day(_safe(pub.year - 1, mon, day), text)
        return _day(_latest_month_day(mon, day, pub), text)
    if pub is None:
        return None
    return _relative(kind, g, mon, pub, text)


#: the month each season ends in (winter: its January and February's year)
_SEASON_ENDS = {"spring": 5, "summer": 8, "fall": 11, "autumn": 11, "winter": 2}


def _relative(kind: str, g: dict[str, str], mon: int, pub: dt.date, text: str) -> DateValue | None:
    if kind == "mon_last_year":
        return DateValue(pub.year - 1, mon, None, "month", text)
    if kind == "mon_this_year":
        return DateValue(pub.year, mon, None, "month", text)
    if kind in ("yesterday", "overnight"):
        return _day(pub - dt.timedelta(days=1), text)
    if kind == "today":
        return _day(pub, text)
    if kind in ("wd", "last_wd"):
        back = (pub.weekday() - WEEKDAYS.index(g["wd"].lower())) % 7
        if kind == "last_wd" and back <= pub.weekday():
            back += 7  # 'last Tuesday', said on a Wednesday: the week before's (AP style
            # says 'Tuesday' for a day of the week now running)
        return _day(pub - dt.timedelta(days=back), text)
    if kind == "weekend":  # its Saturday: the weekend now ending, else the one before
        back = (pub.weekday() - 5) % 7
        if g["w"] != "the" and g["w"] != "this" and pub.weekday() >= 5:
            back += 7  # 'last weekend', said on a Saturday or Sunday
        return _day(pub - dt.timedelta(days=back), text)
    if kind in ("last_week", "this_week"):
        monday = pub - dt.timedelta(days=pub.weekday())
        if kind == "last_week" and pub.weekday() != 6:
            monday -= dt.timedelta(days=7)  # on a Sunday, 'last week' is the week now ending
        return DateValue(monday.year, monday.month, monday.day, "week", text)
    if kind == "season":  # the year of the season now, or of the last one to have ended
        end = _SEASON_ENDS[g["season"]]
        year = pub.year if g["w"] == "this" or pub.month > end else pub.year - 1
        return DateValue(year, None, None, "year", text)
    if kind == "last_month":
        year, month = (pub.year, pub.month - 1) if pub.month > 1 else (pub.year - 1, 12)
        return DateValue(year, month, None, "month", text)
    if kind == "this_month":
        return DateValue(pub.year, pub.month, None, "month", text)
    if kind == "last_year":
        return DateValue(pub.year - 1, None, None, "year", text)
    if kind == "this_year":
        return DateValue(pub.year, None, None, "year", text)
    if kind == "mon":
        year = pub.year if mon <= pub.month else pub.year - 1
        if mon == pub.month and re.search(r"\blast\s+[a-z]", text, re.IGNORECASE):
            year -= 1  # 'last March', said in March: a year ago, not this month
        return DateValue(year, mon, None, "month", text)
    return None


_AGO = re.compile(
    r"(?P<about>(?:about|nearly|almost|some|roughly|around|more than|over)\s+)?"
    r"(?P<n>an?|[a-z]+|\d{1,2})\s+(?P<unit>day|week|month|year)s?\s+ago"
)


def _ago(m: re.Match[str], pub: dt.date, text: str) -> DateValue | None:
    """'Two days ago', 'a week ago', 'three months ago': counted back from the publication
    date, as precise as the unit (an 'about' makes days a week)."""
    word = m["n"]
    value = (1, 1) if word in {"a", "an"} else word_value([word])
    if value is None or value[0] != value[1] or not 0 < value[0] < 100:
        return None  # 'a few', 'several': no count to go back by
    n, unit = value[0], m["unit"]
    if unit == "year":
        return DateValue(pub.year - n, None, None, "year", text)
    if unit == "month":
        months = pub.year * 12 + pub.month - 1 - n
        return DateValue(months // 12, months % 12 + 1, None, "month", text)
    day = pub - dt.timedelta(days=n * (7 if unit == "week" else 1))
    if unit == "day" and not m["about"]:
        return _day(day, text)
    monday = day - dt.timedelta(days=day.weekday())
    return DateValue(monday.year, monday.month, monday.day, "week", text)


#: an event dated more than this many days before publication is background, not news
BACKGROUND_AFTER_DAYS = 10


def ended_before_news(own: DateValue | None, published: dt.date | None) -> bool:
    """Whether an event's own date ends more than BACKGROUND_AFTER_DAYS before publication:
    an earlier event the article recalls, not its news."""
    if own is None or published is None or own.end is None:
        return False
    if own.precision == "year" and own.text.lower().startswith("earlier"):
        return True  # 'earlier this year', 'earlier in the year': before the news, not it
    return own.end < published - dt.timedelta(days=BACKGROUND_AFTER_DAYS)


def parse_date(text: str, published: dt.date | None) -> DateValue | None:
    """Normalise one date expression; ``None`` when it names no resolvable date.

    >>> parse_date("February last year", dt.date(2024, 7, 24))
    DateValue(year=2023, month=2, day=None, precision='month', text='February last year')
    >>> parse_date("Sunday", dt.date(2024, 7, 7)).start  # a Sunday article's "Sunday"
    datetime.date(2024, 7, 7)
    """
    low = text.lower().replace("’", "'")
    ago = _AGO.fullmatch(low.strip())
    if ago and published is not None:
        return _ago(ago, published, text)
    if re.search(
        r"\b(ago|after|before|later|recent|next|coming|following|since|until|till|decades?)\b", low
    ) or re.search(r"\b\d{3}0'?s\b", low):
        return None  # durations, ends, and decades ('the 1980s'): no event's date
    for kind, pattern in _PATTERNS:
        m = pattern.search(low)
        if m:
            return _resolve(kind, m, published, text)
    return None
