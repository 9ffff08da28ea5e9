"""Compiled shapes → SELECT queries: one per shape for its focus-node checks, one per property
shape for its value checks, one flag column per check.

For many focus nodes the queries join whole-store subqueries (Oxigraph hash-joins them; a
per-row ``EXISTS`` lookup is several times slower), for few they look values up per focus node
(cheap when an incremental build validates one article).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass

from incidentkg.validate.sparql.model import Check, Focus, Root, Shape, Site, ValueTest
from incidentkg.validate.sparql.text import Ctx, iri, sparql_term


@dataclass(frozen=True)
class Query:
    """One SELECT: ``?this``, maybe ``?value``, and a flag ``?cI`` for each check ``I``.

    ``probe``, when set, is a cheaper ASK without the focus nodes: when it is false the
    query has no rows and is not run.
    """

    sparql: str
    shape: Shape
    checks: tuple[Check, ...]
    values: tuple[str | None, ...]  # variable of each check's sh:value
    probe: str | None = None


def _flag_query(site: Site, checks: Sequence[Check]) -> Iterator[Query]:
    """The checks of one shape in one pass over its focus nodes (or over their values)."""
    if not checks:
        return
    flags = [site.flag(c) for c in checks]  # first: they register the OPTIONAL joins
    where = [site.rows("?this", "?value")] if site.value == "?value" else []
    where += [f"OPTIONAL {{ {sub} }}" for _var, sub in site.optionals.values()]
    where += [f"BIND(COALESCE({expr}, false) AS ?c{i})" for i, (expr, _v) in enumerate(flags)]
    where.append(f"FILTER({' || '.join(f'?c{i}' for i in range(len(flags)))})")
    head = ["?this", *(["?value"] if site.value == "?value" else [])]
    head += [f"?c{i}" for i in range(len(flags))]
    values = tuple(None if v is None else v.removeprefix("?") for _e, v in flags)
    sparql, probe = _select(site, head, where)
    yield Query(sparql, site.shape, tuple(checks), values, probe)


def _select(site: Site, head: Sequence[str], where: Sequence[str]) -> tuple[str, str | None]:
    """``where`` joined with the focus nodes, and a probe query if there is a cheap one.

    Value rows scanned from the whole store are filtered first, then joined with the focus
    nodes (violations are rare, so that join is small), and the filter alone is the probe.
    """
    focus, chain = site.focus("?this")
    columns, body = " ".join(head), "\n  ".join(where)
    distinct = " ".join([*head, *chain])  # one row per chain of parent focus nodes too
    if site.joins and site.value == "?value" and not site.shape.zero_length:
        inner = f"{{ SELECT {columns} WHERE {{\n  {body}\n  }} }}"
        probe = f"ASK {{\n  {body}\n}}"
        return f"SELECT DISTINCT {distinct} WHERE {{\n  {inner}\n  {focus}\n}}", probe
    return f"SELECT DISTINCT {distinct} WHERE {{\n  {focus}\n  {body}\n}}", None


def _pair_query(site: Site, check: Check) -> Query:
    """One row per offending (value, other value) pair, like pySHACL's sh:lessThan."""
    assert check.pair is not None
    triple, bad = check.pair("?this", "?value", "?other")
    other = f"{{ SELECT ?this ?other WHERE {{ {triple} }} }}" if site.joins else triple
    where = [site.rows("?this", "?value"), other, f"FILTER({bad})", "BIND(true AS ?c0)"]
    sparql, probe = _select(site, ["?this", "?value", "?other", "?c0"], where)
    return Query(sparql, site.shape, (check,), ("value",), probe)


def shape_queries(ctx: Ctx, shape: Shape, focus: Focus, joins: bool) -> Iterator[Query]:
    """The queries reporting ``shape``'s results (and its ``sh:property`` shapes')."""
    if shape.deactivated:
        return
    if shape.sparql_path is None:
        yield from _flag_query(Site(ctx, shape, focus, joins), shape.checks)
    else:
        on_focus = [c for c in shape.checks if c.focus is not None]
        on_value = [c for c in shape.checks if c.value is not None and c.pair is None]
        yield from _flag_query(Site(ctx, shape, focus, joins), on_focus)
        yield from _flag_query(Site(ctx, shape, focus, joins, "?value"), on_value)
        for check in shape.checks:
            if check.pair is not None:
                yield _pair_query(Site(ctx, shape, focus, joins, "?value"), check)
    site = Site(ctx, shape, focus, joins)
    for prop in shape.properties:
        yield from shape_queries(ctx, prop, _value_focus(site, None), joins)
    for check in shape.checks:
        if check.details is not None and check.value is not None:
            yield from shape_queries(ctx, check.details, _value_focus(site, check.value), joins)


def _value_focus(site: Site, only: ValueTest | None) -> Focus:
    """The shape's value nodes (those where ``only`` is true) as the focus of a nested shape:
    pySHACL validates them once per (focus node, value node)."""

    def pattern(x: str) -> tuple[str, tuple[str, ...]]:
        if site.shape.sparql_path is None:
            where, chain = site.focus(x)
            f = x
        else:
            f = site.ctx.var()
            focus, parents = site.focus(f)
            where, chain = f"{focus} {site.rows(f, x)}", (*parents, f)
        if only is not None:
            where += f" FILTER({only(site.ctx, f, x)})"
        return f"{{ SELECT DISTINCT {' '.join((*chain, x))} WHERE {{ {where} }} }}", chain

    return pattern


def _in_graphs(ctx: Ctx, triple: str, graphs: Collection[str] | None) -> str:
    if graphs is None:
        return triple
    g = ctx.var()
    names = " ".join(map(iri, sorted(graphs)))
    return f"VALUES {g} {{ {names} }} GRAPH {g} {{ {triple} }}"


def root_focus(
    ctx: Ctx, root: Root, graphs: Collection[str] | None, nodes: Collection[str] | None = None
) -> Focus:
    """Focus nodes of ``root``; with ``graphs``, those typed (or targeted) in one of them;
    with ``nodes`` (IRIs), only those among them."""
    shape = root.shape.node
    only = "" if nodes is None else f"VALUES ?only {{ {' '.join(map(iri, sorted(nodes)))} }}"

    def branches(x: str) -> Iterator[str]:
        if root.classes and graphs is None:
            yield ctx.typed(x, root.classes)
        elif root.classes:  # the rdf:type triple in one of `graphs`
            t = ctx.var()
            yield f"{ctx.is_class(t, root.classes)} {_in_graphs(ctx, f'{x} a {t} .', graphs)}"
        for node in root.nodes:
            here = _in_graphs(ctx, f"{x} {ctx.var()} {ctx.var()} .", graphs)
            scope = "" if graphs is None else f" FILTER EXISTS {{ {here} }}"
            yield f"VALUES {x} {{ {sparql_term(node, shape)} }}{scope}"
        for p in root.subjects_of:
            yield _in_graphs(ctx, f"{x} {sparql_term(p, shape)} {ctx.var()} .", graphs)
        for p in root.objects_of:
            yield _in_graphs(ctx, f"{ctx.var()} {sparql_term(p, shape)} {x} .", graphs)

    def pattern(x: str) -> tuple[str, tuple[str, ...]]:
        union = " UNION ".join(f"{{ {b} }}" for b in branches(x))
        if only:  # the given nodes first: each branch then looks them up
            union = f"{only.replace('?only', x)} {{ {union} }}"
        return f"{{ SELECT DISTINCT {x} WHERE {{ {union} }} }}", ()

    return pattern
