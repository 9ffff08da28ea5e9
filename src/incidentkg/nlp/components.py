"""spaCy components registered by incidentkg.

Each component follows spaCy's shape: ``__call__`` = match, then set annotations.
The gazetteer and title rulers are plain ``span_ruler`` instances (see
:mod:`incidentkg.nlp.pipeline`); the components here reconcile their spans with the
statistical NER and find event triggers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from typing import Any

import numpy
from spacy.attrs import LEMMA, LOWER, ORTH
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from incidentkg.kb.datelines import dateline_match
from incidentkg.kb.gazetteer import word_set
from incidentkg.nlp.recase import titled
from incidentkg.resources import data_file, read_jsonl

GAZ_KEY = "gazetteer"
TITLE_KEY = "titles"
#: the places the statistical model tagged, before the gazetteer reconciled them: what
#: tells 'fly to Orlando' (a place) from 'Orlando Bloom' for names the ruler leaves alone
MODEL_PLACES_KEY = "model_places"
TRIGGER_KEY = "triggers"
_NUMERIC = {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"}
_NAME_GLUE = word_set("name_glue_words")


#: Words that make a DATE/TIME entity a time expression rather than a mis-tagged name.
_TIME_WORDS = re.compile(
    r"\d|\b(jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?\b"
    r"|\b(mon|tues|wednes|thurs|fri|satur|sun)day"
    r"|\b(year|day|week|month|night|morning|evening|afternoon|noon|today|yesterday|tonight"
    r"|ago|season|century|decade|hour|minute|time|eid|ramadan|muharram)",
    re.IGNORECASE,
)


@Language.component("incidentkg_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break (headlines and bullets have no full stop) and
    after a paragraph's dateline ("NICE, France A gunman killed …": the gunman is the
    subject, not Nice)."""
    starts = [doc[0]] if len(doc) else []
    for tok in doc[:-1]:
        if "\n" in tok.text or "\n" in tok.whitespace_:
            nxt = doc[tok.i + 1]
            if not nxt.is_space:
                nxt.is_sent_start = True
                starts.append(nxt)
    orgs = {t.i for sp in doc.spans.get(GAZ_KEY, []) if sp.label_ == "ORG" for t in sp}
    for tok in starts:
        if tok.i in orgs:
            continue  # 'TTP Claims Responsibility …': a headline's group, not a dateline
        line = doc.text[tok.idx :].split("\n", 1)[0]
        m = dateline_match(line)
        end = tok.idx + m.end() if m else 0
        lead = doc.char_span(end, end + 1, alignment_mode="expand") if m else None
        if lead is not None and lead.start > tok.i:
            for inner in doc[tok.i + 1 : lead.start]:
                inner.is_sent_start = False  # 'NICE, France': one line, not three sentences
            lead[0].is_sent_start = True
    return doc


def _strip_det(span: Span) -> Span:
    start = span.start
    while start < span.end and (
        span.doc[start].lower_ in {"the", "a", "an"} or span.doc[start].tag_ == "POS"
    ):
        start += 1
    end = span.end
    while end > start and span.doc[end - 1].tag_ == "POS":
        end -= 1
    return span.doc[start:end]


_KIND_RANK = {"country": 0, "province": 1, "city": 3, "district": 4, "region": 5}


def _gaz_preference(span: Span) -> tuple[int, int]:
    """Same text, several entries: a country or province, then an organisation ('Hamas' the
    group, not a town's variant name), then the larger town, then its district."""
    from incidentkg.kb.gazetteer import load_gazetteer

    entry = load_gazetteer().get(span.id_)
    if entry is None:
        return (9, 0)
    rank = 2 if entry.type == "Organization" else _KIND_RANK.get(entry.kind, 6)
    return (rank, -entry.population)


def _is_demonym(text: str) -> bool:
    """'Somali' is a nationality, not Ethiopia's Somali Region."""
    from incidentkg.kb.gazetteer import load_gazetteer

    return text in load_gazetteer().demonyms


_COMPASS = {"east", "west", "north", "south", "central"}
#: Urdu and Arabic words that open a road's name ('Shahrah-e-Faisal', 'Sharea Faisal').
_ROAD_WORDS = {"shahrah", "shahrah-e", "sharea", "shahra", "shara", "sharah", "shahrae"}


def _compass_of_title(ent: Span, titles: list[Span]) -> Span:
    """'DIG East Muqaddas Haider': the zone belongs to the title, not to the name."""
    if len(ent) > 2 and ent[0].lower_ in _COMPASS and any(t.end == ent.start for t in titles):
        return Span(ent.doc, ent.start + 1, ent.end, label=ent.label_)
    return ent


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


_NAME_SUFFIXES = word_set("place_name_suffixes")


