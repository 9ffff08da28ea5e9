"""Casualty statements in a sentence: who or how many were killed or injured.

Counts come from the subject/object noun phrase of a casualty predicate: coordinated
units are added up ("two soldiers and five civilians" → 7), a breakdown after
"including" or a dash is ignored ("four persons, including two policemen" → 4), and the
head noun decides whether the dead were attackers or victims.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from incidentkg.extract.context import ArticleContext, EntityDraft, noun_class, token_class
from incidentkg.extract.numbers import Quantity, parse_quantity, word_value
from incidentkg.kb.gazetteer import word_set

_CUT = word_set("count_cut_words")
_TIME_UNITS = word_set("non_person_units")
_NUM_WORDS = re.compile(
    r"^(\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty"
    r"|ninety|hundred|thousand|dozen|dozens|hundreds|scores|both|twenty-\w+|thirty-\w+)$",
    re.IGNORECASE,
)


@dataclass
class Casualty:
    outcome: str  # "killed" | "injured"
    anchor: Token  # the predicate
    np_head: Token | None
    quantity: Quantity | None = None  # victims
    perp_quantity: Quantity | None = None  # attackers
    persons: list[EntityDraft] = field(default_factory=list)
    descriptors: list[str] = field(default_factory=list)  # unnamed singular victims ("official")
    harm_only: bool = False  # "received gunshot wounds": hurt, outcome unknown


_NP_DEPS = {
    "det",
    "nummod",
    "quantmod",
    "amod",
    "compound",
    "advmod",
    "conj",
    "cc",
    "nmod",
    "poss",
    "predet",
    "npadvmod",
    "punct",
    "case",
}


def _cut_tokens(head: Token) -> list[Token]:
    """The counted part of a noun phrase: no relative clauses, appositions or 'including …'."""
    out: list[Token] = []
    stack = [head]
    while stack:
        tok = stack.pop()
        out.append(tok)
        for c in tok.children:
            if c.dep_ == "appos" and _listed_item(c):
                stack.append(c)
                continue
            if c.lower_ in _CUT or c.dep_ in {"relcl", "acl", "appos"}:
                continue
            of_phrase = (
                c.dep_ == "prep"
                and c.lower_ == "of"
                and tok.lemma_.lower() not in word_set("parent_nouns")  # 'a father of five'
            ) or (c.dep_ == "pobj" and tok.lower_ == "of")
            if c.dep_ in _NP_DEPS or of_phrase:
                stack.append(c)
    return sorted(out, key=lambda t: t.i)


def _listed_item(appos: Token) -> bool:
    """'Two policemen, two rangers and …': a numbered item after a comma is a list item, not a
    breakdown (which follows a dash or a bracket)."""
    has_number = any(c.dep_ == "nummod" for c in appos.children)
    prev = appos.doc[appos.left_edge.i - 1] if appos.left_edge.i > 0 else None
    return has_number and prev is not None and prev.text == ","


def _persons_in(ctx: ArticleContext, head: Token) -> list[EntityDraft]:
    """Named people in the phrase, appositions included ('a shopkeeper, Kamran, …')."""
    toks = _cut_tokens(head)
    for tok in list(toks):
        toks.extend(c for c in tok.children if c.dep_ == "appos")
    return ctx.entities_in(toks, "Person")


def _unit_class(noun: Token, sent: Span) -> str | None:
    """Class of a counted noun; 'others' takes the class of the nearest classed noun before it."""
    if noun.lower_ not in {"other", "others", "more"}:
        return token_class(noun)
    for prev in reversed(sent.doc[sent.start : noun.i]):
        if any(a.lower_ in _CUT for a in prev.ancestors):
            continue  # a breakdown ('including 26 assailants') says nothing about 'others'
        cls = (
            noun_class(prev.lemma_)
            if prev.pos_ == "NOUN" and prev.lower_ not in {"other", "others"}
            else None
        )
        if cls == "perpetrator" and prev.dep_ == "nsubj":
            continue  # 'A gunman killed two and wounded four others': not other gunmen
        if cls is not None:
            return cls
    return "civilian"


@dataclass
class _Tally:
    """Numbered units of a noun phrase, added up separately for victims and attackers."""

    low: dict[bool, int] = field(default_factory=lambda: {False: 0, True: 0})
    high: dict[bool, int] = field(default_factory=lambda: {False: 0, True: 0})
    units: dict[bool, int] = field(default_factory=lambda: {False: 0, True: 0})
    qualifier: str | None = None
    descriptors: list[str] = field(default_factory=list)

    def add(self, q: Quantity, perpetrator: bool) -> None:
        self.low[perpetrator] += q.low
        self.high[perpetrator] += q.high
        self.units[perpetrator] += 1
        self.qualifier = self.qualifier or q.qualifier

    def quantity(self, perpetrator: bool) -> Quantity | None:
        if not self.units[perpetrator]:
            return None
        qual = (
            self.qualifier if self.units[perpetrator] == 1 or self.qualifier != "exact" else "exact"
        )
        return Quantity(self.low[perpetrator], self.high[perpetrator], qual or "exact")  # type: ignore[arg-type]


_PAIRS = {"parents", "couple", "twins", "spouses"}


def _count(toks: list[Token], ctx: ArticleContext) -> _Tally:
    """Sum the numbered units of a noun phrase ('nine assailants and two policemen')."""
    tally = _Tally()
    items: list[tuple[Quantity, bool, Token | None]] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        is_num = bool(_NUM_WORDS.match(t.text)) and t.pos_ in {"NUM", "DET", "NOUN", "PRON", "ADJ"}
        is_a = t.lower_ in {"a", "an", "another"} and t.dep_ == "det"
        if (
            t.lower_ in _PAIRS
            and t.pos_ == "NOUN"
            and not any(c.dep_ == "nummod" for c in t.children)
        ):  # 'shot his parents and two sisters': parents are two
            tally.add(Quantity(2, 2, "exact"), False)
            i += 1
            continue
        if (
            t.tag_ == "NN"
            and t.lemma_.lower() in word_set("kin_nouns")
            and any(c.dep_ == "poss" for c in t.children)
        ):  # 'shot his wife and three children': the wife is one
            tally.add(Quantity(1, 1, "exact"), False)
            i += 1
            continue
        if not (is_num or is_a) or ctx.entity_at(t):
            i += 1
            continue
        words = [t.text]
        while (
            i + 1 < len(toks)
            and _NUM_WORDS.match(toks[i + 1].text)
            and not (i + 2 < len(toks) and toks[i + 2].text == "-")  # not 'Two 15-year-old'
        ):
            i += 1
            words.append(toks[i].text)
        upper: list[str] = []  # 'three or four people', 'five to six': one count, a range
        if (
            not is_a
            and i + 2 < len(toks)
            and toks[i + 1].lower_ in {"or", "to"}
            and _NUM_WORDS.match(toks[i + 2].text)
        ):
            i += 2
            upper.append(toks[i].text)
            while i + 1 < len(toks) and _NUM_WORDS.match(toks[i + 1].text):
                i += 1
                upper.append(toks[i].text)
        noun = _unit_noun(toks, i, t)
        i += 1
        if noun is not None and noun.lemma_.lower() in _TIME_UNITS:
            continue
        if is_a and (noun is None or (noun_class(noun.lemma_) is None and noun.pos_ != "NOUN")):
            continue
        if is_a and noun is not None and noun.lower_ in _PAIRS:
            continue  # 'a couple': counted as two at the noun
        if noun is not None and noun.dep_ == "pobj" and noun.head.lower_ == "of" and (
            is_a or any(c.dep_ == "nummod" for c in noun.head.head.children)
        ):  # 'three members of a police patrol', 'six members of one family': whose they are
            continue
        if is_a and noun is not None and noun.lemma_.lower() in {"number", "handful"}:
            continue  # 'an unknown number of assailants': no count at all
        if is_a and noun is not None and any(c.dep_ == "nummod" for c in noun.children):
            continue  # 'an additional 87 people', 'another 12 people': the number counts
        if not is_a and _an_age(t):
            continue  # 'three children, ages 2, 1 and 4 months': years, not people
        before = t.doc[max(t.sent.start, t.i - 3) : t.i].text
        q = parse_quantity(["one"] if is_a else words, before)
        if is_a and q is not None and noun is not None:
            bare = sum(  # 'a husband and wife': two, the second without its own article
                1 for c in noun.children
                if c.dep_ == "conj" and c.pos_ == "NOUN"
                and noun_class(c.lemma_) == noun_class(noun.lemma_)
                and not any(g.dep_ in {"det", "nummod", "poss"} for g in c.children)
            )  # fmt: skip
            q = Quantity(1 + bare, 1 + bare, q.qualifier) if bare else q
        top = parse_quantity(upper) if upper else None
        if q and top and top.high > q.low:
            q = Quantity(q.low, top.high, "range")
        if q:
            cls = _unit_class(noun, t.sent) if noun is not None else None
            tally.add(q, cls == "perpetrator")
            items.append((q, cls == "perpetrator", noun))
            if is_a and noun is not None:
                tally.descriptors.append(noun.lemma_.lower())
    return _breakdown_dropped(tally, items)


def _an_age(num: Token) -> bool:
    """'ages 2, 1 and 4', 'aged 5 and 7': numbers told as ages of the people before."""
    tok = num
    for _ in range(3):
        if tok.lemma_.lower() in {"age", "aged"} or tok.lower_ in {"ages", "aged"}:
            return True
        if tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def _breakdown_dropped(tally: _Tally, items: list[tuple[Quantity, bool, Token | None]]) -> _Tally:
    """'At least five people, three soldiers and two civilians': a total of everyone
    followed by units that add up to it is the total with its breakdown, not ten."""
    if len(items) < 3:
        return tally
    (first, perp, noun), rest = items[0], items[1:]
    if perp or noun is None or noun.lemma_.lower() not in word_set("total_victim_nouns"):
        return tally
    if sum(q.low for q, _, _ in rest) != first.low or first.low != first.high:
        return tally
    whole = _Tally(descriptors=tally.descriptors)
    whole.add(first, False)
    return whole


def _unit_noun(toks: list[Token], i: int, t: Token) -> Token | None:
    if t.dep_ in {"nummod", "det", "quantmod"} and t.head.pos_ in {"NOUN", "PROPN"}:
        return t.head
    for nxt in toks[i + 1 : i + 5]:
        if nxt.pos_ in {"NOUN", "PROPN"}:
            return nxt
    return None


def _subject(pred: Token) -> Token | None:
    for c in pred.children:
        if c.dep_ in {"nsubjpass", "nsubj"}:
            if c.lower_ in {"who", "which", "that"} and pred.dep_ == "relcl":
                return _counted_whole(pred.head)
            return c
    if pred.dep_ == "conj":
        return _subject(pred.head)
    if pred.dep_ == "xcomp" and pred.tag_ == "VBN" and pred.head.lemma_.lower() == "find":
        return next((c for c in pred.head.children if c.dep_ == "nsubjpass"), None)
        # 'two girls were found shot dead': the ones found
    if pred.dep_ in {"acl", "amod"} and pred.head.pos_ in {"NOUN", "PROPN", "NUM", "PRON"}:
        if _acts_with_a_conjunct(pred):
            return None  # 'A man stabbed and killed two people': the man did it
        return pred.head
    return None


def _counted_whole(noun: Token) -> Token:
    """'eight members of the same family who were shot dead': the relative clause the parser
    hangs on 'family' tells of the eight counted, not of one family."""
    prep = noun.head
    if any(c.dep_ == "nummod" for c in noun.children):
        return noun  # 'ten of the 26 people who were wounded': the 26
    if noun.dep_ == "pobj" and prep.lower_ == "of" and prep.head.pos_ == "NOUN":
        whole = prep.head
        if any(c.dep_ == "nummod" for c in whole.children):
            return whole
    return noun


def _acts_with_a_conjunct(pred: Token) -> bool:
    """A participle read as a reduced relative ('a man [who was] stabbed') whose conjunct
    verb takes an object in the past tense ('stabbed and killed two people'): an active
    clause, and the noun its subject."""
    return any(
        c.dep_ == "conj" and c.tag_ == "VBD" and any(g.dep_ in {"dobj", "obj"} for g in c.children)
        for c in pred.children
    )


def _object(pred: Token) -> Token | None:
    for c in pred.children:
        if c.dep_ in {"dobj", "obj"}:
            return c
    return None


def _is_passive(pred: Token) -> bool:
    """Passive unless it has an object: 'a blast killed 15' is often tagged VBN."""
    if any(c.dep_ in {"auxpass", "nsubjpass"} for c in pred.children):
        return True
    return pred.tag_ == "VBN" and _object(pred) is None


def _to_death(pred: Token) -> bool:
    """'shot to death', 'stabbed to death', 'burned to death'."""
    return any(
        c.dep_ == "prep"
        and c.lower_ == "to"
        and any(g.lemma_.lower() == "death" for g in c.children)
        for c in pred.children
    )


def _outcome(pred: Token) -> tuple[str, Token | None] | None:
    """Classify a predicate: (outcome, the noun phrase whose members suffered it)."""
    lemma = pred.lemma_.lower()
    if pred.pos_ == "VERB" and _to_death(pred):
        obj = _object(pred)
        return "killed", obj if obj is not None and not _is_passive(pred) else _subject(pred)
    if lemma == "leave" and pred.pos_ == "VERB":  # 'leaving 12 soldiers dead'
        obj = _object(pred)
        for c in pred.children:  # parsed as 'leaving [12 soldiers dead]'
            if obj is None and c.dep_ in {"ccomp", "xcomp", "oprd"}:
                obj = next((g for g in c.children if g.dep_ in {"nsubj", "nsubjpass"}), None)
        states = {t.lower_ for t in pred.subtree} if obj is not None else set()
        if states & {"dead", "killed"}:
            return "killed", obj
        if states & word_set("injury_adjectives"):
            return "injured", obj
        if obj is not None and any(  # 'leaving four people with life-threatening injuries'
            c.dep_ == "prep" and c.lower_ == "with" and any(
                g.lemma_.lower() in {"injury", "wound"} for g in c.children if g.dep_ == "pobj"
            )
            for c in (*pred.children, *obj.children)
        ):
            return "injured", obj
    if pred.lower_ in {"dead", "injured", "wounded"} and any(
        c.dep_ == "nummod" for c in pred.children
    ):  # a headline's 'More than 20 dead as forces end siege'
        return ("killed" if pred.lower_ == "dead" else "injured"), pred
    if (
        pred.lower_ in {"dead", "injured", "wounded"}
        and pred.dep_ == "amod"
        and any(c.dep_ == "nummod" for c in pred.head.children)
        and noun_class(pred.head.lemma_) is not None
    ):  # a headline's 'Fourteen civilians, two soldiers dead in …': the list, counted whole
        head = pred.head
        while head.dep_ == "appos" and head.head != head:
            head = head.head
        return ("killed" if pred.lower_ == "dead" else "injured"), head
    if lemma in {"cut", "chop", "amputate"} and pred.pos_ == "VERB":
        maimed = _maimed(pred)
        if maimed is not None:
            return "injured", maimed  # 'cut off the fingers of three voters'
    if pred.dep_ in {"acomp", "oprd"} and pred.lower_ in word_set("injury_adjectives"):
        return "injured", _subject(pred.head)
    if pred.dep_ in {"acomp", "oprd"} and pred.lower_ in {"dead", "killed"}:
        # 'bombings left 25 people dead': the ones left dead are the object, never the
        # subject that left them so
        subj = _object(pred.head) or _subject(pred.head)
        return ("killed", subj) if subj is not None and subj.pos_ == "NOUN" else None
    if lemma in word_set("kill_lemmas") and pred.pos_ == "VERB":
        obj = _object(pred)
        if obj is not None and not _is_passive(pred):
            return "killed", obj
        return "killed", _subject(pred)
    if lemma in {"shoot", "gun", "stab"} and (
        any(c.lower_ in {"dead", "fatally"} for c in pred.children) or _next_lower(pred) == "dead"
    ):  # 'shot dead', 'fatally shot'
        obj = _object(pred)
        return "killed", obj if obj is not None and not _is_passive(pred) else _subject(pred)
    if lemma == "shoot" and pred.tag_ == "VBN" and _shot_and_counted(pred):
        return "injured", _subject(pred)  # 'two people were shot at a high school'
    if lemma == "condition" and _in_a_grave_condition(pred):
        subj = _subject(pred.head.head)  # '18 others were in critical condition'
        if subj is not None and not any(c.lower_ == "of" for c in subj.children):
            return "injured", subj  # not 'ten of the 26 wounded were in critical condition'
    if lemma in word_set("die_verbs") and pred.pos_ == "VERB":
        return "killed", _subject(pred)
    if pred.pos_ == "VERB" and any(
        c.dep_ == "dobj" and c.lemma_.lower() in {"martyrdom", "life", "lives"}
        for c in pred.children
    ):
        return "killed", _subject(pred)
    killings = {"death", "martyrdom", "killing", "massacre", "slaying", "murder"}
    fatal = lemma in {"shooting", "stabbing"} and any(
        c.dep_ == "amod" and c.lower_ in {"fatal", "deadly"} for c in pred.children
    )  # 'the fatal weekend shootings of six people'
    if (lemma in killings | {"wounding", "injuring"} or fatal) and pred.pos_ == "NOUN":
        outcome = "killed" if lemma in killings or fatal else "injured"
        for c in pred.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                pobj = [g for g in c.children if g.dep_ == "pobj"]
                return (outcome, pobj[0]) if pobj else None
    if lemma in word_set("injure_lemmas") | {"stab"} and pred.pos_ in {"VERB", "ADJ"}:
        # 'seven people were stabbed' (not to death, handled above): wounded
        obj = _object(pred)
        if obj is not None and not _is_passive(pred):
            return "injured", obj
        return "injured", _subject(pred)
    if pred.pos_ == "VERB" and _to_hospital(pred):
        # 'sending nine people to the hospital', 'three were rushed to hospital'
        obj = _object(pred)
        return "injured", obj if obj is not None and not _is_passive(pred) else _subject(pred)
    if lemma in {"treat", "hospitalise", "hospitalize"} and any(
        g.lemma_.lower() in {"wound", "injury", "inhalation", "burn"}  # 'for smoke inhalation'
        for c in pred.children
        for g in c.subtree
    ):
        if pred.pos_ == "VERB" and not _is_passive(pred):
            return "injured", _object(pred)  # 'a doctor who treated the wounded': not him
        return "injured", _subject(pred)
    return None


def _to_hospital(pred: Token) -> bool:
    """'sending nine people to the hospital', 'were taken to hospitals': people carried to
    hospital from an act of violence are its wounded (never 'went to the hospital to visit')."""
    if pred.lemma_.lower() not in {"send", "take", "rush", "transport", "airlift", "carry"}:
        return False
    if any(c.dep_ == "conj" and c.lemma_.lower() in word_set("die_verbs") for c in pred.children):
        return False  # 'four were taken to hospitals, but one died': not four wounded
    return any(
        c.dep_ == "prep" and c.lower_ == "to"
        and any(g.lemma_.lower() == "hospital" for g in c.children if g.dep_ == "pobj")
        for c in pred.children
    )  # fmt: skip


def _shot_and_counted(pred: Token) -> bool:
    """'Two people were shot', 'his wife was shot in the leg': people shot, counted or shot
    somewhere in the body, told without their dying (not 'shot and killed', 'shot dead',
    'shot in the head and died'), are wounded."""
    if not any(c.dep_ == "auxpass" for c in pred.children):
        return False
    subj = _subject(pred)
    if subj is None:
        return False
    wound = any(  # 'his wife was shot in the leg but survived': one wounded, counted or not
        c.dep_ == "prep" and c.lower_ == "in" and any(
            g.lemma_.lower() in word_set("wound_sites") for g in c.children if g.dep_ == "pobj"
        )
        for c in pred.children
    ) or any(c.dep_ == "conj" and c.lemma_.lower() == "survive" for c in pred.children) or any(
        c.lemma_.lower() == "time" and any(g.dep_ == "nummod" for g in c.children)
        for c in pred.children
    )  # 'a deputy was shot six times': hit, whether he lives is told apart
    if not wound and not any(c.dep_ == "nummod" for c in subj.children):
        return False
    deadly = word_set("kill_lemmas") | word_set("die_verbs") | {"dead", "fatally", "death"}
    return not any(t.lemma_.lower() in deadly or t.lower_ in deadly for t in pred.subtree)


def _in_a_grave_condition(pred: Token) -> bool:
    """'in critical condition', 'in serious condition': someone hurt."""
    return (
        pred.pos_ == "NOUN"
        and any(c.lower_ in {"critical", "serious", "grave"} for c in pred.children)
        and pred.dep_ == "pobj"
        and pred.head.lower_ == "in"
        and pred.head.head.pos_ in {"AUX", "VERB"}
    )


def _next_lower(tok: Token) -> str:
    """The lower-cased next word ('' at the end of the article)."""
    return tok.doc[tok.i + 1].lower_ if tok.i + 1 < len(tok.doc) else ""


def _maimed(pred: Token) -> Token | None:
    """Whose body part the verb cut: 'cut off the fingers of three voters', 'cut the fingers
    off of four civilians'."""
    obj = _object(pred)
    if obj is None or obj.lemma_.lower() not in word_set("body_parts"):
        return None
    for node in (obj, *(c for c in pred.children if c.lower_ == "off")):
        for prep in node.children:
            if prep.lower_ == "of":
                return next((g for g in prep.children if g.dep_ == "pobj"), None)
    return None


