"""Reading the store: named queries, the lean fast path, table rows and exports."""
