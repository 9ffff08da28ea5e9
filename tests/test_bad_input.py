"""The bad input catalogue (issue 7): every case is named, reported in one line and skipped.

Committed cases are in ``tests/data/bad_input/`` (see its README); the ones git cannot hold
(a 50 MB file, FIFOs, symlinks) are made at run time.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from incidentkg.cli import app
from incidentkg.errors import IncidentKGError, IngestError
from incidentkg.ingest import (
    MAX_ARTICLE_CHARS,
    MAX_FILE_BYTES,
    iter_articles,
    iter_file,
    read_file,
)
from incidentkg.rdf.mint import article_graph_iri
from incidentkg.records import Article
from incidentkg.store.local import open_store

BAD = Path(__file__).parent / "data" / "bad_input"
runner = CliRunner()

#: file → codes of its refused articles or rows, in order (line numbers for feeds).
EXPECTED_SKIPS = {
    "duplicate-b.txt": ["E007"],
    "empty.txt": ["E003"],
    "malformed.csv": ["E008:3", "E008:4", "E008:5"],
    "malformed.jsonl": ["E008:2", "E008:3", "E008:4", "E008:5", "E008:6"],
    "no-sentences.txt": ["E012"],
    "no-text-column.csv": ["E008:1"],
    "nonsense-dates.jsonl": ["E009:1", "E009:2", "E009:3", "E009:4", "E009:5"],
    "png-named.txt": ["E002"],
    "script-only.html": ["E011"],
    "whitespace-only.txt": ["E003"],
    "zip-named.txt": ["E002"],
}
EXPECTED_READ = [
    "cp1252",
    "duplicate-a",
    "malformed#c1",
    "malformed#ok-1",
    "malformed#ok-2",
    "nonsense-dates#d6",
    "utf16-bom",
]


def _label(exc: IngestError) -> tuple[str, str]:
    """(file name, code[:line]) of a reported skip."""
    m = re.fullmatch(r"(.*?)(?::(\d+))?(?: \(article .*\))?", exc.path)
    assert m, exc.path
    return Path(m[1]).name, exc.code + (f":{m[2]}" if m[2] else "")


def _skips(paths: list[Path]) -> tuple[list[str], dict[str, list[str]]]:
    skipped: dict[str, list[str]] = {}

    def note(exc: IngestError) -> None:
        name, label = _label(exc)
        skipped.setdefault(name, []).append(label)

    ids = [a.id for a in iter_articles(paths, on_skip=note)]
    return ids, skipped


def test_bad_input_catalogue_each_case_is_reported_and_skipped() -> None:
    """Every committed bad file gets its own code (and line); the good rows around it are read."""
    ids, skipped = _skips([BAD])
    assert skipped == EXPECTED_SKIPS
    assert ids == EXPECTED_READ


def test_bad_input_legacy_encodings_are_read_not_skipped() -> None:
    """cp1252 and UTF-16 (with BOM) are detected and decoded, curly quotes included."""
    (cp,) = read_file(BAD / "cp1252.txt")
    assert '"The attackers fled on a motorcycle," a police official said.' in cp.text
    assert "city's Civil Hospital; the café next" in cp.text
    (u16,) = read_file(BAD / "utf16-bom.txt")
    assert u16.dateline == "Lakki Marwat" and "Tehreek-e-Taliban Pakistan claimed" in u16.text


def test_bad_input_messages_name_the_file_and_reason() -> None:
    """The one-line message is what the user sees: file, line and reason, no traceback."""
    items = list(iter_file(BAD / "malformed.jsonl"))
    errors = [str(i) for i in items if isinstance(i, IngestError)]
    assert errors[0] == (
        f"[E008] {BAD / 'malformed.jsonl'}:2: malformed row: invalid JSON (Expecting ',' delimiter)"
    )
    assert all("\n" not in e for e in errors)


def test_bad_input_50_mb_file_is_refused_before_reading(tmp_path: Path) -> None:
    """A huge file is refused from its size alone, fast and without loading it."""
    big = tmp_path / "huge.txt"
    with big.open("wb") as fh:
        chunk = b"Gunmen attacked a checkpoint in Bannu on Sunday. " * 20_000
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(chunk)
    t0 = time.perf_counter()
    with pytest.raises(IngestError) as info:
        read_file(big)
    assert time.perf_counter() - t0 < 1.0
    assert info.value.code == "E006" and "limit is 10.0 MiB" in str(info.value)
    assert big.stat().st_size > MAX_FILE_BYTES


def test_bad_input_overlong_article_in_a_feed_row(tmp_path: Path) -> None:
    """One row over the article limit is skipped; the next row is still read."""
    feed = tmp_path / "long.jsonl"
    long_text = "Gunmen attacked a checkpoint. " * (MAX_ARTICLE_CHARS // 20)
    feed.write_text(
        f'{{"id": 1, "text": "{long_text}"}}\n{{"id": 2, "text": "A blast hit Quetta."}}\n'
    )
    items = list(iter_file(feed))
    assert isinstance(items[0], IngestError) and items[0].code == "E006"
    assert f"{feed}:1" in str(items[0]) and "200,000 characters" in str(items[0])
    assert isinstance(items[1], Article) and items[1].id == "long#2"


def _unreadable(tmp_path: Path) -> dict[str, str]:
    """Paths that cannot be read even as root, each with the reason we expect."""
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "folder.txt").mkdir()
    (tmp_path / "broken.txt").symlink_to(tmp_path / "gone.txt")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    return {
        "pipe.txt": "FIFO",
        "folder.txt": "folder",
        "broken.txt": "broken symbolic link",
        "loop.txt": "symbolic link loop",
    }


def test_bad_input_unreadable_paths_are_named(tmp_path: Path) -> None:
    """A FIFO would hang a naive reader; links and folders must not crash or vanish silently."""
    for name, reason in _unreadable(tmp_path).items():
        with pytest.raises(IngestError) as info:
            read_file(tmp_path / name)
        assert info.value.code == "E001" and reason in str(info.value), str(info.value)
        assert name in str(info.value)


def test_bad_input_unreadable_paths_in_a_folder_do_not_stop_the_batch(tmp_path: Path) -> None:
    """Walking a folder reports links and FIFOs (a folder named x.txt is walked into)."""
    _unreadable(tmp_path)
    (tmp_path / "good.txt").write_text("A blast hit a market in Quetta on Friday.")
    ids, skipped = _skips([tmp_path])
    assert ids == ["good"]
    assert skipped == {n: ["E001"] for n in ("broken.txt", "loop.txt", "pipe.txt")}


@pytest.mark.skipif(
    os.geteuid() == 0, reason="root reads a chmod 000 file; the FIFO case covers it"
)
def test_bad_input_permission_denied(tmp_path: Path) -> None:
    """A file we may not read is named with the system's reason."""
    path = tmp_path / "secret.txt"
    path.write_text("A blast hit Quetta.")
    path.chmod(0)
    with pytest.raises(IngestError) as info:
        read_file(path)
    assert info.value.code == "E001" and "Permission denied" in str(info.value)