def _harm(pred: Token) -> Token | None:
    """'X received multiple gunshot wounds' → X was hurt (outcome unknown)."""
    if pred.lemma_.lower() not in word_set("harm_verbs") or pred.pos_ != "VERB":
        return None
    obj = _object(pred)
    if obj is not None and obj.lemma_.lower() in word_set("harm_objects"):
        return _subject(pred)
    if pred.lemma_.lower() == "shoot" and _is_passive(pred):
        return _subject(pred)
    return None


def _injuries_received(pred: Token) -> bool:
    """'Five people received minor injuries': injured, whereas 'received gunshot wounds' does
    not say whether they lived."""
    obj = _object(pred)
    return obj is not None and obj.lemma_.lower() == "injury"


def sentence_casualties(ctx: ArticleContext, sent: Span) -> list[Casualty]:
    """All casualty statements in a sentence, strongest outcome per noun phrase."""
    found: dict[int, Casualty] = {}
    for tok in sent:
        if tok.pos_ == "VERB" and _intended(tok):
            continue  # 'he went there intending to kill two faculty members'
        res = _outcome(tok)
        harm_np = None if res else _harm(tok)
        if res is None and harm_np is None:
            continue
        outcome, np = res if res else ("injured", harm_np)
        if np is None or np.lemma_.lower() in word_set("animal_nouns"):
            continue  # 'the carcasses of three elephants that were killed': no victims
        # a misparse may give a verb two subjects: 'five assailants and two officers were killed'
        siblings = [
            c
            for c in tok.children
            if c.dep_ == np.dep_ == "nsubjpass" and c.i != np.i and c.i not in found
        ]
        nps = [np, *siblings]
        hurt_only = res is None and not _injuries_received(tok)
        for one in nps:
            cas = _casualty(ctx, outcome, tok, one, harm_only=hurt_only)
            prev = found.get(one.i)
            if (
                prev is None
                or (prev.outcome == "injured" and outcome == "killed")
                or (prev.harm_only and not cas.harm_only)  # 'shot and wounded': wounded
            ):
                found[one.i] = cas
    found.update(_dead_and_hurt(sent))
    found.update(_shot_some_fatally(sent))
    found.update(_bare_number_casualties(ctx, sent, found))
    found.update(_toll_statements(ctx, sent, found))
    found.update(_in_addition_to(ctx, sent, found))
    found.update(_no_casualties(sent, found))
    _attackers_among(sent, found)
    return [c for c in found.values() if not _appositive_of_the_dead(c, found)]


