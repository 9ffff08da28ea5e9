"""Pictures for notebooks: events on a country map, and a timeline per armed group.

Matplotlib only, and offline: the borders are Natural Earth's 1:110m countries (public
domain) shipped as ``data/maps/countries.geojson`` (``scripts/build_country_shapes.py`` made
it), so no GIS stack and no download. The map is equirectangular with the aspect set to
``1 / cos(latitude)`` at its centre, which keeps the shapes right at regional scale; data
coordinates are longitude and latitude, so the axes' own transform is the projection.
Markers are sized by casualties (area grows linearly with killed + injured, lowest report)
and coloured by category with the vocabulary's colours, as on the graph page.

Needs matplotlib (the ``notebook`` extra).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath
from matplotlib.text import Annotation
from matplotlib.transforms import Bbox

from incidentkg.kb.vocabulary import vocabulary
from incidentkg.resources import data_file

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from incidentkg.api import KnowledgeGraph

MIN_AREA = 30.0  # pt²: an event with no figure (drawn hollow) or no casualties
MAX_AREA = 900.0  # pt²: the figure's largest toll
LAND, SEA, BORDER = "#F3F1EC", "#E3EDF4", "#8C8C8C"
NO_GROUP = "(no group named)"
POINT_COLUMNS = ("event_id", "label", "category", "date", "place", "located_at", "lat", "long",
                 "casualties")  # fmt: skip
#: where a place label may go, tried in order: offset in points, then alignment
LABEL_SPOTS = (
    (9, 5, "left", "bottom"), (-9, 5, "right", "bottom"), (9, -5, "left", "top"),
    (-9, -5, "right", "top"), (0, 12, "center", "bottom"), (0, -12, "center", "top"),
    (18, 16, "left", "bottom"), (-18, -16, "right", "top"),
)  # fmt: skip


#: where an event's label may go on the timeline: above, below, then further out
TIMELINE_SPOTS = (
    (0, 9, "center", "bottom"), (0, -9, "center", "top"), (8, 9, "left", "bottom"),
    (-8, -9, "right", "top"), (8, -9, "left", "top"), (-8, 9, "right", "bottom"),
    (0, 21, "center", "bottom"), (0, -21, "center", "top"),
)  # fmt: skip


@dataclass(frozen=True)
class Country:
    """One country's borders: rings of (longitude, latitude), outer rings and holes alike."""

    name: str
    iso_a3: str
    rings: tuple[tuple[tuple[float, float], ...], ...]

    def path(self) -> MplPath:
        """All rings as one compound path (lon/lat), for drawing and point-in-country tests."""
        return MplPath.make_compound_path(*(MplPath(ring, closed=True) for ring in self.rings))

    def label_point(self) -> tuple[float, float]:
        """The area centroid of the largest ring: where the country's name goes."""
        return _centroid(max(self.rings, key=lambda r: abs(_area(r))))


def _area(ring: Sequence[tuple[float, float]]) -> float:
    xs, ys = np.asarray(ring).T
    return float(np.dot(xs, np.roll(ys, -1)) - np.dot(ys, np.roll(xs, -1))) / 2


def _centroid(ring: Sequence[tuple[float, float]]) -> tuple[float, float]:
    xs, ys = np.asarray(ring).T
    cross = xs * np.roll(ys, -1) - np.roll(xs, -1) * ys
    area = cross.sum() / 2
    if abs(area) < 1e-12:
        return float(xs.mean()), float(ys.mean())
    cx = ((xs + np.roll(xs, -1)) * cross).sum() / (6 * area)
    cy = ((ys + np.roll(ys, -1)) * cross).sum() / (6 * area)
    return float(cx), float(cy)


@cache
def countries() -> tuple[Country, ...]:
    """Every country of the shipped Natural Earth file, by name."""
    collection = json.loads(data_file("maps", "countries.geojson").read_text("utf-8"))
    return tuple(
        Country(
            f["properties"]["name"],
            f["properties"]["iso_a3"],
            tuple(
                tuple((x, y) for x, y in ring)
                for poly in f["geometry"]["coordinates"]
                for ring in poly
            ),
        )
        for f in collection["features"]
    )


def country(name: str) -> Country:
    """The country called ``name`` in the shipped file (``KeyError`` if none)."""
    for found in countries():
        if found.name == name:
            return found
    raise KeyError(name)


def category_colours() -> dict[str, str]:
    """Category name (``attack``, ...) → colour, from the vocabulary schema."""
    return {c.name: c.colour for c in vocabulary().categories}