def _surname_of(doc: Doc, span: Span, kept: list[Span]) -> bool:
    """A town's name right after a person's name, in the same capitalised run, is the rest of
    the name: the person is extended over it. Countries and provinces are never surnames."""
    from incidentkg.kb.gazetteer import load_gazetteer

    entry = load_gazetteer().get(span.id_)
    if entry is None or entry.kind in {"country", "province"}:
        return False
    for n, ent in enumerate(kept):
        if ent.label_ == "PERSON" and ent.end == span.start and titled(doc[span.start]):
            if doc[ent.end - 1].is_punct or doc[ent.end - 1].text.endswith("'s"):
                return False
            kept[n] = Span(doc, ent.start, span.end, label="PERSON")
            return True
    return False


#: Forms of address that only ever precede a person's name.
_HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "mister", "madam"}


def _after_honorific(doc: Doc, span: Span) -> bool:
    """'Mr. Douglas', 'Sheriff T. Walton': a name after an honorific or an initial is a
    person's, whatever town the gazetteer knows by it."""
    i = span.start - 1
    if i >= 0 and doc[i].text == ".":
        i -= 1
    if i < 0:
        return False
    word = doc[i].text.rstrip(".")
    initial = (
        len(word) == 1 and word.isupper() and (doc[i].text.endswith(".") or i + 1 < span.start)
    )
    return doc[i].lower_.rstrip(".") in _HONORIFICS or initial


def _part_of_longer_name(doc: Doc, span: Span) -> bool:
    """'Shar Hawza': a town's name is only the first word of an unknown place's name."""
    from incidentkg.kb.gazetteer import load_gazetteer

    entry = load_gazetteer().get(span.id_)
    if entry is None or entry.kind in {"country", "province"} or span.end >= len(doc):
        return False
    nxt = doc[span.end]
    glued = (
        titled(nxt)
        and nxt.is_alpha
        # 'Columbia County' is a county, not the city of Columbia
        and (nxt.text not in _NAME_SUFFIXES or nxt.text in {"County", "Parish"})
        and not nxt.is_sent_start
    )
    prev = doc[span.start - 1] if span.start > 0 else None
    glued_before = (
        prev is not None and prev.text == "-" and span.start > 1 and titled(doc[span.start - 2])
    )
    return bool(glued or glued_before)


def _name_around(ent: Span, inner: Span) -> bool:
    """Capitalised words glued to the gazetteer match inside one name ('Pul-e-Hashim Khan')."""
    outside = [t for t in ent if not (inner.start <= t.i < inner.end)]
    return (
        bool(outside)
        and all(titled(t) or t.is_punct or t.text.islower() for t in outside)
        and any(titled(t) for t in outside)
    )


def _kind_word_after(ent: Span, inner: Span) -> bool:
    """The words after a gazetteer match only say what kind of place it is ('District')."""
    return inner.start == ent.start and all(t.text in _NAME_SUFFIXES for t in ent[len(inner) :])


def _extra_name_tokens(ent: Span, inner: Span) -> bool:
    return any(
        t.pos_ == "PROPN" or (titled(t) and not t.is_stop)
        for t in ent
        if not (inner.start <= t.i < inner.end)
    )


@Language.factory("incidentkg_entities")
def make_entity_merger(nlp: Language, name: str) -> EntityMerger:
    return EntityMerger()


