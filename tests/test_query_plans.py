"""Every shipped SPARQL query joins on variables that are always bound on both sides.

Oxigraph hash-joins two groups on the variables that *every* solution of both binds. If the
only shared variable may be unbound on one side (it came out of an OPTIONAL, a UNION branch
or a BIND), there is no join key and Oxigraph compares every left row with every right row.
`figures` did exactly that (``OPTIONAL { ?fig ikg:evidence ?span }`` then
``OPTIONAL { GRAPH ?sg { ?span nif:anchorOf ?evidence } }``): 0.1 s on the seeds, 4 minutes
on a 1 M-quad store. No test on five articles can time that, so this one reads the plan
instead: the queries are parsed with rdflib's SPARQL algebra and every Join, LeftJoin and
Minus is checked for a key (a variable certainly bound on both sides) whenever the sides
share variables at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Variable

from incidentkg.query.run import named_queries
from incidentkg.store.local import open_store
from incidentkg.validate import sparql as validate_sparql

SRC = Path(__file__).resolve().parents[1] / "src" / "incidentkg"
SHIPPED = sorted(named_queries().values()) + sorted(SRC.rglob("*.rq"))

Bound = tuple[frozenset[Variable], frozenset[Variable]]  # (certainly bound, maybe bound)


def _vars(obj: Any) -> frozenset[Variable]:
    """Variables mentioned anywhere in a triple pattern (paths included)."""
    if isinstance(obj, Variable):
        return frozenset([obj])
    if isinstance(obj, (tuple, list)):
        return frozenset().union(*(_vars(o) for o in obj)) if obj else frozenset()
    return frozenset()


def _bound(node: Any, problems: list[str]) -> Bound:
    """Certain and possible variables of an algebra node; appends keyless joins to problems."""
    if not isinstance(node, CompValue):
        return frozenset(), frozenset()
    name = node.name
    if name == "BGP":
        found = _vars(node.triples)
        return found, found
    if name == "values":
        rows = node.res
        keys = [frozenset(k for k, v in row.items() if v != "UNDEF") for row in rows]
        maybe = frozenset().union(*keys) if keys else frozenset()
        certain = frozenset.intersection(*keys) if keys else frozenset()
        return certain, maybe
    if name == "Graph":
        certain, maybe = _bound(node.p, problems)
        term = frozenset([node.term]) if isinstance(node.term, Variable) else frozenset()
        return certain | term, maybe | term
    if name in ("Join", "LeftJoin", "Minus"):
        c1, m1 = _bound(node.p1, problems)
        c2, m2 = _bound(node.p2, problems)
        shared = m1 & m2
        if shared and not (c1 & c2):
            problems.append(f"{name} shares {sorted(map(str, shared))} but none is always bound")
        if name == "Join":
            return c1 | c2, m1 | m2
        if name == "LeftJoin":
            return c1, m1 | m2
        return c1, m1
    if name == "Union":
        c1, m1 = _bound(node.p1, problems)
        c2, m2 = _bound(node.p2, problems)
        return c1 & c2, m1 | m2
    if name == "Extend":  # BIND: an expression error leaves the variable unbound
        certain, maybe = _bound(node.p, problems)
        return certain, maybe | {node.var}
    if name == "Project":
        certain, maybe = _bound(node.p, problems)
        keep = frozenset(node.PV)
        return certain & keep, maybe & keep
    if name == "AggregateJoin":  # the outputs of GROUP BY: grouped variables, then aggregates
        certain, maybe = _bound(node.p, problems)
        group = node.p.expr if isinstance(node.p, CompValue) and node.p.expr else []
        keys = frozenset(v for v in group if isinstance(v, Variable))
        results = frozenset(a.res for a in node.A)
        return certain & keys, (maybe & keys) | results
    if "p" in node:  # Filter, ToMultiSet, OrderBy, Distinct, Slice, Group, SelectQuery…
        return _bound(node.p, problems)
    return frozenset(), frozenset()


def keyless_joins(query: str) -> list[str]:
    """The joins of ``query`` that Oxigraph can only evaluate as a cross product."""
    problems: list[str] = []
    _bound(prepareQuery(query).algebra, problems)
    return problems


def _ids() -> Iterator[str]:
    for path in SHIPPED:
        yield path.stem if path.parent.name == "queries" else str(path.relative_to(SRC))


@pytest.mark.parametrize("path", SHIPPED, ids=list(_ids()))
def test_query_plans_every_join_has_a_key(path: Path) -> None:
    """A shipped query must scale with the store: no join without an always-bound key."""
    assert keyless_joins(path.read_text(encoding="utf-8")) == []


def test_query_plans_shipped_queries_are_all_checked() -> None:
    """The named queries and the API's own queries are both in the list."""
    assert len(named_queries()) >= 10
    assert any(p.parent.name == "sparql" for p in SHIPPED)


@pytest.mark.parametrize("joins", [False, True], ids=["lookups", "joins"])
def test_query_plans_validation_queries_have_keys(
    seed_store: Path, joins: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The SHACL queries compiled for our shapes, in both modes a store's size picks."""
    monkeypatch.setattr(validate_sparql, "JOIN_ABOVE", -1 if joins else 10**9)
    queries = validate_sparql.compile_queries(open_store(seed_store))
    assert len(queries) > 20
    texts = [t for q in queries for t in (q.sparql, q.probe) if t]
    assert {t: keyless_joins(t) for t in texts if keyless_joins(t)} == {}


P = "PREFIX ex: <http://example.org/> "


@pytest.mark.parametrize(
    "query",
    [
        # the old `figures` shape: ?span is bound only by the first OPTIONAL
        P + "SELECT * { ?f ex:v ?v OPTIONAL { ?f ex:e ?span } "
        "OPTIONAL { GRAPH ?g { ?span ex:text ?t } } }",
        # a join on a variable that one UNION branch never binds
        P + "SELECT * { { ?a ex:p ?x } UNION { ?a ex:q ?y } ?x ex:r ?z }",
        # a join on a BIND result
        P + "SELECT * { ?a ex:p ?v BIND (IRI(?v) AS ?k) ?k ex:r ?z }",
        # VALUES with UNDEF in the only shared column
        P + "SELECT * { VALUES ?k { ex:a UNDEF } ?k ex:r ?z }",
        # a sub-select whose only shared output is an aggregate
        P + "SELECT * { { SELECT (SAMPLE(?x) AS ?k) { ?x ex:p ?y } } ?k ex:r ?z }",
    ],
)
def test_query_plans_keyless_join_is_reported(query: str) -> None:
    assert keyless_joins(query)


@pytest.mark.parametrize(
    "query",
    [
        # the fixed `figures` shape: the span lookup sits inside the OPTIONAL that binds it
        P + "SELECT * { ?f ex:v ?v OPTIONAL { ?f ex:e ?span GRAPH ?g { ?span ex:text ?t } } }",
        # a shared maybe-bound variable is fine beside an always-bound key
        P + "SELECT * { ?f ex:v ?v OPTIONAL { ?f ex:w ?w } OPTIONAL { ?f ex:x ?w } }",
        # grouped variables of a sub-select are always bound
        P + "SELECT * { { SELECT ?x (COUNT(*) AS ?n) { ?x ex:p ?y } GROUP BY ?x } ?x ex:r ?z }",
        # disjoint groups are a cross product by intent, not by accident
        P + "SELECT * { ?a ex:p ?b . ?c ex:q ?d }",
        P + "SELECT * { VALUES ?k { ex:a ex:b } ?k ex:r ?z }",
    ],
)
def test_query_plans_keyed_join_passes(query: str) -> None:
    assert keyless_joins(query) == []
