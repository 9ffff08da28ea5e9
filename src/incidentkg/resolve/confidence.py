"""How far to trust a resolved event: a score in [0, 1] that can be explained (issue 18).

GDELT gives each event a confidence; ours is a weighted sum of five components, each in
[0, 1] and each read from the resolved event and the reports behind it, so an analyst can
say why one row is trusted more than another:

==========  ======  ==========================================================================
component   weight  value
==========  ======  ==========================================================================
sources     0.35    ``1 - 0.5 ** n``; ``n`` adds, per independent outlet, 1 when one of its
                    articles reports the event as news and 0.5 when it only mentions it in
                    the background. Outlets are ``Article.source``, else the URL's host, else
                    the article itself (1 → 0.5, 2 → 0.75, 4 → 0.94).
actor       0.20    who did it: claimed 1, attributed 2/3, suspected 1/3, none, denied or
                    unsaid 0; an event whose conducting force or participants are named (a
                    security operation, a meeting) counts as claimed.
date        0.20    day read from the text 1, day inferred from publication 0.75, week 0.6,
                    month 0.5, year 0.25, no year 0.2, none 0.
place       0.15    site (facility, locality) 1, city or district 0.8, province or region 0.5,
                    country 0.25, other kinds 0.5, none 0; times 0.6 when neither the place
                    nor any place containing it is in the gazetteer.
figures     0.10    agreement of casualty figures: lowest / highest number killed over sources
                    (1 when all agree), of the injured when no death toll is given; 0.5
                    when there is no figure.
==========  ======  ==========================================================================

All else equal the score never falls when an independent source is added, and claimed ≥
attributed ≥ suspected, day ≥ inferred day ≥ month ≥ year, site ≥ city ≥ country, agreeing
figures ≥ disagreeing ones (tests/test_confidence.py checks these). Components and the score
are rounded to two decimals, so the value is the same on every build.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from incidentkg.kb.dates import is_inferred
from incidentkg.records import (
    Article,
    ArticleRecords,
    DateValue,
    EventRole,
    FigureKind,
    MemberRef,
    ResolvedEntity,
    ResolvedEvent,
    summarise,
)

WEIGHTS: dict[str, float] = {"sources": 0.35, "actor": 0.2, "date": 0.2, "place": 0.15,
                             "figures": 0.1}  # fmt: skip
ROLE_WEIGHT: dict[str, float] = {"reported": 1.0, "background": 0.5}
STATUS_SCORE: dict[str, float] = {"claimed": 1.0, "attributed": 2 / 3, "suspected": 1 / 3}
PRECISION_SCORE: dict[str, float] = {"day": 1.0, "week": 0.6, "month": 0.5, "year": 0.25}
INFERRED_DAY = 0.75
NO_YEAR = 0.2
PLACE_SCORE: dict[str, float] = {"facility": 1.0, "locality": 1.0, "city": 0.8, "district": 0.8,
                                 "province": 0.5, "region": 0.5, "country": 0.25}  # fmt: skip
OTHER_PLACE = 0.5
UNKNOWN_PLACE = 0.6  # factor for a place the gazetteer cannot locate
NO_FIGURES = 0.5
AGREEMENT_KINDS: tuple[FigureKind, ...] = ("killed", "injured")
ACTOR_ROLES = frozenset({"conducted_by", "participant"})


@dataclass(frozen=True)
class Report:
    """What confidence needs of one article's report of the event."""

    article_id: str
    outlet: str  # the site, URL host or, when unknown, the article id
    role: EventRole = "reported"


@dataclass(frozen=True)
class Confidence:
    score: float
    components: tuple[tuple[str, float], ...]

    def explain(self) -> str:
        """``sources 0.75, actor 1, ...``: each component before weighting.

        >>> Confidence(0.8, (("sources", 0.5), ("actor", 1.0))).explain()
        'sources 0.5, actor 1'
        """
        return ", ".join(f"{name} {value:g}" for name, value in self.components)


