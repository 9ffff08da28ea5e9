"""SHACL 4.2, value count: ``sh:minCount``, ``sh:maxCount`` (property shapes only).

A count up to :data:`~incidentkg.validate.sparql.model.PAIRWISE` is "k distinct values exist"
as k joined patterns; above it, or in a query that joins whole-store subqueries, values are
counted. :func:`at_least` and :func:`count_flag` also count qualified values (4.7).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from rdflib import URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from incidentkg.validate.sparql.model import (
    PAIRWISE,
    Builder,
    Check,
    ShapeReader,
    Site,
    ValueTest,
    int_param,
)
from incidentkg.validate.sparql.text import Ctx, all_of, not_

SECTION = "4.2 Cardinality"


def at_least(ctx: Ctx, k: int, focus: str, path: str | None, cond: ValueTest | None) -> str:
    """True when ``focus`` has ``k`` distinct values on ``path`` (that satisfy ``cond``)."""
    if k <= 0:
        return "true"
    if path is None:  # a node shape: the one value node is the focus node
        return (cond(ctx, focus, focus) if cond else "true") if k == 1 else "false"
    vs = [ctx.var() for _ in range(k if k <= PAIRWISE else 1)]
    triples = " ".join(f"{focus} {path} {v} ." for v in vs)
    conds = [cond(ctx, focus, v) for v in vs] if cond else []
    if k <= PAIRWISE:
        distinct = [f"!sameTerm({a}, {b})" for a, b in itertools.combinations(vs, 2)]
        return f"EXISTS {{ {triples} FILTER({all_of([*distinct, *conds])}) }}"
    # a subquery cannot see `focus`, so it counts for every node and is joined on `focus`:
    # slow per row, which is why top-level queries count with `count_flag` instead
    n = ctx.var()
    where = f"{triples} FILTER({all_of(conds)})"
    counted = (
        f"SELECT {focus} (COUNT(DISTINCT {vs[0]}) AS {n}) WHERE {{ {where} }} GROUP BY {focus}"
    )
    return f"EXISTS {{ {{ {counted} }} FILTER({n} >= {k}) }}"


def count_flag(site: Site, test: Callable[[str], str]) -> str | None:
    """``test`` applied to the number of values of each focus node, counted by a joined
    subquery (one per top-level query, shared by its checks)."""

    def make(n: str) -> str:
        v = site.ctx.var()
        where = site.scan("?this", v)
        return f"SELECT ?this (COUNT(DISTINCT {v}) AS {n}) WHERE {{ {where} }} GROUP BY ?this"

    return test(f"COALESCE({site.optional('count', make)}, 0)")


def min_count(_c: ShapeReader, node: Node, value: Node, p: URIRef) -> list[Check]:
    n = int_param(node, value, p)
    return [Check(
        SH.MinCountConstraintComponent,
        f"Less than {n} values",
        focus=lambda ctx, f, path: not_(at_least(ctx, n, f, path, None)),
        joined=lambda site: count_flag(site, lambda count: f"{count} < {n}"),
        join_always=n > PAIRWISE,
    )]  # fmt: skip


def max_count(_c: ShapeReader, node: Node, value: Node, p: URIRef) -> list[Check]:
    n = int_param(node, value, p)
    return [Check(
        SH.MaxCountConstraintComponent,
        f"More than {n} values",
        focus=lambda ctx, f, path: at_least(ctx, n + 1, f, path, None),
        joined=lambda site: count_flag(site, lambda count: f"{count} > {n}"),
        join_always=n + 1 > PAIRWISE,
    )]  # fmt: skip


BUILDERS: dict[URIRef, Builder] = {SH.minCount: min_count, SH.maxCount: max_count}
NEEDS_PATH = frozenset(BUILDERS)
