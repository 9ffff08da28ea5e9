"""Cross-article event resolution: blocked, complete-linkage, evidence-scored clustering."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from incidentkg.kb.dates import PRECISION_RANK, compatible_reports, is_inferred
from incidentkg.kb.gazetteer import normalise, word_set
from incidentkg.kb.geo import km
from incidentkg.kb.ids import slug, slug_id
from incidentkg.kb.vocabulary import vocabulary
from incidentkg.records import (
    PERP_STATUS_RANK,
    ArticleRecords,
    Attribution,
    DateValue,
    EventRecord,
    Evidence,
    MemberRef,
    PerpStatus,
    ResolvedEntity,
    ResolvedEvent,
    ResolvedRole,
    Role,
)

MERGE_THRESHOLD = 3
#: A toll this small is no evidence that reports of two different days tell of one event.
FEW = 3
#: Towns closer than this are one town for news of one day (a quarter the gazetteer lists as
#: a town of its own: Sadr City in Baghdad).
NEIGHBOUR_KM = 10.0
_GENERIC_TYPES = frozenset(c.term for c in vocabulary().categories)  # a category as type
_STOP = word_set("event_stop_words")
#: Targets too common to tell two attacks apart.
_GENERIC_TARGETS = word_set("generic_targets")


@dataclass
class _Item:
    ref: MemberRef
    event: EventRecord
    place: str | None
    roles: dict[str, set[str]]
    words: set[str]
    #: the article states when it was published, so its roles (reported/background) are read
    dated_article: bool = False
    #: how the article wrote each place it names (resolved place id → mention texts)
    written: dict[str, list[str]] = field(default_factory=dict)


class _Places:
    """Containment between resolved places (a neighbourhood inside its city)."""

    def __init__(self, entities: list[ResolvedEntity]) -> None:
        self.parent = {e.id: e.parent for e in entities}
        self.kind = {e.id: e.kind for e in entities}
        self.label = {e.id: e.label for e in entities}
        self.coords = {
            e.id: (e.lat, e.lon) for e in entities if e.lat is not None and e.lon is not None
        }

    def chain(self, pid: str | None) -> list[str]:
        out: list[str] = []
        while pid and pid not in out:
            out.append(pid)
            pid = self.parent.get(pid)
        return out

    def compatible(self, a: str | None, b: str | None) -> bool:
        return a is None or b is None or a in self.chain(b) or b in self.chain(a)

    def town(self, pid: str | None) -> str | None:
        """The town of a place, or the place itself when it is a locality of no known town
        (two reports of 'Daraban' meet there)."""
        city = self.city(pid)
        if city is None and pid is not None and self.kind.get(pid) in {"locality", "facility"}:
            return pid
        return city

    def neighbours(self, a: str | None, b: str | None) -> bool:
        """Two towns of the gazetteer so close that one is a quarter of the other (Sadr City
        and Baghdad, 7 km): news may name either."""
        if a is None or b is None or a == b or a not in self.coords or b not in self.coords:
            return False
        if self.kind.get(a) != "city" or self.kind.get(b) != "city":
            return False
        return km(*self.coords[a], *self.coords[b]) <= NEIGHBOUR_KM

    def city(self, pid: str | None) -> str | None:
        for p in self.chain(pid):
            if self.kind.get(p) in {"city", "district"}:
                return p
        return None


def _items(
    records: list[ArticleRecords], index: dict[MemberRef, str], places: _Places
) -> list[_Item]:
    items: list[_Item] = []
    for rec in records:
        if not rec.events:  # (saved records without events are then not read: issue 17)
            continue
        written: dict[str, list[str]] = defaultdict(list)
        for key, texts in _place_mentions(rec):
            pid = index.get(MemberRef(rec.article.id, key))
            if pid is not None:
                written[pid].extend(texts)
        for ev in rec.events:
            roles: dict[str, set[str]] = defaultdict(set)
            for r in ev.roles:
                roles[r.role].add(index[MemberRef(rec.article.id, r.entity)])
            place = index.get(MemberRef(rec.article.id, ev.place)) if ev.place else None
            place_words = set(normalise(places.label.get(place or "", "")).split())
            words = {w for t in ev.target_descriptions for w in normalise(t).split()}
            words -= _STOP | place_words
            ref = MemberRef(rec.article.id, ev.key)
            # a news page (dated, or with its address), not a row of an incident list
            dated = rec.article.published is not None or rec.article.url is not None
            items.append(_Item(ref, ev, place, roles, words, dated, written))
    return items


def _place_mentions(rec: ArticleRecords) -> Iterable[tuple[str, Sequence[str]]]:
    """Each local place's key and the texts of its mentions. Saved records answer from
    their undecoded JSON (their ``place_mentions``, issue 17): decoding every article's
    entities for this was most of an update's time."""
    quick = getattr(rec, "place_mentions", None)
    if quick is not None:
        return quick()  # type: ignore[no-any-return]
    return [(e.key, [m.text for m in e.mentions]) for e in rec.entities if e.type == "Place"]


