"""Exact, cheaper versions of two steps of spaCy's English pipelines.

Both components below set the same annotations as spaCy's own; only the per-token Python
work goes. Measured on news text they were a fifth of the whole pipeline's time.

- **The attribute ruler's match step.** It maps tags (and a few words) to POS, morphology
  and lemmas with ~180 one- or two-token patterns, run through the general
  :class:`~spacy.matcher.Matcher`, which tries every pattern at every token: ~14 % of the
  pipeline, as much as the parser. Patterns made of exact values, ``IN``/``NOT_IN`` sets and
  regexes (``{"TAG": "NN"}``, ``{"LOWER": "'s", "TAG": "POS"}``) are matched here with array
  comparisons over the whole Doc, candidates first taken from the rarest exact value. The
  ruler's own ``set_annotations`` applies the matches. Any other pattern (operators, MORPH,
  fuzzy, …) keeps spaCy's matcher; patterns added later are compiled on the next Doc.
- **The rule lemmatizer's loop.** Its lemma is a function of (text, POS, morphology) alone
  (spaCy caches it under that key), so each distinct key is lemmatized once, by spaCy's own
  ``rule_lemmatize``, and the lemmas are written as one array; its lemma index answers
  membership from sets instead of scanning lists of thousands of words. Only spaCy's ``Lemmatizer``
  and ``EnglishLemmatizer`` in ``rule`` mode are sped up; subclasses may read more of the
  token.

``tests/test_speedups.py`` compares every token attribute with spaCy's path on real text
and the matches on random patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy
from spacy import attrs as spacy_attrs
from spacy.errors import Errors
from spacy.language import Language
from spacy.tokens import Doc

#: attributes whose pattern value is a string compared by its hash, as the Matcher does
STRING_ATTRS = ("ORTH", "LOWER", "NORM", "TAG", "POS", "DEP", "LEMMA", "SHAPE", "ENT_TYPE")
#: lexical flags whose pattern value is a boolean
FLAG_ATTRS = (
    "IS_ALPHA",
    "IS_ASCII",
    "IS_DIGIT",
    "IS_LOWER",
    "IS_UPPER",
    "IS_TITLE",
    "IS_PUNCT",
    "IS_SPACE",
    "IS_STOP",
    "LIKE_NUM",
)
_ALIASES = {"TEXT": "ORTH"}
#: which exact condition of a pattern picks its candidate positions: the rarest kind first
_ANCHOR_RANK = {"ORTH": 0, "LOWER": 1, "NORM": 2, "LEMMA": 3, "SHAPE": 4, "DEP": 5, "ENT_TYPE": 6}
_ANCHOR_RANK.update({"TAG": 7, "POS": 8})


class Unsupported(ValueError):
    """A pattern this matcher cannot reproduce exactly; spaCy's matcher is kept."""


class _Regex:
    """``{"REGEX": ...}``: ``re.search`` on the attribute's string, as spaCy's predicate
    does; each distinct value is tested once and remembered."""

    def __init__(self, pattern: str, strings: Any) -> None:
        self.regex = re.compile(pattern)
        self.strings = strings
        self.known: dict[int, bool] = {}

    def __call__(self, cells: numpy.ndarray) -> numpy.ndarray:
        values, inverse = numpy.unique(cells, return_inverse=True)
        return numpy.array([self._one(v) for v in values.tolist()], dtype=bool)[inverse]

    def _one(self, value: int) -> bool:
        if value not in self.known:
            self.known[value] = bool(self.regex.search(self.strings[value]))
        return self.known[value]


class _Member:
    """``{"IN": [...]}`` (``inside``) or ``{"NOT_IN": [...]}``."""

    def __init__(self, hashes: list[int], inside: bool) -> None:
        self.hashes = numpy.array(hashes, dtype=numpy.uint64)
        self.inside = inside

    def __call__(self, cells: numpy.ndarray) -> numpy.ndarray:
        hit: numpy.ndarray = numpy.isin(cells, self.hashes)
        return hit if self.inside else ~hit


@dataclass
class _Pattern:
    """One fixed-width pattern: exact ``checks`` (offset, column, value or predicate), and
    the exact condition whose positions give the candidate starts (None: every token)."""

    width: int
    checks: list[tuple[int, int, Any]] = field(default_factory=list)
    anchor: tuple[int, int, int] | None = None


