"""The constraint components the SPARQL engine compiles, one module per family of the SHACL
spec's section 4 (as pySHACL's ``constraints/core``); this table is the published list
(``validate/FEATURES.md`` is written from it).

To support another constraint: write its builder in the module of its family, add it to that
module's ``BUILDERS``, add a pySHACL comparison case to tests/test_validate_sparql.py and run
``python -m incidentkg.validate.sparql.features``.
"""

from __future__ import annotations

from types import ModuleType

from rdflib import URIRef

from incidentkg.validate.sparql.constraints import (
    cardinality,
    logical,
    other,
    property_pair,
    shape_based,
    string,
    value_range,
    value_type,
)
from incidentkg.validate.sparql.model import Builder

#: in the spec's order
FAMILIES: tuple[ModuleType, ...] = (
    value_type, cardinality, value_range, string, property_pair, logical, shape_based, other,
)  # fmt: skip

BUILDERS: dict[URIRef, Builder] = {p: b for f in FAMILIES for p, b in f.BUILDERS.items()}
#: parameters allowed only in property shapes (with ``sh:path``)
NEEDS_PATH: frozenset[URIRef] = frozenset().union(
    *(getattr(f, "NEEDS_PATH", ()) for f in FAMILIES)
)
#: parameters a builder reads beside its own (``sh:flags`` with ``sh:pattern``, ...)
READS: frozenset[URIRef] = frozenset().union(*(getattr(f, "READS", ()) for f in FAMILIES))
