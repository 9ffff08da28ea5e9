"""Issue 18, part 1: analysts' corrections that survive every rebuild.

The seed articles (seeds/README.md) give the cases: four reports of the 17 February 2023
Karachi police office attack resolved as one event (001 v1, 002 v1, 003 v2, 004 v1), a
meeting in Rawalpindi (000 #2), the CTD under several names, and "Asif Aijaz Shaikh" /
"Asif Ejaz Shaikh" resolved as one person. Kinds are tested on the plain records (no spaCy),
survival through real builds driven by the CLI runner on copies of the seed store.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from incidentkg.build.incremental import read_saved
from incidentkg.cli import app
from incidentkg.curate import apply_corrections, corrections_path, read_corrections
from incidentkg.curate.file import add_correction, parse_entry, remove_corrections
from incidentkg.errors import IncidentKGError
from incidentkg.query.export import EVENT_COLUMNS, events_table
from incidentkg.query.run import run_sparql
from incidentkg.records import ArticleRecords, Correction, MemberRef, Resolution, Target
from incidentkg.resolve import resolve
from incidentkg.store.local import open_store

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
KARACHI = "002_957e3dca12d6409c"  # one report of the Karachi police office attack
AFP = "004_fa3c90a052d64be8"  # another ('Gunbattle raging ...'), also tells of a Peshawar bombing
MEETING = "000_1ae3dd4d32bd3edf#2"
IS_ID = "organization/islamic-state-edfbb278"
WHEN = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC)
CORRECTIONS_GRAPH = "<https://w3id.org/incidentkg/graph/corrections>"
runner = CliRunner()


@dataclass(frozen=True)
class Seeds:
    records: list[ArticleRecords]
    resolution: Resolution


@pytest.fixture(scope="module")
def seeds(seed_store: Path) -> Seeds:
    records = [s.records for s in read_saved(seed_store).articles.values()]
    return Seeds(records, resolve(records))


def fix(kind: str, *targets: Target, **extra: str) -> Correction:
    return Correction("c1", kind, targets, "alice", WHEN, "a test", **extra)  # type: ignore[arg-type]


def apply(seeds: Seeds, *corrections: Correction) -> tuple[Resolution, list[bool]]:
    resolution, report = apply_corrections(seeds.resolution, corrections, seeds.records)
    return resolution, [o.applied for o in report.outcomes]


def event_of(resolution: Resolution, article: str, key: str) -> str:
    return resolution.event_index[MemberRef(article, key)]


def entity_named(resolution: Resolution, label: str) -> list[str]:
    return [e.id for e in resolution.entities if label in (e.label, *e.aliases)]


# --- each kind, on the plain records --------------------------------------------------------


def test_curate_reject_event_removes_it_with_every_report(seeds: Seeds) -> None:
    before = event_of(seeds.resolution, MEETING, "v1")
    resolution, applied = apply(seeds, fix("reject_event", Target(article=MEETING)))
    assert applied == [True]
    assert before not in {e.id for e in resolution.events}
    assert len(resolution.events) == len(seeds.resolution.events) - 1


def test_curate_merge_events_makes_one_event_of_both(seeds: Seeds) -> None:
    a = Target(article="000_1ae3dd4d32bd3edf", key="v2")  # a 2013 operation told in passing
    b = Target(article=KARACHI, key="v1")
    resolution, applied = apply(seeds, fix("merge_events", a, b))
    assert applied == [True]
    merged = event_of(resolution, KARACHI, "v1")
    assert merged == event_of(resolution, "000_1ae3dd4d32bd3edf", "v2")
    event = next(e for e in resolution.events if e.id == merged)
    assert len(event.members) == 5
    assert len(resolution.events) == len(seeds.resolution.events) - 1


def test_curate_split_mention_makes_an_event_of_its_own(seeds: Seeds) -> None:
    """Found by its mention words: the key is wrong on purpose (extraction renumbered)."""
    target = Target(article=AFP, key="v9", mention="gunbattle")
    resolution, applied = apply(seeds, fix("split_mention", target))
    assert applied == [True]
    alone = next(e for e in resolution.events if e.id == event_of(resolution, AFP, "v1"))
    rest = next(e for e in resolution.events if e.id == event_of(resolution, KARACHI, "v1"))
    assert [m.article_id for m in alone.members] == [AFP]
    assert len(rest.members) == 3 and AFP not in {m.article_id for m in rest.members}


@pytest.mark.parametrize(
    ("field", "value", "check"),
    [
        ("date", "2023-02-18", lambda e: e.date.start == dt.date(2023, 2, 18)),
        ("place", "Peshawar", lambda e: e.place.startswith("place/peshawar")),
        ("category", "security_operation",
         lambda e: (e.category, e.event_type) == ("security_operation", "SecurityOperation")),
        ("event_type", "SuicideAttack",
         lambda e: (e.category, e.event_type) == ("attack", "SuicideAttack")),
        ("perpetrator", "Islamic State",
         lambda e: [r.entity for r in e.roles if r.role == "perpetrator"] == [IS_ID]),
        ("perpetrator", "none", lambda e: not [r for r in e.roles if r.role == "perpetrator"]),
        ("perpetrator_status", "suspected", lambda e: e.perpetrator_status == "suspected"),
    ],
)  # fmt: skip
def test_curate_set_field_sets_each_field(
    seeds: Seeds, field: str, value: str, check: object
) -> None:
    target = Target(article=KARACHI, key="v1")
    resolution, applied = apply(seeds, fix("set_field", target, field=field, value=value))
    assert applied == [True]
    event = next(e for e in resolution.events if e.id == event_of(resolution, KARACHI, "v1"))
    assert check(event)  # type: ignore[operator]


def test_curate_set_figure_keeps_sources_and_reports_the_machine_value(seeds: Seeds) -> None:
    target = Target(article=KARACHI, key="v1")
    _, report = apply_corrections(
        seeds.resolution, [fix("set_field", target, field="killed", value="4")], seeds.records
    )
    (outcome,) = report.outcomes
    assert outcome.machine_value == ("4-5",) and outcome.corrected_value == ("4",)
    assert report.corrected_fields(outcome.corrects[0]) == ["killed"]


def test_curate_same_entity_merges_and_repoints_events(seeds: Seeds) -> None:
    corr = fix("same_entity", Target(label="Pakistan Rangers"), Target(label="Sindh Rangers"))
    resolution, applied = apply(seeds, corr)
    assert applied == [True]
    assert entity_named(resolution, "Sindh Rangers") == entity_named(resolution, "Pakistan Rangers")
    assert len(resolution.entities) == len(seeds.resolution.entities) - 1
    ids = {e.id for e in resolution.entities}
    assert set(resolution.entity_index.values()) <= ids


def test_curate_different_entities_splits_one_into_two(seeds: Seeds) -> None:
    (before,) = entity_named(seeds.resolution, "Asif Ejaz Shaikh")
    corr = fix(
        "different_entities", Target(label="Asif Aijaz Shaikh"), Target(label="Asif Ejaz Shaikh")
    )
    resolution, applied = apply(seeds, corr)
    assert applied == [True]
    aijaz = [e for e in resolution.entities if e.label == "Asif Aijaz Shaikh"]
    ejaz = [e for e in resolution.entities if e.label == "Asif Ejaz Shaikh"]
    assert len(aijaz) == len(ejaz) == 1 and aijaz[0].id == before != ejaz[0].id
    assert "Asif Ejaz Shaikh" not in aijaz[0].aliases
    assert len(resolution.entities) == len(seeds.resolution.entities) + 1


def test_curate_rename_entity_keeps_the_machine_label_as_alias(seeds: Seeds) -> None:
    corr = fix("rename_entity", Target(label="CTD"), value="CTD Sindh")
    resolution, applied = apply(seeds, corr)
    assert applied == [True]
    (ctd,) = [e for e in resolution.entities if e.label == "CTD Sindh"]
    assert "Counter Terrorism Department" in ctd.aliases


def test_curate_target_by_iri_when_the_article_is_gone(seeds: Seeds) -> None:
    """The resolved IRI is the fallback; a target found by neither is reported with why."""
    iri = "https://w3id.org/incidentkg/id/" + event_of(seeds.resolution, MEETING, "v1")
    by_iri = fix("reject_event", Target(article="no-such-article", iri=iri))
    gone = fix("reject_event", Target(article="no-such-article", key="v1"))
    _, report = apply_corrections(seeds.resolution, [by_iri, gone], seeds.records)
    assert [o.applied for o in report.outcomes] == [True, False]
    assert "no-such-article is not in the store" in report.unresolved[0].note


def test_curate_ambiguous_entity_is_reported_not_guessed(seeds: Seeds) -> None:
    """After the first rename two entities are called "Pakistan Rangers": the second
    correction names neither rather than guess."""
    first = fix("rename_entity", Target(label="Sindh Rangers"), value="Pakistan Rangers")
    second = fix("rename_entity", Target(label="Pakistan Rangers"), value="Rangers")
    _, report = apply_corrections(seeds.resolution, [first, second], seeds.records)
    assert [o.applied for o in report.outcomes] == [True, False]
    assert "2 entities are called 'Pakistan Rangers'" in report.unresolved[0].note


# --- the file -------------------------------------------------------------------------------


def test_curate_file_add_and_remove_keep_comments(tmp_path: Path) -> None:
    path = tmp_path / "store.corrections.yaml"
    path.write_text("# my notes\n", encoding="utf-8")
    for n in (1, 2, 3):
        target = (Target(article=f"a{n}"),)
        add_correction(path, Correction(f"c{n}", "reject_event", target, "bob", WHEN, f"{n}"))
    text = path.read_text(encoding="utf-8").replace("- id: c2", "# about c2\n- id: c2")
    path.write_text(text.replace("- id: c3", "# keep this\n- id: c3"), encoding="utf-8")
    remove_corrections(path, ["c2"])
    assert [c.id for c in read_corrections(path)] == ["c1", "c3"]
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# my notes\n") and "# keep this" in text and "about c2" not in text
    assert read_corrections(path)[1].targets == (Target(article="a3"),)


@pytest.mark.parametrize(
    ("entry", "words"),
    [
        ({"kind": "reject", "target": {"article": "a"}}, "unknown kind"),
        ({"kind": "merge_events", "target": {"article": "a"}}, "names 2 target(s)"),
        ({"kind": "set_field", "target": {"article": "a"}, "field": "date", "value": "2023-02-31"},
         "day is out of range"),
        ({"kind": "set_field", "target": {"article": "a"}, "field": "kiled", "value": "3"},
         "unknown field"),
        ({"kind": "reject_event", "target": {"label": "x"}}, "an event target needs"),
    ],
)  # fmt: skip
def test_curate_bad_entry_is_e101_naming_it(entry: dict[str, object], words: str) -> None:
    entry = {"id": "x1", "who": "a", "when": "2026-12-01", "why": "b", **entry}
    with pytest.raises(IncidentKGError) as info:
        parse_entry(entry, 1)
    assert info.value.code == "E101" and "'x1'" in str(info.value) and words in str(info.value)


def test_curate_entry_without_who_why_when_is_refused() -> None:
    for missing in ("who", "why", "when"):
        entry = {"id": "x", "kind": "reject_event", "target": {"article": "a"},
                 "who": "a", "why": "b", "when": "2026-12-01"}  # fmt: skip
        del entry[missing]
        with pytest.raises(IncidentKGError, match=missing):
            parse_entry(entry, 1)


def test_curate_broken_file_stops_the_build_with_e100(seed_store: Path, tmp_path: Path) -> None:
    store = _copy(seed_store, tmp_path)
    corrections_path(store).write_text("- id: [unclosed\n", encoding="utf-8")
    result = runner.invoke(
        app, ["build", "--store", str(store), str(SEEDS / "000_1ae3dd4d32bd3edf.txt")]
    )
    assert result.exit_code == 1 and "[E100]" in result.output


# --- survival through real builds (the CLI runner) --------------------------------------------


def _copy(seed_store: Path, tmp_path: Path) -> Path:
    store = tmp_path / "store"
    shutil.copytree(seed_store, store)
    return store


def _invoke(*args: str | Path) -> str:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


def _event(store: Path, article: str) -> dict[str, object]:
    rows = events_table(open_store(store))
    return next(r for r in rows if article in (r["sources"] or []))  # type: ignore[operator]


def _select(store: Path, variables: str, where: str) -> list[list[str | None]]:
    """Rows of plain strings (no pyoxigraph object outlives the call)."""
    query = (f"PREFIX ikg: <https://w3id.org/incidentkg/ontology#> SELECT {variables} "
             f"WHERE {{ GRAPH {CORRECTIONS_GRAPH} {where} }}")  # fmt: skip
    return run_sparql(open_store(store), query).rows


def _corrections(store: Path) -> dict[str, bool]:
    rows = _select(store, "?id ?ok", "{ ?c ikg:correctionId ?id ; ikg:applied ?ok }")
    return {str(i): ok == "true" for i, ok in rows}


def test_curate_events_table_has_corrected_last() -> None:
    """New columns go at the end: corrected, then the confidence (issue 18)."""
    assert EVENT_COLUMNS[-2:] == ("corrected", "confidence")


def test_curate_cli_add_apply_list_remove(seed_store: Path, tmp_path: Path) -> None:
    """The whole loop through the real CLI: add (applied at once), list, remove, rebuild."""
    store = _copy(seed_store, tmp_path)
    out = _invoke("curate", "add", "set-field", "--article", KARACHI, "--key", "v1",
                  "--field", "killed", "--value", "4", "--why", "Dawn's final toll",
                  "--who", "alice", "--store", store, "--apply")  # fmt: skip
    assert "Added correction c1" in out and "corrections applied" in out
    row = _event(store, KARACHI)
    assert (row["killed"], row["killed_max"], row["corrected"]) == (4, 4, ["killed"])
    listed = _invoke("curate", "list", "--store", store)
    assert "c1  set_field  applied" in listed and "by alice" in listed
    _invoke("curate", "remove", "c1", "--store", store)
    assert read_corrections(corrections_path(store)) == []
    _invoke("build", "--store", store, SEEDS / f"{KARACHI}.txt")
    row = _event(store, KARACHI)
    assert (row["killed"], row["killed_max"], row["corrected"]) == (4, 5, [])


def test_curate_correction_survives_a_rebuild(seed_store: Path, tmp_path: Path) -> None:
    store = _copy(seed_store, tmp_path)
    _invoke("curate", "add", "set-field", "--article", KARACHI, "--mention", "attack",
            "--field", "date", "--value", "2023-02-18", "--why", "t", "--store", store)  # fmt: skip
    _invoke("build", SEEDS, "--store", store, "--rebuild", "--jobs", "1")
    row = _event(store, KARACHI)
    assert (row["date"], row["corrected"]) == ("2023-02-18", ["date"])
    assert _corrections(store) == {"c1": True}


def test_curate_correction_survives_add_and_remove_of_sources(
    seed_store: Path, tmp_path: Path
) -> None:
    """Remove a source, add it back (the event changes both times): the correction holds;
    remove the very article the target names: the build reports it (W010), and the
    corrections graph keeps it with ikg:applied false."""
    store = _copy(seed_store, tmp_path)
    _invoke("curate", "add", "split-mention", "--article", "003_6859a8ce8024f20a", "--key", "v1",
            "--why", "compiled page", "--store", store)  # fmt: skip
    _invoke("curate", "add", "set-field", "--article", KARACHI, "--key", "v1", "--field",
            "injured", "--value", "20", "--why", "hospital list", "--store", store)  # fmt: skip
    _invoke("remove", AFP, "--store", store)
    row = _event(store, KARACHI)
    assert row["sources"] == ["001_65fdf65b9538ef1d", KARACHI] and row["injured"] == 20
    out = _invoke("build", SEEDS / f"{AFP}.txt", "--store", store, "--jobs", "1")
    assert "W010" not in out
    row = _event(store, KARACHI)
    assert row["sources"] == ["001_65fdf65b9538ef1d", KARACHI, AFP]
    assert (row["injured"], row["injured_max"], row["corrected"]) == (
        20,
        20,
        ["injured", "members"],
    )
    out = _invoke("remove", KARACHI, "--store", store)
    assert "[W010] correction 'c2' (set_field) not applied" in out and KARACHI in out
    assert _corrections(store) == {"c1": True, "c2": False}


def test_curate_hand_edited_file_applies_with_curate_apply(
    seed_store: Path, tmp_path: Path
) -> None:
    """The file is the interface: an entry written by hand, replayed without extraction;
    the corrections graph keeps the machine value beside the analyst's."""
    store = _copy(seed_store, tmp_path)
    corrections_path(store).write_text(
        "- id: peshawar\n  kind: set_field\n"
        f"  target: {{article: {AFP}, mention: bomb blast}}\n"
        "  field: date\n  value: '2023-01-30'\n  who: alice\n  when: 2026-12-01\n"
        "  why: the police-lines mosque bombing\n",
        encoding="utf-8",
    )
    out = _invoke("curate", "apply", "--store", store)
    assert "corrections applied" in out and "W010" not in out
    rows = _select(store, "?m ?v", "{ ?c ikg:machineValue ?m ; ikg:correctedValue ?v }")
    assert [tuple(r) for r in rows] == [("--01-31", "2023-01-30")]
    row = next(r for r in events_table(open_store(store)) if r["date"] == "2023-01-30")
    assert row["place"] == "Peshawar" and row["corrected"] == ["date"]
