"""Compiled shapes and the query being built for one: what constraint builders produce and use.

A :class:`Check` is one constraint of one shape as SPARQL tests; a :class:`Shape` holds its
checks and property shapes; a :class:`Site` is a top-level query under construction, which
checks may extend with joined subqueries. :func:`violates` and :func:`reports` say whether a
value conforms to a nested shape (``sh:or``, ``sh:node``, ...).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from incidentkg.validate.report import Severity
from incidentkg.validate.sparql.text import Ctx, any_of
from incidentkg.validate.sparql.unsupported import UnsupportedShapeError, short

PAIRWISE = 3  # "k distinct values" as k joined patterns up to this k, then by counting

ValueTest = Callable[[Ctx, str, str], str]  # (ctx, focus, value) -> "value violates"
FocusTest = Callable[[Ctx, str, str | None], str]  # (ctx, focus, path) -> "focus violates"
PairTest = Callable[[str, str, str], tuple[str, str]]  # (focus, value, other) -> triple, bad
Joined = Callable[["Site"], str | None]  # set-based flag for a top-level query, or None
# variable -> (a group binding it to each focus node, the variables of its parent focus
# nodes: a property shape of a property shape sees a value once per focus node reaching it)
Focus = Callable[[str], tuple[str, tuple[str, ...]]]


@dataclass(frozen=True)
class Check:
    """One constraint of one shape.

    ``value`` tests look at one value node, ``focus`` tests at a focus node and all its
    values (counts, ``sh:hasValue``). ``pair`` (``sh:lessThan``) gives one result per
    offending pair of values, as pySHACL does. ``joined`` computes the flag of a top-level
    query from a joined whole-store subquery instead of a per-row lookup. ``details``: the
    results of the value against that shape are reported as well (sh:node).
    """

    component: URIRef
    label: str
    value: ValueTest | None = None
    focus: FocusTest | None = None
    pair: PairTest | None = None
    joined: Joined | None = None
    join_always: bool = False  # `joined` even when looking up per focus node (big counts)
    details: Shape | None = None  # sh:node: the shape whose results are reported too


@dataclass(frozen=True)
class Shape:
    node: Node
    path: Node | None
    sparql_path: str | None
    zero_length: bool  # the path may relate a node to itself (``*``, ``?``)
    severity: Severity
    message: str | None
    deactivated: bool
    checks: tuple[Check, ...]
    properties: tuple[Shape, ...]


@dataclass(frozen=True)
class Root:
    """A shape with targets; ``classes`` includes an implicit class target."""

    shape: Shape
    classes: tuple[Node, ...]
    nodes: tuple[Node, ...]
    subjects_of: tuple[Node, ...]
    objects_of: tuple[Node, ...]


class ShapeReader(Protocol):
    """What a constraint builder may ask of the compiler."""

    sg: Graph

    def items(self, node: Node, head: Node) -> list[Node]: ...

    def shape(self, node: Node) -> Shape: ...


# (compiler, shape node, parameter value, parameter) -> the checks of that constraint
Builder = Callable[[ShapeReader, Node, Node, URIRef], list[Check]]


@dataclass
class Site:
    """A top-level query being built for one shape over a set of focus nodes.

    ``value`` is the variable of the value node (``?value``; ``?this`` for a node shape).
    With ``joins``, values come from whole-store subqueries joined on ``?this`` and checks
    may add ``OPTIONAL`` subqueries (``optional``); otherwise values are looked up per row.
    """

    ctx: Ctx
    shape: Shape
    focus: Focus
    joins: bool
    value: str = "?this"
    optionals: dict[str, tuple[str, str]] = field(default_factory=dict)

    def rows(self, this: str, v: str) -> str:
        """A pattern binding ``v`` to each value of ``this`` on the shape's path (after the
        focus nodes: a lookup, or with ``joins`` a whole-store scan to join)."""
        return self.scan(this, v) if self.joins else f"{this} {self.shape.sparql_path} {v} ."

    def scan(self, this: str, v: str) -> str:
        """A subquery of all (node, value) pairs on the path, to join on ``this``."""
        scope = self.focus(this)[0] if self.shape.zero_length else ""  # not every node
        return f"{{ SELECT {this} {v} WHERE {{ {scope} {this} {self.shape.sparql_path} {v} . }} }}"

    def optional(self, key: str, make: Callable[[str], str]) -> str:
        """Join ``OPTIONAL { make(var) }`` once per ``key``; return the variable."""
        if key not in self.optionals:
            var = self.ctx.var()
            self.optionals[key] = (var, make(var))
        return self.optionals[key][0]

    def flag(self, check: Check) -> tuple[str, str | None]:
        """The check's violation flag and the variable of its ``sh:value`` (None: none)."""
        use = check.joined is not None and (self.joins or check.join_always)
        joined = check.joined(self) if use and check.joined else None
        if check.focus is not None:
            return joined or check.focus(self.ctx, "?this", self.shape.sparql_path), None
        assert check.value is not None
        return joined or check.value(self.ctx, "?this", self.value), self.value


# --- conformance to nested shapes ------------------------------------------------------


def violates(ctx: Ctx, shape: Shape, x: str) -> str:
    """True when ``x`` does not conform to ``shape``: pySHACL with ``allow_warnings`` lets a
    shape of severity Warning or Info conform whatever its constraints say."""
    return _fails(ctx, shape, x, strict=True)


def reports(ctx: Ctx, shape: Shape, x: str) -> str:
    """True when validating ``x`` against ``shape`` gives any result (pySHACL's sh:node)."""
    return _fails(ctx, shape, x, strict=False)


def _fails(ctx: Ctx, shape: Shape, x: str, strict: bool) -> str:
    if shape.deactivated or (strict and shape.severity is not Severity.VIOLATION):
        return "false"
    path = shape.sparql_path
    terms = [c.focus(ctx, x, path) for c in shape.checks if c.focus is not None]
    if path is None:
        terms += [c.value(ctx, x, x) for c in shape.checks if c.value is not None]
        terms += [_fails(ctx, p, x, strict) for p in shape.properties]
        return any_of(terms)
    v = ctx.var()
    per_value = any_of(
        [*(c.value(ctx, x, v) for c in shape.checks if c.value is not None),
         *(_fails(ctx, p, v, strict) for p in shape.properties)]
    )  # fmt: skip
    if per_value != "false":
        terms.append(f"EXISTS {{ {x} {path} {v} . FILTER({per_value}) }}")
    return any_of(terms)


# --- parameter values --------------------------------------------------------------------


def int_param(node: Node, value: Node, p: URIRef) -> int:
    if not isinstance(value, Literal) or not isinstance(value.toPython(), int):
        raise UnsupportedShapeError(node, f"{short(p)} {value.n3()} is not an integer")
    return int(value.toPython())


def iri_param(node: Node, value: Node, p: URIRef) -> URIRef:
    if not isinstance(value, URIRef):
        raise UnsupportedShapeError(node, f"{short(p)} {value.n3()} is not an IRI")
    return value


def true(node: Node | None) -> bool:
    return isinstance(node, Literal) and node.toPython() is True