def _shot_some_fatally(sent: Span) -> dict[int, Casualty]:
    """'Five people were shot, two fatally', 'eight people were shot, six of whom died': the
    dead are counted among the shot, so the wounded are the rest."""
    out: dict[int, Casualty] = {}
    for verb in sent:
        if verb.lemma_.lower() != "shoot" or not _is_passive(verb):
            continue
        subj = _subject(verb)
        count = next((c for c in subj.children if c.dep_ == "nummod"), None) if subj else None
        shot = parse_quantity([count.text]) if count is not None else None
        if subj is None or shot is None or shot.low != shot.high:
            continue
        dead: Quantity | None = None
        for c in verb.children:
            if c.like_num and any(g.lower_ == "fatally" for g in c.children):
                dead = parse_quantity([c.text])  # ', two fatally'
                if dead is not None:
                    out[c.i] = Casualty("killed", verb, c, dead)
            elif c.lemma_.lower() in word_set("die_verbs"):
                who = next((g for g in c.children if g.dep_ == "nsubj" and g.like_num), None)
                if who is not None and any(
                    p.lower_ == "of" and any(w.lower_ in {"whom", "them"} for w in p.children)
                    for p in who.children
                ):  # ', six of whom died': counted as killed by its own verb
                    dead = parse_quantity([who.text])
        if dead is not None and dead.high < shot.low:
            rest = shot.low - dead.high
            out[subj.i] = Casualty("injured", verb, subj, Quantity(rest, rest, "exact"))
    return out


