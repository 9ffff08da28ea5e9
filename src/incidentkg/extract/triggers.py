"""Which trigger words denote a specific event, and what each says locally.

A trigger counts when it names one real event: singular ("the attack", not "attacks"),
not hypothetical ("could attack", "future attacks", "foiled an attack"), not negated,
and for agentive verbs with an attacker as subject ("militants stormed").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from incidentkg.extract.context import ArticleContext, EntityDraft, noun_class
from incidentkg.extract.dates import WEEKDAYS, ended_before_news, parse_date
from incidentkg.extract.entities import backing, before_distance, place_from_gazetteer
from incidentkg.extract.numbers import word_value
from incidentkg.kb.gazetteer import FOCUS_COUNTRIES, normalise, word_set
from incidentkg.nlp.components import TRIGGER_KEY
from incidentkg.nlp.recase import titled
from incidentkg.records import DateValue

_DEFINITE = {"the", "this", "that", "friday's", "today's"}
_GAP = {"after", "before", "since", "following", "ago"}


@dataclass
class Trigger:
    span: Span
    head: Token
    category: str
    event_type: str
    definite: bool
    gap: bool  # "weeks after a bomb blast": an earlier, different event
    dates: list[DateValue] = field(default_factory=list)
    reporting_dates: list[DateValue] = field(default_factory=list)
    other_dates: list[int] = field(default_factory=list)  # the days of other acts (tokens)
    places: list[EntityDraft] = field(default_factory=list)
    localities: list[Span] = field(default_factory=list)
    #: towns the text names and locates that the gazetteer does not know ('the village of X')
    settlements: list[Span] = field(default_factory=list)
    targets: list[EntityDraft] = field(default_factory=list)
    target_texts: list[str] = field(default_factory=list)
    agencies: list[EntityDraft] = field(default_factory=list)


def _governing_verb(tok: Token) -> Token | None:
    cur = tok
    for _ in range(4):
        if cur.pos_ in {"VERB", "AUX"}:
            return cur
        if cur.head == cur:
            return None
        cur = cur.head
    return None


_EVENT_VERBS = word_set("event_verbs")


def _specific_plural(ctx: ArticleContext, head: Token) -> bool:
    """'2 suicide bombings', 'the shootings took place', 'twin blasts killed 10': one incident.

    So are plurals pinned to one day or one place: "Thursday's air strikes", "last week's
    bombings", "the Brussels attacks", "the attacks in Paris" (a town, not a country).
    """
    if any(c.lower_ in _TWINS for c in head.children):
        return True
    if any(c.lower_ in _SERIES for c in head.children) and _harmed_or_dated(head):
        return True  # 'eight people were killed in multiple suicide blasts' (not a habit)
    counts = [c for c in head.children if c.dep_ == "nummod"]
    if counts:
        return not _statistic(head, counts[0])
    if claimed_with_a_toll(head):
        return True  # 'IS claimed responsibility for suicide blasts that left 20 people dead'
    if head.lemma_.lower() in {"strike", "airstrike"} and _one_days_strikes(head):
        return True  # 'war planes carried out dozens of air strikes … on Wednesday'
    verb = head.head
    if (
        head.dep_ == "dobj"
        and verb.lemma_.lower() in word_set("perpetration_verbs")
        and any(c.dep_ == "nsubj" for c in verb.children)
        and _names_a_day(verb.sent)
    ):
        return True  # 'the military launched air strikes on Monday': one day's strikes
    if any(_dated_possessive(c) for c in head.children if c.dep_ == "poss"):
        return True
    definite = any(c.dep_ == "det" and c.lower_ in {"the", "these", "those"} for c in head.children)
    if definite and any(
        c.dep_ == "compound" and c.ent_type_ in {"GPE", "LOC", "FAC"} for c in head.children
    ):
        return True
    if definite and _in_a_town(ctx, head):
        return True
    if _in_a_town(ctx, head) and _own_day(head):
        return True  # 'suicide bombings in Brussels on Tuesday': one town, one day
    if head.dep_ not in {"nsubj", "nsubjpass"}:
        return False
    verb = head.head
    return verb.lemma_.lower() in _EVENT_VERBS or (
        verb.lemma_.lower() == "go"
        and any(c.dep_ == "prt" and c.lower_ == "off" for c in verb.children)
    )  # 'the blasts went off early Monday'


def claimed_with_a_toll(head: Token) -> bool:
    """A claim of plural acts whose relative clause tells their harm ('claimed
    responsibility for suicide blasts that left at least 20 people dead'): the news's one
    event, not a claim of a campaign ('claimed responsibility for attacks on the army')."""
    if head.dep_ != "pobj" or head.head.lower_ != "for":
        return False
    claim = head.head.head
    if claim.lemma_.lower() not in {"responsibility", "claim", "credit"}:
        return False
    said = claim.head if claim.dep_ in {"dobj", "obj"} else claim
    if any(c.dep_ == "aux" and c.lemma_ == "have" for c in said.children):
        return False  # 'which has claimed responsibility for attacks that killed …': a record
    clauses = [c for c in head.children if c.dep_ == "relcl"]
    doc = head.doc
    if head.i + 1 < head.sent.end and doc[head.i + 1].lower_ in {"that", "which"}:
        # 'for suicide blasts that a monitoring group said left 20 dead': the parser may
        # hang the relative clause anywhere; its verbs follow the noun
        clauses += [t for t in doc[head.i + 2 : head.sent.end] if t.pos_ == "VERB"]
    return any(one_toll(c) for c in clauses)


def one_toll(verb: Token) -> bool:
    """A clause telling one act's harm ('that left at least 20 people dead'), not a tally
    ('that killed hundreds around the world')."""
    harmed = verb.lemma_.lower() in harm_lemmas() | {"leave"} and harm_in_clause(verb)
    return (harmed or verb.lemma_.lower() in harm_lemmas()) and not tally_verb(verb)


def harm_in_clause(verb: Token) -> bool:
    """Whether a clause's own words tell of a death or a wound ('left 20 people dead')."""
    return any(t.lower_ in {"dead", "killed", "wounded", "injured"} for t in verb.subtree)


def _in_a_town(ctx: ArticleContext, head: Token) -> bool:
    """'the attacks in Paris': a plural placed in one town (or a site of one) by its own
    phrase; 'the attacks in Syria' may be many."""
    for prep in head.children:
        if prep.dep_ != "prep" or prep.lower_ not in {"in", "at"}:
            continue
        for obj in prep.children:
            place = ctx.entity_at(obj) if obj.dep_ == "pobj" else None
            if place is not None and place.type == "Place" and place.kind not in _WIDE:
                return True
    return False


_WIDE = {"country", "province", "region", "continent", None}
_TWINS = {"twin", "both", "coordinated", "simultaneous"}
_SERIES = {"multiple", "several", "serial"}


def _own_day(head: Token) -> bool:
    """Whether the noun's own phrase names a day ('bombings … on Tuesday'; the parser may
    hang 'on Tuesday' on the noun that governs it: 'investigations into bombings …')."""
    nouns = [head]
    if head.dep_ == "pobj" and head.head.head.pos_ == "NOUN":
        nouns.append(head.head.head)
    for c in (c for n in nouns for c in n.children):
        if c.dep_ == "prep" and c.lower_ in {"on", "overnight"}:
            for obj in c.children:
                ent = next((e for e in head.sent.ents if e.start <= obj.i < e.end), None)
                if ent is not None and ent.label_ in {"DATE", "TIME"} and _day_named(ent):
                    return True
    return False


def _one_days_strikes(head: Token) -> bool:
    """Air strikes told with the day they struck ('carried out dozens of air strikes against
    the towns … on Wednesday', 'killed in battles and air strikes on Friday'): that day's
    strikes are one operation, as coders count them (not 'air strikes have killed …')."""
    verb = next((a for a in head.ancestors if a.pos_ == "VERB"), None)
    if verb is None or any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children):
        return False
    for c in verb.children:
        objs = (
            [g for g in c.children]
            if c.dep_ == "prep" and c.lower_ in {"on", "overnight"}
            else [c]
            if c.dep_ == "npadvmod"
            else []
        )
        for obj in objs:
            ent = next((e for e in head.sent.ents if e.start <= obj.i < e.end), None)
            if ent is not None and ent.label_ in {"DATE", "TIME"} and _day_named(ent):
                return True
    return False


def _harmed_or_dated(head: Token) -> bool:
    """The plural says who was hurt by it ('killed in multiple blasts') or names a day."""
    verb = head.head.head if head.dep_ == "pobj" else head.head
    harm = harm_lemmas()
    if verb.lemma_.lower() in harm:
        return True
    return _names_a_day(head.sent)


def _statistic(head: Token, count: Token) -> bool:
    """'There were 891 attacks during the first quarter': a count of many incidents over a
    period, not one event. Many incidents and no single day named in the sentence."""
    if re.fullmatch(r"(19|20)\d\d", count.text):
        return False  # 'the 2002 bombings': a year, not a count
    value = word_value([count.text])
    if value is None or value[0] < 5:
        return False
    return not _names_a_day(head.sent)


def _names_a_day(sent: Span) -> bool:
    return any(e.label_ in {"DATE", "TIME"} and _day_named(e) for e in sent.ents)


def _day_named(ent: Span) -> bool:
    """Whether a date expression names a day (its precision; the reference day is moot)."""
    value = parse_date(ent.text, _ANY_DAY)
    return value is not None and value.precision == "day"


_ANY_DAY = dt.date(2000, 1, 5)


def _dated_possessive(tok: Token) -> bool:
    """'Thursday's', 'last week's', 'yesterday's': a possessive naming a time."""
    return tok.ent_type_ in {"DATE", "TIME"} or tok.lower_ in {"yesterday", "today", "tonight"}


def _hypothetical(head: Token) -> bool:
    """What is planned, prepared, feared or possible has not happened: 'an eventual assault',
    'preparing for an offensive', 'in preparation for an attack', 'the plan to carry out the
    attack', 'an attack could follow'."""
    markers = word_set("hypothetical_markers")
    if any(c.lower_ in markers for c in head.children if c.dep_ in {"amod", "aux", "compound"}):
        return True
    if _warned_of(head) or _conditional(head):
        return True
    if head.dep_ == "pobj" and head.head.lower_ == "for" and head.head.head.lemma_ in markers:
        return True  # 'in preparation for an attack'
    verb = head if head.pos_ == "VERB" else _governing_verb(head)
    if verb is None:
        return False
    if verb.dep_ in {"acl", "xcomp"} and verb.head.pos_ == "NOUN" and verb.head.lemma_ in markers:
        return True  # 'the intention to carry out the attack'
    if verb.lemma_.lower() in markers:
        if verb.lemma_.lower() in _THWARTED | _EXPECTED and harm_in(head.sent):
            return False  # 'a soldier was martyred as forces thwarted an attack': it happened
        return not _means_of(head, verb)
    return any(c.tag_ == "MD" for c in verb.children)


_THWARTED = {"foil", "thwart", "repulse", "repel", "avert", "prevent"}
_EXPECTED = {"expect", "anticipate", "foresee"}  # 'did not expect the bombing, which killed 20'


def _conditional(head: Token) -> bool:
    """'Even if an attack happened on the campus …', 'unless the militants strike first': a
    condition is no event. An indirect question ('asked if the attack was planned') is a
    clause of its own verb (ccomp), not a condition, and the attack in it happened."""
    verb = head if head.pos_ == "VERB" else _governing_verb(head)
    for clause in (verb, *(verb.ancestors if verb is not None else ())):
        if clause is None or clause.dep_ != "advcl":
            continue
        return any(c.dep_ == "mark" and c.lower_ in {"if", "unless"} for c in clause.children)
    return False


@cache
def harm_lemmas() -> frozenset[str]:
    """Verbs of killing, wounding and dying: what tells of people harmed."""
    return word_set("kill_lemmas") | word_set("injure_lemmas") | word_set("die_verbs")


def harm_in(sent: Span) -> bool:
    """Whether a sentence tells of someone killed, wounded or martyred."""
    harm = harm_lemmas()
    return any(t.lemma_.lower() in harm | {"martyrdom"} for t in sent)


def _means_of(head: Token, verb: Token) -> bool:
    """'foiled a plot through an operation that killed three': the operation is how it was
    foiled, and it happened."""
    return (
        head.dep_ == "pobj"
        and head.head.lower_ in {"through", "in", "during", "by"}
        and head.head.head == verb
    )


def _warned_of(head: Token) -> bool:
    """'a warning from the group that "there will be a concert", meaning an attack': what a
    warning announces has not happened ('warned before the attack' is no such thing)."""
    warn = {"warn", "warning"}
    clause = False  # the trigger lies in what was said, not beside it
    for anc in [head, *list(head.ancestors)[:5]]:
        if anc.lower_ in {"before", "after", "since", "during", "following", "despite"}:
            return False
        if anc.lemma_.lower() in warn:
            return True
        if clause and any(c.dep_ == "dobj" and c.lemma_.lower() in warn for c in anc.children):
            return True  # 'received a warning … that there would be …'
        clause = clause or anc.dep_ in {"ccomp", "acl"}
    return False


_GENERIC = re.compile(
    r"\b(over the years|in recent years"
    r"|in the past(?! (?:\w+ )?(?:year|month|week|day|hour|decade)s?\b)"  # a period: no habit
    r"|often|frequently|routinely|regularly"
    r"|repeatedly|usually|typically|generally|mostly|every year|each year)\b",
    re.IGNORECASE,
)


def _generic(head: Token) -> bool:
    """'have struck over the years in Karachi': a habit, not one event. Only the trigger's
    own clause counts ('glorifying a truck attack …, in praise for a platform that has often
    struggled' is one attack)."""
    if _bare_mass(head) or _on_anyone(head):
        return True
    verb = _governing_verb(head)
    if verb is None or verb.dep_ in {"ROOT"} or not habitual(head.sent):
        return habitual(head.sent)
    clause = head.doc[verb.left_edge.i : verb.right_edge.i + 1]
    return bool(_GENERIC.search(clause.text))


def _kind_of_many(ctx: ArticleContext, head: Token) -> bool:
    """A trigger naming the kind of a plural event noun that tells of many events ('bombing
    and shooting attacks since 2014'), or what a series or campaign over a period is of, is no
    event of its own ('a series of blasts on Monday', 'a series of car bomb and suicide attacks
    in Jableh and Tartus' are one)."""
    if head.dep_ == "conj" and head.head.i < head.i and head.head.pos_ == "NOUN":
        return _kind_of_many(ctx, head.head)  # 'a series of bombing and shooting attacks'
    over_time = bool(_PERIOD.search(head.sent.text) or _SINCE.search(head.sent.text))
    if (
        head.dep_ == "pobj"
        and head.head.lower_ == "of"
        and head.head.head.lemma_.lower() in word_set("campaign_nouns")
        and over_time
        and not _names_a_day(head.sent)
    ):
        return True  # 'a series of bombing and shooting attacks since mid-2014'
    noun = head.head
    if head.dep_ not in {"compound", "amod"} or noun.tag_ != "NNS" or not one_event_noun(noun):
        return False
    return over_time and not _names_a_day(head.sent) and not _specific_plural(ctx, noun)


_SINCE = re.compile(r"\bsince (?:(?:early|mid|late)-?)?(?:19|20)\d\d\b", re.IGNORECASE)


def _modifies_a_thing(head: Token) -> bool:
    """A trigger that only modifies another noun names a kind of that thing: 'attack victims',
    'massacre lawsuit', 'bombing targets', and along a chain of modifiers 'an attack alert
    app' ('church massacre civil lawsuit', the parser's nmod, too)."""
    if head.dep_ not in {"compound", "nmod"} or head.head.pos_ not in {"NOUN", "PROPN"}:
        return False
    chain = [head.head]
    while chain[-1].dep_ in {"compound", "nmod"} and chain[-1].head.pos_ in {"NOUN", "PROPN"}:
        chain.append(chain[-1].head)
    things = word_set("not_event_heads")
    first, last = chain[0], chain[-1]
    if first.pos_ == "NOUN" and (noun_class(first.lemma_) or first.lemma_ in things):
        return True
    return len(chain) > 1 and last.lemma_.lower() in things


def _on_anyone(head: Token) -> bool:
    """'an attack on any faith is an attack on all of our faiths': an act on anyone at all is
    a maxim, not an event."""
    anyone = {"any", "all", "anyone", "everyone", "anybody", "everybody"}
    verb = head.head
    if head.dep_ in {"attr", "nsubj"} and verb.lemma_ == "be":
        pair = [c for c in verb.children if c.dep_ in {"attr", "nsubj"} and c != head]
        if any(c.lemma_ == head.lemma_ for c in pair):
            return True  # 'an attack on one faith is an attack on all faiths': an equation
    for prep in head.children:
        if prep.dep_ != "prep" or prep.lower_ not in {"on", "against"}:
            continue
        for obj in prep.children:
            if obj.dep_ == "pobj" and (
                obj.lower_ in anyone
                or any(c.dep_ == "det" and c.lower_ == "any" for c in obj.children)
            ):
                return True
    return False


def _bare_mass(head: Token) -> bool:
    """'Aleppo is the scene of heavy bombardment', 'condemned cross-border shelling': a mass
    noun of fire with no determiner, not acting and with no day in its sentence is a state of
    the war, not one event ('Turkish shelling killed 55', 'shelling on Monday' are)."""
    noun = head.pos_ == "NOUN" or (
        head.tag_ == "VBG" and not any(c.dep_ in {"dobj", "nsubj"} for c in head.children)
    )  # the parser's verb 'shelling' with no subject or object is the noun
    campaign = head.lower_ == "bombing" and any(
        c.dep_ == "amod" and c.lower_ in word_set("air_campaign_demonyms") for c in head.children
    )  # 'Russian bombing has for weeks targeted …': an air power's campaign
    fire = head.lower_ in {"shelling", "bombardment", "bombardments"}
    if not noun or not (fire or campaign):
        return False
    if _RECENT.search(head.sent.text):
        return True  # 'the intensified bombardment in recent days': a period's
    if head.tag_ == "NNS" or (
        head.dep_ in {"nsubj", "nsubjpass"} and head.head.lemma_.lower() in _EVENT_VERBS
    ):
        return False  # 'Turkish shelling killed 55', not 'shelling had raised tensions'
    if any(c.dep_ in {"det", "poss", "nummod"} for c in head.children):
        return False
    return not _names_a_day(head.sent)


_RECENT = re.compile(r"\b((in|over) (recent|the past|the last)|for) (days|weeks|months)\b", re.I)


def _done_before(head: Token) -> bool:
    """'jihadists have attacked hotels before': acts done before, of a kind (a bare plural
    object), told as a perfect with 'before' and no day: a habit, not the news."""
    if head.pos_ != "VERB" or not any(
        c.dep_ in {"advmod", "prep"} and c.lower_ == "before" and not list(c.children)
        for c in head.children
    ):
        return False
    if not any(c.dep_ == "aux" and c.lemma_ == "have" for c in head.children):
        return False
    objs = [c for c in head.children if c.dep_ == "dobj"]
    return all(
        o.tag_ == "NNS" and not any(g.dep_ in {"det", "nummod", "poss"} for g in o.children)
        for o in objs
    )


_PERIOD = re.compile(
    r"\b((in|over|during) the (last|past) (year|\w+ (years|months))|(last|this) year"
    r"|since (19|20)\d\d)\b",
    re.IGNORECASE,
)


_SHARE = re.compile(r"\bper ?cent\b|%", re.IGNORECASE)
_SPELL = re.compile(
    r"\b(previous|past|last|first|second|third|fourth) (\w+ )?(months|quarter|year|weeks)\b",
    re.IGNORECASE,
)


def _tally(head: Token) -> bool:
    """'Pakistan has killed and arrested hundreds of militants in the last year', 'attacks
    that have killed hundreds': hundreds or thousands over a period, or so far, are a count
    of many events, not one."""
    if (
        head.tag_ in {"NNS", "NNPS"}
        and head.dep_ == "pobj"
        and head.head.lower_ == "of"
        and any(t.ent_type_ == "PERCENT" for t in head.sent)
    ):
        return True  # 'Of the U.S. attacks, 51 percent took place in Florida': a share
    verb = head if head.pos_ == "VERB" else _governing_verb(head)
    if verb is None:
        return False
    verbs = [verb, *(c for c in verb.children if c.dep_ == "conj"), verb.head]
    verbs += [c for c in head.children if c.dep_ == "relcl"]  # 'attacks that have killed …'
    if _SHARE.search(head.sent.text) and _SPELL.search(head.sent.text):
        return True  # 'those attacks killed 2,150, a 44 percent rise over the previous months'
    return any(tally_verb(v) for v in verbs)


