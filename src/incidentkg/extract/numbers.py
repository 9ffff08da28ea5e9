"""Numbers in words and digits, with the hedges news uses ("at least 17", "dozens")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import cast

from incidentkg.kb.gazetteer import lexicon
from incidentkg.records import Qualifier

_UNITS: dict[str, int] = lexicon()["number_words"]
_SCALES = {"hundred": 100, "thousand": 1000, "dozen": 12, "score": 20}
#: Vague plurals: (lowest, highest) read as a range.
_VAGUE = {"dozens": (24, 99), "scores": (40, 99), "hundreds": (200, 999), "thousands": (2000, 9999)}
_QUALIFIERS: list[tuple[str, Qualifier]] = [
    (phrase, cast(Qualifier, qualifier)) for phrase, qualifier in lexicon()["count_qualifiers"]
]


@dataclass(frozen=True)
class Quantity:
    low: int
    high: int
    qualifier: Qualifier


def word_value(words: list[str]) -> tuple[int, int] | None:
    """Value of a number written in words/digits; ``(low, high)`` for vague plurals.

    >>> word_value(["two", "dozen"])
    (24, 24)
    >>> word_value(["dozens"])
    (24, 99)
    """
    words = [w.lower().replace(",", "") for w in words if w not in {"-", "and"}]
    if len(words) == 1 and words[0] in _VAGUE:
        return _VAGUE[words[0]]
    total, current, seen = 0, 0, False
    for w in words:
        if re.fullmatch(r"\d+(\.\d+)?", w):
            current += int(float(w))
            seen = True
        elif w in _UNITS:
            current += _UNITS[w]
            seen = True
        elif w in _SCALES:
            current = max(current, 1) * _SCALES[w]
            seen = True
            if _SCALES[w] >= 1000:
                total, current = total + current, 0
        elif "-" in w and all(p in _UNITS for p in w.split("-")):
            current += sum(_UNITS[p] for p in w.split("-"))
            seen = True
        else:
            return None
    if not seen:
        return None
    value = total + current
    return value, value


def qualifier_before(text_before: str) -> Qualifier:
    """The hedge that ends ``text_before`` (the words just before a number)."""
    low = " " + re.sub(r"\s+", " ", text_before.lower()).strip()
    low = re.sub(r" an?$", "", low)  # 'more than a dozen', 'nearly a hundred'
    for phrase, qual in _QUALIFIERS:
        if low.endswith(" " + phrase):
            return qual
    return "exact"


def parse_quantity(words: list[str], text_before: str = "") -> Quantity | None:
    """A number with its hedge: ``parse_quantity(["17"], "at least")`` → at least 17."""
    value = word_value(words)
    if value is None:
        return None
    qual = qualifier_before(text_before)
    if value[0] != value[1]:
        qual = "range"
    return Quantity(value[0], value[1], qual)