def _dead_and_hurt(sent: Span) -> dict[int, Casualty]:
    """'… leaving at least one person dead and 10 injured', 'left one Palestinian dead and 10
    wounded': two counts joined under one verb, however parsed: the dead before 'dead', the
    hurt after 'and' (not eleven dead)."""
    out: dict[int, Casualty] = {}
    doc = sent.doc
    for tok in sent:
        if tok.lower_ != "dead" or tok.i < 1 or tok.i + 3 > sent.end:
            continue
        conj, num = doc[tok.i + 1], doc[tok.i + 2]
        after = doc[num.i + 1] if num.i + 1 < sent.end else None
        if after is not None and after.lower_ in {"other", "others", "people"}:
            after = doc[after.i + 1] if after.i + 1 < sent.end else None
        if conj.lower_ != "and" or not num.like_num or after is None:
            continue
        if after.lower_ not in {"injured", "wounded", "hurt"}:
            continue
        noun = doc[tok.i - 1]
        count = noun if noun.like_num else next(
            (c for c in noun.children if c.dep_ == "nummod"), None
        )
        if count is None:
            continue
        before = doc[max(sent.start, count.i - 3) : count.i].text
        dead = parse_quantity([count.text], before)
        hurt = parse_quantity([num.text], doc[max(sent.start, num.i - 3) : num.i].text)
        if dead is None or hurt is None:
            continue
        out[noun.i] = Casualty("killed", tok, noun, dead)
        out[num.i] = Casualty("injured", after, num, hurt)
    return out


