"""Numbers in words and digits with their hedges."""

from __future__ import annotations

import pytest

from incidentkg.extract.numbers import Quantity, parse_quantity


@pytest.mark.parametrize(
    ("words", "before", "expected"),
    [
        (["17"], "at least", Quantity(17, 17, "at_least")),
        (["80"], "killed more than", Quantity(80, 80, "more_than")),
        (["twenty-five"], "", Quantity(25, 25, "exact")),
        (["two", "dozen"], "", Quantity(24, 24, "exact")),
        (["dozens"], "", Quantity(24, 99, "range")),
        (["1,200"], "nearly", Quantity(1200, 1200, "about")),
        (["one", "hundred", "and", "five"], "up to", Quantity(105, 105, "up_to")),
    ],
)
def test_numbers_parse_quantity(words: list[str], before: str, expected: Quantity) -> None:
    """Casualty counts are written many ways; each must give the same figure."""
    assert parse_quantity(words, before) == expected


def test_numbers_reject_non_numbers() -> None:
    """A word that is not a number must not become a figure."""
    assert parse_quantity(["several"]) is None
