"""Date normalisation against a publication date (rules in ``extract/dates.py``)."""

from __future__ import annotations

import datetime as dt

import pytest

from incidentkg.extract.dates import parse_date
from incidentkg.kb.dates import compatible
from incidentkg.records import DateValue

WED = dt.date(2025, 3, 12)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("Wednesday", dt.date(2025, 3, 12), "day"),  # same weekday = the publication day
        ("on Monday", dt.date(2025, 3, 10), "day"),
        ("last Wednesday", dt.date(2025, 3, 5), "day"),
        ("last Tuesday", dt.date(2025, 3, 4), "day"),  # not yesterday: the week before's
        ("last Friday", dt.date(2025, 3, 7), "day"),  # a day of the week before
        ("last night", dt.date(2025, 3, 11), "day"),
        ("yesterday", dt.date(2025, 3, 11), "day"),
        ("overnight", dt.date(2025, 3, 11), "day"),  # the night before the news
        ("overnight on Wednesday", dt.date(2025, 3, 12), "day"),  # the weekday it names
        ("earlier today", dt.date(2025, 3, 12), "day"),
        ("last week", dt.date(2025, 3, 3), "week"),
        ("earlier this month", dt.date(2025, 3, 1), "month"),
        ("last month", dt.date(2025, 2, 1), "month"),
        ("October last year", dt.date(2024, 10, 1), "month"),
        ("November", dt.date(2024, 11, 1), "month"),  # latest November on or before
        ("in March", dt.date(2025, 3, 1), "month"),  # this month
        ("last March", dt.date(2024, 3, 1), "month"),  # said in March: a year ago
        ("last February", dt.date(2025, 2, 1), "month"),
        ("December 3", dt.date(2024, 12, 3), "day"),
        ("March 1", dt.date(2025, 3, 1), "day"),
        ("3 August 2019", dt.date(2019, 8, 3), "day"),
        ("August 3, 2019", dt.date(2019, 8, 3), "day"),
        ("07/04/2016", dt.date(2016, 7, 4), "day"),  # GTD-style MM/DD/YYYY
        ("Sept. 2021", dt.date(2021, 9, 1), "month"),
        ("in 2009", dt.date(2009, 1, 1), "year"),
        ("last year", dt.date(2024, 1, 1), "year"),
    ],
)
def test_dates_relative_to_publication(text: str, expected: dt.date, precision: str) -> None:
    """Relative expressions resolve against the publication date with the right precision."""
    value = parse_date(text, WED)
    assert value is not None
    assert (value.start, value.precision) == (expected, precision)


def test_dates_last_week_on_a_sunday_is_the_week_now_ending() -> None:
    """Written on a Sunday, 'last week' is the Monday-to-Sunday week just gone by (the week
    of Thursday's attack), not the one before it; on other days it is the previous week."""
    sunday = dt.date(2025, 3, 16)
    value = parse_date("last week's", sunday)
    assert value is not None and value.start == dt.date(2025, 3, 10)
    assert compatible(value, DateValue(2025, 3, 13, "day", "Thursday"))
    value = parse_date("last week", dt.date(2025, 3, 15))  # a Saturday
    assert value is not None and value.start == dt.date(2025, 3, 3)


def test_dates_without_publication_keep_month_and_day() -> None:
    """An undated article's 'June 5' is a partial date, not a guess of the year."""
    value = parse_date("June 5", None)
    assert value == DateValue(None, 6, 5, "day", "June 5")
    assert parse_date("Friday", None) is None


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("two days ago", dt.date(2025, 3, 10), "day"),
        ("about two days ago", dt.date(2025, 3, 10), "week"),  # 'about': the week of it
        ("a week ago", dt.date(2025, 3, 3), "week"),  # the week holding March 5
        ("three weeks ago", dt.date(2025, 2, 17), "week"),
        ("five months ago", dt.date(2024, 10, 1), "month"),
        ("12 years ago", dt.date(2013, 1, 1), "year"),
    ],
)
def test_dates_counted_back_from_publication(text: str, expected: dt.date, precision: str) -> None:
    """'N days/weeks/months/years ago' is counted back from the publication date, as
    precise as its unit."""
    value = parse_date(text, WED)
    assert value is not None
    assert (value.start, value.precision) == (expected, precision)
    assert parse_date(text, None) is None  # no publication date: nothing to count from


@pytest.mark.parametrize(
    "text", ["a few days ago", "months ago", "recent months", "hours", "the coming days"]
)
def test_dates_vague_expressions_give_nothing(text: str) -> None:
    """Durations and vague spans are not dates of an event."""
    assert parse_date(text, WED) is None


def test_dates_compatible_uses_partial_parts_and_slack() -> None:
    """Partial dates match on the parts they have; full dates allow a day around midnight."""
    full = DateValue(2023, 6, 5, "day")
    assert compatible(full, DateValue(None, 6, 5, "day"))
    assert not compatible(full, DateValue(None, 6, 9, "day"))
    assert compatible(full, DateValue(2023, 6, 6, "day"))
    assert not compatible(full, DateValue(2023, 6, 8, "day"))
    assert compatible(full, DateValue(2023, 6, None, "month"))
    assert not compatible(full, DateValue(2022, None, None, "year"))


def test_dates_explicit_beats_relative_at_same_precision() -> None:
    """'on Friday (February 17)': the written-out date wins over the weekday reading."""
    from incidentkg.kb.dates import more_precise

    pub = dt.date(2023, 2, 20)
    weekday = parse_date("Friday", pub)
    explicit = parse_date("February 17", pub)
    assert weekday is not None and explicit is not None
    assert more_precise(weekday, explicit) == explicit
    assert more_precise(explicit, weekday) == explicit


@pytest.mark.parametrize(
    ("text", "published", "day"),
    [
        ("the weekend", dt.date(2025, 6, 18), dt.date(2025, 6, 14)),  # a Wednesday
        ("over the weekend", dt.date(2025, 6, 15), dt.date(2025, 6, 14)),  # a Sunday
        ("last weekend", dt.date(2025, 6, 14), dt.date(2025, 6, 7)),  # said on a Saturday
    ],
)
def test_the_weekend_is_its_saturday(text: str, published: dt.date, day: dt.date) -> None:
    value = parse_date(text, published)
    assert value is not None and (value.start, value.precision) == (day, "day")


@pytest.mark.parametrize(
    ("text", "published", "year"),
    [
        ("last summer", dt.date(2025, 1, 20), 2024),
        ("last summer", dt.date(2025, 10, 2), 2025),  # the summer just ended
        ("last summer", dt.date(2025, 7, 15), 2024),  # in summer: the one before
        ("last winter", dt.date(2025, 4, 1), 2025),  # its January and February
        ("this spring", dt.date(2025, 4, 1), 2025),
        ("past autumn", dt.date(2025, 3, 1), 2024),
    ],
)
def test_dates_a_season_is_the_year_it_falls_in(text: str, published: dt.date, year: int) -> None:
    """'last summer': the latest summer to have ended before the article, as a year."""
    value = parse_date(text, published)
    assert value is not None and (value.year, value.precision) == (year, "year")
