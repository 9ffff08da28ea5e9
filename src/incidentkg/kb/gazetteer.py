"""Gazetteers of organisations, places and titles, loaded from ``data/gazetteer``.

One loader for all three files; lookups by id and by alias are used both by the
span rulers (patterns) and by later stages (kinds, place hierarchy, coordinates).
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import pickle
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from incidentkg.kb.cache import cache_dir, read_cached, sources_digest, write_cached
from incidentkg.resources import data_file, read_jsonl

ORG_LABEL = "ORG"
PLACE_LABEL = "GPE"
TITLE_LABEL = "TITLE"


@dataclass(frozen=True)
class GazEntry:
    id: str
    label: str
    type: str  # "Organization" or "Place"
    kind: str
    aliases: tuple[str, ...]
    acronyms: tuple[str, ...] = ()
    parent: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    description: str | None = None
    source: str | None = None
    ambiguous: bool = False
    ambiguous_aliases: tuple[str, ...] = ()
    population: int = 0


@dataclass(frozen=True)
class TitleEntry:
    title: str
    aliases: tuple[str, ...]
    title_class: str


@dataclass
class Gazetteer:
    entries: dict[str, GazEntry] = field(default_factory=dict)
    titles: list[TitleEntry] = field(default_factory=list)
    demonyms: dict[str, str] = field(default_factory=dict)  # "Syrian" → "country-sy"
    _title_index: dict[str, TitleEntry] = field(default_factory=dict)

    def get(self, gaz_id: str) -> GazEntry | None:
        return self.entries.get(gaz_id)

    def title(self, text: str) -> TitleEntry | None:
        return self._title_index.get(normalise(text))

    def ancestors(self, gaz_id: str) -> list[GazEntry]:
        """The entry and its enclosing places, innermost first."""
        out: list[GazEntry] = []
        seen: set[str] = set()
        cur = self.entries.get(gaz_id)
        while cur is not None and cur.id not in seen:
            out.append(cur)
            seen.add(cur.id)
            cur = self.entries.get(cur.parent) if cur.parent else None
        return out

    def contains(self, outer: str, inner: str) -> bool:
        """Whether place ``inner`` lies in (or is) place ``outer``."""
        return any(e.id == outer for e in self.ancestors(inner))


_THE = re.compile(r"^the\s+")
_SEPARATORS = re.compile(r"[\s\-.]+")


@lru_cache(maxsize=1 << 16)  # extraction keys the same names over and over
def normalise(text: str) -> str:
    """Case-, quote- and hyphen-insensitive key for alias lookups."""
    text = text.replace("’", "'").replace("‘", "'").lower()
    return _SEPARATORS.sub(" ", _THE.sub("", text)).strip()


def _entry(row: dict[str, Any], etype: str) -> GazEntry:
    return GazEntry(
        id=row["id"],
        label=row["label"],
        type=etype,
        kind=row.get("kind", ""),
        aliases=tuple(row.get("aliases") or ()),
        acronyms=tuple(row.get("acronyms") or ()),
        parent=row.get("parent"),
        country=row.get("country"),
        lat=row.get("lat"),
        lon=row.get("lon"),
        description=row.get("description"),
        source=row.get("source"),
        ambiguous=bool(row.get("ambiguous", False)),
        ambiguous_aliases=tuple(row.get("ambiguous_aliases") or ()),
        population=int(row.get("population") or 0),
    )


@cache
def load_gazetteer() -> Gazetteer:
    """Load all gazetteer files once per process, from the user's cache when it holds the
    gazetteer built from the same files and code (:mod:`incidentkg.kb.cache`: 0.06 s
    instead of 0.3 s, in every update and in every extraction worker)."""
    path = _cache_file()
    gaz = read_cached(path)
    if not isinstance(gaz, Gazetteer):
        gaz = _built_gazetteer()
        write_cached(path, pickle.dumps(gaz, protocol=pickle.HIGHEST_PROTOCOL))
    return gaz


def _cache_file() -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    return folder / "gazetteer" / f"gazetteer-{sources_digest(('kb', 'data'))}.pickle"


def _built_gazetteer() -> Gazetteer:
    gaz = Gazetteer()
    for name, etype in (("organizations.jsonl", "Organization"), ("places.jsonl", "Place")):
        for row in read_jsonl(data_file("gazetteer", name)):
            gaz.entries[row["id"]] = _entry(row, etype)
    _reserve_country_names(gaz)
    _drop_shared_aliases(gaz)
    _drop_names_of_other_towns(gaz)
    countries = {e.country: e.id for e in gaz.entries.values() if e.kind == "country"}
    for row in read_jsonl(data_file("gazetteer", "demonyms.jsonl")):
        for name in row["demonyms"]:
            if row["country"] in countries:
                gaz.demonyms[name] = countries[row["country"]]
    for row in read_jsonl(data_file("gazetteer", "titles.jsonl")):
        entry = TitleEntry(row["title"], tuple(row.get("aliases") or ()), row.get("class", ""))
        gaz.titles.append(entry)
        for alias in (entry.title, *entry.aliases):
            gaz._title_index.setdefault(normalise(alias), entry)
    return gaz


def _reserve_country_names(gaz: Gazetteer) -> None:
    """A country's name is the country: no other place keeps it as an alias (GeoNames lists
    'Bangladesh' as an alternate name of a district of Yerevan)."""
    names = {
        normalise(n)
        for e in gaz.entries.values()
        if e.kind == "country"
        for n in (e.label, *e.aliases)
    }
    for gid, entry in list(gaz.entries.items()):
        if entry.type != "Place" or entry.kind == "country":
            continue
        kept = tuple(a for a in entry.aliases if normalise(a) not in names)
        if kept != entry.aliases:
            gaz.entries[gid] = dataclasses.replace(entry, aliases=kept)


def _drop_names_of_other_towns(gaz: Gazetteer) -> None:
    """A city's alternate name that is the own name of another town of its country, in
    another province, is a former name (GeoNames gives Newark 'Milford', the name of towns
    in Ohio, Delaware and Connecticut): the towns keep it."""
    owned: dict[str, set[tuple[str, str]]] = {}
    for lines in _town_lines().values():
        for rest in lines:
            _gid, label, cc, prov = rest.split("\t", 4)[:4]
            owned.setdefault(_folded(label), set()).add((cc, prov))
    for gid, entry in list(gaz.entries.items()):
        if entry.type != "Place" or entry.kind != "city":
            continue
        own = _folded(entry.label)
        parent = entry.parent or ""
        kept = tuple(
            a
            for a in entry.aliases
            if _spells(a, own)
            or not any(
                cc == entry.country and prov != parent for cc, prov in owned.get(_folded(a), ())
            )
        )
        if kept != entry.aliases:
            gaz.entries[gid] = dataclasses.replace(entry, aliases=kept)


def _spells(alias: str, own: str) -> bool:
    """Whether an alternate name spells the place's own ('Newcastle' for 'Newcastle upon
    Tyne', 'Shahjahanpur' for 'Shāhjānpur'): a word in common or a close spelling."""
    folded = _folded(alias)
    if folded == own or set(re.findall(r"\w+", folded)) & set(re.findall(r"\w+", own)):
        return True
    return difflib.SequenceMatcher(None, folded, own).ratio() >= 0.75


