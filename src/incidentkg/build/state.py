"""The resolution's state saved beside the store (``resolve-state.json.gz``), so an update
resolves locally (:mod:`incidentkg.resolve.local`) instead of resolving every record.

A compact JSON: article ids once in a table, members as (article number, key) pairs,
gazetteer entities without what the gazetteer says of them, each cluster's members' sum
(:func:`incidentkg.rdf.units.members_sum`, for the unit digests). Read back only by a build of
the same code (the build fingerprint in its header); any other file, or none, means a
full resolution, which writes it again.
"""

from __future__ import annotations

import gzip
import json
import zlib
from pathlib import Path
from typing import Any

from incidentkg.kb.gazetteer import load_gazetteer
from incidentkg.records import MemberRef, ResolvedEntity
from incidentkg.resolve.local import EntityCluster, ResolveState
from incidentkg.store.local import read_side_file

STATE_FILE = "resolve-state.json.gz"
FORMAT = 2


class _Articles:
    def __init__(self) -> None:
        self.number: dict[str, int] = {}

    def flat(self, members: tuple[MemberRef, ...]) -> list[Any]:
        out: list[Any] = []
        for m in members:
            out += [self.number.setdefault(m.article_id, len(self.number)), m.key]
        return out


def encode_state(state: ResolveState, build: str) -> bytes:
    """``state`` as the file's bytes, tagged with the build fingerprint that made it."""
    arts = _Articles()
    clusters = [[e.id, e.type, e.label, e.aliases, arts.flat(e.members), e.gazetteer_id, e.kind,
                 c.local_parent, c.keys, c.last_names, c.labels, c.names, int(c.simple)]
                for c in state.clusters for e in [c.entity]]  # fmt: skip
    events = [arts.flat(members) for members in state.events]
    sigs = [[*arts.flat((ref,)), digest] for ref, digest in state.signatures.items()]
    sums = [c.members_sum for c in state.clusters]
    body = {"format": FORMAT, "build": build, "articles": list(arts.number),
            "clusters": clusters, "events": events, "signatures": sigs, "sums": sums}  # fmt: skip
    return gzip.compress(json.dumps(body, separators=(",", ":")).encode(), 1, mtime=0)


def decode_state(data: bytes, build: str) -> ResolveState | None:
    """The state in ``data`` if a build of this code wrote it, else ``None``."""
    try:
        body = json.loads(gzip.decompress(data))
        if body.get("format") != FORMAT or body.get("build") != build:
            return None
        refs = _Refs(body["articles"])
        sums = body.get("sums") or [None] * len(body["clusters"])  # none in older files
        clusters = tuple(
            _cluster(row, refs, n) for row, n in zip(body["clusters"], sums, strict=True)
        )
        events = tuple(refs.members(flat) for flat in body["events"])
        sigs = {MemberRef(refs.ids[a], k): d for a, k, d in body["signatures"]}
    except (OSError, EOFError, zlib.error, ValueError, TypeError, KeyError, IndexError):
        return None  # a damaged file: resolve everything, as without one
    return ResolveState(clusters, events, sigs)


class _Refs:
    def __init__(self, ids: list[str]) -> None:
        self.ids = ids

    def members(self, flat: list[Any]) -> tuple[MemberRef, ...]:
        ids = self.ids
        return tuple([MemberRef(ids[flat[i]], flat[i + 1]) for i in range(0, len(flat), 2)])


def _cluster(row: list[Any], refs: _Refs, members_sum: int | None = None) -> EntityCluster:
    eid, etype, label, aliases, members, gaz_id, kind, local_parent, keys, lasts = row[:10]
    labels, names, simple = row[10:]
    gaz = load_gazetteer().get(gaz_id) if gaz_id else None
    entity = ResolvedEntity(
        id=eid, type=etype, label=label, aliases=tuple(aliases), members=refs.members(members),
        gazetteer_id=gaz_id, kind=kind, parent=None,
        description=gaz.description if gaz else None, lat=gaz.lat if gaz else None,
        lon=gaz.lon if gaz else None, country_code=gaz.country if gaz else None,
    )  # fmt: skip
    counts = (tuple((k, n) for k, n in labels), tuple((k, n) for k, n in names))
    return EntityCluster(
        entity, local_parent, tuple(keys), tuple(lasts), *counts, bool(simple), members_sum
    )


def read_state(store: Path, build: str) -> ResolveState | None:
    """The saved state of ``store`` if it can be used by this build."""
    data = read_side_file(store, STATE_FILE)
    return None if data is None else decode_state(data, build)