def _appositive_of_the_dead(cas: Casualty, found: dict[int, Casualty]) -> bool:
    """'The killing of X, a mother of two who was shot and stabbed': the one hurt is the
    one killed, named again in an appositive, not one more wounded."""
    np = cas.np_head
    if cas.outcome != "injured" or np is None or np.dep_ != "appos":
        return False
    other = found.get(np.head.i)
    return other is not None and other.outcome == "killed"


def _intended(pred: Token) -> bool:
    """A killing or wounding someone meant, planned or tried ('intending to kill two', 'a
    plot to kill the minister', 'could have killed dozens') has not (yet) happened."""
    if any(c.tag_ == "MD" for c in pred.children):
        return True
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in pred.children)
    if pred.dep_ not in {"xcomp", "acl"} and not (pred.dep_ == "advcl" and infinitive):
        return False
    owner = pred.head
    if pred.dep_ == "advcl":  # 'attacked the convoy to kill the governor': a purpose, not a
        # death; 'went on to kill five', 'returned to kill' tell what happened next
        return owner.lemma_.lower() not in {"go", "proceed", "continue", "return", "come"}
    markers = word_set("hypothetical_markers")
    if owner.pos_ == "NOUN":
        return owner.lemma_.lower() in markers
    return owner.lemma_.lower() in word_set("intention_verbs")