def _folded(text: str) -> str:
    """The lookup key without accents: 'Jalālābād' → 'jalalabad'."""
    decomposed = unicodedata.normalize("NFKD", normalise(text))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _drop_shared_aliases(gaz: Gazetteer) -> None:
    """An alternate name that GeoNames gives to several places, none of which contains
    another, is a former or foreign spelling of each ('Newtown' for Hartford, Tallahassee
    and Elmhurst; 'Bassora' for Basra and a Washington): it stays only with the places
    whose own name it spells. Places of one province keep a name they share, and districts
    and provinces keep theirs."""
    holders: dict[str, list[str]] = {}
    for gid, entry in gaz.entries.items():
        if entry.type == "Place" and entry.kind != "country":
            for alias in entry.aliases:
                holders.setdefault(normalise(alias), []).append(gid)
    for key, ids in holders.items():
        ids = sorted(set(ids))
        if len(ids) < 2 or _one_line_of_places(gaz, ids) or _one_province(gaz, ids):
            continue
        for gid in ids:
            entry = gaz.entries[gid]
            if entry.kind != "city" or _folded(entry.label) == _folded(key):
                continue  # a district's or province's names are curated, not variants
            kept = tuple(a for a in entry.aliases if normalise(a) != key)
            gaz.entries[gid] = dataclasses.replace(entry, aliases=kept)


