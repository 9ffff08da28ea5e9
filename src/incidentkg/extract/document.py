"""An article is a document: settle the events its sentences gave, as one reader would.

The sentence reader (:mod:`incidentkg.extract.events`) groups triggers into events as it
meets them. What it cannot know before the end of the article is settled here:

- **Role.** An event is *background* when the text marks it as earlier ("weeks after the
  bombing") or when its own date lies well before the publication date; every other event
  is *reported* (the news). Background events keep their own date and place and never lend
  them to a reported one.
- **Fragments.** A later mention of a reported event with no date of its own ("The attack,
  which came eight months after …", "the blast") refers back to the reported event of its
  category, whatever place its sentence names in passing; an undated headline mention
  joins the dated report it heads when their places agree.
- **Anchor.** A reported event with no date from its own sentences is dated by the
  publication date (its date text says so), so no reported event is left undated. A
  background event with neither date nor place is dropped (nothing anchors it).
"""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Token

from incidentkg.extract.context import ArticleContext, EntityDraft
from incidentkg.extract.dates import ended_before_news
from incidentkg.extract.events import (
    EventDraft,
    dateline_place,
    inside,
    place_chain,
    same_area,
    told_before,
    tolls_apart,
)
from incidentkg.extract.triggers import agent_tokens, event_dates_in, report_dates_in
from incidentkg.kb.dates import INFERRED, INFERRED_FROM_NEWS, is_inferred
from incidentkg.kb.gazetteer import word_set
from incidentkg.records import PERP_STATUS_RANK, DateValue, PerpStatus

#: A day named in the article dates its news when it lies at most this far before publication.
RECENT_DAYS = 7


def settle_roles(ctx: ArticleContext, events: list[EventDraft]) -> list[EventDraft]:
    """Roles and fragments for one article's events (in reading order), before the
    sentence reader falls back on the dateline for places."""
    published = ctx.article.published
    for event in events:
        if _recent_though_recalled(ctx, event, events):
            event.background = False  # '… heard the screams of Thursday's sniper attack'
        event.background = event.background or _earlier(event, published)
    _news_of_reactions(events, published)
    events = _absorb_headlines(ctx, _absorb_fragments(ctx, events))
    return _one_news_per_town_and_day(ctx, _victims_of_the_forces(ctx, events))


def _victims_of_the_forces(ctx: ArticleContext, events: list[EventDraft]) -> list[EventDraft]:
    """'Alton Sterling was shot and killed by police …', then 'the shooting of Alton
    Sterling': a shooting told without its doer, of a person the forces are told to have
    shot, is their operation told again, not an attack by someone else."""
    kept = list(events)
    for event in events:
        if event.category != "attack" or any(r.role == "perpetrator" for r in event.roles):
            continue
        persons = {
            k for k in event.target_keys() | set(event.killed) | _persons_hit(ctx, event)
            if (e := ctx.entities.get(k)) is not None and e.type == "Person"
        }  # fmt: skip
        if any(_named_doer(ctx, t.head, persons) for t in event.triggers):
            continue
        if not persons:
            host = _the_forces_shooting_again(ctx, kept, event)
            if host is not None:
                absorb(ctx, host, event, keep_place_of_fragment=True)
                kept.remove(event)
            continue
        host = next(
            (
                o for o in kept
                if o.category == "security_operation"
                and persons & (o.target_keys() | set(o.killed))
            ),
            None,
        ) or _unnamed_victims_shooting(ctx, kept, event)  # fmt: skip
        if host is not None:
            absorb(ctx, host, event)
            kept.remove(event)
    return kept