def _compatible(a: _Item, b: _Item, places: _Places) -> bool:
    return (
        a.event.category == b.event.category
        and compatible_reports(a.event.date, b.event.date)
        and (places.compatible(a.place, b.place) or _one_town_news(a, b, places))
        and not _zero_conflict(a, b)
    )


def _one_town_news(a: _Item, b: _Item, places: _Places) -> bool:
    """Two reports of one day's news placing it in two spots of one town ('Hali Road' and
    'Zarghoon Road', Quetta) may tell of one event; :func:`_anchored` decides."""
    return _one_town(a, b, places) and _news_of_one_day(a, b)


def _one_town(a: _Item, b: _Item, places: _Places) -> bool:
    """Both placed in one town, or in two towns so close that they are one (neighbours)."""
    town, other = places.town(a.place), places.town(b.place)
    return town is not None and (town == other or places.neighbours(town, other))


def _zero_conflict(a: _Item, b: _Item) -> bool:
    """One report says nobody was hurt, the other counts victims: two different events."""
    for kind in ("killed", "injured"):
        va = {f.value for f in a.event.figures if f.kind == kind}
        vb = {f.value for f in b.event.figures if f.kind == kind}
        if (va == {0} and vb - {0}) or (vb == {0} and va - {0}):
            return True
    return False


def _figures(item: _Item) -> set[tuple[str, int]]:
    return {(f.kind, f.value) for f in item.event.figures if f.value > 0}


def _corroborated(a: _Item, b: _Item) -> bool:
    """Something specific that two reports agree on besides day and town: a distinctive
    target word ('shrine', 'KPO') or a casualty figure. (The same group is weak evidence
    where one group is blamed for most attacks.)"""
    if (a.words & b.words) - _GENERIC_TARGETS:
        return True
    shared = _figures(a) & _figures(b)
    da, db = a.event.date, b.event.date
    if da is not None and db is not None and da.start != db.start:
        # days apart: 'two killed' is too common to make two days' reports one event
        shared = {f for f in shared if f[1] > FEW}
    if shared:
        return True
    same_type = a.event.event_type == b.event.event_type not in _GENERIC_TYPES
    overlap = len(a.words & b.words) / max(1, len(a.words | b.words))
    return same_type and overlap >= 0.5  # 'a bomb near a police checkpoint' twice


def _anchored(a: _Item, b: _Item, places: _Places) -> bool:
    """Enough to say two reports are about one event, not merely compatible ones.

    A shared named target, victim or mastermind is enough. Otherwise the reports must share
    the day (or the town) *and* agree on something specific: many attacks happen in one town
    on one day ("one of seven bombings in the city on this date").
    """
    if a.roles["target"] & b.roles["target"]:
        return True
    if any(a.roles[r] & b.roles[r] for r in ("victim", "mastermind")):
        return True
    da, db = a.event.date, b.event.date
    same_day = bool(da and db and da.year and db.year and da.precision == db.precision == "day")
    if _news_of_one_day(a, b) and _one_town(a, b, places):
        return not _sites_differ(a, b) and not _tolls_differ(a, b)
    if not (a.dated_article or b.dated_article):
        return False  # rows of incident lists: one row, one incident (unless one named target)
    city = places.city(a.place)
    same_town = city is not None and city == places.city(b.place)
    return (same_day or same_town) and _corroborated(a, b)


def _reported(item: _Item) -> bool:
    return item.event.role == "reported"


