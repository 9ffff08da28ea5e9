"""SHACL 4.5, property pairs: ``sh:lessThan``, ``sh:lessThanOrEquals`` (property shapes only).

One result per offending pair of values, as pySHACL gives; IRIs and strings compare as
plain strings (pySHACL's rule).
"""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from incidentkg.validate.sparql.model import Builder, Check, ShapeReader, iri_param
from incidentkg.validate.sparql.text import XSD_STRING, Ctx, iri, sparql_term

SECTION = "4.5 Property pair"

PAIRS = {
    SH.lessThan: ("<", SH.LessThanConstraintComponent),
    SH.lessThanOrEquals: ("<=", SH.LessThanOrEqualsConstraintComponent),
}


def _comparable(v: str) -> str:
    """pySHACL's sh:lessThan compares IRIs and (language-tagged) strings as plain strings."""
    string = f'lang({v}) != "" || sameTerm(datatype({v}), {iri(XSD_STRING)})'
    return f"IF(isIRI({v}) || (isLiteral({v}) && ({string})), STR({v}), {v})"


def pair(_c: ShapeReader, node: Node, value: Node, p: URIRef) -> list[Check]:
    op, component = PAIRS[p]
    other = sparql_term(iri_param(node, value, p), node)

    def pair_test(f: str, v: str, w: str) -> tuple[str, str]:
        return f"{f} {other} {w} .", f"!COALESCE({_comparable(v)} {op} {_comparable(w)}, false)"

    def test(ctx: Ctx, f: str, v: str) -> str:
        triple, bad = pair_test(f, v, ctx.var())
        return f"EXISTS {{ {triple} FILTER({bad}) }}"

    return [Check(component, f"Value is not {op} value of {other}", value=test, pair=pair_test)]


BUILDERS: dict[URIRef, Builder] = dict.fromkeys(PAIRS, pair)
NEEDS_PATH = frozenset(BUILDERS)
