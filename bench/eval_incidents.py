"""Measure extraction on the labelled incident descriptions of ``shared/eval/incidents_dev.jsonl``.

Each line is fed as one article with only its ``id`` and ``text`` (labels are never read
by the pipeline). The script builds a real store, exports the events table, and scores
each field only where the text states it:

- attack found: the article yields an attack event;
- perpetrator: the labelled group is named in the text;
- false perpetrator: the text names no group (label "Unknown") but we report one;
- killed / injured: the labelled number (GTD's killed includes attackers, so the
  number of victims alone also counts) appears in the text as digits or words;
- country: the country or a place of the gazetteer in it is named in the text;
- date: the text carries a date (GTD's ``MM/DD/YYYY:`` prefix).

Usage: ``python bench/eval_incidents.py [--limit N] [--errors FILE]``.
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from incidentkg.build.extraction import run_extraction
from incidentkg.kb.gazetteer import load_gazetteer, normalise
from incidentkg.nlp.pipeline import DEFAULT_MODEL
from incidentkg.query.export import events_table
from incidentkg.rdf import to_dataset
from incidentkg.records import Article, ArticleRecords, MemberRef
from incidentkg.resolve import resolve
from incidentkg.store.local import open_store, write_store

DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "incidents_dev.jsonl"
_WORDS = {
    1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight",
    9: "nine", 10: "ten", 11: "eleven", 12: "twelve", 13: "thirteen", 14: "fourteen",
    15: "fifteen", 16: "sixteen", 17: "seventeen", 18: "eighteen", 19: "nineteen", 20: "twenty",
}  # fmt: skip
_NONE = {"unknown", "", "none"}


def rows(limit: int | None) -> Iterator[dict[str, Any]]:
    with DEV.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if limit is not None and n >= limit:
                return
            yield json.loads(line)


def states_number(text: str, n: int | None) -> bool:
    if n is None:
        return False
    low = text.lower()
    if n == 0:
        return bool(
            re.search(r"\bno (reported )?(casualties|injuries|deaths|fatalities)\b|no one was", low)
        )
    pattern = rf"(?<![\d.]){n}(?![\d.])"
    return bool(re.search(pattern, low)) or (
        n in _WORDS and re.search(rf"\b{_WORDS[n]}\b", low) is not None
    )


def names_group(text: str, label: str | None) -> bool:
    if not label or label.lower() in _NONE:
        return False
    core = re.sub(r"\s*\(.*?\)", "", label)
    return (
        normalise(core) in normalise(text) or fuzz.partial_ratio(core.lower(), text.lower()) >= 90
    )


def same_group(predicted: list[str], label: str) -> bool:
    gaz = load_gazetteer()
    want = normalise(re.sub(r"\s*\(.*?\)", "", label))
    for name in predicted:
        names = {normalise(name)}
        for entry in gaz.entries.values():
            if entry.label == name:
                names |= {normalise(a) for a in (*entry.aliases, *entry.acronyms)}
        if want in names or any(fuzz.token_set_ratio(want, n) >= 85 for n in names):
            return True
    return False


def country_id(name: str | None) -> str | None:
    """Gazetteer id of a country name, so 'Turkey' and 'Türkiye' compare equal."""
    if not name:
        return None
    key = normalise(name)
    for entry in load_gazetteer().entries.values():
        if entry.kind == "country" and key in {normalise(n) for n in (entry.label, *entry.aliases)}:
            return entry.id
    return key


def names_country(text: str, country: str | None) -> bool:
    if not country:
        return False
    return normalise(country) in normalise(text)


def build(rows_: list[dict[str, Any]], store: Path) -> tuple[list[ArticleRecords], dict[str, Any]]:
    articles = (
        Article(id=r["id"], text=r["text"], source_path="incidents_dev.jsonl") for r in rows_
    )
    records = [item.records for item in run_extraction(articles, DEFAULT_MODEL)]
    resolution = resolve(records)
    write_store(store, to_dataset(records, resolution))
    table = {str(r["event_id"]): r for r in events_table(open_store(store))}
    events = {e.id: e for e in resolution.events}
    main: dict[str, Any] = {}
    for rec in records:
        attacks = [e for e in rec.events if e.category == "attack"]
        if attacks:
            rid = resolution.event_index[MemberRef(rec.article.id, attacks[0].key)]
            row = table.get(f"https://w3id.org/incidentkg/id/{rid}")
            if row is not None:  # attackers' figures are in the graph, not in the table
                row = dict(row)
                for kind in ("perpetrators_killed", "perpetrators_injured"):
                    summary = events[rid].summary(kind)  # type: ignore[arg-type]
                    row[f"_{kind}"] = summary[0] if summary else 0
            main[rec.article.id] = row
    return records, main


def _list(cell: Any) -> list[str]:
    if cell in (None, ""):
        return []
    return [str(c) for c in cell] if isinstance(cell, list) else str(cell).split("; ")


def score(
    rows_: list[dict[str, Any]], main: dict[str, Any]
) -> tuple[dict[str, list[bool]], list[dict[str, Any]]]:
    results: dict[str, list[bool]] = defaultdict(list)
    errors: list[dict[str, Any]] = []
    for r in rows_:
        text, row = r["text"], main.get(r["id"])
        found = row is not None
        results["attack found"].append(found)
        got: dict[str, Any] = dict(row) if row else {}
        perps = _list(got.get("perpetrators"))
        checks: dict[str, bool] = {}
        if names_group(text, r["perpetrator"]):
            checks["perpetrator"] = same_group(perps, r["perpetrator"])
        if (r["perpetrator"] or "unknown").lower() in _NONE:
            checks["false perpetrator"] = bool(perps)
        victims = None if r["killed"] is None else r["killed"] - (r.get("killed_perpetrators") or 0)
        if states_number(text, r["killed"]) or states_number(text, victims):
            checks["killed"] = _same_count(got, "killed", {r["killed"], victims})
        if states_number(text, r["injured"]):
            checks["injured"] = _same_count(got, "injured", {r["injured"]})
        if names_country(text, r["country"]):
            checks["country"] = country_id(got.get("country")) == country_id(r["country"])
        if r.get("date") and re.match(r"^\d{1,2}/\d{1,2}/\d{4}", text):
            checks["date"] = got.get("date") == r["date"]
        for k, v in checks.items():
            results[k].append(v)
            results[f"{k} [{r.get('label_kind', '?')}]"].append(v)
        bad = [k for k, v in checks.items() if v == (k == "false perpetrator")]
        if bad or not found:
            errors.append(_error(r, got, bad or ["attack found"]))
    return results, errors


def _same_count(got: dict[str, Any], kind: str, labels: set[int | None]) -> bool:
    """GTD counts attackers in its totals: victims alone or victims plus attackers both match."""
    victims = got.get(kind) or 0
    attackers = got.get(f"_perpetrators_{kind}") or 0
    return bool({victims, victims + attackers} & labels)


def _error(row: dict[str, Any], got: dict[str, Any], wrong: list[str]) -> dict[str, Any]:
    fields = ("perpetrator", "killed", "injured", "country", "date")
    return {
        "id": row["id"],
        "wrong": wrong,
        "text": row["text"],
        "label": {k: row[k] for k in fields},
        "got": {k: got.get("perpetrators" if k == "perpetrator" else k) for k in fields},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--errors", type=Path, default=None, help="write mistakes as JSONL here")
    args = parser.parse_args()
    rows_ = list(rows(args.limit))
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        _, main_events = build(rows_, Path(tmp) / "store")
    seconds = time.perf_counter() - t0
    results, errors = score(rows_, main_events)
    print(f"{len(rows_)} incident descriptions, {seconds:.0f} s")
    print(f"{'field':44} {'accuracy':>9} {'scored':>7}")
    for field, vals in sorted(results.items(), key=lambda kv: ("[" in kv[0], kv[0])):
        rate = sum(vals) / len(vals) if vals else 0.0
        print(f"{field:44} {rate:9.1%} {len(vals):7d}")
    kinds = Counter(k for e in errors for k in e["wrong"])
    print("mistakes by field:", dict(kinds))
    if args.errors:
        args.errors.write_text("".join(json.dumps(e) + "\n" for e in errors), encoding="utf-8")


if __name__ == "__main__":
    main()