def _hundreds_or_more(verb: Token) -> bool:
    """Whether the verb's object counts a hundred or more ('more than 1,700 civilians')."""
    for c in verb.children:
        if c.dep_ != "dobj":
            continue
        for t in c.subtree:
            digits = t.text.replace(",", "")
            if t.like_num and digits.isdigit() and int(digits) >= 100:
                return True
    return False


def tally_verb(verb: Token) -> bool:
    """Whether a verb counts hundreds or thousands so far or over a period ('have killed
    hundreds', 'killed thousands last year'): a tally, not one event's toll. So is any
    count that events ('stabbings and shootings') have made since a date."""
    since = any(c.dep_ == "prep" and c.lower_ == "since" for c in verb.children)
    if _record_of_attacks(verb if verb.dep_ == "relcl" else verb.head):
        return True  # 'a string of attacks … that have left over 50 dead in the past year'
    events = [
        c
        for c in verb.children
        if c.dep_ == "nsubj"
        and c.tag_ == "NNS"
        and (
            one_event_noun(c)
            or c.lemma_.lower()
            in {"stabbing", "ramming", "killing", "raid", "strike", "airstrike", "shelling"}
        )
    ]
    if (
        since
        and events
        and any(c.dep_ == "aux" and c.lower_ in {"has", "have"} for c in verb.children)
    ):
        return True  # 'since October, stabbings and shootings have killed 28 people'
    unnumbered = [
        c for c in events if not any(g.lower_ in _TWINS or g.dep_ == "nummod" for g in c.children)
    ]
    if unnumbered and _PERIOD.search(verb.sent.text) and not _names_a_day(verb.sent):
        return True  # 'bombings in Damascus and Homs this year killed dozens': many events
    perfect = any(c.dep_ == "aux" and c.lower_ in {"has", "have"} for c in verb.children)
    if events and perfect and _hundreds_or_more(verb):
        return True  # 'Russian air strikes have killed more than 1,700 civilians'
    if not any(
        c.lower_ in {"hundreds", "thousands", "scores"}
        for c in verb.children
        if c.dep_ in {"dobj", "nsubjpass", "nsubj"}
    ):
        return False
    if not _names_a_day(verb.sent) and _under_a_campaign(verb):
        return True  # 'an al Qaeda campaign …, killing hundreds in attacks'
    verbs = [verb, verb.head] if verb.dep_ == "conj" else [verb]  # 'has killed and arrested'
    subj = next((c for v in verbs for c in v.children if c.dep_ == "nsubj"), None)
    if subj is not None and subj.lower_ in {"which", "that"} and verb.dep_ == "relcl":
        subj = verb.head
    if subj is not None and subj.tag_ == "NN" and one_event_noun(subj):
        return False  # 'a truck bomb has killed hundreds': one event's toll
    perfect = any(
        c.dep_ == "aux" and c.lower_ in {"has", "have"} for v in verbs for c in v.children
    )
    return perfect or bool(_PERIOD.search(verb.sent.text))


def _record_of_attacks(rel: Token) -> bool:
    """A relative clause in the perfect on plural attacks ('attacks that have killed 50',
    'a string of attacks … that have left over 50 dead'): their record, not one toll."""
    if rel.dep_ != "relcl" or not any(
        c.dep_ == "aux" and c.lower_ in {"has", "have"} for c in rel.children
    ):
        return False
    if not any(c.dep_ == "nsubj" and c.lower_ in {"that", "which"} for c in rel.children):
        return False
    ante = rel.head
    if ante.lemma_.lower() in {"string", "series", "wave", "spate", "number"}:
        ante = next((g for c in ante.children if c.lower_ == "of" for g in c.children), ante)
    if ante.tag_ == "NNS" and noun_class(ante.lemma_) == "perpetrator":
        return True  # '… claimed by jihadists that have left over 50 dead': their record
    return ante.tag_ == "NNS" and one_event_noun(ante)


def _under_a_campaign(verb: Token) -> bool:
    """Whether a count's verb tells of a campaign: the campaign is its subject, it hangs under
    the campaign, or it is the participle of a clause about one ('crushed an al Qaeda campaign
    a decade ago, killing hundreds')."""
    campaigns = word_set("campaign_nouns")
    heads = [verb, verb.head] if verb.dep_ in {"advcl", "conj", "relcl"} else [verb]
    if any(a.lemma_.lower() in campaigns for a in verb.ancestors if a.pos_ == "NOUN"):
        return True
    return any(
        c.lemma_.lower() in campaigns
        for v in heads
        for c in v.children
        if c.dep_ in {"nsubj", "dobj"}
    )


def one_event_noun(tok: Token) -> bool:
    """'the bombing', 'a truck bomb', 'the attack': a noun naming one violent event."""
    lemma = tok.lemma_.lower()
    return lemma in word_set("blast_nouns") | {"attack", "bomb", "bombing", "shooting", "assault"}


def habitual(sent: Span) -> bool:
    """A sentence about what usually happens ('attacks are claimed mostly by X'); 'the
    deadliest attack in the past year' compares one event with a period, it is no habit."""
    if any(t.tag_ == "JJS" and t.head.pos_ == "NOUN" for t in sent):
        return False
    # 'the mostly Christian village': an adverb grading an adjective tells of no habit
    text = "".join(
        " " * len(t.text) + t.whitespace_
        if t.pos_ == "ADV" and t.head.pos_ in {"NOUN", "PROPN", "ADJ"}
        else t.text_with_ws
        for t in sent
    )
    return bool(_GENERIC.search(text))


_FIGURATIVE = word_set("figurative_attack_modifiers")
_CYBER = word_set("cyber_words")
_FRAMES = word_set("frame_nouns")
_SECURITY_MODIFIERS = word_set("security_operation_modifiers")
_SECURITY_WORDS = word_set("security_words")


def _figurative(head: Token) -> bool:
    """'a heart attack', 'a cyber attack', 'lines of attack': not political violence."""
    mods = {c.lower_ for c in head.children if c.dep_ in {"amod", "compound", "nmod"}}
    mods |= {t.lower_ for c in head.children if c.dep_ == "compound" for t in c.subtree}
    if mods & _FIGURATIVE:
        return True
    cyber = {t.lower_ for t in head.sent} & _CYBER
    if cyber and not (cyber <= {"hacked", "hacking", "hack"} and _to_death_in(head.sent)):
        return True  # 'hackers behind the Sony attack' (not 'hacked to death', 'hacking …')
    if head.dep_ == "pobj" and head.head.lower_ == "on" and head.head.head.lemma_ == "go":
        return True  # 'the senator went on the attack': an idiom of debate
    if any(c.lower_ == "you" and c.dep_ in {"dobj", "nsubjpass"} for c in head.children):
        return True  # 'a car that ambushes you in a crosswalk': anyone, so no one
    if head.lemma_.lower() == "shoot" and any(
        c.dep_ == "prt" and c.lower_ == "down" for c in head.children
    ):  # 'she quickly shot that down' (a rumour), not 'shot down a helicopter'
        objs = [c for c in head.children if c.dep_ in {"dobj", "nsubjpass"}]
        return not any(o.lemma_.lower() in word_set("aircraft_nouns") for o in objs)
    if head.lemma_.lower() in {"bombard", "shell"} and head.pos_ == "VERB":
        if any(c.dep_ == "prt" and c.lower_ == "out" for c in head.children):
            return True  # 'fans had to shell out $200'
        withs = [g for c in head.children if c.dep_ == "prep" and c.lower_ == "with"
                 for g in c.children if g.dep_ == "pobj"]  # fmt: skip
        if any(g.lemma_.lower() not in _WEAPONS for g in withs):
            return True  # 'bombarded with questions', not 'bombarded with rockets'
    if head.lemma_.lower() == "hostage" and head.head.lemma_ == "hold":
        # 'hold our data hostage': something that is no person held to ransom
        held = [c for c in head.children if c.dep_ in {"compound", "poss"} and c.pos_ == "NOUN"]
        if held and all(noun_class(c.lemma_) is None for c in held):
            return True
    if _on_something_abstract(head) or _blasted_in_words(head):
        return True
    return head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lower_ in _FRAMES


def _blasted_in_words(head: Token) -> bool:
    """'Senators blasted the plan', 'she blasted him', 'I had a blast with the demo': to blast
    someone or something that is no building, vehicle or place is to criticise it, and to
    have a blast is to have fun."""
    if head.lemma_.lower() != "blast":
        return False
    if head.pos_ == "NOUN":
        return head.dep_ == "dobj" and head.head.lemma_.lower() == "have"
    if head.pos_ != "VERB":
        return False
    subjects = [c for c in head.children if c.dep_ == "nsubj"]
    if any(
        s.lemma_.lower() in word_set("explosive_nouns") | _WEAPONS
        or noun_class(s.lemma_) == "perpetrator"
        for s in subjects
    ):
        return False  # 'a bomb blasted a police van', 'militants blasted a school'
    objs = [c for c in head.children if c.dep_ == "dobj"]
    sites = word_set("site_nouns") | word_set("militant_sites") | word_set("blasted_things")
    return bool(objs) and not any(
        o.ent_type_ in {"GPE", "LOC", "FAC"} or o.lemma_.lower() in sites for o in objs
    )  # criticism of someone or of a plan, not of a school, a pipeline or a wall


def _on_something_abstract(head: Token) -> bool:
    """'an attack on democracy', 'an assault on the union's founding principles': what is
    attacked is an idea, a right or a plan, so the attack is a figure of speech."""
    if head.lemma_.lower() not in {"attack", "assault", "onslaught"}:
        return False
    if head.pos_ == "VERB":
        objs = [c for c in head.children if c.dep_ == "dobj"]
    else:
        objs = [
            g
            for c in head.children
            if c.dep_ == "prep" and c.lower_ in {"on", "against", "upon"}
            for g in c.children
            if g.dep_ == "pobj"
        ]
    abstract = word_set("abstract_targets")
    return bool(objs) and all(o.lemma_.lower() in abstract or o.lower_ in abstract for o in objs)


def without_backers(subj: Token) -> list[Token]:
    """The subject's phrase without a passive participle's agent ('government forces, backed
    by Russian air strikes and Hezbollah fighters, launched …'): who backs the actor is not
    the actor."""
    backers = {
        t.i
        for c in subj.children
        if c.dep_ == "acl" and any(g.dep_ == "agent" for g in c.children)
        for t in c.subtree
    }
    return [t for t in subj.subtree if t.i not in backers]


def agent_tokens(head: Token) -> list[Token]:
    """The words that can name who acted: subject, possessor, modifiers, 'by …', and the
    subject of the verb whose object the trigger is ('Russia launched an air strike')."""
    toks: list[Token] = []
    for c in head.children:
        if c.dep_ in {"nsubj", "poss", "compound", "amod", "nmod", "agent"} or (
            c.dep_ == "prep" and c.lower_ == "by"
        ):
            toks.extend(without_backers(c))
    verb = head.head
    responding = (
        word_set("response_verbs") | word_set("reporting_verbs") | word_set("defence_verbs")
    )
    acting = verb.pos_ == "VERB" and verb.lemma_.lower() not in responding
    if _aspect_of(head) and not toks:
        # 'police started assaulting the students': the subject of 'started'
        toks.extend(t for c in verb.children if c.dep_ == "nsubj" for t in c.subtree)
    elif not toks and (controller := _controller(head)) is not None:
        # 'Iraqi forces were able to storm into …', 'troops tried to raid': the one who did
        toks.extend(t for c in controller.children if c.dep_ == "nsubj" for t in without_backers(c))
    if head.dep_ in {"dobj", "obj"} and acting:
        # not 'police investigated an assault', 'troops foiled the attack'
        toks.extend(t for c in verb.children if c.dep_ == "nsubj" for t in without_backers(c))
    elif head.dep_ == "pobj" and verb.lower_ == "under":
        # 'a stronghold under siege by security forces': the 'by' of what is under it
        toks.extend(t for c in verb.head.children if c.dep_ == "prep" and c.lower_ == "by"
                    for t in c.subtree)  # fmt: skip
    elif head.dep_ == "pobj" and verb.lower_ == "after" and is_two_sided(head):
        # 'marines grabbed him after a shootout': who captured him fought
        toks.extend(t for c in verb.head.children if c.dep_ == "nsubj" for t in c.subtree)
    elif head.dep_ == "pobj" and verb.lower_ in {"in", "during"}:
        # 'Boko Haram kills dozens in raid', 'police kill gunman in siege': who killed in it
        killing = verb.head
        if killing.dep_ == "dobj":  # the parser may hang 'in …' on the one killed
            killing = killing.head
        if killing.lemma_.lower() in word_set("kill_lemmas") and any(
            c.dep_ == "dobj" for c in killing.children
        ):
            toks.extend(t for c in killing.children if c.dep_ == "nsubj" for t in c.subtree)
        clause = verb.head
        if clause.pos_ == "VERB" and clause.lemma_.lower() in word_set("advance_verbs"):
            # 'U.S.-backed forces advanced to within 5 km … in an attack that has killed 150'
            toks.extend(t for c in clause.children if c.dep_ == "nsubj" for t in c.subtree)
        if (
            clause.pos_ == "VERB"
            and clause.dep_ in {"advcl", "xcomp"}
            and clause.lemma_.lower() not in responding
            and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in clause.children)
            and clause.head.pos_ == "VERB"
            and clause.head.lemma_.lower() not in responding
        ):
            # 'forces advanced into the town, taking control … in a major assault': the
            # participle's subject is the main clause's
            toks.extend(t for c in clause.head.children if c.dep_ == "nsubj" for t in c.subtree)
    return toks


def is_two_sided(head: Token) -> bool:
    """A fight with two sides ('shootout', 'gun battle', 'clash'): whose event it is depends
    on who fought."""
    return head.lemma_.lower() in word_set("two_sided_fights")


def _fight_with_the_state(ctx: ArticleContext, head: Token) -> bool:
    """'Two officers were wounded in a shootout with a suspect', 'a gun battle between
    troops and militants': a fight the state's forces took part in is an operation (as
    ACLED codes armed clashes with state forces), unless its sentence tells of an attack."""
    if not is_two_sided(head):
        return False
    if ensuing(head):
        return False
    sent = head.sent
    if any(
        t.lemma_.lower() in {"attack", "ambush", "storm"}
        and t.i != head.i
        and not any(_dated_possessive(c) for c in t.children if c.dep_ == "poss")
        and not _describes_a_person(t, head)
        and not _is_gap(t)
        for t in sent
    ):
        # 'gun battle after an attack on a police compound': the attack's fight (but not
        # 'the fugitive from November's Paris attacks … arrested after a shootout')
        return False
    for tok in sent:
        ent = ctx.entity_at(tok)
        if ent is not None and ent.kind in {"security_agency", "military"}:
            return True
        lemma = tok.lemma_.lower()
        if (
            lemma in word_set("state_force_nouns")
            or (noun_class(lemma) == "security" and lemma != "official")  # 'officials said'
            or sheriffs_deputy(tok)
        ):
            return True
        if lemma in {"arrest", "detain", "nab", "capture", "manhunt", "pursuit"}:
            return True  # 'arrested in a shootout', 'a manhunt ended in a shootout': police
    return False


def _killed_in_a_fight_with_the_state(ctx: ArticleContext, head: Token) -> bool:
    """'40 soldiers and 18 insurgents were killed in battles and air strikes in Latakia':
    deaths in fighting the state's strikes were part of are its operation's (as ACLED codes
    battles with air support); soldiers killed 'in clashes with militants' alone may be the
    militants' attack, and stay so."""
    if head.lemma_.lower() not in word_set("kill_lemmas") or head.pos_ != "VERB":
        return False
    means = [
        g
        for c in head.children
        if c.dep_ == "prep" and c.lower_ in {"in", "during"}
        for p in c.children
        if p.dep_ == "pobj"
        for g in (p, *p.conjuncts)
    ]
    fights = [m for m in means if is_two_sided(m) or m.lemma_.lower() == "fighting"]
    strikes = [m for m in means if m.lemma_.lower() in {"strike", "airstrike", "bombardment"}]
    return bool(fights and strikes)


_STOPPING = frozenset({"stop", "arrest", "detain", "intercept", "confront", "apprehend"})


def _during_what_the_forces_did(ctx: ArticleContext, head: Token) -> bool:
    """'… were stopped by the FBI and Oregon State Police. Shots were fired during the
    incident and a member of the group was killed': shots told, with no doer, during the
    act the sentence before gives the forces (a stop, an arrest) are their operation's,
    when no officer is the one hit (an officer shot at a stop is attacked)."""
    sent = head.sent
    if sent.start == 0 or not any(
        t.lower_ == "during"
        and any(g.dep_ == "pobj" and any(d.lower_ in {"the", "that"} for d in g.children)
                for g in t.children)
        for t in sent
    ):  # fmt: skip
        return False
    hit = [c for c in head.children if c.dep_ in {"nsubjpass", "dobj"}]
    if any(_a_force(ctx, c) or (noun_class(c.lemma_) == "security"
                                and c.lemma_.lower() not in {"member", "official"})
           for c in hit):  # fmt: skip ('a member of Bundy's group' is no officer)
        return False
    if any(c.dep_ in {"nsubj", "agent"} for c in head.children) and not _state_agent(ctx, head):
        return False  # 'a gunman opened fire during the incident': the gunman's act
    before = ctx.doc[sent.start - 1].sent
    if not any(v.pos_ == "VERB" and v.lemma_.lower() in _STOPPING for v in before):
        return False
    return any(_force_or_its_men(ctx, t) and _doer_word(t) for t in before)


def _doer_word(tok: Token) -> bool:
    """A subject, or a noun of a 'by' phrase (or one joined to it: 'by the FBI and Oregon
    State Police')."""
    while tok.dep_ in {"conj", "compound"} and tok.head != tok:
        tok = tok.head
    return tok.dep_ == "nsubj" or (tok.dep_ == "pobj" and tok.head.lower_ == "by")


def _former_member(tok: Token, head: Token) -> bool:
    """Whether ``tok`` names (or modifies) someone who has left the force: 'a former
    soldier', 'a retired police officer', 'an ex-army man'."""
    node = tok
    for _ in range(4):
        if any(c.lower_ in {"former", "retired", "ex", "ex-"} for c in node.children):
            return True
        if node.head == node or node.head.i == head.i or node.head.pos_ not in {"NOUN", "PROPN"}:
            return False
        node = node.head
    return False


def _police_action(tok: Token) -> bool:
    """A word of the forces acting on someone: an arrest, a warrant served, an eviction, a
    chase (a traffic stop is not one: an officer shot at a stop is attacked, as coders have it)."""
    return tok.lemma_.lower() in word_set("arrest_words")


def sheriffs_deputy(tok: Token) -> bool:
    """'A deputy was killed', 'two sheriff's deputies': a sheriff's officer in an article
    that names a sheriff, not someone's second ('Mansour's deputies', 'the deputy of the
    party') or part of a title ('deputy minister')."""
    if tok.lemma_.lower() != "deputy" or tok.dep_ in {"compound", "amod"}:
        return False
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
        return False
    owners = [c for c in tok.children if c.dep_ == "poss"]
    if owners:
        return all(c.lemma_.lower() in {"sheriff", "county"} for c in owners)
    return any(t.lemma_.lower() == "sheriff" for t in tok.doc)


def _hit_while_arresting(ctx: ArticleContext, head: Token) -> bool:
    """'Two agents were shot as they tried to arrest a suspect', 'firing on officers who
    were trying to serve him with an arrest warrant': the forces' raid or arrest is the
    event (an operation in which they were hit), as in a shootout during an arrest."""
    hit = [c for c in head.children if c.dep_ == "nsubjpass"]
    if head.lemma_.lower() in {"fire", "shoot", "open"}:
        acts = [
            head,
            *(c for c in head.children if c.dep_ == "advcl" and c.tag_ == "VBG"),
            *(c for c in head.children if c.dep_ == "conj" and c.pos_ == "VERB"),
        ]  # 'opened fire, hitting an officer', 'opened fire and hit Goodding'
        hit += [c for a in acts for c in a.children if c.dep_ == "dobj"]
        hit += [
            g
            for a in acts
            for c in a.children
            if c.dep_ == "prep" and c.lower_ in {"on", "at"}
            for g in c.children
            if g.dep_ == "pobj"
        ]  # fmt: skip ('fired on officers')
    if not any(_an_officer(ctx, h) or _officers_told(ctx, h) for h in hit):
        return False
    if any(
        (e := ctx.entity_at(t)) is not None and e.kind == "armed_group" for t in agent_tokens(head)
    ):
        return False  # 'the Taliban opened fire on them while they were chasing a suspect'
    return any(_police_action(t) for t in head.sent)


def _officers_told(ctx: ArticleContext, tok: Token) -> bool:
    """'Two deputies were wounded when a man opened fire on them': a pronoun hit stands
    for the officers a clause above the shots has as its subject (not 'police said')."""
    if tok.lower_ not in {"him", "her", "them", "he", "she", "they"}:
        return False
    reporting = word_set("reporting_verbs")
    for verb in tok.ancestors:  # the clauses the shots are told in, not 'police said'
        if verb.pos_ not in {"VERB", "AUX"} or verb.lemma_.lower() in reporting:
            continue
        if any(c.dep_ in {"nsubj", "nsubjpass"} and _an_officer(ctx, c) for c in verb.children):
            return True
    return False


