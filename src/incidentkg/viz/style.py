"""One palette for the graph page and the notebooks, so a colour means the same type everywhere.

Colours and legend names come from the vocabulary schema (``data/vocabulary.yaml``, Okabe–Ito
based, colour-blind safe: events warm/blue, places green), in the order the graph page picks a
node's type; ``Thing`` is any node of no listed type.
"""

from __future__ import annotations

from incidentkg.kb.vocabulary import vocabulary

OTHER = "Thing"

TYPE_COLOURS: dict[str, str] = {
    **{t.term: t.colour for t in vocabulary().node_types},
    OTHER: "#CCCCCC",
}

TYPE_NAMES: dict[str, str] = {
    **{t.term: t.legend for t in vocabulary().node_types},
    OTHER: "other",
}


def colour(type_: str) -> str:
    """The colour of a node type (grey for anything unknown)."""
    return TYPE_COLOURS.get(type_, TYPE_COLOURS[OTHER])
