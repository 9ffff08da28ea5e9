"""Building a store: extraction workers, incremental planning and the build API."""