def _an_officer(ctx: ArticleContext, tok: Token) -> bool:
    """A member of the forces: 'officers', or a person the article titles as one ('hitting
    Jacobs', after 'Officer Allen Jacobs')."""
    if (noun_class(tok.lemma_) == "security" and tok.lemma_ != "official") or sheriffs_deputy(tok):
        return True
    person = ctx.entity_at(tok)
    return (
        person is not None
        and person.type == "Person"
        and (
            bool(person.title_classes & {"police", "military"})
            or any(noun_class(d) == "security" for d in person.descriptors)
        )  # 'identified the slain officer as Allen Lee Jacobs'
    )


def _shot_by_the_arresting(ctx: ArticleContext, head: Token) -> bool:
    """'X was shot dead during a confrontation with the FBI and state police', 'were
    arrested on a roadside where X was shot dead': someone shot, by no one named, in the
    forces' confrontation or at the place of their arrest was shot by them (not 'police
    arrested two men after a shopkeeper was shot dead': the arrest is the aftermath)."""
    if head.lemma_.lower() not in {"shoot", "kill"} or head.tag_ != "VBN":
        return False
    if any(c.dep_ == "agent" for c in head.children):
        return False
    for prep in head.children:
        if prep.dep_ != "prep" or prep.lower_ not in {"during", "in", "at"}:
            continue
        for noun in prep.children:
            if noun.dep_ != "pobj" or noun.lemma_.lower() not in _CONFRONTATIONS:
                continue
            if any(
                _an_officer(ctx, g) or _a_force(ctx, g)
                for w in noun.children
                if w.dep_ == "prep" and w.lower_ == "with"
                for c in w.children
                for g in [c, *(x for x in c.children if x.dep_ == "conj")]
            ):
                return True
    if head.dep_ != "relcl" or not any(c.lower_ == "where" for c in head.children):
        return False
    if any(t.ent_type_ == "DATE" for t in head.subtree):
        return False  # 'arrested two men at the market where a man was shot last week'
    node = head.head  # 'a roadside (in Idaho) where …': is it where someone was arrested?
    while node.dep_ == "pobj" and node.head.dep_ == "prep" and node.head.head.pos_ != "VERB":
        node = node.head.head
    return (
        node.dep_ == "pobj"
        and node.head.dep_ == "prep"
        and node.head.head.lemma_.lower() in word_set("arrest_words")
    )


_CONFRONTATIONS = frozenset({"confrontation", "standoff", "stand-off", "encounter", "raid"})


def _a_force(ctx: ArticleContext, tok: Token) -> bool:
    """An agency or the armed forces named ('the FBI', 'the army')."""
    ent = ctx.entity_at(tok)
    return (ent is not None and ent.kind in {"security_agency", "military"}) or (
        tok.lemma_.lower() in word_set("state_force_nouns")
    )


def _suspect_shot(head: Token) -> bool:
    """'One suspect was shot dead after being spotted from a police helicopter': a suspect or
    gunman shot, by no one named, was shot by the forces hunting him."""
    if head.lemma_.lower() != "shoot" or any(c.dep_ == "agent" for c in head.children):
        return False
    shot = [c for c in head.children if c.dep_ == "nsubjpass"]
    if head.dep_ == "relcl":  # 'chased a suspect, who was shot to death': the suspect
        shot = [head.head if c.lower_ in {"who", "that"} else c for c in shot]
    return any(
        c.lower_ in {"suspect", "gunman", "militant", "attacker", "assailant", "shooter"}
        for c in shot
    )  # one man hunted, not 'two militants were shot dead after they attacked a post'


def at_the_end_of_an_attack(head: Token) -> bool:
    """'… shot dead by police at the end of the June 12 massacre', '… killed by police
    during the siege': the state's shooting told as part of an attack ends it (the GUIDE's
    'gunmen shot by police while it happens'), it is no operation of its own."""
    for tok in head.subtree:
        if tok.dep_ != "pobj" or not (one_event_noun(tok) or tok.lemma_.lower() in _ended_acts()):
            continue
        prep = tok.head
        if prep.lower_ in {"during", "in"} or (prep.lower_ == "of" and prep.head.lower_ == "end"):
            return True
    return False


def _ended_acts() -> frozenset[str]:
    """The acts a state's shooting may end: the lexicon's event nouns and a standoff."""
    return word_set("named_event_nouns") | {"standoff", "stand-off"}


def _state_shooting(ctx: ArticleContext, head: Token) -> bool:
    """'Alton Sterling was shot and killed by police', 'an officer fatally shot a black man
    during a traffic stop': the forces killing a person (not an attacker, whose death ends
    the attack) is their act, an operation by the GUIDE (an action by state forces). A
    shooting nobody died of ('police shot a man who charged an officer') stays a police
    matter."""
    if head.pos_ != "VERB" or head.lemma_.lower() not in {"shoot", "kill", "gun"}:
        return False
    verbs = [head, *(c for c in head.children if c.dep_ == "conj" and c.pos_ == "VERB")]
    if head.dep_ == "conj" and head.head.pos_ == "VERB":
        verbs.append(head.head)  # 'was shot and killed by police': one act, two verbs
    first = head.head if head.dep_ == "conj" else head
    told = first.head if first.dep_ in {"acl", "relcl"} else None
    # 'the killing of Jane Doe, who was shot by an officer': the death told by the noun
    if not (any(_fatal(v) for v in verbs) or (told is not None and _death_of(told))):
        return False
    if at_the_end_of_an_attack(head):
        return False
    if not any(_force_or_its_men(ctx, doer) for v in verbs for doer in _doers(v)):
        return False
    shot = [c for v in verbs for c in v.children if c.dep_ in {"nsubjpass", "dobj"}]
    if first.dep_ == "acl" and first.head.pos_ in {"NOUN", "PROPN"}:
        shot.append(first.head)  # 'a black man pinned to the ground and shot by police'
    if head.dep_ == "relcl":  # 'Castile, who was shot by an officer': Castile
        shot = [head.head if c.lower_ in {"who", "that"} else c for c in shot]
    return bool(shot) and all(
        _a_person(ctx, c)
        and noun_class(c.lemma_) not in {"perpetrator", "security"}
        and c.lower_ not in {"suspect", "suspects", "himself", "themselves"}
        for c in shot
    )


def _death_of(person: Token) -> bool:
    """'the killing of a man …', 'the death of Jane Doe, who …': a person told as the one
    whose death a noun names."""
    prep = person.head
    return (
        person.dep_ == "pobj"
        and prep.lower_ == "of"
        and prep.head.lemma_.lower() in {"killing", "death", "murder", "slaying"}
    )


def _fatal(verb: Token) -> bool:
    """'killed', 'fatally shot', 'shot dead', 'shot to death', 'gunned down'."""
    if verb.lemma_.lower() in {"kill", "gun"}:
        return True
    return any(
        c.lower_ in {"fatally", "dead"}
        or (c.lower_ == "to" and any(g.lower_ == "death" for g in c.children))
        for c in verb.children
    )


def _force_or_its_men(ctx: ArticleContext, tok: Token) -> bool:
    """'police', 'an officer', 'a sheriff's deputy', 'FBI agents'."""
    return (
        _a_force(ctx, tok)
        or sheriffs_deputy(tok)
        or any(_a_force(ctx, c) for c in tok.children if c.dep_ == "compound")
    )


def _doers(verb: Token) -> list[Token]:
    """Who did what ``verb`` says: its subject (active) or its 'by' phrase (passive)."""
    out = []
    for c in verb.children:
        if c.dep_ == "nsubj":
            out.append(c)
        elif c.dep_ == "agent":
            out.extend(g for g in c.children if g.dep_ == "pobj")
    if not out and not any(c.dep_ in {"dobj", "obj"} for c in verb.children):
        # '… pinned to the ground and shot in the chest by two officers': a participle the
        # tagger read as a past tense, its 'by' phrase a plain preposition
        out = [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "by"
               for g in c.children if g.dep_ == "pobj"]  # fmt: skip
    return [t for t in out if not _former_member(t, verb)]


def _describes_a_person(attack: Token, head: Token) -> bool:
    """'Fugitive from Paris attacks arrested in shootout', 'a suspect in the bombing': the
    attack tells who someone is (or names a past event), not what the fight was part of."""
    before = attack.doc[attack.i - 1] if attack.i > 0 else None
    if (
        attack.tag_ == "NNS"
        and before is not None
        and (before.ent_type_ == "GPE" or before.pos_ == "PROPN")
    ):
        return True  # 'the Paris attacks': a past event known by its place, named in passing
    prep = attack.head
    if attack.dep_ != "pobj" or prep.dep_ != "prep":
        return False
    owner = prep.head
    return (
        owner.i != head.i
        and owner.pos_ in {"NOUN", "PROPN"}
        and owner.lemma_.lower() not in (word_set("two_sided_fights"))
    )


def ensuing(head: Token) -> bool:
    """'killed in the ensuing clash': the fight that followed an attack is the attack's."""
    return any(c.lower_ in {"ensuing", "subsequent", "resulting"} for c in head.children)


def _militant_agent(ctx: ArticleContext, head: Token) -> bool:
    """A raid or strike carried out by militants ('a Taliban raid') is an attack."""
    militants = word_set("perpetrator_nouns")
    for tok in agent_tokens(head):
        ent = ctx.entity_at(tok)
        if tok.lemma_.lower() in militants or (ent is not None and ent.kind == "armed_group"):
            return True
    return False


_COMRADES = {"colleague", "comrade", "co-worker", "coworker"}


#: verbs that tell only when an act began or went on: their subject is the act's
_ASPECT_VERBS = frozenset({"begin", "start", "continue", "keep", "resume", "proceed"})


def _aspect_of(head: Token) -> bool:
    """Whether the trigger verb is the act an aspect verb governs ('began shooting')."""
    return (
        head.pos_ == "VERB" and head.dep_ == "xcomp" and head.head.lemma_.lower() in _ASPECT_VERBS
    )


_CONTROLLERS = word_set("control_predicates")


def _controller(head: Token) -> Token | None:
    """The predicate carrying the subject of an act told in its infinitive ('forces were
    able to storm', 'troops tried to raid'): the verb, or the copula of 'able'."""
    if head.dep_ != "xcomp" or head.head.lemma_.lower() not in _CONTROLLERS:
        return None
    gov = head.head
    if gov.pos_ == "ADJ" and gov.dep_ == "acomp":
        gov = gov.head
    return gov


def _joined_verbs(head: Token) -> list[Token]:
    """The trigger and the verbs joined to it, whose subjects and objects are its own:
    'gunmen stopped a bus and abducted 11', 'seven were killed … as a court was hit by
    suicide bombers'."""
    verbs = [head]
    if (head.dep_ == "conj" and head.head.pos_ in {"VERB", "AUX"}) or _aspect_of(head):
        verbs.append(head.head)  # 'gunmen stormed … and killed', 'gunmen began shooting'
    elif (
        head.dep_ == "conj"
        and head.head.lower_ == "shot"
        and any(c.dep_ == "nsubj" for c in head.head.children)
    ):
        verbs.append(head.head)  # 'a gunman shot and wounded two': the tagger's noun 'shot'
    verbs.extend(c for c in head.children if c.dep_ == "conj" and c.pos_ == "VERB")
    return verbs


def _own_comrades(head: Token) -> bool:
    """Whether the act's object is the actor's own comrades ('killed his colleagues', 'shot
    eight of their comrades', 'fellow soldiers'): a member of the forces turning on them
    attacks; it is no operation of the state."""
    verbs = _joined_verbs(head)
    if head.dep_ == "dobj":
        verbs.append(head.head)  # 'opened fire on'
    for verb in verbs:
        objs = [c for c in verb.children if c.dep_ in {"dobj", "obj"}]
        objs += [g for c in verb.children if c.dep_ == "prep" and c.lower_ in {"on", "upon"}
                 for g in c.children if g.dep_ == "pobj"]  # fmt: skip
        for obj in objs:
            nouns = [obj, *(g for p in obj.children if p.dep_ == "prep" and p.lower_ == "of"
                            for g in p.children if g.dep_ == "pobj")]  # fmt: skip
            for noun in nouns:
                if noun.lemma_.lower() in _COMRADES or any(
                    c.dep_ == "amod" and c.lower_ == "fellow" for c in noun.children
                ):
                    return True
    return False


def _state_agent(ctx: ArticleContext, head: Token) -> bool:
    """'Police opened fire', 'a US drone strike', 'Russian air strikes', 'strikes by the army':
    the state's forces acting make a security operation, not an attack."""
    toks = agent_tokens(head)
    if any(_states_marksman(ctx, t) for t in toks):
        return True  # 'a police sniper shot the hostage-taker', 'Israeli snipers'
    militants = word_set("perpetrator_nouns")
    if any(t.lemma_.lower() in militants for t in toks):
        return False
    if _own_comrades(head):
        return False  # an insider attack: 'a policeman shot and killed his colleagues'
    if _on_the_forces(head):
        return False  # 'Thursday's sniper attack on police': the forces were its target
    strike = head.lemma_.lower() in {"strike", "airstrike", "bombardment", "shelling", "raid"}
    strike = strike or _shot_down_aircraft(head)  # 'Turkey shot down a Russian warplane'
    # a bombing named by the air powers' demonyms is their campaign ('Russian bombing');
    # others' ('a Turkish bombing', 'the Pakistani bombing') may be one at home
    bombing = head.lemma_.lower() in {"bombing", "bombings"}
    for tok in toks:
        if _former_member(tok, head):
            continue  # 'shootings … by a former U.S. Army reservist': no longer the state's
        if _in_a_clause_of_the_doer(tok, head):
            continue  # 'a bomb targeting police killed five': the police were its target
        if tok.dep_ == "compound" and tok.head.i != head.i and one_event_noun(tok.head):
            continue  # '… upset about police shootings opened fire' (a parse): an act, no doer
        if _bombed_vehicle(tok, head):
            continue  # 'the 1988 aircraft bombing': the aircraft was bombed
        ent = ctx.entity_at(tok)
        if ent is not None and ent.kind == "armed_group":
            return False
        if ent is not None and ent.kind in {"security_agency", "military"}:
            return True
        if ent is not None and ent.kind == "country" and strike:
            return True
        if tok.lemma_.lower() in word_set("state_force_nouns") and tok.dep_ != "amod":
            return True
        if _backed_by_a_state(tok):
            return True  # 'U.S.-backed forces', 'government-aligned brigades'

        if (
            tok.lower_ in {"military", "government", "regime", "pro-government"}
            and tok.head == head
        ):
            return True  # 'a Russian-backed military onslaught', 'a government offensive'
        if strike and tok.lower_ in word_set("state_force_demonyms"):
            return True
        led = "-led" if tok.head.lower_ == "led" else ""  # 'Saudi-led bombing'
        if bombing and tok.dep_ in {"amod", "compound", "npadvmod"} and (
            tok.lower_ + led in word_set("air_campaign_demonyms")
        ):
            return True  # 'Russian bombing has for weeks targeted rebel routes'
    return False


def _states_marksman(ctx: ArticleContext, tok: Token) -> bool:
    """A sniper the text gives to the state ('a police sniper', 'army snipers', 'Israeli
    snipers'); a sniper alone is whoever shot ('five policemen were slain by a sniper')."""
    if tok.lemma_.lower() != "sniper":
        return False
    for c in tok.children:
        if c.dep_ not in {"amod", "compound", "poss", "nmod"}:
            continue
        ent = ctx.entity_at(c)
        if ent is not None and ent.kind in {"security_agency", "military", "country"}:
            return True
        if c.lemma_.lower() in word_set("state_force_nouns"):
            return True
        if c.lower_ in word_set("state_force_demonyms"):
            return True
    return False


def _on_the_forces(head: Token) -> bool:
    """An act aimed at the forces ('a sniper attack on police', 'an assault against
    soldiers'): the forces are not also who did it."""
    return any(
        c.dep_ == "prep"
        and c.lower_ in {"on", "against", "targeting"}
        and any(
            g.dep_ == "pobj"
            and (
                g.lemma_.lower() in word_set("state_force_nouns")
                or noun_class(g.lemma_) == "security"
            )
            for g in c.children
        )
        for c in head.children
    )


def _in_a_clause_of_the_doer(tok: Token, head: Token) -> bool:
    """Whether ``tok`` is what a clause describing the doer acts on ('a bomb targeting
    police', 'the man who shot an officer'), not its doer ('shots fired by police')."""
    if tok.head.lower_ == "by":
        return False  # 'shots fired into his back by police'
    below = tok
    for anc in tok.ancestors:
        if anc.i in {head.i, head.head.i}:
            return False
        if anc.pos_ in {"VERB", "AUX"} and anc.dep_ in {"acl", "relcl"}:
            return below.dep_ not in {"agent", "nsubj"}  # not 'shots fired by police'
        below = anc
    return False


def _backed_by_a_state(tok: Token) -> bool:
    """'U.S.-backed forces', 'government-aligned brigades', 'pro-government militias': armed
    men fighting on a state's side act for it (coders count their offensives as the
    state's operations)."""
    if tok.pos_ != "NOUN" or noun_class(tok.lemma_) == "perpetrator":
        return False
    states = word_set("state_force_demonyms")
    for c in tok.children:
        if c.dep_ not in {"amod", "compound"}:
            continue
        words = [t.lower_ for t in c.subtree]  # 'U.S.', '-', 'backed' or 'U.S.-backed'
        text = "".join(words)
        if text == "pro-government":
            return True
        for link in ("-backed", "-aligned", "-allied"):
            if text.endswith(link) and text[: -len(link)] in states:
                return True
    return False


def _bombed_vehicle(tok: Token, head: Token) -> bool:
    """A vehicle named before a bombing or a hijacking ('an aircraft bombing', 'the bus
    bombing') is what was hit, not who struck (unlike 'a drone strike')."""
    return (
        head.pos_ == "NOUN"
        and head.lemma_.lower() in {"bombing", "hijacking", "blast", "explosion"}
        and tok.dep_ == "compound"
        and tok.head == head
        and tok.lemma_.lower() in word_set("target_vehicles")
    )


def _harmless_crackdown(ctx: ArticleContext, head: Token) -> bool:
    """'the crackdown appeared to ease' (on social media, on dissent): a crackdown is an
    operation only on armed men ('a crackdown on militants') or where its sentence tells of
    people killed or wounded."""
    if head.lemma_.lower() != "crackdown" or harm_in(head.sent):
        return False
    for prep in (c for c in head.children if c.lower_ in {"on", "against"}):
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            ent = ctx.entity_at(obj)
            if noun_class(obj.lemma_) == "perpetrator" or (ent and ent.kind == "armed_group"):
                return False
    return True


def _shot_down_aircraft(head: Token) -> bool:
    """'shot down a Russian warplane': a state's act of air defence when a country did it."""
    if head.lemma_.lower() != "shoot" or not any(
        c.dep_ == "prt" and c.lower_ == "down" for c in head.children
    ):
        return False
    objs = [c for c in head.children if c.dep_ in {"dobj", "nsubjpass"}]
    return any(o.lemma_.lower() in word_set("aircraft_nouns") for o in objs)


#: Words of a violent act; the forces that answer one ('police', 'security') are no sign of
#: violence in a hack's story ('worked closely with the police investigation').
_ACT_CUES = frozenset(word_set("violence_cues") - word_set("security_nouns") - {"forces", "troops"})


def _in_a_town_of(ctx: ArticleContext, head: Token) -> bool:
    """'this week's tragic attack in Nice': an act its own phrase puts in a town."""
    return any(
        e.type == "Place"
        and e.kind in {"city", "district"}
        and any(
            span.sent == head.sent
            and span.root.head.lower_ in {"in", "at", "near", "outside"}
            and span.root.head.head == head
            for span in e.spans
        )
        for e in ctx.entities_in(head.sent)
    )


def _under_siege(head: Token) -> bool:
    """'a stronghold under siege', 'towns under blockade': a state things are in for weeks,
    not an act of a day ('came under attack' is one)."""
    return (
        head.lemma_.lower() in {"siege", "blockade"}
        and head.dep_ == "pobj"
        and head.head.lower_ == "under"
    )


def _criticism(head: Token) -> bool:
    """'the FTC blasted Herbalife for exaggerating earnings', 'blasted the plan as
    reckless': words against someone, not an explosion."""
    if head.pos_ != "VERB" or head.lemma_.lower() != "blast":
        return False
    if harm_in(head.sent):
        return False
    objects = [c for c in head.children if c.dep_ == "dobj"]
    if any(o.ent_type_ == "PERSON" for o in objects):
        return True  # 'Obama blasts Cameron': no one blows up a person by name
    return any(
        c.dep_ == "prep" and c.lower_ in {"for", "as", "over"}
        for t in (head, *objects)
        for c in t.children
    )  # 'blasted the FTC for …', 'blasted Cameron for the UK's role


