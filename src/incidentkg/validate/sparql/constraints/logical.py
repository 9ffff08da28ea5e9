"""SHACL 4.6, logical: ``sh:not``, ``sh:and``, ``sh:or``, ``sh:xone``: each combines whether
the value conforms to each member shape (a Warning or Info member always conforms)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rdflib import URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from incidentkg.validate.sparql.model import Builder, Check, ShapeReader, violates
from incidentkg.validate.sparql.text import all_of, any_of, none_of, not_exactly_one

SECTION = "4.6 Logical"

LOGICAL: dict[URIRef, tuple[Callable[[Iterable[str]], str], URIRef, str]] = {
    SH["not"]: (none_of, SH.NotConstraintComponent, "the negation of the shape"),
    SH["and"]: (any_of, SH.AndConstraintComponent, "all of the shapes"),
    SH["or"]: (all_of, SH.OrConstraintComponent, "any of the shapes"),
    SH.xone: (not_exactly_one, SH.XoneConstraintComponent, "exactly one of the shapes"),
}


def logical(c: ShapeReader, node: Node, value: Node, p: URIRef) -> list[Check]:
    """``combine`` the "violates member shape" expressions into "violates the constraint"."""
    combine, component, what = LOGICAL[p]
    members = [value] if p == SH["not"] else c.items(node, value)
    shapes = [c.shape(m) for m in members]
    return [Check(
        component,
        f"Value does not conform to {what}",
        value=lambda ctx, _f, v: combine([violates(ctx, s, v) for s in shapes]),
    )]  # fmt: skip


BUILDERS: dict[URIRef, Builder] = dict.fromkeys(LOGICAL, logical)