def _news_of_one_day(a: _Item, b: _Item) -> bool:
    """Both are the news of dated articles and name the same day (or one is dated only by its
    publication). Records without a publication date (a list of incidents) never qualify:
    there, many attacks share a town and a day."""
    if not (a.dated_article and b.dated_article and _reported(a) and _reported(b)):
        return False
    da, db = a.event.date, b.event.date
    if is_inferred(da) or is_inferred(db):
        return True
    return bool(da and db and da.precision == db.precision == "day" and da.start == db.start)


def _sites_differ(a: _Item, b: _Item) -> bool:
    """Both reports name a specific site and the sites share no word ('shrine' / 'bus')."""
    sites = word_set("site_nouns")
    sa, sb = a.words & sites, b.words & sites
    return bool(sa and sb and not sa & sb)


def _tolls_differ(a: _Item, b: _Item) -> bool:
    """Death tolls too far apart to be updates of one count (3 dead against 60)."""
    ka = [f.value for f in a.event.figures if f.kind == "killed" and f.value > 0]
    kb = [f.value for f in b.event.figures if f.kind == "killed" and f.value > 0]
    if not ka or not kb:
        return False
    low, high = sorted((max(ka), max(kb)))
    return high > 3 * low + 2


def _score(a: _Item, b: _Item, places: _Places) -> int:
    if not _anchored(a, b, places):
        return 0
    score = 0
    da, db = a.event.date, b.event.date
    if da and db and da.precision == db.precision == "day":
        score += 2 if (da.year and db.year) else 1
    if a.roles["target"] & b.roles["target"] or a.words & b.words:
        score += 2
    if a.roles["perpetrator"] & b.roles["perpetrator"]:
        score += 1
    for role in ("victim", "mastermind"):
        if a.roles[role] & b.roles[role]:
            score += 2
    city = places.city(a.place)
    if city is not None and city == places.city(b.place):
        score += 1
    if a.event.event_type == b.event.event_type and a.event.event_type not in _GENERIC_TYPES:
        score += 1
    return score


def _keys(item: _Item, places: _Places) -> set[tuple[str, str]]:
    """Blocking keys: two reports can only merge if they share one (see :func:`_anchored`)."""
    cat = item.event.category
    keys: set[tuple[str, str]] = set()
    d = item.event.date
    if d and d.year and d.precision == "day" and d.start:
        keys.add((cat, f"day:{d.start.isoformat()}"))
    for role in ("target", "victim", "mastermind"):
        keys.update((cat, f"{role}:{e}") for e in item.roles[role])
    town = places.town(item.place)
    if town:
        keys.add((cat, f"town:{town}"))
    return keys


def _probe_keys(item: _Item, places: _Places) -> set[tuple[str, str]]:
    """Keys to look up: a date matches the day before and after too (reports around midnight)."""
    keys = _keys(item, places)
    d = item.event.date
    if d and d.year and d.precision == "day" and d.start:
        for delta in (-1, 1):
            keys.add(
                (item.event.category, f"day:{(d.start + dt.timedelta(days=delta)).isoformat()}")
            )
    return keys


def _cluster(items: list[_Item], places: _Places) -> list[list[_Item]]:
    """Greedy complete-linkage over blocked candidates: an item joins the best-scoring cluster
    whose every member is compatible with it; candidates come from shared blocking keys only,
    so the work grows with the number of reports, not with its square."""
    clusters: list[list[_Item]] = []
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    for item in sorted(items, key=_item_order):
        candidates = sorted({c for k in _probe_keys(item, places) for c in index.get(k, [])})
        best, best_score = None, MERGE_THRESHOLD - 1
        for ci in candidates:
            cluster = clusters[ci]
            if not all(_compatible(item, m, places) for m in cluster):
                continue
            same_article = any(m.ref.article_id == item.ref.article_id for m in cluster)
            if same_article and not _same_type(item, cluster):
                continue
            score = max(_score(item, m, places) for m in cluster)
            if score > best_score:
                best, best_score = ci, score
        if best is None:
            clusters.append([])
            best = len(clusters) - 1
        clusters[best].append(item)
        for k in _keys(item, places):
            if best not in index[k]:
                index[k].append(best)
    return clusters


def _same_type(item: _Item, cluster: list[_Item]) -> bool:
    return any(m.event.event_type == item.event.event_type for m in cluster)


