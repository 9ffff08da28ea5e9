"""Ingest: page furniture, several articles in one file, publication stamps, datelines."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from incidentkg.errors import IngestError
from incidentkg.ingest import articles_from_text, read_file

PAGE = """Flood relief convoy ambushed in Kunar

Updated 14 March 2025
Follow
Short Url

Flood relief convoy ambushed in Kunar

In this file photo, trucks wait at a border crossing. (AP/File)
JALALABAD: Gunmen ambushed a relief convoy in Kunar province on Thursday, officials said.
Two drivers were wounded.

Leave a Reply
Your email address will not be published. Required fields are marked *


Mayor opens new bridge in Herat

Updated 15 March 2025
Follow

Mayor opens new bridge in Herat

HERAT: The mayor opened a bridge on Friday.
Source link
"""


def test_ingest_splits_articles_and_strips_furniture() -> None:
    """A saved page with two stories becomes two clean articles with their own stamps."""
    arts = articles_from_text(PAGE, "page", "page.txt")
    assert [a.id for a in arts] == ["page", "page#2"]
    first, second = arts
    assert first.title == "Flood relief convoy ambushed in Kunar"
    assert first.published == dt.date(2025, 3, 14)
    assert second.published == dt.date(2025, 3, 15)
    assert first.dateline == "Jalalabad"
    for junk in ("Follow", "Short Url", "Leave a Reply", "file photo", "Your email", "Source link"):
        assert junk not in first.text and junk not in second.text
    assert first.text.count("Flood relief convoy ambushed in Kunar") == 1
    assert "Two drivers were wounded." in first.text


def test_ingest_scraper_date_stamp_with_caption() -> None:
    """' date 2021-05-02 <caption> —AFP' gives the date and drops the caption."""
    text = (
        " date 2021-05-02 Soldiers patrol a street in Quetta. —AFP\n\nQUETTA: A blast hit a market."
    )
    (art,) = articles_from_text(text, "x", "x.txt")
    assert art.published == dt.date(2021, 5, 2)
    assert "Soldiers patrol" not in art.text
    assert art.text.startswith("QUETTA: A blast")


def test_ingest_published_option_is_a_fallback() -> None:
    """--published applies only to articles whose text has no stamp."""
    (art,) = articles_from_text("A blast hit a market.", "y", "y.txt", dt.date(2020, 1, 2))
    assert art.published == dt.date(2020, 1, 2)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "E003"),
        (b"   \n\n ", "E003"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "E002"),
        (b"PK\x03\x04\x14\x00 zipped", "E002"),
    ],
)
def test_ingest_bad_files_raise_with_path_and_code(
    tmp_path: Path, content: bytes, code: str
) -> None:
    """Unusable files fail with the file name and a catalogued reason."""
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(IngestError) as info:
        read_file(path)
    assert info.value.code == code
    assert str(path) in str(info.value)


@pytest.mark.parametrize(
    ("title", "head"),
    [
        ("Six dead as forces end hotel siege – USA TODAY", "Six dead as forces end hotel siege"),
        ("Police kill gunman in raid - Reuters", "Police kill gunman in raid"),
        ("Blast kills 5 – police", "Blast kills 5 – police"),
        ("Quetta attack – What We Know So Far", "Quetta attack – What We Know So Far"),
    ],
)
def test_ingest_headline_drops_the_outlets_name(title: str, head: str) -> None:
    """An outlet's name after a dash ends many headlines; it is not news ('TODAY' is no date).
    A longer tail (five words) or a lower-case one is part of the headline."""
    from incidentkg.ingest.text import with_headline

    assert with_headline("Body text.", title) == f"{head}\n\nBody text."
