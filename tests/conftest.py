"""Shared fixtures: the seed articles built once per session through the real CLI."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
import rdflib
from typer.testing import CliRunner

from incidentkg.cli import app
from incidentkg.store.local import load_dataset

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"


@dataclass(frozen=True)
class SeedBuild:
    """The store built from ``seeds/`` and what ``incidentkg build`` printed."""

    store: Path
    output: str


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> SeedBuild:
    """Build once per session: spaCy over every seed article is the slow part."""
    store = tmp_path_factory.mktemp("seed") / "store"
    result = CliRunner().invoke(app, ["build", str(SEEDS), "--store", str(store)])
    assert result.exit_code == 0, result.output
    return SeedBuild(store, result.output)


@pytest.fixture(scope="session")
def seed_store(seed_build: SeedBuild) -> Path:
    """Path of the seed store (open it read-only; do not write to it)."""
    return seed_build.store


@pytest.fixture(scope="session")
def seed_dataset(seed_store: Path) -> rdflib.Dataset:
    """The seed store read back into rdflib, every named graph (for SHACL and graph comparisons)."""
    return load_dataset(seed_store)