def _item_order(item: _Item) -> tuple[int, str, int]:
    d = item.event.date
    known = 0 if d and d.year else 1
    return (known, item.ref.article_id, int(item.ref.key[1:] or 0))


def resolve_events(
    records: list[ArticleRecords], entities: list[ResolvedEntity], index: dict[MemberRef, str]
) -> tuple[list[ResolvedEvent], dict[MemberRef, str]]:
    places = _Places(entities)
    clusters = _cluster(_items(records, index, places), places)
    resolved = [_resolved(c, index, places) for c in clusters]
    event_index = {m.ref: ev.id for c, ev in zip(clusters, resolved, strict=True) for m in c}
    return sorted(resolved, key=lambda e: e.id), event_index


def events_of_groups(
    records: list[ArticleRecords],
    entities: list[ResolvedEntity],
    index: dict[MemberRef, str],
    groups: list[list[MemberRef]],
) -> list[ResolvedEvent]:
    """One resolved event per group of article-local events, made as clustering makes them:
    curation (merge, split, corrected entities) regroups members, and the events must read
    as if resolution had grouped them so."""
    places = _Places(entities)
    by_ref = {item.ref: item for item in _items(records, index, places)}
    return [_resolved(sorted((by_ref[r] for r in g), key=_item_order), index, places)
            for g in groups]  # fmt: skip


def _best_date(items: list[_Item]) -> DateValue | None:
    """The date the most telling report gives: its own (not inferred), with a year, most
    precise; then one the article reporting the event as news gives over one an article
    recalling it derives ('a day after …'); then the date most reports give; then the
    earliest."""
    dated = [(i.event.date, i.event.role == "reported") for i in items if i.event.date]
    if not dated:
        return None

    def day(d: DateValue) -> tuple[int | None, int | None, int | None, str]:
        return (d.year, d.month, d.day, d.precision)

    counts = Counter(day(d) for d, _ in dated)  # 'Tuesday' and 'March 22' name one day

    def rank(pair: tuple[DateValue, bool]) -> tuple[int, int, int, int, int]:
        d, news = pair
        precise = PRECISION_RANK[d.precision]
        return (not is_inferred(d), d.year is not None, precise, news, counts[day(d)])

    best = max(dated, key=lambda p: (*rank(p), -(p[0].year or 0), -(p[0].month or 0),
                                     -(p[0].day or 0)))  # fmt: skip
    return best[0]


def _best_place(items: list[_Item], places: _Places) -> str | None:
    cands = [i.place for i in items if i.place]
    if not cands:
        return None
    counts = Counter(cands)
    return max(cands, key=lambda p: (len(places.chain(p)), counts[p], p))


def _best_type(items: list[_Item]) -> str:
    types = Counter(i.event.event_type for i in items)
    specific = {t: n for t, n in types.items() if t not in _GENERIC_TYPES}
    pool = specific or types
    return max(sorted(pool), key=lambda t: pool[t])


def _resolved(items: list[_Item], index: dict[MemberRef, str], places: _Places) -> ResolvedEvent:
    date = _best_date(items)
    place = _best_place(items, places)
    etype = _best_type(items)
    first = min(i.ref for i in items)
    label_date = _date_key(date)
    place_label = places.label.get(place or "", "unknown place")
    return ResolvedEvent(
        id=slug_id(
            "event", f"{label_date}-{etype}-{place_label}", "event", first.article_id, first.key
        ),
        category=items[0].event.category,
        event_type=etype,
        date=date,
        place=place,
        members=tuple(sorted(i.ref for i in items)),
        roles=_roles(items, index),
        figures=tuple(f for i in items for f in i.event.figures),
        attributions=_attributions(items, index),
        perpetrator_status=_status(items),
        mentions=tuple(m for i in items for m in i.event.mentions),
        role="reported" if any(i.event.role == "reported" for i in items) else "background",
        target_descriptions=tuple(
            dict.fromkeys(t for i in items for t in i.event.target_descriptions)
        ),
        killed_persons=_persons(items, index, "killed_persons"),
        injured_persons=_persons(items, index, "injured_persons"),
        city_as_written=_city_as_written(items, place, places),
    )


