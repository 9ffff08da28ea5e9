"""Does a query use ``SERVICE``, the keyword that makes the engine send HTTP requests?

Oxigraph runs ``SERVICE <url> { ... }`` by sending the pattern to ``url``, from the machine
the query runs on: through ``incidentkg serve`` anyone who may query could make the server
call other hosts (server-side request forgery). pyoxigraph has no switch to turn it off, so
queries are read here first and refused when they might use it (issue 15).

The check errs on the side of refusing. It drops what cannot hold the keyword (comments,
strings, variables, IRIs) and looks for the letters ``service`` in any case in what is left,
with no word boundary: Oxigraph's parser has no separate tokenizer, so it reads
``?s ?p trueSERVICE <x> {}`` as ``true`` then ``SERVICE``. Two readings are checked, the
text as it is (what Oxigraph 0.5 parses) and with ``\\uXXXX`` escapes decoded first (what
the SPARQL spec says a parser does), so neither can hide the keyword in the other. A name
that merely contains the letters (``ex:serviceType``, ``<.../inter-services-...#x>``) is
refused too; rename it or pass ``--allow-service``. ``tests/test_faults.py`` runs every trick
we know against the real engine and a local listener: whatever reaches the listener must
have been refused here.
"""

from __future__ import annotations

import re

KEYWORD = "service"
#: seconds a query allowed to use SERVICE may run when no timeout is given
SERVICE_TIMEOUT = 60.0
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_STARTS = re.compile(r"""[#'"<?$\\]""")
#: IRIREF as the grammar has it, ``\uXXXX`` escapes allowed (Oxigraph accepts them there)
_IRI = re.compile(r'<(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>')
#: narrower than the grammar's VARNAME: a longer name is cut, and its tail is read as text
_VAR = re.compile(r"[?$][A-Za-z0-9_]*")
_SHORT = {"'": re.compile(r"'(?:[^'\\\n\r]|\\.)*'"), '"': re.compile(r'"(?:[^"\\\n\r]|\\.)*"')}
#: every line end Python knows: a comment that ends early can only show more text
_LINE_END = re.compile(r"[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def uses_service(sparql: str) -> bool:
    """Whether ``sparql`` may contain the ``SERVICE`` keyword (when unsure: ``True``).

    >>> uses_service('SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }')
    True
    >>> uses_service('SELECT ?service { ?service ?p "the security services" } # service')
    False
    >>> uses_service('SELECT * { ?s ?p trueSeRvIcE <http://example.org/> {} }')
    True
    """
    if KEYWORD not in sparql.lower() and "\\" not in sparql:
        return False
    decoded = _ESCAPE.sub(_decode, sparql)
    return any(_has_keyword(text) for text in {sparql, decoded})


def _decode(match: re.Match[str]) -> str:
    code = int(match.group(1) or match.group(2), 16)
    return chr(code) if code <= 0x10FFFF else match.group(0)


def _has_keyword(text: str) -> bool:
    """Scan ``text`` left to right, dropping the tokens that cannot be the keyword."""
    code: list[str] = []
    pos = 0
    while (found := _STARTS.search(text, pos)) is not None:
        start = found.start()
        code.append(text[pos:start])
        end = _token_end(text, start)
        if end is None:  # an unterminated string: read the rest as code
            code.append(text[start:])
            pos = len(text)
            break
        if end < 0:  # an IRI holding the letters: refuse (see _iri_end)
            return True
        kept = text[start] == "\\" or (text[start] == "<" and end == start + 1)
        code.append(text[start:end] if kept else " ")  # a space: no letters join across
        pos = end
    code.append(text[pos:])
    return KEYWORD in "".join(code).lower()


def _token_end(text: str, start: int) -> int | None:
    """Where the token starting at ``start`` ends: a comment, string, variable or IRI (all
    dropped), an escape or a less-than (kept). ``None``: a string that never ends; ``-1``:
    an IRI that may hide the keyword."""
    char = text[start]
    if char == "\\":  # an escape in a prefixed name (ex:a\#b): the next character is plain
        return min(start + 2, len(text))
    if char == "#":
        line_end = _LINE_END.search(text, start)
        return line_end.start() if line_end else len(text)
    if char == "<":
        return _iri_end(text, start)
    if char in "?$":
        match = _VAR.match(text, start)
        assert match is not None  # the pattern matches the sigil alone
        return match.end()
    if text.startswith(char * 3, start):
        return _long_string_end(text, start, char)
    match = _SHORT[char].match(text, start)
    return match.end() if match else None


def _iri_end(text: str, start: int) -> int:
    """The end of the IRI at ``start`` (``start + 1`` when ``<`` is not one: an operator).

    A ``<`` read here as an IRI may be a less-than to the parser, and what follows it code.
    Hiding the keyword that way needs the letters inside the match and, after them, a ``#``
    that turns the match's ``>`` into a comment (only space or comments may stand between
    ``SERVICE ?x`` and its ``{``, which cannot be inside the match): such a match is ``-1``.
    """
    match = _IRI.match(text, start)
    if match is None:
        return start + 1
    inner = match.group(0).lower()
    at = inner.find(KEYWORD)
    if at >= 0 and inner.rfind("#") > at:
        return -1
    return match.end()


def _long_string_end(text: str, start: int, quote: str) -> int | None:
    """End of a ``'''``/``\"\"\"`` string: the first triple quote not escaped."""
    pos = start + 3
    while True:
        close = text.find(quote * 3, pos)
        escape = text.find("\\", pos)
        if close < 0:
            return None
        if 0 <= escape < close:
            pos = escape + 2
            continue
        return close + 3
