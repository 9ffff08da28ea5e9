"""SHACL 4.3, value range: ``sh:minInclusive``, ``sh:minExclusive``, ``sh:maxInclusive``,
``sh:maxExclusive``; a value that cannot be compared violates (as in pySHACL)."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from incidentkg.validate.sparql.model import Builder, Check, ShapeReader
from incidentkg.validate.sparql.text import sparql_term
from incidentkg.validate.sparql.unsupported import UnsupportedShapeError, short

SECTION = "4.3 Value range"

RANGES = {
    SH.minInclusive: (">=", SH.MinInclusiveConstraintComponent),
    SH.minExclusive: (">", SH.MinExclusiveConstraintComponent),
    SH.maxInclusive: ("<=", SH.MaxInclusiveConstraintComponent),
    SH.maxExclusive: ("<", SH.MaxExclusiveConstraintComponent),
}


def value_range(_c: ShapeReader, node: Node, value: Node, p: URIRef) -> list[Check]:
    op, component = RANGES[p]
    if not isinstance(value, Literal):
        raise UnsupportedShapeError(node, f"{short(p)} {value.n3()} is not a literal")
    bound = sparql_term(value, node)
    return [Check(
        component,
        f"Value is not {op} {value}",
        value=lambda _ctx, _f, v: f"!COALESCE({v} {op} {bound}, false)",
    )]  # fmt: skip


BUILDERS: dict[URIRef, Builder] = dict.fromkeys(RANGES, value_range)
