"""Text quirks every format shares: mojibake, curly quotes, odd spaces, line breaks.

Runs before any cleaning, so the stored article text (and every offset into it) is
the normalised text.
"""

from __future__ import annotations

import ftfy

#: Spaces that look like spaces but defeat tokenisers and regexes (no-break, figure,
#: narrow no-break, ideographic): mapped to a plain space. Zero-width and bidi marks
#: are kept: they are data, and the IRI minting and serialisers cope with them.
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u3000"), " ")
_CONFIG = ftfy.TextFixerConfig(explain=False)


def normalize_text(text: str) -> str:
    """Repair mojibake (ftfy), straighten quotes, unify line breaks and spaces.

    >>> normalize_text("Karachi\u00e2\u20ac\u2122s \u201cpolice\u201d\u00a0office\\r\\n")
    'Karachi\\'s "police" office\\n'
    """
    return ftfy.fix_text(text, _CONFIG).translate(_SPACES)
