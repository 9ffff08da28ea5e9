# incidentkg developer tasks. `make` (or `make help`) lists them.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
STORE  := .incidentkg/store

.DEFAULT_GOAL := help
.PHONY: help install run serve test lint clean browser virtuoso virtuoso-test

help: ## Show this list of targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*## "}; {printf "  make %-11s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the package (again only when pyproject.toml changes)

run: $(STAMP) ## Build the seed articles into a store, validate it and run the chain query
	$(BIN)/incidentkg build seeds --store $(STORE)
	$(BIN)/incidentkg validate --store $(STORE)
	$(BIN)/incidentkg query chain --store $(STORE)

browser: ## Install Debian's chromium for the graph-page test when absent (needs root)
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
		echo "chromium not installed: tests/test_viz.py will be skipped"

virtuoso: ## Install Debian's virtuoso-t for tests/test_virtuoso.py when absent (needs root)
	@scripts/virtuoso.sh install || echo "virtuoso-t not installed: tests/test_virtuoso.py will be skipped"

virtuoso-test: $(STAMP) virtuoso ## Load the seeds into a scratch Virtuoso and compare every named query
	$(BIN)/python -m pytest -q tests/test_virtuoso.py

test: $(STAMP) browser virtuoso ## Run the test suite (with Virtuoso), then the linters
	$(BIN)/python -m pytest -q
	$(MAKE) --no-print-directory lint

lint: $(STAMP) ## ruff and mypy (strict)
	$(BIN)/ruff check src tests
	$(BIN)/mypy

serve: $(STAMP) ## Serve the store read-only: SPARQL at http://127.0.0.1:7878/query (after make run)
	$(BIN)/incidentkg serve --store $(STORE)

.PHONY: vocabulary
vocabulary: $(STAMP) ## Rewrite what follows from src/incidentkg/data/vocabulary.yaml (ontology, shapes, docs)
	$(BIN)/python -m incidentkg.kb.generate

.PHONY: notebook
notebook: $(STAMP) ## Run notebooks/explore.ipynb headless on the store (after make run); writes out/explore.ipynb
	INCIDENTKG_STORE=$(CURDIR)/$(STORE) MPLBACKEND=module://matplotlib_inline.backend_inline \
		$(BIN)/jupyter nbconvert --to notebook --execute \
		notebooks/explore.ipynb --output-dir out

.PHONY: viz
viz: $(STAMP) ## Write the store as an interactive page, out/graph.html (after make run)
	$(BIN)/incidentkg viz --store $(STORE) -o out/graph.html

.PHONY: bench
bench: $(STAMP) ## Run the benchmarks on ../shared/bench (long: about 50 min on 2 cores); figures go to bench/RESULTS.md
	cd bench && ../$(BIN)/python throughput.py --jobs 2
	cd bench && ../$(BIN)/python throughput.py --limit 1000 --jobs 1
	cd bench && ../$(BIN)/python resolution.py
	cd bench && ../$(BIN)/python query.py
	cd bench && ../$(BIN)/python validation.py --skip-pyshacl
	cd bench && ../$(BIN)/python memory.py --whole-from-throughput
	cd bench && ../$(BIN)/python incremental.py

clean: ## Remove the local store and caches (keeps .venv)
	rm -rf .incidentkg .pytest_cache .mypy_cache .ruff_cache