def _city_as_written(items: list[_Item], place: str | None, places: _Places) -> str | None:
    """The event's town as its sources spell it, when that is a variant spelling of the
    gazetteer's name ('Bisham' for Besham, 'Abu Ghraib' for Abū Ghurayb); ``None`` when the
    sources write the gazetteer's name, an abbreviation ('DI Khan') or nothing."""
    town = places.city(place)
    if town is None:
        return None
    label = places.label.get(town, "")
    counts = Counter(
        spelled
        for i in items
        for text in i.written.get(town, ())
        if (spelled := _spelling(text)) is not None
    )
    if not counts:
        return None
    best = min(counts, key=lambda w: (-counts[w], w))
    if best == label or _plain(best) == _plain(label):
        return None
    same_start = _plain(best)[:1] == _plain(label)[:1]
    return (
        best
        if same_start and fuzz.ratio(_plain(best), _plain(label)) >= SPELLING_SIMILARITY
        else None
    )


#: How alike (rapidfuzz ratio, 0-100) a written name and the gazetteer's must be to count as
#: a spelling of it: Bisham/Besham 83, Dhadar/Dadhar 83, Abu Ghraib/Abu Ghurayb 86; an
#: abbreviation (DI Khan/Dera Ismail Khan 61) or another name is not.
SPELLING_SIMILARITY = 75


def _spelling(text: str) -> str | None:
    """A mention as a name: one line, no possessive, not in capitals (a dateline)."""
    name = " ".join(text.split()).removesuffix("'s").removesuffix("’s")
    if not name or name.isupper() or not any(c.islower() for c in name):
        return None
    return name


def _plain(name: str) -> str:
    """Lower case without accents: 'Abū Ghurayb' → 'abu ghurayb'."""
    folded = unicodedata.normalize("NFKD", name)
    return "".join(c for c in folded if not unicodedata.combining(c)).lower()


def _date_key(date: DateValue | None) -> str:
    if date is None:
        return "undated"
    if date.year is None:
        return f"xxxx-{date.month or 0:02d}-{date.day or 0:02d}"
    if date.precision == "year":
        return str(date.year)
    if date.precision == "month":
        return f"{date.year}-{date.month:02d}"
    return slug(str(date.start))


def _roles(items: list[_Item], index: dict[MemberRef, str]) -> tuple[ResolvedRole, ...]:
    grouped: dict[tuple[Role, str], list[_Item]] = defaultdict(list)
    evidence: dict[tuple[Role, str], list[Evidence]] = defaultdict(list)
    status: dict[tuple[Role, str], PerpStatus | None] = {}
    for item in items:
        for r in item.event.roles:
            key = (r.role, index[MemberRef(item.ref.article_id, r.entity)])
            grouped[key].append(item)
            evidence[key].append(r.evidence)
            if r.status and PERP_STATUS_RANK[r.status] > PERP_STATUS_RANK.get(
                status.get(key) or "none", 0
            ):
                status[key] = r.status
    return tuple(
        ResolvedRole(
            role, ent, tuple(dict.fromkeys(evidence[(role, ent)])), status.get((role, ent))
        )
        for role, ent in sorted(grouped)
    )


def _attributions(items: list[_Item], index: dict[MemberRef, str]) -> tuple[Attribution, ...]:
    out: list[Attribution] = []
    for item in items:
        ev = item.event
        perps = [r for r in ev.roles if r.role == "perpetrator"]
        for r in perps:
            ent = index[MemberRef(item.ref.article_id, r.entity)]
            out.append(Attribution(r.status or "attributed", r.evidence, ent))
        if ev.perpetrator_status == "none" and ev.status_evidence is not None:
            out.append(Attribution("none", ev.status_evidence, None))
        for d in ev.denials:
            out.append(
                Attribution("denied", d.evidence, index[MemberRef(item.ref.article_id, d.entity)])
            )
    return tuple(dict.fromkeys(out))


def _status(items: list[_Item]) -> PerpStatus | None:
    stats = [i.event.perpetrator_status for i in items if i.event.perpetrator_status]
    if not stats:
        return None
    return max(stats, key=lambda s: PERP_STATUS_RANK[s])


def _persons(items: list[_Item], index: dict[MemberRef, str], attr: str) -> tuple[str, ...]:
    out: list[str] = []
    for item in items:
        for key in getattr(item.event, attr):
            rid = index[MemberRef(item.ref.article_id, key)]
            if rid not in out:
                out.append(rid)
    return tuple(sorted(out))
