"""Bytes → text: byte-order marks, binary sniffing, UTF-8, then detection.

The encoding is detected, not assumed: a BOM wins, then strict UTF-8, then
charset-normalizer. When several single-byte encodings decode the bytes about equally
well, Windows-1252 is preferred: it is what the WHATWG standard reads "Latin-1" pages as
and what Western news text in a legacy encoding almost always is.
"""

from __future__ import annotations

import codecs

import charset_normalizer

from incidentkg.errors import IngestError, Msg

_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"%PDF-", "PDF document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"\x7fELF", "executable"),
    (b"\xd0\xcf\x11\xe0", "Office document"),
    (b"SQLite format 3\x00", "SQLite database"),
)
#: UTF-32 first: its little-endian BOM starts with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Without a BOM, NUL bytes mean binary to us, so wide encodings are not candidates.
_NO_BOM_EXCLUDED = ["utf_16", "utf_16_be", "utf_16_le", "utf_32", "utf_32_be", "utf_32_le"]
_PREFERRED = "cp1252"
_TIE = 0.05


def sniff_binary(raw: bytes) -> str | None:
    """Name the binary format of ``raw`` (by magic number or NUL bytes), else ``None``."""
    for magic, name in _MAGIC:
        if raw.startswith(magic):
            return name
    if any(raw.startswith(bom) for bom, _ in _BOMS):
        return None
    return "NUL bytes" if b"\x00" in raw else None


def _from_bom(raw: bytes, where: str) -> str | None:
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError as exc:
                reason = f"invalid {encoding} after its byte-order mark at byte {exc.start}"
                raise IngestError(Msg.E002, where, reason=reason) from exc
    return None


def _detect(raw: bytes, where: str) -> str:
    matches = charset_normalizer.from_bytes(raw, cp_exclusion=_NO_BOM_EXCLUDED)
    best = matches.best()
    if best is None:
        raise IngestError(Msg.E002, where, reason="not UTF-8 and no encoding could be detected")
    for match in matches:
        if match.chaos <= best.chaos + _TIE and _PREFERRED in match.could_be_from_charset:
            return raw.decode(_PREFERRED)
    return str(best)


def decode_bytes(raw: bytes, where: str) -> str:
    """Decode a file's bytes; binary or undecodable content raises :class:`IngestError`.

    >>> decode_bytes("caf\u00e9 \u201cquoted\u201d".encode("cp1252"), "x.txt")
    'café “quoted”'
    """
    binary = sniff_binary(raw)
    if binary:
        raise IngestError(Msg.E002, where, reason=f"binary content ({binary})")
    text = _from_bom(raw, where)
    if text is not None:
        return text
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return _detect(raw, where)