def test_bad_input_missing_path_is_skipped_not_fatal(tmp_path: Path) -> None:
    """A typo in one of several paths loses that path only."""
    good = tmp_path / "good.txt"
    good.write_text("A blast hit a market in Quetta on Friday.")
    ids, skipped = _skips([tmp_path / "nope.txt", good])
    assert ids == ["good"] and skipped == {"nope.txt": ["E005"]}


def test_bad_input_nothing_readable_is_an_error(tmp_path: Path) -> None:
    """An empty result must not replace a good store with an empty one."""
    (tmp_path / "empty.txt").write_text("")
    with pytest.raises(IncidentKGError) as info:
        list(iter_articles([tmp_path]))
    assert info.value.code == "E013"


def test_bad_input_strict_stops_at_the_first(tmp_path: Path) -> None:
    """--strict: the first refusal (here the duplicate, in sorted order) raises."""
    with pytest.raises(IngestError) as info:
        list(iter_articles([BAD], strict=True))
    assert info.value.code == "E007" and "duplicate-b.txt" in str(info.value)


def _build(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, ["build", *map(str, args)])
    return result.exit_code, result.output


def _article_graphs(store: Path) -> set[str]:
    rows = open_store(store).query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    return {row[0].value for row in rows}  # type: ignore[union-attr]


def test_bad_input_cli_build_goes_on_and_counts_skips(tmp_path: Path) -> None:
    """The CLI names every skipped case, counts them, and writes only the good articles."""
    store = tmp_path / "store"
    code, output = _build(BAD, "--store", store)
    assert code == 0, output
    for name in EXPECTED_SKIPS:
        assert name in output
    assert re.search(r"skipped\D*21\b", output), output
    graphs = _article_graphs(store)
    for art_id in EXPECTED_READ:
        assert str(article_graph_iri(art_id)) in graphs
    assert str(article_graph_iri("duplicate-b")) not in graphs
    assert str(article_graph_iri("nonsense-dates#d1")) not in graphs


def test_bad_input_cli_strict_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    """--strict stops at the first bad article with exit 1; no store is created."""
    store = tmp_path / "store"
    code, output = _build(BAD, "--store", store, "--strict")
    assert code == 1 and "[E007]" in output and "duplicate-b.txt" in output
    assert not store.exists()


def test_bad_input_cli_nothing_readable_exits_1(tmp_path: Path) -> None:
    """Only bad files: exit 1 with E013, and no store."""
    store = tmp_path / "store"
    code, output = _build(BAD / "empty.txt", BAD / "png-named.txt", "--store", store)
    assert code == 1 and "[E013]" in output and "png-named.txt" in output
    assert not store.exists()
