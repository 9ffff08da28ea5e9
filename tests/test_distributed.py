"""``build --executor dask``: partitions extracted on Dask workers give the local graph."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from incidentkg.cli import app
from incidentkg.store.local import load_dataset

distributed = pytest.importorskip("distributed")
SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A LocalCluster of two worker processes (one thread each), as a small real cluster."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


def _same_graphs(expected: rdflib.Dataset, actual: rdflib.Dataset) -> None:
    names = {g.identifier for g in expected.graphs() if len(g)}
    assert names == {g.identifier for g in actual.graphs() if len(g)}
    for name in names:
        assert isomorphic(expected.graph(name), actual.graph(name)), name


def test_distributed_build_is_isomorphic_to_local(
    scheduler: str, seed_dataset: rdflib.Dataset, tmp_path: Path
) -> None:
    """Issue 6: records made on workers, resolved and loaded centrally, are the same graph."""
    store = tmp_path / "store"
    args = ["build", str(SEEDS), "--store", str(store), "--executor", "dask",
            "--scheduler", scheduler]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    _same_graphs(seed_dataset, load_dataset(store))


def test_distributed_without_scheduler_is_a_user_error(tmp_path: Path) -> None:
    """A missing address is reported (E021, exit 1), not a traceback."""
    args = ["build", str(SEEDS), "--store", str(tmp_path / "s"), "--executor", "dask"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert "E021" in result.output