_OF_THEM = re.compile(
    r"\b(?P<n>[\w-]+) of (?:them|those|the dead|those killed) (?:were|was) (?:the |also )?"
    r"(?:suicide )?(?P<who>[a-z]+)",
    re.IGNORECASE,
)


def _attackers_among(sent: Span, found: dict[int, Casualty]) -> None:
    """'Seven people were killed …, and five of them were the attackers themselves': the
    total is split, two victims and five attackers."""
    for m in _OF_THEM.finditer(sent.text):
        if noun_class(m.group("who").lower()) != "perpetrator":
            continue
        part = parse_quantity([m.group("n")])
        at = sent.start_char + m.start()
        total = max(
            (
                c
                for c in found.values()
                if c.outcome == "killed"
                and c.quantity is not None
                and c.perp_quantity is None
                and c.anchor.idx < at
            ),
            key=lambda c: c.anchor.idx,
            default=None,
        )
        if part is None or total is None or total.quantity is None:
            continue
        q = total.quantity
        if part.high > q.low:
            continue
        total.quantity = Quantity(q.low - part.high, q.high - part.high, q.qualifier)
        total.perp_quantity = Quantity(part.low, part.high, "exact")


_ZERO = re.compile(
    r"\b(?:no (?:reported )?(?P<both>casualties)|no (?P<killed>deaths|fatalities)"
    r"|no (?P<injured>injuries)|(?:no one|nobody) was "
    r"(?:(?P<k2>killed)|(?P<i2>injured|hurt|wounded)))\b",
    re.IGNORECASE,
)


def _no_casualties(sent: Span, found: dict[int, Casualty]) -> dict[int, Casualty]:
    """'There were no reported casualties': a stated zero is a figure too."""
    out: dict[int, Casualty] = {}
    for m in _ZERO.finditer(sent.text):
        span = sent.doc.char_span(sent.start_char + m.start(), sent.start_char + m.end())
        if span is None:
            continue
        zero = Quantity(0, 0, "exact")
        kinds = ["killed", "injured"] if m.group("both") else []
        kinds += ["killed"] if m.group("killed") or m.group("k2") else []
        kinds += ["injured"] if m.group("injured") or m.group("i2") else []
        for n, kind in enumerate(kinds):
            key = -(span.start * 2 + n + 1)  # negative: never a token index of another statement
            if key not in found:
                out[key] = Casualty(kind, span[0], None, zero, None)
    for m in _NO_GROUP.finditer(sent.text):
        span = sent.doc.char_span(sent.start_char + m.start(), sent.start_char + m.end())
        noun = span[1] if span is not None and len(span) > 2 else None
        if noun is None or noun_class(noun.lemma_) is None:
            continue  # 'no officers were hurt' counts officers, 'no shots were fired' nobody
        prev = found.get(noun.i)
        if prev is not None and (prev.quantity is not None or prev.persons):
            continue
        kind = "killed" if m["outcome"].lower() == "killed" else "injured"
        out[noun.i] = Casualty(kind, noun, noun, Quantity(0, 0, "exact"), None)
    return out


#: 'No officers were injured': a group's stated zero (the other groups' counts add to it)
_NO_GROUP = re.compile(
    r"\bno (?:other )?[a-z]+ (?:was|were) (?:reported )?(?P<outcome>killed|injured|hurt|wounded)\b",
    re.IGNORECASE,
)


def _in_addition_to(
    ctx: ArticleContext, sent: Span, found: dict[int, Casualty]
) -> dict[int, Casualty]:
    """'In addition to the assailant, five civilians were killed': the attacker died too."""
    out: dict[int, Casualty] = {}
    for tok in sent:
        if tok.lower_ != "addition" or tok.head.lower_ != "in":
            continue
        to = next((c for c in tok.children if c.lower_ == "to"), None)
        pobj = next((g for g in to.children if g.dep_ == "pobj"), None) if to else None
        res = _outcome(tok.head.head)
        if pobj is None or res is None or noun_class(pobj.lemma_) != "perpetrator":
            continue
        victims = [c for c in pobj.children if c.dep_ == "appos"]  # '…, 12 people were killed'
        tally = _count(
            [t for t in _cut_tokens(pobj) if not any(t in v.subtree for v in victims)], ctx
        )
        q = tally.quantity(True) or (Quantity(1, 1, "exact") if pobj.tag_ == "NN" else None)
        if q is not None and pobj.i not in found:
            out[pobj.i] = Casualty(res[0], tok.head.head, pobj, None, q)
        for v in victims:
            if v.i not in found:
                out[v.i] = _casualty(ctx, res[0], tok.head.head, v, harm_only=False)
    return out


