"""The ontology file and the closed IKG namespace must list the same terms."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.term import Node

from incidentkg.rdf import to_dataset
from incidentkg.rdf.namespace import IKG
from incidentkg.resources import resource_dir
from incidentkg.validate.pyshacl_engine import load_shapes
from test_rdf_build import article_a, article_b, resolution

ONTOLOGY_IRI = URIRef("https://w3id.org/incidentkg/ontology")
NS = str(IKG._NS)
#: rdf:Property: ikg:machineValue and ikg:correctedValue take a literal or an IRI
DECLARATIONS = (
    OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual, RDF.Property
)  # fmt: skip


def load_ontology() -> Graph:
    return Graph().parse(resource_dir("ontology") / "incidentkg.ttl", format="turtle")


def declared_terms(g: Graph) -> set[str]:
    return {
        str(s).removeprefix(NS)
        for kind in DECLARATIONS
        for s in g.subjects(RDF.type, kind)
        if str(s).startswith(NS)
    }


def test_ontology_parses_with_header() -> None:
    """Tools (Protégé, ODK, w3id) need the owl:Ontology header with version and label."""
    g = load_ontology()
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in g
    for prop in (OWL.versionInfo, RDFS.label, RDFS.comment):
        assert g.value(ONTOLOGY_IRI, prop) is not None


def test_ontology_matches_namespace() -> None:
    """A term used in Python but not declared (or the reverse) means code and ontology drifted."""
    assert declared_terms(load_ontology()) == set(IKG.__annotations__)


def test_ontology_terms_have_label_and_comment() -> None:
    """Every minted term must explain itself; reused terms need no restating."""
    g = load_ontology()
    for name in declared_terms(g):
        term = URIRef(NS + name)
        assert g.value(term, RDFS.label) is not None, name
        assert g.value(term, RDFS.comment) is not None, name


def ikg_terms(triples: Iterable[tuple[Node, Node, Node]]) -> set[str]:
    return {str(t).removeprefix(NS) for triple in triples for t in triple if str(t).startswith(NS)}


def test_ontology_every_used_term_is_declared() -> None:
    """Anything in the ikg: namespace that the builder or the shapes use must be declared."""
    a, b = article_a(), article_b()
    built = to_dataset([a, b], resolution(a, b))
    used = ikg_terms((s, p, o) for s, p, o, _g in built.quads((None, None, None, None)))
    used |= ikg_terms(load_shapes())
    assert used - declared_terms(load_ontology()) == set()
