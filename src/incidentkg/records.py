"""Plain typed records passed between pipeline stages.

Every stage takes records and returns records; nothing downstream of ``extract``
sees a spaCy ``Doc``. Records are frozen so a stage cannot quietly edit the
output of an earlier one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

EntityType = Literal["Person", "Organization", "Place"]
Category = Literal["attack", "security_operation", "other"]
Precision = Literal["day", "week", "month", "year", "unknown"]
FigureKind = Literal["killed", "injured", "perpetrators_killed", "perpetrators_injured"]
Qualifier = Literal["exact", "at_least", "more_than", "up_to", "about", "range"]
EventRole = Literal["reported", "background"]
PerpStatus = Literal["claimed", "suspected", "attributed", "none", "denied"]
Role = Literal["perpetrator", "victim", "target", "mastermind", "conducted_by", "participant"]

#: Strength order used when several sources disagree about a perpetrator.
PERP_STATUS_RANK: dict[str, int] = {
    "denied": -1,
    "none": 0,
    "suspected": 1,
    "attributed": 2,
    "claimed": 3,
}


@dataclass(frozen=True)
class Article:
    """One news article after ingest: cleaned text plus metadata."""

    id: str
    text: str
    source_path: str
    title: str | None = None
    published: dt.date | None = None
    dateline: str | None = None
    content_hash: str = ""
    url: str | None = None
    source: str | None = None  # the site or feed name, e.g. "Dawn"
    date_hint: dt.date | None = None  # a GTD-style "03/31/2017:" prefix: the event's date


@dataclass(frozen=True)
class Evidence:
    """A character span of an article's text, with the sentence around it."""

    article_id: str
    start: int
    end: int
    text: str
    sent_start: int
    sent_end: int