def _casualty(
    ctx: ArticleContext, outcome: str, pred: Token, np: Token, harm_only: bool
) -> Casualty:
    toks = _cut_tokens(np)
    persons = _persons_in(ctx, np)
    second = np.lower_ in {"second", "third"} and any(c.lower_ == "a" for c in np.children)
    if np.lower_ == "another" or second:  # 'one was killed and another (a second) injured'
        return Casualty(outcome, pred, np, Quantity(1, 1, "exact"), None, persons, [], harm_only)
    if _nobody(np):  # 'no one was hurt', 'nobody was killed': a stated zero; 'no one else'
        # adds none to the ones told ('his wife was shot … No one else was injured')
        zero = None if any(c.lower_ == "else" for c in np.children) else Quantity(0, 0, "exact")
        return Casualty(outcome, pred, np, zero, None, [], [], harm_only)
    if np.pos_ == "PRON" and np.lower_ != "both":  # 'both of the officers' are two
        return Casualty(outcome, pred, np, None, None, persons, [], harm_only)
    tally = _count(toks, ctx)
    victims, perps = tally.quantity(False), tally.quantity(True)
    if victims is None and perps is None and np.like_num:
        victims = parse_quantity([np.text], np.doc[max(0, np.i - 3) : np.i].text)
    if victims is None and perps is None and tally.quantity(False) is None:
        counted = _antecedent_count(np)  # 'abducted four officers … The officers were killed'
        if counted is not None:
            victims, perps = (
                (None, counted)
                if noun_class(np.lemma_) == "perpetrator"
                else (
                    counted,
                    None,
                )
            )
    among = _attackers_included(np) if outcome == "killed" else None
    if victims is not None and perps is None and among is not None and among < victims.low:
        # 'five people including a suicide bomber were killed': four victims, one attacker.
        # The wounded stay counted as told ('31 wounded, including 15 attackers' is 31), as
        # incident databases count them: only the dead have an attackers' column of their own
        victims = Quantity(victims.low - among, victims.high - among, victims.qualifier)
        perps = Quantity(among, among, "exact")
    if (
        outcome == "killed"
        and victims is not None
        and perps is None
        and victims.low >= 2
        and _murder_suicide(np.sent)
    ):  # 'two girls were found shot dead in an apparent murder-suicide': one killed the other
        victims = Quantity(victims.low - 1, victims.high - 1, victims.qualifier)
        perps = Quantity(1, 1, "exact")
    attacking = outcome == "killed" and _killed_attacking(pred, np)
    if victims is not None and perps is None and attacking:
        victims, perps = None, victims  # 'two others were shot dead as they attacked a station'
    if victims is None and perps is None and _one_attacker(np):
        perps = Quantity(1, 1, "exact")  # 'the suspect was killed'
    elif victims is None and perps is None and not persons and _one_victim(np):
        victims = Quantity(1, 1, "exact")  # 'the victim was treated for injuries'
    return Casualty(outcome, pred, np, victims, perps, persons, tally.descriptors, harm_only)


def _killed_attacking(pred: Token, np: Token) -> bool:
    """The ones killed were the attackers, told by what they were doing: 'two others were
    shot dead as they attacked a police station', 'police shot dead two men who opened fire
    on them'."""
    acting = word_set("assault_verbs") | {"try", "attempt", "open", "shoot"}

    def attacking(verb: Token) -> bool:
        lemma = verb.lemma_.lower()
        if lemma == "open":
            return any(c.dep_ == "dobj" and c.lower_ == "fire" for c in verb.children)
        return lemma in acting and not any(c.dep_ == "auxpass" for c in verb.children)

    for c in pred.children:
        if c.dep_ == "advcl" and any(m.lower_ in {"as", "while"} for m in c.children):
            subj = next((g for g in c.children if g.dep_ == "nsubj"), None)
            if subj is not None and subj.lower_ in {"they", "he", "she"} and attacking(c):
                return True
    return any(
        c.dep_ == "relcl"
        and any(g.dep_ == "nsubj" and g.lower_ in {"who", "that"} for g in c.children)
        and attacking(c)
        for c in np.children
    )


def _nobody(np: Token) -> bool:
    """'no one', 'nobody', 'none': nobody at all (not 'one', whom 'no' denies)."""
    if np.lower_ in {"nobody", "none"} and not any(c.lower_ == "of" for c in np.children):
        return True
    return np.lower_ == "one" and np.i > 0 and np.doc[np.i - 1].lower_ == "no"


def _murder_suicide(sent: Span) -> bool:
    """Whether the sentence calls the deaths a murder-suicide ('murder-suicide', 'murder
    suicide'): the dead count the killer."""
    text = sent.text.lower()
    return "murder-suicide" in text or "murder suicide" in text


def _attackers_included(np: Token) -> int | None:
    """How many attackers an 'including …' phrase counts among the people counted: 'a
    suicide bomber', 'himself' (one), 'two attackers'; ``None`` when it names none. The
    parser may hang the phrase on a word above the count ('a shooting that left four
    people dead Tuesday, including the gunman': on 'shooting'); right after it, it is the
    count's."""
    after = np.doc[np.right_edge.i + 1 : min(np.right_edge.i + 5, np.sent.end)]
    preps = [
        *np.children,
        *(t for t in after if t.lower_ == "including" and t.head in np.ancestors),
    ]
    for prep in preps:
        if prep.dep_ != "prep" or prep.lower_ != "including":
            continue
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            if obj.lower_ in {"himself", "herself"}:
                return 1
            of = [g for p in obj.children if p.lower_ == "of" for g in p.children]
            if obj.pos_ == "NUM" and any(noun_class(g.lemma_) == "perpetrator" for g in of):
                value = word_value([obj.text])  # 'three of the attackers'
                return value[0] if value is not None and value[0] == value[1] else None
            if noun_class(obj.lemma_) != "perpetrator":
                continue
            count = next((c for c in obj.children if c.dep_ == "nummod"), None)
            if count is None:
                return 1 if obj.tag_ == "NN" else None
            value = word_value([count.text])
            return value[0] if value is not None and value[0] == value[1] else None
    return None


_CAPTIVES = {"hostage", "captive", "abductee", "victim"}
_TAKING = {"abduct", "kidnap", "seize", "take", "hold"}


