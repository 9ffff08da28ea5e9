"""normalize_text skips ftfy on ordinary text and must still return exactly what ftfy returns.

The stored article text and every character offset depend on normalize_text, so the fast
path is held to the reference ``_normalize_with_ftfy`` byte for byte: the audit of ftfy
6.3.1 that makes it safe is re-checked mechanically here, the two paths are compared on
generated and real text, and a counter makes sure the fast path is really taken.
"""

from __future__ import annotations

import doctest
import re
import sre_compile
import sre_constants
import sre_parse
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ftfy
import pytest
from ftfy import chardata, fixes
from ftfy.badness import BADNESS_RE
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from incidentkg.ingest import normalize
from incidentkg.ingest.normalize import FAST_CHARS, normalize_text

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
REPO = Path(__file__).resolve().parents[1]
SAFE_ASCII = "\t\n\x0c" + "".join(map(chr, range(0x20, 0x7F)))
LETTER_CHARS = "".join(c for c in map(chr, range(0x80, 0x250)) if normalize._LETTER.fullmatch(c))
#: Every character the fast path accepts; the proofs below are about strings over it.
ALPHABET = SAFE_ASCII + FAST_CHARS + LETTER_CHARS
#: ASCII that ftfy changes (CR, ESC and the controls it removes) and entity material.
ASCII_TROUBLE = ["\r", "\r\n", "\x1b", "\x1b[31m", "\x00", "\x08", "\x0b", "\x7f", "&", "<"]
ENTITIES = ["&amp;", "&#39;", "&#x2019;", "&eacute;", "&EACUTE;", "&nbsp;", "&x;", "&#;", "R&D;"]
#: Mojibake and other text ftfy really changes (UTF-8 read as cp1252, MacRoman, cp1251...).
MOJIBAKE = [
    "Karachi\u00e2\u20ac\u2122s",
    "\u00e2\u20ac\u0153police\u00e2\u20ac\u009d",
    "\u00e2\u20ac\u201c",
    "caf\u00c3\u00a9",
    "\u00c3 la mode",
    "voil\u00c3 le travail",
    "\u00c2\u00a0",
    "\u00e2\u0153\u201d No problems",
    "\u201a\u00c4\u00f4",
    "\u0432\u0402\u2122",
    "\u00d0\u00bf\u00d1\u20ac\u00d0\u00b8",
    "\x85",
    "\x96",
    "\ufb01re",
    "\uff2c\uff2f\uff35\uff24\u3000x",
    "e\u0301",
    "\u2028",
    "\ud83d\udca9",
    "\ufeff",
    "\u00e9\u201ds",
    "\u0153\n",
    # Bad only with the line's \n (œ before a non-letter): the check must see ftfy's segment.
    "\u00c4\u0153\n",
    # A letter line after a letter line, its only letter first: every such line is checked.
    "caf\u00e9\n\u00c3\u00a9 here",
]


def pieces(*groups: str | list[str]) -> st.SearchStrategy[str]:
    """Texts glued from single characters and snippets, so rare neighbours meet often."""
    parts = sorted({p for group in groups for p in group})
    return st.lists(st.sampled_from(parts), max_size=80).map("".join)


def assert_same_as_ftfy(text: str) -> None:
    assert normalize_text(text) == normalize._normalize_with_ftfy(text), repr(text)


# -- the two paths agree ---------------------------------------------------------------


@FAST
@given(pieces(SAFE_ASCII, ASCII_TROUBLE, ENTITIES))
@example("Plain text, & more\r\n\x1b[1mbold\x1b[0m &amp; &#x27;")
def test_normalize_fastpath_ascii_with_special_characters(text: str) -> None:
    """ASCII hides CR, escapes, controls and entities that ftfy does change."""
    assert_same_as_ftfy(text)


@FAST
@given(pieces("aZe .,?!'\"1_\n\t&;", FAST_CHARS))
def test_normalize_fastpath_ascii_and_typography(text: str) -> None:
    """Quotes, dashes, spaces and other typography in every order: only quotes change."""
    assert_same_as_ftfy(text)


@FAST
@given(pieces("aZe .,?!'\"1_\n", FAST_CHARS, LETTER_CHARS, MOJIBAKE))
@example("Le \u201ccaf\u00e9\u201ds \u00c9cole\u201d \u00bb\u00c3 \u00e0\u00b2")
@example("caf\u00e9\n\u00c3\u00a9 here")
def test_normalize_fastpath_letters_typography_and_mojibake(text: str) -> None:
    """Accented letters next to quotes can look like mojibake; those lines must go to ftfy."""
    assert_same_as_ftfy(text)


@FAST
@given(st.text(max_size=300))
def test_normalize_fastpath_arbitrary_unicode(text: str) -> None:
    assert_same_as_ftfy(text)


@pytest.mark.parametrize("text", MOJIBAKE + ENTITIES + ASCII_TROUBLE)
def test_normalize_fastpath_real_mojibake_examples(text: str) -> None:
    assert_same_as_ftfy(f"In \u201cQuetta\u201d, {text} \u2014 caf\u00e9.\n")


