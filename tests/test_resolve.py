"""Cross-article resolution on articles written for these tests (none from the seeds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from incidentkg.build.api import BuildReport, build_store
from incidentkg.records import ResolvedEvent

ARTICLES = {
    "a": "Updated 10 March 2025\n\nLAHORE: At least eight people were killed and 20 injured "
    "when a bomb exploded near a police checkpoint in Lahore on Sunday, officials said.\nSenior "
    "Superintendent of Police (SSP) Mohammad Naveed said the bomb was planted on a motorcycle.\n"
    "Jamaat-ul-Ahrar claimed responsibility for the blast.",
    "b": "Updated 10 March 2025\n\nA bomb blast near a police checkpoint in Lahore on Sunday "
    "killed ten people, police said.\nSSP Muhammad Naveed told reporters that 22 people were "
    "wounded.",
    "c": "Updated 12 February 2025\n\nLAHORE: Gunmen shot dead two traders at a market in "
    "Lahore on Tuesday, police said.",
}


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> BuildReport:
    folder = tmp_path_factory.mktemp("articles")
    for name, text in ARTICLES.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return build_store(tmp_path_factory.mktemp("store") / "s", [folder])


def _beside(folder: Path) -> Path:
    """A store path next to (not inside) the folder of input articles."""
    return folder.with_name(folder.name + "-store")


def _events(result: BuildReport, category: str) -> list[ResolvedEvent]:
    return [e for e in result.resolution.events if e.category == category]


def test_resolve_same_event_from_two_sources(result: BuildReport) -> None:
    """Two reports of one bombing with different counts become one event with both figures."""
    ents = {e.id: e for e in result.resolution.entities}
    lahore_bombings = [
        e for e in _events(result, "attack") if e.place and ents[e.place].label == "Lahore"
        and e.date and e.date.start and e.date.start.isoformat() == "2025-03-09"
    ]  # fmt: skip
    assert len(lahore_bombings) == 1
    ev = lahore_bombings[0]
    assert {m.article_id for m in ev.members} == {"a", "b"}
    assert ev.summary("killed") == (8, 10)
    assert ev.summary("injured") == (20, 22)
    assert ev.perpetrator_status == "claimed"
    assert {ents[r.entity].label for r in ev.roles if r.role == "perpetrator"} == {
        "Jamaat-ul-Ahrar"
    }
    sources = {f.evidence.article_id for f in ev.figures}
    assert sources == {"a", "b"}


def test_resolve_different_dates_stay_apart(result: BuildReport) -> None:
    """A shooting a month earlier in the same city is another event."""
    attacks = _events(result, "attack")
    assert len(attacks) == 2
    dates = sorted(str(e.date.start) for e in attacks if e.date)
    assert dates == ["2025-02-11", "2025-03-09"]


def test_resolve_spelling_variants_with_same_title_merge(result: BuildReport) -> None:
    """'Mohammad Naveed' and 'Muhammad Naveed', both SSP, are one person with both spellings."""
    people = [e for e in result.resolution.entities if e.type == "Person"]
    naveed = [p for p in people if "Naveed" in p.label]
    assert len(naveed) == 1
    assert {naveed[0].label, *naveed[0].aliases} >= {"Mohammad Naveed", "Muhammad Naveed"}
    assert {m.article_id for m in naveed[0].members} == {"a", "b"}


def test_resolve_is_deterministic(result: BuildReport, tmp_path: Path) -> None:
    """Rebuilding the same inputs gives the same ids (order of files does not matter)."""
    for name, text in reversed(list(ARTICLES.items())):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    again = build_store(_beside(tmp_path), [tmp_path])
    assert [e.id for e in again.resolution.events] == [e.id for e in result.resolution.events]
    assert [e.id for e in again.resolution.entities] == [e.id for e in result.resolution.entities]


def test_resolve_undated_reports_without_shared_anchor_stay_apart(tmp_path: Path) -> None:
    """Two undated bombings with no common town, target or victim are two events: being
    merely compatible is not enough evidence to merge."""
    (tmp_path / "x.txt").write_text("A car bomb exploded near a market, killing four people.")
    (tmp_path / "y.txt").write_text("A car bomb exploded near a mosque, killing nine people.")
    result = build_store(_beside(tmp_path), [tmp_path])
    assert len([e for e in result.resolution.events if e.category == "attack"]) == 2


def test_resolve_a_day_apart_and_spelled_differently(tmp_path: Path) -> None:
    """Reports on either side of midnight, one using the town's short name, are one event."""
    (tmp_path / "p.txt").write_text(
        "Updated 05 May 2025\n\nA suicide bomber struck a shrine in Dera Ismail Khan late on "
        "Sunday, killing nine worshippers, police said."
    )
    (tmp_path / "q.txt").write_text(
        "Updated 06 May 2025\n\nNine worshippers were killed when a suicide bomber attacked a "
        "shrine in DI Khan early on Monday, officials said."
    )
    result = build_store(_beside(tmp_path), [tmp_path])
    attacks = [e for e in result.resolution.events if e.category == "attack"]
    assert len(attacks) == 1
    assert {m.article_id for m in attacks[0].members} == {"p", "q"}


