"""SHACL 4.4, string-based: ``sh:minLength``, ``sh:maxLength``, ``sh:pattern`` (with
``sh:flags``), ``sh:languageIn``. A blank node fails every length and pattern check."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from incidentkg.validate.sparql.model import Builder, Check, ShapeReader, int_param
from incidentkg.validate.sparql.text import Ctx, sparql_term
from incidentkg.validate.sparql.unsupported import short

SECTION = "4.4 String-based"


def string(c: ShapeReader, node: Node, value: Node, p: URIRef) -> list[Check]:
    if p == SH.pattern:
        flags = c.sg.value(node, SH.flags)
        args = [sparql_term(Literal(str(x)), node) for x in (value, flags) if x is not None]
        ok, component = f"REGEX(STR({{v}}), {', '.join(args)})", SH.PatternConstraintComponent
    elif p == SH.minLength:
        ok, component = (
            f"STRLEN(STR({{v}})) >= {int_param(node, value, p)}",
            SH.MinLengthConstraintComponent,
        )
    else:
        ok, component = (
            f"STRLEN(STR({{v}})) <= {int_param(node, value, p)}",
            SH.MaxLengthConstraintComponent,
        )
    return [Check(
        component,
        f"Value does not match {short(p)} {value}",
        value=lambda _ctx, _f, v: f"isBlank({v}) || !COALESCE({ok.format(v=v)}, false)",
    )]  # fmt: skip


def language_in(c: ShapeReader, node: Node, value: Node, _p: URIRef) -> list[Check]:
    """pySHACL's rule: the tag, or its first subtag, is listed (case-insensitively); ``*`` any."""
    tags = {str(t).lower() for t in c.items(node, value)}
    listed = ", ".join(sparql_term(Literal(t), node) for t in sorted(tags))

    def test(_ctx: Ctx, _f: str, v: str) -> str:
        if "*" in tags:
            return f'!COALESCE(lang({v}) != "", false)'
        tag, first = f"LCASE(lang({v}))", f'LCASE(STRBEFORE(lang({v}), "-"))'
        ok = f'lang({v}) != "" && ({tag} IN ({listed}) || {first} IN ({listed}))'
        return f"!COALESCE({ok}, false)"

    return [Check(
        SH.LanguageInConstraintComponent, "Language is not in the allowed list", value=test
    )]  # fmt: skip


BUILDERS: dict[URIRef, Builder] = {
    **dict.fromkeys((SH.pattern, SH.minLength, SH.maxLength), string),
    SH.languageIn: language_in,
}
#: parameters read together with a constraint's own (not constraints by themselves)
READS = frozenset({SH.flags})