def test_normalize_fastpath_repository_texts() -> None:
    """The seed articles and format fixtures: real news text, with its real quirks."""
    paths = [*REPO.glob("seeds/*.txt"), *(REPO / "tests/data/formats").iterdir()]
    for path in paths:
        assert_same_as_ftfy(path.read_text(encoding="utf-8", errors="replace"))


# -- the fast path is taken, and only when it should be --------------------------------


@pytest.fixture
def ftfy_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Texts handed to ``ftfy.fix_text`` during the test."""
    calls: list[str] = []
    real: Callable[..., str] = ftfy.fix_text

    def counting(text: str, *args: Any, **kwargs: Any) -> str:
        calls.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(ftfy, "fix_text", counting)
    return calls


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 killed in Quetta.\n\n\tAT&T, R & D\x0c", "12 killed in Quetta.\n\n\tAT&T, R & D\x0c"),
        ("\u201cPolice\u201d said it\u2019s", '"Police" said it\'s'),
        ("\u201eA\u201f \u201aB\u201b \u02bcC", "\"A\" 'B' 'C"),
        ("9\u00a0am\u2007\u202fnow\u2009\u200b", "9 am  now\u2009\u200b"),
        (
            "\u2014 \u2013 \u2026 \u2022 \u00ab\u00bb \u00a9\u00ae\u2122 5\u2032 6\u2033 30\u00b0",
            None,
        ),
        ("Caf\u00e9 in Z\u00fcrich, Gda\u0144sk, \u0152uvre, Ta\u015f", None),
        (
            "the \u2018caf\u00e9\u2019 in \u201cS\u00e3o Paulo\u201d",
            "the 'caf\u00e9' in \"S\u00e3o Paulo\"",
        ),
        ("", ""),
    ],
)
def test_normalize_fastpath_skips_ftfy_on_typical_text(
    text: str, expected: str | None, ftfy_calls: list[str]
) -> None:
    """ASCII, typography and accented letters in clean lines never reach ftfy."""
    assert normalize_text(text) == (text if expected is None else expected)
    assert ftfy_calls == []
    assert normalize_text(text) == normalize._normalize_with_ftfy(text)


@pytest.mark.parametrize(
    "text",
    [
        "line\r\n",
        "\x1b[31mred",
        "nul\x00",
        "caf&eacute;",
        "Karachi\u00e2\u20ac\u2122s",
        "\ufb01re",
        "\u3000",
        "e\u0301",
        "a\u2028b",
        "\u65e5\u672c",
        "\u00bd",
        "ok line\nle caf\u00e9\u201ds\n",
        "caf\u00e9\n\u00c3\u00a9 here",
        "ok\n\u00c4\u0153\nok",
    ],
)
def test_normalize_fastpath_sends_the_rest_to_ftfy(text: str, ftfy_calls: list[str]) -> None:
    """Each rule that can fire (CR, escape, control, entity, mojibake, ligature, width, NFC,
    separator, other script, numeric sign, a letter line that looks bad) forces ftfy."""
    normalize_text(text)
    assert ftfy_calls == [text]


def test_normalize_fastpath_is_taken_on_a_typical_article(ftfy_calls: list[str]) -> None:
    """Fails if the fast path silently stops working, e.g. after an ftfy upgrade."""
    assert ftfy.__version__ == normalize.AUDITED_FTFY, "re-audit the fast path for this ftfy"
    article = 50 * (
        "QUETTA: 12\u00a0killed near the caf\u00e9 \u2014 police said \u201cno one\u201d\u2026\n"
    )
    fast = normalize_text(article)
    assert ftfy_calls == []
    assert fast == normalize._normalize_with_ftfy(article)


def test_normalize_fastpath_long_letter_lines_go_to_ftfy(
    monkeypatch: pytest.MonkeyPatch, ftfy_calls: list[str]
) -> None:
    """ftfy cuts lines longer than max_decode_length; the line check then no longer
    sees ftfy's segments, so such text is left to ftfy (only lines with a letter matter)."""
    monkeypatch.setattr(normalize, "_CONFIG", normalize._CONFIG._replace(max_decode_length=8))
    assert normalize_text("a long line \u2014 ok\nshort") == "a long line \u2014 ok\nshort"
    assert ftfy_calls == []
    normalize_text("caf\u00e9\na long caf\u00e9 line")
    assert ftfy_calls == ["caf\u00e9\na long caf\u00e9 line"]


def test_normalize_fastpath_unaudited_ftfy_falls_back(
    monkeypatch: pytest.MonkeyPatch, ftfy_calls: list[str]
) -> None:
    monkeypatch.setattr(normalize, "_AUDITED", False)
    normalize_text("plain")
    assert ftfy_calls == ["plain"]


def test_normalize_fastpath_doctests_pass() -> None:
    assert doctest.testmod(normalize).failed == 0


# -- the audit of ftfy 6.3.1, re-checked -----------------------------------------------


