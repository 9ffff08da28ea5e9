"""Events of one article: group trigger mentions into events and attach what the text says.

Reading order matters. Each trigger either joins a compatible event already met in
the article (same category, dates and places that do not conflict, preferring the
one in focus) or starts a new one. A security "operation" with no named agency and no
date of its own is the response to the attack in focus, not a separate event. A
trigger introduced by "weeks after …" is an earlier event and does not take the focus.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import Any

from spacy.tokens import Span, Token

from incidentkg.extract.casualties import Casualty, sentence_casualties
from incidentkg.extract.context import ArticleContext, EntityDraft, noun_class, token_class
from incidentkg.extract.dates import ended_before_news, parse_date
from incidentkg.extract.entities import backing, suburb_towns
from incidentkg.extract.numbers import Quantity, word_value
from incidentkg.extract.triggers import (
    KILLING_NOUNS,
    Trigger,
    agent_tokens,
    at_the_end_of_an_attack,
    attach_agencies,
    attach_dates,
    attach_places,
    attach_targets,
    bearing_only,
    claimed_with_a_toll,
    ensuing,
    event_dates_in,
    habitual,
    harm_in,
    is_two_sided,
    named_as_example,
    one_event_noun,
    right_after_link,
    settlements,
    tally_verb,
    usable_triggers,
    without_backers,
)
from incidentkg.kb.dates import compatible, more_precise
from incidentkg.kb.gazetteer import normalise, word_set
from incidentkg.kb.geo import km
from incidentkg.nlp.recase import titled
from incidentkg.records import (
    DateValue,
    Evidence,
    Figure,
    FigureKind,
    PerpStatus,
    Qualifier,
    Role,
    RoleAssignment,
)

_SPECIFICITY = {
    "locality": 5,
    "facility": 5,
    "district": 4,
    "city": 4,
    "region": 3,
    "province": 2,
    "country": 1,
}
#: No single attack has killed more (11 September 2001: 2,977); larger tolls are whole conflicts'.
MAX_INCIDENT_TOLL = 5000
_MEMBER_NOUNS = word_set("member_nouns")
_LEAD_DATE = re.compile(r"^\s*(\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2})\s*[:\-–—]")
_SUBTYPE_RANK = {"Attack": 0, "SecurityOperation": 0, "Meeting": 1}


@dataclass
class EventDraft:
    key: str
    category: str
    event_type: str
    triggers: list[Trigger] = field(default_factory=list)
    dates: list[DateValue] = field(default_factory=list)
    reporting_dates: list[DateValue] = field(default_factory=list)
    place: EntityDraft | None = None
    roles: list[RoleAssignment] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    status: PerpStatus | None = None
    status_evidence: Evidence | None = None
    target_texts: list[str] = field(default_factory=list)
    killed: list[str] = field(default_factory=list)
    injured: list[str] = field(default_factory=list)
    denials: list[RoleAssignment] = field(default_factory=list)
    descriptors_killed: list[str] = field(default_factory=list)
    background: bool = False

    @property
    def date(self) -> DateValue | None:
        best: DateValue | None = None
        for d in self.dates:
            if best is None or compatible(best, d, 0):
                best = more_precise(best, d)
        if best is None:
            for d in self.reporting_dates:
                best = more_precise(best, d)
        return best

    def target_keys(self) -> set[str]:
        return {r.entity for r in self.roles if r.role == "target"}

    def add_role(self, role: RoleAssignment) -> None:
        if not any(r.role == role.role and r.entity == role.entity for r in self.roles):
            self.roles.append(role)


def _drop_totals_with_attackers(event: EventDraft) -> None:
    """'Suicide bombing kills five' in the headline, then 'Five people including a suicide
    bomber were killed': the headline's five is the whole count the lead splits into four
    victims and one attacker, not five victims."""
    whole: set[tuple[int, int]] = set()
    for f in event.figures:
        if f.kind != "killed":
            continue
        perps = [
            p
            for p in event.figures
            if p.kind == "perpetrators_killed" and p.evidence.sent_start == f.evidence.sent_start
        ]
        whole |= {(f.value + p.value, f.max_value + p.max_value) for p in perps}
    if whole:
        event.figures[:] = [
            f
            for f in event.figures
            if not (f.kind == "killed" and f.group == "" and (f.value, f.max_value) in whole)
        ]


def _killings_by_the_state(anchor: Token) -> bool:
    """A toll told as the forces' killing ('the police killings of two black men', 'an army
    massacre'), in a sentence that names no event: the state's act, not the attack's toll."""
    if anchor.pos_ != "NOUN":
        return False
    return any(
        c.dep_ in {"compound", "amod", "poss"} and noun_class(c.lemma_) == "security"
        for c in anchor.children
    ) or _by_the_forces(anchor)


def _by_the_forces(anchor: Token) -> bool:
    """'the fatal shooting of two black men by police': a harm noun the forces did."""
    return anchor.pos_ == "NOUN" and any(
        c.dep_ == "prep" and c.lower_ == "by" and noun_class(g.lemma_) == "security"
        for c in anchor.children
        for g in c.children
        if g.dep_ == "pobj"
    )



def _reported_before(trig: Trigger, event: EventDraft) -> bool:
    """Whether the trigger's act was told of before the event began."""
    return not trig.dates and told_before(trig.reporting_dates, event)


def told_before(reporting: list[DateValue], event: EventDraft) -> bool:
    """Whether an act with no day of its own was told of (its days of saying:
    ``reporting``) before ``event`` began ('Last November the U.S. said it struck Derna',
    beside Friday's strike): then it is an earlier act, whatever else agrees."""
    told = [r.end for r in reporting if r.end is not None]
    began = event.date.start if event.dates and event.date is not None else None
    return bool(told) and began is not None and max(told) < began


def _another(head: Token) -> bool:
    """'a second attack', 'another blast', 'a separate bombing', 'a siege at another
    hotel': not the event in focus."""
    if any(
        c.dep_ in {"amod", "det"} and c.lower_ in {"second", "another", "separate", "third"}
        for c in head.children
    ):
        return True
    sites = [
        g
        for c in head.children
        if c.dep_ == "prep" and c.lower_ in {"at", "on", "in"}
        for g in c.children
        if g.dep_ == "pobj"
    ]
    return any(
        any(d.dep_ == "det" and d.lower_ == "another" for d in site.children) for site in sites
    )


def _toll_of_untold_events(verb: Token, trigs: list[Trigger]) -> bool:
    """A toll whose subject is a plural event noun that makes no event here ('Subsequent
    suicide attacks on courthouses killed at least 25', after 'the worst since 2005') is
    those attacks' count, not the event in focus's."""
    heads = {t.head.i for t in trigs}
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if verb.dep_ in {"acl", "relcl"}:  # a misparse hangs the verb on the subject's last
        # noun; 'a participant in November attacks in Paris that killed 130': those attacks'
        subjects += [verb.head, *list(verb.head.ancestors)[:2]]
    return any(c.tag_ == "NNS" and one_event_noun(c) and c.i not in heads for c in subjects)


def _separately(sent: Span) -> bool:
    """A sentence opening 'Separately,', 'Elsewhere,', 'Meanwhile,' or 'In another
    incident,' tells of another event than the ones before it."""
    opening = [t.lower_ for t in sent[:4] if not t.is_punct]
    return (
        opening[:1] in (["separately"], ["elsewhere"], ["meanwhile"])
        or opening[:2] == ["in", "another"]
        or opening[:3] == ["in", "a", "separate"]
    )


_SPEECH = {"say", "add", "state", "tell", "write"}


_UNITS = {"day", "week", "month", "year"}  # and their plurals


def _pointed_back(head: Token) -> bool:
    """'23 children had died in that attack': 'that' or 'those' points back to something
    told before, not to the news."""
    return any(c.dep_ == "det" and c.lower_ in {"that", "those"} for c in head.children)


def _of_a_force(span: Span) -> bool:
    """Whether a demonym says whose strike or forces ('an American drone strike', 'Russian
    jets', 'Turkish troops'), not where something happened."""
    head = span.root.head
    while head.dep_ == "compound" and head.head.pos_ in {"NOUN", "PROPN"}:
        head = head.head
    lemma = head.lemma_.lower()
    forces = word_set("security_nouns") | word_set("aircraft_nouns")
    return lemma in forces | {"strike", "airstrike", "raid", "force", "army", "military"}


def _dated_from_anchor(
    trig: Trigger,
    assigned: dict[int, EventDraft],
    published: dt.date | None = None,
    news: EventDraft | None = None,
) -> list[DateValue]:
    """'The attack, which came eight months and a day after gunmen struck Paris': an earlier
    event dated by its distance from a dated one of the same sentence. With no event there,
    a clause of the present ('His resignation comes three weeks after bombers struck the
    airport') counts from the publication date, as precise as the unit of the distance, and
    one whose subject points back ('The latest round of violence came a day after …') from
    the news in focus."""
    links = [
        c
        for anc in [trig.head, *list(trig.head.ancestors)[:3]]
        for c in anc.children
        if c.dep_ in {"mark", "prep"} and c.lower_ in {"after", "before"} and c.i < trig.head.i
    ]
    for link in links:
        amount = _duration(link)
        if amount is None:
            continue
        node = link.head if link.head != trig.head else trig.head.head
        event = _anchor_event(node, assigned)
        if event is None and news is not None and _points_back(node):
            event = news  # 'The latest round of gun violence came a day after a man … shot'
        own = event.date if event is not None and event.dates else None
        if own is None and event is None and published is not None and _of_the_present(node):
            return [_back_from(published, link, amount)]
        if own is None or own.precision != "day" or own.start is None:
            continue
        months, days, precision = amount
        sign = -1 if link.lower_ == "after" else 1
        day = _add_months(own.start, sign * months) + dt.timedelta(days=sign * days)
        text = f"{link.doc[_duration_start(link) : link.i + 1].text} {own.text}"
        return [_at_precision(day, precision, text)]
    return []


def _points_back(verb: Token) -> bool:
    """Whether the clause's subject refers back to what was told ('the latest round of
    violence', 'the shooting', 'it')."""
    for subj in (c for c in verb.children if c.dep_ == "nsubj"):
        if subj.lower_ in {"it", "this"}:
            return True
        return any(c.dep_ == "det" and c.lower_ in {"the", "this"} for c in subj.children)
    return False


def _of_the_present(verb: Token) -> bool:
    """A verb in the present with no date of its own ('comes', 'has come'): the news' time."""
    if verb.pos_ not in {"VERB", "AUX"} or verb.dep_ not in {"ROOT", "ccomp"}:
        return False
    if any(c.ent_type_ in {"DATE", "TIME"} for c in verb.children):
        return False
    present = verb.tag_ in {"VBZ", "VBP"}
    perfect = verb.tag_ == "VBN" and any(
        c.dep_ == "aux" and c.tag_ in {"VBZ", "VBP"} for c in verb.children
    )
    return present or perfect


def _back_from(published: dt.date, link: Token, amount: tuple[int, int, str]) -> DateValue:
    """The publication date minus the distance: a day for days, else the week, month or year
    the unit gives (the news is a day or two older than its report)."""
    months, days, precision = amount
    day = _add_months(published, -months) - dt.timedelta(days=days)
    text = f"{link.doc[_duration_start(link) : link.i + 1].text} (from the publication date)"
    if precision in {"week", "year"} or (precision == "month" and not months):
        pass  # 'days after', 'weeks after': as precise as a few of them allow
    elif months:
        precision = "year" if months % 12 == 0 and not days else "month"
    else:
        precision = "week" if days % 7 == 0 else "day"
    return _at_precision(day, precision, text)


def _generic_plural(noun: Token) -> bool:
    """'attacks around the world': a plural with no determiner, number or owner names no
    particular acts ('the attacks', 'its two attacks' do)."""
    if noun.tag_ not in {"NNS", "NNPS"}:
        return False
    if any(c.dep_ in {"det", "nummod", "poss"} for c in noun.children):
        return False
    if claimed_with_a_toll(noun):
        return False  # 'suicide blasts that left at least 20 people dead'
    return not any(  # 'blasts that struck a Damascus suburb on Saturday': those of a day
        c.dep_ in {"relcl", "acl"} and any(t.ent_type_ in {"DATE", "TIME"} for t in c.subtree)
        for c in noun.children
    )


def _relative_antecedent(verb: Token, subj: Token) -> list[Token]:
    """'Islamic State, the group that later claimed responsibility': the words of the noun a
    relative clause's 'that'/'who' stands for (and of the name it is in apposition to),
    without the clause itself; none when the subject is no relative pronoun."""
    if verb.dep_ != "relcl" or subj.tag_ not in {"WDT", "WP"}:
        return []
    noun = verb.head
    if noun.dep_ == "appos":
        noun = noun.head
    clause = {t.i for t in verb.subtree}
    return [t for t in noun.subtree if t.i not in clause]


def _anchor_event(node: Token, assigned: dict[int, EventDraft]) -> EventDraft | None:
    """The event of the clause a gap hangs on: the verb's trigger, its subject's, or the noun a
    relative clause describes ('the attack, which came … after')."""
    for _ in range(3):
        cands = [node, *(c for c in node.children if c.dep_ in {"nsubj", "nsubjpass"})]
        if node.dep_ == "relcl":
            cands.append(node.head)
        event = next((assigned[c.i] for c in cands if c.i in assigned), None)
        if event is not None or node.dep_ != "conj":
            return event
        node = node.head
    return None