class EntityMerger:
    """Merge gazetteer spans into ``doc.ents``: the gazetteer wins on its own spans.

    A statistical ORG/FAC that strictly contains a gazetteer *place* and adds proper
    nouns ("Karachi Police Office") is kept; titles are cut off person names and a
    title followed by unrecognised proper nouns becomes a PERSON.
    """

    def __call__(self, doc: Doc) -> Doc:
        gaz = filter_spans(sorted(doc.spans.get(GAZ_KEY, []), key=_gaz_preference))
        titles = filter_spans(doc.spans.get(TITLE_KEY, []))
        doc.spans[TITLE_KEY] = titles
        doc.spans[MODEL_PLACES_KEY] = [e for e in doc.ents if e.label_ in {"GPE", "LOC"}]
        kept: list[Span] = []
        used_gaz: set[tuple[int, int]] = set()
        for ent in doc.ents:
            decision = self._reconcile(ent, gaz, titles)
            if decision is None:
                continue
            kept.append(decision)
            for g in gaz:
                if _overlaps(g, decision) and decision.label_ in {"ORG", "FAC"}:
                    used_gaz.add((g.start, g.end))
        for g in gaz:
            if (g.start, g.end) in used_gaz or any(_overlaps(g, k) for k in kept):
                continue
            if g.label_ == "GPE" and _part_of_longer_name(doc, g):
                continue
            if g.label_ == "GPE" and _surname_of(doc, g, kept):
                continue  # 'Aitzaz Goraya', 'Jeremy Douglas': the name goes on, no town
            if g.label_ == "GPE" and _after_honorific(doc, g):
                continue  # 'Mr. Douglas', 'Dr. Lahori': a person, named below
            kept.append(Span(doc, g.start, g.end, label=g.label_, kb_id=g.id_))
        kept.extend(self._titled_people(doc, titles, kept))
        doc.ents = filter_spans(kept)
        return doc

    def _reconcile(self, ent: Span, gaz: list[Span], titles: list[Span]) -> Span | None:
        if (
            ent.label_ in {"DATE", "TIME"}
            and not _TIME_WORDS.search(ent.text)
            and any((g.start, g.end) == (ent.start, ent.end) for g in gaz)
        ):
            return None  # 'in Turbat' read as a DATE: the known place wins
        if ent.label_ in _NUMERIC or (ent.label_ == "NORP" and _is_demonym(ent.text)):
            return ent
        for g in gaz:
            if not _overlaps(g, ent):
                continue
            core = _strip_det(ent)
            inner = (
                g.start >= ent.start
                and g.end <= ent.end
                and (g.start, g.end)
                != (
                    core.start,
                    core.end,
                )
            )
            if inner and ent.label_ in {"ORG", "FAC"} and _extra_name_tokens(core, g):
                return core
            if inner and g.label_ == "GPE" and _kind_word_after(core, g):
                return None  # 'Musa Khel District': the known place, named with its kind
            if (
                inner
                and ent.label_ in {"GPE", "LOC"}
                and g.label_ == "GPE"
                and _name_around(core, g)
            ):
                return core  # 'Bala Buluk': an unknown place whose first word names another
            if inner and ent.label_ == "PERSON" and g.label_ == "GPE":
                return self._trim_person(ent)
            return None
        for t in titles:
            if _overlaps(t, ent):
                if t.start <= ent.start and t.end >= ent.end:
                    return None
                if ent.label_ == "PERSON" and t.start <= ent.start:
                    rest = ent.doc[t.end : ent.end]
                    return (
                        Span(ent.doc, rest.start, rest.end, label="PERSON") if len(rest) else None
                    )
        if ent.label_ == "PERSON":
            ent = _compass_of_title(ent, titles)
            if ent.text.split()[0].lower() in _ROAD_WORDS:
                return Span(ent.doc, ent.start, ent.end, label="FAC")  # 'Sharea Faisal'
            return self._trim_person(ent)
        return _strip_det(ent) if len(_strip_det(ent)) else None

    @staticmethod
    def _trim_person(ent: Span) -> Span | None:
        toks = [t for t in ent if not t.is_space and "\n" not in t.text]
        if not toks or not any(titled(t) or t.is_upper for t in toks):
            return None
        end = ent.start
        for t in ent:
            if t.is_space or "\n" in t.text or t.tag_ == "POS":
                break
            end = t.i + 1
        return Span(ent.doc, ent.start, end, label="PERSON") if end > ent.start else None

    @staticmethod
    def _titled_people(doc: Doc, titles: list[Span], ents: list[Span]) -> list[Span]:
        taken = {i for e in ents for i in range(e.start, e.end)}
        out: list[Span] = []
        for t in titles:
            i = t.end
            while i < len(doc) and doc[i].text == ".":
                i += 1
            if i + 2 < len(doc) and doc[i].lower_ in _COMPASS and titled(doc[i + 1]):
                i += 1  # 'DIG East Muqaddas Haider': the zone is the title's
            start = i
            while (
                i < len(doc)
                and i not in taken
                and ((doc[i].pos_ == "PROPN" and titled(doc[i])) or doc[i].lower_ in _NAME_GLUE)
            ):
                i += 1
            while i > start and doc[i - 1].lower_ in _NAME_GLUE:
                i -= 1
            if i > start and (i not in taken or i - start >= 1):
                out.append(Span(doc, start, i, label="PERSON"))
        return out


TRIGGER_PATTERNS = "event_triggers.jsonl"
#: key in ``doc.spans["triggers"].attrs``: the patterns file the pipe matched with
PATTERNS_FILE_ATTR = "patterns_file"


@cache
def trigger_patterns(patterns_file: str = TRIGGER_PATTERNS) -> dict[str, dict[str, Any]]:
    """Trigger patterns keyed by the id the matcher stores in ``span.kb_id_``.

    ``patterns_file`` is a name under ``data/patterns`` or an absolute path.
    """
    rows = read_jsonl(data_file("patterns", patterns_file))
    return {f"trigger-{n}": row for n, row in enumerate(rows)}