def _one_province(gaz: Gazetteer, ids: list[str]) -> bool:
    """Whether the places share a province: 'Kohistan' for the two districts it was split
    into, both in Khyber Pakhtunkhwa."""
    provinces = {
        next((a.id for a in gaz.ancestors(gid) if a.kind == "province"), gid) for gid in ids
    }
    return len(provinces) == 1


def _one_line_of_places(gaz: Gazetteer, ids: list[str]) -> bool:
    """Whether the places lie one inside another (a district and its town share names)."""
    lines = {gid: {a.id for a in gaz.ancestors(gid)} for gid in ids}
    return all(a in lines[b] or b in lines[a] for i, a in enumerate(ids) for b in ids[i + 1 :])


#: How far a country's recorded point (its capital's coordinates) may lie from the city
#: taken as its capital.
CAPITAL_KM = 30.0


@cache
def capitals() -> dict[str, str]:
    """Country id → the id of its capital: the gazetteer's city of that country nearest to
    the country's point, which the country files record at the capital."""
    from incidentkg.kb.geo import km

    gaz = load_gazetteer()
    cities: dict[str, list[GazEntry]] = {}
    for e in gaz.entries.values():
        if e.type == "Place" and e.kind == "city" and e.lat is not None and e.country:
            cities.setdefault(e.country, []).append(e)
    out: dict[str, str] = {}
    for country in gaz.entries.values():
        if country.kind != "country" or country.lat is None or country.lon is None:
            continue
        near = [
            (km(country.lat, country.lon, c.lat, c.lon), -c.population, c.id)
            for c in cities.get(country.country or "", [])
            if c.lat is not None and c.lon is not None
        ]
        best = min(near, default=None)
        if best is not None and best[0] <= CAPITAL_KM:
            out[country.id] = best[2]
    return out


@cache
def area_populations() -> dict[str, int]:
    """Province, district or region id → the people of the gazetteer's towns in it: what
    tells the US state of Maryland from Liberia's county of that name."""
    gaz = load_gazetteer()
    out: dict[str, int] = {}
    for e in gaz.entries.values():
        if e.type == "Place" and e.kind == "city" and e.population:
            for area in gaz.ancestors(e.id)[1:]:
                if area.kind != "country":
                    out[area.id] = out.get(area.id, 0) + e.population
    return out


@cache
def ambiguous_places() -> dict[str, tuple[GazEntry, ...]]:
    """One-word place names the ruler does not match because they are also common words or
    first names ('Nice', 'Reading', 'Victoria'), by name: they need support from context."""
    out: dict[str, list[GazEntry]] = {}
    for entry in load_gazetteer().entries.values():
        if entry.type != "Place" or entry.kind in {"country", "province"}:
            continue
        if entry.ambiguous and len(entry.label.split()) == 1 and entry.label[:1].isupper():
            out.setdefault(entry.label, []).append(entry)
    return {k: tuple(sorted(v, key=lambda e: (-e.population, e.id))) for k, v in out.items()}


@dataclass(frozen=True)
class Town:
    """A town of ``towns.tsv``: too small for the span ruler, read only with support."""

    name: str
    country: str  # ISO 3166 code
    province: str | None  # a places.jsonl id
    population: int
    common: bool  # also a common word or first name: needs its province named
    geonames: int


@cache
def _town_lines() -> dict[str, list[str]]:
    """Lookup key → the raw lines of ``towns.tsv``, parsed only when asked for."""
    out: dict[str, list[str]] = {}
    with data_file("gazetteer", "towns.tsv").open(encoding="utf-8") as fh:
        for line in fh:
            keys, rest = line.split("\t", 1)
            for key in keys.split("|"):
                out.setdefault(key, []).append(rest)
    return out