def _cyber_article(ctx: ArticleContext) -> bool:
    """The headline or lead is about hacking ('Malware suspected in bank heist'): its
    attacks are cyber attacks unless their own sentence names violence."""
    sents = list(ctx.doc.sents)

    def cyber(t: Token) -> bool:  # not 'hacked to death'
        if _to_death(t):
            return False
        if t.lemma_.lower() == "hack" and t.pos_ == "VERB":  # 'to hack us', not 'with machetes'
            return not any(c.lower_ == "with" for c in t.children)
        return t.lower_ in _CYBER or t.lemma_.lower() in _CYBER

    lead = any(cyber(t) for s in sents[:3] for t in s)
    words = {t.lower_ for t in ctx.doc if cyber(t)}
    return lead or len(words) >= 3  # a piece on hacking that opens with its people


def _animal_article(ctx: ArticleContext) -> bool:
    """The headline or lead tells of an animal harming someone ('a boy was killed by one of
    the reptiles') and no sentence names a human attacker: 'The attack happened on a beach'
    is the animal's."""
    animals = word_set("animal_nouns")
    sents = list(ctx.doc.sents)
    if (
        not any(
            t.lemma_.lower() in animals
            and (
                t.pos_ == "NOUN"
                or (
                    t.pos_ == "PROPN" and t.dep_ == "compound" and t.head.lemma_.lower() == "attack"
                )
            )  # 'Disney Gator Attack', not 'CoBRA commandos' or 'Operation Panther'
            for s in sents[:2]
            for t in s
        )
        or not any(harm_in(s) for s in sents[:3])
    ):
        return False
    return not _attacker_named(sents)


def _attacker_named(sents: list[Span]) -> bool:
    """Whether a sentence that is not negated names an attacker."""
    attackers = word_set("perpetrator_nouns")
    for sent in sents:
        if any(t.dep_ == "neg" or t.lower_ in {"no", "nothing", "never"} for t in sent):
            continue
        if any(
            noun_class(t.lemma_) == "perpetrator" or t.lemma_.lower() in attackers for t in sent
        ):
            return True
    return False


def _accident_article(ctx: ArticleContext) -> bool:
    """The headline or lead blames an accident ('homemade firework', 'gas cylinder') and no
    sentence that is not negated names an attacker: its blasts and fires are not attacks
    ('no reason to suspect the blast was the work of extremists' names none)."""
    sents = list(ctx.doc.sents)
    lead = {t.lower_ for s in sents[:2] for t in s} | {
        t.lemma_.lower() for s in sents[:2] for t in s
    }
    if not lead & word_set("accident_causes"):
        return False
    return not _attacker_named(sents)


def _search_of_premises(ctx: ArticleContext, head: Token) -> bool:
    """'Police raided Google's offices, escalating an investigation over suspected tax
    evasion': a raid over an offence of money or trade, where no one is hurt, is a search,
    not a security operation; the article's other mentions of the raid are that search."""
    if head.lemma_.lower() != "raid" or harm_in(head.sent):
        return False
    offences = word_set("white_collar_offences")
    raids = [t for t in ctx.doc if t.lemma_.lower() == "raid"]
    return any(
        any(w.lemma_.lower() in offences for w in t.sent) and not harm_in(t.sent) for t in raids
    )


def _state_raid(ctx: ArticleContext, head: Token) -> bool:
    """'Police raided a house', 'troops stormed a hideout', 'an apartment raided on Tuesday':
    the state's forces raiding, or a home raided with nobody named as raiding, is a search
    operation (as an attack it would need an attacker)."""
    if head.pos_ != "VERB" or head.lemma_.lower() not in {"raid", "storm"}:
        return False
    if any(c.dep_ in {"nsubj", "agent"} for c in head.children):
        return _state_agent(ctx, head)
    premises = word_set("searched_premises")
    if head.dep_ == "acl":  # 'an apartment raided on Tuesday'
        return head.head.lemma_.lower() in premises
    return any(c.dep_ == "nsubjpass" and c.lemma_.lower() in premises for c in head.children)


def _fired_by_others(ctx: ArticleContext, head: Token) -> bool:
    """'Assailants shelled a checkpoint': shelling told with a doer who is not the state's is
    an attack ('the road was bombarded again', with nobody named, stays the state's), as is
    'rebel shelling' (however parsed: the side right before the noun)."""
    if head.lower_ in {"shelling", "bombardment", "bombardments"} and head.i > 0:
        prev = head.doc[head.i - 1]
        ent = ctx.entity_at(prev)
        return (
            prev.lemma_.lower() in {"rebel", "insurgent", "opposition"}
            or noun_class(prev.lemma_) == "perpetrator"
            or (ent is not None and ent.kind == "armed_group")
        )
    if head.pos_ != "VERB" or head.lemma_.lower() not in {"shell", "bombard", "strafe"}:
        return False
    doers = [c for c in head.children if c.dep_ in {"nsubj", "agent"}]
    return bool(doers) and not _state_agent(ctx, head)


def _forces_on_militants(ctx: ArticleContext, head: Token) -> bool:
    """'Troops attacked militant hideouts', 'soldiers struck IS positions', 'troops killed
    three militants': the state's forces acting on armed men or their places is an
    operation (killing the men of an attack, 'police shot dead the gunman', ends it)."""
    killing = head.lemma_.lower() in {"kill", "shoot", "gun"} and _fatal(head)
    if head.pos_ != "VERB" or not (killing or head.lemma_.lower() in word_set("assault_verbs")):
        return False
    doers = {"nsubj", "agent"} if killing else {"nsubj"}  # 'militants were killed by troops'
    if not any(c.dep_ in doers for c in head.children) or not _state_agent(ctx, head):
        return False
    if killing and (at_the_end_of_an_attack(head) or _killed_in_their_act(head)):
        return False  # '… shot dead by police during the siege': the attack's end
    hit = {"dobj", "obj", "nsubjpass"} if killing else {"dobj", "obj"}
    objs = [c for c in head.children if c.dep_ in hit]
    if killing:  # 'troops killed three militants': not the gunmen of an attack told
        objs = [o for o in objs if o.lemma_.lower() not in word_set("act_doer_nouns")]
    objs += [g for c in head.children if c.dep_ == "prep" and c.lower_ in {"on", "against"}
             for g in c.children if g.dep_ == "pobj"]  # fmt: skip
    for obj in objs:
        near = [obj, *(c for c in obj.children if c.dep_ in {"compound", "amod", "poss"})]
        for t in (t for n in near for t in (n, *n.children) if t.dep_ != "relcl"):
            ent = ctx.entity_at(t)
            if noun_class(t.lemma_) == "perpetrator" or (ent and ent.kind == "armed_group"):
                return True
            if t.lemma_.lower() in word_set("militant_sites"):
                return True
    return False


_WARCRAFT = frozenset({"warplane", "jet", "aircraft", "drone", "helicopter", "gunship", "plane"})
_STRIKE_NOUNS = frozenset({"strike", "airstrike", "bombardment", "shelling", "bombing"})


def _struck_from_the_air(ctx: ArticleContext, head: Token) -> bool:
    """'American warplanes on Saturday struck a training camp', 'Russian jets struck the town',
    'U.S. strikes killed 150 fighters': a state's aircraft or strikes acting are its
    operation, whatever they hit (an armed group's drones are its attack)."""
    if head.pos_ != "VERB" or head.lemma_.lower() not in word_set("strike_verbs"):
        return False
    for doer in _doers(head):
        lemma = doer.lemma_.lower()
        if lemma in _WARCRAFT and _state_agent(ctx, head):
            return True
        if lemma in _STRIKE_NOUNS and (_state_agent(ctx, doer) or _its_forces_say(ctx, doer)):
            return True  # the strikes' own owner: 'U.S. strikes', 'strikes by Russian jets'
    return False


def _its_forces_say(ctx: ArticleContext, noun: Token) -> bool:
    """'The U.S. military said its strikes killed 150 fighters': 'its' is the forces who
    say so."""
    if not any(c.dep_ == "poss" and c.lower_ in {"its", "their"} for c in noun.children):
        return False
    saying = word_set("reporting_verbs")
    speaker = next((a for a in noun.ancestors if a.lemma_.lower() in saying), None)
    subjects = [c for c in speaker.children if c.dep_ == "nsubj"] if speaker else []
    return any(_force_or_its_men(ctx, s) for s in subjects)


def _killed_in_their_act(head: Token) -> bool:
    """'Forces killed eight militants as they tried to storm the complex', '… killed four
    terrorists during an intelligence-based operation': the killing belongs to the act its
    clause or 'during' phrase tells (the attack it ended, the operation it was part of)."""
    for c in head.children:
        if c.dep_ == "advcl" and any(g.dep_ == "mark" for g in c.children):
            return True
        if c.dep_ == "prep" and c.lower_ in {"during", "in"}:
            acts = {"operation", "raid", "offensive", "siege"}
            if any(
                g.dep_ == "pobj" and (one_event_noun(g) or g.lemma_.lower() in acts)
                for g in c.children
            ):
                return True
    return False


def _fall_from_power(head: Token) -> bool:
    """'Gaddafi was toppled and killed by rebels in 2011': a ruler's fall, not an attack."""
    if head.pos_ != "VERB":
        return False
    joined = [head.head] if head.dep_ == "conj" else []
    joined += [c for c in head.children if c.dep_ == "conj"]
    return any(v.lemma_.lower() in word_set("ousting_verbs") for v in joined)


def _other_domain(head: Token, category: str) -> bool:
    """'an early attack by the fast bowlers', 'the rescue operation at the factory fire':
    the trigger word in another domain's sense. Decided from the words around it: the
    sentence speaks that domain's language and names no harm, weapon or armed actor."""
    mods = {t.lower_ for c in head.children if c.dep_ in {"amod", "compound"} for t in c.subtree}
    if category == "security_operation" and mods & word_set("civil_operation_modifiers"):
        return True
    animals = word_set("animal_nouns")
    if any(t.lemma_.lower() in animals and t.pos_ == "NOUN" for t in agent_tokens(head)):
        return True  # 'a shark attack', 'a man was attacked by a bear'
    if any(  # 'it was a shark attack, … said of the California attack'
        t.lemma_.lower() in animals and t.head.lemma_ == head.lemma_ and t.head.i != head.i
        for t in head.sent
    ):
        return True
    words = {t.lower_ for t in head.sent} | {t.lemma_.lower() for t in head.sent}
    cues = words & word_set("violence_cues")
    if cues - {head.lower_, head.lemma_.lower()}:
        return False
    sports = words & word_set("sports_words")
    if cues:  # the trigger is the sentence's only cue: a game's statistics say otherwise
        stats = bool(_SHOOTING_STATS.search(head.sent.text))
        return category == "attack" and stats
    if len(sports) >= 1 and category == "attack":
        return True
    return len(words & word_set("nonviolent_domain_words")) >= 1


#: a game's shooting record: '8-for-13 shooting', '5 of 9 from 3-point range'
_SHOOTING_STATS = re.compile(r"\b\d+-(?:for|of)-\d+\b|\b\d+ (?:for|of) \d+ (?:shooting|from)\b")


def _context_ok(ctx: ArticleContext, head: Token, needs: str | None) -> bool:
    """Triggers that are common words outside violence need company: a meeting needs people
    or organisations meeting, an 'operation' needs forces or a security qualifier."""
    if needs == "meeting_parties":  # 'X met Y', 'X met with Y' (not 'met its goal')
        subj = [c for c in head.children if c.dep_ == "nsubj"]
        other = [c for c in head.children if c.dep_ in {"dobj", "obj"}]
        other += [g for c in head.children if c.dep_ == "prep" and c.lower_ == "with"
                  for g in c.children if g.dep_ == "pobj"]  # fmt: skip
        return bool(subj and other) and _party(ctx, subj[0]) and any(_party(ctx, o) for o in other)
    if needs == "participants":
        return any(e.type in {"Person", "Organization"} for e in ctx.entities_in(head.sent)) or (
            any(e.kind == "country" for e in ctx.entities_in(head.sent))
        )
    if needs == "people_object":  # 'gunmen seized 20 passengers', not 'seized the town'
        return any(
            c.dep_ in {"dobj", "obj"}
            and (_a_person(ctx, c) or noun_class(c.lemma_) in {"civilian", "security"})
            for c in head.children
        )
    if needs == "place_object":  # 'troops recaptured Palmyra', not 'retook the lead'
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children):
            return False  # 'an offensive to retake the town', 'a bid to retake Mosul': a plan
        objs = [c for c in head.children if c.dep_ in {"dobj", "obj"}]
        objs += [c for t in head.children if t.lower_ == "back" for c in t.children]
        return any(
            ((ent := ctx.entity_at(c)) is not None and ent.type == "Place")
            or c.lemma_.lower() in {"city", "town", "village", "district", "base", "airport"}
            for c in objs
        )
    if needs == "deliberate":  # 'a driver lost control and ploughed into pedestrians'
        words = {t.lower_ for t in head.sent} | {t.lemma_.lower() for t in head.sent}
        accidental = word_set("accident_causes") | {"accident", "accidentally", "control"}
        return not words & accidental
    if needs == "security_context":
        mods = {
            t.lower_ for c in head.children if c.dep_ in {"amod", "compound"} for t in c.subtree
        }
        if mods & _SECURITY_MODIFIERS:
            return True
        words = {t.lower_ for t in head.sent}
        agencies = [
            e for e in ctx.entities_in(head.sent) if e.kind in {"security_agency", "military"}
        ]
        if words & _SECURITY_WORDS or agencies:
            return True
        for t in _arguments(head):  # 'an offensive against jihadists', '11 brigade members dead'
            if t.pos_ == "NOUN" and noun_class(t.lemma_) in {"security", "perpetrator"}:
                return True
            group = ctx.entity_at(t)
            if group is not None and group.kind == "armed_group":
                return True
        return False
    return True


def _arguments(head: Token) -> list[Token]:
    """The words of a noun's own phrase and of the arguments of the verb it is an argument
    of ('the jihadists launched an offensive', 'clashes left 11 brigade members dead'), not
    of the whole sentence ('the Shi'ite role in the fighting' beside 'ISIL radicals')."""
    words = list(head.subtree)
    verb = head.head
    if head.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj"} and verb.pos_ in {"VERB", "AUX", "ADP"}:
        if verb.pos_ == "ADP":
            verb = verb.head
        for c in verb.children:
            if c.dep_ in {"nsubj", "nsubjpass", "dobj", "agent", "ccomp", "oprd"} and c != head:
                words.extend(c.subtree)
    return words


_PARTY_NOUNS = word_set("meeting_party_nouns")


def _party(ctx: ArticleContext, tok: Token) -> bool:
    ent = ctx.entity_at(tok)
    if ent is not None:
        return ent.type in {"Person", "Organization"} or ent.kind == "country"
    return tok.lemma_.lower() in _PARTY_NOUNS or tok.pos_ == "PROPN"


def _negated(head: Token) -> bool:
    if any(c.lower_ in word_set("negation_determiners") for c in head.children if c.dep_ == "det"):
        return True
    return head.pos_ == "VERB" and any(c.dep_ == "neg" for c in head.children)


_TARGET_PREPS = {"on", "against", "at", "targeting", "inside", "near", "outside"}
_MANNER = word_set("attack_manner_nouns")
_WEAPONS = word_set("weapon_nouns")


def _agent_ok(ctx: ArticleContext, head: Token) -> bool:
    """An attacker, an armed group or a weapon does it ('bombs targeted a school', 'a funeral
    was targeted by explosions'); in 'gunmen stopped a bus and abducted 11 passengers' the
    second verb shares the first one's subject."""
    if head.lemma_.lower() in {"shoot", "stab", "gun", "hack"} | word_set(
        "beating_verbs"
    ) and _to_death(head):
        return True  # 'shot his parents and two sisters to death', 'beaten to death'

    if _own_comrades(head):
        return True  # 'a policeman shot and killed his colleagues': an insider's attack
    if _with_arms(head):
        return True  # 'a man attacked shoppers with a knife': whoever, armed
    if _one_murdered(head):
        return True  # 'a mayoral candidate was murdered': by whomever, no accident
    if _nominal_gerund(head):
        return True  # 'one dead after shooting outside a home': the noun 'shooting'
    if head.lemma_.lower() in {"kidnap", "abduct"} and _people_taken(ctx, head):
        return True  # 'two doctors were abducted in Djibo': by whomever, a kidnapping
    if head.dep_ == "conj" and head.head.pos_ == "NOUN" and _attackers_modify(head.head):
        return True  # 'An assailant shot and killed …' read as a noun 'assailant shot'
    if _attackers_earlier_act(head):
        return True  # 'the gunman was shot dead after killing six people'
    if _person_shot_set_off(ctx, head):
        return True  # 'A police officer, shot during a standoff, has died'
    verbs = _joined_verbs(head)
    if _participle_clause(head) and not _told_by_an_event(ctx, head.head):
        verbs.append(head.head)  # 'a rocket hit the base, killing two': the rocket's act
    if head.pos_ == "VERB" and any(c.dep_ == "nsubjpass" for c in head.children):
        # 'two were killed when a gunman sprayed bullets at a pub': who did it acts in 'when'
        clauses = [c for c in head.children if c.dep_ == "advcl"]
        clauses += [  # 'killed on January 1 when …': the parser hangs 'when' on the date
            g for c in head.children for d in (c, *c.children) for g in d.children
            if g.dep_ == "relcl"
        ]  # fmt: skip
        acts = [(s.start, s.end) for s in ctx.doc.spans.get(TRIGGER_KEY, [])]
        verbs += [
            c
            for c in clauses
            if _marked(c, {"when", "as"})
            and not any(a <= t.i < b for t in c.subtree for a, b in acts)
        ]  # fmt: skip  ('killed when a bomb exploded': the bombing is the event)
    for verb in verbs:
        if _active_as_modifier(verb):
            return True
        for c in verb.children:
            if c.dep_ not in {"nsubj", "agent"}:
                continue
            if c.dep_ == "nsubj" and _reduced_passive(verb):
                continue  # 'Taliban leader killed in drone strike': the one killed
            subj = c if c.dep_ != "agent" else next(iter(c.children), c)
            if subj.lower_ in {"who", "that", "which"} and verb.dep_ == "relcl":
                subj = verb.head  # 'militants who hijacked a train'
            lemma = subj.lemma_.lower()
            if noun_class(lemma) == "perpetrator" or lemma in _WEAPONS:
                return True
            if subj.i == c.i and _attackers_modify(subj):
                return True  # a headline's 'Suicide bomber targets … , kills 41'
            if _armed(subj):
                return True  # 'men wielding pistols and machetes attacked a checkpoint'
            if c.dep_ == "agent" and lemma in word_set("blast_nouns"):
                return True
            named = [ctx.entity_at(t) for t in subj.subtree if t.i <= subj.i]
            if any(e is not None and e.kind == "armed_group" for e in named):
                return True  # 'the Islamic State militant group killed 130 people'
            if c.dep_ == "nsubj" and _killed_several(verb, subj):
                return True  # 'Arizona man kills parents, siblings'
            if _person_shot_by_person(ctx, verb, c, subj):
                return True  # 'an officer was shot … by a driver he stopped'
            if _killed_by_kin_or_mob(ctx, verb, c, subj):
                return True  # 'she was strangled by her brother', 'a mob killed a man'
    return _physical_target(ctx, head)


def _person_shot_set_off(ctx: ArticleContext, head: Token) -> bool:
    """'A North Dakota police officer, shot during an hours-long standoff, has died': a
    person's shooting told in a participle set off by commas, with nobody named as shooting
    (the forces shooting someone are read apart)."""
    if head.lemma_.lower() != "shoot" or head.dep_ != "acl" or head.i == 0:
        return False
    if head.doc[head.i - 1].text != "," or any(c.dep_ == "agent" for c in head.children):
        return False
    shot = head.head
    return _a_person(ctx, shot) and noun_class(shot.lemma_) != "perpetrator"


def _attackers_earlier_act(head: Token) -> bool:
    """'The gunman was shot dead by police after killing six people', 'the attacker fled
    after stabbing two': what the clause's attacker did before."""
    if head.dep_ != "pcomp" or head.tag_ != "VBG" or head.head.lower_ not in {"after", "before"}:
        return False
    main = head.head.head
    return main.pos_ in {"VERB", "AUX"} and any(
        c.dep_ in {"nsubj", "nsubjpass"} and noun_class(c.lemma_) == "perpetrator"
        for c in main.children
    )


