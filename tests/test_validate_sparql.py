"""The SPARQL-compiled SHACL validator against pySHACL, the reference implementation.

Every comparison loads data into a pyoxigraph store and checks that
``validate_store(store)`` gives the same report as pySHACL on the same quads read back
into rdflib (``store_to_dataset``): the store canonicalises some literals on the way in
(``"5"^^xsd:nonNegativeInteger`` is stored as ``"5"^^xsd:integer``), so the two engines must
see the quads the store holds. Each comparison runs twice: with whole-store joins and with
per-focus-node lookups (the two query forms the validator picks between).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.namespace import SH

from incidentkg.errors import IncidentKGError
from incidentkg.store.local import open_store, store_to_dataset
from incidentkg.validate import sparql as validate_sparql
from incidentkg.validate.pyshacl_engine import (
    ValidationReport,
    ValidationResult,
    load_shapes,
    union_graph,
    validate_graph,
)
from incidentkg.validate.sparql import UnsupportedShapeError, features, validate_store
from incidentkg.validate.sparql.constraints import BUILDERS

FIXTURES = Path(__file__).parent / "shapes"
GRAPH_A = "http://example.org/graph/a"
GRAPH_B = "http://example.org/graph/b"
PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://example.org/> .
"""

Row = tuple[str, ...]


@pytest.fixture(params=["joins", "lookups"])
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Both query forms: joins above JOIN_ABOVE focus nodes, lookups at or below it."""
    limit = -1 if request.param == "joins" else 10**9
    monkeypatch.setattr(validate_sparql, "JOIN_ABOVE", limit)
    yield request.param


def rows(report: ValidationReport) -> list[Row]:
    return sorted(_row(r) for r in report.iter_results())


def _row(r: ValidationResult) -> Row:
    fields = (r.severity, r.focus_node, r.path, r.constraint_component, r.source_shape, r.value)
    return tuple(repr(f) for f in fields)


def messages(report: ValidationReport, shapes: Graph) -> list[tuple[Row, str | None]]:
    """Messages of results whose shape has sh:message (pySHACL words its own otherwise)."""
    return sorted(
        (_row(r), r.message)
        for r in report.iter_results()
        if shapes.value(r.source_shape, SH.message) is not None
    )


def assert_same_as_pyshacl(store: ox.Store, shapes: Graph | None = None) -> ValidationReport:
    sg = load_shapes() if shapes is None else shapes
    ours = validate_store(store, sg)
    reference = validate_graph(store_to_dataset(store), sg)
    assert rows(ours) == rows(reference), ours.to_text() + "\n---\n" + reference.to_text()
    assert ours.conforms is reference.conforms
    assert messages(ours, sg) == messages(reference, sg)
    return ours


def turtle_store(data: str, graph: str = GRAPH_A, store: ox.Store | None = None) -> ox.Store:
    store = ox.Store() if store is None else store
    payload = (PREFIXES + data).encode("utf-8")
    store.load(payload, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(graph))
    return store


def fixture_store(name: str) -> ox.Store:
    store = ox.Store()
    graph = ox.NamedNode("https://w3id.org/incidentkg/graph/test")
    for part in ("base.ttl", name):
        store.load(path=str(FIXTURES / part), format=ox.RdfFormat.TURTLE, to_graph=graph)
    return store


def shapes_graph(ttl: str) -> Graph:
    return Graph().parse(data=PREFIXES + ttl, format="turtle")


# --- our shapes: fixtures and the seed store -------------------------------------------


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.ttl")))
def test_validate_sparql_fixture_same_as_pyshacl(name: str, mode: str) -> None:
    """Every shape fixture (with base.ttl, as tests/test_shapes.py validates it)."""
    assert_same_as_pyshacl(fixture_store(name))


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.ttl")))
def test_validate_sparql_fixture_same_as_pyshacl_on_parsed_turtle(name: str) -> None:
    """Where the store keeps every literal as written, we also match pySHACL on the file itself
    (the expectations of tests/shapes/expectations.yaml); elsewhere the store changed the data."""
    parsed = Graph()
    for part in ("base.ttl", name):
        parsed.parse(FIXTURES / part, format="turtle")
    store = fixture_store(name)
    if not isomorphic(parsed, union_graph(store_to_dataset(store))):
        pytest.skip("the store canonicalises a literal of this fixture (derived integer type)")
    assert rows(validate_store(store)) == rows(validate_graph(parsed))


def test_validate_sparql_seed_store_same_as_pyshacl(
    seed_store: Path, seed_dataset: rdflib.Dataset, mode: str
) -> None:
    """The seed store is real builder output: the report must equal pySHACL's (it conforms)."""
    store = open_store(seed_store)
    ours = validate_store(store)
    reference = validate_graph(seed_dataset)
    assert rows(ours) == rows(reference)
    assert ours.conforms is reference.conforms is True


