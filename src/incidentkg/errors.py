"""Numbered catalogue of user-facing messages (spaCy's ``errors.py`` style).

A message is looked up by code and formatted with keyword arguments, so tests can
assert on the code and the wording stays in one place.
"""

from __future__ import annotations

import os
from enum import StrEnum


class Msg(StrEnum):
    """Message templates; the member name is the code printed to the user."""

    E001 = "{path}: cannot read: {reason}"
    E002 = "{path}: not valid text ({reason})"
    E003 = "{path}: empty article"
    E004 = "{path}: unsupported file type {suffix!r}; expected one of {expected}"
    E005 = "{path}: no such file or folder"
    E006 = "{path}: too large ({size}; the limit is {limit})"
    E007 = "{path}: same text as {other}; skipped as a duplicate"
    E008 = "{path}: malformed row: {reason}"
    E009 = "{path}: invalid published date {value!r}: {reason}"
    E011 = "{path}: no article in the HTML page ({reason})"
    E012 = "{path}: no sentences (the text has no words)"
    E013 = "no article could be read ({skipped} skipped); nothing was built"
    E010 = "invalid date {value!r} for --published: use YYYY-MM-DD"
    E020 = "spaCy pipeline {name!r} is not installed: {reason}"
    E021 = "cannot run extraction on Dask: {reason}"
    E030 = "no store at {path}: run `incidentkg build` first"
    E031 = "store {path} is locked by another build"
    E032 = "could not write store {path}: {reason}; the previous store is unchanged"
    E033 = (
        "cannot open store {path}: {reason}; `incidentkg doctor --store {path}` checks it and "
        "says how to recover"
    )
    E034 = (
        "store {path} has no saved article records (built by an older version); "
        "run `incidentkg build PATH... --rebuild` once"
    )
    E035 = "unknown article id(s) {ids} in store {path}"
    E036 = "cannot read saved records of store {path}: {reason}; rebuild with --rebuild"
    E040 = "unknown query {name!r}: not a file, not a named query ({known}), not SPARQL"
    E041 = "SPARQL error: {reason}"
    E042 = "query {name!r} is not a SELECT query; only SELECT results can be tabulated"
    E043 = (
        "{name} is a SPARQL update and `incidentkg query` is read-only; pass --allow-update "
        "to change the store (the next build discards such changes)"
    )
    E044 = (
        "query {name!r} stopped after {seconds:g} s (--timeout); narrow it (GRAPH, LIMIT, "
        "more selective patterns first) or allow more time"
    )
    E045 = (
        "the query process for {name!r} ended without an answer (exit code {code}); if it "
        "was not for lack of memory, `incidentkg doctor` checks the store"
    )
    E046 = "{name} is a SPARQL update; `query --endpoint` only asks, send updates to the server"
    E050 = "unknown export format {fmt!r} for {what}; choose from {choices}"
    E051 = "cannot write {path}: {reason}"
    E060 = "invalid gazetteer line {path}:{line}: {reason}"
    E062 = "invalid vocabulary file {path}: {reason}"
    E070 = "no remote store given: pass --endpoint URL or --graph-store URL"
    E071 = "cannot reach {url}: {reason}"
    E072 = "{url} answered HTTP {status}: {reason}"
    E073 = "{url} did not return SPARQL results: {reason}"
    E074 = "invalid URL {url!r}: {reason}"
    E075 = "load stopped at graph {graph}: {reason}"
    E076 = "cannot read netrc file {path}: {reason}"
    E077 = (
        "{url} returned only its first {rows} rows (the server's result limit): raise it "
        "(Virtuoso: [SPARQL] ResultSetMaxRows in virtuoso.ini) or page with LIMIT and OFFSET"
    )
    E080 = "the `oxigraph` server program is not installed: run `pip install oxigraph`"
    E081 = "the SPARQL server stopped with exit code {code}; is port {port} free?"
    E090 = (
        "cannot compile shape {shape} to SPARQL: {what}; validate with pySHACL instead "
        "(`incidentkg validate --engine pyshacl`); supported SHACL: validate/FEATURES.md"
    )
    E091 = "cannot read shapes file {path}: {reason}"
    W001 = "{path}: skipped: {reason}"
    W003 = "article id {article!r} occurs more than once; keeping {path}"
    W004 = "TLS certificate checks are off (--insecure): anyone on the network can intercept"
    W005 = "update applied to {path}; a later `incidentkg build` replaces the store and drops it"
    # issue 15: faults (new codes go here, at the end)
    E022 = (
        "a spaCy worker process died ({how}) with {count} article(s) not yet extracted: "
        "{articles}; the build stopped and left the store as it was. Run it again; if a worker "
        "dies again, free some memory or use fewer --jobs"
    )
    E037 = "cannot lock store {path}: {reason} ({lock}); {advice}"
    E038 = (
        "cannot read store {path}: {reason}; `incidentkg doctor --store {path}` checks it and "
        "says how to recover"
    )
    E039 = "store {path} failed {failed}; {advice}"
    E047 = (
        "{name} uses SERVICE, which makes this machine send requests to other hosts; refused. "
        "Pass --allow-service to allow it (it then runs under --timeout, {seconds:g} s by default)"
    )
    E048 = "a SERVICE request of {name} failed: {reason}"
    E095 = "{path}: {reason}; {advice}"
    # issue 18: the analyst's desk
    E052 = (
        "refusing to write {path}: {reason}; {what} can be written as {choices} (without "
        "--format the output's suffix chooses)"
    )
    # issue 18: corrections (curate)
    E100 = "invalid corrections file {path}: {reason}"
    E101 = "invalid correction {id!r}: {reason}"
    E102 = "no correction with id {ids} in {path}"
    W010 = "correction {id!r} ({kind}) not applied: {reason}"

    def format(self, **kwargs: object) -> str:  # type: ignore[override]
        return f"[{self.name}] " + self.value.format(**kwargs)


