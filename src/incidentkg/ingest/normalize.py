"""Text quirks every format shares: mojibake, curly quotes, odd spaces, line breaks.

Runs before any cleaning, so the stored article text (and every offset into it) is
the normalised text.

ftfy is the reference, but most news text never needs it: half is plain ASCII and
most of the rest only adds typographic punctuation and a few accented letters. On
such text ftfy provably changes nothing but the curly quotes, so the fast path
straightens them itself and returns exactly what ftfy would, at a fraction of the
cost. tests/test_normalize_fastpath.py checks the proof and compares with ftfy.
"""

from __future__ import annotations

import re

import ftfy
from ftfy.badness import is_bad

#: Spaces that look like spaces but defeat tokenisers and regexes (no-break, figure,
#: narrow no-break, ideographic): mapped to a plain space. Zero-width and bidi marks
#: are kept: they are data, and the IRI minting and serialisers cope with them.
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u3000"), " ")
_CONFIG = ftfy.TextFixerConfig(explain=False)

#: The fast path was audited against this ftfy release only; any other falls back to ftfy.
AUDITED_FTFY = "6.3.1"
#: ftfy's uncurl_quotes (chardata.SINGLE_QUOTE_RE, DOUBLE_QUOTE_RE).
_QUOTES = {
    **dict.fromkeys("\u02bc\u2018\u2019\u201a\u201b", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f", '"'),
}
#: Non-ASCII characters that no ftfy step changes and that cannot complete a pattern of
#: ftfy's mojibake detector (badness.BADNESS_RE) among ASCII, quotes and each other:
#: dashes, ellipsis, bullet, soft hyphen, middle dot, guillemets, ©®™, primes, degree,
#: thin/hair/zero-width spaces and LRM/RLM.
_INERT = (
    "\u2010\u2011\u2013\u2014\u2015\u2026\u2022\u00ad\u00b7«»©®™′″°\u2009\u200a\u200b\u200e\u200f"
)
#: Characters that need no check at all (the odd spaces other than U+3000 included).
FAST_CHARS = "".join(_QUOTES) + _INERT + "\u00a0\u2007\u202f"
#: Latin-1 and Latin Extended-A letters (a regex class) but ftfy's ligatures Ĳ ĳ ŉ. Next
#: to quotes they can look like mojibake (“café”s is bad to ftfy), so a line holding one
#: is checked with ftfy's own detector.
LETTERS = "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u0131\u0134-\u0148\u014a-\u017f"
_LETTER = re.compile(f"[{LETTERS}]")
#: Printable ASCII plus tab, line feed and form feed, and the characters above; anything
#: else (CR, ESC, the controls ftfy removes, other scripts...) goes through ftfy.
_NEEDS_FTFY = re.compile(f"[^\t\n\x0c -~{FAST_CHARS}{LETTERS}]")
#: ftfy.chardata.HTML_ENTITY_RE: ftfy decodes these, so a text with one needs ftfy.
_HTML_ENTITY = re.compile(r"&#?[0-9A-Za-z]{1,24};")
#: What the fast path changes: ftfy's quote straightening, then our odd spaces. Chained
#: ``str.replace`` (skipped when absent) is ~35x faster than ``str.translate`` here.
_REPLACEMENTS = (*_QUOTES.items(), *((chr(k), v) for k, v in _SPACES.items()))
_AUDITED = ftfy.__version__ == AUDITED_FTFY


def normalize_text(text: str) -> str:
    """Repair mojibake (ftfy), straighten quotes, unify line breaks and spaces.

    >>> normalize_text("Karachi\u00e2\u20ac\u2122s \u201cpolice\u201d\u00a0office\\r\\n")
    'Karachi\\'s "police" office\\n'
    >>> normalize_text("Quetta \u2014 the \u2018blast\u2019 at the caf\u00e9\u2026")
    "Quetta \u2014 the 'blast' at the caf\u00e9\u2026"
    """
    if not _ftfy_only_uncurls(text):
        return _normalize_with_ftfy(text)
    if text.isascii():
        return text
    for char, plain in _REPLACEMENTS:
        if char in text:
            text = text.replace(char, plain)
    return text


def _ftfy_only_uncurls(text: str) -> bool:
    """True when ftfy (6.3.1) would change nothing in ``text`` but curly quotes.

    Why each step is idle: no entity, so unescape_html; no CR, ESC, C0/C1 control,
    ligature, fullwidth form, line/paragraph separator or surrogate, so the fixers after
    fix_encoding; no combining mark nor pair that composes, so NFC; and fix_encoding,
    because no segment ftfy cuts looks bad (see ``_letter_lines_look_clean``). All of this
    still holds once the quotes are ASCII, so ftfy's fix loop stops after one round.
    """
    if not _AUDITED or _NEEDS_FTFY.search(text):
        return False
    if "&" in text and _HTML_ENTITY.search(text):
        return False
    return text.isascii() or _letter_lines_look_clean(text)


def _letter_lines_look_clean(text: str) -> bool:
    """ftfy's own mojibake test (``is_bad``) on each segment of ``text`` that has a letter.

    ftfy fixes text line by line, a line up to and including its ``\\n`` being one segment
    unless longer than ``max_decode_length`` (then it is cut, and we leave it to ftfy), and
    it leaves a segment's encoding alone unless ``is_bad`` says so. Without a letter a line
    cannot look bad.
    """
    pos = 0
    while (hit := _LETTER.search(text, pos)) is not None:
        start = text.rfind("\n", 0, hit.start()) + 1
        end = text.find("\n", hit.end()) + 1 or len(text)
        if end - start > _CONFIG.max_decode_length or is_bad(text[start:end]):
            return False
        pos = end
    return True


def _normalize_with_ftfy(text: str) -> str:
    """The reference normalisation: full ftfy, then the odd spaces."""
    return ftfy.fix_text(text, _CONFIG).translate(_SPACES)
