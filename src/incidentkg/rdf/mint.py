"""Deterministic IRIs: the same records always give the same IRIs.

Untrusted text (labels, titles, article ids) reaches an IRI only through
:func:`slug` (ASCII ``[a-z0-9-]``) or :func:`quote` (percent-encoding), so quotes,
angle brackets, backslashes, newlines and bidi/zero-width marks cannot break one.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote as _quote

from rdflib import URIRef

from incidentkg.kb.ids import hash8, quote, slug
from incidentkg.rdf.namespace import GRAPH, ID

RESOLVED_GRAPH = URIRef(f"{GRAPH}resolved")
CORRECTIONS_GRAPH = URIRef(f"{GRAPH}corrections")  # analysts' corrections (issue 18)


@lru_cache(maxsize=1 << 14)  # asked for by every span and evidence link of the article
def article_iri(article_id: str) -> URIRef:
    """``.../id/article/{qid}``."""
    return URIRef(f"{ID}article/{quote(article_id)}")


def article_graph_iri(article_id: str) -> URIRef:
    """The named graph holding one article's node, spans and local records."""
    return URIRef(f"{GRAPH}article/{quote(article_id)}")


def span_iri(article_id: str, start: int, end: int) -> URIRef:
    """NIF offset IRI ``{article}#char={start},{end}``; offsets refer to ``nif:isString``."""
    return URIRef(f"{article_iri(article_id)}#char={int(start)},{int(end)}")


def local_entity_iri(article_id: str, key: str) -> URIRef:
    """Article-local entity ``{article}/entity/{key}``."""
    return URIRef(f"{article_iri(article_id)}/entity/{quote(key)}")


def local_event_iri(article_id: str, key: str) -> URIRef:
    """Article-local event ``{article}/event/{key}``."""
    return URIRef(f"{article_iri(article_id)}/event/{quote(key)}")


def resolved_iri(resolved_id: str) -> URIRef:
    """``.../id/{id}`` for an opaque resolve-stage id such as ``person/ali-raza-1a2b3c4d``."""
    return URIRef(resolved_key(resolved_id))


def resolved_key(resolved_id: str) -> str:
    """The text of :func:`resolved_iri`, without making the ``URIRef`` (rdflib checks each
    one: 0.2 s of an update, which keys 100 k units and owners by it; issue 17)."""
    return f"{ID}{_quote_path(resolved_id)}"


@lru_cache(maxsize=1 << 16)
def _quote_path(resolved_id: str) -> str:
    return _quote(resolved_id, safe="-_.~/")


def figure_iri(event: URIRef, n: int) -> URIRef:
    """``{event}/figure/{n}``: numbered in a canonical order, so no blank nodes."""
    return URIRef(f"{event}/figure/{int(n)}")


def attribution_iri(event: URIRef, n: int) -> URIRef:
    """``{event}/attribution/{n}``."""
    return URIRef(f"{event}/attribution/{int(n)}")


def membership_iri(*key: str) -> URIRef:
    """``.../id/membership/{hash8}`` of (person, organisation, role)."""
    return URIRef(f"{ID}membership/{hash8('membership', *key)}")


def role_iri(title: str) -> URIRef:
    """``.../id/role/{slug}``; a title with no ASCII letters falls back to its hash."""
    return URIRef(f"{ID}role/{slug(title) or hash8('role', title)}")


def correction_iri(correction_id: str) -> URIRef:
    """``.../id/correction/{qid}``: the corrections-file entry's id, stable across builds."""
    return URIRef(f"{ID}correction/{quote(correction_id)}")


def agent_iri(who: str) -> URIRef:
    """``.../id/agent/{slug}-{hash8}``: the analyst a correction is attributed to."""
    return URIRef(f"{ID}agent/{slug(who) or 'agent'}-{hash8('agent', who)}")