def _unnamed_victims_shooting(
    ctx: ArticleContext, events: list[EventDraft], attack: EventDraft, named_ok: bool = False
) -> EventDraft | None:
    """'… the killing of a black man shot by two police officers', then 'the shooting of
    Alton Sterling early Tuesday': the one reported shooting by the forces whose victim the
    article has not named is the shooting of the person named later without a doer, when
    their days agree (``named_ok``: a shooting told with no victim at all may be any)."""
    if attack.background:
        return None
    day = _own_date(attack)
    shootings = [
        o for o in events
        if o is not attack and o.category == "security_operation" and not o.background
        and any(t.head.lemma_.lower() in _SHOOTING for t in o.triggers)
        and ((d := _own_date(o)) is None or day is None or d.start == day.start)
        and (not named_ok or o.place is None or attack.place is None
             or same_area(ctx, o.place, attack.place, wide=True))
    ]  # fmt: skip
    if len(shootings) != 1:
        return None
    (host,) = shootings
    if not named_ok and any(
        (e := ctx.entities.get(k)) is not None and e.type == "Person"
        for k in host.target_keys() | set(host.killed)
    ):
        return None  # a person of its own: not the one named here
    return host


def _the_forces_shooting_again(
    ctx: ArticleContext, events: list[EventDraft], attack: EventDraft
) -> EventDraft | None:
    """'A statement of the city where the shooting occurred said …', after a shooting by
    the police: 'the shooting' told again with no doer and no victim named, on the day and
    in the place (or inside it: the town refines it) of one reported shooting by the
    forces, is that shooting."""
    if not attack.triggers or not all(
        t.definite and t.head.pos_ == "NOUN" and t.head.lemma_.lower() in _SHOOTING
        for t in attack.triggers
    ):
        return None
    return _unnamed_victims_shooting(ctx, events, attack, named_ok=True)


#: the words of a shooting, act or noun
_SHOOTING = frozenset({"shoot", "shooting", "kill", "killing", "gun"})


def _persons_hit(ctx: ArticleContext, event: EventDraft) -> set[str]:
    """The persons the event's words say were hit: 'the shooting of X', 'X's shooting',
    'shot X', 'X was shot'."""
    keys: set[str] = set()
    for trig in event.triggers:
        head = trig.head
        toks = [c for c in head.children if c.dep_ in {"dobj", "nsubjpass", "poss"}]
        toks += [g for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                 for g in c.children if g.dep_ == "pobj"]  # fmt: skip
        for tok in toks:
            ent = ctx.entity_at(tok)
            if ent is not None and ent.type == "Person":
                keys.add(ent.key)
    return keys


def _named_doer(ctx: ArticleContext, head: Token, victims: set[str]) -> bool:
    """Whether the act's own words name who did it ('a gunman shot', 'by the suspect'); a
    place ('the Baton Rouge shooting') or the victim ('Sterling's shooting') does not."""
    for tok in agent_tokens(head):
        if tok.pos_ not in {"NOUN", "PROPN"} or tok.ent_type_ in {"DATE", "TIME"}:
            continue
        ent = ctx.entity_at(tok)
        if ent is not None and (ent.type == "Place" or ent.key in victims):
            continue
        if tok.lemma_.lower() in word_set("state_force_nouns") or (
            ent is not None and ent.kind in {"security_agency", "military"}
        ):
            continue  # 'men killed by police': the forces, whose act it is
        return True
    return False


def _one_news_per_town_and_day(ctx: ArticleContext, events: list[EventDraft]) -> list[EventDraft]:
    """Two reported events of one category, one day and one town in one article are one
    event told twice ('a truck rammed through a crowd in Nice on Thursday … the Thursday
    massacre in Nice'), as coders count coordinated attacks in one city on one day."""
    kept: list[EventDraft] = []
    for event in events:
        host = next((k for k in kept if _same_news(ctx, k, event)), None)
        if host is None:
            kept.append(event)
        else:
            absorb(ctx, host, event)
    return kept


def _same_news(ctx: ArticleContext, a: EventDraft, b: EventDraft) -> bool:
    if a.background or b.background or a.category != b.category or a.category == "other":
        return False
    da, db = _own_date(a), _own_date(b)
    if da is None or db is None or da.precision != "day" or db.precision != "day":
        return False
    if da.start != db.start or a.place is None or b.place is None:
        return False
    return a.place.key == b.place.key or (
        bool(a.place.gazetteer_id) and a.place.gazetteer_id == b.place.gazetteer_id
    )


