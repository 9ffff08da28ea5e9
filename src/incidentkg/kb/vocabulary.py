"""The vocabulary schema (``data/vocabulary.yaml``) as typed records, LinkML style.

One file lists the categories, event types, roles, figure kinds, date precisions, perpetrator
statuses, event roles and entity kinds with their labels, colours and descriptions; the
ontology, the shapes, the namespace, the RDF builder, the graph page and the docs follow from
it (see the file's header). Knows no rdflib: terms are ``ikg:`` local names.

>>> v = vocabulary()
>>> [t.term for t in v.types_of("security_operation")]
['Raid']
>>> v.category_of("Bombing").term
'Attack'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from incidentkg.errors import IncidentKGError, Msg
from incidentkg.resources import data_file

SECTIONS = (
    "categories", "event_types", "roles", "figure_kinds", "figure_qualifiers",
    "date_precisions", "perpetrator_statuses", "event_roles", "entity_kinds", "correction_kinds",
)  # fmt: skip


@dataclass(frozen=True)
class Term:
    """An entry minted in the ontology: its ``ikg:`` local name and its words."""

    term: str
    label: str
    description: str


@dataclass(frozen=True)
class Category(Term):
    name: str  # records.Category, the `category` column
    colour: str
    legend: str


@dataclass(frozen=True)
class EventType(Term):
    category: str  # a Category.name


@dataclass(frozen=True)
class Role(Term):
    record: str | None  # records.Role; None for an outcome (personKilled, personInjured)


@dataclass(frozen=True)
class FigureKind(Term):
    name: str  # records.FigureKind
    summary: tuple[str, str] | None  # the event's lowest/highest properties
    qualifier: str | None  # the event's property for how the lowest was hedged


@dataclass(frozen=True)
class DatePrecision(Term):
    name: str  # records.Precision


@dataclass(frozen=True)
class PerpetratorStatus(Term):
    name: str  # records.PerpStatus
    rank: int
    event: bool  # may be an event's ikg:perpetratorStatus (False: attributions only)


@dataclass(frozen=True)
class EventRole(Term):
    name: str  # records.EventRole


@dataclass(frozen=True)
class EntityKind(Term):
    colour: str
    legend: str
    parent: str | None  # the entity kind a subclass refines (``Organization``)
    gazetteer: tuple[str, ...]  # gazetteer kinds that give this subclass


@dataclass(frozen=True)
class CorrectionKind(Term):
    name: str  # records.CorrectionKind, the `kind` of a corrections-file entry


@dataclass(frozen=True)
class Qualifier:
    name: str  # records.Qualifier, the ikg:qualifier string
    description: str


@dataclass(frozen=True)
class Vocabulary:
    categories: tuple[Category, ...]
    event_types: tuple[EventType, ...]
    roles: tuple[Role, ...]
    figure_kinds: tuple[FigureKind, ...]
    figure_qualifiers: tuple[Qualifier, ...]
    date_precisions: tuple[DatePrecision, ...]
    perpetrator_statuses: tuple[PerpetratorStatus, ...]
    event_roles: tuple[EventRole, ...]
    #: most specific first: an organisation's kinds come before ``Organization``
    entity_kinds: tuple[EntityKind, ...]
    #: analysts' corrections (issue 18): classes under ikg:Correction
    correction_kinds: tuple[CorrectionKind, ...] = ()

    def category(self, name: str) -> Category:
        return next(c for c in self.categories if c.name == name)

    def types_of(self, category: str) -> tuple[EventType, ...]:
        return tuple(t for t in self.event_types if t.category == category)

    def category_of(self, event_type: str) -> Category:
        return self.category(next(t.category for t in self.event_types if t.term == event_type))

    @property
    def record_entity_types(self) -> tuple[EntityKind, ...]:
        """``Person``, ``Organization``, ``Place``: records.EntityType."""
        return tuple(k for k in self.entity_kinds if k.parent is None)

    @property
    def node_types(self) -> tuple[Category | EntityKind, ...]:
        """The types a resolved node is shown as, most specific first (the graph page)."""
        return (*self.categories, *self.entity_kinds)


@cache
def vocabulary(path: Path | None = None) -> Vocabulary:
    """The vocabulary schema (default: the package's); a malformed file fails with E062."""
    path = path or data_file("vocabulary.yaml")
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
        return _parse(raw)
    except (yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise IncidentKGError(Msg.E062, path=path, reason=_reason(exc)) from exc


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _reason(exc: Exception) -> str:
    return f"missing key {exc}" if isinstance(exc, KeyError) else str(exc).splitlines()[0]


def _parse(raw: Mapping[str, Any]) -> Vocabulary:
    unknown = set(raw) - set(SECTIONS)
    if unknown:
        raise ValueError(f"unknown section(s) {sorted(unknown)}; expected {list(SECTIONS)}")
    vocab = Vocabulary(
        categories=tuple(_category(k, v) for k, v in raw["categories"].items()),
        event_types=tuple(_event_type(k, v) for k, v in raw["event_types"].items()),
        roles=tuple(Role(k, v["label"], v["description"], v.get("record"))
                    for k, v in raw["roles"].items()),
        figure_kinds=tuple(_figure_kind(k, v) for k, v in raw["figure_kinds"].items()),
        figure_qualifiers=tuple(Qualifier(k, v) for k, v in raw["figure_qualifiers"].items()),
        date_precisions=tuple(DatePrecision(v["individual"], v["label"], v["description"], k)
                              for k, v in raw["date_precisions"].items()),
        perpetrator_statuses=tuple(_status(k, v) for k, v in raw["perpetrator_statuses"].items()),
        event_roles=tuple(EventRole(v["individual"], v["label"], v["description"], k)
                          for k, v in raw["event_roles"].items()),
        entity_kinds=tuple(k for n, v in raw["entity_kinds"].items() for k in _entity_kinds(n, v)),
        correction_kinds=tuple(CorrectionKind(v["class"], v["label"], v["description"], k)
                               for k, v in raw.get("correction_kinds", {}).items()),
    )  # fmt: skip
    _check(vocab)
    return vocab


def _category(name: str, v: Mapping[str, Any]) -> Category:
    label = v["label"]
    return Category(v["class"], label, v["description"], name, v["colour"], v.get("legend", label))


def _event_type(term: str, v: Mapping[str, Any]) -> EventType:
    return EventType(term, v["label"], v["description"], v["category"])


def _figure_kind(name: str, v: Mapping[str, Any]) -> FigureKind:
    summary = v.get("summary")
    pair = None if summary is None else (str(summary[0]), str(summary[1]))
    return FigureKind(v["individual"], v["label"], v["description"], name, pair, v.get("qualifier"))


def _status(name: str, v: Mapping[str, Any]) -> PerpetratorStatus:
    return PerpetratorStatus(
        v["individual"], v["label"], v["description"], name, int(v["rank"]), v.get("event", True)
    )


def _entity_kinds(term: str, v: Mapping[str, Any]) -> list[EntityKind]:
    """The kind's subclasses first, then the kind itself."""
    kinds = [
        EntityKind(sub, s["label"], s["description"], s["colour"], s.get("legend", s["label"]),
                   term, tuple(s.get("gazetteer", ())))
        for sub, s in (v.get("kinds") or {}).items()
    ]  # fmt: skip
    label = v["label"]
    own = EntityKind(term, label, v["description"], v["colour"], v.get("legend", label), None, ())
    return [*kinds, own]


def _check(vocab: Vocabulary) -> None:
    """Names unique, references resolvable: what a typo in the file would break."""
    terms = [t.term for t in minted_terms(vocab)]
    twice = sorted({t for t in terms if terms.count(t) > 1})
    if twice:
        raise ValueError(f"term(s) listed twice: {twice}")
    categories = {c.name for c in vocab.categories}
    for t in vocab.event_types:
        if t.category not in categories:
            raise ValueError(f"event type {t.term}: unknown category {t.category!r}")


def minted_terms(vocab: Vocabulary) -> list[Term]:
    """Every ontology term the vocabulary lists (classes, role properties, individuals)."""
    return [
        *vocab.categories, *vocab.event_types, *vocab.roles, *vocab.figure_kinds,
        *vocab.date_precisions, *vocab.perpetrator_statuses, *vocab.event_roles,
        *vocab.entity_kinds, *vocab.correction_kinds,
    ]  # fmt: skip
