"""The corrections file: YAML, one entry per correction, each with who, when and why.

It lives *beside* the store (``<store>.corrections.yaml``, next to the lock file), not inside
it: a build swaps the store folder for a new one, and ``--rebuild`` starts it afresh, but
the analyst's corrections must outlive both. ``build --corrections FILE`` reads another file.

The file is a YAML list, so ``incidentkg curate add`` appends one block and ``remove`` cuts
blocks out, keeping the analyst's comments; hand editing works the same way::

    - id: c1
      kind: set_field
      target: {article: 002_957e3dca12d6409c, key: e1, mention: attack}
      field: killed
      value: '4'
      who: alice
      when: '2026-12-01T09:30:00+00:00'
      why: Dawn's follow-up gives the final toll
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import typing
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from incidentkg.curate.values import ENTITY_FIELDS, check_value
from incidentkg.errors import IncidentKGError, Msg, os_error
from incidentkg.records import Correction, CorrectionKind, EventField, Target

KINDS: tuple[str, ...] = typing.get_args(CorrectionKind)
#: how many targets each kind names
ARITY = {"merge_events": 2, "same_entity": 2, "different_entities": 2}
EVENT_KINDS = frozenset({"reject_event", "merge_events", "split_mention", "set_field"})
TARGET_KEYS = ("article", "key", "mention", "label", "type", "iri")
ENTRY_KEYS = frozenset({"id", "kind", "target", "targets", "field", "value", "who", "when", "why"})
HEADER = (
    "# incidentkg corrections: applied after resolution by every build (README, Corrections).\n"
    "# One list item per correction; `incidentkg curate add|list|remove` edits this file.\n"
)


def corrections_path(store: Path) -> Path:
    """``.incidentkg/store`` → ``.incidentkg/store.corrections.yaml``."""
    return store.parent / f"{store.name}.corrections.yaml"


def read_corrections(path: Path) -> list[Correction]:
    """The corrections in ``path`` (none when it does not exist); bad ones fail with E100."""
    text = _read(path)
    if text is None:
        return []
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise IncidentKGError(Msg.E100, path=path, reason=str(exc).splitlines()[0]) from exc
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise IncidentKGError(Msg.E100, path=path, reason="expected a list of corrections")
    found = [parse_entry(item, n) for n, item in enumerate(raw, start=1)]
    ids = [c.id for c in found]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise IncidentKGError(Msg.E100, path=path, reason=f"id(s) used twice: {twice}")
    return found


def corrections_fingerprint(path: Path) -> str:
    """Changes whenever the file's content does ("" when there is none)."""
    text = _read(path)
    return "" if not text else hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise IncidentKGError(Msg.E100, path=path, reason=str(exc)) from exc


# --- entries -------------------------------------------------------------------------


def parse_entry(item: object, position: int) -> Correction:
    """One list item as a :class:`Correction`; anything wrong is E101 naming the entry."""
    name = item.get("id", f"#{position}") if isinstance(item, Mapping) else f"#{position}"
    try:
        if not isinstance(item, Mapping):
            raise ValueError("not a mapping of keys to values")
        return _entry(item)
    except (ValueError, TypeError) as exc:
        raise IncidentKGError(Msg.E101, id=str(name), reason=exc) from exc


def _entry(item: Mapping[str, Any]) -> Correction:
    unknown = set(item) - ENTRY_KEYS
    if unknown:
        raise ValueError(f"unknown key(s) {sorted(unknown)}")
    kind = str(item.get("kind", "")).replace("-", "_")
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    targets = _targets(item, kind)
    field, value = _field_value(item, kind)
    who, why = _text(item, "who"), _text(item, "why")
    correction_id = _text(item, "id")
    return Correction(
        correction_id, typing.cast(CorrectionKind, kind), targets, who, _when(item.get("when")),
        why, field, value,
    )  # fmt: skip


def _text(item: Mapping[str, Any], key: str) -> str:
    value = item.get(key)
    if value is None or not str(value).strip():
        raise ValueError(f"`{key}` is missing")
    return str(value).strip()


def _when(value: object) -> dt.datetime:
    """A date or date-time; one without a zone is read as UTC."""
    if isinstance(value, dt.datetime):
        stamp = value
    elif isinstance(value, dt.date):
        stamp = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        try:
            stamp = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"`when` {value!r} is not an ISO date or date-time") from None
    else:
        raise ValueError("`when` is missing")
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)


def _targets(item: Mapping[str, Any], kind: str) -> tuple[Target, ...]:
    raw = item.get("targets", item.get("target"))
    items = raw if isinstance(raw, list) else [raw] if raw is not None else []
    want = ARITY.get(kind, 1)
    if len(items) != want:
        raise ValueError(f"{kind} names {want} target(s), found {len(items)}")
    return tuple(_target(t, kind) for t in items)