def _ends_the_attackers_act(head: Token) -> bool:
    """The forces' shot at an attacker told with his act ('the gunman was shot dead by
    police after killing six people'): it ends that attack (the GUIDE's 'gunmen shot by
    police while it happens'), no operation of its own."""
    return any(
        g.dep_ == "pcomp" and _attackers_earlier_act(g)
        for c in head.children
        if c.dep_ == "prep"
        for g in c.children
    )


def _one_murdered(head: Token) -> bool:
    """'A mayoral candidate was murdered in the south', 'eight people were murdered in a town
    on Friday': one person murdered, or several on a day told, is a killing, whoever did it
    (not a tally: 'at least 65 people have been murdered since 1990')."""
    if head.lemma_.lower() != "murder" or head.tag_ != "VBN":
        return False
    if any(c.dep_ == "aux" and c.lemma_ == "have" for c in head.children):
        return False
    if not any(c.dep_ == "auxpass" and c.tag_ == "VBD" for c in head.children):
        return False  # 'in the novel, a detective is murdered': told, not news
    dated = any(t.ent_type_ in {"DATE", "TIME"} for t in head.subtree)
    # 'Eight people were murdered in Piketon on Friday': several, on a day told
    tags = {"NN", "NNP", "NNS"} if dated else {"NN", "NNP"}
    return any(c.dep_ == "nsubjpass" and c.tag_ in tags for c in head.children)


def _marked(clause: Token, marks: set[str]) -> bool:
    return any(c.dep_ in {"mark", "advmod"} and c.lower_ in marks for c in clause.children)


def _with_arms(head: Token) -> bool:
    """An act done with a weapon ('attacked shoppers with a knife', 'hacked at them with a
    machete'; the parser may hang the weapon on the object): its doer came armed."""
    if head.pos_ != "VERB":
        return False
    arms = word_set("carried_arms") - {"club", "stick", "rod"}
    places = [head, *(c for c in head.children if c.dep_ in {"dobj", "obj"})]
    return any(
        c.dep_ == "prep"
        and c.lower_ == "with"
        and any(g.dep_ == "pobj" and g.lemma_.lower() in arms for g in c.children)
        for p in places
        for c in p.children
    )


def _armed(subj: Token) -> bool:
    """'armed men', 'men wielding pistols and machetes', 'youths armed with knives': whoever
    carries arms into the act is an attacker."""
    arming, arms = word_set("arming_verbs"), word_set("carried_arms")
    for c in subj.children:
        if c.dep_ not in {"acl", "relcl", "amod"} or c.lemma_.lower() not in arming | {"armed"}:
            continue
        if c.lower_ == "armed" and c.dep_ == "amod":
            return True
        if any(t.lemma_.lower() in arms for t in c.subtree):
            return True
    return False


def _nominal_gerund(head: Token) -> bool:
    """A headline's gerund after a preposition, with nothing of its own but a place or time
    ('two dead after shooting outside a home'), names the act as the noun does; 'after
    shooting his wife' (an object), 'after being shot' (a passive) and 'after shooting wide'
    (a manner) are verbs."""
    if head.tag_ != "VBG" or head.dep_ not in {"pcomp", "pobj"} or head.head.pos_ != "ADP":
        return False
    if head.lemma_.lower() not in {"shoot", "stab", "bomb"}:
        return False
    return all(c.dep_ in {"prep", "punct", "cc", "conj"} for c in head.children)


def _person_shot_by_person(ctx: ArticleContext, verb: Token, link: Token, doer: Token) -> bool:
    """Gunfire by a private person at a person ('an officer was shot in the neck by a driver
    he stopped', 'a man shot a police officer'): an armed assault, whoever the shooter. The
    state's own shooting is told apart later; a photographer shooting a model or a player
    shooting the ball hits no one ``noun_class`` knows."""
    if verb.lemma_.lower() not in {"shoot", "stab", "attack", "assault"} or not (
        _private(ctx, doer)
    ):
        return False  # 'a man was attacked by three men': an assault too
    if verb.lemma_.lower() in {"attack", "assault"} and (
        ctx.entity_at(doer) is not None or any(c.lower_ == "sexually" for c in verb.children)
    ):
        return False  # 'Clinton attacked Sanders in a speech': words, not blows
    hit = "nsubjpass" if link.dep_ == "agent" else "dobj"
    acts = [verb] if hit != "dobj" else [verb, *(c for c in verb.children if c.dep_ == "conj")]
    # 'a man shot and killed John Brown': the object is the joined verb's
    return any(c.dep_ == hit and _a_person(ctx, c) for a in acts for c in a.children)


def _killed_by_kin_or_mob(ctx: ArticleContext, verb: Token, link: Token, doer: Token) -> bool:
    """A person killed by a relative, a mob or a person the text names ('she was killed by
    her brother', 'a mob beat a man to death', 'Abballa killed a police commander'): a
    killing, as the annotation guide counts an individual's attack; a killer the text names
    only as 'he' stays unread (accidents kill too)."""
    lemma = verb.lemma_.lower()
    if lemma not in word_set("kill_lemmas") | {"murder", "strangle"} and not (
        lemma in word_set("beating_verbs") and _to_death(verb)
    ):
        return False
    named = ctx.entity_at(doer)
    if doer.lemma_.lower() not in word_set("kin_nouns") | {"mob"} and not (
        named is not None and named.type == "Person" and lemma != "beat"
    ):
        return False  # 'Abballa killed a police commander': a named person's killing
    hit = "nsubjpass" if link.dep_ == "agent" else "dobj"
    return any(
        c.dep_ == hit
        and (
            _a_person(ctx, c)
            or c.lemma_.lower() in word_set("kin_nouns")
            or ctx.gaz.title(c.text) is not None  # 'a police commander'
        )
        for c in verb.children
    )


def _people_taken(ctx: ArticleContext, verb: Token) -> bool:
    """People taken, with nobody named as taking them ('two doctors were abducted')."""
    if any(c.dep_ == "agent" for c in verb.children):
        return False
    return any(
        c.dep_ == "nsubjpass"
        and (_a_person(ctx, c) or (c.tag_ == "NNS" and any(g.dep_ == "nummod" for g in c.children)))
        for c in verb.children
    )  # 'three engineers': a count of people


def _private(ctx: ArticleContext, tok: Token) -> bool:
    entity = ctx.entity_at(tok)
    if entity is not None:
        return entity.type == "Person" and not (entity.title_classes & {"police", "military"})
    return noun_class(tok.lemma_) == "civilian"


def _a_person(ctx: ArticleContext, tok: Token) -> bool:
    entity = ctx.entity_at(tok)
    if entity is not None:
        return entity.type == "Person"
    return noun_class(tok.lemma_) is not None or tok.lower_ in {"he", "she", "him", "her"}


def _attackers_modify(noun: Token) -> bool:
    """Whether an attacker noun modifies ``noun`` ('suicide bomber targets', 'assailant
    shot'): a parse that took a headline's or a summary's subject and verb for one noun
    phrase still names who acted."""
    return any(
        c.dep_ in {"compound", "amod"} and noun_class(c.lemma_) == "perpetrator"
        for c in noun.children
    )


def _participle_clause(head: Token) -> bool:
    """A participle clause with no subject of its own ('…, killing two soldiers') shares the
    subject of the verb it hangs on."""
    return (
        head.dep_ == "advcl"
        and head.tag_ == "VBG"
        and head.head.pos_ == "VERB"
        and not any(c.dep_ in {"nsubj", "nsubjpass", "mark"} for c in head.children)
    )


def _told_by_an_event(ctx: ArticleContext, verb: Token) -> bool:
    """The verb's subject is itself an event word ('came the latest attack …, targeting a
    van'): the participle describes that event, it is no second act."""
    acts = {t.i for s in ctx.doc.spans.get(TRIGGER_KEY, []) for t in s}
    return any(c.dep_ == "nsubj" and c.i in acts for c in verb.children)


def _active_as_modifier(verb: Token) -> bool:
    """'A gunman killed at least 20 people at a nightclub', parsed as 'a gunman (who was)
    killed': a participle modifying an attacker noun that still has its own object is the
    attacker's act."""
    if verb.dep_ != "acl" or not any(c.dep_ == "dobj" for c in verb.children):
        return False
    lemma = verb.head.lemma_.lower()
    return noun_class(lemma) == "perpetrator" or lemma in _WEAPONS


def _reduced_passive(verb: Token) -> bool:
    """A headline's participle with no auxiliary ('leader likely killed in strike'): its
    subject is who suffered it. A participle with a direct object ('A gunman killed 20
    people', tagged VBN) is active: its subject acted."""
    return verb.tag_ == "VBN" and not any(
        c.dep_ in {"aux", "auxpass", "dobj"} for c in verb.children
    )


def _killed_several(verb: Token, subj: Token) -> bool:
    """A person who kills several people ('a man killed his parents and two sisters'): a
    killing spree, whoever the killer (one victim may be a private crime or an accident)."""
    if verb.lemma_.lower() not in word_set("kill_lemmas") | {"murder"}:
        return False
    if subj.tag_ != "NN" or noun_class(subj.lemma_) != "civilian":
        return False
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None:
        return False
    if noun_class(obj.lemma_) is None and obj.lemma_.lower() not in word_set("kin_nouns"):
        return False
    return obj.tag_ == "NNS" or any(c.dep_ in {"conj", "appos"} for c in obj.children)


def _to_death_in(sent: Span) -> bool:
    return any(t.lemma_.lower() == "hack" and _to_death(t) for t in sent)


def _to_death(verb: Token) -> bool:
    """'shot … to death', 'shot dead', 'gunned down'."""
    for c in verb.children:
        if c.lower_ == "dead" or (c.lower_ == "down" and c.dep_ == "prt"):
            return True
        if c.lower_ == "to" and any(g.lower_ == "death" for g in c.children):
            return True
    nxt = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    return nxt is not None and nxt.lower_ == "dead"


def _physical_target(ctx: ArticleContext, head: Token) -> bool:
    """'the vehicle they were travelling in was attacked', 'a police post was targeted': a
    passive act of force with no one named doing it, on a thing or people that an armed
    attack hits. 'He was attacked over his remarks' (no physical target) and 'was killed'
    (accidents kill too) are not enough, unless a soldier or policeman was killed."""
    lemma = head.lemma_.lower()
    killing = lemma in word_set("kill_lemmas") | {"murder"}
    if lemma not in word_set("passive_attack_verbs") and not killing:
        return False
    subj = [c for c in head.children if c.dep_ == "nsubjpass"]
    if not subj or any(c.dep_ == "agent" for c in head.children):
        return False
    noun = subj[0]
    if killing:  # 'a soldier was killed in northern Iraq': a soldier's death is the war's
        words = {t.lower_ for t in head.sent}
        quiet = word_set("nonviolent_domain_words") | word_set("accident_causes")
        return (
            noun_class(noun.lemma_) == "security"
            and noun.lemma_.lower() != "official"
            and not words & quiet
        )
    ent = ctx.entity_at(noun)
    if lemma == "shoot" and _someone(ent, noun) and not _accidental(head):
        return True  # 'Alejandro Fuentes, 45, was shot on Thursday', '… after he was shot'
    if ent is not None:
        return ent.kind in {"facility", "security_agency", "military"}
    lemma = noun.lemma_.lower()
    return (
        lemma in word_set("site_nouns")
        or lemma in word_set("target_vehicles")
        or noun_class(lemma) in {"security", "civilian"}
    )


def _someone(ent: EntityDraft | None, noun: Token) -> bool:
    """A named person or a person's pronoun; not one the text gives a post in the forces
    (whose shooting the officers' rules read: an arrest's shots may be the arrest's)."""
    if ent is not None:
        return ent.type == "Person" and not (ent.title_classes & {"police", "military"})
    return noun.lower_ in {"he", "she"}


def _accidental(head: Token) -> bool:
    """'was accidentally shot by a hunter', 'shot in a hunting accident'."""
    words = {t.lower_ for t in head.sent} | {t.lemma_.lower() for t in head.sent}
    return bool(words & (word_set("accident_causes") | {"accidentally", "accident", "hunting"}))


def right_after_link(head: Token) -> bool:
    """Whether a trigger is what an 'after'/'before' names itself ('hours after the blast',
    'after gunmen stormed'), not something deeper in that clause ('after the shooting sparked
    protests, one of which led to the massacre')."""
    if head.dep_ == "pobj" and head.head.lower_ in _GAP:
        return True
    verb = head if head.pos_ in {"VERB", "AUX"} else head.head
    if head != verb and head.dep_ not in {"nsubj", "nsubjpass"}:
        return False
    return any(c.dep_ == "mark" and c.lower_ in _GAP for c in verb.children)


def _is_gap(head: Token) -> bool:
    """'just weeks after a bomb blast …' → the blast is a different, earlier event."""
    gap_nouns = word_set("gap_nouns")
    for anc in [head, *list(head.ancestors)[:3]]:
        for c in anc.children:
            if c.dep_ in {"mark", "prep"} and c.lower_ in _GAP and c.i < head.i:
                near = [*c.children, *head.doc[max(0, c.i - 3) : c.i]]
                if any(g.lemma_.lower() in gap_nouns for g in near):
                    return True
    for anc in list(head.ancestors)[3:]:  # deep in 'weeks after …, one of which led to …'
        for c in anc.children:
            if (
                c.dep_ in {"mark", "prep"}
                and c.lower_ in _GAP
                and head in c.subtree
                and any(g.lemma_.lower() in gap_nouns for g in c.children)
            ):
                return True
            if c.dep_ == "advcl" and head in c.subtree:
                marks = [m for m in c.children if m.dep_ == "mark" and m.lower_ in _GAP]
                spans = [g for g in c.children if g.dep_ == "npadvmod"]  # 'two weeks after'
                spans += [g for m in marks for g in m.children]
                if marks and any(g.lemma_.lower() in gap_nouns for g in spans):
                    return True
    if any(a.dep_ == "prep" and a.lower_ == "since" for a in list(head.ancestors)[:6]):
        return True  # 'since the death of its leader in a drone strike': before the news
    if _what_it_began(head):
        return True
    prep = head.head
    if head.dep_ == "pobj" and prep.lower_ in _GAP:
        near = [*prep.children, *head.doc[max(0, prep.i - 3) : prep.i]]
        return any(g.lemma_.lower() in gap_nouns for g in near)
    return False


_BEGUN = {"begin", "start", "launch", "impose", "declare", "introduce"}


def _what_it_began(head: Token) -> bool:
    """'a state of emergency begun after the group killed 130 in Paris', 'a crackdown
    launched after the massacre': what started something still going on lies before it."""
    after = {"after", "following"}
    if head.pos_ == "VERB":
        link = any(c.dep_ == "mark" and c.lower_ in after for c in head.children)
        starter = head.head
    elif head.dep_ == "pobj" and head.head.lower_ in after:
        link, starter = True, head.head.head
    else:
        return False
    # 'a crackdown launched after …', not 'the army launched an offensive after …' (news too)
    return link and starter.lemma_.lower() in _BEGUN and starter.dep_ == "acl"


def usable_triggers(ctx: ArticleContext, meta: dict[str, dict[str, Any]]) -> list[Trigger]:
    out: list[Trigger] = []
    accident = _accident_article(ctx)
    cyber = _cyber_article(ctx)
    animal = _animal_article(ctx)
    spans = ctx.doc.spans.get(TRIGGER_KEY, [])
    heads = {s.root.i for s in spans}
    for span in spans:
        info = meta[span.kb_id_]
        head = span.root
        if head.lemma_.lower() == "hit" and head.dep_ == "conj" and head.head.i in heads:
            continue  # 'opened fire and hit Walsh': the shots the first verb tells
        plural = head.tag_ in {"NNS", "NNPS"}
        if plural and not (info.get("allow_plural") or _specific_plural(ctx, head)):
            continue
        if _modifies_a_thing(head):
            continue  # 'attack victims', 'massacre lawsuit', 'an attack alert app'
        if _kind_of_many(ctx, head):
            continue  # 'a series of bombing and shooting attacks': the kind of many attacks
        if _legal_reference(head) or _inert_device(span) or _harmless_particle(head):
            continue
        if _hypothetical(head) or _negated(head) or _generic(head) or _tally(head):
            continue
        if _done_before(head):
            continue
        if (plural or span[-1].tag_ == "NNS") and _across_countries(ctx, head):
            continue  # 'drone strikes in Pakistan, Yemen and Somalia have killed civilians'
        state_raid = _state_raid(ctx, head)
        forces = not state_raid and _forces_on_militants(ctx, head)
        forces = forces or (not state_raid and _state_shooting(ctx, head))
        forces = forces or (not state_raid and _struck_from_the_air(ctx, head))
        if info.get("agent") == "militant" and not (state_raid or forces or _agent_ok(ctx, head)):
            continue
        if _figurative(head) or not _context_ok(ctx, head, info.get("needs")):
            continue
        if _fall_from_power(head) or _harmless_crackdown(ctx, head) or _criticism(head):
            continue
        if _under_siege(head):
            continue  # 'neighborhoods under siege by government troops': a condition
        if cyber and not (
            {t.lemma_.lower() for t in head.sent} & _ACT_CUES or _in_a_town_of(ctx, head)
        ):
            continue  # 'investigators suspect the attack was sophisticated' (a bank's hack)
        if _other_domain(head, info["category"]):
            continue
        if accident and info["event_type"] in {"Bombing", "Arson"}:
            continue  # 'an apparent homemade firework exploded': an accident's blast
        if animal and info["category"] == "attack":
            continue  # 'a boy was killed by one of the reptiles … The attack happened …'
        if _search_of_premises(ctx, head):
            continue
        definite = any(c.dep_ in {"det", "poss"} and c.lower_ in _DEFINITE for c in head.children)
        definite = definite or _said_of_it(head)
        category, event_type = info["category"], info["event_type"]
        if state_raid:
            category, event_type = "security_operation", "Raid"
        elif category == "attack" and _ends_the_attackers_act(head):
            pass  # 'the gunman was shot dead by police after killing six': the attack's end
        elif forces or (category == "attack" and _state_agent(ctx, head)):
            category, event_type = "security_operation", "SecurityOperation"
        elif category == "security_operation" and (
            _militant_agent(ctx, head) or _fired_by_others(ctx, head)
        ):
            category, event_type = "attack", "Attack"  # 'a Taliban raid', 'an IS drone strike'
        elif category == "attack" and (
            _fight_with_the_state(ctx, head)
            or _killed_in_a_fight_with_the_state(ctx, head)
            or _during_what_the_forces_did(ctx, head)
            or _hit_while_arresting(ctx, head)
            or _suspect_shot(head)
            or _shot_by_the_arresting(ctx, head)
        ):
            category, event_type = "security_operation", "SecurityOperation"
        elif is_two_sided(head) and ensuing(head):
            category, event_type = "attack", "ArmedAssault"  # the fight an attack started
        elif event_type == "ArmedAssault":
            event_type = _by_explosive(head) or event_type
        out.append(Trigger(span, head, category, event_type, definite, _is_gap(head)))
    kept = _drop_restated(_drop_targets(_drop_modifiers(out)))
    return [] if _quiet_article(ctx, kept) else kept


_LOOSE_EVENT_WORDS = word_set("loose_event_words")
#: an article this long that tells of violence names its harm somewhere
_QUIET_SENTENCES = 6
_HARM_WORDS = word_set("harm_words")


def _quiet_article(ctx: ArticleContext, triggers: list[Trigger]) -> bool:
    """An article (of some length) whose only event words are loose ones ('attack',
    'strike', 'raid') and that nowhere names a weapon, a casualty, a killing or an armed
    actor tells of no violent event: a plan 'to attack the mosquito', a film's attack."""
    if not triggers or any(t.head.lemma_.lower() not in _LOOSE_EVENT_WORDS for t in triggers):
        return False
    if sum(1 for _ in ctx.doc.sents) < _QUIET_SENTENCES:
        return False  # a one-line report ('an assault on a shopkeeper in Leeds') says no more
    inside = {t.i for trig in triggers for t in trig.span}
    cues = word_set("violence_cues") | _WEAPONS | word_set("kill_lemmas") | _HARM_WORDS
    for tok in ctx.doc:
        if tok.i not in inside and (tok.lower_ in cues or tok.lemma_.lower() in cues):
            return False
    return not any(
        e.kind in {"armed_group", "security_agency", "military"} for e in ctx.entities.values()
    )


def _across_countries(ctx: ArticleContext, head: Token) -> bool:
    """Acts spread over three countries or more are a kind of act, not one event (the
    places may hang on the verb of a misparse: 'that drone[VERB] strikes in Pakistan, …')."""
    toks = list(head.subtree)
    if head.dep_ == "dobj":
        toks += [t for c in head.head.children if c.dep_ == "prep" for t in c.subtree]
    countries = {e.key for t in toks if (e := ctx.entity_at(t)) is not None and e.kind == "country"}
    return len(countries) >= 3


