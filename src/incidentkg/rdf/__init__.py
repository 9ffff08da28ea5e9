"""Records → RDF: closed namespaces, deterministic IRIs and the dataset builder.

The contract for IRIs and vocabulary is ``docs/rdf-mapping.md``.
"""

from incidentkg.rdf.build import to_dataset
from incidentkg.rdf.namespace import GEO, IKG, NIF, SEM

__all__ = ["GEO", "IKG", "NIF", "SEM", "to_dataset"]
