"""Input formats a real user has (issue 3): .txt, saved .html/.htm pages, .jsonl and .csv feeds.

Fixtures are in ``tests/data/formats/`` (see its README).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from incidentkg.build.api import build_store
from incidentkg.errors import IngestError
from incidentkg.ingest import iter_articles, read_file
from incidentkg.ingest.feeds import parse_feed_date
from incidentkg.ingest.normalize import normalize_text
from incidentkg.records import Article

FORMATS = Path(__file__).parent / "data" / "formats"


def _by_id(paths: list[Path]) -> dict[str, Article]:
    return {a.id: a for a in iter_articles(paths)}


def test_ingest_formats_html_main_text_and_metadata() -> None:
    """A saved page gives its article text, title, date, site and URL, and no page chrome."""
    (art,) = read_file(FORMATS / "frontier-quetta-blast.html")
    assert art.id == "frontier-quetta-blast"
    assert art.title == "Five killed as bomb hits police van in Quetta"
    assert art.published == dt.date(2023, 2, 18)
    assert art.source == "The Daily Frontier"
    assert art.url and art.url.startswith("https://frontier.example.org/news/1745521/")
    assert art.dateline == "Quetta"
    assert "Five policemen were killed and 12 people injured" in art.text
    for chrome in ("Home", "Advertisement", "Related stories", "Copyright", "dataLayer", "{"):
        assert chrome not in art.text


def test_ingest_formats_undated_htm_page_keeps_no_date() -> None:
    """A page without a date gets none: no date guessed from the running text or the clock."""
    (art,) = read_file(FORMATS / "undated-kunar-ambush.htm")
    assert art.published is None
    assert art.title == "Relief convoy ambushed in Kunar"
    assert "Share" not in art.text and "Gunmen ambushed a flood relief convoy" in art.text


def test_ingest_formats_jsonl_rows_ids_and_fields() -> None:
    """Feed rows become articles ``<stem>#<row id>`` with their optional fields."""
    arts = _by_id([FORMATS / "feed-wire.jsonl"])
    assert list(arts) == ["feed-wire#a1", "feed-wire#2", "feed-wire#gtd-3"]
    a1 = arts["feed-wire#a1"]
    assert (a1.title, a1.published, a1.source) == (
        "Checkpoint attacked in Bannu",
        dt.date(2024, 7, 15),
        "Feed Wire",
    )
    assert a1.url == "https://feed.example.org/a1"
    assert arts["feed-wire#2"].published == dt.date(2024, 7, 22)  # RFC 2822 date


def test_ingest_formats_feeds_never_read_label_fields(tmp_path: Path) -> None:
    """Label columns (answers of an annotated set) must not reach the article in any form."""
    arts = _by_id([FORMATS / "feed-wire.jsonl", FORMATS / "feed-desk.csv"])
    for art in arts.values():
        dumped = json.dumps([str(v) for v in art.__dict__.values()])
        for label in ("killed=3", "ArmedAssault", "gold_killed", "operation", '"attack"'):
            assert label not in dumped


def test_ingest_formats_gtd_date_prefix_is_a_hint_not_a_publication_date() -> None:
    """'03/31/2017:' stays in the text for extraction and becomes the date hint only."""
    art = _by_id([FORMATS / "feed-wire.jsonl"])["feed-wire#gtd-3"]
    assert art.text.startswith("03/31/2017: Assailants")
    assert art.date_hint == dt.date(2017, 3, 31)
    assert art.published is None


def test_ingest_formats_csv_multiline_text_and_empty_optionals() -> None:
    """Quoted multi-line text is one field; empty optional cells are absent, not ''."""
    arts = _by_id([FORMATS / "feed-desk.csv"])
    assert list(arts) == ["feed-desk#101", "feed-desk#102"]
    assert arts["feed-desk#101"].published == dt.date(2024, 3, 18)
    second = arts["feed-desk#102"]
    assert second.title is None and second.published is None and second.url is None
    assert "\n\nThe suspects were wanted" in second.text