def _attacks(folder: Path) -> list[ResolvedEvent]:
    built = build_store(_beside(folder), [folder])
    assert built.resolution is not None
    return [e for e in built.resolution.events if e.category == "attack"]


def test_resolve_reports_of_one_day_and_town_merge_without_a_shared_detail(tmp_path: Path) -> None:
    """Issue 16: two news reports of an attack in one town on one day are one event even when
    they share no target word or figure (tolls rise between reports)."""
    (tmp_path / "p.txt").write_text(
        "Updated 04 June 2025\n\nA suicide bomber killed 14 people in Sibi on Tuesday, "
        "officials said."
    )
    (tmp_path / "q.txt").write_text(
        "Updated 05 June 2025\n\nThe toll of Tuesday's blast in Sibi rose to 19 after a "
        "suicide bomber blew himself up near a crowd on Tuesday, police said."
    )
    events = _attacks(tmp_path)
    assert len(events) == 1, [(e.date, e.members) for e in events]
    assert {m.article_id for m in events[0].members} == {"p", "q"}


def test_resolve_report_dated_by_publication_joins_the_dated_report(tmp_path: Path) -> None:
    """A report that states no date (dated by its publication day, inferred) joins the report
    of the same attack that gives the day, and the stated day wins."""
    (tmp_path / "p.txt").write_text(
        "Updated 03 June 2025\n\nGunmen attacked a police station in Kohat on Monday, killing "
        "five policemen."
    )
    (tmp_path / "q.txt").write_text(
        "Updated 06 June 2025\n\nFive policemen were killed when gunmen attacked a police "
        "station in Kohat, officials said."
    )
    events = _attacks(tmp_path)
    assert len(events) == 1, [(e.date, e.members) for e in events]
    assert events[0].date is not None and events[0].date.day == 2


def test_resolve_same_day_and_town_but_different_sites_stay_apart(tmp_path: Path) -> None:
    """Two attacks in one city on one day at different sites are two events."""
    (tmp_path / "p.txt").write_text(
        "Updated 04 June 2025\n\nA bomb exploded at a shrine in Quetta on Tuesday, killing six "
        "people."
    )
    (tmp_path / "q.txt").write_text(
        "Updated 04 June 2025\n\nGunmen opened fire on a bus in Quetta on Tuesday, killing "
        "seven passengers."
    )
    assert len(_attacks(tmp_path)) == 2


def test_resolve_two_spots_of_one_town_on_one_day_are_one_event(tmp_path: Path) -> None:
    """One report places the bombing on one road of Quetta, another on a second road of the
    same town: one day's news of one town, nothing contradicting, so one event. The second
    report gives no publication date, only its address (a news page, not an incident list)."""
    (tmp_path / "p.txt").write_text(
        "Updated 04 June 2025\n\nA suicide bomber blew up his car near the Jinnah Road "
        "area of Quetta on Tuesday, killing nine people, officials said."
    )
    (tmp_path / "q.jsonl").write_text(
        '{"id": "q", "url": "https://news.example/q", "text": "At least nine people were '
        "killed when a car bomb exploded on Zarghoon Road in Quetta on June 3, 2025, "
        'police said."}\n'
    )
    events = _attacks(tmp_path)
    assert len(events) == 1, [(e.date, e.place, e.members) for e in events]


