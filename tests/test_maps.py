"""The notebook's pictures: events on an offline country map and a timeline per group."""

from __future__ import annotations

import doctest
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from incidentkg.api import KnowledgeGraph
from incidentkg.viz import maps

KARACHI = (67.0104, 24.8608)  # lon, lat (the gazetteer's)


@pytest.fixture(scope="module")
def kg(seed_store: Path) -> KnowledgeGraph:
    return KnowledgeGraph.open(seed_store)


@pytest.fixture(scope="module")
def points(kg: KnowledgeGraph) -> pd.DataFrame:
    return maps.event_points(kg)


@pytest.fixture
def drawn(points: pd.DataFrame, tmp_path: Path) -> Iterator[Any]:
    """The seed map, drawn and saved as the notebook would (and closed afterwards)."""
    fig, ax = plt.subplots(figsize=(8, 7))
    maps.draw_event_map(points, ax)
    fig.savefig(tmp_path / "map.png", dpi=80, bbox_inches="tight")
    yield ax
    plt.close(fig)


def _patch(ax: Any, name: str) -> Any:
    """The drawn country's outline in display coordinates (the figure's projection)."""
    path = maps.country(name).path()
    patch = next(p for p in ax.patches if np.array_equal(p.get_path().vertices, path.vertices))
    return patch.get_path().transformed(patch.get_transform())


def _drawn(ax: Any, name: str) -> bool:
    vertices = maps.country(name).path().vertices
    return any(np.array_equal(p.get_path().vertices, vertices) for p in ax.patches)


def _markers(ax: Any) -> tuple[np.ndarray, np.ndarray]:
    """Every drawn marker's position (display) and area (pt²)."""
    offsets = [c.get_offsets() for c in ax.collections if len(c.get_offsets())]
    sizes = [c.get_sizes() for c in ax.collections if len(c.get_offsets())]
    xy = ax.transData.transform(np.concatenate(offsets))
    return xy, np.concatenate(sizes)


