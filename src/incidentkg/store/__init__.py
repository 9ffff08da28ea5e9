"""The embedded Oxigraph store, its saved records, remote triple stores and the read-only server."""
