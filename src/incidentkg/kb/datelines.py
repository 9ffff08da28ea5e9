"""News datelines ("KARACHI:", "NICE, France (AP) —", "BRUSSELS The …"): where a story was
filed, before its first sentence. Ingestion reads the place from them; the language pipeline
starts the story's first sentence after them, so the parser never takes the place for the
subject of the lead ("NICE, France A gunman killed 80" had "NICE" as the subject)."""

from __future__ import annotations

import re

#: "KARACHI:", "QUETTA (Reuters) —": capitals and a separator.
DATELINE = re.compile(r"^(?P<place>[A-Z][A-Z .'\-]{2,40}?)\s*(?:\([A-Za-z ]+\))?\s*[:—–-]\s+(?=\S)")
#: Wire datelines without a separator: capitals, optionally ", Country" and "(AP)", then a
#: sentence. Only a place the gazetteer knows is ever used from it.
WIRE_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'\-]{2,}(?: [A-Z][A-Z.'\-]+){0,3})(?:/[A-Z][A-Z .'\-]+)*"
    r"(?:, [A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+){0,2})?\s*(?:\([A-Za-z ]+\))?\s*(?:--|[:—–-])?\s+"
    r"(?=[A-Z](?:[a-z]|\s))"  # the story's first word: 'The …', 'A 26-year-old …'
)


def dateline_match(line: str) -> re.Match[str] | None:
    """The dateline a line opens with, if any (at most four words of place)."""
    m = DATELINE.match(line) or WIRE_DATELINE.match(line)
    return m if m and len(m.group("place").split()) <= 4 else None