def test_maps_doctests_pass() -> None:
    result = doctest.testmod(maps, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


def test_maps_countries_file_is_whole() -> None:
    """The shipped Natural Earth file: every country once, every ring a closed shape."""
    found = maps.countries()
    names = [c.name for c in found]
    assert len(found) == 177 and len(set(names)) == len(names)
    assert {"Pakistan", "Afghanistan", "India", "Iran"} <= set(names)
    assert all(c.rings and all(len(r) >= 4 for r in c.rings) for c in found)


def test_maps_karachi_event_lands_inside_pakistan(drawn: Any) -> None:
    """On the figure's projection, Karachi and every seed event's marker are in Pakistan."""
    pakistan = _patch(drawn, "Pakistan")
    karachi = drawn.transData.transform(KARACHI)
    assert pakistan.contains_point(karachi)
    neighbours = {"Afghanistan", "India", "Iran"}
    assert neighbours <= {c.name for c in maps.countries() if _drawn(drawn, c.name)}
    for name in neighbours:
        assert not _patch(drawn, name).contains_point(karachi), name
    xy, _ = _markers(drawn)
    assert len(xy) == 7  # the seed events with a located place
    assert all(pakistan.contains_point(p) for p in xy)


def test_maps_markers_grow_with_casualties(drawn: Any, points: pd.DataFrame) -> None:
    """More casualties, bigger marker; the Peshawar bombing (80 killed) is the biggest."""
    tolls = [None, 0, 1, 2, 5, 10, 50, 100]
    sizes = maps.marker_sizes(tolls)
    assert sizes[0] == sizes[1] == maps.MIN_AREA and sizes[-1] == maps.MAX_AREA
    assert all(a < b for a, b in itertools.pairwise(sizes[1:]))
    _, drawn_sizes = _markers(drawn)
    peshawar = points.set_index("place").loc["Peshawar", "casualties"]
    assert peshawar == points.casualties.max() == 80
    assert drawn_sizes.max() == maps.MAX_AREA
    assert sorted(drawn_sizes)[-2] < maps.MAX_AREA / 4  # 7 casualties next: much smaller


def test_maps_events_colour_by_category(drawn: Any, points: pd.DataFrame) -> None:
    """Each category present is drawn in its vocabulary colour, and only those."""
    palette = maps.category_colours()
    used = set()
    for c in drawn.collections:
        for rgba in list(c.get_facecolors()) + list(c.get_edgecolors()):
            used.add(matplotlib.colors.to_hex(rgba[:3]).upper())
    wanted = {palette[c].upper() for c in set(points.category)}
    assert wanted <= used
    assert not ({v.upper() for v in palette.values()} - wanted) & used


def test_maps_places_without_coordinates_take_their_ancestors(points: pd.DataFrame) -> None:
    """Abbas Town has no gazetteer coordinates: it is drawn at Karachi, its city."""
    row = points.set_index("place").loc["Abbas Town"]
    assert row.located_at == "Karachi" and (row.long, row.lat) == pytest.approx(KARACHI)


def test_maps_place_lookup_survives_parent_cycles() -> None:
    """A wrong parent can make a cycle; the walk ends and the place stays unlocated."""
    places = pd.DataFrame(
        [
            ("a", "A", None, None, "b"),
            ("b", "B", None, None, "a"),
            ("c", "C", 30.0, 70.0, None),
            ("d", "D", None, None, "a"),
            ("d", "D", None, None, "c"),
        ],
        columns=["place", "label", "lat", "long", "parent"],
    )
    located = maps._located(places)
    assert "a" not in located and "b" not in located
    assert located["d"] == (30.0, 70.0, "C")


def test_maps_place_labels_do_not_overlap(drawn: Any) -> None:
    """Place names on the map: each drawn once, in the map, over no other label."""
    renderer = drawn.figure.canvas.get_renderer()
    boxes = {t.get_text(): t.get_window_extent(renderer) for t in drawn.texts}
    assert {"Karachi (4)", "Peshawar", "Dera Ismail Khan", "Rawalpindi"} <= set(boxes)
    for (a, box_a), (b, box_b) in itertools.combinations(boxes.items(), 2):
        assert not box_a.overlaps(box_b), (a, b)
    assert all(drawn.bbox.contains(*b.p0) and drawn.bbox.contains(*b.p1) for b in boxes.values())


def test_maps_group_timeline_rows_and_order(kg: KnowledgeGraph, tmp_path: Path) -> None:
    """TTP's two attacks (one of unknown year) lead; the CTD's operation is 'conducted by'."""
    rows = maps.group_rows(maps.group_events(kg))
    ttp = rows[rows.group == "Tehreek-e-Taliban Pakistan"]
    assert len(ttp) == 2 and set(ttp.role) == {"perpetrator"} and ttp.date.isna().sum() == 1
    ctd = rows[rows.group == "Counter Terrorism Department"].iloc[0]
    assert ctd.role == "conducted by" and ctd.label.startswith("Security operation in Mochko")
    order = maps.group_order(rows)
    assert order[0] == "Tehreek-e-Taliban Pakistan" and order[-1] == maps.NO_GROUP
    fig, ax = plt.subplots(figsize=(11, 3.5))
    maps.draw_group_timeline(rows, ax)
    fig.savefig(tmp_path / "groups.png", dpi=80, bbox_inches="tight")
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks == order
    notes = {t.get_text() for t in ax.texts}
    assert "+1 of unknown year" in notes and "Armed assault in Karachi" in notes
    plt.close(fig)


def test_maps_empty_store_draws_a_message() -> None:
    """No located event: the map says so instead of failing on an empty extent."""
    fig, ax = plt.subplots()
    maps.draw_event_map(pd.DataFrame(columns=list(maps.POINT_COLUMNS)), ax)
    assert [t.get_text() for t in ax.texts] == ["no event has a located place"]
    plt.close(fig)
