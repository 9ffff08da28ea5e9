"""Explore a built store from Python: pandas tables and networkx graphs.

``KnowledgeGraph.open(path)`` is the entry point (see ``incidentkg.api.knowledge_graph``).
No spaCy is imported here, so a notebook opens a store in a second.
"""

from incidentkg.api.knowledge_graph import GRAPH_KINDS, KnowledgeGraph, default_store
from incidentkg.api.links import Link, Node

__all__ = ["GRAPH_KINDS", "KnowledgeGraph", "Link", "Node", "default_store"]