def outlet(article: Article) -> str:
    """Who published an article: its source name, else its URL's host, else itself.

    >>> outlet(Article("a1", "", "x", url="https://www.dawn.com/news/1"))
    'dawn.com'
    """
    if article.source and article.source.strip():
        return article.source.strip().casefold()
    host = urlsplit(article.url).hostname if article.url else None
    if host:
        return host.removeprefix("www.")
    return f"article:{article.id}"


def event_confidence(
    event: ResolvedEvent, reports: Sequence[Report], places: Mapping[str, ResolvedEntity]
) -> Confidence:
    """The confidence of ``event`` from its ``reports`` (one per member) and the resolved
    places (by id), as the module docstring's table defines it."""
    parts = {
        "sources": _sources(reports),
        "actor": _actor(event),
        "date": _date(event.date),
        "place": _place(event.place, places),
        "figures": _figures(event),
    }
    score = sum(WEIGHTS[name] * value for name, value in parts.items())
    return Confidence(round(score, 2), tuple((k, round(v, 2)) for k, v in parts.items()))


def _sources(reports: Sequence[Report]) -> float:
    best: dict[str, float] = {}
    for r in reports:
        best[r.outlet] = max(best.get(r.outlet, 0.0), ROLE_WEIGHT[r.role])
    return 1 - 0.5 ** sum(best.values())


def _actor(event: ResolvedEvent) -> float:
    if any(r.role in ACTOR_ROLES for r in event.roles):
        return 1.0
    return STATUS_SCORE.get(event.perpetrator_status or "", 0.0)


def _date(date: DateValue | None) -> float:
    if date is None or date.precision == "unknown":
        return 0.0
    if date.year is None:
        return NO_YEAR
    if date.precision == "day" and is_inferred(date):
        return INFERRED_DAY
    return PRECISION_SCORE[date.precision]


def _place(pid: str | None, places: Mapping[str, ResolvedEntity]) -> float:
    place = places.get(pid) if pid else None
    if place is None:
        return 0.0
    score = PLACE_SCORE.get(place.kind or "", OTHER_PLACE)
    return score if _located(place, places) else score * UNKNOWN_PLACE


def _located(place: ResolvedEntity, places: Mapping[str, ResolvedEntity]) -> bool:
    """Whether the place or one containing it is in the gazetteer (or has coordinates)."""
    seen: set[str] = set()
    node: ResolvedEntity | None = place
    while node is not None and node.id not in seen:
        if node.gazetteer_id or node.lat is not None:
            return True
        seen.add(node.id)
        node = places.get(node.parent) if node.parent else None
    return False


def _figures(event: ResolvedEvent) -> float:
    for kind in AGREEMENT_KINDS:  # the death toll; the injured when no death toll is given
        summary = summarise(event.figures, kind)
        if summary is not None:
            low, high = summary
            return low / high if high else 1.0
    return NO_FIGURES


def reports_of(members: Sequence[MemberRef], records: Mapping[str, ArticleRecords]) -> list[Report]:
    """One :class:`Report` per member found in ``records`` (by article id)."""
    out: list[Report] = []
    for m in members:
        rec = records.get(m.article_id)
        if rec is None:
            continue
        role: EventRole = next((e.role for e in rec.events if e.key == m.key), "reported")
        out.append(Report(m.article_id, outlet(rec.article), role))
    return out


def with_confidence(
    events: Sequence[ResolvedEvent],
    records: Sequence[ArticleRecords],
    entities: Sequence[ResolvedEntity],
) -> tuple[ResolvedEvent, ...]:
    """``events`` with :attr:`ResolvedEvent.confidence` set (resolution and curation call it
    last, so a corrected event is scored as corrected)."""
    by_article = {r.article.id: r for r in records}
    places = {e.id: e for e in entities if e.type == "Place"}
    out = []
    for ev in events:
        conf = event_confidence(ev, reports_of(ev.members, by_article), places)
        out.append(replace(ev, confidence=conf.score) if ev.confidence != conf.score else ev)
    return tuple(out)