def test_ingest_formats_text_quirks_are_repaired() -> None:
    """Mojibake, curly quotes and no-break spaces would split tokens and defeat patterns."""
    (art,) = read_file(FORMATS / "quirks.txt")
    assert "city's police chief" in art.text  # was "cityâ€™s"
    assert "Peshawar's Qissa Khwani" in art.text and '"It was a powerful blast,"' in art.text
    assert "\u00a0" not in art.text and "â€" not in art.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-07-07", dt.date(2024, 7, 7)),
        ("2024-07-07T23:10:00Z", dt.date(2024, 7, 7)),
        ("Sun, 07 Jul 2024 10:00:00 +0500", dt.date(2024, 7, 7)),
        ("7 July 2024", dt.date(2024, 7, 7)),
        ("July 7, 2024", dt.date(2024, 7, 7)),
        ("07/07/2024", None),
        ("soon", None),
    ],
)
def test_ingest_formats_feed_date_forms(text: str, expected: dt.date | None) -> None:
    """Feeds carry ISO, RFC 2822 (RSS) and written dates; day/month orders are ambiguous."""
    assert parse_feed_date(text) == expected


def test_ingest_formats_normalize_is_idempotent() -> None:
    """Re-ingesting stored text must not change it (offsets into it are stored)."""
    once = normalize_text("Karachiâ€™s “police”\u00a0office\r\n")
    assert normalize_text(once) == once == 'Karachi\'s "police" office\n'


def test_ingest_formats_colliding_ids_stay_unique(tmp_path: Path) -> None:
    """Two index.html in different folders are different articles with distinct, stable ids."""
    for folder, city in (("a", "Quetta"), ("b", "Lahore")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text(f"A blast hit a market in {city} on Friday.")
    ids = [a.id for a in iter_articles([tmp_path])]
    again = [a.id for a in iter_articles([tmp_path])]
    assert ids[0] == "x" and ids[1].startswith("x~") and ids == again


def test_ingest_formats_read_file_is_strict_on_feeds(tmp_path: Path) -> None:
    """read_file (one file, no batch) raises at the first bad row instead of skipping it."""
    feed = tmp_path / "f.jsonl"
    feed.write_text('{"id": 1, "text": "A blast hit Quetta."}\n{"id": 2}\n')
    with pytest.raises(IngestError) as info:
        read_file(feed)
    assert info.value.code == "E008" and f"{feed}:2" in str(info.value)


def test_ingest_formats_mixed_folder_yields_events_for_every_article(tmp_path: Path) -> None:
    """A folder of every format goes through extraction; undated articles still give events."""
    result = build_store(tmp_path / "store", [FORMATS])
    events = {rec.article.id: rec.events for rec in result.records}
    assert set(events) == {
        "frontier-quetta-blast", "undated-kunar-ambush", "quirks", "feed-wire#a1",
        "feed-wire#2", "feed-wire#gtd-3", "feed-desk#101", "feed-desk#102",
    }  # fmt: skip
    assert all(events.values()), {k: len(v) for k, v in events.items()}
    assert not result.skipped
    (gtd,) = events["feed-wire#gtd-3"]
    assert gtd.date is not None and gtd.date.start == dt.date(2017, 3, 31)


def test_ingest_formats_rows_of_one_feed_with_one_text_stay_two_records(tmp_path: Path) -> None:
    """An incident list repeats one summary for each attack of a series under ids of its
    own: both rows are records. A row repeated under its own id, and a copy of the text in
    another file, are duplicates (E007)."""
    text = "Gunmen attacked two posts in Bala, Farah. This was one of two related attacks."
    rows = [{"id": "r1", "text": text}, {"id": "r2", "text": text}, {"id": "r1", "text": text}]
    feed = tmp_path / "list.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    (tmp_path / "copy.txt").write_text(text + "\n", encoding="utf-8")
    skipped: list[IngestError] = []
    ids = [a.id for a in iter_articles([feed, tmp_path / "copy.txt"], on_skip=skipped.append)]
    assert ids == ["list#r1", "list#r2"]
    assert [e.code for e in skipped] == ["E007", "E007"]
    assert "copy.txt" in str(skipped[1]) and "(article list#r1): same text" in str(skipped[0])