def _news_of_reactions(events: list[EventDraft], published: dt.date | None) -> None:
    """'The visit comes days after five engineers were killed in the bombing on March 26':
    an article about the reactions to an attack reports it. When every violent event is
    marked as earlier, the first one dated within the news window is the news."""
    violent = [e for e in events if e.category in {"attack", "security_operation"}]
    if published is None or not violent or any(not e.background for e in violent):
        return
    recent = next(
        (e for e in violent if _own_date(e) is not None and not _earlier(e, published)), None
    )
    if recent is not None:
        recent.background = False


def anchor_dates(ctx: ArticleContext, events: list[EventDraft]) -> list[EventDraft]:
    """A reported event with no date of its own is dated from the article, else by the
    publication day.

    The article's news (its first reported event) often gets its day in a sentence that
    names no trigger: "The incident happened Saturday off the islands", "a bomber tried to
    enter the road on Tuesday". The first such day, in a sentence about violence that no
    other event of the article claims, dates it; a day it was merely reported ('said on
    Friday') comes second.
    """
    published = ctx.article.published
    news = next((e for e in events if not e.background), None)
    if news is not None and not news.dates and published is not None:
        found = _article_date(ctx, news, events, published)
        if found is not None:
            news.dates.append(found)
        elif not news.reporting_dates and (told := _first_told(ctx, events, published)):
            news.reporting_dates.append(told)  # 'state police said Tuesday': by then
    same_day = _news_day(news)
    for event in events:
        if event.background or event.dates or event.reporting_dates:
            continue
        if same_day is not None:
            event.dates.append(same_day)  # another attack the news tells of, that day
        elif published is not None:
            event.dates.append(publication_date(published))
    return events


def drop_unanchored_background(events: list[EventDraft]) -> list[EventDraft]:
    """An earlier event mentioned with neither a date nor a place ('since the death of a
    leader in a drone strike') is not an event anyone can place on a map or a timeline; as
    a coder would, leave it out rather than record an event with nothing to anchor it."""
    return [
        e
        for e in events
        if not (
            e.background
            and e.category != "other"
            and not (e.dates or e.reporting_dates)
            and e.place is None
        )
    ]


def drop_vague_fighting(ctx: ArticleContext, events: list[EventDraft]) -> list[EventDraft]:
    """'Increasingly desperate fighting between government forces and insurgents …', with no
    day, no town, no toll and no one named: a state of conflict, not an event a coder would
    put on a map."""

    def placed(e: EventDraft) -> bool:  # a town named in the event's own sentences
        sents = {t.head.sent.start for t in e.triggers}
        return (
            e.place is not None
            and e.place.kind not in {"country", "province", "region"}
            and any(span.sent.start in sents for span in e.place.spans)
        )

    def vague(e: EventDraft) -> bool:
        return (
            all(t.head.lemma_.lower() in {"fighting", "offensive", "violence"} for t in e.triggers)
            and all(is_inferred(d) for d in e.dates)
            and not placed(e)
            and not e.figures
            and not e.roles
        )

    return [e for e in events if e.category == "other" or not vague(e)]


def _article_date(
    ctx: ArticleContext, news: EventDraft, events: list[EventDraft], published: dt.date
) -> DateValue | None:
    others = {t.head.sent.start for e in events if e is not news for t in e.triggers}
    latest = min((d.end for d in news.reporting_dates if d.end), default=published)
    earliest = published - dt.timedelta(days=RECENT_DAYS)
    cues = word_set("violence_cues") | word_set("occurrence_words")
    other = frozenset(i for e in events for t in e.triggers for i in t.other_dates)
    for sent in ctx.doc.sents:
        if sent.start in others:
            continue
        if not any(t.lower_ in cues or t.lemma_.lower() in cues for t in sent):
            continue
        for value in event_dates_in(ctx, sent, other, main=True):
            start = value.start
            if value.precision == "day" and start is not None and earliest <= start <= latest:
                return value
    return None


