"""Identifiers that know no rdflib: slugs, hashes and the resolve stage's ids.

Untrusted text (labels, titles, article ids) reaches an IRI only through
:func:`slug` (ASCII ``[a-z0-9-]``) or :func:`quote` (percent-encoding), so quotes,
angle brackets, backslashes, newlines and bidi/zero-width marks cannot break one.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from urllib.parse import quote as _quote

SLUG_MAX = 60
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str, max_len: int = SLUG_MAX) -> str:
    """Lowercase ASCII ``[a-z0-9-]`` form of ``text``; may be empty (e.g. Urdu script).

    >>> slug('Lashkar-e-Ṭayyiba "LeT" <b>\\n')
    'lashkar-e-tayyiba-let-b'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    cut = _NON_SLUG.sub("-", ascii_text.lower()).strip("-")[:max_len]
    return cut.rstrip("-")


def hash8(*key: str) -> str:
    """First 8 hex digits of sha256 over the key parts (unit-separator joined).

    >>> hash8("person", "Kamran Akhtar")
    '7fad34b1'
    """
    canonical = "\x1f".join(unicodedata.normalize("NFC", part) for part in key)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:8]


@lru_cache(maxsize=1 << 16)  # the same article ids and keys are quoted for every span
def quote(text: str) -> str:
    """Percent-encode everything but unreserved characters (``000_x#2`` → ``000_x%232``).

    >>> quote("000_x#2")
    '000_x%232'
    """
    return _quote(text, safe="-_.~")


def slug_id(prefix: str, text: str, *key: str) -> str:
    """``{prefix}/{slug}-{hash8}``: readable yet unique; for the resolve stage's ids.

    >>> slug_id("person", "Kamran Akhtar", "person", "kamran akhtar")
    'person/kamran-akhtar-5495b82b'
    """
    readable = slug(text)
    digest = hash8(*key) if key else hash8(prefix, text)
    return f"{prefix}/{readable}-{digest}" if readable else f"{prefix}/{digest}"


def gazetteer_place_id(label: str, gazetteer_id: str) -> str:
    """The resolved id of a gazetteer place: its entry alone decides it, so an article
    graph can point at its enclosing place before (and without) any resolution.

    >>> gazetteer_place_id("Karachi", "karachi-pk")
    'place/karachi-4bbcd658'
    """
    return slug_id("place", label, "Place", f"gaz:{gazetteer_id}")