def _antecedent_count(np: Token) -> Quantity | None:
    """The number of 'the officers' or 'the hostages' from the sentences just before, where
    they were counted ('Assailants abducted four police officers … The officers were shot')."""
    if np.tag_ != "NNS" or not any(c.dep_ == "det" and c.lower_ == "the" for c in np.children):
        return None
    if any(c.dep_ == "nummod" for c in np.children):
        return None
    lemma = np.lemma_.lower()
    start = max(0, np.sent.start - 80)
    for tok in reversed(np.doc[start : np.sent.start]):
        if tok.tag_ != "NNS":
            continue
        taken = lemma in _CAPTIVES and tok.dep_ == "dobj" and tok.head.lemma_.lower() in _TAKING
        if tok.lemma_.lower() != lemma and not taken:
            continue
        count = next((c for c in tok.children if c.dep_ == "nummod"), None)
        if count is None:
            return None
        return parse_quantity([count.text], "")
    return None


def _one_victim(np: Token) -> bool:
    """'the victim', 'the officer': one person named by a singular noun; also one whose
    post says who they are ('the police chief', 'the chief of judicial police')."""
    if _one_of(np, {"civilian", "security"}, {"the"}):
        return True
    if _one_of(np, {"civilian"}, {"a", "an"}) and np.dep_ in {"nsubjpass", "dobj", "nsubj"}:
        return True  # 'a woman was fatally shot', 'shot a black man': one person
    if np.tag_ != "NN" or not any(c.dep_ == "det" and c.lower_ == "the" for c in np.children):
        return False
    posts = [c for c in np.children if c.dep_ == "compound"]
    posts += [g for c in np.children if c.dep_ == "prep" and c.lower_ == "of"
              for g in c.children if g.dep_ == "pobj"]  # fmt: skip
    return any(noun_class(p.lemma_) in {"civilian", "security"} for p in posts)


def _one_attacker(np: Token) -> bool:
    """'the suspect', 'the gunman': one attacker named by a singular noun."""
    return _one_of(np, {"perpetrator"}, {"the", "a", "an"})


def _one_of(np: Token, classes: set[str], determiners: set[str]) -> bool:
    return (
        np.tag_ == "NN"
        and noun_class(np.lemma_) in classes
        and any(c.dep_ == "det" and c.lower_ in determiners for c in np.children)
    )


def _toll_statements(
    ctx: ArticleContext, sent: Span, found: dict[int, Casualty]
) -> dict[int, Casualty]:
    """'The death toll rose to 70', 'the toll now stands at twelve', 'claimed the lives of at
    least 46 people': a toll stated about the event rather than about its victims."""
    out: dict[int, Casualty] = {}
    used = {t.i for c in found.values() if c.np_head is not None for t in c.np_head.subtree}
    for tok in sent:
        lemma = tok.lemma_.lower()
        if lemma == "toll":
            mods = {c.lower_ for c in tok.children if c.dep_ in {"compound", "amod", "nmod"}}
            if mods & {"overall", "total", "combined", "cumulative"} or any(
                c.dep_ == "poss" for c in tok.children
            ):
                continue  # 'the day's overall death toll': several events together
            outcome = "injured" if mods & {"injury", "injuries", "wounded"} else "killed"
            window = _toll_value(tok) or tok.doc[tok.i + 1 : min(sent.end, tok.i + 5)]
            if window and any(c.tag_ == "MD" for c in tok.head.children):
                continue  # 'the toll could rise to 40'
        elif lemma == "life" and tok.head.lemma_.lower() in {"claim", "take", "lose"}:
            outcome, window = "killed", tok.doc[tok.i + 1 : min(sent.end, tok.i + 6)]
            if tok.head.i < tok.i:  # 'claimed seven lives', 'claimed 7 civilians' lives'
                window = [*tok.doc[tok.head.i + 1 : tok.i], *window]
        else:
            continue
        num = next((w for w in window if w.like_num and w.i not in used), None)
        if num is None or ctx.entity_at(num) or _is_year(num):
            continue
        before = tok.doc[max(sent.start, num.i - 3) : num.i].text
        q = parse_quantity([num.text], before)
        if q is not None:
            out[num.i] = Casualty(outcome, tok, num, q, None)
    return out


def _toll_value(toll: Token) -> list[Token]:
    """The value a toll's verb gives it: 'rose to 70', 'stands at twelve', 'reached 60'."""
    if toll.dep_ not in {"nsubj", "nsubjpass"}:
        return []
    out: list[Token] = []
    for c in toll.head.children:
        if c.dep_ == "prep" and c.lower_ in {"to", "at"}:
            out.extend(g for g in c.children if g.dep_ == "pobj")
            out.extend(t for g in c.children if g.dep_ == "pobj" for t in g.children
                       if t.dep_ == "nummod")  # fmt: skip
        elif c.dep_ in {"dobj", "attr"}:
            out.append(c)
    return sorted(out, key=lambda t: t.i)


def _is_year(tok: Token) -> bool:
    return tok.text.isdigit() and len(tok.text) == 4 and tok.text[:2] in {"19", "20"}


def _bare_number_casualties(
    ctx: ArticleContext, sent: Span, found: dict[int, Casualty]
) -> dict[int, Casualty]:
    """'Of the 14 injured', 'leaving five dead': a number directly before a casualty adjective."""
    out: dict[int, Casualty] = {}
    used = {t.i for c in found.values() if c.np_head is not None for t in c.np_head.subtree}
    adjectives = word_set("death_adjectives") | word_set("injury_adjectives")
    for tok in sent[:-1]:
        if not tok.like_num or tok.i in used:
            continue
        nxt = tok.doc[tok.i + 1]
        if nxt.lower_ in adjectives and nxt.i < sent.end:
            before = tok.doc[max(sent.start, tok.i - 3) : tok.i].text
            q = parse_quantity([tok.text], before)
            if q is None or ctx.entity_at(tok):
                continue
            outcome = "injured" if nxt.lower_ in word_set("injury_adjectives") else "killed"
            out[tok.i] = Casualty(outcome, nxt, tok, q, None)
    return out
