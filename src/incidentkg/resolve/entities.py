"""Cross-article entity resolution with union–find over blocked candidate pairs."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import cache
from typing import Any

from rapidfuzz import fuzz

from incidentkg.kb.gazetteer import load_gazetteer, normalise
from incidentkg.kb.ids import gazetteer_place_id, slug_id
from incidentkg.records import ArticleRecords, EntityRecord, MemberRef, ResolvedEntity

_PREFIX = {"Person": "person", "Organization": "organization", "Place": "place"}


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[MemberRef, MemberRef] = {}

    def find(self, x: MemberRef) -> MemberRef:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: MemberRef, b: MemberRef) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb, key=_order)] = min(ra, rb, key=_order)


def _order(m: MemberRef) -> tuple[str, int]:
    return (m.article_id, int(m.key[1:]) if m.key[1:].isdigit() else 0)


def person_facts(records: Iterable[ArticleRecords]) -> dict[MemberRef, tuple[set[str], set[str]]]:
    """Titles and organisation labels of each article-local person."""
    facts: dict[MemberRef, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for rec in records:
        for post in rec.posts:
            titles, orgs = facts[MemberRef(rec.article.id, post.person)]
            titles.add(normalise(post.title))
            if post.organization:
                org = rec.entity(post.organization)
                orgs.add(org.gazetteer_id or normalise(org.label))
    return facts


def _name_key(ent: EntityRecord) -> str:
    if ent.gazetteer_id:
        return f"gaz:{ent.gazetteer_id}"
    return f"{ent.type}:{normalise(ent.label)}"


def _place_scope(rec: ArticleRecords, ent: EntityRecord) -> str:
    """A place the gazetteer does not know is one place only within one country: 'Zal' of
    Kunduz is not 'Zal' of an Indian district."""
    if ent.type != "Place" or ent.gazetteer_id:
        return ""
    seen: set[str] = set()
    parent = ent.parent
    while parent and parent not in seen:
        seen.add(parent)
        if parent.startswith("gaz:"):
            entry = load_gazetteer().get(parent[4:])
            return f"@{entry.country}" if entry and entry.country else ""
        local = next((e for e in rec.entities if e.key == parent), None)
        if local is None:
            return ""
        if local.gazetteer_id:
            entry = load_gazetteer().get(local.gazetteer_id)
            return f"@{entry.country}" if entry and entry.country else ""
        parent = local.parent
    return ""


def _similar_people(a: str, b: str) -> bool:
    """Same first and last name, middle names spelt alike ('Asad Ejaz Khan' ~ 'Asad Aijaz Khan')."""
    ta, tb = a.split(), b.split()
    if len(ta) < 2 or len(tb) < 2 or ta[0] != tb[0] or ta[-1] != tb[-1]:
        return fuzz.ratio(a, b) >= 92 and len(ta) >= 2 and len(tb) >= 2
    return fuzz.ratio(" ".join(ta[1:-1]), " ".join(tb[1:-1])) >= 60 or len(ta) != len(tb)


Facts = tuple[set[str], set[str]]
_NO_FACTS: Facts = (set(), set())
#: Mentions that compare alike: same normalised name, same titles, same organisations.
_Group = tuple[str, Facts, list[MemberRef]]


def _link_people(
    uf: UnionFind, people: list[tuple[MemberRef, EntityRecord]], facts: dict[MemberRef, Facts]
) -> None:
    """Link people of other articles whose names and facts agree, block by last name.

    One-word names never match here (see :func:`_same_person`), so they are left out, and
    mentions with the same name and facts are compared once as a group: a common surname
    ("Trump") would otherwise make its block quadratic in the size of the archive.
    """
    by_last: dict[str, list[tuple[MemberRef, str]]] = defaultdict(list)
    for ref, ent in people:
        name = normalise(ent.label)
        if len(name.split()) >= 2:
            by_last[name.split()[-1]].append((ref, name))
    for block in by_last.values():
        _link_groups(uf, _groups(block, facts))


def _groups(block: list[tuple[MemberRef, str]], facts: dict[MemberRef, Facts]) -> list[_Group]:
    by_key: dict[tuple[str, frozenset[str], frozenset[str]], _Group] = {}
    for ref, name in block:
        fact = facts.get(ref, _NO_FACTS)
        key = (name, frozenset(fact[0]), frozenset(fact[1]))
        by_key.setdefault(key, (name, fact, []))[2].append(ref)
    return list(by_key.values())


def _linked(members: list[MemberRef]) -> bool:
    """A group seen in two articles or more is already one component (same name, same facts)."""
    return len({m.article_id for m in members}) > 1


def _link_groups(uf: UnionFind, groups: list[_Group]) -> None:
    for _name, _fact, members in groups:
        if _linked(members):
            for ref in members[1:]:
                uf.union(members[0], ref)
    for i, (na, fa, ma) in enumerate(groups):
        for nb, fb, mb in groups[i + 1 :]:
            if _same_person(na, nb, fa, fb):
                _union_across(uf, ma, mb)


def _union_across(uf: UnionFind, ma: list[MemberRef], mb: list[MemberRef]) -> None:
    """Union every pair from different articles (one pair is enough when both are linked)."""
    both = _linked(ma) and _linked(mb)
    for ra in ma:
        for rb in mb:
            if ra.article_id != rb.article_id:
                uf.union(ra, rb)
                if both:
                    return


def _same_person(a: str, b: str, fa: Facts, fb: Facts) -> bool:
    if fa[1] and fb[1] and not fa[1] & fb[1]:
        return False  # both organisations known and different
    if a == b:
        return len(a.split()) >= 2
    agree = bool(fa[0] & fb[0]) or bool(fa[1] & fb[1])
    return agree and _similar_people(a, b)


def _cluster(records: list[ArticleRecords]) -> dict[MemberRef, list[MemberRef]]:
    mentions = [(rec, ent) for rec in records for ent in rec.entities]
    return cluster_mentions(mentions, person_facts(records))


def link_key(rec: ArticleRecords, ent: EntityRecord) -> str | None:
    """The key every mention of one thing shares (``None``: a one-word person, never
    merged by name alone)."""
    if ent.type != "Person" or len(ent.label.split()) >= 2:
        return _name_key(ent) + _place_scope(rec, ent)
    return None


def last_name(ent: EntityRecord) -> str | None:
    """The block of :func:`_link_people` a person falls in (``None``: never compared)."""
    if ent.type != "Person":
        return None
    words = normalise(ent.label).split()
    return words[-1] if len(words) >= 2 else None


def cluster_mentions(
    mentions: Iterable[tuple[ArticleRecords, EntityRecord]], facts: dict[MemberRef, Facts]
) -> dict[MemberRef, list[MemberRef]]:
    """Components of the link graph over ``mentions`` (same key, or people whose names and
    facts agree), by their first member; the order of ``mentions`` does not matter."""
    uf = UnionFind()
    by_key: dict[str, MemberRef] = {}
    people: list[tuple[MemberRef, EntityRecord]] = []
    for rec, ent in mentions:
        ref = MemberRef(rec.article.id, ent.key)
        uf.find(ref)
        key = link_key(rec, ent)
        if key is not None:
            if key in by_key:
                uf.union(by_key[key], ref)
            else:
                by_key[key] = ref
        if ent.type == "Person":
            people.append((ref, ent))
    _link_people(uf, people, facts)
    clusters: dict[MemberRef, list[MemberRef]] = defaultdict(list)
    for ref in uf.parent:
        clusters[uf.find(ref)].append(ref)
    return clusters


def _label(counts: Counter[str]) -> str:
    return min(counts, key=lambda label: (-len(label.split()), -counts[label], label))


def name_counts(ents: Iterable[EntityRecord]) -> tuple[Counter[str], Counter[str]]:
    """How many members bear each label, and each name (label or alias): all a cluster's
    entity reads of its members besides the first (an update adds and takes members away
    from these counts instead of reading every member again: issue 17)."""
    labels: Counter[str] = Counter()
    names: Counter[str] = Counter()
    for e in ents:
        labels[e.label] += 1
        names.update({e.label, *e.aliases})
    return labels, names


def _resolved(
    members: list[MemberRef], lookup: dict[MemberRef, EntityRecord], parent: str | None
) -> ResolvedEntity:
    ents = [lookup[m] for m in sorted(members, key=_order)]
    return counted_entity(members, ents[0], *name_counts(ents), parent)


def counted_entity(
    members: Iterable[MemberRef],
    first: EntityRecord,
    labels: Counter[str],
    names: Counter[str],
    parent: str | None = None,
) -> ResolvedEntity:
    """The entity of a cluster from its first member and its members' :func:`name_counts`."""
    gaz = load_gazetteer().get(first.gazetteer_id) if first.gazetteer_id else None
    label = gaz.label if gaz else _label(+labels)  # + drops counts that fell to 0
    aliases = sorted({a for a, n in names.items() if n > 0} - {label})
    key = f"gaz:{gaz.id}" if gaz else f"{first.type}:{normalise(label)}"
    return ResolvedEntity(
        id=slug_id(_PREFIX[first.type], label, first.type, key),
        type=first.type,
        label=label,
        aliases=tuple(aliases),
        members=tuple(sorted(members, key=_order)),
        gazetteer_id=gaz.id if gaz else None,
        kind=gaz.kind if gaz else first.kind,
        parent=parent,
        description=gaz.description if gaz else None,
        lat=gaz.lat if gaz else None,
        lon=gaz.lon if gaz else None,
        country_code=gaz.country if gaz else None,
    )


