"""SHACL 4.7, shape-based: ``sh:node`` and ``sh:qualifiedValueShape`` (with
``sh:qualifiedMinCount``, ``sh:qualifiedMaxCount``, ``sh:qualifiedValueShapesDisjoint``).
``sh:property`` is compiled by the compiler itself, as a nested property shape."""

from __future__ import annotations

from collections.abc import Callable

from rdflib import Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from incidentkg.validate.sparql.constraints.cardinality import at_least
from incidentkg.validate.sparql.model import (
    PAIRWISE,
    Builder,
    Check,
    Joined,
    ShapeReader,
    Site,
    int_param,
    reports,
    true,
    violates,
)
from incidentkg.validate.sparql.text import Ctx, all_of, not_
from incidentkg.validate.sparql.unsupported import UnsupportedShapeError

SECTION = "4.7 Shape-based"


def node_(c: ShapeReader, node: Node, value: Node, _p: URIRef) -> list[Check]:
    """pySHACL: a value fails sh:node when the shape gives it any result, even a warning, and
    those results are reported too (as the violation's sh:detail)."""
    shape = c.shape(value)
    if shape.path is not None:
        raise UnsupportedShapeError(node, f"sh:node {value.n3()} is a property shape")
    return [Check(
        SH.NodeConstraintComponent,
        f"Value does not conform to {value.n3()}",
        value=lambda ctx, _f, v: reports(ctx, shape, v),
        details=shape,
    )]  # fmt: skip


def qualified(c: ShapeReader, node: Node, value: Node, _p: URIRef) -> list[Check]:
    """pySHACL reports a qualified minimum and maximum as two components."""
    shape = c.shape(value)
    siblings = [c.shape(s) for s in _siblings(c.sg, node, value)]

    def conforms(ctx: Ctx, _f: str, v: str) -> str:
        return all_of([not_(violates(ctx, shape, v)), *(violates(ctx, s, v) for s in siblings)])

    def joined(test: Callable[[str], str]) -> Joined:
        def flag(site: Site) -> str | None:
            if site.shape.sparql_path is None:
                return None

            def make(n: str) -> str:
                v = site.ctx.var()
                good = conforms(site.ctx, "?this", v)
                where = f"{site.focus('?this')[0]} {site.scan('?this', v)} FILTER({good})"
                return (
                    f"SELECT ?this (COUNT(DISTINCT {v}) AS {n}) WHERE {{ {where} }} GROUP BY ?this"
                )

            return test(f"COALESCE({site.optional(f'qualified {value}', make)}, 0)")

        return flag

    checks = []
    high, low = c.sg.value(node, SH.qualifiedMaxCount), c.sg.value(node, SH.qualifiedMinCount)
    if high is not None:
        n_max = int_param(node, high, SH.qualifiedMaxCount)
        checks.append(Check(
            SH.QualifiedMaxCountConstraintComponent,
            f"More than {n_max} values conform to {value.n3()}",
            focus=lambda ctx, f, path: at_least(ctx, n_max + 1, f, path, conforms),
            joined=joined(lambda count: f"{count} > {n_max}"),
            join_always=n_max + 1 > PAIRWISE,
        ))  # fmt: skip
    if low is not None:
        n_min = int_param(node, low, SH.qualifiedMinCount)
        checks.append(Check(
            SH.QualifiedMinCountConstraintComponent,
            f"Less than {n_min} values conform to {value.n3()}",
            focus=lambda ctx, f, path: not_(at_least(ctx, n_min, f, path, conforms)),
            joined=joined(lambda count: f"{count} < {n_min}"),
            join_always=n_min > PAIRWISE,
        ))  # fmt: skip
    return checks


def _siblings(sg: Graph, node: Node, value: Node) -> list[Node]:
    """SHACL's sibling shapes, when ``sh:qualifiedValueShapesDisjoint`` is true."""
    if not true(sg.value(node, SH.qualifiedValueShapesDisjoint)):
        return []
    found = {
        q
        for parent in sg.subjects(SH.property, node)
        for prop in sg.objects(parent, SH.property)
        for q in sg.objects(prop, SH.qualifiedValueShape)
        if q != value
    }
    return sorted(found, key=str)


BUILDERS: dict[URIRef, Builder] = {SH.node: node_, SH.qualifiedValueShape: qualified}
READS = frozenset(
    {SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint}
)
