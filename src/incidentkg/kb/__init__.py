"""Shared knowledge below the stages: gazetteer, name normalisation, identifiers and dates.

Knows no spaCy and no rdflib, so every stage may import it.
"""
