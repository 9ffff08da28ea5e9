"""Posts (titles in organisations) and affiliations, mapped to resolved entities."""

from __future__ import annotations

from collections import defaultdict

from incidentkg.kb.gazetteer import normalise
from incidentkg.records import (
    ArticleRecords,
    Evidence,
    MemberRef,
    ResolvedAffiliation,
    ResolvedPost,
)


def resolve_posts(records: list[ArticleRecords], index: dict[MemberRef, str]) -> list[ResolvedPost]:
    """One post per (person, title, organisation); a title known with its organisation
    makes the same title without one redundant."""
    grouped: dict[tuple[str, str, str | None], list[Evidence]] = defaultdict(list)
    labels: dict[tuple[str, str, str | None], tuple[str, str | None]] = {}
    for rec in records:
        aid = rec.article.id
        for p in rec.posts:
            person = index[MemberRef(aid, p.person)]
            org = index[MemberRef(aid, p.organization)] if p.organization else None
            key = (person, normalise(p.title), org)
            grouped[key].append(p.evidence)
            labels.setdefault(key, (p.title, p.title_class))
    with_org = {(k[0], k[1]) for k in grouped if k[2]}
    return [
        ResolvedPost(k[0], labels[k][0], k[2], tuple(dict.fromkeys(ev)), labels[k][1])
        for k, ev in sorted(grouped.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2] or ""))
        if k[2] or (k[0], k[1]) not in with_org
    ]


def resolve_affiliations(
    records: list[ArticleRecords], index: dict[MemberRef, str]
) -> list[ResolvedAffiliation]:
    grouped: dict[tuple[str, str], list[Evidence]] = defaultdict(list)
    for rec in records:
        for a in rec.affiliations:
            key = (
                index[MemberRef(rec.article.id, a.person)],
                index[MemberRef(rec.article.id, a.organization)],
            )
            grouped[key].append(a.evidence)
    return [
        ResolvedAffiliation(p, o, tuple(dict.fromkeys(ev)))
        for (p, o), ev in sorted(grouped.items())
    ]