def casualties(killed: Any, injured: Any) -> float | None:
    """Killed + injured (lowest reports); ``None`` when no source gave either figure."""
    known = [float(v) for v in (killed, injured) if not pd.isna(v)]
    return sum(known) if known else None


def marker_sizes(tolls: Iterable[float | None], largest: float | None = None) -> np.ndarray:
    """Marker areas (pt²) that grow linearly with the toll, from MIN_AREA to MAX_AREA.

    ``largest`` is the toll drawn at MAX_AREA (the largest of ``tolls`` by default), so one
    legend holds for a whole figure; no figure and zero both get MIN_AREA.

    >>> [int(s) for s in marker_sizes([None, 0, 5, 10])]
    [30, 30, 465, 900]
    """
    values = np.array([0.0 if t is None or pd.isna(t) else float(t) for t in tolls])
    top = largest if largest is not None else (values.max() if len(values) else 0.0)
    if top <= 0:
        return np.full(len(values), MIN_AREA)
    return MIN_AREA + (MAX_AREA - MIN_AREA) * np.clip(values / top, 0, 1)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as plain dicts (typed ``Any``, unlike ``itertuples``)."""
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict("records")]


def _located(places: pd.DataFrame) -> dict[str, tuple[float, float, str]]:
    """Place IRI → (lat, long, label of the place whose coordinates stand for it).

    A place without coordinates (a locality the gazetteer lacks) takes its nearest
    ancestor's, breadth first; the walk stops at cycles, which a wrong parent can make.
    """
    records = _records(places)
    coords = {r["place"]: (r["lat"], r["long"], r["label"]) for r in records if pd.notna(r["lat"])}
    parents: dict[str, list[str]] = {}
    for r in records:
        if isinstance(r["parent"], str):
            parents.setdefault(r["place"], []).append(r["parent"])
    located: dict[str, tuple[float, float, str]] = {}
    for iri in places.place.unique():
        queue, seen = [iri], {iri}
        while queue:
            here = queue.pop(0)
            if here in coords:
                located[iri] = coords[here]
                break
            for up in parents.get(here, []):
                if up not in seen:
                    seen.add(up)
                    queue.append(up)
    return located


def event_points(kg: KnowledgeGraph) -> pd.DataFrame:
    """One row per event with a located place: where to draw it and how big.

    Columns: ``event_id``, ``label``, ``category``, ``date``, ``place`` (the event's place),
    ``located_at`` (the place whose gazetteer coordinates are used), ``lat``, ``long``,
    ``casualties`` (killed + injured, lowest reports; NaN when no figure).
    """
    places = kg.places()
    labels = dict(zip(places.place, places.label, strict=True))
    where = {lk.source: lk.target for lk in kg.links() if lk.relation == "hasPlace"}
    located = _located(places)
    rows = []
    for ev in _records(kg.timeline()):
        spot = located.get(where.get(ev["event_id"], ""))
        if spot is None:
            continue
        lat, long, at = spot
        rows.append({
            "event_id": ev["event_id"], "label": ev["label"], "category": ev["category"],
            "date": ev["date"], "place": labels[where[ev["event_id"]]], "located_at": at,
            "lat": float(lat), "long": float(long),
            "casualties": casualties(ev["killed"], ev["injured"]),
        })  # fmt: skip
    return pd.DataFrame(rows, columns=list(POINT_COLUMNS))


def _extent(points: pd.DataFrame, pad: float = 0.25, least: float = 8.0) -> tuple[float, ...]:
    """(west, east, south, north): the points plus a margin, at least ``least`` degrees wide."""
    west, east = float(points.long.min()), float(points.long.max())
    south, north = float(points.lat.min()), float(points.lat.max())
    half_w = max((east - west) * (1 + 2 * pad), least) / 2
    half_h = max((north - south) * (1 + 2 * pad), least * 0.75) / 2
    cx, cy = (west + east) / 2, (south + north) / 2
    return cx - half_w, cx + half_w, max(cy - half_h, -89.0), min(cy + half_h, 89.0)


def _fit_box(ax: Axes, extent: tuple[float, ...]) -> tuple[float, ...]:
    """Widen ``extent`` to the axes' shape, then fix the limits and the map's aspect.

    The aspect ``1 / cos(mid-latitude)`` makes a degree of longitude as long as it is there;
    widening the view rather than shrinking the axes lets the map fill its box.
    """
    west, east, south, north = extent
    aspect = 1 / math.cos(math.radians((south + north) / 2))
    box = ax.get_window_extent()
    ratio = box.height / box.width  # wanted (north - south) * aspect / (east - west)
    width, height = east - west, north - south
    if height * aspect / width < ratio:
        grow = (ratio * width / aspect - height) / 2
        south, north = south - grow, north + grow
    else:
        grow = (height * aspect / ratio - width) / 2
        west, east = west - grow, east + grow
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(aspect, adjustable="box")
    ax.apply_aspect()
    return west, east, south, north


def draw_countries(ax: Axes, extent: tuple[float, ...]) -> dict[str, PathPatch]:
    """Fill and outline the countries that reach into ``extent``; returns their patches."""
    west, east, south, north = extent
    patches = {}
    for c in countries():
        path = c.path()
        box = path.get_extents()
        if box.x1 < west or box.x0 > east or box.y1 < south or box.y0 > north:
            continue
        patch = PathPatch(path, facecolor=LAND, edgecolor=BORDER, lw=0.7, zorder=1)
        ax.add_patch(patch)
        patches[c.name] = patch
    return patches


def _clash(box: Bbox, taken: list[Bbox], frame: Bbox) -> float:
    """How badly a label box sits: area shared with other labels plus area outside ``frame``."""
    shared = sum(_common_area(box, other) for other in taken)
    return shared + float(box.width * box.height) - _common_area(box, frame)


def _common_area(a: Bbox, b: Bbox) -> float:
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.y1, b.y1) - max(a.y0, b.y0)
    return float(max(0.0, width) * max(0.0, height))


def place_labels(
    ax: Axes,
    items: Sequence[tuple[str, float, float]],
    spots: Sequence[tuple[int, int, str, str]] = LABEL_SPOTS,
    **style: Any,
) -> list[Annotation]:
    """Annotate ``(text, x, y)`` points, each at the first spot that overlaps no other label.

    Measured in display space once the axes' limits and aspect are final, so it holds for
    the figure as drawn; when every spot clashes, the label takes the least bad one.
    """
    ax.apply_aspect()
    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    taken = [t.get_window_extent(renderer) for t in ax.texts]
    placed = []
    for text, x, y in items:
        best: tuple[float, Annotation, Bbox] | None = None
        for dx, dy, ha, va in spots:
            note = ax.annotate(text, (x, y), xytext=(dx, dy), textcoords="offset points",
                               ha=ha, va=va, zorder=5, **style)  # fmt: skip
            box = note.get_window_extent(renderer)
            score = _clash(box, taken, ax.bbox)
            if best is None or score < best[0]:
                if best is not None:
                    best[1].remove()
                best = (score, note, box)
            else:
                note.remove()
            if score == 0:
                break
        assert best is not None, "no label spots"
        taken.append(best[2])
        placed.append(best[1])
    return placed


def _hex_spiral(rings: int) -> list[tuple[float, float]]:
    """The centre, then the points of a hexagonal grid ring by ring (unit spacing)."""
    spots = [(0.0, 0.0)]
    for r in range(1, rings + 1):
        for k in range(6 * r):
            side, along = divmod(k, r)
            a, b = math.radians(60 * side), math.radians(60 * (side + 2))
            x = r * math.cos(a) + along * math.cos(b)
            y = r * math.sin(a) + along * math.sin(b)
            spots.append((x, y))
    return spots


def _spread(
    ax: Axes,
    data_xy: np.ndarray,
    step: float = 7.0,
    keep: Callable[[Any, Any], bool] | None = None,
) -> np.ndarray:
    """Positions (data units) where markers at one spot sit side by side, not on top.

    The first keeps the spot; the others take the nearest free places of a hexagonal grid
    ``step`` points apart, only places ``keep(spot, place)`` accepts (on a map: inside the
    spot's country, so a coastal city's events stay on land) while there are enough.
    """
    xy = ax.transData.transform(data_xy)
    pixels = step * ax.figure.dpi / 72
    groups: dict[tuple[float, float], list[int]] = {}
    for i, (x, y) in enumerate(data_xy):
        groups.setdefault((float(x), float(y)), []).append(i)
    spiral = np.array(_hex_spiral(8)) * pixels
    for members in groups.values():
        if len(members) < 2:
            continue
        centre = xy[members[0]].copy()
        spots = [centre + d for d in spiral]
        good = [p for p in spots if keep is None or keep(centre, p)]
        chosen = good if len(good) >= len(members) else spots
        for i, spot in zip(members, chosen, strict=False):
            xy[i] = spot
    return np.asarray(ax.transData.inverted().transform(xy))


def _same_country(patches: dict[str, PathPatch]) -> Callable[[Any, Any], bool]:
    """``keep`` for :func:`_spread` on a map: the place is in the spot's country (display
    space); a spot in no country (at sea) accepts any place."""
    outlines = [p.get_path().transformed(p.get_transform()) for p in patches.values()]

    def keep(centre: Any, point: Any) -> bool:
        home = next((o for o in outlines if o.contains_point(centre)), None)
        return home is None or bool(home.contains_point(point))

    return keep


def _size_legend(largest: float) -> list[Line2D]:
    steps = [v for v in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000) if v <= largest]
    shown = sorted({steps[0], steps[len(steps) // 2], steps[-1]}) if steps else []
    return [
        Line2D([], [], ls="", marker="o", color="#777", alpha=0.6,
               ms=math.sqrt(float(marker_sizes([v], largest)[0])), label=f"{v:g}")
        for v in shown
    ]  # fmt: skip


def draw_event_map(points: pd.DataFrame, ax: Axes, title: str | None = None) -> Axes:
    """Events on a country map: one marker each, sized by casualties, coloured by category.

    ``points`` is :func:`event_points`' table. Events at one place sit on a ring around it;
    each place is named once with its number of events; countries are named in grey.
    """
    ax.set_facecolor(SEA)
    ax.set_xticks([])
    ax.set_yticks([])
    if points.empty:
        ax.text(0.5, 0.5, "no event has a located place", ha="center", transform=ax.transAxes)
        return ax
    view = _fit_box(ax, _extent(points))
    patches = draw_countries(ax, view)
    _name_countries(ax, patches, view)
    order = points.sort_values("casualties", ascending=False, na_position="last")
    largest = float(order.casualties.max()) if order.casualties.notna().any() else 0.0
    sizes = marker_sizes(order.casualties, largest)
    palette = category_colours()
    lonlat = order[["long", "lat"]].to_numpy(dtype=float)
    xy = _spread(ax, lonlat, keep=_same_country(patches))
    _markers(ax, xy, sizes, order.category, order.casualties.notna().to_numpy())
    counts = points.groupby(["located_at", "lat", "long"]).size().reset_index(name="n")
    labels = [
        (f"{r['located_at']} ({r['n']})" if r["n"] > 1 else r["located_at"], r["long"], r["lat"])
        for r in _records(counts.sort_values("n", ascending=False))
    ]
    box = {"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8}
    place_labels(ax, labels, fontsize=9, bbox=box)
    _legends(ax, sorted(set(order.category), key=list(palette).index), largest, above=False)
    if title:
        ax.set_title(title)
    return ax


def _markers(ax: Axes, xy: np.ndarray, sizes: np.ndarray, categories: Any, known: Any) -> None:
    """Filled markers for events with a figure, hollow ones for events without."""
    palette = category_colours()
    colours = np.array([palette.get(c, "#999999") for c in categories], dtype=object)
    ax.scatter(xy[known, 0], xy[known, 1], s=sizes[known], c=list(colours[known]),
               edgecolors="white", linewidths=1.0, alpha=0.85, zorder=3)  # fmt: skip
    ax.scatter(xy[~known, 0], xy[~known, 1], s=sizes[~known], facecolors="none",
               edgecolors=list(colours[~known]), linewidths=1.6, zorder=3)  # fmt: skip


def _name_countries(ax: Axes, patches: dict[str, PathPatch], view: tuple[float, ...]) -> None:
    x0, x1, y0, y1 = view
    for name in patches:
        x, y = country(name).label_point()
        if x0 < x < x1 and y0 < y < y1:
            ax.text(x, y, name.upper(), ha="center", va="center", color="#9A9A9A", fontsize=8,
                    style="italic", zorder=2)  # fmt: skip


def _legends(ax: Axes, categories: Sequence[str], largest: float, *, above: bool) -> None:
    """One legend (categories, then marker sizes) outside the axes: right of a map, above a
    timeline; one legend, so a tight bounding box (the notebook's inline figures) keeps it."""
    palette = category_colours()
    legend_names = {c.name: c.legend for c in vocabulary().categories}
    handles = [Line2D([], [], ls="", marker="o", color=palette[c], ms=8, label=legend_names[c])
               for c in categories if c in palette]  # fmt: skip
    handles.append(Line2D([], [], ls="", marker="o", mfc="none", mec="#777", ms=6,
                          label="no figure"))  # fmt: skip
    sizes = _size_legend(largest)
    if sizes:
        handles += [Line2D([], [], ls="", label="killed + injured:"), *sizes]
    if above:
        ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.01), fontsize=8,
                  ncol=len(handles), frameon=False, columnspacing=1.2)  # fmt: skip
    else:
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1), fontsize=8,
                  frameon=False, labelspacing=1.1)  # fmt: skip