def _target(raw: object, kind: str) -> Target:
    if isinstance(raw, str):  # a bare string: a resolved id, or an entity's label
        raw = {"iri": raw} if "/" in raw else {"label": raw}
    if not isinstance(raw, Mapping):
        raise ValueError(f"a target is a mapping of {', '.join(TARGET_KEYS)}")
    unknown = set(raw) - set(TARGET_KEYS)
    if unknown:
        raise ValueError(f"unknown target key(s) {sorted(unknown)}")
    target = Target(**{k: str(v) for k, v in raw.items() if v is not None and str(v).strip()})
    if kind in EVENT_KINDS and not (target.article or target.iri):
        raise ValueError("an event target needs `article` (with `key` or `mention`) or `iri`")
    if kind not in EVENT_KINDS and not (target.label or target.iri or target.article):
        raise ValueError("an entity target needs `label` (optionally `article`, `type`) or `iri`")
    return target


def _field_value(item: Mapping[str, Any], kind: str) -> tuple[EventField | None, str | None]:
    field, value = item.get("field"), item.get("value")
    if kind == "set_field":
        if field is None or value is None:
            raise ValueError("set_field needs `field` and `value`")
        check_value(str(field), str(value))
        return typing.cast(EventField, str(field)), str(value)
    if kind == "rename_entity":
        if value is None or not str(value).strip():
            raise ValueError("rename_entity needs `value`, the new label")
        return None, str(value).strip()
    if field is not None or value is not None:
        raise ValueError(f"{kind} takes no `field` or `value`")
    return None, None


def to_yaml(correction: Correction) -> str:
    """One correction as the file's list item (the inverse of :func:`parse_entry`)."""
    item: dict[str, Any] = {"id": correction.id, "kind": correction.kind}
    targets = [{k: getattr(t, k) for k in TARGET_KEYS if getattr(t, k)} for t in correction.targets]
    if len(targets) == 1:
        item["target"] = targets[0]
    else:
        item["targets"] = targets
    if correction.field is not None:
        item["field"] = correction.field
    if correction.value is not None:
        item["value"] = correction.value
    item |= {"who": correction.who, "when": correction.when.isoformat(), "why": correction.why}
    text = yaml.safe_dump([item], sort_keys=False, allow_unicode=True, width=100)
    return text


# --- editing the file ------------------------------------------------------------------


def add_correction(path: Path, correction: Correction) -> None:
    """Append ``correction`` (its id must be new); the file is made when missing."""
    existing = read_corrections(path)
    if correction.id in {c.id for c in existing}:
        raise IncidentKGError(Msg.E101, id=correction.id, reason=f"the id is taken in {path}")
    text = _read(path) or HEADER
    if text and not text.endswith("\n"):
        text += "\n"
    _write(path, text + to_yaml(correction))


def next_id(path: Path) -> str:
    """``c<n>``, one above the highest such id in the file."""
    numbers = [int(c.id[1:]) for c in read_corrections(path) if c.id[1:].isdigit()]
    return f"c{max(numbers, default=0) + 1}"


def remove_corrections(path: Path, ids: Sequence[str]) -> None:
    """Cut the entries with these ids out of the file, keeping everything else as it is."""
    read_corrections(path)  # a broken file is reported before it is rewritten
    text = _read(path) or ""
    blocks = _blocks(text)
    found = {i for i, block in blocks if i is not None}
    missing = sorted(set(ids) - found)
    if missing:
        raise IncidentKGError(Msg.E102, ids=", ".join(missing), path=path)
    _write(path, "".join(block for i, block in blocks if i not in set(ids)))


def _blocks(text: str) -> list[tuple[str | None, str]]:
    """The file cut before each top-level ``- `` item: (its id, its text); the header's id
    is None. Comments just above an item belong to it."""
    blocks: list[list[str]] = [[]]
    pending: list[str] = []
    for line in text.splitlines(keepends=True):
        if line.startswith("- ") or line.rstrip("\n") == "-":
            blocks.append([*pending, line])
            pending = []
        elif line.startswith("#") and len(blocks) > 1:
            pending.append(line)
        else:
            blocks[-1] += [*pending, line]
            pending = []
    blocks[-1] += pending
    return [(_block_id(b) if n else None, "".join(b)) for n, b in enumerate(blocks)]


def _block_id(lines: Iterable[str]) -> str | None:
    try:
        raw = yaml.safe_load("".join(lines))
    except yaml.YAMLError:
        return None
    if isinstance(raw, list) and raw and isinstance(raw[0], Mapping) and "id" in raw[0]:
        return str(raw[0]["id"])
    return None


def _write(path: Path, text: str) -> None:
    """Write beside and rename: a crash never leaves half a corrections file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise os_error(exc, path) from exc


def entity_valued(field: str | None) -> bool:
    """True when a set_field value names an entity (place, perpetrator)."""
    return field in ENTITY_FIELDS