def test_resolve_the_town_as_its_sources_spell_it(tmp_path: Path) -> None:
    """Issue 16: the events table's city follows the sources' spelling when it is a variant
    of the gazetteer's ('Batagram' for Battagram), not an abbreviation or another name."""
    (tmp_path / "p.txt").write_text(
        "Updated 04 June 2025\n\nGunmen killed four policemen at a checkpoint in Batagram "
        "on Tuesday, officials in Batagram said."
    )
    (tmp_path / "q.txt").write_text(
        "Updated 04 June 2025\n\nA bomb killed six people at a market in Sibi on Tuesday."
    )
    events = {e.city_as_written: e for e in _attacks(tmp_path)}
    assert set(events) == {"Batagram", None}, list(events)


def test_resolve_a_quarter_listed_as_a_town_is_one_town_for_a_days_news(tmp_path: Path) -> None:
    """Issue 16: Surulere is a town of the gazetteer 7 km from Lagos's centre: two reports of
    one day's bombing, one naming the city, one the quarter, are one event; a town farther away
    (Ikeja, 17 km) is not."""
    (tmp_path / "p.txt").write_text(
        "Updated 04 June 2025\n\nA suicide bomber killed 14 people at a market in Lagos on "
        "Tuesday, police said."
    )
    (tmp_path / "q.txt").write_text(
        "Updated 05 June 2025\n\nThe toll of Tuesday's market bombing in Surulere rose to 16, "
        "officials said."
    )
    (tmp_path / "r.txt").write_text(
        "Updated 05 June 2025\n\nA suicide bomber killed 15 people at a market in Ikeja on "
        "Tuesday, police said."
    )
    groups = sorted(sorted(m.article_id for m in e.members) for e in _attacks(tmp_path))
    assert groups == [["p", "q"], ["r"]], groups


def test_resolve_a_small_shared_toll_does_not_join_two_days(tmp_path: Path) -> None:
    """News pages of one town a day apart: 'two killed' is too common to make them one
    event, a larger shared toll still corroborates. Rows of an incident list (no date of
    publication, no address) are one incident each: they never merge on town and detail."""
    (tmp_path / "a.txt").write_text(
        "Updated 21 May 2017\n\nAssailants attacked a guesthouse in Kandahar on Saturday. Two "
        "guards were killed. The Taliban claimed responsibility."
    )
    (tmp_path / "b.txt").write_text(
        "Updated 22 May 2017\n\nAssailants shot and killed two court employees in Kandahar "
        "on Sunday. No group claimed responsibility for the incident."
    )
    (tmp_path / "c.txt").write_text(
        "Updated 11 June 2017\n\nA suicide bomber killed 23 people at a mosque in Kandahar "
        "on Saturday."
    )
    (tmp_path / "d.txt").write_text(
        "Updated 12 June 2017\n\nA suicide bombing on Sunday killed 23 worshippers in Kandahar, "
        "officials said."
    )
    groups = sorted(sorted(m.article_id for m in e.members) for e in _attacks(tmp_path))
    assert ["a"] in groups and ["b"] in groups, groups
    assert ["c", "d"] in groups, groups
    rows = tmp_path / "rows"
    rows.mkdir()
    (rows / "list.jsonl").write_text(
        '{"id": "e", "text": "06/10/2017: A suicide bomber killed 23 people at a mosque in '
        'Kandahar, Afghanistan."}\n'
        '{"id": "f", "text": "06/11/2017: A suicide bombing killed 23 worshippers at a mosque in '
        'Kandahar, Afghanistan."}\n'
    )
    listed = sorted(sorted(m.article_id.split("#")[-1] for m in e.members) for e in _attacks(rows))
    assert listed == [["e"], ["f"]], listed


def test_resolve_the_news_report_dates_an_event_another_article_recalls(tmp_path: Path) -> None:
    """An article reporting the Wichita shooting as its news says Thursday; another recalls
    it as 'a day after' its own news, a day off. The reporting article's day wins the tie."""
    (tmp_path / "p.txt").write_text(
        "Updated 06 June 2025\n\nA gunman killed three people at a factory in Wichita on "
        "Thursday, police said."
    )
    (tmp_path / "q.txt").write_text(
        "Updated 06 June 2025\n\nA gunman killed four people at a mall in Tulsa on Thursday. "
        "The shooting came a day after a gunman killed three people at a factory in Wichita."
    )
    attacks = _attacks(tmp_path)
    events = [e for e in attacks if {m.article_id for m in e.members} == {"p", "q"}]
    assert len(events) == 1, [(e.date, e.members) for e in attacks]
    assert events[0].date is not None and events[0].date.day == 5