#: the sentences at the head of an article that tell its news (headline and lead)
_TOLD_IN_LEAD = 6


def _first_told(
    ctx: ArticleContext, events: list[EventDraft], published: dt.date
) -> DateValue | None:
    """The first day before publication on which the article says its news was told ('an
    off-duty officer shot the suspect, state police said Tuesday', in Wednesday's paper):
    the news happened by then, so that day dates it better than the paper's."""
    others = {t.head.sent.start for e in events[1:] for t in e.triggers}
    earliest = published - dt.timedelta(days=RECENT_DAYS)
    lead = list(ctx.doc.sents)[:_TOLD_IN_LEAD]  # the news told, not later threats or tallies
    cues = word_set("violence_cues") | word_set("occurrence_words")
    days = [
        value
        for sent in lead
        if sent.start not in others
        and any(t.lower_ in cues or t.lemma_.lower() in cues for t in sent)
        for value in report_dates_in(ctx, sent)
        if value.precision == "day" and value.start and earliest <= value.start < published
    ]
    return min(days, key=lambda d: d.start or published, default=None)


def _news_day(news: EventDraft | None) -> DateValue | None:
    """The day of the article's news, for its other undated reported events."""
    own = _own_date(news) if news is not None else None
    if own is None or own.precision != "day" or own.year is None or is_inferred(own):
        return None
    return DateValue(own.year, own.month, own.day, "day", INFERRED_FROM_NEWS)


def publication_date(published: dt.date) -> DateValue:
    """The publication day as an event's date of last resort; its text says it is inferred."""
    return DateValue(published.year, published.month, published.day, "day", INFERRED)


def _earlier(event: EventDraft, published: dt.date | None) -> bool:
    """Dated well before the news, or told of well before it ('Last November the U.S. said
    it struck …': a day of saying long past)."""
    own = _own_date(event)
    if own is None and event.reporting_dates:
        return all(ended_before_news(d, published) for d in event.reporting_dates)
    return ended_before_news(own, published)


def _recent_though_recalled(
    ctx: ArticleContext, event: EventDraft, events: list[EventDraft]
) -> bool:
    """'Obama urges reconciliation after Dallas attack' over 'a memorial after a week when
    Americans heard the screams of Thursday's sniper attack on police in Dallas': an act
    named only in passing, on a day of its own within the news's days, that an undated
    report of the article names in its town (the headline) is that news, not an older
    event ('came a day after a man near Dayton shot three', beside dated news, stays one)."""
    published = ctx.article.published
    own = _own_date(event)
    if not event.background or own is None or own.precision != "day" or published is None:
        return False
    if not event.triggers or not all(t.gap for t in event.triggers):
        return False
    if own.end is None or own.end > published or ended_before_news(own, published):
        return False
    return any(
        other is not event
        and not other.background
        and not other.dates
        and other.category == event.category
        and other.place is not None
        and event.place is not None
        and same_area(ctx, other.place, event.place)
        for other in events
    )


def _own_date(event: EventDraft) -> DateValue | None:
    """The event's date from its own sentences only (not a reporting date)."""
    return event.date if event.dates else None


def _absorb_fragments(ctx: ArticleContext, events: list[EventDraft]) -> list[EventDraft]:
    """Undated later mentions of a reported event join the reported event they follow."""
    kept: list[EventDraft] = []
    for event in events:
        host = None
        if not event.background and not event.dates:
            host = next(
                (k for k in reversed(kept) if _can_host(ctx, k, event, definite_only=False)),
                None,
            ) or _background_referent(kept, event)
        if host is None:
            kept.append(event)
        else:
            absorb(ctx, host, event)
    return kept


def _background_referent(kept: list[EventDraft], frag: EventDraft) -> EventDraft | None:
    """'The vehicle used in the attack was bought in Karachi', in an article whose only
    attack is an earlier one: 'the attack' is that one, not a new attack today."""
    if not frag.triggers or not all(t.definite for t in frag.triggers):
        return None
    if any(not k.background and k.category == frag.category for k in kept):
        return None
    return next((k for k in reversed(kept) if k.category == frag.category), None)