def _gaz_chain(gaz_id: str, members: list[MemberRef]) -> list[ResolvedEntity]:
    """A gazetteer place and its enclosing places, known through the mentions of ``members``."""
    refs = tuple(members)
    return [ResolvedEntity(**fields, members=refs) for fields in _gaz_chain_fields(gaz_id)]


@cache
def _gaz_chain_fields(gaz_id: str) -> tuple[dict[str, Any], ...]:
    """The fields of :func:`_gaz_chain`'s entities but their members: the gazetteer's alone
    (made once per place in a process: every update settles every place; issue 17)."""
    out = []
    for entry in load_gazetteer().ancestors(gaz_id):
        parent = load_gazetteer().get(entry.parent) if entry.parent else None
        out.append(
            dict(
                id=gazetteer_place_id(entry.label, entry.id),
                type="Place", label=entry.label, aliases=entry.aliases,
                gazetteer_id=entry.id, kind=entry.kind,
                parent=gazetteer_place_id(parent.label, parent.id) if parent else None,
                description=entry.description, lat=entry.lat, lon=entry.lon,
                country_code=entry.country,
            )
        )  # fmt: skip
    return tuple(out)


def resolve_entities(
    records: list[ArticleRecords],
) -> tuple[list[ResolvedEntity], dict[MemberRef, str]]:
    """Cluster article-local entities; return resolved entities and a member → id index."""
    return finish_entities(entity_clusters(records))


