"""Read a Title Case headline, and a paragraph's lead after its dateline, as plain sentences.

The statistical model learned case as a strong cue: in "Jakarta Attacks Kill at Least 2"
every word is a proper noun with itself as lemma, and in "ISTANBUL — Airstrikes on …" the
first word after the dateline is one too, so no trigger or attacker word is seen there.
Truecasing, as done for headlines in information extraction, fixes this: the headline is
read again with each word in the case the article's body gives it (a word the body writes
lower-case is lower-cased; a name the body capitalises keeps its capital), the lead again
without its dateline, and the tags, lemmas, parse and (for the headline) entities of that
reading replace the first ones. The text and the tokens stay as they are, so every
character offset still points into the article.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from spacy.attrs import DEP, HEAD
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from incidentkg.kb.datelines import dateline_match

GAZ_KEY = "gazetteer"
#: ``doc.user_data`` key: the headline tokens re-read in lower case
LOWERED = "incidentkg_lowered"
_MIN_WORDS = 3


@Language.factory("incidentkg_recase")
def make_recaser(nlp: Language, name: str) -> Recaser:
    return Recaser()


class Recaser:
    """Re-read the headline and dateline leads with the model's own components.

    The model components are attached after the pipeline is assembled or loaded
    (:func:`attach`): the component holds no pipeline of its own when pickled.
    """

    def __init__(self) -> None:
        self.pipes: list[Any] = []
        self.common: frozenset[str] = frozenset()

    def __reduce__(self) -> tuple[Any, ...]:
        return (Recaser, ())

    def attach(self, nlp: Language) -> None:
        """Use the model's components that run before this one (not the rulers)."""
        pipes = []
        for name, proc in nlp.pipeline:
            if proc is self:
                break
            if not name.startswith("incidentkg_"):
                pipes.append(proc)
        self.pipes = pipes
        self.common = _common_words(nlp)

    def __call__(self, doc: Doc) -> Doc:
        if not self.pipes or not len(doc):
            return doc
        segments: list[tuple[Span, list[str], bool]] = []
        head = _title_case_headline(doc)
        if head is not None:
            words = _truecase(doc, head, self.common)
            if words is not None:
                segments.append((head, words, True))
        for lead in _dateline_leads(doc):
            if head is None or lead.start >= head.end:
                segments.append((lead, [t.text for t in lead], False))
        for span, words, with_ents in segments:
            _reread(self.pipes, doc, span, words, with_ents)
            if with_ents:
                lowered = {t.i for t, w in zip(span, words, strict=True) if w != t.text}
                doc.user_data[LOWERED] = frozenset(lowered)
        return doc


def titled(tok: Token) -> bool:
    """``tok.is_title`` for the name-finding rules: a headline word re-read in lower case
    ('Market' in 'Bombing of Baghdad Market') is not capitalised for them."""
    return bool(tok.is_title) and tok.i not in tok.doc.user_data.get(LOWERED, ())


def _title_case_headline(doc: Doc) -> Span | None:
    """The first line, when it is written in Title Case (or all capitals): no word but
    short function words in lower case, and at least three capitalised content words."""
    end = 0
    while end < len(doc) and "\n" not in doc[end].text:
        end += 1
        if "\n" in doc[end - 1].whitespace_:
            break
    span = doc[0:end]
    long = [t for t in span if t.is_alpha and len(t) > 3 and not t.is_stop]
    if len(long) < _MIN_WORDS or any(t.is_lower for t in long):
        return None  # 'Reports: Gunfire, explosions in Burkina Faso' is written as a sentence
    return span


