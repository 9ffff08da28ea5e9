"""SHACL 4.8, other constraints: ``sh:in``, ``sh:hasValue`` (``sh:closed`` is not supported)."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from incidentkg.validate.sparql.model import Builder, Check, ShapeReader, Site
from incidentkg.validate.sparql.text import Ctx, none_of, sparql_term

SECTION = "4.8 Other"


def in_(c: ShapeReader, node: Node, value: Node, _p: URIRef) -> list[Check]:
    members = [sparql_term(m, node) for m in c.items(node, value)]
    return [Check(
        SH.InConstraintComponent,
        "Value is not in the list of allowed values",
        value=lambda _ctx, _f, v: none_of(f"sameTerm({v}, {m})" for m in members),
    )]  # fmt: skip


def has_value(_c: ShapeReader, node: Node, value: Node, _p: URIRef) -> list[Check]:
    term = sparql_term(value, node)

    def focus(ctx: Ctx, f: str, path: str | None) -> str:
        if path is None:
            return f"!sameTerm({f}, {term})"
        return f"NOT EXISTS {{ {f} {path} {term} . }}"

    def joined(site: Site) -> str | None:
        if site.shape.sparql_path is None:
            return None
        v = site.ctx.var()

        def make(ok: str) -> str:
            where = f"{site.scan('?this', v)} FILTER(sameTerm({v}, {term}))"
            return f"SELECT DISTINCT ?this (true AS {ok}) WHERE {{ {where} }}"

        return f"!BOUND({site.optional(f'has {term}', make)})"

    return [Check(
        SH.HasValueConstraintComponent, f"Missing value {term}", focus=focus, joined=joined
    )]  # fmt: skip


BUILDERS: dict[URIRef, Builder] = {SH["in"]: in_, SH.hasValue: has_value}