#: codes once given and withdrawn (issue 14): never reused, as notes and scripts may name them
RETIRED = {
    "E061": "invalid pattern file (the trigger patterns are checked by tests instead)",
    "W002": "event without a place (the shapes' Event-placePresent warning says it)",
}


class IncidentKGError(Exception):
    """An error the user can act on; the CLI prints it and exits with ``exit_code`` (1)."""

    exit_code = 1

    def __init__(self, msg: Msg, **kwargs: object) -> None:
        self.code = msg.name
        super().__init__(msg.format(**kwargs))


class FatalError(IncidentKGError):
    """A catalogued failure that is not the user's doing (a worker killed by the system):
    the CLI prints it like any other and exits with code 2."""

    exit_code = 2


class IngestError(IncidentKGError):
    """A file that cannot become an article; the batch skips it unless --strict."""

    def __init__(self, msg: Msg, path: str, **kwargs: object) -> None:
        self.path = path
        super().__init__(msg, path=path, **kwargs)


#: what to do about a failed file-system call, by ``errno`` (issue 15)
_OS_ADVICE = {
    "ENOSPC": "the disk is full: free some space and run the command again",
    "EDQUOT": "your disk quota is used up: free some space and run the command again",
    "EROFS": "that file system is mounted read-only: use a folder on a writable one",
    "EACCES": "permission denied: check the owner and mode of that path (ls -ld), or use another",
    "EPERM": "the operation is not permitted there: check the owner and mode (ls -ld)",
    "ENOENT": "no such file or folder: check the path",
    "ENOTDIR": "a part of the path is a file, not a folder: check the path",
    "EISDIR": "that path is a folder where a file was expected",
    "EIO": "the disk reported an input/output error: check it (dmesg, smartctl) before retrying",
    "EMFILE": "too many open files: raise the limit (ulimit -n) and run the command again",
    "ENAMETOOLONG": "the name is too long for the file system: use a shorter path",
    "EADDRINUSE": "another program listens there: choose another --port",
    "EADDRNOTAVAIL": "this machine has no such address: check --host",
}


def os_advice(exc: BaseException) -> str:
    """What a user can do about ``exc``, in a few words: by its ``errno``, or by the
    system's words in its message (RocksDB's errors carry no errno)."""
    import errno

    name = errno.errorcode.get(getattr(exc, "errno", None) or 0, "")
    if name not in _OS_ADVICE:
        text = str(exc)
        codes = {n: getattr(errno, n, 0) for n in _OS_ADVICE}
        found = (n for n, code in codes.items() if code and os.strerror(code) in text)
        name = next(found, "")
    return _OS_ADVICE.get(name, "check the path, the permissions and the free space")


def os_error(exc: OSError, path: object = None) -> IncidentKGError:
    """``exc`` as a catalogued error (E095) naming the path and what to do."""
    where = (path if path is not None else exc.filename) or "(no path)"
    reason = exc.strerror or str(exc) or type(exc).__name__
    return IncidentKGError(Msg.E095, path=where, reason=reason, advice=os_advice(exc))


def printable(text: str) -> str:
    """``text`` with every lone surrogate spelled out, so it can be encoded, printed and
    minted into an IRI: a file name's undecodable byte (``os.fsdecode`` gives U+DCxx)
    becomes ``\\xff``, a JSON ``"\\ud800"`` becomes ``\\ud800``.

    >>> printable("bad\\udcff\\udcfe.txt"), printable("x\\ud800y"), printable("ok")
    ('bad\\\\xff\\\\xfe.txt', 'x\\\\ud800y', 'ok')
    """
    if text.isascii() or not any("\ud800" <= ch <= "\udfff" for ch in text):
        return text
    return "".join(_spelled(ch) for ch in text)


def _spelled(ch: str) -> str:
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: one byte of a name that is not UTF-8
        return f"\\x{code - 0xDC00:02x}"
    if 0xD800 <= code <= 0xDFFF:
        return f"\\u{code:04x}"
    return ch