_COUNT_WORDS = {"a", "an", "and", "one"}


def _unit(word: str) -> str:
    """'months' → 'month'; '' for a word that is no unit of time."""
    return word[:-1] if word.endswith("s") and word[:-1] in _UNITS else word * (word in _UNITS)


def _duration_start(link: Token) -> int:
    i = link.i
    doc = link.doc
    while i > 0 and (
        _unit(doc[i - 1].lower_) or doc[i - 1].lower_ in _COUNT_WORDS or doc[i - 1].like_num
    ):
        i -= 1
    return i


#: 'days/weeks/months after' with no count: a few of them, at the precision they allow
_SOME: dict[str, tuple[int, int, str]] = {
    "day": (0, 4, "week"),
    "week": (0, 21, "month"),
    "month": (4, 0, "year"),
}


#: a sentence opening with the day before or after the one just told
_DAY_FROM_LAST = re.compile(
    r"(?:(?:the|a) day (?:before|earlier)|the previous day|(?:the|a) night before"
    r"|(?P<later>(?:the|a) day later|the (?:next|following) day))\b",
    re.IGNORECASE,
)


def _at_precision(day: dt.date, precision: str, text: str) -> DateValue:
    if precision == "year":
        return DateValue(day.year, None, None, "year", text)
    if precision == "month":
        return DateValue(day.year, day.month, None, "month", text)
    if precision == "week":
        monday = day - dt.timedelta(days=day.weekday())
        return DateValue(monday.year, monday.month, monday.day, "week", text)
    return DateValue(day.year, day.month, day.day, "day", text)


def _duration(link: Token) -> tuple[int, int, str] | None:
    """'eight months and a day' before 'after': (months, days, precision)."""
    words = [t.lower_ for t in link.doc[_duration_start(link) : link.i]]
    if not any(_unit(w) for w in words):
        return None
    months = days = 0
    count: int | None = None
    if len(words) == 1 and words[0].endswith("s") and _unit(words[0]) in _SOME:
        return _SOME[_unit(words[0]) or ""]  # 'days after': a few, as precise as that allows
    for w in words:
        if _unit(w):
            if count is None:
                return None  # 'two or three months after': how many is unsaid
            kind = _unit(w)
            months += count * {"month": 1, "year": 12}.get(kind, 0)
            days += count * {"day": 1, "week": 7}.get(kind, 0)
            count = None
        elif w in {"a", "an", "one"}:
            count = 1
        elif w != "and":
            value = word_value([w])
            if value is None or value[0] != value[1]:
                return None
            count = value[0]
    return months, days, "day" if days or not months else "month"


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _share_conjuncts(trigs: list[Trigger]) -> None:
    """'the Nov. 13 bombing and shooting rampage in Paris': nouns joined by 'and' name one
    event, so its date and place are both's."""
    by_head = {t.head.i: t for t in trigs}
    by_start = {t.span.start: t for t in trigs}
    for t in trigs:
        other = by_head.get(t.head.head.i) if t.head.dep_ == "conj" else None
        end = t.span.end
        if other is None and end + 1 < len(t.span.doc) and t.span.doc[end].lower_ == "and":
            # the parser often misses it: 'the bombing and shooting rampage'
            other = by_start.get(end + 1) or by_start.get(end + 2)
        if other is None or t.head.pos_ != "NOUN" or other.head.pos_ != "NOUN":
            continue
        if other.category != t.category or t.gap != other.gap:
            continue
        for a, b in ((t, other), (other, t)):
            if not a.dates:
                a.dates.extend(b.dates)
            if not a.places:
                a.places.extend(b.places)


def _harm_told(sent: Span) -> bool:
    """Whether a sentence tells of killing, wounding or fighting."""
    return harm_in(sent) or any(is_two_sided(t) for t in sent)


def _clause_verb(tok: Token) -> Token | None:
    return next((a for a in [tok, *tok.ancestors] if a.pos_ in {"VERB", "AUX"}), None)


def _argument_of(tok: Token, verb: Token | None) -> bool:
    """Whether a place is the verb's own 'in/at/near X' ('were killed in the attack in X')."""
    node = tok
    while node.dep_ in {"compound", "appos", "conj"} and node.head != node:
        node = node.head
    return node.dep_ == "pobj" and node.head.dep_ == "prep" and node.head.head == verb


def _exchanged(head: Token) -> bool:
    """'Several exchanges of gunfire rang out': shots traded are a fight, told again."""
    prep = head.head
    return head.dep_ == "pobj" and prep.lower_ == "of" and is_two_sided(prep.head)


def _tolls_meet(low: int, high: int, qualifier: str, toll: Figure) -> bool:
    """Whether two counts of the dead may be one event's: their ranges overlap, an open
    count ('at least 9', 'more than 40') reaching up to any higher one, and an approximate
    one ('about 50') a fifth either way."""

    def span(lo: int, hi: int, qual: str) -> tuple[float, float]:
        if qual in {"at_least", "more_than"}:
            return lo, float("inf")
        if qual == "up_to":
            return 0, hi
        if qual == "about":
            return lo * 0.8, hi * 1.2
        return lo, hi

    a_lo, a_hi = span(low, high, qualifier)
    b_lo, b_hi = span(toll.value, toll.max_value, toll.qualifier)
    return a_lo <= b_hi and b_lo <= a_hi


def tolls_apart(host: EventDraft, frag: EventDraft) -> bool:
    """Whether an event introduced as new ('a shooting', 'an attack') counts its dead so
    differently from another that the two cannot be one."""
    if not frag.triggers or not all(
        _indefinite(t.head) and t.head.pos_ == "NOUN" for t in frag.triggers
    ):
        return False
    tolls = [f for f in host.figures if f.kind == "killed"]
    own = [f for f in frag.figures if f.kind == "killed"]
    return bool(tolls and own) and not any(
        _tolls_meet(f.value, f.max_value, f.qualifier, t) for f in own for t in tolls
    )


def _indefinite(head: Token) -> bool:
    """'an operation', 'a raid': introduced as new, not referring back."""
    return any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in head.children)


def _an_example(head: Token) -> bool:
    """'jihadists have attacked hotels before, including a devastating attack on a hotel in
    November': an example of earlier acts, introduced as one of them."""
    prep = head.head if head.dep_ == "pobj" else None
    return prep is not None and prep.lower_ in {"including", "like", "as"} and _indefinite(head)


def _sweep(head: Token) -> bool:
    """'a clearance operation', 'a search operation': what forces do after an attack."""
    mods = {t.lower_ for c in head.children if c.dep_ in {"amod", "compound"} for t in c.subtree}
    return bool(mods & word_set("sweep_modifiers"))


def _all_wounded(cas: Casualty) -> Quantity | None:
    """Everyone a casualty counts as wounded when attackers are among them ('two police
    officers and three assailants were injured': five). The injured figure counts the
    wounded whole, attackers included, as incident databases do; ``perpetrators_injured``
    says how many of them were attackers. The dead are split instead (``killed`` counts
    victims, ``perpetrators_killed`` the attackers)."""
    perps, victims = cas.perp_quantity, cas.quantity
    if perps is None:
        return None
    if victims is None:
        return perps
    vague = {"at_least", "more_than"} & {perps.qualifier, victims.qualifier}
    qualifier: Qualifier = "at_least" if vague else victims.qualifier
    return Quantity(victims.low + perps.low, victims.high + perps.high, qualifier)


def _victim_group(head: Token | None) -> str:
    """'soldiers' → security, 'civilians' → civilian; 'people' counts everyone ("")."""
    if head is None or head.lemma_.lower() in word_set("total_victim_nouns"):
        return ""
    if any(c.dep_ == "conj" for c in head.children):
        return ""  # 'an official and a passerby were killed': both groups, counted together
    return token_class(head) or ""


def _acted_on_verbs() -> frozenset[str]:
    """Verbs whose passive agent acted on the event, not in it ('foiled by troops')."""
    return word_set("defence_verbs") | word_set("response_verbs") | word_set("reporting_verbs")


#: the four sides a compass word ('northern', 'north-east') is made of
_SIDES = ("north", "south", "east", "west")


def _points(word: str) -> str:
    """'northeastern' → 'ne', 'west' → 'w', any other word → ''."""
    if word not in word_set("compass_words"):
        return ""
    stem = word.removesuffix("ern").replace("-", "")
    return "".join(side[0] for side in _SIDES if side in stem)


#: a town's own force: '<Town> Police Department', '<Town> Sheriff's Office'
_LOCAL_FORCES = frozenset({"police", "sheriff", "sheriff's", "sheriff’s"})
_ELIDED_NAME = re.compile(r"^[a-z]['’][A-Z]")
#: the sentences after the headline that tell its news (the lead)
_LEAD_SENTENCES = 3
#: a first line longer than this is a paragraph, not a headline
_HEADLINE_TOKENS = 40