def group_rows(events: pd.DataFrame) -> pd.DataFrame:
    """One row per (group, event) from :meth:`KnowledgeGraph.timeline` joined with the events.

    A group is a perpetrator of an attack or the force that conducted an operation;
    an event naming neither goes under ``NO_GROUP``. ``events`` needs ``perpetrators``,
    ``conducted_by``, ``date``, ``label``, ``category``, ``killed`` and ``injured``.
    """
    rows = []
    for ev in _records(events):
        named = [(g, "perpetrator") for g in ev["perpetrators"]]
        named += [(g, "conducted by") for g in ev["conducted_by"]]
        for group, role in named or [(NO_GROUP, "")]:
            rows.append({"group": group, "role": role, "date": ev["date"], "label": ev["label"],
                         "category": ev["category"],
                         "casualties": casualties(ev["killed"], ev["injured"])})  # fmt: skip
    columns = ["group", "role", "date", "label", "category", "casualties"]
    return pd.DataFrame(rows, columns=columns)


def group_order(rows: pd.DataFrame) -> list[str]:
    """Groups with the most events first, then by name; ``NO_GROUP`` last."""
    counts = rows.groupby("group").size()
    named = sorted((g for g in counts.index if g != NO_GROUP), key=lambda g: (-counts[g], g))
    return named + ([NO_GROUP] if NO_GROUP in counts.index else [])