class ArrayMatcher:
    """``attribute_ruler.match`` over ``Doc.to_array`` columns; same list, same order."""

    def __init__(self, ruler: Any) -> None:
        self.ruler = ruler
        self.strings = ruler.vocab.strings
        self.columns: list[int | str] = []
        self.rules: list[tuple[int, int, list[_Pattern]]] = []
        self.size = -1
        self._compile()

    def _column(self, name: str) -> int:
        attr_id = getattr(spacy_attrs, name)
        if attr_id not in self.columns:
            self.columns.append(attr_id)
        return self.columns.index(attr_id)

    def _pattern(self, tokens: list[dict[str, Any]]) -> _Pattern:
        out = _Pattern(len(tokens))
        best = len(_ANCHOR_RANK)
        for offset, spec in enumerate(tokens):
            for raw_key, value in spec.items():
                key = _ALIASES.get(raw_key.upper(), raw_key.upper())
                column = self._column(key) if key in STRING_ATTRS + FLAG_ATTRS else -1
                if key in STRING_ATTRS and isinstance(value, str):
                    hashed = int(self.strings.add(value))
                    out.checks.append((offset, column, numpy.uint64(hashed)))
                    if _ANCHOR_RANK.get(key, best) < best:
                        best, out.anchor = _ANCHOR_RANK[key], (offset, column, hashed)
                elif key in STRING_ATTRS and _is_set(value):
                    ((op, items),) = value.items()
                    hashes = [int(self.strings.add(v)) for v in items]
                    out.checks.append((offset, column, _Member(hashes, op == "IN")))
                elif key in STRING_ATTRS and _is_regex(value):
                    out.checks.append((offset, column, _Regex(value["REGEX"], self.strings)))
                elif key in FLAG_ATTRS and isinstance(value, bool):
                    out.checks.append((offset, column, numpy.uint64(value)))
                else:
                    raise Unsupported(f"{raw_key}: {value!r}")
        out.checks.sort(key=_cost)  # cheap, selective tests first: fewer cells for the rest
        return out

    def _compile(self) -> None:
        rules = []
        for i in range(len(self.ruler.attrs)):
            key = self.strings[str(i)]
            patterns = self.ruler.matcher.get(key)[1]
            rules.append((i, int(key), [self._pattern(p) for p in patterns if p]))
        self.rules = rules
        self.size = len(self.ruler.attrs)

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        if self.size != len(self.ruler.attrs):  # patterns added since: compile them too
            self._compile()
        n = len(doc)
        if n == 0:
            return []
        width = len(self.columns)
        table = doc.to_array(self.columns).reshape(n, width) if width else numpy.zeros((n, 0))
        where = _Positions(table)
        found: list[tuple[int, int, int, int]] = []
        for index, key, patterns in self.rules:
            spans: set[tuple[int, int]] = set()
            for pattern in patterns:
                last = n - pattern.width  # the last possible start
                if last < 0:
                    continue
                if pattern.anchor is None:
                    starts = numpy.arange(last + 1)
                else:
                    offset, column, value = pattern.anchor
                    starts = where(column, value) - offset
                    starts = starts[(starts >= 0) & (starts <= last)]
                for offset, column, test in pattern.checks:
                    if not starts.size:
                        break
                    cells = table[starts + offset, column]
                    starts = starts[test(cells) if callable(test) else cells == test]
                spans.update((s, s + pattern.width) for s in starts.tolist())
            found.extend((index, key, s, e) for s, e in spans)
        found.sort()
        return found


class _Positions:
    """Token positions holding a value in a column: the column grouped once per Doc."""

    def __init__(self, table: numpy.ndarray) -> None:
        self.table = table
        self.groups: dict[int, tuple[numpy.ndarray, dict[int, tuple[int, int]]]] = {}

    def __call__(self, column: int, value: int) -> numpy.ndarray:
        if column not in self.groups:
            order = numpy.argsort(self.table[:, column], kind="stable")
            values, firsts, counts = numpy.unique(
                self.table[order, column], return_index=True, return_counts=True
            )
            where = zip(firsts.tolist(), (firsts + counts).tolist(), strict=True)
            self.groups[column] = (order, dict(zip(values.tolist(), where, strict=True)))
        order, slices = self.groups[column]
        lo, hi = slices.get(value, (0, 0))
        return order[lo:hi]


_NONE = numpy.zeros(0, dtype=numpy.int64)


def _cost(check: tuple[int, int, Any]) -> int:
    test = check[2]
    return 2 if isinstance(test, _Regex) else 1 if isinstance(test, _Member) else 0


def _is_set(value: object) -> bool:
    """``{"IN": [str, ...]}`` or ``{"NOT_IN": [...]}``: membership, no other operator."""
    if not isinstance(value, dict) or len(value) != 1:
        return False
    ((op, items),) = value.items()
    return (
        op in ("IN", "NOT_IN")
        and isinstance(items, list)
        and all(isinstance(v, str) for v in items)
    )


def _is_regex(value: object) -> bool:
    return isinstance(value, dict) and len(value) == 1 and isinstance(value.get("REGEX"), str)