@dataclass(frozen=True)
class DateValue:
    """A possibly partial date: missing parts are ``None``.

    ``value`` is the first day of the interval the precision describes (the Monday
    of a week, the first of a month); a date whose year is unknown keeps only
    month and day.
    """

    year: int | None
    month: int | None
    day: int | None
    precision: Precision
    text: str = ""

    @property
    def start(self) -> dt.date | None:
        if self.year is None:
            return None
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def end(self) -> dt.date | None:
        """Last day of the interval (inclusive)."""
        start = self.start
        if start is None:
            return None
        if self.precision == "day":
            return start
        if self.precision == "week":
            return start + dt.timedelta(days=6)
        if self.precision == "month":
            nxt = dt.date(start.year + (start.month == 12), start.month % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        return dt.date(start.year, 12, 31)


@dataclass(frozen=True)
class Figure:
    """A casualty figure as one source reported it."""

    kind: FigureKind
    value: int
    max_value: int
    qualifier: Qualifier
    evidence: Evidence
    #: whom it counts when the text says ("security", "civilian"); "" for all victims or
    #: unsaid. One source's counts of different groups add up (see :func:`summarise`).
    group: str = ""


@dataclass(frozen=True)
class RoleAssignment:
    """An entity in a role of an event, with the text that says so."""

    role: Role
    entity: str  # article-local entity key
    evidence: Evidence
    status: PerpStatus | None = None  # only for perpetrators


@dataclass(frozen=True)
class Post:
    """A title held by a person, optionally in an organisation (W3C ORG membership)."""

    person: str
    title: str
    organization: str | None
    evidence: Evidence
    title_class: str | None = None


@dataclass(frozen=True)
class Affiliation:
    """A looser person–organisation link ("was affiliated with the TTP")."""

    person: str
    organization: str
    evidence: Evidence


@dataclass(frozen=True)
class EntityRecord:
    """An entity as one article knows it (mentions already merged within the article)."""

    key: str
    type: EntityType
    label: str
    mentions: tuple[Evidence, ...]
    aliases: tuple[str, ...] = ()
    gazetteer_id: str | None = None
    kind: str | None = None  # organisation kind or place kind
    parent: str | None = None  # places: article-local key or "gaz:<id>" of the enclosing place
    description: str | None = None


@dataclass(frozen=True)
class EventRecord:
    """An event as one article reports it."""

    key: str
    category: Category
    event_type: str
    mentions: tuple[Evidence, ...]
    date: DateValue | None
    place: str | None  # article-local entity key
    roles: tuple[RoleAssignment, ...] = ()
    figures: tuple[Figure, ...] = ()
    perpetrator_status: PerpStatus | None = None
    status_evidence: Evidence | None = None
    target_descriptions: tuple[str, ...] = ()
    killed_persons: tuple[str, ...] = ()
    injured_persons: tuple[str, ...] = ()
    denials: tuple[RoleAssignment, ...] = ()  # groups that denied a part in it
    #: reported (the news this article is about) or background (an earlier event it mentions)
    role: EventRole = "reported"


@dataclass(frozen=True)
class ArticleRecords:
    """Everything extracted from one article."""

    article: Article
    entities: tuple[EntityRecord, ...]
    events: tuple[EventRecord, ...]
    posts: tuple[Post, ...] = ()
    affiliations: tuple[Affiliation, ...] = ()

    def entity(self, key: str) -> EntityRecord:
        for ent in self.entities:
            if ent.key == key:
                return ent
        raise KeyError(key)


@dataclass(frozen=True, order=True)
class MemberRef:
    """Points at an article-local record: ``(article_id, key)``."""

    article_id: str
    key: str


@dataclass(frozen=True)
class ResolvedEntity:
    id: str
    type: EntityType
    label: str
    aliases: tuple[str, ...]
    members: tuple[MemberRef, ...]
    gazetteer_id: str | None = None
    kind: str | None = None
    parent: str | None = None  # resolved entity id
    description: str | None = None
    lat: float | None = None
    lon: float | None = None
    country_code: str | None = None


@dataclass(frozen=True)
class ResolvedRole:
    role: Role
    entity: str  # resolved entity id
    sources: tuple[Evidence, ...]
    status: PerpStatus | None = None


@dataclass(frozen=True)
class Attribution:
    """One source's statement about who did it (or that nobody claimed it)."""

    status: PerpStatus
    evidence: Evidence
    entity: str | None = None  # resolved entity id, None for "no claim"


@dataclass(frozen=True)
class ResolvedEvent:
    id: str
    category: Category
    event_type: str
    date: DateValue | None
    place: str | None
    members: tuple[MemberRef, ...]
    roles: tuple[ResolvedRole, ...]
    figures: tuple[Figure, ...]
    attributions: tuple[Attribution, ...]
    perpetrator_status: PerpStatus | None
    mentions: tuple[Evidence, ...]
    target_descriptions: tuple[str, ...] = ()
    killed_persons: tuple[str, ...] = ()
    injured_persons: tuple[str, ...] = ()
    #: reported when any source reports it as news; background when all only mention it
    role: EventRole = "reported"
    #: how far to trust it, in [0, 1], from its sources and how it was found
    #: (resolve/confidence.py); set last by resolution and curation
    confidence: float | None = None
    #: its town as the sources spell it, when that differs from the gazetteer's spelling
    city_as_written: str | None = None

    def summary(self, kind: FigureKind) -> tuple[int, int] | None:
        """Lowest and highest figure of a kind across sources (see :func:`summarise`)."""
        return summarise(self.figures, kind)


def summarise(figures: Sequence[Figure], kind: FigureKind) -> tuple[int, int] | None:
    """Lowest and highest figure of a kind across sources.

    Each source counts with the highest figure it states: a later total ("in all, 26 were
    killed") supersedes the partial counts before it ("killing 4"). Sources that disagree
    stay visible as the spread between lowest and highest.
    """
    groups: dict[str, dict[str, tuple[int, int]]] = {}
    for f in figures:
        if f.kind != kind:
            continue
        per_group = groups.setdefault(f.evidence.article_id, {})
        low, high = per_group.get(f.group, (0, 0))
        per_group[f.group] = (max(low, f.value), max(high, f.max_value, f.value))
    if not groups:
        return None
    per_source = [_source_total(per_group) for per_group in groups.values()]
    return min(v[0] for v in per_source), max(v[1] for v in per_source)


def _source_total(per_group: dict[str, tuple[int, int]]) -> tuple[int, int]:
    """One source's count: its total, or its groups added up when they say more ('five
    soldiers were martyred … 13 civilians lost their lives': 18)."""
    total = per_group.get("", (0, 0))
    parts = [v for g, v in per_group.items() if g]
    summed = (sum(v[0] for v in parts), sum(v[1] for v in parts))
    return max(total[0], summed[0]), max(total[1], summed[1])


def summary_qualifier(figures: Sequence[Figure], kind: FigureKind) -> Qualifier | None:
    """The qualifier of the figure behind the lowest summary value ("at least 30" → at_least),
    ``None`` when that figure is exact or there is none."""
    summary = summarise(figures, kind)
    if summary is None:
        return None
    hedged = sorted(
        f.qualifier
        for f in figures
        if f.kind == kind and f.value == summary[0] and f.qualifier != "exact"
    )
    exact = any(
        f.kind == kind and f.value == summary[0] and f.qualifier == "exact" for f in figures
    )
    return hedged[0] if hedged and not exact else None


@dataclass(frozen=True)
class ResolvedPost:
    person: str
    title: str
    organization: str | None
    sources: tuple[Evidence, ...]
    title_class: str | None = None


@dataclass(frozen=True)
class ResolvedAffiliation:
    person: str
    organization: str
    sources: tuple[Evidence, ...]


@dataclass(frozen=True)
class Resolution:
    """Output of the resolve stage: the cross-article view plus the member index."""

    entities: tuple[ResolvedEntity, ...]
    events: tuple[ResolvedEvent, ...]
    posts: tuple[ResolvedPost, ...] = ()
    affiliations: tuple[ResolvedAffiliation, ...] = ()
    entity_index: dict[MemberRef, str] = field(default_factory=dict)
    event_index: dict[MemberRef, str] = field(default_factory=dict)


# --- curation (issue 18): analysts' corrections, applied after every resolution -----------

CorrectionKind = Literal[
    "reject_event",
    "merge_events",
    "split_mention",
    "set_field",
    "same_entity",
    "different_entities",
    "rename_entity",
]
EventField = Literal[
    "date",
    "place",
    "category",
    "event_type",
    "perpetrator",
    "perpetrator_status",
    "killed",
    "injured",
    "perpetrators_killed",
]


@dataclass(frozen=True)
class Target:
    """What a correction points at, named so that it survives rebuilds.

    Resolved ids change when clustering changes, article ids do not: an event is named by
    its ``article`` plus the article-local ``key`` (``e1``) and/or words of its ``mention``
    ("suicide bombing"), an entity by its ``label`` (optionally ``type`` and ``article``);
    ``iri`` (the resolved id when the correction was made) is only the fallback.
    """

    article: str | None = None
    key: str | None = None
    mention: str | None = None
    label: str | None = None
    type: str | None = None
    iri: str | None = None


@dataclass(frozen=True)
class Correction:
    """One analyst's correction: what, on which targets, by whom, when and why."""

    id: str
    kind: CorrectionKind
    targets: tuple[Target, ...]
    who: str
    when: dt.datetime
    why: str
    field: EventField | None = None
    value: str | None = None  # set_field: the new value; rename_entity: the new label


@dataclass(frozen=True)
class CorrectionOutcome:
    """What applying a correction did to one build's resolution (or why it could not)."""

    correction: Correction
    applied: bool
    note: str = ""  # why it was not applied, or what it found already true
    corrects: tuple[str, ...] = ()  # resolved ids carrying the corrected value now
    replaces: tuple[str, ...] = ()  # machine-resolved ids it replaced (gone from the graph)
    members: tuple[MemberRef, ...] = ()  # the article-local records its targets matched
    machine_value: tuple[str, ...] = ()  # the field's machine value(s), as strings or ids
    corrected_value: tuple[str, ...] = ()
