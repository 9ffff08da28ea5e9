"""Tests for incidentkg.rdf.mint: IRIs from untrusted text are safe and deterministic."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, Literal, URIRef

from incidentkg.kb import ids
from incidentkg.rdf import mint

HOSTILE = [
    'Ali "The Knife" Raza',
    "<script>alert(1)</script>",
    'back\\slash """triple""" \n newline\r\t',
    "\u202eRTL\u200b zero\u200dwidth\ufeff",
    "لشکر طیبہ",
    "Ṭayyiba — Jaish‐e‐Muhammad",
    "",
    "x" * 500,
]
UNSAFE_IN_IRI = re.compile(r'[\s<>"{}|\\^`\u200b-\u200f\u202a-\u202e\ufeff]')


@pytest.mark.parametrize("text", HOSTILE)
def test_mint_slug_is_plain_ascii(text: str) -> None:
    """Slugs end up in IRIs and file names; only [a-z0-9-] and a bounded length are safe."""
    slug = ids.slug(text)
    assert re.fullmatch(r"([a-z0-9]+(-[a-z0-9]+)*)?", slug)
    assert len(slug) <= ids.SLUG_MAX


@pytest.mark.parametrize("text", HOSTILE)
def test_mint_iris_survive_hostile_text(text: str) -> None:
    """Article ids, keys and titles are untrusted: no character may break an IRI or N-Triples."""
    iris = [
        mint.article_iri(text),
        mint.article_graph_iri(text),
        mint.local_entity_iri(text, text),
        mint.local_event_iri(text, text),
        mint.resolved_iri(f"person/{text}"),
        mint.role_iri(text),
        mint.membership_iri(text, text, text),
        URIRef(f"https://w3id.org/incidentkg/id/{ids.slug_id('person', text)}"),
    ]
    g = Graph()
    for iri in iris:
        assert not UNSAFE_IN_IRI.search(iri), iri
        g.add((iri, URIRef("http://example.org/p"), Literal(text)))
    assert len(Graph().parse(data=g.serialize(format="nt"), format="nt")) == len(g)


def test_mint_is_deterministic_and_distinct() -> None:
    """Same key → same IRI across runs; different keys with the same slug must not collide."""
    assert ids.slug_id("person", "Ali Raza", "a") == ids.slug_id("person", "Ali Raza", "a")
    assert ids.slug_id("person", "Ali Raza", "a") != ids.slug_id("person", "Ali Raza", "b")
    assert mint.membership_iri("p", "o", "DSP") != mint.membership_iri("p", "", "DSP")
    assert mint.role_iri("D.S.P.") == URIRef("https://w3id.org/incidentkg/id/role/d-s-p")


def test_mint_article_and_span_iris_follow_mapping() -> None:
    """The mapping's example: ``000_x#2`` is quoted to ``000_x%232``; spans use ``#char=s,e``."""
    assert mint.article_iri("000_x#2") == URIRef("https://w3id.org/incidentkg/id/article/000_x%232")
    assert mint.article_graph_iri("000_x#2") == URIRef(
        "https://w3id.org/incidentkg/graph/article/000_x%232"
    )
    assert mint.span_iri("a", 3, 9) == URIRef("https://w3id.org/incidentkg/id/article/a#char=3,9")