def draw_group_timeline(rows: pd.DataFrame, ax: Axes, label_events: int = 40) -> Axes:
    """A timeline per group: one line per group, its events as markers along time.

    ``rows`` is :func:`group_rows`' table. Sized by casualties and coloured by category as
    on the map. Events whose year is unknown cannot be placed; each line says how many it
    has. Up to ``label_events`` events get a short label (their label up to the comma).
    """
    groups = group_order(rows)
    y_of = {g: float(len(groups) - 1 - i) for i, g in enumerate(groups)}
    ax.set_yticks(list(y_of.values()), list(y_of))
    ax.set_ylim(-0.7, len(groups) - 0.3)
    ax.hlines(list(y_of.values()), 0, 1, transform=ax.get_yaxis_transform(), color="#DDD",
              lw=1, zorder=1)  # fmt: skip
    dated = rows[rows.date.notna()].sort_values("casualties", ascending=False)
    largest = float(rows.casualties.max()) if rows.casualties.notna().any() else 0.0
    palette = category_colours()
    if len(dated):
        days = np.asarray(mdates.date2num(list(pd.to_datetime(dated.date))))  # type: ignore[no-untyped-call]
        ax.set_xlim(days.min() - 200, days.max() + 200)
        ax.xaxis_date()
        xy = _spread(ax, np.column_stack([days, dated.group.map(y_of).to_numpy(dtype=float)]))
        sizes = marker_sizes(dated.casualties, largest)
        _markers(ax, xy, sizes, dated.category, dated.casualties.notna().to_numpy())
        if len(dated) <= label_events:
            items = [(str(label).split(",")[0], float(x), float(y))
                     for label, (x, y) in zip(dated.label, xy, strict=True)]  # fmt: skip
            place_labels(ax, items, TIMELINE_SPOTS, fontsize=7, color="#444")
    undated = rows[rows.date.isna()].groupby("group").size()
    for group, n in undated.items():
        ax.annotate(f"+{n} of unknown year", (1.0, y_of[str(group)]), xytext=(6, 0),
                    xycoords=("axes fraction", "data"), textcoords="offset points",
                    va="center", fontsize=8, color="#777")  # fmt: skip
    ax.spines[["top", "right", "left"]].set_visible(False)
    ax.grid(axis="x", alpha=0.3)
    _legends(ax, sorted(set(rows.category), key=list(palette).index), largest, above=True)
    return ax


def group_events(kg: KnowledgeGraph) -> pd.DataFrame:
    """:meth:`KnowledgeGraph.timeline` with each event's perpetrators and conducting forces."""
    groups = kg.events()[["event_id", "perpetrators", "conducted_by"]]
    return kg.timeline().merge(groups, on="event_id", how="left")