class ArrayLemmatizer:
    """``Lemmatizer.__call__`` of ``rule`` mode: one ``rule_lemmatize`` per distinct
    (text, POS, morphology) of tokens without a lemma (all tokens with ``overwrite``)."""

    _COLUMNS: ClassVar[list[int | str]] = [
        spacy_attrs.ORTH,
        spacy_attrs.POS,
        spacy_attrs.MORPH,
        spacy_attrs.LEMMA,
    ]

    def __init__(self, lemmatizer: Any) -> None:
        self.lemmatizer = lemmatizer
        self.known: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        lem = self.lemmatizer
        if not lem._validated:
            lem._validate_tables(Errors.E1004)
        n = len(doc)
        if n == 0:
            return doc
        table = doc.to_array(self._COLUMNS)
        lemmas = table[:, 3].copy()
        strings = doc.vocab.strings
        # strings added in a memory zone are freed with it: remember their hashes no longer
        known = {} if getattr(doc.vocab, "in_memory_zone", False) else self.known
        for i, (orth, pos, morph, lemma) in enumerate(table.tolist()):
            if lemma and not lem.overwrite:
                continue
            key = (orth, pos, morph)
            if key not in known:
                known[key] = strings.add(lem.lemmatize(doc[i])[0])
            lemmas[i] = known[key]
        doc.from_array([spacy_attrs.LEMMA], lemmas.reshape(n, 1))  # type: ignore[arg-type]
        return doc


def _fast_lemmatizer_class(base: type) -> type:
    """A subclass of ``base`` whose ``__call__`` is :class:`ArrayLemmatizer`'s (spaCy calls
    components through their type, so the instance's class is swapped: name, config,
    tables and serialisation stay the lemmatizer's own)."""

    def __call__(self: Any, doc: Doc) -> Doc:
        error_handler = self.get_error_handler()
        try:
            return self._incidentkg_array(doc)  # type: ignore[no-any-return]
        except Exception as e:  # as spaCy's own __call__: the pipeline's error handler
            return error_handler(self.name, self, [doc], e)  # type: ignore[no-any-return]

    return type(base.__name__, (base,), {"__call__": __call__, "__module__": __name__})


_LEMMATIZER_CLASSES: dict[type, type] = {}


class _Members(list):  # type: ignore[type-arg]
    """A lemma index list that answers ``in`` from a set: ``rule_lemmatize`` asks it for
    every candidate form of every new word, and the English lists hold thousands of words.
    Still a list of the same strings for everything else (serialisation included)."""

    def __init__(self, words: list[str]) -> None:
        super().__init__(words)
        self._set = frozenset(words)

    def __contains__(self, item: object) -> bool:
        return item in self._set


def _index_sets(lem: Any) -> None:
    if not lem.lookups.has_table("lemma_index"):
        return
    index = lem.lookups.get_table("lemma_index")
    for pos, words in list(index.items()):
        fresh = isinstance(words, list) and not isinstance(words, _Members)
        if fresh and all(isinstance(w, str) for w in words):
            index[pos] = _Members(words)


def speed_up_lemmatizer(nlp: Language, name: str = "lemmatizer") -> bool:
    """Give ``nlp``'s rule lemmatizer the array loop; returns whether it did."""
    from spacy.lang.en.lemmatizer import EnglishLemmatizer
    from spacy.pipeline.lemmatizer import Lemmatizer

    if name not in nlp.pipe_names:
        return False
    lem: Any = nlp.get_pipe(name)
    base = type(lem)
    if base not in (Lemmatizer, EnglishLemmatizer) or lem.mode != "rule":
        return False
    if base not in _LEMMATIZER_CLASSES:
        _LEMMATIZER_CLASSES[base] = _fast_lemmatizer_class(base)
    lem._incidentkg_array = ArrayLemmatizer(lem)
    _index_sets(lem)
    lem.__class__ = _LEMMATIZER_CLASSES[base]
    return True


def speed_up_attribute_ruler(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Give ``nlp``'s attribute ruler the array matcher when every pattern allows it.

    Returns whether it did. Values are hashed with the vocabulary's strings, as the
    Matcher does, so a value means the same here as there (``POS`` names are symbols).
    """
    if name not in nlp.pipe_names:
        return False
    ruler: Any = nlp.get_pipe(name)
    if not hasattr(ruler, "matcher") or not hasattr(ruler, "attrs"):
        return False
    try:
        ruler.match = ArrayMatcher(ruler)
    except Unsupported:
        return False
    return True


def speed_up(nlp: Language) -> list[str]:
    """Both speed-ups where they apply; the names of the components sped up."""
    done = []
    if speed_up_attribute_ruler(nlp):
        done.append("attribute_ruler")
    if speed_up_lemmatizer(nlp):
        done.append("lemmatizer")
    return done