def _truecase(doc: Doc, head: Span, common: frozenset[str]) -> list[str] | None:
    """The headline's words in the case the body writes them; None when nothing changes."""
    lower: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    for tok in doc[head.end :]:
        if not tok.is_alpha:
            continue
        if tok.is_lower:
            lower[tok.lower_] += 1
        elif not tok.is_sent_start and (tok.is_title or tok.is_upper):
            capital[tok.lower_] += 1
    named = {t.i for sp in doc.spans.get(GAZ_KEY, []) for t in sp}
    words = []
    changed = False
    for tok in head:
        word = tok.text
        if tok.is_alpha and (tok.is_title or (tok.is_upper and not _acronym(tok, head))):
            key = tok.lower_
            if tok.i not in named and _common(tok, lower[key], capital[key], common):
                word = tok.lower_ if tok.i > head.start else tok.text[0] + tok.text[1:].lower()
        changed = changed or word != tok.text
        words.append(word)
    return words if changed else None


def _acronym(tok: Any, head: Span) -> bool:
    """An all-capitals word in a headline not itself all capitals ('ISIS', 'US')."""
    return not all(t.is_upper for t in head if t.is_alpha and len(t) > 3)


def _common(tok: Any, lower: int, capital: int, common: frozenset[str]) -> bool:
    """Whether a capitalised headline word is a common word: the body writes it lower-case
    at least as often as capitalised or, absent from the body, the model's lemmatizer
    tables know it (as such or with an inflection taken off). The model's entities in a
    Title Case line are no evidence: case is what misleads it there."""
    if lower or capital:
        return lower >= capital
    word = tok.lower_
    stems = {word, word[:-1] if word.endswith("s") else word, word[:-2], word[:-3] + "y"}
    return bool(stems & common)


def _common_words(nlp: Language) -> frozenset[str]:
    """The nouns, verbs, adjectives and adverbs of the lemmatizer's tables, with their
    irregular forms."""
    words: set[str] = set()
    try:
        lookups = nlp.get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
    except (KeyError, AttributeError):
        return frozenset()
    for table_name in ("lemma_index", "lemma_exc"):
        if not lookups.has_table(table_name):
            continue
        table = lookups.get_table(table_name)
        for pos in ("noun", "verb", "adj", "adv"):
            entries = table.get(pos) or []
            words.update(str(w) for w in entries)
    return frozenset(words)


def _dateline_leads(doc: Doc) -> list[Span]:
    """Sentences that follow a dateline ('ISTANBUL — Airstrikes on …', 'BEIRUT Bombs killed
    …') and open with a word the model took for a name although it tagged no entity there."""
    leads = []
    for sent in doc.sents:
        first = sent[0]
        if first.i == 0:
            continue
        line_start = doc.text.rfind("\n", 0, first.idx) + 1
        m = dateline_match(doc.text[line_start : first.idx + len(first.text) + 1])
        if m is None or line_start + m.end() > first.idx + 1:
            continue
        if first.pos_ == "PROPN" and not first.ent_type_ and first.is_title:
            leads.append(sent)
    return leads


def _reread(pipes: list[Any], doc: Doc, span: Span, words: list[str], with_ents: bool) -> None:
    """Parse ``words`` (``span``'s tokens, recased) alone and copy the reading into ``doc``."""
    spaces = [bool(t.whitespace_) for t in span]
    if span[-1].whitespace_:
        spaces[-1] = False
    sub = Doc(doc.vocab, words=words, spaces=spaces)
    for proc in pipes:
        sub = proc(sub)
    for tok, new in zip(span, sub, strict=True):
        tok.tag_ = new.tag_
        tok.pos_ = new.pos_
        tok.morph = new.morph
        tok.lemma_ = new.lemma_
    arr: Any = doc.to_array([HEAD, DEP])
    arr[span.start : span.end] = sub.to_array([HEAD, DEP])  # heads are relative offsets
    doc.from_array([HEAD, DEP], arr)
    if with_ents:
        outside = [e for e in doc.ents if e.end <= span.start or e.start >= span.end]
        inside = [
            Span(doc, span.start + e.start, span.start + e.end, label=e.label_) for e in sub.ents
        ]
        doc.ents = sorted(outside + inside, key=lambda e: e.start)