def _inert_device(span: Span) -> bool:
    """'left two unexploded pipe bombs in a park', 'a dummy bomb': a device that did not go
    off, or never could, was found, not set off."""
    inert = word_set("inert_device_modifiers")
    return any(t.lower_ in inert for t in span) or any(
        c.dep_ == "amod" and c.lower_ in inert for c in span.root.children
    )


def _harmless_particle(head: Token) -> bool:
    """'SpaceX rocket blasts off', 'fired off a letter': the verb and its particle mean
    something harmless."""
    particles = [c.lower_ for c in head.children if c.dep_ == "prt"]
    return any(f"{head.lemma_.lower()} {p}" in word_set("harmless_particles") for p in particles)


def _legal_reference(head: Token) -> bool:
    """'charged with assault on a federal officer', 'pleaded guilty to the attack': a crime
    named in a charge or plea is a legal reference, not an event; one the phrase dates or
    places ('convicted of the 2008 Mumbai attacks') still tells of an event."""
    first = head
    while first.dep_ == "conj" and first.head.pos_ in {"NOUN", "PROPN"}:
        first = first.head  # 'charged with conspiracy and assault'
    prep = first.head
    if (
        first.dep_ == "pobj"
        and prep.lower_ == "of"
        and prep.head.lemma_.lower() in {"possession", "manufacture", "possess", "transport"}
        and prep.head.dep_ == "pobj"
    ):
        first = prep.head  # 'charged with possession of an explosive device'
        prep = first.head
    if first.dep_ != "pobj" or prep.lower_ not in {"with", "of", "to", "for"}:
        return False
    if prep.head.lemma_.lower() not in word_set("legal_verbs"):
        return False
    return not any(t.ent_type_ in {"DATE", "GPE", "LOC", "FAC"} for t in head.subtree)


def _by_explosive(head: Token) -> str | None:
    """'A bomb killed nine people', 'a suicide bomber killed 14': the verb's subject says the
    killing was a bombing, not a shooting."""
    if head.pos_ != "VERB":
        return None
    for subj in (c for c in head.children if c.dep_ == "nsubj"):
        if subj.lemma_.lower() not in word_set("explosive_nouns"):
            continue
        mods = {c.lower_ for c in subj.children if c.dep_ in {"compound", "amod"}}
        return "SuicideAttack" if "suicide" in mods else "Bombing"
    return None


def _drop_modifiers(triggers: list[Trigger]) -> list[Trigger]:
    """'their shooting rampage': a trigger that modifies another names the same event."""
    heads = {t.head.i for t in triggers}
    return [
        t for t in triggers if not (t.head.dep_ in {"compound", "amod"} and t.head.head.i in heads)
    ]


def _said_of_it(head: Token) -> bool:
    """'It was a suicide attack on the convoy': what the event in focus was."""
    verb = head.head
    if head.dep_ != "attr" or verb.lemma_ != "be":
        return False
    return any(c.dep_ == "nsubj" and c.lower_ in {"it", "this", "that"} for c in verb.children)


def _drop_restated(triggers: list[Trigger]) -> list[Trigger]:
    """'The market bombings were the deadliest attack in a wave of explosions': a trigger
    that is what another trigger was, said of it with 'be', is that event again."""
    heads = {t.head.i for t in triggers}

    def restated(t: Trigger) -> bool:
        if t.head.dep_ == "appos" and any(o.head.i < t.head.i for o in triggers):
            return True  # 'A bomb killed 12 in Kabul, the deadliest attack this year'
        verb = t.head.head
        if t.head.dep_ != "attr" or verb.lemma_ != "be":
            return False
        return any(c.dep_ in {"nsubj", "nsubjpass"} and c.i in heads for c in verb.children)

    return [t for t in triggers if not restated(t)]


def _drop_targets(triggers: list[Trigger]) -> list[Trigger]:
    """'a bomber targeting a rally': the rally is what was attacked, not a separate event."""
    attacks = {t.head.i for t in triggers if t.category == "attack"}
    return [
        t
        for t in triggers
        if t.category == "attack" or not any(a.i in attacks for a in list(t.head.ancestors)[:3])
    ]


# --- local arguments ----------------------------------------------------------------


def _is_reporting(ent: Span) -> bool:
    """A date of saying: 'said on Friday', 'in a statement late Tuesday', 'Monday's
    briefing'."""
    head = ent.root.head
    if head.dep_ == "prep":
        head = head.head
    lemma = head.lemma_.lower()
    said = word_set("statement_nouns")
    if head.pos_ == "NOUN":
        return lemma in said
    if lemma in word_set("reporting_verbs"):
        return True
    return head.pos_ == "VERB" and any(  # 'In a statement late Monday, police gave details'
        c.dep_ == "prep" and any(g.dep_ == "pobj" and g.lemma_.lower() in said for g in c.children)
        for c in head.children
    )


def event_dates_in(
    ctx: ArticleContext, sent: Span, other: frozenset[int] = frozenset(), main: bool = False
) -> list[DateValue]:
    """The dates a sentence gives to what happened in it, not to a statement or a response
    ('said on Friday', 'the minister visited on Monday' give none), nor those found to be
    the days of other acts (``other``: their first tokens). ``main``: only the main clause's,
    not those of what it is told after ('the incident unfolded after police came under fire
    on Thursday')."""
    out: list[DateValue] = []
    for ent in _date_spans(sent):
        if _is_reporting(ent) or _an_end(ent) or ent.start in other:
            continue
        if main and _in_a_reference_clause(ent.root):
            continue
        governor = next((a for a in ent.root.ancestors if a.pos_ in {"VERB", "AUX"}), None)
        if governor is not None and _responds(governor):
            continue
        value = parse_date(_with_context(ent), ctx.article.published)
        if value is not None:
            out.append(value)
    return out


def _in_a_reference_clause(tok: Token) -> bool:
    """Whether a word lies in an 'after …' / 'before …' / 'since …' clause or phrase that
    tells what something told before came after ('The incident unfolded after police came
    under fire on Thursday'): the point it is measured from. A reaction's 'after' clause
    ('Uber stood by its checks after a driver killed six on Saturday') tells the news."""
    links = {"after", "before", "since"}
    for anc in tok.ancestors:
        prep = anc.dep_ == "prep" and anc.lower_ in links
        clause = anc.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in links for c in anc.children
        )
        if prep or clause:
            return _refers_back_to_the_told(anc.head)
    return False


def _refers_back_to_the_told(verb: Token) -> bool:
    """Whether a clause's subject is something told before ('the incident', 'it')."""
    for subj in (c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}):
        if subj.lower_ in {"it", "this"}:
            return True
        return any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in subj.children)
    return False


def report_dates_in(ctx: ArticleContext, sent: Span) -> list[DateValue]:
    """The days a sentence says something was told ('state police said Tuesday')."""
    out: list[DateValue] = []
    for ent in _date_spans(sent):
        if _is_reporting(ent) and (value := parse_date(_with_context(ent), ctx.article.published)):
            out.append(value)
    return out


def attach_dates(ctx: ArticleContext, sent: Span, triggers: list[Trigger]) -> None:
    """Give each DATE/TIME expression to the nearest trigger (its syntactic ancestor first)."""
    if not triggers:
        return
    pub = ctx.article.published
    if _in_a_past_decade(sent, pub):
        for trig in triggers:  # 'a spate of attacks in the 2000s, the deadliest of which …'
            trig.gap = True
    for trig in triggers:
        if _commemorated(trig.head) and not trig.definite:
            trig.gap = True  # 'a remembrance of the lives lost in a shooting': an earlier one
    spans = [e for e in _date_spans(sent) if not _an_end(e)]
    phrased = {  # triggers dated inside their own phrase ("this week's bombings")
        t.head.i for t in triggers for e in spans if _in_phrase(t.head, e.root)
    }
    for ent in spans:
        value = _same_as_before(ent, pub) or parse_date(_with_context(ent), pub)
        if value is None:
            continue
        trig = _nearest(ent.root, triggers)
        if trig.head.i in phrased and not _in_phrase(trig.head, ent.root):
            continue  # 'families were desperate on Thursday' after 'this week's bombings'
        if _another_clause(ent.root, trig.head):
            continue  # 'the militants who killed 20 … , as the country began mourning on Sunday'
        if _in_protested_object(ent.root, trig.head):
            continue  # 'a march protesting the shootings last week': the shootings' week
        if _commemorated(trig.head) and not _commemorated(ent.root):
            continue  # 'a march on Sunday, a remembrance of the lives lost in a shooting'
        since = next(
            (a for a in ent.root.ancestors if a.dep_ == "prep" and a.lower_ == "since"), None
        )
        if since is not None and trig.head not in since.subtree:
            continue  # 'the deadliest assault since the Sept. 11, 2001, attacks': a comparison
        if _in_a_since_clause(ent.root, trig.head) or _of_someone_in_it(ent.root, trig.head):
            continue  # 'the biggest blow since its chief was killed in 2008'; 'the gunman in
            # the attack had been under investigation until May 2014': that person's date
        captured = _captured_in(ent.root, trig)
        if not (captured and _arrested_where_shot(ent.root, trig.head)) and _of_another_act(
            ent, trig.head, {t.head.i for t in triggers}
        ):
            trig.other_dates.append(ent.start)
            continue  # 'agents on Friday questioned a member of the mosque of the man who shot 49'
        if _names_an_occasion(ctx, ent, triggers):
            continue  # 'the Nov. 8 election', 'the July 4 holiday': their days, not the act's
        if _of_a_plan(ent.root, trig.head):
            continue  # '… doubt on whether talks would go ahead on March 9': the plan's day
        if _compared_with(ent, trig) or _of_an_actors_clause(ctx, ent.root, trig.head):
            continue  # 'the deadliest since forces last month retook Falluja'
        if _of_the_reference_point(ent.root, trig.head):
            continue  # 'the blasts occurred four days after the arrest … in November'
        if _of_what_followed(ent.root, trig.head) and not captured:
            if ended_before_news(value, pub):  # 'he said last October, before meeting
                trig.reporting_dates.append(value)  # victims of a shooting': it was older
            continue  # the day of what followed, not of the event or its report
        own = not _is_reporting(ent) and (captured or _dates_trigger(ent.root, trig.head))
        (trig.dates if own else trig.reporting_dates).append(value)
    _share_joined_dates(triggers)


def _of_a_plan(date: Token, trigger: Token) -> bool:
    """'… and cast doubt on whether peace talks would go ahead on March 9 as planned': a date
    on a verb told as what will or would happen, the act outside it, dates a plan."""
    verb = next((a for a in date.ancestors if a.pos_ in {"VERB", "AUX"}), None)
    if verb is None or verb.i == trigger.i or trigger in verb.subtree:
        return False
    future = {"will", "would", "shall", "'ll"}
    return any(c.dep_ == "aux" and c.lower_ in future for c in verb.children)


def _share_joined_dates(triggers: list[Trigger]) -> None:
    """'A couple shot and killed 14 people in San Bernardino in December': verbs joined by
    'and' tell one act, so the day the nearer one took is the other's too."""
    by_head = {t.head.i: t for t in triggers}
    for trig in triggers:
        head = trig.head
        other = by_head.get(head.head.i) if head.dep_ == "conj" and head.pos_ == "VERB" else None
        if other is None or other.head.pos_ != "VERB":
            continue
        for a, b in ((trig, other), (other, trig)):
            if a.dates and not b.dates:
                b.dates.extend(a.dates)


def _names_an_occasion(ctx: ArticleContext, ent: Span, triggers: list[Trigger]) -> bool:
    """A date that modifies a noun naming something other than an act or a stretch of time
    ('the Nov. 8 election') dates that thing, unless the act is told as happening in it
    ('shot during a Sunday church service')."""
    outward = [t for t in ent if not ent.start <= t.head.i < ent.end]
    if not outward or len({t.head.i for t in outward}) != 1:
        return False
    if any(t.dep_ not in {"compound", "nummod", "nmod", "amod", "poss", "det"} for t in outward):
        return False
    noun = outward[0].head
    if noun.pos_ not in {"NOUN", "PROPN"} or noun.i in range(ent.start, ent.end):
        return False
    if any(t.span.start <= noun.i < t.span.end for t in triggers):
        return False
    if any(_acts_own_phrase(t.head, noun) or t.head in noun.subtree for t in triggers):
        return False  # 'shot during a Sunday church service', 'a December shooting spree'
    lemma = noun.lemma_.lower()
    if lemma in word_set("occurrence_words") | word_set("time_nouns") or noun_class(lemma):
        return False
    return not any(s.start <= noun.i < s.end for s in ctx.doc.spans.get(TRIGGER_KEY, []))


def _acts_own_phrase(act: Token, noun: Token) -> bool:
    """Whether ``noun`` hangs on the act through prepositions only ('shot during a Sunday
    church service'), not through a clause of its own ('an attack that has thrown a June 23
    referendum into limbo': the referendum's day)."""
    if act not in noun.ancestors:
        return False
    for anc in noun.ancestors:
        if anc == act:
            return True
        if anc.pos_ in {"VERB", "AUX"}:
            return False
    return False


_DECADE = re.compile(r"\bin the (?:(?:19|20)(\d)0s)\b", re.IGNORECASE)


def _in_a_past_decade(sent: Span, published: dt.date | None) -> bool:
    """Whether the sentence tells of 'the 2000s' or another decade over before publication
    (not 'the worst since the 1990s': a comparison)."""
    m = _DECADE.search(sent.text)
    if m is None or published is None or " since " in sent.text.lower():
        return False
    start = int(m.group(0)[-5:-1])
    return start + 10 <= published.year


def _in_phrase(head: Token, tok: Token) -> bool:
    """Whether ``tok`` lies in the noun phrase of a nominal trigger ('Tuesday's attacks', 'a
    government bombardment in April 2014')."""
    if head.pos_ not in {"NOUN", "PROPN"}:
        return False
    left = min((c.left_edge.i for c in head.children if c.i < head.i), default=head.i)
    if left <= tok.i < head.i:
        return True
    prep = tok.head
    return prep.dep_ == "prep" and prep.lower_ in {"in", "on"} and prep.head == head


def _responds(verb: Token) -> bool:
    """A response to an act (a pledge, a visit, a trial's verdict: 'was found guilty last
    summer', 'was convicted in May'), whose date is not the act's."""
    lemma = verb.lemma_.lower()
    if lemma in word_set("response_verbs") | word_set("legal_verbs"):
        return True
    return lemma == "find" and any(
        c.lower_ in {"guilty", "innocent", "liable"} for c in verb.children
    )


def _an_end(ent: Span) -> bool:
    """'clashes which lasted until May 19': when it ended, not when it happened."""
    prev = ent.doc[ent.start - 1] if ent.start > 0 else None
    return prev is not None and prev.lower_ in {"until", "till", "untill"}


def _dates_trigger(date: Token, trigger: Token) -> bool:
    """Whether a date in the trigger's sentence dates the trigger's event.

    'On Wednesday the minister pledged to probe the attack': the date modifies the pledge,
    a response to the event, not the event. A date inside the trigger's own phrase, or on
    the clause whose predicate is the trigger, dates the event.
    """
    governor = _other_governor(date, trigger)
    return governor is None or not _responds(governor)


def _place_of_what_followed(place: Token, trigger: Token) -> bool:
    """'Police arrested three suspects in Izmir after 42 people were killed at the airport
    in Istanbul': the place of an arrest told in the main clause, when the trigger sits in
    its 'after' clause, is where the arrest that followed happened."""
    if trigger in place.ancestors:
        return False  # 'a day after the deadly Brussels attacks': the attacks' own place
    governor = next((a for a in place.ancestors if a.pos_ in {"VERB", "AUX"}), None)
    if governor is None or governor == trigger or governor not in trigger.ancestors:
        return False
    if governor.lemma_.lower() not in word_set("capture_verbs"):
        return False  # 'Americans missing in Brussels following Tuesday's bombings': theirs
    return _earlier_clause(trigger, governor)


def _in_a_since_clause(date: Token, trigger: Token) -> bool:
    """'…, the biggest blow to the group since its military chief was killed in 2008': the
    date of a 'since' clause the trigger is not in dates what the news is measured from."""
    verb = next((a for a in date.ancestors if a.pos_ in {"VERB", "AUX"}), None)
    return (
        verb is not None
        and any(c.dep_ == "mark" and c.lower_ == "since" for c in verb.children)
        and trigger not in verb.subtree
    )


def _of_someone_in_it(date: Token, trigger: Token) -> bool:
    """'The gunman in the Florida attack had been under investigation for a year ending in
    May 2014': the trigger says who the subject is; a date of the predicate is that person's."""
    prep = trigger.head
    if trigger.dep_ != "pobj" or prep.lower_ not in {"in", "behind", "from", "of"}:
        return False
    person = prep.head
    if person.pos_ != "NOUN" or noun_class(person.lemma_) is None:
        return False
    if person.dep_ not in {"nsubj", "nsubjpass"}:
        return False
    return person.head in date.ancestors and person not in date.ancestors


_BRAWLS = frozenset({"violence", "brawl", "melee", "mayhem", "fight", "fighting", "riot"})


def _a_fight_breaking_out(verb: Token, trigger: Token) -> bool:
    """'A battle between rival gangs involving gunfire erupted on Saturday': the fight whose
    words hold the trigger broke out that day (a protest over a shooting that erupted later
    is no fight)."""
    if verb.lemma_.lower() not in word_set("occurrence_words"):
        return False
    return any(
        c.dep_ == "nsubj"
        and trigger in c.subtree
        and (is_two_sided(c) or one_event_noun(c) or c.lemma_.lower() in _BRAWLS)
        for c in verb.children
    )


def _subject_of(verb: Token, trigger: Token) -> bool:
    """Whether the trigger is what the verb tells of: its subject, or the 'of' of a measure
    that is ('several bursts of gunfire', 'a hail of bullets')."""
    for subj in (c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}):
        if subj == trigger:
            return True
        if subj.lemma_.lower() in word_set("partitive_nouns") and any(
            g == trigger
            for c in subj.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for g in c.children
        ):
            return True
    return False


def _of_another_act(date_span: Span, trigger: Token, heads: set[int]) -> bool:
    """Whether a date modifies a verb of some other, harmless act that holds the trigger
    deep inside what it acts on: 'FBI agents on Friday questioned a member of the mosque
    attended by the man who shot 49', 'took the step on Thursday of releasing footage of the
    shooting'. The day is the questioning's; it dates the shooting neither as its own day nor
    as a day it was reported. A trigger the verb's object names directly ('launched an
    attack on Monday', 'opened fire on Monday'), a verb of harm, or a date right after the
    trigger ('the massacre, in late 2014, of …', however parsed) keeps the day."""
    if 0 < date_span.start - trigger.i <= 3 or _right_after_its_phrase(date_span, trigger):
        return False
    governor = _other_governor(date_span.root, trigger)
    if governor is None or governor.i in heads:
        return False
    if _subject_of(governor, trigger):
        return False  # 'bursts of gunfire coming from the property Thursday night'
    if _a_fight_breaking_out(governor, trigger):
        return False  # 'a battle involving gunfire and knives erupted on Saturday'
    lemma = governor.lemma_.lower()
    violent = (
        word_set("perpetration_verbs")
        | word_set("kill_lemmas")
        | word_set("injure_lemmas")
        | word_set("die_verbs")
        | word_set("harm_verbs")
        | word_set("reporting_verbs")
    )
    if lemma in violent or governor.pos_ == "AUX":
        return False
    killings = {"killing", "death", "massacre", "slaying", "murder"}
    for anc in date_span.root.ancestors:
        if anc == governor:
            break
        if anc.pos_ == "NOUN" and (one_event_noun(anc) or anc.lemma_.lower() in killings):
            return False  # 'the killings on Wednesday marked the first time …': theirs
    path = [trigger]
    for anc in trigger.ancestors:
        if anc == governor:
            break
        path.append(anc)
    return any(
        t.dep_ in {"relcl", "acl", "ccomp"}
        or (t.dep_ == "pobj" and t.head.head.pos_ in {"NOUN", "PROPN"} and t.head.head != trigger)
        for t in path
    )


def _right_after_its_phrase(date_span: Span, trigger: Token) -> bool:
    """'images of the shooting of Alton Sterling, 37, early Tuesday morning stirred
    protests': a date right after the act noun's whole phrase (its 'of' phrase, an age set
    off by commas), however the parser hangs it, is the act's."""
    if trigger.pos_ != "NOUN":
        return False
    end = max(t.i for t in trigger.subtree)
    doc = trigger.doc
    nxt = end + 1
    while nxt < date_span.start and (doc[nxt].is_punct or doc[nxt].like_num):
        nxt += 1  # ', 37,': the age of the person the phrase names
    return nxt == date_span.start and end > trigger.i