def _absorb_headlines(ctx: ArticleContext, events: list[EventDraft]) -> list[EventDraft]:
    """An undated first mention (the headline) joins the dated report right after it."""
    kept = list(events)
    for event in list(kept):
        if event.background or event.dates or event not in kept:
            continue
        later = kept[kept.index(event) + 1 :]
        host = next(
            (k for k in later if k.dates and _can_host(ctx, k, event, definite_only=False)), None
        )
        if host is not None:
            absorb(ctx, host, event, keep_place_of_fragment=True)
            kept.remove(event)
    return kept


def _can_host(ctx: ArticleContext, host: EventDraft, frag: EventDraft, definite_only: bool) -> bool:
    if host.background or host.category != frag.category:
        return False
    if tolls_apart(host, frag):
        return False  # 'survivors of a shooting … where six were killed': not the massacre of 31
    if not frag.dates and told_before(frag.reporting_dates, host):
        return False  # 'Last November the U.S. said it struck Derna': an earlier strike
    dateline = dateline_place(ctx)
    town = dateline if dateline is not None and dateline.kind != "country" else None
    if _other_unknown_town(ctx, host, frag):
        return False  # '… in the rebel-held town of Kafrnaha, an air strike hit a hospital'
    if same_area(ctx, host.place or town, frag.place, wide=True):
        return not definite_only
    # a definite mention ('the attack') refers back, whatever place its sentence names
    return all(t.definite for t in frag.triggers)


def _other_unknown_town(ctx: ArticleContext, host: EventDraft, frag: EventDraft) -> bool:
    """An indefinite mention placed in a town the gazetteer lacks, after news placed in a
    known city (or a part of it): a town of its own, not a fragment ('… in the rebel-held
    town of Kafrnaha, an air strike hit a hospital', after strikes in Aleppo). A town after
    news placed in a county or a state may lie in it, and may be its place."""
    place = frag.place
    if place is None or place.gazetteer_id or place.kind != "city" or host.place is None:
        return False
    if any(t.definite for t in frag.triggers):
        return False
    chain = place_chain(ctx, host.place)
    known = next((c for c in chain if c.gazetteer_id), None)
    return known is not None and known.kind == "city" and all(p.key != place.key for p in chain)


def absorb(
    ctx: ArticleContext, host: EventDraft, frag: EventDraft, keep_place_of_fragment: bool = False
) -> None:
    """Move everything ``frag`` says onto ``host``; the host keeps its place unless the
    fragment's lies inside it (or the host has none)."""
    host.triggers.extend(frag.triggers)
    host.dates.extend(frag.dates)
    host.reporting_dates.extend(frag.reporting_dates)
    if frag.place is not None and (
        host.place is None or (keep_place_of_fragment and _inside(ctx, frag.place, host.place))
    ):
        host.place = frag.place
    for role in frag.roles:
        host.add_role(role)
    host.figures.extend(f for f in frag.figures if f not in host.figures)
    host.target_texts.extend(t for t in frag.target_texts if t not in host.target_texts)
    host.killed.extend(k for k in frag.killed if k not in host.killed)
    host.injured.extend(k for k in frag.injured if k not in host.injured and k not in host.killed)
    host.denials.extend(frag.denials)
    host.descriptors_killed.extend(frag.descriptors_killed)
    if _rank(frag.status) > _rank(host.status):
        host.status, host.status_evidence = frag.status, frag.status_evidence


def _inside(ctx: ArticleContext, inner: EntityDraft, outer: EntityDraft) -> bool:
    """Strictly inside in the gazetteer, or a site of no known town inside a region."""
    if inside(ctx, inner, outer):
        return True
    return not (inner.gazetteer_id and outer.gazetteer_id) and (
        outer.kind in {"country", "province", "region"} and inner.kind in {"locality", "facility"}
    )


def _rank(status: PerpStatus | None) -> int:
    return -2 if status is None else PERP_STATUS_RANK[status]