@pytest.mark.parametrize(
    "name", ["event-violating-two-categories.ttl", "span-violating-negative-begin.ttl"]
)
def test_validate_sparql_threads_give_the_same_report(name: str) -> None:
    """Queries run on several threads: the joined report equals the one-thread report."""
    store = fixture_store(name)
    one = validate_store(store, jobs=1)
    assert one.results  # a violating fixture: something to compare
    assert validate_store(store, jobs=3) == one


# --- every supported constraint, on data written for these tests ------------------------

CASES: dict[str, tuple[str, str]] = {
    "counts and class targets with subclasses": (
        """
        ex:S a sh:NodeShape ; sh:targetClass ex:C ;
          sh:property [ sh:path ex:p ; sh:minCount 2 ; sh:maxCount 3 ] ,
                      [ sh:path ex:q ; sh:minCount 1 ; sh:maxCount 1 ] ,
                      [ sh:path ex:r ; sh:minCount 5 ; sh:maxCount 4 ] ;
          sh:or ( [ sh:path ex:r ; sh:minCount 5 ] [ sh:path ex:p ; sh:maxCount 3 ] ) .
        """,
        """
        ex:a a ex:C ; ex:p 1 ; ex:q 1, 2 ; ex:r 1, 2, 3, 4, 5 .
        ex:b a ex:C ; ex:p 1, 2, 3, 4 ; ex:q 1 ; ex:r 1, 2, 3, 4 .
        ex:c a ex:Sub .
        ex:d a ex:SubSub ; ex:p 1, 2 ; ex:q ex:x ; ex:r 1, 2, 3, 4, 5, 6 .
        ex:Sub rdfs:subClassOf ex:C .
        ex:SubSub rdfs:subClassOf ex:Sub .
        ex:e a ex:Other ; ex:q 1, 2 .
        """,
    ),
    "class targets and sh:class through a blank-node subclass": (
        """
        ex:S a sh:NodeShape ; sh:targetClass ex:C ;
          sh:property [ sh:path ex:p ; sh:minCount 1 ; sh:class ex:C ] .
        """,
        """
        _:k rdfs:subClassOf ex:C .
        ex:Sub rdfs:subClassOf _:k .
        ex:a a ex:C ; ex:p ex:b, ex:x .
        ex:b a _:k ; ex:p ex:c .
        ex:c a ex:Sub .
        ex:x a ex:Other .
        """,
    ),
    "value types, ranges and strings": (
        """
        ex:S a sh:NodeShape ; sh:targetClass ex:C ;
          sh:property [ sh:path ex:int ; sh:datatype xsd:integer ; sh:minInclusive 0 ;
                        sh:maxExclusive 10 ] ,
                      [ sh:path ex:dec ; sh:minExclusive 0.5 ; sh:maxInclusive 2.5 ] ,
                      [ sh:path ex:str ; sh:datatype xsd:string ; sh:minLength 2 ;
                        sh:maxLength 4 ; sh:pattern "^a" ; sh:flags "i" ] ,
                      [ sh:path ex:lang ; sh:datatype rdf:langString ;
                        sh:languageIn ( "en" "fr-CA" ) ] ,
                      [ sh:path ex:lit ; sh:datatype rdfs:Literal ] ,
                      [ sh:path ex:date ; sh:datatype xsd:date ;
                        sh:minInclusive "2020-01-01"^^xsd:date ] ,
                      [ sh:path ex:any ; sh:nodeKind sh:IRI ] ,
                      [ sh:path ex:any ; sh:nodeKind sh:BlankNode ] ,
                      [ sh:path ex:any ; sh:nodeKind sh:Literal ] ,
                      [ sh:path ex:any ; sh:nodeKind sh:BlankNodeOrIRI ] ,
                      [ sh:path ex:any ; sh:nodeKind sh:BlankNodeOrLiteral ] ,
                      [ sh:path ex:any ; sh:nodeKind sh:IRIOrLiteral ] ,
                      [ sh:path ex:in ; sh:in ( ex:x "y" 3 ) ] .
        """,
        """
        ex:a a ex:C ;
          ex:int "abc"^^xsd:integer, -1, 10, 5, "7", 2.0 ;
          ex:dec 0.5, 1, 2.5, 3, "x" ;
          ex:str "abcd", "a", "Abc", "bcd", "abcde", "ab"@en, ex:iri, _:s ;
          ex:lang "x"@en, "y"@en-GB, "z"@fr, "w"@fr-ca, "v" ;
          ex:lit ex:iri, "l", 4 ;
          ex:date "2019-05-01"^^xsd:date, "2021-01-01"^^xsd:date, "2020-13-45"^^xsd:date, "2021" ;
          ex:any ex:iri, _:b, "lit" ;
          ex:in ex:x, "y", 3, "3", ex:z, "y"@en .
        """,
    ),
    "property pairs": (
        """
        ex:S a sh:NodeShape ; sh:targetClass ex:C ;
          sh:property [ sh:path ex:lo ; sh:lessThan ex:hi ; sh:lessThanOrEquals ex:hi2 ] .
        """,
        """
        ex:a a ex:C ; ex:lo 5 ; ex:hi 3, 4, 6 ; ex:hi2 5, 4 .
        ex:b a ex:C ; ex:lo "b" ; ex:hi "a", "c", 1 ; ex:hi2 ex:iri, "b" .
        ex:c a ex:C ; ex:lo ex:m ; ex:hi ex:n, ex:a ; ex:hi2 "2020-01-01"^^xsd:date .
        ex:d a ex:C ; ex:lo 1 .
        """,
    ),
    "logical constraints and nested shapes": (
        """
        ex:Int a sh:NodeShape ; sh:datatype xsd:integer .
        ex:Small a sh:NodeShape ; sh:maxInclusive 10 .
        ex:Named a sh:NodeShape ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .
        ex:WarnNamed a sh:NodeShape ; sh:severity sh:Warning ;
          sh:property [ sh:path ex:name ; sh:minCount 1 ] .
        ex:Deep a sh:NodeShape ; sh:node ex:Named ; sh:nodeKind sh:IRI .
        ex:Off a sh:NodeShape ; sh:deactivated true ;
          sh:property [ sh:path ex:name ; sh:minCount 1 ] .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ;
          sh:property [ sh:path ex:v ; sh:or ( ex:Int [ sh:datatype xsd:string ] ) ] ,
                      [ sh:path ex:v ; sh:xone ( ex:Int ex:Small ) ] ,
                      [ sh:path ex:v ; sh:and ( ex:Int ex:Small ) ] ,
                      [ sh:path ex:v ; sh:not ex:Int ] ,
                      [ sh:path ex:friend ; sh:node ex:Named ] ,
                      [ sh:path ex:friend ; sh:or ( ex:WarnNamed ex:Int ) ] ,
                      [ sh:path ex:friend ; sh:node ex:Off ] ,
                      [ sh:path ex:friend ; sh:node ex:WarnNamed, ex:Deep ] ;
          sh:node ex:Named ;
          sh:xone ( ex:Named [ sh:path ex:age ; sh:minCount 1 ] ) ;
          sh:not [ sh:class ex:Banned ] .
        """,
        """
        ex:a a ex:C ; ex:v 5, 20, "s", 2.5 ; ex:friend ex:f1, ex:f2 ; ex:name "A" ; ex:age 3 .
        ex:b a ex:C, ex:Banned ; ex:v ex:iri .
        ex:c a ex:C ; ex:name "C" .
        ex:f1 ex:name "F" .
        """,
    ),
    "qualified value shapes": (
        """
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property ex:QA, ex:QB, ex:QC, ex:QD .
        ex:QA a sh:PropertyShape ; sh:path ex:part ; sh:qualifiedValueShape [ sh:class ex:A ] ;
          sh:qualifiedMinCount 1 ; sh:qualifiedMaxCount 1 ; sh:qualifiedValueShapesDisjoint true .
        ex:QB a sh:PropertyShape ; sh:path ex:part ; sh:qualifiedValueShape [ sh:class ex:B ] ;
          sh:qualifiedMinCount 2 ; sh:qualifiedValueShapesDisjoint true .
        ex:QC a sh:PropertyShape ; sh:path ex:part ; sh:qualifiedValueShape [ sh:class ex:B ] ;
          sh:qualifiedMinCount 4 ; sh:qualifiedMaxCount 3 .
        ex:QD a sh:PropertyShape ; sh:path ex:part ;
          sh:qualifiedValueShape [ sh:or ( [ sh:class ex:A ] [ sh:hasValue ex:p3 ] ) ] ;
          sh:qualifiedMaxCount 2 .
        """,
        """
        ex:a a ex:C ; ex:part ex:p1, ex:p2, ex:p3 .
        ex:p1 a ex:A .
        ex:p2 a ex:A, ex:B .
        ex:p3 a ex:B .
        ex:b a ex:C ; ex:part ex:p1, ex:p4, ex:p5, ex:p6, ex:p7 .
        ex:p4 a ex:B . ex:p5 a ex:B . ex:p6 a ex:B . ex:p7 a ex:B .
        ex:c a ex:C .
        """,
    ),
    "targets": (
        """
        ex:T1 a sh:NodeShape ; sh:targetNode ex:n1, ex:n2, "lit" ;
          sh:property [ sh:path ex:p ; sh:minCount 1 ] .
        ex:T2 a sh:NodeShape ; sh:targetSubjectsOf ex:knows ; sh:class ex:Person .
        ex:T3 a sh:NodeShape ; sh:targetObjectsOf ex:knows ; sh:nodeKind sh:IRI .
        ex:Person a rdfs:Class, sh:NodeShape ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .
        """,
        """
        ex:n1 ex:p 1 .
        ex:x ex:knows ex:y, _:b1, "z" .
        ex:x a ex:Person .
        ex:w ex:knows ex:x ; a ex:Student .
        ex:Student rdfs:subClassOf ex:Person .
        ex:v ex:knows ex:x .
        _:b2 a ex:Person .
        """,
    ),
    "paths": (
        """
        ex:S a sh:NodeShape ; sh:targetClass ex:C ;
          sh:property [ sh:path [ sh:inversePath ex:parent ] ; sh:minCount 1 ; sh:class ex:C ] ,
                      [ sh:path ( ex:a ex:b ) ; sh:maxCount 1 ; sh:datatype xsd:integer ] ,
                      [ sh:path [ sh:alternativePath ( ex:a [ sh:inversePath ex:b ] ) ] ;
                        sh:nodeKind sh:IRI ] ,
                      [ sh:path [ sh:zeroOrMorePath ex:parent ] ; sh:class ex:C ;
                        sh:maxCount 2 ] ,
                      [ sh:path [ sh:oneOrMorePath ex:parent ] ; sh:minCount 1 ] ,
                      [ sh:path [ sh:zeroOrMorePath ex:parent ] ; sh:minCount 4 ] ,
                      [ sh:path [ sh:zeroOrOnePath ex:parent ] ; sh:maxCount 1 ;
                        sh:hasValue ex:r ] .
        """,
        """
        ex:r a ex:C ; ex:a ex:m .
        ex:k a ex:C ; ex:parent ex:r ; ex:a ex:m2 .
        ex:g a ex:C ; ex:parent ex:k .
        ex:o ex:parent ex:g .
        ex:m ex:b 1, "x" .
        ex:m2 ex:b 2 .
        ex:lit ex:b "text" .
        """,
    ),
    "severities, messages, deactivation and shared property shapes": (
        """
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:message "node message" ;
          sh:class ex:Missing ; sh:property ex:W, ex:I, ex:M, ex:Off .
        ex:W a sh:PropertyShape ; sh:path ex:p ; sh:minCount 1 ; sh:severity sh:Warning ;
          sh:message "a warning"@en .
        ex:I a sh:PropertyShape ; sh:path ex:p ; sh:minCount 1 ; sh:severity sh:Info .
        ex:M a sh:PropertyShape ; sh:path ex:q ; sh:maxCount 0 ; sh:message "no q please" .
        ex:Off a sh:PropertyShape ; sh:path ex:p ; sh:minCount 1 ; sh:deactivated true .
        ex:Off2 a sh:NodeShape ; sh:targetClass ex:C ; sh:deactivated true ; sh:class ex:Missing .
        ex:S2 a sh:NodeShape ; sh:targetClass ex:D ; sh:property ex:M .
        """,
        """
        ex:a a ex:C, ex:D ; ex:q 1 .
        ex:b a ex:C .
        """,
    ),
    "hasValue and property shapes of property shapes": (
        """
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:hasValue ex:a ;
          sh:property [ sh:path ex:tag ; sh:hasValue "x", ex:t ] ,
                      [ sh:path ex:child ;
                        sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:datatype xsd:string ] ] .
        """,
        """
        ex:a a ex:C ; ex:tag "x" ; ex:child ex:c1, ex:c2 .
        ex:b a ex:C ; ex:tag ex:t, "y" ; ex:child ex:c1 .
        ex:c1 ex:name 3 .
        """,
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_validate_sparql_constraint_kinds_same_as_pyshacl(case: str, mode: str) -> None:
    """Each supported constraint kind, conforming and violating values, same as pySHACL."""
    shapes, data = CASES[case]
    report = assert_same_as_pyshacl(turtle_store(data), shapes_graph(shapes))
    assert report.results, "the case should produce results"


def test_validate_sparql_cases_cover_every_supported_component() -> None:
    """Each constraint kind the compiler supports must fire at least once in CASES, or the
    comparison with pySHACL never checked its violating side."""
    fired = set()
    for shapes, data in CASES.values():
        report = validate_store(turtle_store(data), shapes_graph(shapes))
        fired |= {str(r.constraint_component).removeprefix(str(SH)) for r in report.results}
    supported = {
        f"{name}ConstraintComponent"
        for name in ("MinCount", "MaxCount", "Class", "Datatype", "NodeKind", "In", "HasValue",
                     "MinInclusive", "MaxInclusive", "MinExclusive", "MaxExclusive", "Pattern",
                     "MinLength", "MaxLength", "LanguageIn", "LessThan", "LessThanOrEquals",
                     "Node", "Not", "And", "Or", "Xone", "QualifiedMinCount", "QualifiedMaxCount")
    }  # fmt: skip
    assert supported - fired == set()


def test_validate_sparql_duplicate_quads_in_two_graphs(mode: str) -> None:
    """The union of named graphs repeats a triple stored in two graphs; results must not."""
    shapes, data = CASES["counts and class targets with subclasses"]
    store = turtle_store(data, GRAPH_B, turtle_store(data, GRAPH_A))
    assert_same_as_pyshacl(store, shapes_graph(shapes))


# --- graphs= restriction -------------------------------------------------------------

RESTRICTED_SHAPES = """
ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .
"""


def test_validate_sparql_graphs_restricts_focus_nodes(mode: str) -> None:
    """An incremental build validates the graphs it changed: a violation typed in graph A is
    found when A is listed, not when only B is; values are still read from every graph."""
    store = turtle_store("ex:a a ex:C . ex:a2 a ex:C . ex:s a ex:Sub .", GRAPH_A)
    turtle_store(
        "ex:b a ex:C ; ex:p 1 . ex:a2 ex:p 2 . ex:Sub rdfs:subClassOf ex:C .", GRAPH_B, store
    )
    shapes = shapes_graph(RESTRICTED_SHAPES)
    in_a = validate_store(store, shapes, graphs={GRAPH_A})
    assert [str(r.focus_node) for r in in_a.results] == [f"http://example.org/{n}" for n in "as"]
    assert not in_a.conforms
    in_b = validate_store(store, shapes, graphs={GRAPH_B})
    assert in_b.conforms and in_b.results == ()
    assert validate_store(store, shapes, graphs=set()).results == ()
    assert rows(validate_store(store, shapes, graphs={GRAPH_A, GRAPH_B})) == rows(
        validate_store(store, shapes)
    )


# --- unsupported SHACL ---------------------------------------------------------------

UNSUPPORTED = {
    "sh:equals": "ex:S a sh:NodeShape ; sh:targetClass ex:C ; "
    "sh:property [ sh:path ex:p ; sh:equals ex:q ] .",
    "sh:sparql": 'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select "SELECT" ] .',
    "sh:closed": "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:closed true .",
    "sh:uniqueLang": "ex:S a sh:NodeShape ; sh:targetClass ex:C ; "
    "sh:property [ sh:path ex:p ; sh:uniqueLang true ] .",
    "recursive": "ex:S a sh:NodeShape ; sh:targetClass ex:C ; "
    "sh:property [ sh:path ex:p ; sh:node ex:S ] .",
    "severity": "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:severity ex:Fatal ; "
    "sh:class ex:D .",
    "sh:target": "ex:S a sh:NodeShape ; sh:target [ a ex:Target ] ; sh:class ex:D .",
}


@pytest.mark.parametrize("what", sorted(UNSUPPORTED))
def test_validate_sparql_unsupported_constraint_raises(what: str) -> None:
    """A constraint the compiler cannot translate must stop validation, naming it: skipping it
    would report a store as conforming that pySHACL rejects."""
    store = turtle_store("ex:a a ex:C ; ex:p 1 .")
    with pytest.raises(UnsupportedShapeError, match=what):
        validate_store(store, shapes_graph(UNSUPPORTED[what]))


def test_validate_sparql_unsupported_is_a_catalogued_user_error() -> None:
    """Issue 14: an unsupported shape reached users as "internal error ... This is a bug";
    it is a user error (E090) that names the shape and points to pySHACL and FEATURES.md."""
    store = turtle_store("ex:a a ex:C ; ex:p 1 .")
    with pytest.raises(IncidentKGError) as caught:
        validate_store(store, shapes_graph(UNSUPPORTED["sh:equals"]))
    assert isinstance(caught.value, UnsupportedShapeError)
    assert caught.value.code == "E090"
    assert "--engine pyshacl" in str(caught.value) and "FEATURES.md" in str(caught.value)


# --- the published feature list (validate/FEATURES.md) ------------------------------------


def test_validate_sparql_features_page_is_current() -> None:
    """FEATURES.md is written from the engine's tables; regenerate it after changing them
    (`python -m incidentkg.validate.sparql.features`)."""
    assert features.PAGE.read_text(encoding="utf-8") == features.markdown()


@pytest.mark.parametrize("param", features.unsupported(), ids=lambda p: p.fragment)
def test_validate_sparql_features_unsupported_parameters_raise(param: rdflib.URIRef) -> None:
    """Everything FEATURES.md calls unsupported is refused, never silently skipped."""
    name = str(param).removeprefix(str(SH))
    prop = f"[ sh:path ex:p ; sh:{name} 1 ]"
    shape = f"ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property {prop} ."
    with pytest.raises(UnsupportedShapeError, match=f"sh:{name}"):
        validate_store(turtle_store("ex:a a ex:C ; ex:p 1 ."), shapes_graph(shape))


def test_validate_sparql_features_every_builder_is_compared_with_pyshacl() -> None:
    """Each parameter the engine has a builder for is used by some case compared with pySHACL
    (the component list above is written by hand; this one comes from the engine)."""
    used = {p for shapes, _data in CASES.values() for p in shapes_graph(shapes).predicates()}
    assert set(BUILDERS) - used == set()
