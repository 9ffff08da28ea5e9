"""SHACL 4.1, value type: ``sh:class``, ``sh:datatype``, ``sh:nodeKind``."""

from __future__ import annotations

from rdflib import RDF, RDFS, XSD, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from incidentkg.validate.sparql.model import Builder, Check, ShapeReader, Site, iri_param
from incidentkg.validate.sparql.text import XSD_STRING, iri, sparql_term
from incidentkg.validate.sparql.unsupported import UnsupportedShapeError

SECTION = "4.1 Value type"

NODE_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}
# datatypes Oxigraph can cast a string to: a failed cast means an ill-typed literal
CASTABLE = frozenset(
    XSD[t] for t in ("integer", "decimal", "float", "double", "boolean", "date", "dateTime",
                     "time", "gYear", "gYearMonth", "gMonthDay", "gDay", "gMonth", "duration",
                     "dayTimeDuration", "yearMonthDuration")
)  # fmt: skip


def class_(_c: ShapeReader, node: Node, value: Node, p: URIRef) -> list[Check]:
    cls = iri_param(node, value, p)

    def joined(site: Site) -> str:
        v = site.value

        def make(ok: str) -> str:
            return f"SELECT DISTINCT {v} (true AS {ok}) WHERE {{ {site.ctx.typed(v, [cls])} }}"

        return f"!BOUND({site.optional(f'class {cls}', make)})"

    return [Check(
        SH.ClassConstraintComponent,
        f"Value is not an instance of {cls.n3()}",
        value=lambda ctx, _f, v: f"NOT EXISTS {{ {ctx.typed(v, [cls])} }}",
        joined=joined,
    )]  # fmt: skip


def datatype(_c: ShapeReader, node: Node, value: Node, p: URIRef) -> list[Check]:
    dt_iri = iri_param(node, value, p)
    dt = sparql_term(dt_iri, node)
    if dt_iri == RDFS.Literal:
        ok = "isLiteral({v})"
    elif dt_iri == RDFS.Datatype:  # pySHACL: a literal with a datatype, not a plain string
        string = iri(XSD_STRING)
        ok = f'isLiteral({{v}}) && lang({{v}}) = "" && !sameTerm(datatype({{v}}), {string})'
    elif dt_iri == RDF.langString:
        ok = 'isLiteral({v}) && lang({v}) != ""'
    elif dt_iri in CASTABLE:  # the datatype, and a lexical form that parses as it
        ok = f"isLiteral({{v}}) && sameTerm(datatype({{v}}), {dt}) && isLiteral({dt}(STR({{v}})))"
    else:
        ok = f"isLiteral({{v}}) && sameTerm(datatype({{v}}), {dt})"
    return [Check(
        SH.DatatypeConstraintComponent,
        f"Value is not Literal with datatype {dt_iri.n3()}",
        value=lambda _ctx, _f, v: f"!COALESCE({ok.format(v=v)}, false)",
    )]  # fmt: skip


def node_kind(_c: ShapeReader, node: Node, value: Node, _p: URIRef) -> list[Check]:
    test = NODE_KINDS.get(URIRef(str(value)))
    if test is None:
        raise UnsupportedShapeError(node, f"sh:nodeKind {value.n3()} is not a node kind")
    return [Check(
        SH.NodeKindConstraintComponent,
        f"Value is not of node kind {value.n3()}",
        value=lambda _ctx, _f, v: f"!{test.format(v=v)}",
    )]  # fmt: skip


BUILDERS: dict[URIRef, Builder] = {
    SH["class"]: class_,
    SH.datatype: datatype,
    SH.nodeKind: node_kind,
}
