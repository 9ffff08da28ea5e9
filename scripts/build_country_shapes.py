#!/usr/bin/env python3
"""Generate ``src/incidentkg/data/maps/countries.geojson`` from Natural Earth.

A build-time tool only: the GeoJSON is committed, and the package reads it with the
standard library, so the notebook's map needs no GIS stack and no network.

Input: Natural Earth 1:110m Admin 0 countries (public domain). Any copy of its shapefile
works; geopandas 0.14 (the last version that shipped it) has one as package data:

    pip download --no-deps -d /tmp/ne geopandas==0.14.4 pyshp
    cd /tmp/ne && python3 -m zipfile -e geopandas-0.14.4-py3-none-any.whl gp
    python3 -m zipfile -e pyshp-*.whl pyshp
    PYTHONPATH=/tmp/ne/pyshp python3 scripts/build_country_shapes.py \\
        /tmp/ne/gp/geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp

Coordinates are rounded to 0.01° (about 1 km, far below the 1:110m scale's detail);
the output is deterministic for the same input.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import shapefile  # pyshp

OUT = Path(__file__).resolve().parents[1] / "src/incidentkg/data/maps/countries.geojson"
DIGITS = 2


def _round(ring: list[tuple[float, float]]) -> list[list[float]]:
    """Round a ring, dropping points that round onto the previous one."""
    out: list[list[float]] = []
    for x, y in ring:
        point = [round(x, DIGITS), round(y, DIGITS)]
        if not out or point != out[-1]:
            out.append(point)
    return out


def _feature(shape: Any, record: Any) -> dict[str, Any]:
    geometry = shape.__geo_interface__
    if geometry["type"] == "Polygon":
        polygons = [geometry["coordinates"]]
    else:
        polygons = geometry["coordinates"]
    rounded = [[_round(ring) for ring in polygon] for polygon in polygons]
    rounded = [[r for r in poly if len(r) >= 4] for poly in rounded]
    return {
        "type": "Feature",
        "properties": {
            "name": record["name"],
            "iso_a3": record["iso_a3"],
            "continent": record["continent"],
        },
        "geometry": {"type": "MultiPolygon", "coordinates": [p for p in rounded if p]},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shp", type=Path, help="ne_110m_admin_0_countries shapefile (.shp)")
    args = parser.parse_args()
    reader = shapefile.Reader(str(args.shp))
    features = [_feature(s, r) for s, r in zip(reader.shapes(), reader.records(), strict=True)]
    features.sort(key=lambda f: f["properties"]["name"])
    collection = {
        "type": "FeatureCollection",
        "source": "Natural Earth 1:110m Admin 0 countries (public domain), via geopandas 0.14",
        "features": features,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    OUT.write_text(text.replace('{"type":"Feature"', '\n{"type":"Feature"') + "\n", "utf-8")
    print(f"{len(features)} countries → {OUT} ({OUT.stat().st_size // 1024} kB)")


if __name__ == "__main__":
    main()