def doc_trigger_patterns(doc: Doc) -> dict[str, dict[str, Any]]:
    """The patterns the trigger pipe used on ``doc``: a span's ``kb_id_`` is only an index
    into the file the pipe was configured with, not into the default one."""
    group = doc.spans.get(TRIGGER_KEY)
    name = group.attrs.get(PATTERNS_FILE_ATTR) if group is not None else None
    return trigger_patterns(name or TRIGGER_PATTERNS)


@Language.factory("incidentkg_triggers", default_config={"patterns_file": TRIGGER_PATTERNS})
def make_triggers(nlp: Language, name: str, patterns_file: str) -> TriggerMatcher:
    return TriggerMatcher(nlp, patterns_file)


#: Longest trigger, in tokens: a ``*`` in a pattern never stretches a match beyond this.
MAX_TRIGGER_TOKENS = 12
_WORD_ATTRS = {"LEMMA": "lemma_", "LOWER": "lower_", "TEXT": "text", "ORTH": "text"}
_ATTR_IDS = {"lemma_": LEMMA, "lower_": LOWER, "text": ORTH}


def anchor_words(patterns: Iterable[Sequence[dict[str, Any]]]) -> dict[str, frozenset[str]] | None:
    """Per token attribute, the words a match can start with (from each pattern's first
    token); ``None`` when some pattern could start on any token."""
    anchors: dict[str, set[str]] = {}
    for pattern in patterns:
        first = pattern[0]
        if first.get("OP") in ("?", "*", "+", "!"):
            return None
        for attr, name in _WORD_ATTRS.items():
            value = first.get(attr)
            if isinstance(value, dict) and set(value) == {"IN"}:
                value = value["IN"]
            elif isinstance(value, str):
                value = [value]
            else:
                continue
            anchors.setdefault(name, set()).update(value)
            break
        else:
            return None
    return {name: frozenset(words) for name, words in anchors.items()}


def windows(starts: Iterable[int], length: int, width: int) -> Iterator[tuple[int, int]]:
    """Merged ``[start, start + width)`` ranges, clipped to ``length``.

    >>> list(windows([2, 5, 30], 40, 12))
    [(2, 17), (30, 40)]
    """
    lo = hi = -1
    for start in starts:
        if start >= hi:
            if hi > lo:
                yield lo, hi
            lo = start
        hi = min(length, start + width)
    if hi > lo:
        yield lo, hi


class TriggerMatcher:
    """Mark event trigger words (``doc.spans["triggers"]``) from ``data/patterns``.

    The span label is the event type; ``kb_id_`` carries the pattern key whose
    metadata (category, agent constraint, plural allowed) is in :attr:`meta`.

    spaCy's ``Matcher`` tries every pattern at every token, which cost ~10 % of the
    parse. Every trigger starts with a word from a known list, so the matcher only runs
    on short windows that start at such a word: the same matches, 2.4 s → 0.4 s for 150
    news articles.
    """

    def __init__(self, nlp: Language, patterns_file: str) -> None:
        self.matcher = Matcher(nlp.vocab)
        self.patterns_file = patterns_file
        self.meta = trigger_patterns(patterns_file)
        for key, row in self.meta.items():
            self.matcher.add(key, [row["pattern"]])
        self.anchors = anchor_words(row["pattern"] for row in self.meta.values())
        # the same test on hashes, one column per attribute: no Token objects made
        self._anchor_attrs = [_ATTR_IDS[a] for a in self.anchors or {}]
        self._anchor_hashes = [
            numpy.array(sorted(nlp.vocab.strings.add(w) for w in words), dtype=numpy.uint64)
            for words in (self.anchors or {}).values()
        ]

    def matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """``(match_id, start, end)`` as ``Matcher`` gives them on the whole doc."""
        if self.anchors is None:
            return list(self.matcher(doc))
        columns = doc.to_array(self._anchor_attrs).reshape(len(doc), -1)
        hit = numpy.zeros(len(doc), dtype=bool)
        for j, hashes in enumerate(self._anchor_hashes):
            hit |= numpy.isin(columns[:, j], hashes)
        starts = numpy.flatnonzero(hit).tolist()
        found = []
        for lo, hi in windows(starts, len(doc), MAX_TRIGGER_TOKENS):
            found += [(m, s + lo, e + lo) for m, s, e in self.matcher(doc[lo:hi])]
        return found

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for match_id, start, end in self.matches(doc):
            key = doc.vocab.strings[match_id]
            spans.append(Span(doc, start, end, label=self.meta[key]["event_type"], kb_id=key))
        doc.spans[TRIGGER_KEY] = filter_spans(spans)
        doc.spans[TRIGGER_KEY].attrs[PATTERNS_FILE_ATTR] = self.patterns_file
        return doc
