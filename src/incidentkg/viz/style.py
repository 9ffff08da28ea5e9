"""One palette for the graph page and the notebooks, so a colour means the same type everywhere.

Based on the Okabe–Ito colour-blind-safe palette; events are warm/blue, places green.
"""

from __future__ import annotations

TYPE_COLOURS: dict[str, str] = {
    "Attack": "#D55E00",
    "SecurityOperation": "#0072B2",
    "OtherEvent": "#CC79A7",
    "Person": "#E69F00",
    "ArmedGroup": "#7A1F1F",
    "SecurityAgency": "#56B4E9",
    "GovernmentBody": "#6B6B6B",
    "PoliticalParty": "#B8A800",
    "InternationalOrganization": "#A6761D",
    "MediaOrganization": "#B0B0B0",
    "Organization": "#8C8C8C",
    "Place": "#009E73",
    "Thing": "#CCCCCC",
}

TYPE_NAMES: dict[str, str] = {
    "Attack": "attack",
    "SecurityOperation": "security operation",
    "OtherEvent": "other event (meeting, protest)",
    "Person": "person",
    "ArmedGroup": "armed group",
    "SecurityAgency": "security agency",
    "GovernmentBody": "government body",
    "PoliticalParty": "political party",
    "InternationalOrganization": "international organisation",
    "MediaOrganization": "media",
    "Organization": "organisation",
    "Place": "place",
    "Thing": "other",
}


def colour(type_: str) -> str:
    """The colour of a node type (grey for anything unknown)."""
    return TYPE_COLOURS.get(type_, TYPE_COLOURS["Thing"])