def minor_towns(name: str) -> tuple[Town, ...]:
    """The towns of 5,000 people or more that ``places.jsonl`` lacks (``towns.tsv``, from
    ``scripts/build_towns.py``) called ``name``, largest first."""
    towns = []
    for rest in _town_lines().get(normalise(name), ()):
        gid, label, cc, prov, pop, _lat, _lon, common = rest.rstrip("\n").split("\t")
        towns.append(Town(label, cc, prov or None, int(pop), common == "1", int(gid)))
    return tuple(sorted(towns, key=lambda t: (-t.population, t.geonames)))


def _variants(alias: str, upper: bool) -> set[str]:
    out = {alias, alias.replace("'", "’")} if "'" in alias else {alias}
    if "-" in alias:  # 'Tehrik-i-Taliban' is often written 'Tehrik i Taliban'
        out.add(re.sub(r"\s*-\s*", " ", alias))
    if upper and len(alias) > 3:
        out.add(alias.upper())
    if alias.islower():
        out.add(alias[:1].upper() + alias[1:])
    return out


def _matchable(entry: GazEntry, alias: str) -> bool:
    """Skip names that are also common words or first names, unless they are big areas.

    A flagged place keeps multi-word names ("Tank District") but not one-word ones
    ("Tank", "Ali"); flagged single aliases survive only as short acronyms ("KP").
    """
    if alias in entry.ambiguous_aliases:
        return alias.isupper() and len(alias) <= 2
    words = entry.label.split()
    if entry.type == "Place" and len(words) > 1 and alias in words:
        # one word of a longer name ("Abbas" of "Fort Abbas") names many things, unless the
        # rest only says which part ("Kohistan" of "Upper Kohistan")
        return set(words) - {alias} <= word_set("place_name_modifiers")
    if entry.ambiguous and entry.kind != "country":
        return len(alias.split()) > 1
    return True


#: Countries whose towns are matched with every spelling and in datelines (upper case);
#: elsewhere a town is matched by its ASCII names only, which keeps the ruler small.
FOCUS_COUNTRIES = frozenset({"PK", "AF", "IN", "IR", "BD"})


def _names(entry: GazEntry) -> set[str]:
    names = {n for n in (entry.label, *entry.aliases) if _matchable(entry, n)}
    if entry.kind == "city" and entry.country not in FOCUS_COUNTRIES:
        names = {n for n in names if n.isascii()} or names
    return names


def entity_patterns(gaz: Gazetteer) -> list[dict[str, Any]]:
    """SpanRuler phrase patterns (case-sensitive) for every alias and acronym."""
    patterns: list[dict[str, Any]] = []
    for entry in gaz.entries.values():
        label = ORG_LABEL if entry.type == "Organization" else PLACE_LABEL
        upper = (
            entry.type == "Place"
            and not entry.ambiguous
            and (entry.country in FOCUS_COUNTRIES or entry.kind in {"country", "province"})
        )
        texts: set[str] = set(entry.acronyms)
        for name in _names(entry):
            texts |= _variants(name, upper=upper)
        patterns.extend({"label": label, "pattern": t, "id": entry.id} for t in sorted(texts))
    return patterns


def title_patterns(gaz: Gazetteer) -> list[dict[str, Any]]:
    patterns: list[dict[str, Any]] = []
    for entry in gaz.titles:
        for alias in sorted({entry.title, *entry.aliases}):
            texts = _variants(alias, upper=False)
            if not alias.isupper():
                texts |= {alias.lower(), alias.title()}
            patterns.extend(
                {"label": TITLE_LABEL, "pattern": t, "id": entry.title_class} for t in sorted(texts)
            )
    return patterns


@cache
def lexicon() -> dict[str, Any]:
    """Closed word lists (``data/lexicon.json``)."""
    with data_file("lexicon.json").open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


@cache
def word_set(name: str) -> frozenset[str]:
    """One closed list as a set; cached: extraction asks for some once per token."""
    return frozenset(lexicon()[name])