def can_match(items: list[Any], alphabet: str) -> bool:
    """Over-approximation: could this parsed regex sequence match a string over ``alphabet``?

    False only if some required element matches no character of the alphabet.
    """
    for op, av in items:
        if op is sre_constants.AT:
            continue
        if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            ok = av[0] == 0 or can_match(av[2].data, alphabet)
        elif op is sre_constants.SUBPATTERN:
            ok = can_match(av[-1].data, alphabet)
        elif op is sre_constants.BRANCH:
            ok = any(can_match(branch.data, alphabet) for branch in av[1])
        else:
            ok = any(map(leaf_regex(op, av).fullmatch, alphabet))
        if not ok:
            return False
    return True


def leaf_regex(op: Any, av: Any) -> re.Pattern[str]:
    """One parsed element (a literal, a class, ``.``...) compiled on its own."""
    state = sre_parse.State()
    state.flags = BADNESS_RE.flags
    return sre_compile.compile(sre_parse.SubPattern(state, [(op, av)]), BADNESS_RE.flags)


def leaves(items: list[Any]) -> list[re.Pattern[str]]:
    """Every single-character element of a parsed regex."""
    out = []
    for op, av in items:
        if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            out += leaves(av[2].data)
        elif op is sre_constants.SUBPATTERN:
            out += leaves(av[-1].data)
        elif op is sre_constants.BRANCH:
            out += [leaf for branch in av[1] for leaf in leaves(branch.data)]
        elif op is not sre_constants.AT:
            out.append(leaf_regex(op, av))
    return out


BADNESS = sre_parse.parse(BADNESS_RE.pattern, BADNESS_RE.flags).data


def test_normalize_fastpath_typography_cannot_look_like_mojibake() -> None:
    """No BADNESS_RE pattern fits ASCII plus FAST_CHARS, so fix_encoding leaves such
    segments alone with no need to run ftfy's detector."""
    assert not can_match(BADNESS, SAFE_ASCII + FAST_CHARS)
    assert can_match(BADNESS, SAFE_ASCII + FAST_CHARS + LETTER_CHARS)  # hence the line check
    assert can_match(BADNESS, SAFE_ASCII + "\u00c3\u00a9")  # the checker is not vacuous


def test_normalize_fastpath_straight_quotes_cannot_create_mojibake() -> None:
    """Every element of BADNESS_RE that matches ' or " matches the curly quotes too, so a
    segment that is not bad stays so once uncurled: ftfy's second round changes nothing."""
    for leaf in leaves(BADNESS):
        for char, plain in normalize._QUOTES.items():
            assert not leaf.fullmatch(plain) or leaf.fullmatch(char), (leaf, char)


def test_normalize_fastpath_fixers_only_uncurl_the_alphabet() -> None:
    """Apart from fix_encoding and NFC, ftfy's steps work character by character on this
    alphabet (none of CR, ESC, surrogates is in it): each leaves all but quotes alone."""
    assert set(ftfy.FIXERS) == {
        "unescape_html",
        "remove_terminal_escapes",
        "restore_byte_a0",
        "replace_lossy_sequences",
        "decode_inconsistent_utf8",
        "fix_c1_controls",
        "fix_latin_ligatures",
        "fix_character_width",
        "uncurl_quotes",
        "fix_line_breaks",
        "fix_surrogates",
        "remove_control_chars",
    }
    steps = [
        fixes.fix_c1_controls,
        fixes.fix_latin_ligatures,
        fixes.fix_character_width,
        fixes.fix_line_breaks,
        fixes.fix_surrogates,
        fixes.remove_terminal_escapes,
        fixes.remove_control_chars,
    ]
    for char in ALPHABET:
        assert [step(char) for step in steps] == [char] * len(steps), repr(char)
        assert fixes.uncurl_quotes(char) == normalize._QUOTES.get(char, char)


def test_normalize_fastpath_quotes_and_entities_match_ftfy() -> None:
    straightened = {c for c in map(chr, range(0x10000)) if fixes.uncurl_quotes(c) != c}
    assert straightened == set(normalize._QUOTES)
    assert normalize._HTML_ENTITY.pattern == chardata.HTML_ENTITY_RE.pattern


def test_normalize_fastpath_alphabet_is_nfc_stable() -> None:
    """All starters, none composing with a neighbour: any string over the alphabet is NFC.
    (A starter can only compose with the character right after it.)"""
    assert not any(map(unicodedata.combining, ALPHABET))
    for first in ALPHABET:
        for second in FAST_CHARS + LETTER_CHARS:
            for pair in (first + second, second + first):
                assert unicodedata.is_normalized("NFC", pair), repr(pair)


def test_normalize_fastpath_accepts_exactly_the_audited_alphabet() -> None:
    accepted = {c for c in map(chr, range(0x10000)) if not normalize._NEEDS_FTFY.search(c)}
    assert accepted == set(ALPHABET)
    assert set(ALPHABET).isdisjoint("\r\x1b\x7f\u0132\u0133\u0149\u00d7\u00f7\u3000")