def _arrested_where_shot(date: Token, head: Token) -> bool:
    """'were arrested on Tuesday on a roadside where X was shot dead': the arrest's day is
    the day of the shooting told as where it happened."""
    verb = next((a for a in date.ancestors if a.pos_ in {"VERB", "AUX"}), None)
    return (
        verb is not None
        and verb.lemma_.lower() in word_set("capture_verbs")
        and head.lemma_.lower() in {"shoot", "kill"}
        and head in verb.subtree
    )


def _captured_in(date: Token, trig: Trigger) -> bool:
    """'The fugitive was arrested after a shootout with police on Friday': an arrest is how
    an operation ends, so its day is the operation's (an arrest after an attack is not)."""
    if trig.category != "security_operation":
        return False
    governor = _other_governor(date, trig.head)
    return governor is not None and governor.lemma_.lower() in word_set("capture_verbs")


def _of_what_followed(date: Token, trigger: Token) -> bool:
    """'The airport was evacuated on Wednesday, a day after bombings rocked Brussels': the
    date is the evacuation's."""
    governor = _other_governor(date, trigger)
    return governor is not None and _earlier_clause(trigger, governor)


def _compared_with(ent: Span, trig: Trigger) -> bool:
    """Whether the expression lies in the comparison after a superlative that follows the
    trigger ('the attack is the deadliest since forces last month retook Falluja'): what the
    event is compared with, not the event."""
    sent = ent.sent
    if _PERIOD.fullmatch(ent.text) or ent.text.lower() in {"this month", "this week"}:
        before = ent.doc[max(sent.start, ent.start - 8) : ent.start]
        if any(t.tag_ == "JJS" or t.lower_ in {"worst", "deadliest"} for t in before):
            return True  # 'in the deadliest attacks in the Iraqi capital this year'
    for tok in sent:
        if tok.lower_ != "since" or not trig.head.i < tok.i < ent.start:
            continue
        before = ent.doc[max(sent.start, tok.i - 4) : tok.i]
        if any(t.tag_ == "JJS" or t.lower_ in {"first", "worst"} for t in before):
            return True
    return False


def _of_an_actors_clause(ctx: ArticleContext, date: Token, trigger: Token) -> bool:
    """'the offensive against Islamic State, which seized territory in 2014', 'Abdeslam, who
    was detained three weeks ago', 'the city that fell to the group in 2014': a date in a
    relative clause on a named group or person, or a town, away from the trigger, dates
    what that actor did or what befell the town, not the event."""
    if trigger in date.ancestors or trigger.i == date.i:
        return False
    gov = next((a for a in date.ancestors if a.pos_ in {"VERB", "AUX"}), None)
    if gov is None or gov == trigger or gov.dep_ != "relcl":
        return False
    actor = ctx.entity_at(gov.head)
    # a town's own past ('the first city that fell to the group in 2014') as an actor's
    settlement = gov.head.lemma_.lower() in word_set("settlement_nouns")
    if not settlement and (actor is None or actor.type not in {"Person", "Organization"}):
        return False
    harm = harm_lemmas()
    if gov.lemma_.lower() in harm | _EVENT_VERBS:
        return False
    return gov not in trigger.ancestors and trigger not in gov.subtree


def _of_the_reference_point(date: Token, trigger: Token) -> bool:
    """'The blasts occurred four days after the arrest of a participant in November attacks':
    a date inside the 'after …' (or 'before …', 'since …') phrase of the trigger's own clause
    dates what the event is measured from, not the event."""
    if trigger in date.ancestors or trigger.i == date.i:
        return False
    clause = trigger
    while clause.pos_ not in {"VERB", "AUX"} and clause.head != clause:
        clause = clause.head
    for anc in date.ancestors:
        if anc == clause:
            return False
        if anc.dep_ == "prep" and anc.lower_ in {"after", "before", "since"} and anc.head == clause:
            return True
    return False


def _other_governor(date: Token, trigger: Token) -> Token | None:
    """The verb a date modifies when that verb governs the trigger from above (the date is
    then first of all that verb's); ``None`` when the date sits in the trigger's own phrase
    or clause."""
    if trigger in date.ancestors or trigger.i == date.i:
        return None
    governor = next((a for a in date.ancestors if a.pos_ in {"VERB", "AUX"}), None)
    if governor is None or governor == trigger or governor not in trigger.ancestors:
        return None
    return governor


def _earlier_clause(trigger: Token, governor: Token) -> bool:
    """Whether the trigger sits in an 'after …' / 'before …' clause under a verb that tells
    of something else ('the airport was evacuated on Wednesday after bombings rocked
    Brussels'), or one that says how long before ('a day after'). 'Five soldiers were
    martyred on Tuesday after militants stormed a post' keeps the day: the deaths are the
    attack's."""
    path = [trigger]
    for anc in trigger.ancestors:
        if anc == governor:
            break
        path.append(anc)
    links = [
        c
        for tok in path
        for c in [*tok.children, tok]
        if c.lower_ in {"after", "before", "since", "following"} and c.dep_ in {"mark", "prep"}
    ]
    if not links:
        return False
    if any(c.dep_ == "npadvmod" for link in links for c in link.children):
        return True  # 'a day after', 'weeks before'
    harm = word_set("kill_lemmas") | word_set("die_verbs") | word_set("injure_lemmas")
    return governor.lemma_.lower() not in harm | word_set("harm_verbs")


_NUMERIC = re.compile(r"\b(\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2})\b")
_RELATIVE = re.compile(
    r"\b(last|late|early)?\s*(night|yesterday|overnight|today|tonight|this morning|this evening"
    r"|(?:last |on )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"(?: night| morning| evening| afternoon)?)\b",
    re.IGNORECASE,
)


def _a_years_number(tok: Token) -> bool:
    """A four-digit year modifying an act ('a 2004 attack') or after 'in'/'since' ('in
    2004'), not a count ('2000 people')."""
    if not (tok.shape_ == "dddd" and 1900 <= int(tok.text) <= 2099):
        return False
    if tok.dep_ == "pobj":
        return tok.head.lower_ in {"in", "since"}
    return tok.dep_ in {"nummod", "compound", "amod"} and one_event_noun(tok.head)


def _date_spans(sent: Span) -> list[Span]:
    """DATE/TIME entities plus relative expressions the statistical NER often misses."""
    spans = [e for e in sent.ents if e.label_ in {"DATE", "TIME"}]
    taken = {i for e in spans for i in range(e.start, e.end)}
    for m in _NUMERIC.finditer(sent.text):
        span = sent.doc.char_span(sent.start_char + m.start(), sent.start_char + m.end())
        if span is not None and not any(t.i in taken for t in span):
            spans.append(span)
            taken.update(t.i for t in span)
    for tok in sent:  # 'One 2004 attack hit the consulate': a year the NER missed
        if tok.i not in taken and _a_years_number(tok):
            spans.append(sent.doc[tok.i : tok.i + 1])
            taken.add(tok.i)
    for m in _RELATIVE.finditer(sent.text):
        span = sent.doc.char_span(
            sent.start_char + m.start(), sent.start_char + m.end(), alignment_mode="expand"
        )
        if span is not None and not any(t.i in taken for t in span) and m.group(2).strip():
            if span.text.lower().strip() in {"night", "late", "early"}:
                continue
            spans.append(span)
            taken.update(t.i for t in span)
    return [
        s for s in spans
        if not _any_weekday(s) and not _overnight_of(s, spans)
        and not any(t.text in {"march", "may"} for t in s)  # 'the end of a march': no month
    ]  # fmt: skip


def _overnight_of(span: Span, spans: list[Span]) -> bool:
    """'overnight on Tuesday': the night the day names, not a day of its own."""
    if span.text.lower() != "overnight":
        return False
    after = span.end + (span.end < len(span.doc) and span.doc[span.end].lower_ in {"on", "into"})
    return any(s.start == after for s in spans)


def _any_weekday(span: Span) -> bool:
    """'struck on a Friday night', 'every Sunday': no particular day."""
    day = next((t for t in span if t.lower_ in WEEKDAYS), None)
    if day is None:
        return False
    doc = span.doc
    acts = {i for s in doc.spans.get(TRIGGER_KEY, []) for i in range(s.start, s.end)}
    i = day.i - 1
    while i >= 0 and day.i - i <= 2 and doc[i].pos_ == "ADJ" and i not in acts:
        i -= 1  # 'on a festive Friday evening'; not 'in a shootout Wednesday morning' (the
        # tagger may call the act an adjective of the day)
    return i >= 0 and doc[i].lower_ in {"a", "an", "every", "each", "any"}


def _another_clause(date: Token, trigger: Token) -> bool:
    """Whether a date sits in a clause that neither holds nor governs the trigger: a
    sibling clause tells of something else."""
    clauses = {"advcl", "ccomp", "relcl", "ROOT", "conj", "parataxis", "xcomp"}
    verb = next(
        (a for a in date.ancestors if a.pos_ in {"VERB", "AUX"} and a.dep_ in clauses), None
    )
    if verb is None or verb == trigger:
        return False
    if verb.dep_ == "relcl" and trigger not in verb.subtree and _of_someone(verb):
        return True  # 'X, a suspect in the Paris attacks, who was detained three weeks ago'
    rel = trigger if trigger.dep_ == "relcl" else None
    rel = rel or next((a for a in trigger.ancestors if a.dep_ == "relcl"), None)
    if (
        rel is not None
        and date not in rel.subtree
        and verb in rel.ancestors
        and _of_someone(rel)
        and any(t.ent_type_ == "DATE" for t in rel.subtree)
    ):
        return True  # 'Texas executed on Wednesday a man who … got into a gun battle in 2007'
    if trigger in date.ancestors:
        return False
    own = trigger if trigger.pos_ in {"VERB", "AUX"} else _governing_verb(trigger)
    # 'the militants who killed 20 … were local, … as the country began mourning on Sunday':
    # the trigger told in a relative clause, the date in a clause of the sentence's own verb
    return (
        own is not None
        and own.dep_ == "relcl"
        and verb.dep_ == "advcl"
        and verb not in trigger.ancestors
        and verb.head in own.ancestors
    )


def _of_someone(relcl: Token) -> bool:
    """A relative clause about a named one or a person ('…, who was detained three weeks
    ago'), whatever noun the parser hung it on: what it dates is that one's doing."""
    return relcl.head.pos_ == "PROPN" or any(
        c.lower_ in {"who", "whom", "whose"} for c in relcl.subtree if c.i < relcl.i
    )


_SAME = re.compile(r"(?:the |that )?same (year|month|day)", re.IGNORECASE)


def _same_as_before(ent: Span, published: dt.date | None) -> DateValue | None:
    """'Ian Gow was killed in 1990. The same year, a lawmaker was wounded …': the date the
    text gave last, at the precision named (``None`` when that date is less precise)."""
    m = _SAME.fullmatch(ent.text)
    if m is None:
        return None
    before = [e for e in ent.doc.ents if e.end <= ent.start and e.label_ == "DATE"]
    for prev in reversed(before):
        if _SAME.fullmatch(prev.text) or _is_reporting(prev):
            continue  # not 'police said on Tuesday'
        value = parse_date(_with_context(prev), published)
        if value is None or value.year is None:
            continue
        unit = m.group(1).lower()
        if unit == "year":
            return DateValue(value.year, None, None, "year", ent.text)
        if unit == "month" and value.month is not None:
            return DateValue(value.year, value.month, None, "month", ent.text)
        if unit == "day" and value.day is not None:
            return replace(value, text=ent.text)
        return None
    return None


def _with_context(ent: Span) -> str:
    """'Last year on February 17' is split by NER; glue a preceding 'last year on'."""
    doc = ent.doc
    left = doc[max(ent.sent.start, ent.start - 4) : ent.start].text.lower()
    if left.endswith("last year on") or left.endswith("last year, on"):
        return "last year on " + ent.text
    if left.endswith("earlier in") and ent.text.lower() in {"the year", "the month", "the week"}:
        return "earlier in " + ent.text  # 'earlier in the year': this year, before the news
    return ent.text


def _nearest(tok: Token, triggers: list[Trigger]) -> Trigger:
    heads = {t.head.i: t for t in triggers}
    for anc in tok.ancestors:
        if anc.i in heads:
            return heads[anc.i]
    return min(triggers, key=lambda t: (abs(t.head.i - tok.i), t.head.i > tok.i))


_NOT_WHERE = word_set("not_where_prepositions")


def named_as_example(ent: Span) -> bool:
    """A place named as an example ('in cities such as New York', 'places like Chicago'):
    one of many, not where the act happened. An act given as the example keeps its place
    ('attacks such as last week's bombings in Brussels')."""
    acts = {i for s in ent.doc.spans.get(TRIGGER_KEY, []) for i in range(s.start, s.end)}
    for anc in ent.root.ancestors:
        if anc.i in acts:
            return False
        if anc.dep_ == "prep" and (
            anc.lower_ == "like"
            or (anc.lower_ == "as" and any(c.lower_ == "such" for c in anc.children))
        ):
            return True
        if anc.pos_ == "VERB":
            return False
    return False


def attach_places(ctx: ArticleContext, sent: Span, triggers: list[Trigger]) -> None:
    """Places in a sentence go to the nearest trigger when introduced by in/at/near/of."""
    if not triggers:
        return
    tagged = [(ent, ctx.entity_at(ent[0])) for ent in sent.ents]
    found = [*tagged, *_untagged_places(ctx, sent)]  # the model's first, then the gazetteer's
    towns = settlements(ctx, sent)
    for ent, draft in found:
        if draft is None or draft.type != "Place" or (ent.label_ == "ORG" and not _site(ent)):
            continue
        prev = ent.doc[ent.start - 1] if ent.start > 0 else None
        dateline = ent.start == sent.start or (prev is not None and prev.is_space)
        if dateline:
            continue
        if prev is not None and prev.lower_ == "the" and ent.start > 1:
            prev = ent.doc[ent.start - 2]  # 'ambassador to the United States'
        if prev is not None and prev.lower_ in _NOT_WHERE:
            continue  # where someone came from or was bound for, or who acted ('by the U.S.')
        if _bound_for(ent) or _on_a_route(ent):
            continue  # 'a Peshawar-bound train', 'on its way … to their camp in Dasu'
        if _country_as_modifier(ent, draft):
            continue  # 'a U.S. official said', 'US troops': whose, not where
        if _its_suburbs(ent):
            continue  # 'a suburban Minneapolis police officer': somewhere around the city
        if _describes_someone(ctx, ent):
            continue
        if _acts_or_is_addressed(ent, triggers) or _relations_between(ent):
            continue  # 'the military asked Moscow to stop', 'Washington said': a government
        if _where_spoken(ent, triggers):
            continue  # 'Speaking in London, Kerry condemned Thursday's attack'
        if named_as_example(ent):
            continue  # 'scrutiny of police in cities such as New York and Chicago'
        trig = _opens_a_clause(ent, triggers) or _nearest(ent.root, triggers)
        if trig.gap and not _in_gap_clause(trig.head, ent.root):
            others = [t for t in triggers if not t.gap]
            if not others:
                continue
            trig = _nearest(ent.root, others)
        if _another_events_place(ent, trig) or _compared_with(ent, trig):
            continue
        if _in_protested_object(ent.root, trig.head):
            continue  # 'a march protesting the shootings … in Baton Rouge': theirs
        if _place_of_what_followed(ent.root, trig.head):
            continue  # 'police arrested three in Izmir after 42 were killed in Istanbul'
        if _reference_point(ent) and (
            any(
                d is not None
                and d.type == "Place"
                and bool(d.gazetteer_id or d.parent)
                and e.start < ent.start
                for e, d in found
            )
            or any(town.end <= ent.start for town in towns)
            or _locates_a_town_word(ent)
        ):
            continue  # 'into Jableh, which lies 15 miles south of Latakia': Jableh's bearing
        if trig.places and not _governs(trig.head, ent.root) and _placed_in_phrase(trig):
            continue  # 'the rampage in Paris … was planned in Brussels': the planning's place
        if draft not in trig.places:
            trig.places.append(draft)
    for loc in _localities(ctx, sent):
        _nearest(loc.root, triggers).localities.append(loc)
    for town in towns:
        _nearest(town.root, triggers).settlements.append(town)


def _its_suburbs(ent: Span) -> bool:
    """'a suburban Minneapolis police officer', 'a Chicago-area school': a name modifying a
    noun with 'suburban' before it or '-area' after it is a region around the city, not
    where it happened (a town of that region may be named, and is); 'the Orangi area' is
    the place itself."""
    doc = ent.doc
    if ent.root.dep_ not in {"compound", "amod", "nmod"}:
        return False
    before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
    after = [t.lower_ for t in doc[ent.end : ent.end + 2]]
    area_modifier = (  # 'Minneapolis area police', not 'in the Orangi area'
        after[:1] == ["area"] and doc[ent.end].dep_ in {"compound", "amod", "nmod"}
    )
    return before in {"suburban", "exurban"} or after == ["-", "area"] or area_modifier


def _opens_a_clause(ent: Span, triggers: list[Trigger]) -> Trigger | None:
    """'In Georgia, an officer was ambushed …, and in Tennessee a man opened fire': a place
    that opens a clause ('in X' after 'and' or a comma) is where the clause's first act
    happened, whatever the parser hung it on."""
    doc = ent.doc
    if ent.start < 1 or doc[ent.start - 1].lower_ not in {"in", "at"}:
        return None
    before = doc[ent.start - 2] if ent.start >= 2 else None
    if before is None or before.i < ent.sent.start:
        opens = True
    else:
        opens = before.lower_ in {"and", ";", "but", "while"}
    if not opens:
        return None
    later = [t for t in triggers if t.head.i >= ent.end]
    earlier = [t for t in triggers if t.head.i < ent.start]
    if not later or not earlier:
        return None  # one act in the sentence, or none after: the nearest one has it
    return min(later, key=lambda t: t.head.i)


def _reference_point(ent: Span) -> bool:
    """A place named to locate another ('15 miles south of Latakia', 'north of Baghdad',
    and the state after it: '25 miles east of Providence, R.I.')."""
    if (
        ent.root.dep_ == "appos"
        and ent.root.head.i < ent.start
        and ent.doc[ent.start - 1].text == ","
    ):
        head = ent.root.head
        ent = ent.doc[head.left_edge.i : head.i + 1]
    doc, i = ent.doc, ent.start - 1
    if i >= 3 and doc[i].lower_ == "of" and doc[i - 1].lower_ in _SETTLEMENT_WORDS | {"city"}:
        i -= 3 if doc[i - 2].lower_ in {"the", "a"} else 2  # 'southwest of the town of X'
    if i < 1 or doc[i].lower_ not in {"of", "from"}:
        return False
    return doc[i - 1].lower_ in word_set("compass_words") | word_set("distance_units")


def _relations_between(ent: Span) -> bool:
    """'Tensions between Ankara and Moscow since Turkey shot down a Russian plane': places
    whose relations are told stand for their governments, not where anything happened."""
    node = ent.root
    while node.dep_ == "conj":
        node = node.head
    prep = node.head
    if node.dep_ != "pobj" or prep.lower_ != "between":
        return False
    told = [
        prep.head,
        *(c for w in (prep.head, prep.head.head) for c in w.children if c.dep_ == "nsubj"),
    ]  # fmt: skip ('tensions have been high between')
    relations = word_set("relation_nouns")
    return any(w.lemma_.lower() in relations or w.lower_ in relations for w in told)


def _locates_a_town_word(ent: Span) -> bool:
    """'on Main Street in the town just 25 miles east of Providence': the bearing locates
    the town the article names elsewhere, not something in Providence (but 'a village 30 km
    south of Kandahar' is an unnamed village of Kandahar's)."""
    doc = ent.doc
    i = before_distance(doc, ent.start - 1)  # the word before '25 miles east of'
    return (
        i is not None
        and i > 0
        and doc[i].lower_ in _SETTLEMENT_WORDS | {"city"}
        and doc[i - 1].lower_ == "the"
    )


def bearing_only(ent: Span) -> bool:
    """A place named only as a bearing ('150 miles north of Milwaukee', 'an area southwest
    of the town of X'); 'near Kabul' is Kabul's."""
    return _reference_point(ent)


def _governs(head: Token, tok: Token) -> bool:
    return any(a.i == head.i for a in tok.ancestors)


def _placed_in_phrase(trig: Trigger) -> bool:
    """Whether a place the trigger already has hangs in its own phrase ('rampage in Paris')."""
    return any(
        any(_governs(trig.head, t) for t in span)
        for p in trig.places
        for span in p.spans
        if span.sent == trig.head.sent
    )


