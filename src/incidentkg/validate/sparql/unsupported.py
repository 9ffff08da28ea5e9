"""The one error of the SPARQL engine: a shapes graph it cannot compile (catalogued as E090)."""

from __future__ import annotations

from rdflib.namespace import SH
from rdflib.term import Node

from incidentkg.errors import IncidentKGError, Msg


class UnsupportedShapeError(IncidentKGError, ValueError):
    """The shapes graph uses SHACL this compiler does not implement (validate/FEATURES.md);
    pySHACL does. A user error: the CLI prints it and exits 1."""

    def __init__(self, shape: Node, what: str) -> None:
        self.shape = shape
        super().__init__(Msg.E090, shape=shape.n3(), what=what)


def short(p: Node) -> str:
    """``sh:minCount`` for the IRI of ``sh:minCount``: how messages name a parameter."""
    return "sh:" + str(p).removeprefix(str(SH))