#: a cluster made into an entity before ids are settled: the entity (its id not yet
#: disambiguated, no parent) and the local parent of its first member
Cluster = tuple[ResolvedEntity, str | None]


def entity_clusters(records: list[ArticleRecords]) -> list[Cluster]:
    """Every cluster of the records' mentions as an unsettled entity."""
    lookup = {MemberRef(r.article.id, e.key): e for r in records for e in r.entities}
    return [cluster_entity(m, lookup) for m in _cluster(records).values()]


def cluster_entity(members: list[MemberRef], lookup: dict[MemberRef, EntityRecord]) -> Cluster:
    first = min(members, key=_order)
    return _resolved(members, lookup, None), lookup[first].parent


def finish_entities(
    clusters: Iterable[Cluster],
) -> tuple[list[ResolvedEntity], dict[MemberRef, str]]:
    """Settle ids and parents: in the order of the clusters' first members, a cluster whose
    id is taken gets one of its own (:func:`_disambiguate`), and a gazetteer place nobody
    names takes the members of the first place reaching it."""
    index: dict[MemberRef, str] = {}
    resolved: dict[str, ResolvedEntity] = {}
    pending: list[tuple[ResolvedEntity, str | None]] = []
    for ent, local_parent in sorted(clusters, key=lambda c: _order(c[0].members[0])):
        if ent.id in resolved:  # same canonical key, not merged (e.g. one-word names)
            ent = _disambiguate(ent)
        resolved[ent.id] = ent
        for m in ent.members:
            index[m] = ent.id
        pending.append((ent, local_parent))
    for ent, local_parent in pending:
        resolved[ent.id] = _with_parent(ent, local_parent, index, resolved)
    return sorted(resolved.values(), key=lambda e: e.id), index


def _disambiguate(ent: ResolvedEntity) -> ResolvedEntity:
    ref = min(ent.members, key=_order)
    new_id = slug_id(_PREFIX[ent.type], ent.label, ent.type, ent.label, ref.article_id, ref.key)
    return ResolvedEntity(**{**ent.__dict__, "id": new_id})


def _with_parent(
    ent: ResolvedEntity, local_parent: str | None,
    index: dict[MemberRef, str], resolved: dict[str, ResolvedEntity],
) -> ResolvedEntity:  # fmt: skip
    """Link a place to its enclosing place: gazetteer hierarchy, or the article's city."""
    if ent.type != "Place":
        return ent
    if ent.gazetteer_id:
        ancestors = _gaz_chain(ent.gazetteer_id, list(ent.members))[1:]
        for anc in ancestors:
            resolved.setdefault(anc.id, anc)
        parent_id = ancestors[0].id if ancestors else None
    elif local_parent and local_parent.startswith("gaz:"):
        ancestors = _gaz_chain(local_parent[4:], list(ent.members))
        parent_id = ancestors[0].id if ancestors else None
        for anc in ancestors:
            resolved.setdefault(anc.id, anc)
    elif local_parent:
        parent_id = index.get(MemberRef(ent.members[0].article_id, local_parent))
    else:
        return ent
    return ResolvedEntity(**{**ent.__dict__, "parent": parent_id}) if parent_id else ent