def _where_spoken(ent: Span, triggers: list[Trigger]) -> bool:
    """A place of a statement or a response ('speaking in London', 'told reporters in
    Kabul') is where someone spoke, when no trigger lies under that verb."""
    heads = {t.head.i for t in triggers}
    for anc in ent.root.ancestors:  # 'Emory University in Atlanta said …': the speaker's
        if anc.i in heads:
            break  # 'investigations into bombings in Brussels … claimed': the bombings'
        if anc.dep_ == "nsubj" and anc.head.lemma_.lower() in word_set("reporting_verbs"):
            return True
    verb = next((a for a in ent.root.ancestors if a.pos_ in {"VERB", "AUX"}), None)
    if verb is None:
        return False
    speech = word_set("reporting_verbs") | word_set("response_verbs") | word_set("judging_verbs")
    if verb.lemma_.lower() not in speech | {"speak"}:
        return False
    if verb.i in heads or any(t.i in heads for t in ent.root.subtree):
        return False  # 'In Dallas, where five officers were murdered, the chief told …'
    prep = ent.root.head
    if prep.dep_ == "prep" and prep.head.i == verb.i:
        return True  # 'In Geneva, a statement called the hospital attack unacceptable'
    return not any(verb in t.head.ancestors for t in triggers)  # 'condemned the attack in X'


def _acts_or_is_addressed(ent: Span, triggers: list[Trigger]) -> bool:
    """A place that is the subject or object of a verb other than a trigger ('asked Moscow
    to stop', 'Kabul said') names its government, not where something happened; 'militants
    attacked Bannu' (the trigger's object) is a place attacked."""
    root = ent.root
    if root.dep_ not in {"nsubj", "dobj", "dative"} or root.head.pos_ not in {"VERB", "AUX"}:
        return False
    if root.head.lemma_.lower() in _EVENT_VERBS | word_set("occurrence_words"):
        return False  # 'a bombing hit Kampala', 'blasts rocked Quetta'
    return all(root.head.i != t.head.i for t in triggers)


def _in_gap_clause(head: Token, tok: Token) -> bool:
    """Whether ``tok`` lies in the trigger's phrase or in the clause an 'after'/'since'
    introduces around it ('a day after a suicide bombing hit Kampala')."""
    if head.left_edge.i <= tok.i <= head.right_edge.i:
        return True
    for anc in list(head.ancestors)[:3]:
        if anc.pos_ in {"VERB", "AUX"} and any(
            c.dep_ == "mark" and c.lower_ in _GAP for c in anc.children
        ):
            return _governed_by(tok, anc)
    return False


def _governed_by(tok: Token, verb: Token) -> bool:
    """Whether ``tok`` hangs on ``verb`` itself, not on a clause below it ('… killed in the
    bombing while travelling between Islamabad and Dasu': the journey's places)."""
    node = tok
    for _ in range(6):
        if node.head == node:
            return False
        node = node.head
        if node.i == verb.i:
            return True
        if node.pos_ in {"VERB", "AUX"}:
            return False
    return False


def _country_as_modifier(ent: Span, draft: EntityDraft) -> bool:
    """'a U.S. official', 'US troops': whose, not where; but 'northern Iraq's Qandil mountain
    area' is where."""
    root = ent.root
    if draft.kind == "country" and backing(ent):
        return True  # 'Iran-backed rebels': whose backing, not where
    return (
        draft.kind == "country"
        and root.dep_ in {"compound", "nmod", "amod", "poss"}
        and root.head.pos_ in {"NOUN", "PROPN"}
        and root.head.ent_type_ not in {"GPE", "LOC", "FAC"}
        and not (root.dep_ == "poss" and root.head.lemma_.lower() in word_set("area_nouns"))
    )


#: verbs whose object is an earlier event people react to
_PROTEST_VERBS = frozenset({"protest", "mourn", "condemn", "denounce", "decry"})
#: nouns of a killing, whatever its means
KILLING_NOUNS = frozenset(
    {"killing", "death", "massacre", "slaying", "murder", "shooting", "stabbing"}
)


def _commemorated(tok: Token) -> bool:
    """Whether a word lies in what a remembrance, tribute or vigil is of ('a remembrance of
    the lives lost in a shooting'): an earlier event, not dated by the occasion."""
    nouns = word_set("commemoration_nouns")
    for anc in tok.ancestors:
        if anc.dep_ != "prep" or anc.lower_ not in {"of", "for", "to"}:
            continue
        held = anc.head  # 'a vigil for …', 'a memorial service for …'
        if held.lemma_ in nouns or any(
            c.dep_ in {"compound", "amod"} and c.lemma_.lower() in nouns for c in held.children
        ):
            return True
    for i in range(tok.i - 1, tok.sent.start, -1):  # the parser may hang the phrase elsewhere
        word = tok.doc[i]
        if word.tag_ in {"VBD", "VBZ", "VBP", "MD"} or word.is_punct:
            return False  # a clause of its own
        if word.lower_ in {"of", "for", "to"} and tok.doc[i - 1].lemma_.lower() in nouns:
            return True
    return False


def _in_protested_object(tok: Token, trigger: Token) -> bool:
    """Whether a word lies in the object of a protest or mourning ('a march protesting the
    police shootings last week of two men in Baton Rouge') that does not hold the trigger:
    that object's time and place are the protested event's, not the act's."""
    for anc in tok.ancestors:
        if anc.pos_ != "VERB" or anc.lemma_.lower() not in _PROTEST_VERBS:
            continue
        if not any(
            c.dep_ in {"dobj", "obj"} and (one_event_noun(c) or c.lemma_.lower() in KILLING_NOUNS)
            for c in anc.children
        ):
            return False  # 'a procession commemorating Eid on Friday': not an event's
        if any(c.dep_ == "nsubj" and tok in c.subtree for c in anc.children):
            return False  # 'protesters in Paris mourned …': who protested, and where
        return trigger not in anc.subtree  # the parser may hang 'last week' on the verb
    return False


def _another_events_place(ent: Span, trig: Trigger) -> bool:
    """'Following the Ankara bombing, the military launched air strikes': a place naming
    another event noun of the sentence is that event's."""
    owner = ent.root.head
    return ent.root.dep_ == "compound" and owner.i != trig.head.i and one_event_noun(owner)


def _bound_for(ent: Span) -> bool:
    doc = ent.doc
    after = [t.lower_ for t in doc[ent.end : ent.end + 2]]
    return bool(after) and (after[0] in {"-bound", "bound"} or after[:2] == ["-", "bound"])


def _on_a_route(ent: Span) -> bool:
    """'a convoy on its way from Islamabad to their camp in Dasu', 'transporting engineers
    from Islamabad to their camp in Dasu': the end of a journey, not where the event
    happened ('from/to Dasu' themselves are skipped before)."""
    prep = ent.root.head
    if ent.root.dep_ != "pobj" or prep.lower_ not in {"in", "at", "of"}:
        return False
    routes = word_set("route_words")
    ends = {"to", "from", "towards", "toward"}
    owner = prep.head
    if owner.lemma_.lower() in routes:  # the parser hung 'in Dasu' on the journey itself
        return any(c.dep_ == "prep" and c.lower_ in ends and c.i < prep.i for c in owner.children)
    outer = owner.head
    if owner.dep_ != "pobj" or outer.lower_ not in ends:
        return False
    gov = outer.head
    return gov.lemma_.lower() in routes or any(
        c.lemma_.lower() in routes for c in gov.subtree if c.i < outer.i
    )


def _untagged_places(ctx: ArticleContext, sent: Span) -> list[tuple[Span, EntityDraft]]:
    """Places the article names elsewhere that the statistical NER left untagged here, when
    a place preposition introduces them ('the attack on Bannu Cantonment')."""
    known = {normalise(d.label): d for d in ctx.entities.values() if d.type == "Place"}
    tagged = {t.i for e in sent.ents for t in e}
    out: list[tuple[Span, EntityDraft]] = []
    for span in ctx.doc.spans.get("gazetteer", []):
        if not (sent.start <= span.start and span.end <= sent.end):
            continue
        i = span.start - 1
        if i > sent.start and sent.doc[i].lower_ == "the":
            i -= 1  # 'the attack on the Bannu Cantonment'
        prev = sent.doc[i] if i >= sent.start else None
        if prev is None or prev.lower_ not in word_set("place_prepositions"):
            continue
        if any(t.i in tagged for t in span) or span.label_ != "GPE":
            continue
        draft = known.get(normalise(span.text)) or _known_town(ctx, span)
        if draft is not None:
            out.append((span, draft))
    return out


def _article_countries(ctx: ArticleContext) -> set[str]:
    out: set[str] = set()
    for d in ctx.entities.values():
        entry = ctx.gaz.get(d.gazetteer_id) if d.gazetteer_id else None
        if entry is not None and entry.country:
            out.add(entry.country)
    return out


def _known_town(ctx: ArticleContext, span: Span) -> EntityDraft | None:
    """A town of the gazetteer's focus countries that no other place shares the name of (its
    own district aside): a place even where the model saw none ('on the Bannu Cantonment')."""
    where = (span.start, span.end)
    ids = sorted({s.id_ for s in ctx.doc.spans.get("gazetteer", []) if (s.start, s.end) == where})
    entries = [e for e in (ctx.gaz.get(i) for i in ids) if e is not None]
    towns = [e for e in entries if e.kind == "city"] or entries
    entry = towns[0] if len(towns) == 1 else None
    if entry is None or entry.ambiguous or entry.kind not in {"city", "district"}:
        return None
    if any(not ctx.gaz.contains(e.id, entry.id) for e in entries):
        return None  # a town and its own district share the name; other namesakes do not
    if entry.country not in FOCUS_COUNTRIES or any(t.i in ctx.token_entity for t in span):
        return None
    if entry.country not in _article_countries(ctx):
        return None  # the article must be about that country
    key = f"e{len(ctx.entities) + 1}"
    draft = EntityDraft(key, "Place", entry.label, [span], entry.id, entry.kind)
    draft.parent = f"gaz:{entry.parent}" if entry.parent else None
    ctx.entities[key] = draft
    for tok in span:
        ctx.token_entity[tok.i] = key
    return draft


def _site(ent: Span) -> bool:
    """'Bannu Cantt', 'Gwadar Port Authority Complex': an organisation-like name for a site
    in the town it starts with (the town is the place; 'Punjab Police' is not a site)."""
    return any(t.lower_ in word_set("site_nouns") for t in ent[1:])


def _describes_someone(ctx: ArticleContext, ent: Span) -> bool:
    """'Devin Nunes of California', 'an Indonesian based in Syria', 'the district bordering
    Afghanistan': the place says where a person, body or other place belongs, not where the
    event happened. A place listed after another ('serving Brussels and Wallonia') belongs
    where the first one does."""
    root = ent.root
    while root.dep_ in {"conj", "appos"} and root.head != root:
        root = root.head  # 'of Miami, Florida': Florida says what Miami does
    if root.dep_ in {"compound", "amod", "nmod"} and root.head.lemma_.lower() in _ORIGIN_NOUNS:
        return True  # 'identified as an Illinois man', 'a Texas native': where one is from
    head = root.head
    if head.dep_ == "prep" or head.pos_ == "ADP":
        owner = head.head
        other = ctx.entity_at(owner)
        if (
            other is not None
            and (other.type == "Person" or (other.type == "Organization" and head.lower_ == "of"))
            and other is not (ctx.entity_at(ent.root))
        ):
            return True  # not 'a shooting at an Office Depot in Redlands': where it was
        unplaced = other is None or other.type != "Place"
        if head.lower_ == "of" and owner.pos_ == "PROPN" and unplaced:
            return True  # 'Abinta Kabir, of Miami': a name the model did not tag
        if owner.lemma_.lower() in word_set("kin_nouns"):
            return True  # 'a priest in southern Italy, whose sister was killed'
        head = owner
        if head.dep_ == "pobj" and head.head.head.lemma_.lower() in word_set("belonging_verbs"):
            return True  # 'students studying at colleges in the United States'
    return head.lemma_.lower() in word_set("belonging_verbs")


_ORIGIN_NOUNS = word_set("origin_nouns")

_SERVICE_DISTRICTS = {"school", "water", "election", "police", "fire", "judicial", "court"}


def _localities(ctx: ArticleContext, sent: Span) -> list[Span]:
    """'in Shah Faisal area', 'near Super Highway': proper nouns before a locality word."""
    out: list[Span] = []
    suffixes = word_set("locality_suffixes")
    for tok in sent:
        if tok.lower_ not in suffixes or tok.i == sent.start:
            continue
        j = tok.i
        while j > sent.start and ctx.doc[j - 1].pos_ == "PROPN" and titled(ctx.doc[j - 1]):
            j -= 1
        if j == tok.i:
            continue
        first = ctx.doc[j]
        people = word_set("faith_words")
        if not titled(tok) and any(
            t.ent_type_ == "NORP" or t.lower_ in people or t.text in ctx.gaz.demonyms
            for t in ctx.doc[j : tok.i]
        ):
            continue  # 'the Shi'ite Muslim area of Sadr City': a people's area, not a name
        if tok.lower_ == "district" and ctx.doc[tok.i - 1].lower_ in _SERVICE_DISTRICTS:
            continue  # 'Greenville County School District': a body, not a place
        if tok.lower_ == "area" and tok.dep_ in {"compound", "amod", "nmod"}:
            continue  # 'Minneapolis area police': the region around a city, not a site
        ent = ctx.entity_at(first)
        if ent is not None and ent.type != "Place":
            continue
        if ent is not None and ent.type == "Place" and ent.gazetteer_id:
            continue
        end = tok.i + 1 if titled(tok) else tok.i
        out.append(ctx.doc[j:end])
    return out


#: words that name a settlement by the name after 'of' ('the village of Qarqur')
_SETTLEMENT_WORDS = frozenset({"village", "town", "hamlet", "settlement", "township"})


def _name_at(ctx: ArticleContext, start: int, stop: int) -> Span | None:
    """The run of capitalised proper nouns from ``start`` (not past ``stop``) when the
    gazetteer knows no place by it: a settlement only the text tells of."""
    doc, end = ctx.doc, start
    while end < stop and doc[end].pos_ == "PROPN" and titled(doc[end]):
        end += 1
    if end == start:
        return None
    ent = ctx.entity_at(doc[start])
    if ent is not None and (ent.type != "Place" or ent.gazetteer_id):
        return None
    return doc[start:end]


def settlements(ctx: ArticleContext, sent: Span) -> list[Span]:
    """Settlements the text locates although the gazetteer does not know them: 'the village
    of Qarqur', and 'Dalori, 12 kilometers southeast of Maiduguri', 'Harim, a town about 40
    miles west of Idlib' or 'Dalori, near Maiduguri' (the town after the distance is only
    the bearing)."""
    doc, out = ctx.doc, []
    units, compass = word_set("distance_units"), word_set("compass_words")
    for tok in sent:
        if tok.i + 2 >= sent.end:
            break
        if tok.lower_ in _SETTLEMENT_WORDS | {"city"} and doc[tok.i + 1].lower_ == "of":
            name = _name_at(ctx, tok.i + 2, sent.end)
            phrase = doc[tok.i - 1 : tok.i + 1] if tok.i > 0 and doc[tok.i - 1].lower_ in {
                "the", "a"
            } else doc[tok.i : tok.i + 1]  # fmt: skip
            if name is not None and not _reference_point(phrase):
                out.append(name)  # not 'an area southwest of the town of Ahmad Wal'
            continue
        if tok.text != "," or tok.i == sent.start:
            continue
        k = _called_a_town(doc, tok.i + 1, sent.end)
        called = k > tok.i + 1  # 'Antigo, a community of about 8,000 people': a town
        while k < sent.end and doc[k].lower_ in _APPROXIMATE:
            k += 1
        bearing = called or (k < sent.end and doc[k].lower_ == "near")
        if not bearing and k + 2 < sent.end and doc[k].like_num and doc[k + 1].lower_ in units:
            k += 2
            if k + 3 < sent.end and doc[k].text == "(" and doc[k + 3].text == ")":
                k += 4  # 'about 25 miles (40 km) west of Seattle'
            k += int(k < sent.end and doc[k].lower_ in compass)
            bearing = k < sent.end and doc[k].lower_ in {"of", "from"}
        if not bearing:
            continue
        start = tok.i
        while start > sent.start and doc[start - 1].pos_ == "PROPN" and titled(doc[start - 1]):
            start -= 1
        name = _name_at(ctx, start, tok.i) if start < tok.i else None
        if name is not None and name.end == tok.i:
            out.append(name)
    return out


_APPROXIMATE = frozenset({"about", "some", "roughly", "around", "nearly", "approximately"})
_TOWN_NOUNS = _SETTLEMENT_WORDS | {"city", "community", "suburb", "municipality"}


def _called_a_town(doc: Doc, k: int, stop: int) -> int:
    """Where an appositive that calls the name before it a town ends ('Pass Christian, a
    Gulf town of 4,600', 'Harim, a town about 40 miles west of Idlib', 'Seaside, a coastal
    community'), else ``k``; 'Smith, a city official' calls a person something."""
    if k >= stop or doc[k].lower_ not in {"a", "an", "the"}:
        return k
    j = k + 1
    while (
        j < stop
        and j - k <= 3
        and doc[j].lower_ not in _TOWN_NOUNS
        and (doc[j].pos_ in {"ADJ", "PROPN"} or doc[j].tag_ == "NN")
    ):
        j += 1
    if j >= stop or doc[j].lower_ not in _TOWN_NOUNS:
        return k
    if j + 1 < stop and doc[j + 1].pos_ in {"NOUN", "PROPN"}:
        return k
    return j + 1


def attach_targets(ctx: ArticleContext, trig: Trigger) -> None:
    """'attack on X', 'attacked X', 'the X attack': what was attacked."""
    head = trig.head
    nps: list[Token] = []
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ in _TARGET_PREPS:
            nps.extend(g for g in c.children if g.dep_ == "pobj")
        elif c.dep_ in {"dobj", "obj"}:
            nps.append(c)
    compounds = [
        c
        for c in head.lefts
        if c.dep_ in {"compound", "nmod"}
        and c.pos_ in {"PROPN", "NOUN"}
        and c.lemma_.lower() not in _WEAPONS | _MANNER
    ]
    for np in nps:
        toks = [t for t in np.subtree if t.dep_ != "prep" or t.i < np.i]
        _add_target(ctx, trig, toks, np)
    if compounds:
        toks = [t for c in compounds for t in c.subtree]
        _add_target(ctx, trig, toks, compounds[-1])


def _add_target(ctx: ArticleContext, trig: Trigger, toks: list[Token], np: Token) -> None:
    core = [t for t in np.subtree if t.i <= np.i or t.dep_ in {"compound"}]
    text = " ".join(t.text for t in core if t.dep_ not in {"det", "poss", "case", "punct"})
    if text and noun_class(np.lemma_) is None and np.pos_ in {"NOUN", "PROPN"}:
        trig.target_texts.append(text)
    for ent in ctx.entities_in(toks):
        if (
            ent.type == "Organization"
            and ent.kind not in {"armed_group"}
            and ent not in trig.targets
        ) or (ent.type == "Person" and ent not in trig.targets):
            trig.targets.append(ent)
    for span in ctx.doc.spans.get("gazetteer", []):
        if span.label_ == "GPE" and any(span.start <= t.i < span.end for t in toks):
            if span.start > 0 and span.doc[span.start - 1].lower_ in _NOT_WHERE:
                continue  # 'a vehicle approaching from Kohistan'
            place = ctx.entity_at(span[0])
            if place is not None and place.kind == "country" and trig.category != "attack":
                continue  # 'a U.S. drone strike': whose strike, not where it struck
            if (
                place is not None
                and place.kind == "country"
                and _country_as_modifier(span, place)
                and any(p.kind != "country" for p in ctx.entities_in(trig.head.sent)
                        if p.type == "Place")
            ):  # fmt: skip
                continue  # 'a blast outside the U.S. consulate in Jeddah': whose consulate
            if place is not None and place.type == "Place" and place not in trig.places:
                trig.places.append(place)
            elif place is not None and place.type == "Organization":  # 'Karachi Police Office'
                inner = place_from_gazetteer(ctx, span)
                if inner is not None and inner not in trig.places:
                    trig.places.append(inner)


def attach_agencies(ctx: ArticleContext, sent: Span, trig: Trigger) -> None:
    """Agencies that act: subject of the clause, 'by X', 'X operation', or the one who says so."""
    toks: list[Token] = []
    head = trig.head
    for c in head.children:
        if c.dep_ in {"compound", "poss", "nmod", "nsubj"} or (
            c.dep_ == "prep" and c.lower_ == "by"
        ):
            toks.extend(c.subtree)
    verb: Token | None = head if head.pos_ == "VERB" else _governing_verb(head)
    hops = 0
    while verb is not None and hops < 4:
        for c in verb.children:
            if c.dep_ in {"nsubj", "agent"} or (c.dep_ == "prep" and c.lower_ == "by"):
                toks.extend(c.subtree)
        if verb.head == verb:
            break
        verb, hops = verb.head, hops + 1
    for ent in ctx.entities_in(toks, "Organization"):
        if ent.kind in {"security_agency", "military"} and ent not in trig.agencies:
            trig.agencies.append(ent)
