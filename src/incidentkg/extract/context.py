"""Shared per-article state for the extraction rules: the Doc, evidence helpers, entity index."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from incidentkg.kb.gazetteer import Gazetteer, load_gazetteer, word_set
from incidentkg.records import Article, Evidence


@dataclass
class EntityDraft:
    """Mutable entity while an article is being read; frozen into an EntityRecord at the end."""

    key: str
    type: str
    label: str
    spans: list[Span] = field(default_factory=list)
    gazetteer_id: str | None = None
    kind: str | None = None
    parent: str | None = None
    titles: list[str] = field(default_factory=list)
    title_classes: set[str] = field(default_factory=set)
    descriptors: set[str] = field(default_factory=set)

    @property
    def texts(self) -> list[str]:
        return [s.text for s in self.spans]


@dataclass
class ArticleContext:
    doc: Doc
    article: Article
    gaz: Gazetteer = field(default_factory=load_gazetteer)
    entities: dict[str, EntityDraft] = field(default_factory=dict)
    token_entity: dict[int, str] = field(default_factory=dict)
    demonym_countries: list[tuple[str, Span]] = field(default_factory=list)
    text: str = ""

    def __post_init__(self) -> None:
        self.text = _doc_text(self.doc, self.article.text)

    def evidence(self, span: Span | Token) -> Evidence:
        if isinstance(span, Token):
            span = self.doc[span.i : span.i + 1]
        sent = span.sent
        start, end = span.start_char, span.end_char
        text = self.text  # Doc.text is rebuilt from the tokens on every access
        sent_text = text[sent.start_char : sent.end_char]
        sent_start = sent.start_char + (len(sent_text) - len(sent_text.lstrip()))
        sent_end = sent.start_char + len(sent_text.rstrip())
        return Evidence(
            self.article.id, start, end, text[start:end], sent_start, max(sent_end, end)
        )

    def entity_at(self, tok: Token) -> EntityDraft | None:
        key = self.token_entity.get(tok.i)
        return self.entities.get(key) if key else None

    def entities_in(self, toks: Span | list[Token], etype: str | None = None) -> list[EntityDraft]:
        out: list[EntityDraft] = []
        for tok in toks:
            ent = self.entity_at(tok)
            if ent and ent not in out and (etype is None or ent.type == etype):
                out.append(ent)
        return out


def noun_class(lemma: str) -> str | None:
    """``"perpetrator"``, ``"security"``, ``"civilian"`` or None for a head noun lemma."""
    lemma = lemma.lower()
    if lemma.endswith("s") and lemma[:-1] in word_set("perpetrator_nouns"):  # 'Assailants' as NNPS
        lemma = lemma[:-1]
    if lemma in word_set("perpetrator_nouns"):
        return "perpetrator"
    if lemma in word_set("security_nouns"):
        return "security"
    if lemma in word_set("civilian_nouns"):
        return "civilian"
    return None


def token_class(noun: Token) -> str | None:
    """:func:`noun_class` of a counted noun, 'members' taking the class of what they are
    members of ('members of the same family' are civilians, '… of the army' the forces)."""
    if noun.lemma_.lower() == "member":
        of = [g for c in noun.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
        group = list(of[0].subtree) if of else []
        for tok in group:
            if tok.lower_ in word_set("state_force_nouns"):
                return "security"
            if noun_class(tok.lemma_) is not None:
                return noun_class(tok.lemma_)
        if group and not any(t.ent_type_ in {"ORG", "NORP"} for t in group):
            return "civilian"
    return noun_class(noun.lemma_)


def _doc_text(doc: Doc, text: str) -> str:
    """``doc.text`` without rebuilding it from every token (a tenth of extraction time).

    :func:`incidentkg.extract.extract` takes the Doc parsed from the article's text, and such
    a Doc holds it whole: its first and last tokens sit where they do in ``text``. This only
    guards against a Doc that plainly belongs to another text (other length, other first or
    last word), which keeps its own text; it does not compare every character.
    """
    if len(doc) == 0:
        return doc.text
    first, last = doc[0], doc[-1]
    if (
        last.idx + len(last.text_with_ws) == len(text)
        and text.endswith(last.text_with_ws)
        and text.startswith(first.text, first.idx)
    ):
        return text
    return doc.text
