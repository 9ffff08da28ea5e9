"""SHACL validation of the built graph: the SPARQL engine and the pySHACL reference engine."""