class EventBuilder:
    """Reads an article sentence by sentence and keeps the event in focus."""

    def __init__(self, ctx: ArticleContext, meta: dict[str, dict[str, Any]]) -> None:
        self.ctx = ctx
        self.meta = meta
        self.events: list[EventDraft] = []
        self.current: EventDraft | None = None
        self.pending: list[tuple[int, Casualty]] = []  # tolls read before any event
        self.sent_no = 0
        self._group_spoke = False  # the previous sentence quoted the perpetrators
        self._tolls: dict[int, list[Casualty]] = {}  # sentence start → its tolls

    # -- assembly ---------------------------------------------------------------------

    def run(self) -> list[EventDraft]:
        """Read every sentence, then finish the events (dates, places, victims)."""
        self.read()
        self.finish()
        return self.events

    def read(self) -> list[EventDraft]:
        """Group the article's triggers into events, sentence by sentence."""
        triggers = usable_triggers(self.ctx, self.meta)
        if not triggers:  # events start at triggers: tolls and claims would attach to nothing
            return self.events
        by_sent: dict[int, list[Trigger]] = {}
        for t in triggers:
            by_sent.setdefault(t.head.sent.start, []).append(t)
        for sent in self.ctx.doc.sents:
            trigs = by_sent.get(sent.start, [])
            self._read_sentence(sent, trigs)
        return self.events

    def _read_sentence(self, sent: Span, trigs: list[Trigger]) -> None:
        attach_dates(self.ctx, sent, trigs)
        self._a_day_from_the_last(sent, trigs)
        attach_places(self.ctx, sent, trigs)
        _share_conjuncts(trigs)
        assigned: dict[int, EventDraft] = {}
        for trig in trigs:
            attach_targets(self.ctx, trig)
            attach_agencies(self.ctx, sent, trig)
            if trig.gap and not trig.dates:
                news = self.current if self.current and not self.current.background else None
                trig.dates.extend(
                    _dated_from_anchor(trig, assigned, self.ctx.article.published, news)
                )
            assigned[trig.head.i] = self._assign(trig)
        self._keep_news_in_focus(trigs, assigned)
        focus = self.current
        self.sent_no += 1
        violent = [e for e in assigned.values() if e.category != "other"]
        if violent:  # a memorial service does not take the toll told before it
            self._flush_pending(violent[0])
        own_toll = self._perpetrators_voice(sent)
        for cas in self._casualties(sent):
            if own_toll and not self._told_by_others(cas.anchor):
                continue  # 'It added that 15 people were killed': the claimants' count
            if tally_verb(cas.anchor):
                continue  # 'attacks that have killed hundreds': many events' count
            if _toll_of_untold_events(cas.anchor, trigs):
                continue  # 'Subsequent suicide attacks on courthouses killed at least 25'
            if self._toll_across_towns(cas, trigs):
                continue  # '65 killed in multiple attacks in the cities of Tartus and Jableh'
            event = self._event_for_casualty(cas, trigs, assigned)
            if event is None and self._dated_apart(sent, focus):
                continue  # 'a couple killed 14 on Dec. 2', in an article on Friday's assault
            if event is None and self._victims_of_elsewhere(cas, focus):
                continue  # 'a memorial for the five Dallas police officers killed …'
            if event is None and _killings_by_the_state(cas.anchor):
                continue  # 'unrest over the police killings of two black men'
            if event is not None and event.category == "attack" and _by_the_forces(cas.anchor):
                continue  # 'rallies to protest against the fatal shooting … by police'
            event = event or focus
            if event is not None:
                self._add_casualty(event, cas)
                if not trigs:
                    self._place_of_the_harm(event, cas, sent)
            else:
                self.pending.append((self.sent_no, cas))
        self._claims(sent, trigs, assigned)

    def _a_day_from_the_last(self, sent: Span, trigs: list[Trigger]) -> None:
        """'A gunman killed five officers in Dallas on Thursday. The day before, police in
        Baton Rouge shot dead a man': a sentence opening with a day counted from the one just
        told dates its acts from the event in focus's day."""
        match = _DAY_FROM_LAST.match(sent.text.lstrip())
        cur = self.current
        if match is None or cur is None or not cur.dates:
            return
        own = cur.date
        if own is None or own.precision != "day" or own.start is None:
            return
        sign = 1 if match.group("later") else -1
        day = own.start + dt.timedelta(days=sign)
        for trig in trigs:
            if not trig.dates and not trig.gap:
                trig.dates.append(_at_precision(day, "day", f"{match.group(0)} ({own.text})"))

    def _place_of_the_harm(self, event: EventDraft, cas: Casualty, sent: Span) -> None:
        """'A deputy … was shot inside a restaurant in Abingdon, about 25 miles northeast of
        Baltimore' after 'gunfire at a Baltimore-area restaurant': a sentence that tells the
        event's harm with no act of its own (no doer named) still says where it happened. A
        town there refines the event's place as a trigger's would: one inside it, one in a
        place the gazetteer does not know, or one the text locates from it."""
        if event.background or event.category == "other" or cas.anchor.pos_ != "VERB":
            return
        if event.place is None:
            return  # a place of its own is for the event's own sentences to give
        i = cas.anchor.i
        probe = Trigger(sent.doc[i : i + 1], cas.anchor, event.category, event.event_type,
                        False, False)  # fmt: skip
        attach_places(self.ctx, sent, [probe])
        probe.places = [p for p in probe.places if p.kind in {"city", "district"}]
        probe.localities = []  # towns only: not 'the city's Model Town area' of another act
        current = event.place
        if probe.places and current.kind == "locality" and not (
            current.gazetteer_id or current.parent
        ):  # 'a Mississippi Gulf town': a place the gazetteer does not know
            event.place = max(probe.places, key=self._specificity)
        self._merge_place(event, probe)  # a town inside it, or located from it

    def _toll_across_towns(self, cas: Casualty, trigs: list[Trigger]) -> bool:
        """A toll of plural attacks placed in two towns apart is their sum: no one of the
        towns' events has it (each is told, or left untold, on its own)."""
        for trig in trigs:
            if trig.head.tag_ not in {"NNS", "NNPS"} or trig.head not in cas.anchor.sent:
                continue
            towns = [p for p in trig.places if p.kind in {"city", "district"}]
            if any(not self._same_area(a, b) for a in towns for b in towns if a.key != b.key):
                return True
        return False

    def _victims_of_elsewhere(self, cas: Casualty, focus: EventDraft | None) -> bool:
        """Whether the dead or hurt are named as another town's ('the five Dallas police
        officers killed', in an article on Baton Rouge): a toll of another event."""
        if focus is None or focus.place is None or cas.np_head is None:
            return False
        towns = [
            e
            for c in cas.np_head.children
            if c.dep_ in {"compound", "amod", "nmod"}
            and (e := self.ctx.entity_at(c)) is not None
            and e.type == "Place"
            and e.kind not in {"country", None}
        ]
        return bool(towns) and not any(self._same_area(focus.place, t) for t in towns)

    def _meet(self, a: DateValue, b: DateValue) -> bool:
        """Two dates of one article that may name one event. 'Last week' is never the day
        of publication: on a Sunday the week now ending holds that day too."""
        if not compatible(a, b):
            return False
        published = self.ctx.article.published
        for week, day in ((a, b), (b, a)):
            if (
                week.precision == "week"
                and re.match(r"(last|past|previous)\b", (week.text or "").lower())
                and day.precision == "day"
                and day.start == published
            ):
                return False
        return True

    def _dated_apart(self, sent: Span, event: EventDraft | None) -> bool:
        """Whether a sentence dates what it tells away from the event in focus (or, for an
        undated event of the news, well before the news)."""
        if event is None:
            return False
        own = event_dates_in(self.ctx, sent)
        if not own:
            return False
        if not event.dates:
            published = self.ctx.article.published
            return not event.background and all(ended_before_news(d, published) for d in own)
        return not any(self._meet(d, e) for d in own for e in event.dates)

    def _keep_news_in_focus(self, trigs: list[Trigger], assigned: dict[int, EventDraft]) -> None:
        """'Police killed a gunman in a raid … linked to the militants behind November's
        attacks': an earlier event named in passing in a sentence about the news does not
        take the focus from it, so 'the raid' next is still the raid."""
        events = [assigned[t.head.i] for t in trigs if t.head.i in assigned and not t.gap]
        if len(events) < 2 or self.current is None or self._news_in_focus(self.current):
            return
        self.current = next((e for e in events if self._news_in_focus(e)), self.current)

    def _told_by_others(self, anchor: Token) -> bool:
        """Whether the nearest speaker above the toll is not an armed group ('IS claimed
        responsibility for blasts that a monitoring group said left 20 dead')."""
        for verb in anchor.ancestors:
            if verb.lemma_.lower() not in _SPEECH or verb.pos_ not in {"VERB", "AUX"}:
                continue
            speaker = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if speaker is None or speaker.lower_ in {"it", "they"}:
                return False
            ent = self.ctx.entity_at(speaker)
            return not (ent is not None and ent.kind == "armed_group") and (
                noun_class(speaker.lemma_) != "perpetrator"
            )
        return False

    def _perpetrators_voice(self, sent: Span) -> bool:
        """Whether the sentence is the perpetrators' own statement ('the group said in a
        statement … It added that 15 people were killed'): a claimed toll is propaganda, not
        a count, as coders treat it. 'It'/'they' continue the previous sentence's speaker."""
        verb = next(
            (
                t
                for t in sent
                if t.lemma_.lower() in _SPEECH
                and t.pos_ in {"VERB", "AUX"}
                and any(c.dep_ == "nsubj" for c in t.children)
            ),
            None,
        )
        # the subject nearest the verb: 'A gunman killed 20 …, officials said' may hang both
        # 'gunman' and 'officials' on 'said'
        speaker = (
            min(
                (c for c in verb.children if c.dep_ == "nsubj"),
                key=lambda c: abs(c.i - verb.i),
            )
            if verb is not None
            else None
        )
        if speaker is None:
            self._group_spoke = False
            return False
        if speaker.lower_ in {"it", "they"}:
            return self._group_spoke
        ent = self.ctx.entity_at(speaker)
        self._group_spoke = (ent is not None and ent.kind == "armed_group") or (
            ent is None
            and (speaker.lemma_.lower() == "group" or noun_class(speaker.lemma_) == "perpetrator")
        )
        return self._group_spoke

    def _flush_pending(self, event: EventDraft) -> None:
        """'At least 30 people died … The attack targeted …': a toll given before the event is
        named belongs to the event named right after it.
        The toll of the headline or the lead is the news's toll however late the article names
        the event ('One firefighter was killed …', then six sentences on '… were met with
        gunfire'), unless that event is an older one."""
        for sent_no, cas in self.pending:
            near = self.sent_no - sent_no <= 2
            lead = sent_no <= 2 and not self._long_before(event)
            if (near or lead) and not self._dated_apart(cas.anchor.sent, event):
                self._add_casualty(event, cas)
        self.pending.clear()

    def _assign(self, trig: Trigger) -> EventDraft:
        cur = self.current
        fight = (
            is_two_sided(trig.head) or _exchanged(trig.head) or self._shots_of_the_fight(trig, cur)
        )  # 'killed in the exchange of gunfire': the fight's shots
        if fight and cur is not None and self._news_in_focus(cur) and self._could_be(trig, cur):
            # 'During the gun battle, three terrorists were killed': the operation's fight;
            # 'killed in the ensuing clashes': the attack's
            trig.category, trig.event_type = cur.category, cur.event_type
        elif cur is not None and self._same_word_again(trig, cur):
            trig.category, trig.event_type = cur.category, cur.event_type
        self._refers_back(trig)
        event = self._response_of_current(trig) or self._best_match(trig)
        if event is None:
            event = EventDraft(f"v{len(self.events) + 1}", trig.category, trig.event_type)
            # 'that attack' with nothing told before to point back to: an earlier event
            event.background = trig.gap or _pointed_back(trig.head)
            self.events.append(event)
        self._merge(event, trig)
        if not trig.gap:
            self.current = event
        return event

    def _could_be(self, trig: Trigger, cur: EventDraft) -> bool:
        """Whether a trigger may tell of the event in focus: its own day and place, if it
        gives them, agree ('On Thursday, 15 militants were killed in clashes in Sirnak'
        after Friday's fighting in Hakkari is another fight)."""
        if trig.dates and cur.dates and not self._dates_meet(trig, cur):
            return False
        return self._places_compatible(cur.place, trig.places)

    def _same_word_again(self, trig: Trigger, cur: EventDraft) -> bool:
        """'Boko Haram kills dozens in raid … injured in the Saturday night raid': the raid
        named again, with nobody named as raiding, is the one in focus, whoever raided."""
        if not trig.definite or trig.category == cur.category or trig.agencies:
            return False
        if any(
            t.pos_ in {"NOUN", "PROPN"} and t.ent_type_ not in {"DATE", "TIME"}
            for t in agent_tokens(trig.head)
        ):
            return False  # 'the army's raid', 'the Taliban raid': someone named as raiding
        return any(t.head.lemma_ == trig.head.lemma_ for t in cur.triggers)

    def _refers_back(self, trig: Trigger) -> None:
        """'Emory University in Atlanta, Georgia, said two of its students were killed in
        the attack': an undated 'the attack' is the event in focus; the places of the
        sentence that are not the attack's own (in its phrase or its clause) are someone
        else's."""
        cur = self.current
        if not trig.definite or trig.dates or trig.gap or cur is None or cur.place is None:
            return
        if cur.category != trig.category or self._places_compatible(cur.place, trig.places):
            return
        verb = _clause_verb(trig.head)
        if not any(
            trig.head in t.ancestors or _argument_of(t, verb)
            for p in trig.places
            for span in p.spans
            if span.sent == trig.head.sent
            for t in span
        ):
            trig.places.clear()

    def _shots_of_the_fight(self, trig: Trigger, cur: EventDraft | None) -> bool:
        """'Two officers were wounded in a shootout … The shooting began after police chased
        the man': the shooting of a fight in focus is that fight."""
        if cur is None:
            return False
        struck = trig.head.lemma_.lower() == "attack" and any(
            t.head.lemma_.lower() in word_set("fired_words") for t in cur.triggers
        )  # 'Jets bombed a clinic … called the clinic attack a crime': the strike named
        named_shots = struck or trig.head.lemma_.lower() in {"shooting", "killing"}
        doers = [  # not 'the Finicum shooting' (who was shot), nor 'the clinic attack'
            t
            for t in agent_tokens(trig.head)
            if t.pos_ in {"NOUN", "PROPN"}
            and not self._person(t)
            and not (
                struck  # its own phrase, not 'a statement by the Red Cross called the attack …'
                and (t not in trig.head.subtree or not (noun_class(t.lemma_) or self._named(t)))
            )
        ]
        if (
            cur.category == "security_operation"
            and trig.definite
            and named_shots
            and not (trig.dates or trig.places or trig.agencies or doers)
        ):
            return True  # 'killed by police, … calling the shooting justified': theirs
        if not any(is_two_sided(t.head) for t in cur.triggers):
            return False
        if any(is_two_sided(t) and ensuing(t) for t in trig.head.sent):
            return True  # 'In the subsequent exchange of fire, one officer was shot'
        shots = trig.head.lemma_.lower() in {"shooting", "gunfire", "firing", "shot"}
        dated_apart = bool(trig.dates and cur.dates) and not any(
            self._meet(d, e) for d in trig.dates for e in cur.dates
        )
        bare = not (trig.dates or trig.places or trig.targets) and not _another(trig.head)
        # 'because a shooting took place, the state police took over': no day, place or
        # target of its own, so the shots of the fight in focus
        return shots and (trig.definite or _exchanged(trig.head) or bare) and not dated_apart

    def _named(self, tok: Token) -> bool:
        return self.ctx.entity_at(tok) is not None

    def _person(self, tok: Token) -> bool:
        ent = self.ctx.entity_at(tok)
        return ent is not None and ent.type == "Person"

    def _news_in_focus(self, event: EventDraft) -> bool:
        """The event in focus is violent and not an earlier one the article recalls
        ('the fugitive from November's Paris attacks was arrested after a shootout')."""
        if event.category == "other":
            return False
        own = event.date if event.dates else None
        return not ended_before_news(own, self.ctx.article.published)

    def _response_of_current(self, trig: Trigger) -> EventDraft | None:
        cur = self.current
        if trig.category != "security_operation" or cur is None:
            return None
        if cur.category != "attack":
            return self._swept_attack(trig)
        if self._attacker_stopped(trig, cur) or self._ends_the_siege(trig, cur):
            return cur  # 'man kills parents, shot dead by police': the attack's end
        if trig.definite and not (trig.dates or trig.places) and not _harm_told(trig.head.sent):
            return cur  # 'the army is assisting us in the operation': the attack's aftermath
        if trig.definite and not (trig.dates or trig.places) and not self._operation_told():
            return cur  # 'the operation was carried out in phases': the attack's ending
        if trig.agencies or trig.dates or _another(trig.head):
            return None
        if _indefinite(trig.head) and not _sweep(trig.head) and self._placed(trig):
            return None  # 'An intelligence-based operation was conducted in …': a new one
        if trig.places and not self._places_compatible(cur.place, [self._most_specific(trig)]):
            return None  # 'jets stepped up their bombing in northern Syria's Aleppo'
        return cur

    def _ends_the_siege(self, trig: Trigger, cur: EventDraft) -> bool:
        """'Police stormed the restaurant on Saturday to free 20 hostages': the assault that
        ends a siege belongs to the attack (as coders have it), within a day or two of it."""
        purpose = {"free", "rescue", "end", "retake", "reclaim", "liberate", "release"}
        head = trig.head
        holders = [head]
        if head.dep_ in {"dobj", "nsubj", "nsubjpass"} and head.head.pos_ == "VERB":
            holders.append(head.head)  # 'forces began the assault to retake the hotel'
        freed_in = (
            head.dep_ == "pobj" and head.head.dep_ == "prep"
            and head.head.head.lemma_.lower() in purpose
        )  # 'hostages were freed during an operation'  # fmt: skip
        if not freed_in and not any(
            c.dep_ in {"advcl", "xcomp"} and c.lemma_.lower() in purpose
            for h in holders
            for c in h.children
        ):
            return False
        days = [d.start for d in cur.dates if d.start] + [d.start for d in trig.dates if d.start]
        return not days or (max(days) - min(days)).days <= 2

    def _operation_told(self) -> bool:
        """Whether the article has told of a security operation of its own before."""
        return any(e.category == "security_operation" for e in self.events)

    def _attacker_stopped(self, trig: Trigger, cur: EventDraft) -> bool:
        """Whether the state's shooting is of the attacker of the attack in focus (the
        annotation guide's 'gunmen shot by police while it happens' are the attack's):
        'he was shot dead by police', 'the gunman was killed', or a verb sharing the
        attack's subject ('Arizona man kills parents, siblings, shot dead by police')."""
        head = trig.head
        if head.pos_ != "VERB" or (
            trig.dates
            and cur.dates
            and not any(self._meet(d, e) for d in trig.dates for e in cur.dates)
        ):
            return False
        victims = [c for c in head.children if c.dep_ in {"nsubjpass", "dobj"}]
        if any(
            v.lower_ in {"he", "she", "they", "him", "her", "them"}
            or (noun_class(v.lemma_) == "perpetrator" and v.tag_ == "NN")
            for v in victims
        ):
            return True
        if head.dep_ == "conj" and not victims:
            first = head.head
            return any(t.head.i == first.i and t.category == "attack" for t in cur.triggers)
        return at_the_end_of_an_attack(head)

    def _most_specific(self, trig: Trigger) -> EntityDraft:
        return max(trig.places, key=self._specificity)

    def _placed(self, trig: Trigger) -> bool:
        """Whether the trigger's sentence puts something below country level: an operation
        'in a timely operation' with no place is the response to the attack in focus."""
        return bool(trig.places) or any(
            e.type == "Place" and e.kind != "country" for e in self.ctx.entities_in(trig.head.sent)
        )

    def _swept_attack(self, trig: Trigger) -> EventDraft | None:
        """'A search operation was under way in Tank' after other news: the sweep answers
        the latest reported attack where it is searching."""
        if not _sweep(trig.head) or trig.agencies or trig.dates or not trig.places:
            return None
        attacks = [
            e
            for e in self.events
            if e.category == "attack" and self._news_in_focus(e) and e.place is not None
        ]
        return next(
            (e for e in reversed(attacks) if self._places_compatible(e.place, trig.places)), None
        )

    def _best_match(self, trig: Trigger) -> EventDraft | None:
        cur = self.current
        if (
            trig.gap
            and trig.definite
            and right_after_link(trig.head)
            and cur is not None
            and cur.category == trig.category
            and not (trig.dates and cur.dates and not self._dates_meet(trig, cur))
        ):
            return cur  # 'hours after the blast': the blast in focus, not an earlier one
        if _another(trig.head):
            return None  # 'a second attack took place', 'another blast': a new event
        self._dated_by_claim(trig)
        best, best_score = None, 0
        sent = trig.head.sent
        for event in self.events:
            if _separately(sent) and any(t.head.sent != sent for t in event.triggers):
                continue  # 'Separately, three soldiers were killed in …': not an earlier one
            score = self._score(event, trig)
            if score > best_score:
                best, best_score = event, score
        return best

    def _score(self, event: EventDraft, trig: Trigger) -> int:
        if event.category != trig.category:
            return 0
        if (
            trig.dates
            and event.dates
            and not any(self._meet(d, e) for d in trig.dates for e in event.dates)
        ):
            return 0
        if _reported_before(trig, event):
            return 0  # 'Last November the U.S. said it struck Derna': not this week's strike
        published = self.ctx.article.published
        if (
            event.background
            and not event.dates
            and trig.dates
            and not any(ended_before_news(d, published) for d in trig.dates)
        ):
            return 0  # 'Sunday's shootings' are the news, not the earlier attack recalled
        where = event.place
        if where is None and event.category == "security_operation" and not event.background:
            where = self._dateline_place()  # a raid told without a place is the dateline's
            where = where if where is not None and where.kind != "country" else None
        if not self._places_compatible(where, trig.places) or self._another_town(where, trig):
            return 0
        if self._recalls_older(event, trig) or self._toll_of_its_own(event, trig):
            return 0
        if self._beyond_headline(event, trig):
            return 0
        if (
            self._long_before(event)
            and event.place is None
            and trig.places
            and not (trig.gap or trig.definite or trig.dates)
        ):
            return 0  # 'an attack on a naval base in Turbat' is not the unplaced 2021 bombing
        score = 1
        if event is self.current:
            score += 2 + 2 * trig.definite
        if trig.targets and {t.key for t in trig.targets} & event.target_keys():
            score += 3
        if {t.head.lemma_ for t in event.triggers} & {trig.head.lemma_}:
            score += 1
        if trig.gap and not (trig.targets or trig.dates):
            score -= 2
        if _shared_words(event.target_texts, trig.target_texts):
            score += 2
        if trig.gap and event is self.current:
            score -= 3
        return score

    def _beyond_headline(self, event: EventDraft, trig: Trigger) -> bool:
        """An undated event the headline alone told ('IS bombing of Baghdad market') is the
        news of the lead; a dated act with a place of its own told further down ('in Abu
        Ghraib … earlier Sunday, an attack by IS militants') is another act, however near
        its place. (The document stage joins the headline to the dated report it heads.)"""
        if event.dates or not trig.dates or not trig.places:
            return False
        lines = self._headline_lines()
        if not all(t.head.i < lines for t in event.triggers):
            return False
        sents = [s for s in self.ctx.doc.sents if s.start >= lines][:_LEAD_SENTENCES]
        return not any(s.start <= trig.head.i < s.end for s in sents)

    def _headline_lines(self) -> int:
        """The token where the article's first line (its headline) ends."""
        doc = self.ctx.doc
        for tok in doc[:_HEADLINE_TOKENS]:
            if "\n" in tok.whitespace_ or "\n" in tok.text:
                return tok.i + 1
        return 0

    def _toll_of_its_own(self, event: EventDraft, trig: Trigger) -> bool:
        """'victims of a shooting at a community college where nine people were killed', in
        an article on a massacre of 49: an event introduced as new ('a …') with a death toll
        of its own that no toll of the event agrees with is another event; so is one dated
        well before the news ('a gunman killed 20 children … in December 2012')."""
        published = self.ctx.article.published
        recalled = bool(trig.dates) and all(ended_before_news(d, published) for d in trig.dates)
        new = _indefinite(trig.head) and trig.head.pos_ == "NOUN"
        if not (new or (recalled and not event.dates and not event.background)):
            return False
        tolls = [f for f in event.figures if f.kind == "killed"]
        if not tolls:
            return False
        subtree = {t.i for t in trig.head.subtree}
        for cas in self._casualties(trig.head.sent):
            q = cas.quantity
            if cas.outcome != "killed" or q is None or cas.anchor.i not in subtree:
                continue
            if not any(_tolls_meet(q.low, q.high, q.qualifier, f) for f in tolls):
                return True
        return False

    def _casualties(self, sent: Span) -> list[Casualty]:
        """The sentence's tolls, read once however many triggers ask."""
        if sent.start not in self._tolls:
            self._tolls[sent.start] = sentence_casualties(self.ctx, sent)
        return self._tolls[sent.start]

    def _long_before(self, event: EventDraft) -> bool:
        """An earlier event the article recalls, dated well before its news."""
        published = self.ctx.article.published
        return bool(event.dates) and all(ended_before_news(d, published) for d in event.dates)

    def _dated_by_claim(self, trig: Trigger) -> None:
        """'Islamic State last week claimed their first attack …': a claim made before the
        event in focus happened is of another, earlier attack, dated by the claim."""
        verb, cur = trig.head.head, self.current
        if trig.dates or trig.head.dep_ != "dobj" or verb.lemma_.lower() != "claim":
            return
        days = [e.start for e in cur.dates if e.start is not None] if cur else []
        if cur is None or not days:
            return
        for ent in verb.sent.ents:
            if ent.label_ != "DATE" or verb.i not in {ent.root.head.i, ent.root.head.head.i}:
                continue
            said = parse_date(ent.text, self.ctx.article.published)
            if said is None or said.start is None:
                continue
            if not any(self._meet(said, e) for e in cur.dates) and said.start < min(days):
                trig.dates.append(said)
                return

    def _dates_meet(self, trig: Trigger, event: EventDraft) -> bool:
        return any(self._meet(d, e) for d in trig.dates for e in event.dates)

    def _recalls_older(self, event: EventDraft, trig: Trigger) -> bool:
        """'Explosion reported in central Istanbul … In October, explosions killed about 100
        people': an indefinite mention dated well before the news is another, earlier event,
        not the date of the undated, indefinite news that came first. After a news told as
        'the attack', a mention with a year and a town of its own ('a man who shot three
        guards in Leeds in March 2019') is another one too; without a town it may be the
        news's own day ('the attack … it began in March 2019')."""
        if event.dates or trig.definite or not trig.dates or event.background:
            return False
        if any(t.definite for t in event.triggers) and not (trig.places or _an_example(trig.head)):
            return False
        published = self.ctx.article.published
        return all(ended_before_news(d, published) for d in trig.dates)

    def _another_town(self, place: EntityDraft | None, trig: Trigger) -> bool:
        """'… in the rebel-held town of Kafrnaha, an air strike hit a hospital', after
        strikes placed in Aleppo: a town the gazetteer lacks, named as the trigger's own,
        is not the known city (or the part of it) the event already has."""
        if place is None or place.kind not in {"city", "district", "locality"}:
            return False
        if not trig.settlements or trig.definite:
            return False
        chain = place_chain(self.ctx, place)
        city = next((p for p in chain if p.gazetteer_id), None)
        if city is None or city.kind != "city":
            return False  # 'in Yamhill County, Oregon' then 'in the city of Newberg': inside
        known = {normalise(p.label) for p in chain}
        return all(normalise(town.text) not in known for town in trig.settlements)

    def _places_compatible(self, place: EntityDraft | None, cands: list[EntityDraft]) -> bool:
        if place is None or not cands:
            return True
        return any(
            self._same_area(place, c) or any(located_from(sp, place) for sp in c.spans)
            for c in cands
        )  # 'in Aurora, about 10 miles east of Denver': near the event's city, and more precise

    def _same_area(self, a: EntityDraft, b: EntityDraft) -> bool:
        return same_area(self.ctx, a, b)

    def _merge(self, event: EventDraft, trig: Trigger) -> None:
        event.triggers.append(trig)
        if _SUBTYPE_RANK.get(event.event_type, 2) < _SUBTYPE_RANK.get(trig.event_type, 2) and (
            trig.category == event.category
        ):
            event.event_type = trig.event_type
        event.dates.extend(trig.dates)
        event.reporting_dates.extend(trig.reporting_dates)
        self._merge_place(event, trig)
        for target in trig.targets:
            event.add_role(RoleAssignment("target", target.key, self.ctx.evidence(trig.span)))
        event.target_texts.extend(t for t in trig.target_texts if t not in event.target_texts)
        if event.category == "security_operation":
            for agency in trig.agencies:
                event.add_role(
                    RoleAssignment("conducted_by", agency.key, self.ctx.evidence(trig.span))
                )
        if event.category == "other":
            self._participants(event, trig)

    def _merge_place(self, event: EventDraft, trig: Trigger) -> None:
        for cand in sorted(trig.places, key=self._specificity, reverse=True):
            current = event.place
            located = current is not None and cand.kind == "city" and any(
                located_from(sp, current) for sp in cand.spans if sp.sent == trig.head.sent
            )  # 'in Aurora, about 10 miles east of Denver'
            inner = current is not None and cand.key != current.key and self._inside(cand, current)
            if current is None or located or inner:
                event.place = cand
        for loc in sorted(trig.localities, key=_approximate):
            if event.place is None or event.place.kind in {"city", "district"}:
                cand = self._locality(loc, event.place)
                if cand.key not in self._ancestry(event.place):
                    event.place = cand  # not 'Faizabad district' after 'in Qukal Dash, Faizabad …'
        for town in trig.settlements:
            if event.place is not None and _named_for_its_countryside(event.place, trig.head.sent):
                city = self.ctx.gaz.get(event.place.gazetteer_id or "")
                event.place = self._locality(town, None)  # a town in the land around the city
                if event.place.parent is None and city is not None and city.parent:
                    event.place.parent = f"gaz:{city.parent}"
            elif event.place is None or event.place.kind in {"province", "region", "country"}:
                event.place = self._locality(town, event.place)  # a town inside the region
            elif event.place.kind in {"city", "district"} and _bearing_of(town, event.place):
                event.place = self._locality(town, event.place)  # 'X, 12 km south of <city>'

    def _ancestry(self, place: EntityDraft | None) -> list[str]:
        """The keys of a place and the places the text put it in."""
        return [p.key for p in place_chain(self.ctx, place)]

    def _specificity(self, d: EntityDraft) -> int:
        return _SPECIFICITY.get(d.kind or "", 3)

    def _inside(self, inner: EntityDraft, outer: EntityDraft) -> bool:
        return inside(self.ctx, inner, outer) or self._town_of_the_county(inner, outer)

    def _town_of_the_county(self, town: EntityDraft, county: EntityDraft) -> bool:
        """'in Marion County, Oregon' then 'in the city of Woodburn, Oregon': a town in the
        state the county is in is taken to lie in the county (the gazetteer knows neither)."""
        if county.gazetteer_id or town.kind != "city" or county.label.split()[-1] != "County":
            return False
        state = _anchor(self.ctx, county)
        return state is not None and _anchor(self.ctx, town) == state

    def _locality(self, span: Span, parent: EntityDraft | None) -> EntityDraft:
        text = span.text.strip()
        for d in self.ctx.entities.values():
            if d.type == "Place" and normalise(d.label) == normalise(text):
                if (
                    not d.gazetteer_id
                    and d.parent is None
                    and parent
                    and d.key not in self._ancestry(parent)
                ):
                    d.parent = parent.key  # 'the city's Model Town area': the event's town
                return d
        key = f"e{len(self.ctx.entities) + 1}"
        draft = EntityDraft(key, "Place", text, [span], kind="locality")
        draft.parent = parent.key if parent else None
        self.ctx.entities[key] = draft
        for tok in span:
            self.ctx.token_entity.setdefault(tok.i, key)
        return draft

    def _participants(self, event: EventDraft, trig: Trigger) -> None:
        for ent in self.ctx.entities_in(trig.span.sent):
            if ent.type in {"Person", "Organization"}:
                event.add_role(RoleAssignment("participant", ent.key, self.ctx.evidence(trig.span)))

    # -- casualties ------------------------------------------------------------------

    def _event_for_casualty(
        self, cas: Casualty, trigs: list[Trigger], assigned: dict[int, EventDraft]
    ) -> EventDraft | None:
        if not trigs:
            return None
        heads = {t.head.i for t in trigs}
        pred = cas.anchor
        # the clause of the toll, not the clauses hung on it ('wounded three others …, weeks
        # after a shooting sparked protests, one of which led to the massacre of five')
        other = {
            t.i
            for c in pred.children
            if c.dep_ in {"advcl", "relcl", "acl", "ccomp", "parataxis"}
            for t in c.subtree
        }
        own = [t for t in pred.subtree if t.i not in other]
        for tok in [*own, *pred.ancestors]:
            if tok.i in heads and (tok in pred.children or any(c.i in heads for c in own)):
                return assigned[tok.i]
        for anc in pred.ancestors:
            if anc.i in heads:
                return assigned[anc.i]
        nearest = min(trigs, key=lambda t: abs(t.head.i - pred.i))
        return assigned[nearest.head.i]

    def _add_casualty(self, event: EventDraft, cas: Casualty) -> None:
        if any(
            q is not None and q.low > MAX_INCIDENT_TOLL for q in (cas.quantity, cas.perp_quantity)
        ):
            return  # 'the war has killed more than 250,000': a conflict's toll, not this event's
        ev = self.ctx.evidence(cas.anchor.sent)
        in_operation = event.category == "security_operation"
        dead_before = set(event.killed)
        attackers = self._attacker_persons(event)
        if cas.outcome == "killed" and cas.persons and attackers:
            dead = [p for p in cas.persons if p.key in attackers]
            if dead and cas.quantity is None and cas.perp_quantity is None:
                n = len(dead)  # 'Johnson then was killed by a robot': the attacker's death
                event.figures.append(Figure("perpetrators_killed", n, n, "exact", ev))
                cas = replace(cas, persons=[p for p in cas.persons if p.key not in attackers])
        for person in cas.persons:
            militant = in_operation and not (person.title_classes & {"police", "military"})
            if cas.outcome == "killed" and not cas.harm_only:
                if person.key not in event.killed:
                    event.killed.append(person.key)
                if person.key in event.injured:
                    event.injured.remove(person.key)
            elif person.key not in event.killed and person.key not in event.injured:
                event.injured.append(person.key)
            role: Role = "target" if militant else "victim"
            event.add_role(RoleAssignment(role, person.key, self.ctx.evidence(cas.anchor)))
        if cas.harm_only:
            return
        perp_kind: FigureKind = (
            "perpetrators_killed" if cas.outcome == "killed" else "perpetrators_injured"
        )
        victim_kind: FigureKind = "killed" if cas.outcome == "killed" else "injured"
        if cas.perp_quantity is not None:
            q = cas.perp_quantity
            event.figures.append(Figure(perp_kind, q.low, q.high, q.qualifier, ev))
        wounded = _all_wounded(cas) if cas.outcome == "injured" else None
        if wounded is not None:  # 'three assailants were injured': three injured, all attackers
            q = wounded
            group = _victim_group(cas.np_head) if cas.quantity is not None else "perpetrator"
            event.figures.append(Figure("injured", q.low, q.high, q.qualifier, ev, group))
        elif cas.quantity is not None:
            q = cas.quantity
            group = _victim_group(cas.np_head)
            event.figures.append(Figure(victim_kind, q.low, q.high, q.qualifier, ev, group))
            if cas.outcome == "killed":
                event.descriptors_killed.extend(cas.descriptors)
        named_only = cas.quantity is None and cas.perp_quantity is None and cas.persons
        if named_only and in_operation and cas.outcome == "killed":
            n = len(cas.persons)
            event.figures.append(Figure("perpetrators_killed", n, n, "exact", ev))
        elif named_only and cas.outcome == "injured":
            # 'Abdeslam was wounded in the operation': one injured; 'the killing of X, who
            # was shot and stabbed': X is dead, not one wounded
            n = sum(1 for p in cas.persons if p.key not in dead_before)
            if n:
                event.figures.append(Figure("injured", n, n, "exact", ev))

    def _attacker_persons(self, event: EventDraft) -> set[str]:
        """People the event's attack words name as who did it ('Micah Johnson gunned down
        the officers')."""
        if event.category != "attack":
            return set()
        keys = set()
        for trig in event.triggers:
            head = trig.head  # a subject or a 'by' agent; not 'Smith's shooting' (the victim)
            toks = [c for c in head.children if c.dep_ == "nsubj" and head.pos_ == "VERB"]
            toks += [g for c in head.children if c.dep_ == "agent" for g in c.children]
            for tok in toks:
                ent = self.ctx.entity_at(tok)
                if ent is not None and ent.type == "Person":
                    keys.add(ent.key)
        return keys

    # -- perpetrators --------------------------------------------------------------

    def _claims(self, sent: Span, trigs: list[Trigger], assigned: dict[int, EventDraft]) -> None:
        if habitual(sent):
            return
        for tok in sent:
            found = (
                self._denial(tok)
                or self._claim(tok)
                or self._claim_noun(tok)
                or self._blame(tok)
                or self._by_group(tok)
                or self._behind(tok)
                or self._suspect(tok)
            )
            if found is None:
                continue
            status, groups, obj = found
            event = self._claimed_event(obj, trigs, assigned)
            if event is None or event.category != "attack":
                continue
            if status == "denied":
                ev = self.ctx.evidence(tok.sent)
                event.denials.extend(
                    RoleAssignment("perpetrator", g.key, ev, "denied") for g in groups
                )
                continue
            self._set_status(event, status, tok, groups)
        for trig in trigs:
            event = assigned[trig.head.i]
            if event.category == "attack":
                for group in self._agents(trig):
                    self._set_status(event, self._modality(trig.head), trig.head, [group])

    def _claim_noun(self, tok: Token) -> tuple[PerpStatus, list[EntityDraft], Token | None] | None:
        """'Islamic State's claims of responsibility', 'X said in its claim of responsibility':
        a group's claim told as a noun (a claim denied or doubted by others is still made)."""
        if tok.lemma_.lower() != "claim" or tok.pos_ != "NOUN":
            return None
        if not any(
            c.dep_ == "prep"
            and c.lower_ == "of"
            and any(g.lemma_ == "responsibility" for g in c.children)
            for c in tok.children
        ):
            return None
        if any(c.lower_ in word_set("negation_determiners") | {"no"} for c in tok.children):
            return None
        owner = next((c for c in tok.children if c.dep_ == "poss"), None)
        if owner is None and tok.dep_ in {"dobj", "obj"} and tok.head.pos_ == "VERB":
            said = tok.head  # 'Islamic State reiterated on Monday a claim of responsibility'
            if any(c.dep_ == "neg" for c in said.children):
                return None
            owner = next((c for c in said.children if c.dep_ == "nsubj"), None)
        if owner is None:
            return None
        if owner.pos_ == "PRON":  # 'its claim': the clause's subject
            verb = next((a for a in tok.ancestors if a.pos_ in {"VERB", "AUX"}), None)
            owner = next((c for c in verb.children if c.dep_ == "nsubj"), None) if verb else None
            if owner is None:
                return None
        groups = self._groups(list(owner.subtree), collective=False)
        return ("claimed", groups, None) if groups else None

    def _claim(self, tok: Token) -> tuple[PerpStatus, list[EntityDraft], Token | None] | None:
        if tok.lemma_.lower() not in word_set("claim_verbs") or tok.pos_ != "VERB":
            return None
        objs = [c for c in tok.children if c.dep_ in {"dobj", "obj"}]
        agent = next((c for c in tok.children if c.dep_ == "agent"), None)
        if agent is not None:  # 'the attack was claimed by X', 'an attack claimed by X'
            subj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
            if subj is None and tok.dep_ == "acl":
                subj = tok.head
            groups = self._groups(list(agent.subtree)) or self._groups(_phrase_after(agent))
            return ("claimed", groups, subj) if groups else None
        if not objs:
            return None
        obj = objs[0]
        if obj.lemma_.lower() not in word_set("claim_objects") and not self._is_trigger(obj):
            return None
        if obj.tag_ in {"NNS", "NNPS"} and obj.lemma_.lower() not in word_set("claim_objects"):
            return None
        subj = next((c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        negated = any(c.dep_ == "neg" for c in tok.children) or (
            subj is not None
            and (subj.lower_ in {"no", "nobody", "none"}
                 or any(c.lower_ in word_set("negation_determiners") for c in subj.children))
        )  # fmt: skip
        if negated:
            return "none", [], self._for_object(tok) or obj
        if subj is None and tok.dep_ in {"acl", "advcl", "xcomp"}:
            subj = _clause_subject(tok)  # 'X issued a statement claiming responsibility'
        if subj is None:
            return None
        groups = self._groups(_relative_antecedent(tok, subj) or list(subj.subtree))
        ref = self._for_object(tok) or obj
        if _generic_plural(self._for_object(obj) or ref):
            return None  # 'IS, which has claimed attacks around the world': a habit
        return ("claimed", groups, ref) if groups else None

    def _blame(self, tok: Token) -> tuple[PerpStatus, list[EntityDraft], Token | None] | None:
        if tok.lemma_.lower() not in word_set("blame_verbs") or tok.pos_ != "VERB":
            return None
        obj = next((c for c in tok.children if c.dep_ in {"dobj", "obj"}), None)
        if obj is None and tok.dep_ == "xcomp" and tok.head.lemma_ == "be":
            subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
            groups = self._groups(list(subj.subtree)) if subj is not None else []
            said: PerpStatus = self._modality(tok)
            return (said, groups, self._for_object(tok)) if groups else None  # 'X was to blame'
        if obj is None:  # 'the attack was blamed on X'
            on = [
                t for c in tok.children if c.dep_ == "prep" and c.lower_ == "on" for t in c.subtree
            ]
            subj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
            groups = self._groups(on)
            return (self._modality(tok), groups, subj) if groups and on else None
        toks = list(obj.subtree)
        if tok.lemma_.lower() == "attribute":  # 'attributed the attack to X'
            toks = [
                t
                for c in [*tok.children, *obj.children]  # 'to' often hangs on 'the attack'
                if c.dep_ == "prep" and c.lower_ == "to"
                for t in c.subtree
            ]
        groups = self._groups(toks)
        status: PerpStatus = "suspected" if self._modality(tok) == "suspected" else "attributed"
        ref = obj if tok.lemma_.lower() == "attribute" else self._for_object(tok)
        return (status, groups, ref) if groups else None

    def _by_group(self, tok: Token) -> tuple[PerpStatus, list[EntityDraft], Token | None] | None:
        """'We have confirmed these attacks were by JMB': an act said to be a group's."""
        verb = tok.head
        if tok.lower_ != "by" or tok.dep_ not in {"prep", "agent"} or verb.lemma_ != "be":
            return None
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is None or not self._is_trigger(subj):
            return None
        groups = self._groups([t for c in tok.children if c.dep_ == "pobj" for t in c.subtree])
        return (self._modality(tok), groups, subj) if groups else None

    def _denial(self, tok: Token) -> tuple[PerpStatus, list[EntityDraft], Token | None] | None:
        """'The TTP denied involvement': a named group that is *not* a perpetrator."""
        if tok.lemma_.lower() not in {"deny", "reject", "disown"} or tok.pos_ != "VERB":
            return None
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is None:
            return None
        groups = self._groups(list(subj.subtree), collective=False)
        return ("denied", groups, self._for_object(tok)) if groups else None

    def _suspect(self, tok: Token) -> tuple[PerpStatus, list[EntityDraft], Token | None] | None:
        """'sources suspected the involvement of X' / 'suspected that X were involved'."""
        if tok.lemma_.lower() != "suspect" or tok.pos_ != "VERB":
            return None
        toks: list[Token] = []
        if any(c.dep_ == "auxpass" for c in tok.children):  # 'Boko Haram is suspected'
            toks.extend(t for c in tok.children if c.dep_ == "nsubjpass" for t in c.subtree)
        for c in tok.children:
            if c.dep_ in {"dobj", "obj"} and c.lemma_.lower() == "involvement":
                toks.extend(t for p in c.children if p.lower_ == "of" for t in p.subtree)
                toks.extend(t for t in c.subtree if t.i < c.i)  # 'suspected Taliban involvement'
            if c.dep_ == "ccomp":
                toks.extend(
                    t for s in c.children if s.dep_ in {"nsubj", "nsubjpass"} for t in s.subtree
                )
        if tok.dep_ == "amod" and tok.head.lemma_.lower() == "involvement":
            toks.extend(t for t in tok.head.subtree if t.i != tok.i)  # parsed as a modifier
        groups = self._groups(toks)
        return ("suspected", groups, None) if groups else None

    def _behind(self, tok: Token) -> tuple[PerpStatus, list[EntityDraft], Token | None] | None:
        """'X is suspected to be behind the attack', 'X was behind the bombing'."""
        if tok.lower_ != "behind" or tok.dep_ != "prep":
            return None
        obj = next((g for g in tok.children if g.dep_ == "pobj"), None)
        verb = tok.head
        for _ in range(3):
            subj = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if subj is not None:
                groups = self._groups(list(subj.subtree))
                return (self._modality(tok), groups, obj) if groups else None
            if verb.head == verb:
                break
            verb = verb.head
        return None

    def _for_object(self, verb: Token) -> Token | None:
        for c in verb.children:
            if c.dep_ == "prep" and c.lower_ in {"for", "of", "behind"}:
                for g in c.children:
                    if g.dep_ == "pobj":
                        return g
        return None

    def _is_trigger(self, tok: Token) -> bool:
        return any(t.start <= tok.i < t.end for t in self.ctx.doc.spans.get("triggers", []))

    def _claimed_event(
        self, obj: Token | None, trigs: list[Trigger], assigned: dict[int, EventDraft]
    ) -> EventDraft | None:
        if obj is not None:
            if obj.i in assigned:
                return assigned[obj.i]
            inner = [assigned[t.i] for t in obj.subtree if t.i in assigned and t.head == obj]
            if inner:
                return inner[0]  # 'responsibility for suicide and car bomb blasts that …'
            definite = any(c.lower_ in {"the", "these", "both"} for c in obj.children)
            if obj.tag_ in {"NNS", "NNPS"} and not definite:
                return None  # 'claims attacks on police' in general
        return self.current

    def _collective(self, toks: list[Token]) -> list[EntityDraft]:
        """'attributed the attack to separatists': an unnamed but specific collective."""
        words = word_set("collective_perpetrators")
        vague = word_set("vague_modifiers")
        for tok in toks:
            if tok.pos_ not in {"NOUN", "PROPN"} or tok.tag_ not in {"NNS", "NNPS"}:
                continue
            named = self.ctx.entity_at(tok)
            if named is not None and named.type != "Organization":
                continue  # 'United Arab Emirates' is a country, not a band of emirates
            mods = [c for c in tok.children if c.dep_ in {"amod", "compound"}]
            if tok.lemma_.lower() in _WAR_SIDES and not any(
                t.pos_ == "PROPN" or (titled(t) and not t.is_sent_start)
                for m in mods
                for t in m.subtree
            ):
                continue  # 'rebels fired rockets': a side of the war, not a group's name
            specific = tok.lemma_.lower() in words or any(
                m.lower_ not in vague
                and not m.like_num
                # 'Suicide bombers strike …': capitalised as the sentence's first word only
                and ((titled(m) and not m.is_sent_start) or m.lower_ in words)
                for m in mods
            )
            if (
                specific
                and noun_class(tok.lemma_) in {"perpetrator", None}
                and not any(m.lower_ in vague for m in mods)
            ):
                return [self._collective_entity(tok, mods)]
        return []

    def _collective_entity(self, head: Token, mods: list[Token]) -> EntityDraft:
        start = min([head.i, *[m.left_edge.i for m in mods]])  # 'Iran-backed rebels'
        span = head.doc[start : head.i + 1]
        label = span.text[:1].upper() + span.text[1:]
        for d in self.ctx.entities.values():
            if d.type == "Organization" and normalise(d.label) == normalise(label):
                return d
        key = f"e{len(self.ctx.entities) + 1}"
        draft = EntityDraft(key, "Organization", label, [span], kind="armed_group")
        self.ctx.entities[key] = draft
        return draft

    def _groups(self, toks: list[Token], collective: bool = True) -> list[EntityDraft]:
        named = [
            e for e in self.ctx.entities_in(toks, "Organization")
            if e.kind in {"armed_group", None} and e.type == "Organization"
        ]  # fmt: skip
        return named or (self._collective(toks) if collective else [])

    def _agents(self, trig: Trigger) -> list[EntityDraft]:
        """'attack by X', 'X launched an attack', 'militants from X stormed', 'X militants …'."""
        head = trig.head
        toks: list[Token] = []
        for c in head.children:
            if (c.dep_ == "prep" and c.lower_ == "by") or c.dep_ == "agent":
                toks.extend(c.subtree)
            if c.dep_ in {"nsubj", "poss"}:
                toks.extend(self._agent_np(c))
            if c.dep_ in {"compound", "nmod", "amod"}:  # 'an al-Shabaab car bombing'
                toks.extend(t for t in c.subtree if self._is_group(t))
            if c.dep_ == "acl" and c.lemma_.lower() in word_set("perpetration_verbs"):
                toks.extend(t for a in c.children if a.dep_ == "agent" for t in a.subtree)
        if head.dep_ == "nsubjpass" and head.head.lemma_.lower() not in _acted_on_verbs():
            # 'the attack was carried out / attempted by X' (not 'was foiled by the army')
            toks.extend(t for c in head.head.children if c.dep_ == "agent" for t in c.subtree)
        if head.dep_ in {"dobj", "obj"} and head.head.lemma_.lower() in word_set(
            "perpetration_verbs"
        ):
            for c in head.head.children:
                if c.dep_ == "nsubj":
                    toks.extend(self._agent_np(c))
        return self._groups(toks)

    def _agent_np(self, subj: Token) -> list[Token]:
        """The attacker's noun phrase when it can name a group: a name, 'militants of X',
        'a member of X', 'Taliban fighters'."""
        if subj.pos_ in {"PROPN"} or self.ctx.entity_at(subj):
            return without_backers(subj)
        if noun_class(subj.lemma_) == "perpetrator" or subj.lemma_.lower() in _MEMBER_NOUNS:
            return without_backers(subj)
        return []

    def _is_group(self, tok: Token) -> bool:
        ent = self.ctx.entity_at(tok)
        return ent is not None and ent.type == "Organization" and ent.kind == "armed_group"

    def _modality(self, tok: Token) -> PerpStatus:
        window = tok.sent
        markers = word_set("suspect_markers")
        return "suspected" if any(t.lower_ in markers for t in window) else "attributed"

    def _set_status(
        self, event: EventDraft, status: PerpStatus, tok: Token, groups: list[EntityDraft]
    ) -> None:
        ev = self.ctx.evidence(tok.sent)
        rank = {"none": 0, "suspected": 1, "attributed": 2, "claimed": 3}
        for g in groups:
            event.add_role(RoleAssignment("perpetrator", g.key, ev, status))
        if event.status is None or rank[status] > rank[event.status]:
            event.status = status
            event.status_evidence = ev

    # -- finishing ---------------------------------------------------------------------

    def finish(self) -> None:
        """Lead dates, fallback places and descriptor victims, once all events are known."""
        lead = self._lead_date()
        for n, event in enumerate(self.events):
            self._descriptor_victims(event)
            _named_dead(event)
            _drop_totals_with_attackers(event)
            if lead is not None and n == 0 and not event.background:
                event.dates.insert(0, lead)  # a date heading the article dates its main event
            elif lead is not None and not event.dates and not event.background:
                event.dates.append(lead)
            if event.place is None and not event.background:
                event.place = self._fallback_place()
            elif not event.background:
                event.place = self._town_of_the_dateline(event.place)
                event.place = self._town_of_the_lead(event.place)
            if not event.background:
                event.place = self._town_of_the_police(event.place)
                event.place = self._town_described(event.place)
            place = event.place
            if place is not None and not place.gazetteer_id and place.parent is None:
                outer = self._dateline_place() or self._article_country()
                place.parent = outer.key if outer and outer.key != place.key else None

    def _town_of_the_dateline(self, place: EntityDraft | None) -> EntityDraft | None:
        """'BATON ROUGE, La. — A gunman killed three officers in Louisiana's capital': news
        placed only at a state's or a country's level happened in the dateline's town when
        that town lies inside it and the body names the town too (a town named only in the
        dateline may be the bureau the report was filed from)."""
        if place is None or place.kind not in {"province", "country"} or not place.gazetteer_id:
            return place
        town = self._dateline_place()
        if town is None or not town.gazetteer_id or town.kind not in {"city", "district"}:
            return place
        end = self._dateline_end()
        contains = self.ctx.gaz.contains
        others = [
            d for d in self.ctx.entities.values()
            if d.kind in {"city", "district"} and d.gazetteer_id
            and d.gazetteer_id != town.gazetteer_id and contains(place.gazetteer_id, d.gazetteer_id)
        ]  # fmt: skip
        if others:
            return place  # 'PESHAWAR: … a university in Charsadda': a town of its own
        if not any(s.start_char >= end for s in town.spans) or not contains(
            place.gazetteer_id, town.gazetteer_id
        ):
            return place
        return town if self._in_the_part(town, place) else place

    def _dateline_end(self) -> int:
        """The character where the dateline ends (0 with no dateline)."""
        dateline = self.ctx.article.dateline or ""
        if not dateline:
            return 0
        return self.ctx.article.text.upper().find(dateline.upper(), 0, 400) + len(dateline)

    def _town_of_the_lead(self, place: EntityDraft | None) -> EntityDraft | None:
        """'Gunfire and explosions in Burkina Faso … outside a hotel in central
        Ouagadougou': news placed only at a country's or a province's level happened in the
        one town inside it that the headline and lead name (two such towns, or one the
        article only recalls for an earlier event, leave the wider place)."""
        if place is None or place.kind not in {"province", "country"} or not place.gazetteer_id:
            return place
        lead = [s for s in self.ctx.doc.sents][: _LEAD_SENTENCES + 1]
        if not lead:
            return place
        end = lead[-1].end_char
        start = self._dateline_end()
        contains = self.ctx.gaz.contains
        earlier = self._places_of_earlier_events()
        towns = {
            d.gazetteer_id: d
            for d in self.ctx.entities.values()
            if d.type == "Place"
            and d.kind in {"city", "district"}
            and d.gazetteer_id
            and d.key not in earlier
            and any(
                start <= sp.start_char < end
                and not bearing_only(sp)
                and not _of_a_speaker(sp)
                and not _a_home(sp)
                for sp in d.spans
            )
            and contains(place.gazetteer_id, d.gazetteer_id)
        }  # fmt: skip (a dateline town is the bureau's until the body names it)
        if len(towns) != 1:
            return place
        town = next(iter(towns.values()))
        return town if self._in_the_part(town, place) else place

    def _in_the_part(self, town: EntityDraft, place: EntityDraft | None) -> bool:
        """Whether the town lies in the part of the region the text names ('in northern
        England': not London, south of England's middle); true when no part is named or
        the gazetteer has no coordinates to tell."""
        if place is None or not place.gazetteer_id or not town.gazetteer_id:
            return True
        outer, inner = self.ctx.gaz.get(place.gazetteer_id), self.ctx.gaz.get(town.gazetteer_id)
        if outer is None or inner is None or None in (outer.lat, outer.lon, inner.lat, inner.lon):
            return True
        for span in place.spans:
            before = [t.lower_ for t in span.doc[max(span.start - 2, 0) : span.start]]
            part = next((_points(w) for w in reversed(before) if _points(w)), "")
            for point in part:
                dlat = (inner.lat or 0.0) - (outer.lat or 0.0)
                dlon = (inner.lon or 0.0) - (outer.lon or 0.0)
                if {"n": dlat <= 0, "s": dlat >= 0, "e": dlon <= 0, "w": dlon >= 0}[point]:
                    return False
        return True

    def _town_of_the_police(self, place: EntityDraft | None) -> EntityDraft | None:
        """'… in Florida, the Jacksonville Sheriff's Office said': news placed only at a
        state's or a country's level (or nowhere) happened in the town whose own police
        force speaks for it, when the article names one such force."""
        if place is not None and place.kind not in {"province", "country", "region"}:
            return place
        doc, towns = self.ctx.doc, []
        for i, tok in enumerate(doc[:-1]):
            if tok.lower_ not in _LOCAL_FORCES or not titled(tok):
                continue
            if tok.lower_ == "police" and doc[i + 1].lower_ not in {"department", "chief", "dept"}:
                continue
            end, start = i, i
            while (
                start > 0
                and doc[start - 1].pos_ == "PROPN"
                and (titled(doc[start - 1]) or _ELIDED_NAME.match(doc[start - 1].text))
            ):
                start -= 1  # 'Coeur d'Alene Police Department'
            if start == end or doc[end - 1].lower_ in {"county", "state", "capitol"}:
                continue  # 'Kalamazoo County Sheriff', 'Virginia State Police': no town
            towns.append(doc[start:end])
        names = {normalise(t.text) for t in towns}
        if len(names) != 1:
            return place
        span = towns[0]
        known = self.ctx.entity_at(span[0])
        if (
            known is not None
            and known.type != "Place"
            and any(self.ctx.entity_at(t) is known for t in doc[span.end : span.end + 1])
        ):
            known = None  # the force itself ('Coeur d'Alene Police Department'), not a town
        if known is not None and known.type == "Place" and known.kind in {"city", "district"}:
            town = known
        elif known is not None and known.type == "Place" and not known.gazetteer_id:
            town = known  # a town the text named before, that the gazetteer does not know
        else:
            gaz = [s for s in doc.spans.get("gazetteer", []) if s.start == span.start
                   and s.end == span.end and s.label_ in {"GPE", "LOC"}]  # fmt: skip
            entry = self.ctx.gaz.get(gaz[0].id_) if gaz else None
            if entry is not None and entry.kind in {"city", "district"}:
                key = f"e{len(self.ctx.entities) + 1}"
                town = EntityDraft(key, "Place", entry.label, [span], entry.id, entry.kind)
                self.ctx.entities[key] = town
            elif known is None and not gaz:
                town = self._locality(span, place)
            else:
                return place
        if (
            place is not None
            and town.gazetteer_id
            and place.gazetteer_id
            and not self.ctx.gaz.contains(place.gazetteer_id, town.gazetteer_id)
        ):
            return place  # another state's force
        return town if self._in_the_part(town, place) else place

    def _town_described(self, place: EntityDraft | None) -> EntityDraft | None:
        """'shot … in a small western Oregon city' and later 'in downtown Seaside, about 80
        miles west of Portland': news placed only at a region's level happened in the one
        town the article describes as a town or by its bearing, when that town lies in the
        region and no earlier event's sentence tells of it."""
        if place is not None and place.kind not in {"province", "country", "region"}:
            return place
        told = {t.head.sent.start for e in self.events if e.background for t in e.triggers}
        found: dict[str, Span] = {}
        for sent in self.ctx.doc.sents:
            if sent.start in told:
                continue
            for town in settlements(self.ctx, sent):
                if not _where_it_is(town):
                    continue  # 'The suspect had lived in Portland, a city about 80 miles away'
                refs = [
                    d
                    for t in sent[town.end - sent.start :]
                    if (d := self.ctx.entity_at(t)) is not None
                    and d.type == "Place"
                    and d.gazetteer_id
                ]  # fmt: skip  (the bearing's town: 'about 80 miles west of Portland')
                outer = place.gazetteer_id if place is not None else None
                if (
                    outer
                    and refs
                    and not any(
                        r.gazetteer_id == outer
                        or self.ctx.gaz.contains(outer, r.gazetteer_id or "")
                        for r in refs[:1]
                    )
                ):
                    continue  # another region's town
                found.setdefault(normalise(town.text), town)
        if len(found) != 1:
            return place
        return self._locality(next(iter(found.values())), place)

    def _fallback_place(self) -> EntityDraft | None:
        """No place in the event's sentences: dateline, first town, or the one country named."""
        dateline = self._dateline_place()
        if dateline is not None and not self._filed_abroad(dateline):
            return self._filed_from(dateline) or dateline
        earlier = self._places_of_earlier_events()
        if dateline is not None:
            earlier.add(dateline.key)  # a bureau abroad
        towns = [
            d
            for d in self.ctx.entities.values()
            if d.type == "Place"
            and d.gazetteer_id
            and d.kind in {"city", "district", "province"}
            and d.key not in earlier
            and not all(named_as_example(span) for span in d.spans)  # 'cities such as Chicago'
        ]
        focus = self._country_focus()
        if focus is not None and towns and not any(self._country_of(d) == focus for d in towns):
            return self._article_country() or focus_place(self.ctx, focus)
        if towns:  # the town the article is about: in its country, named most, then first
            return max(
                towns,
                key=lambda d: (self._country_of(d) == focus, len(d.spans), -towns.index(d)),
            )
        return self._article_country()

    def _country_of(self, place: EntityDraft) -> str | None:
        entry = self.ctx.gaz.get(place.gazetteer_id) if place.gazetteer_id else None
        return entry.country if entry is not None else None

    def _country_focus(self) -> str | None:
        """The country the article is about, as news geoparsers find it (CLIFF's focus): the
        one its places and demonyms point to most often, when one leads."""
        counts: dict[str, int] = {}
        for d in self.ctx.entities.values():
            if d.type == "Place" and d.gazetteer_id and (country := self._country_of(d)):
                counts[country] = counts.get(country, 0) + len(d.spans)
        for gid, _ in self.ctx.demonym_countries:
            entry = self.ctx.gaz.get(gid)
            if entry is not None and entry.country:
                counts[entry.country] = counts.get(entry.country, 0) + 1
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        if not ranked or (len(ranked) > 1 and ranked[1][1] * 3 > ranked[0][1] * 2):
            return None  # no country leads by half as much again as the next
        return ranked[0][0]

    def _filed_abroad(self, dateline: EntityDraft) -> bool:
        """'ISTANBUL — Air raids on … the Syrian city of Aleppo …': a dateline town the body
        never names again, in a country none of the body's places lie in, is a bureau abroad,
        not where the events it reports happened."""
        entry = self.ctx.gaz.get(dateline.gazetteer_id) if dateline.gazetteer_id else None
        if entry is None or len(dateline.spans) > 1:
            return False
        body: set[str] = set()
        for d in self.ctx.entities.values():
            if d.type != "Place" or d.key == dateline.key or not d.gazetteer_id:
                continue
            body |= {a.country for a in self.ctx.gaz.ancestors(d.gazetteer_id) if a.country}
        return bool(body) and entry.country not in body

    def _places_of_earlier_events(self) -> set[str]:
        """Towns named only in the sentences of background events ('a man who shot three
        guards in Leeds in 2019') or of meetings ('talks in Geneva'): the article recalls
        them, its news did not happen there."""
        own: dict[int, bool] = {}  # sentence start -> whether a reported event is told there
        for event in self.events:
            violent = event.category != "other"  # 'the peace talks in Geneva': not the war's
            for trig in event.triggers:
                start = trig.head.sent.start
                own[start] = own.get(start, False) or (violent and not event.background)
        return {
            d.key
            for d in self.ctx.entities.values()
            if d.type == "Place"
            and d.spans
            and all(own.get(span.sent.start) is False for span in d.spans)
        }

    def _filed_from(self, dateline: EntityDraft) -> EntityDraft | None:
        """'QUETTA: … an operation … BLA terrorists in Musakhel District …': a dateline town
        the body never names again is where the report was filed (a provincial capital's
        bureau); the one town or district of its province the body names is the event's."""
        if not dateline.gazetteer_id or any(
            any(t.pos_ in {"VERB", "AUX"} for t in span.sent) for span in dateline.spans
        ):
            return None
        provinces = [e.id for e in self.ctx.gaz.ancestors(dateline.gazetteer_id)]
        province = next(
            (g for g in provinces if (e := self.ctx.gaz.get(g)) and e.kind == "province"), None
        )
        if province is None:
            return None
        ids = {
            d.gazetteer_id: d
            for d in self.ctx.entities.values()
            if d.type == "Place"
            and d.gazetteer_id
            and d.gazetteer_id not in provinces
            and d.kind in {"city", "district"}
            and self.ctx.gaz.contains(province, d.gazetteer_id)
        }
        contains = self.ctx.gaz.contains
        if not all(contains(a, b) or contains(b, a) for a in ids for b in ids):
            return None  # two towns: the report names no single one
        inner = [d for g, d in ids.items() if not any(o != g and contains(g, o) for o in ids)]
        return inner[0] if len(inner) == 1 else None

    def _article_country(self) -> EntityDraft | None:
        """The one country the article names (or implies with a demonym), if there is one."""
        named = {
            d.gazetteer_id: d
            for d in self.ctx.entities.values()
            if d.kind == "country" and not all(backing(s) for s in d.spans)
        }  # not 'Iran-backed rebels' alone
        if len(named) == 1:
            return next(iter(named.values()))
        # 'an American drone strike', 'Russian jets', 'U.S. troops': whose forces, not where
        hints = [(g, s) for g, s in self.ctx.demonym_countries if not _of_a_force(s)]
        implied = {gid for gid, _ in hints}
        if named or len(implied) != 1:
            return None
        gid, span = hints[0]
        entry = self.ctx.gaz.get(gid)
        if entry is None:
            return None
        key = f"e{len(self.ctx.entities) + 1}"
        draft = EntityDraft(key, "Place", entry.label, [span], entry.id, entry.kind)
        self.ctx.entities[key] = draft
        return draft

    def _lead_date(self) -> DateValue | None:
        """'03/31/2017: Assailants …' — a date heading the article dates its events."""
        m = _LEAD_DATE.match(self.ctx.article.text)
        return parse_date(m.group(1), self.ctx.article.published) if m else None

    def _dateline_place(self) -> EntityDraft | None:
        dateline = self.ctx.article.dateline
        if not dateline:
            return None
        return dateline_place(self.ctx) or self._dateline_from_gazetteer(dateline)

    def _dateline_from_gazetteer(self, dateline: str) -> EntityDraft | None:
        """A dateline names the place the report comes from even when the name is ambiguous
        in running text ('NICE, France'): the most populous gazetteer place of that name."""
        key = normalise(dateline)
        named = [
            e for e in self.ctx.gaz.entries.values()
            if e.type == "Place" and normalise(e.label) == key
        ]  # fmt: skip
        if not named:
            return None
        entry = max(named, key=lambda e: (e.kind in {"city", "country"}, e.population, e.id))
        others = {
            self.ctx.gaz.get(d.gazetteer_id)
            for d in self.ctx.entities.values()
            if d.kind == "country" and d.gazetteer_id
        }
        if any(o is not None and o.country != entry.country for o in others):
            return None  # 'CAIRO — Yemen's Houthis …': the bureau's city, not the event's
        text = self.ctx.article.text
        start = text.upper().find(dateline.upper(), 0, 400)
        span = self.ctx.doc.char_span(start, start + len(dateline), alignment_mode="expand")
        if start < 0 or span is None:
            return None
        key_ = f"e{len(self.ctx.entities) + 1}"
        draft = EntityDraft(key_, "Place", entry.label, [span], entry.id, entry.kind)
        self.ctx.entities[key_] = draft
        return draft

    def _descriptor_victims(self, event: EventDraft) -> None:
        """'A senior official … killed' + 'DSP X had received gunshot wounds' → X was killed."""
        classes: dict[str, list[str]] = word_set_dict("descriptor_classes")
        for noun in event.descriptors_killed:
            allowed = set(classes.get(noun, []))
            for key in list(event.injured):
                person = self.ctx.entities[key]
                if noun in person.descriptors or person.title_classes & allowed:
                    event.injured.remove(key)
                    event.killed.append(key)
                    break


def _named_dead(event: EventDraft) -> None:
    """An attack whose dead are only named ('the murder of lawmaker X', 'Y was shot dead')
    killed that many: with no toll in figures, the table would say nothing of them. A toll
    told anywhere in the article ('five were killed … among the dead was X') stays the only
    count."""
    if event.category != "attack" or not event.killed:
        return
    if any(f.kind == "killed" for f in event.figures):
        return
    victims = [r for r in event.roles if r.role == "victim" and r.entity in event.killed]
    if not victims:
        return
    n = len(event.killed)
    event.figures.append(Figure("killed", n, n, "exact", victims[0].evidence))


def _phrase_after(tok: Token) -> list[Token]:
    """The words after ``tok`` up to the next punctuation: 'claimed by Islamist group
    Tehrik i Taliban Pakistan, who …' when the parser hung the name outside the by-phrase."""
    out: list[Token] = []
    for t in tok.doc[tok.i + 1 : tok.sent.end]:
        if t.is_punct:
            break
        out.append(t)
    return out


def _clause_subject(tok: Token) -> Token | None:
    """The subject of the clause a participle hangs from: 'X released a statement claiming …'
    → X; 'X struck, claiming …' → X."""
    cur = tok.head
    for _ in range(3):
        subj = next((c for c in cur.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subj is not None:
            return subj
        if cur.head == cur:
            return None
        cur = cur.head
    return None


def dateline_place(ctx: ArticleContext) -> EntityDraft | None:
    """The place the article names that its dateline names, where news with no place of its
    own will be put ('BRUSSELS … an apartment raided on Tuesday' is not the shootout 'in the
    Paris suburb of St. Denis' told after it)."""
    dateline = ctx.article.dateline
    if not dateline:
        return None
    key = normalise(dateline)
    return next(
        (d for d in ctx.entities.values() if d.type == "Place" and normalise(d.label) == key),
        None,
    )


def focus_place(ctx: ArticleContext, country: str) -> EntityDraft | None:
    """The article's draft of the country with this code, if it names the country."""
    for d in ctx.entities.values():
        entry = ctx.gaz.get(d.gazetteer_id) if d.gazetteer_id else None
        if d.kind == "country" and entry is not None and entry.country == country:
            return d
    return None


def same_area(
    ctx: ArticleContext, a: EntityDraft | None, b: EntityDraft | None, wide: bool = False
) -> bool:
    """Whether two places can name the same area: equal, or one contains the other. An
    unknown locality lies in the place the text put it in (Molenbeek in Brussels, not in
    Paris), else anywhere. ``wide``: the first city stands for the district or province
    named after it (Sadr City is Baghdad's), for a mention with no day of its own."""
    if a is None or b is None or a.key == b.key:
        return True
    ga, gb = _anchor(ctx, a), _anchor(ctx, b)
    if ga and gb:
        if wide and ctx.gaz.contains(_namesake_area(ctx, ga), gb) and _near(ctx, ga, gb):
            return True  # a part of the city the host names (Sadr City), not a town beside it
        return ctx.gaz.contains(ga, gb) or ctx.gaz.contains(gb, ga)
    return True


#: how far from a city's centre a place the gazetteer puts beside it is one of its parts
CITY_PART_KM = 12.0


_HOME_VERBS = frozenset({"live", "grow", "move", "bear", "raise", "reside", "hail"})


def _a_home(span: Span) -> bool:
    """'The officers were from Lahore', 'the suspect had lived in Portland': someone's home,
    not where the act happened."""
    doc, sent = span.doc, span.sent
    before = [t.lower_ for t in doc[max(sent.start, span.start - 3) : span.start]]
    verbs = {t.lemma_.lower() for t in sent if t.pos_ == "VERB"}
    return "from" in before or bool(verbs & _HOME_VERBS)


def _where_it_is(town: Span) -> bool:
    """Whether a described town is named as where something is or happened ('in downtown
    Seaside', 'at the event in Pass Christian', 'the city of X'), in a sentence that tells of
    harm or violence,
    not someone's home ('had lived in Portland', 'the officers were from Lahore')."""
    doc, sent = town.doc, town.sent
    before = [t.lower_ for t in doc[max(sent.start, town.start - 5) : town.start]]
    named = before[-2:] in (["city", "of"], ["town", "of"], ["village", "of"])
    if not ({"in", "at", "near", "into"} & set(before) or named) or _a_home(town):
        return False
    if harm_in(sent) or any(one_event_noun(t) or t.lemma_.lower() in KILLING_NOUNS for t in sent):
        return True  # 'the killing in Dunmore, about 25 miles west of …'
    return any(s.start >= sent.start and s.end <= sent.end for s in doc.spans.get("triggers", []))


def _near(ctx: ArticleContext, a: str, b: str) -> bool:
    """Whether two gazetteer places lie within ``CITY_PART_KM`` of each other."""
    ea, eb = ctx.gaz.get(a), ctx.gaz.get(b)
    if ea is None or eb is None or ea.lat is None or ea.lon is None:
        return False
    if eb.lat is None or eb.lon is None:
        return False
    return km(ea.lat, ea.lon, eb.lat, eb.lon) <= CITY_PART_KM


def _namesake_area(ctx: ArticleContext, place_id: str) -> str:
    """The district or province a city gives its name to ('Mayorality of Baghdad', 'Lahore
    District'), which Sadr City lies in beside Baghdad itself; else the place. A province
    called by the city's name alone ('New York') is another thing."""
    city = ctx.gaz.get(place_id)
    parent = ctx.gaz.get(city.parent) if city and city.parent else None
    if city is None or parent is None or city.kind != "city":
        return place_id
    if parent.kind not in {"district", "province"}:
        return place_id
    name, outer = normalise(city.label), normalise(parent.label)
    if outer != name and (outer.startswith(name + " ") or outer.endswith(" of " + name)):
        return parent.id
    return place_id


def _anchor(ctx: ArticleContext, place: EntityDraft, depth: int = 0) -> str | None:
    """The gazetteer place a place is, or lies in through the parents the text gave it."""
    if place.gazetteer_id or not place.parent or depth > 4:
        return place.gazetteer_id
    if place.parent.startswith("gaz:"):
        return place.parent[4:]
    parent = ctx.entities.get(place.parent)
    return _anchor(ctx, parent, depth + 1) if parent is not None else None


def place_chain(ctx: ArticleContext, place: EntityDraft | None) -> list[EntityDraft]:
    """The place and the places the text put it in, innermost first."""
    chain: list[EntityDraft] = []
    while place is not None and all(p.key != place.key for p in chain):
        chain.append(place)
        place = ctx.entities.get(place.parent or "")
    return chain


def inside(ctx: ArticleContext, inner: EntityDraft, outer: EntityDraft) -> bool:
    """Whether gazetteer place ``inner`` lies strictly within ``outer``. A town that names
    its district stands for the district: Daraban lies in 'DI Khan' (district and town). A
    place the gazetteer lacks lies in the place the text put it in ('Greenville, South
    Carolina')."""
    if not inner.gazetteer_id and inner.parent is not None:
        parent = ctx.entities.get(inner.parent)
        if (
            parent is None
            and inner.kind in {"city", "district"}
            and inner.parent.startswith("gaz:")
            and outer.gazetteer_id
        ):
            # 'Beltsville, Maryland': a town the text put in a gazetteer place
            area = inner.parent.removeprefix("gaz:")
            return area == outer.gazetteer_id or ctx.gaz.contains(outer.gazetteer_id, area)
        return parent is not None and (parent.key == outer.key or inside(ctx, parent, outer))
    if not (inner.gazetteer_id and outer.gazetteer_id) or inner.gazetteer_id == outer.gazetteer_id:
        return False
    if any(outer.gazetteer_id in suburb_towns(ctx, s) for s in inner.spans):
        return True  # "Baghdad's western suburb of Abu Ghraib", whatever the gazetteer's tree
    area = _namesake_district(ctx, outer.gazetteer_id) or outer.gazetteer_id
    return ctx.gaz.contains(area, inner.gazetteer_id) and inner.gazetteer_id != area


def _namesake_district(ctx: ArticleContext, city_id: str) -> str | None:
    """The district a town names ('Dera Ismail Khan' of Dera Ismail Khan District)."""
    city = ctx.gaz.get(city_id)
    parent = ctx.gaz.get(city.parent) if city and city.parent else None
    if city is None or parent is None or city.kind != "city" or parent.kind != "district":
        return None
    return parent.id if normalise(parent.label).startswith(normalise(city.label)) else None


_AROUND_A_CITY = frozenset(
    {"countryside", "province", "outskirts", "governorate", "region", "hinterland"}
)


def _named_for_its_countryside(place: EntityDraft, sent: Span) -> bool:
    """'In the western Aleppo countryside, in the rebel-held town of Kafrnaha': the city's
    name there stands for the land around it, so the town named is the place."""
    return any(
        span.sent == sent
        and span.root.dep_ in {"compound", "amod", "nmod"}
        and span.root.head.lower_ in _AROUND_A_CITY
        for span in place.spans
    )


#: the sides of a civil war named by what they do, no group's name ('Houthi rebels' is one)
_WAR_SIDES = frozenset({"rebel", "insurgent"})  # 'Houthi rebels', 'Iran-backed rebels' are named


def _approximate(span: Span) -> bool:
    """'near Super Highway in Orangi area': the place it happened *in* comes first."""
    prev = span.doc[span.start - 1] if span.start > 0 else None
    return prev is not None and prev.lower_ in {"near", "outside", "off", "along", "close"}


def _of_a_speaker(span: Span) -> bool:
    """A town inside who speaks ('police in Atlanta said'): where they are, not the news."""
    for anc in span.root.ancestors:
        if anc.dep_ == "nsubj" and anc.head.lemma_.lower() in word_set("reporting_verbs"):
            return True
    return False


#: right after the town: ', about 25 miles northeast of', ', south of downtown', ', near'
_LOCATED = re.compile(
    r"^\s*,\s*(?:(?:about|some|roughly|around|just|a)\s+)?(?:[\w.-]+\s+)?"
    r"(?:(?:miles?|km|kilometers?|kilometres?)\s+(?:\w+\s+)?(?:of|from)"
    r"|(?:north|south|east|west)\w*\s+of|outside(?: of)?|(?:a\s+)?suburb of|near)\b[^,;]*$",
    re.IGNORECASE,
)


def located_from(town: Span, place: EntityDraft) -> bool:
    """Whether the text locates the town from the place right after naming it ('Abingdon,
    about 25 miles northeast of Baltimore', 'Compton, south of downtown Los Angeles'), or
    from 'the city' when the place is one: the town is the more precise name of where
    something near that place happened."""
    for sp in place.spans:
        if sp.sent != town.sent or not 0 <= sp.start - town.end <= 12:
            continue
        if _LOCATED.search(_unbracketed(town.doc[town.end : sp.start].text)):
            return True
    if place.kind != "city":
        return False
    doc = town.doc  # 'Wilkinsburg, about 8 miles east of the city', after 'near Pittsburgh'
    for tok in doc[town.end : min(town.end + 12, town.sent.end)]:
        if tok.lower_ in {"city", "capital"} and doc[tok.i - 1].lower_ == "the":
            return _LOCATED.search(_unbracketed(doc[town.end : tok.i - 1].text)) is not None
    return False


def _unbracketed(text: str) -> str:
    """'about 8 miles (13 km) east of': the bracketed conversion left out."""
    return re.sub(r"\s*\([^)]*\)", "", text)


def _bearing_of(town: Span, place: EntityDraft) -> bool:
    """Whether the place is named after the town in its sentence as its bearing ('Dalori,
    12 kilometers southeast of Maiduguri')."""
    return any(sp.sent == town.sent and sp.start > town.end for sp in place.spans)


def word_set_dict(name: str) -> dict[str, list[str]]:
    from incidentkg.kb.gazetteer import lexicon

    data: dict[str, list[str]] = lexicon()[name]
    return data


def _shared_words(a: list[str], b: list[str]) -> bool:
    stop = {"the", "a", "police", "of"}
    wa = {w.lower() for t in a for w in t.split()} - stop
    wb = {w.lower() for t in b for w in t.split()} - stop
    return bool(wa & wb)


# --- relations that need the events ---------------------------------------------------


def mastermind_roles(ctx: ArticleContext, events: list[EventDraft]) -> None:
    """'X was the mastermind of the KPO [attack]' / 'X masterminded the attack'."""
    nouns = word_set("mastermind_nouns")
    for tok in ctx.doc:
        if tok.lemma_.lower() not in nouns or tok.pos_ != "NOUN":
            continue
        person = _copula_subject(ctx, tok) or _appositive_person(ctx, tok)
        target = _of_object(tok)
        if person is None or target is None:
            continue
        event = _event_for_reference(ctx, events, target)
        if event is not None:
            event.add_role(RoleAssignment("mastermind", person.key, ctx.evidence(tok.sent)))


def _copula_subject(ctx: ArticleContext, noun: Token) -> EntityDraft | None:
    if noun.dep_ in {"attr", "acomp"} and noun.head.lemma_ == "be":
        for c in noun.head.children:
            if c.dep_ == "nsubj":
                ent = ctx.entity_at(c)
                if ent and ent.type == "Person":
                    return ent
    return None


def _appositive_person(ctx: ArticleContext, noun: Token) -> EntityDraft | None:
    for c in [*noun.children, noun.head]:
        ent = ctx.entity_at(c)
        if ent and ent.type == "Person" and (c.dep_ == "appos" or noun.dep_ == "appos"):
            return ent
    return None


def _of_object(noun: Token) -> Token | None:
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in {"of", "behind"}:
            return next((g for g in c.children if g.dep_ == "pobj"), None)
    return None


def _event_for_reference(
    ctx: ArticleContext, events: list[EventDraft], ref: Token
) -> EventDraft | None:
    """The event a noun phrase refers to: its trigger, or the event whose target it names."""
    toks = list(ref.subtree)
    for event in events:
        for trig in event.triggers:
            if any(trig.span.start <= t.i < trig.span.end for t in toks):
                return event
    named = {e.key for e in ctx.entities_in(toks)}
    for event in events:
        if named & event.target_keys():
            return event
    words = [t.text for t in toks if t.pos_ in {"PROPN", "NOUN"}]
    for event in events:
        for text in event.target_texts:
            if any(_acronym_matches(w, text) for w in words) or _shared_words(
                [text], [" ".join(words)]
            ):
                return event
    return None


def _acronym_matches(word: str, name: str) -> bool:
    parts = [p for p in name.replace("-", " ").split() if p.lower() not in {"of", "the", "and"}]
    return word.isupper() and len(word) >= 2 and "".join(p[0] for p in parts).upper() == word


def affiliations(ctx: ArticleContext, events: list[EventDraft]) -> list[tuple[str, str, Evidence]]:
    """'the slain terrorist was affiliated with the TTP' → (person, org, evidence)."""
    out: list[tuple[str, str, Evidence]] = []
    markers = word_set("affiliation_markers")
    killed_order = [k for e in events for k in e.killed]
    for tok in ctx.doc:
        if tok.lower_ not in markers:
            continue
        orgs = [
            e for e in ctx.entities_in(list(tok.subtree), "Organization") if e.kind == "armed_group"
        ]
        subj = _subject_of(tok)
        if not orgs or subj is None:
            continue
        person = ctx.entity_at(subj)
        if person is None and noun_class(subj.lemma_) == "perpetrator":
            person = _last_killed(ctx, killed_order, subj)
        if person is not None and person.type == "Person":
            out.append((person.key, orgs[0].key, ctx.evidence(tok.sent)))
    return out


def _subject_of(tok: Token) -> Token | None:
    cur: Token | None = tok
    for _ in range(3):
        if cur is None:
            return None
        for c in cur.children:
            if c.dep_ in {"nsubj", "nsubjpass"}:
                return c
        cur = cur.head if cur.head != cur else None
    return None


def _last_killed(ctx: ArticleContext, killed: list[str], subj: Token) -> EntityDraft | None:
    """'the slain militant' → the last person reported killed before this sentence."""
    before = [
        k for k in killed
        if any(s.start < subj.i for s in ctx.entities[k].spans)
    ]  # fmt: skip
    return ctx.entities[before[-1]] if before else None
