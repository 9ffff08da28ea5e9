"""What must hold on the seed articles (issue 2), asserted on the built store's graph."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

from incidentkg.build.api import build_store
from incidentkg.query.export import events_table
from incidentkg.store.local import load_dataset, open_store

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def events(seed_store: Path) -> list[dict[str, object]]:
    store = open_store(seed_store)
    return [dict(row) for row in events_table(store)]


def _set(cell: object) -> set[str]:
    """Multi-valued cells come as lists from the table (joined with '; ' only in CSV)."""
    if cell in (None, ""):
        return set()
    return {str(c) for c in cell} if isinstance(cell, list) else set(str(cell).split("; "))


def _one(rows: list[dict[str, object]], **match: str) -> dict[str, object]:
    found = [r for r in rows if all(str(r[k]) == v for k, v in match.items())]
    assert len(found) == 1, (match, [(r["event_type"], r["date"], r["place"]) for r in rows])
    return found[0]


def test_seeds_karachi_police_office_attack_is_one_event_with_four_sources(events: list) -> None:
    """Four articles report the KPO attack; it must be one event, claimed by the TTP."""
    row = _one(events, date="2023-02-17", city="Karachi", category="attack")
    assert len(_set(row["sources"])) == 4
    assert _set(row["perpetrators"]) == {"Tehreek-e-Taliban Pakistan"}
    assert row["perpetrator_status"] == "claimed"
    assert _set(row["masterminds"]) == {"Omar Farooq"}
    killed, killed_max = int(row["killed"]), int(row["killed_max"])  # type: ignore[arg-type]
    assert 3 <= killed <= killed_max <= 5


def test_seeds_karimabad_gun_attack_has_victims_and_no_perpetrator(events: list) -> None:
    """The 7 July 2024 attack: two named dead, no group blamed although the TTP is named."""
    row = _one(events, date="2024-07-07", category="attack")
    assert row["place"] == "Karimabad" and row["city"] == "Karachi"
    assert _set(row["victims"]) == {"Ali Raza", "Waqar"}
    assert _set(row["perpetrators"]) == set()
    assert row["perpetrator_status"] == "none"
    assert int(row["killed"]) == 2  # type: ignore[arg-type]


def test_seeds_imctc_meeting_is_other(events: list) -> None:
    """A meeting in Rawalpindi is category other, not an attack."""
    row = _one(events, event_type="Meeting")
    assert row["category"] == "other"
    assert row["place"] == "Rawalpindi"


def test_seeds_ctd_operation_killed_the_mastermind(events: list) -> None:
    """The operation of 2024-07-23 was conducted by the CTD."""
    row = _one(events, date="2024-07-23", category="security_operation")
    assert _set(row["conducted_by"]) == {"Counter Terrorism Department"}


def test_seeds_rebuild_is_isomorphic(seed_dataset: rdflib.Dataset, tmp_path: Path) -> None:
    """Same inputs, same graph: every named graph of a second build is isomorphic to the first."""
    build_store(tmp_path / "again", [REPO / "seeds"])
    again = load_dataset(tmp_path / "again")
    names = {g.identifier for g in seed_dataset.graphs() if len(g)}
    assert names == {g.identifier for g in again.graphs() if len(g)}
    for name in names:
        assert isomorphic(seed_dataset.graph(name), again.graph(name)), name
