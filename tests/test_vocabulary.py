"""The vocabulary schema (data/vocabulary.yaml) against every place that lists its terms.

Issue 14: a new event type touched about ten files kept in sync by hand. Now the schema is the
one list; what follows from it is generated (``python -m incidentkg.kb.generate``) or read at
run time, and these tests fail on any drift. Expectations come from the schema, so adding a
line there (and regenerating) is what makes them pass.
"""

from __future__ import annotations

import json
import re
import typing
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from incidentkg import records
from incidentkg.errors import IncidentKGError
from incidentkg.kb import generate
from incidentkg.kb.vocabulary import Vocabulary, minted_terms, vocabulary
from incidentkg.rdf.namespace import IKG, IKG_SHAPES, SEM
from incidentkg.resources import DATA_DIR, PACKAGE_DIR, read_jsonl, resource_dir
from incidentkg.store import local

V = vocabulary()
REPO = Path(__file__).resolve().parents[1]


def ikg(term: str) -> URIRef:
    return URIRef(str(IKG._NS) + term)


def local_names(nodes: typing.Iterable[object]) -> list[str]:
    return [str(n).removeprefix(str(IKG._NS)) for n in nodes]


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(resource_dir("ontology") / "incidentkg.ttl", format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(resource_dir("shapes") / "incidentkg.shacl.ttl", format="turtle")


# --- generated files -------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(generate.generated(REPO)), ids=lambda p: p.name)
def test_vocabulary_generated_files_are_current(path: Path) -> None:
    """The ontology's event classes, the shapes' event-type lists, the namespace and the docs
    tables are what the generator writes from the schema (run it after editing the schema)."""
    expected = generate.generated(REPO)[path]
    assert path.read_text(encoding="utf-8") == expected, (
        f"{path.relative_to(REPO)} is stale: run `python -m incidentkg.kb.generate`"
    )


def test_vocabulary_new_event_type_is_one_schema_line(tmp_path: Path) -> None:
    """Adding an event type is one line in the schema: the generator puts it into the
    ontology, both shape lists, the namespace and the docs."""
    schema = (DATA_DIR / "vocabulary.yaml").read_text(encoding="utf-8")
    line = "  Bombing: {category: attack"
    extra = '  Stabbing: {category: attack, label: stabbing, description: "With knives."}\n'
    path = tmp_path / "vocabulary.yaml"
    path.write_text(schema.replace(line, extra + line, 1), encoding="utf-8")
    texts = generate.generated(REPO, vocabulary(path))
    ontology = Graph().parse(data=texts[REPO / "ontology" / "incidentkg.ttl"], format="turtle")
    assert (ikg("Stabbing"), RDFS.subClassOf, ikg("Attack")) in ontology
    shapes = Graph().parse(data=texts[REPO / "shapes" / "incidentkg.shacl.ttl"], format="turtle")
    assert "Stabbing" in local_names(shapes.objects(IKG_SHAPES.AttackTypeShape, SH.targetClass))
    assert "Stabbing" in _qualified_in(shapes, "Event-type")
    assert "    Stabbing: URIRef" in texts[PACKAGE_DIR / "rdf" / "namespace.py"]
    docs = texts[REPO / "docs" / "rdf-mapping.md"]
    assert "| `Stabbing` | `ikg:Stabbing` | `ikg:Attack` | With knives. |" in docs


def test_vocabulary_malformed_schema_is_a_catalogued_error(tmp_path: Path) -> None:
    """A typo in the schema names the file and what is wrong (E062), not a KeyError."""
    schema = (DATA_DIR / "vocabulary.yaml").read_text(encoding="utf-8")
    path = tmp_path / "vocabulary.yaml"
    path.write_text(schema.replace("Raid: {category: security_operation", "Raid: {category: raid"))
    with pytest.raises(IncidentKGError, match=r"E062.*Raid: unknown category 'raid'"):
        vocabulary(path)


# --- the ontology ------------------------------------------------------------------------


def test_vocabulary_terms_in_ontology_with_its_words(ontology: Graph) -> None:
    """Every schema term is declared with the schema's label and description."""
    for term in minted_terms(V):
        node = ikg(term.term)
        assert ontology.value(node, RDFS.label) == Literal(term.label, lang="en"), term.term
        assert ontology.value(node, RDFS.comment) == Literal(term.description, lang="en"), term
        assert term.term in IKG.__annotations__, f"{term.term} missing from rdf/namespace.py"


def _direct_subclasses(ontology: Graph, parent: str) -> set[str]:
    return set(local_names(ontology.subjects(RDFS.subClassOf, ikg(parent))))


def test_vocabulary_class_tree_matches_ontology(ontology: Graph) -> None:
    """Categories under ikg:Event, event types under their category, organisation kinds under
    ikg:Organization: no more and no fewer classes than the schema lists."""
    assert _direct_subclasses(ontology, "Event") == {c.term for c in V.categories}
    for c in V.categories:
        assert _direct_subclasses(ontology, c.term) == {t.term for t in V.types_of(c.name)}
    for kind in V.record_entity_types:
        assert (ikg(kind.term), RDF.type, OWL.Class) in ontology
        subs = {k.term for k in V.entity_kinds if k.parent == kind.term}
        assert _direct_subclasses(ontology, kind.term) == subs


def test_vocabulary_roles_match_ontology(ontology: Graph) -> None:
    """The roles are exactly the ikg: properties under sem:hasActor."""
    found = {p for p in local_names(ontology.subjects(RDFS.subPropertyOf, SEM.hasActor))}
    assert found == {r.term for r in V.roles}
    for r in V.roles:
        assert (ikg(r.term), RDF.type, OWL.ObjectProperty) in ontology


def _one_of(ontology: Graph, cls: str) -> list[str]:
    return local_names(Collection(ontology, ontology.value(ikg(cls), OWL.oneOf)))


def test_vocabulary_value_sets_match_ontology(ontology: Graph) -> None:
    """Figure kinds, date precisions, perpetrator statuses and event roles are the owl:oneOf
    members of their value-set class, in the schema's order; summaries and qualifier
    properties are declared properties."""
    sets = {"FigureKind": V.figure_kinds, "DatePrecision": V.date_precisions,
            "PerpetratorStatus": V.perpetrator_statuses, "EventRole": V.event_roles}  # fmt: skip
    for cls, members in sets.items():
        assert _one_of(ontology, cls) == [m.term for m in members]
        for m in members:
            assert (ikg(m.term), RDF.type, ikg(cls)) in ontology
    for f in V.figure_kinds:
        for prop in (*(f.summary or ()), *([f.qualifier] if f.qualifier else [])):
            assert (ikg(prop), RDF.type, OWL.DatatypeProperty) in ontology
            assert prop in IKG.__annotations__, f"{prop} missing from rdf/namespace.py"
    assert (ikg("eventRole"), RDFS.range, ikg("EventRole")) in ontology


# --- the shapes ----------------------------------------------------------------------------


def _in(shapes: Graph, node: object) -> list[str]:
    head = shapes.value(node, SH["in"])  # type: ignore[arg-type]
    return [str(x) if isinstance(x, Literal) else local_names([x])[0]
            for x in Collection(shapes, head)]  # fmt: skip


def _qualified_in(shapes: Graph, shape: str) -> list[str]:
    return _in(shapes, shapes.value(IKG_SHAPES[shape], SH.qualifiedValueShape))


def test_vocabulary_shape_lists_match(shapes: Graph) -> None:
    """Every sh:in list and type-shape target in the shapes is the schema's list."""
    assert _qualified_in(shapes, "Event-category") == [c.term for c in V.categories]
    assert _qualified_in(shapes, "Event-type") == [t.term for t in V.event_types]
    for c in V.categories:
        targets = shapes.objects(IKG_SHAPES[f"{c.term}TypeShape"], SH.targetClass)
        assert set(local_names(targets)) == {t.term for t in V.types_of(c.name)}
        check = shapes.value(IKG_SHAPES[f"{c.term}Type-category"], SH.hasValue)
        assert check == ikg(c.term)
    expected = {
        "Event-datePrecision": {p.term for p in V.date_precisions},
        "Event-perpetratorStatus": {s.term for s in V.perpetrator_statuses if s.event},
        "Attribution-status": {s.term for s in V.perpetrator_statuses},
        "Figure-kind": {f.term for f in V.figure_kinds},
        "Figure-qualifier": {q.name for q in V.figure_qualifiers},
        "Event-role": {r.term for r in V.event_roles},
        "Event-qualifier": {q.name for q in V.figure_qualifiers if q.name != "exact"},
    }
    for shape, terms in expected.items():
        assert set(_in(shapes, IKG_SHAPES[shape])) == terms, shape
    role_path = shapes.value(IKG_SHAPES["Event-role"], SH.path)
    assert local_names([role_path]) == ["eventRole"]
    path = shapes.value(IKG_SHAPES["Event-qualifier"], SH.path)
    alternatives = Collection(shapes, shapes.value(path, SH.alternativePath))
    assert local_names(alternatives) == [f.qualifier for f in V.figure_kinds if f.qualifier]


# --- records, queries, context, patterns, graph page ------------------------------------


def test_vocabulary_records_literals_match() -> None:
    """The records' Literal types list the schema's names (records import nothing of ours)."""
    names = {
        records.Category: [c.name for c in V.categories],
        records.EntityType: [k.term for k in V.record_entity_types],
        records.FigureKind: [f.name for f in V.figure_kinds],
        records.Qualifier: [q.name for q in V.figure_qualifiers],
        records.Precision: [p.name for p in V.date_precisions],
        records.PerpStatus: [s.name for s in V.perpetrator_statuses],
        records.EventRole: [r.name for r in V.event_roles],
        records.Role: [r.record for r in V.roles if r.record],
    }
    for literal, expected in names.items():
        assert set(typing.get_args(literal)) == set(expected), expected
    assert {s.name: s.rank for s in V.perpetrator_statuses} == records.PERP_STATUS_RANK


def _values(sparql: str, head: str) -> list[tuple[str, ...]]:
    block = re.search(rf"VALUES {re.escape(head)} \{{([^}}]*)\}}", sparql)
    assert block is not None, head
    return re.findall(r'ikg:(\w+)(?: "(\w+)")?', block.group(1))


def test_vocabulary_query_values_match() -> None:
    """The named queries and the stats query name every category and entity type."""
    queries = resource_dir("queries")
    categories = [(c.term, c.name) for c in V.categories]
    events = (queries / "events.rq").read_text(encoding="utf-8")
    assert _values(events, "(?cat_cls ?category)") == categories
    not_in = re.search(r"\?type_cls NOT IN \(([^)]*)\)", events)
    assert not_in is not None
    assert re.findall(r"ikg:(\w+)", not_in.group(1)) == ["Event", *(c.term for c in V.categories)]
    violation = (queries / "attack-without-category-violation.rq").read_text(encoding="utf-8")
    assert [t for t, _ in _values(violation, "?cat")] == [c.term for c in V.categories]
    assert _values(local._EVENTS_BY_CATEGORY, "(?cls ?cat)") == categories
    entity_types = [(k.term, k.term) for k in V.record_entity_types]
    assert _values(local._ENTITIES_BY_TYPE, "(?cls ?type)") == entity_types


def test_vocabulary_roles_in_jsonld_context() -> None:
    """Each role has a JSON-LD term, so web developers see every role by name."""
    path = resource_dir("ontology") / "incidentkg.context.jsonld"
    context = json.loads(path.read_text(encoding="utf-8"))["@context"]
    for r in V.roles:
        assert context[r.term]["@id"] == f"ikg:{r.term}"


def test_vocabulary_trigger_patterns_match() -> None:
    """Every trigger pattern names a schema event type with its category (or the category's
    generic class), and every event type has a pattern: a type without one never occurs."""
    allowed = {(t.term, t.category) for t in V.event_types}
    allowed |= {(c.term, c.name) for c in V.categories}
    found = {(p["event_type"], p["category"])
             for p in read_jsonl(DATA_DIR / "patterns" / "event_triggers.jsonl")}  # fmt: skip
    assert found - allowed == set()
    assert {t.term for t in V.event_types} - {t for t, _ in found} == set()


def test_vocabulary_graph_page_roles_match() -> None:
    """The graph page draws role edges by the schema's role properties."""
    script = (PACKAGE_DIR / "viz" / "assets" / "page.js").read_text(encoding="utf-8")
    listed = re.search(r"const ROLE = new Set\(\[([^\]]*)\]\)", script)
    assert listed is not None
    assert set(re.findall(r'"(\w+)"', listed.group(1))) == {r.term for r in V.roles}


def test_vocabulary_viz_palette_covers_node_types() -> None:
    """Every node type has a colour and a legend name, and only those (plus the fallback)."""
    from incidentkg.viz.style import OTHER, TYPE_COLOURS, TYPE_NAMES

    types = [t.term for t in V.node_types]
    assert list(TYPE_COLOURS) == list(TYPE_NAMES) == [*types, OTHER]


def test_vocabulary_loads_once() -> None:
    """The schema is read once per process: the RDF builder and the API look it up at import."""
    assert vocabulary() is vocabulary()
    assert isinstance(V, Vocabulary)
