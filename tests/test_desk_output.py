"""Output a person can read (issue 18, part 2): short ids, tables that fit the terminal,
the articles listing, a stats summary, one-line syntax errors, XLSX, and article URLs from
the input to the events table and the graph page. Real stores, the real CLI."""

from __future__ import annotations

import doctest
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import openpyxl
import pytest
import typer.main
from rich.cells import cell_len
from typer.testing import CliRunner

from incidentkg.cli import app
from incidentkg.cli import stats as cli_stats
from incidentkg.ingest.readers import READERS
from incidentkg.query import export, rows, run
from incidentkg.query.export import EVENT_COLUMNS, xlsx_bytes
from incidentkg.store.local import open_store
from incidentkg.viz.data import page_data

REPO = Path(__file__).resolve().parents[1]
FORMATS = REPO / "tests" / "data" / "formats"
SCRIPT = Path(sys.executable).with_name("incidentkg")
IRI = re.compile(r"https?://")
CANONICAL = (
    "https://frontier.example.org/news/1745521/five-killed-as-bomb-hits-police-van-in-quetta"
)
SCRAPED = "https://scraper.example.org/r1"


def _invoke(*args: str | Path, columns: int | None = None) -> tuple[int, str]:
    env = {"COLUMNS": str(columns)} if columns else {}
    result = CliRunner().invoke(app, [str(a) for a in args], env=env)
    return result.exit_code, result.output


def _widest(output: str) -> int:
    return max(cell_len(line) for line in output.splitlines())


@pytest.fixture(scope="module")
def url_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The format fixtures plus a scraper feed: URLs from a canonical link, a feed's `url`
    and its `original_link`, and a `javascript:` link that must not be kept."""
    folder = tmp_path_factory.mktemp("urls") / "in"
    shutil.copytree(FORMATS, folder, ignore=shutil.ignore_patterns("*.md"))
    rows_ = [
        {"id": "r1", "published": "2024-08-02", "original_link": SCRAPED, "title": "Quetta",
         "text": "QUETTA: A bomb exploded in a crowded market in Quetta on Thursday, killing "
                 "four people, police said."},
        {"id": "r2", "published": "2024-08-03", "url": "javascript:alert(1)",
         "text": "PESHAWAR: Gunmen shot dead two policemen in Peshawar on Friday, police said."},
    ]  # fmt: skip
    (folder / "scraped.jsonl").write_text("\n".join(json.dumps(r) for r in rows_) + "\n")
    store = folder.parent / "store"
    code, output = _invoke("build", folder, "--store", store, "--jobs", "1")
    assert code == 0, output
    return store


# --- tables ------------------------------------------------------------------------------


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("name", ["events", "chain"])
def test_desk_tables_fit_the_terminal_without_iris(
    seed_store: Path, name: str, columns: int
) -> None:
    """Regression (issue 18): `query events` and `chain` printed full IRIs in a 400-column
    table whatever the terminal. Now no line is wider than COLUMNS and no IRI is shown."""
    code, output = _invoke("query", name, "--store", seed_store, columns=columns)
    assert code == 0, output
    assert _widest(output) <= columns
    assert not IRI.search(output)
    assert "event/2023-02-17-armedassault-karachi-" in output  # the short id, whole
    if name == "chain":
        assert "Omar Farooq" in output and "Counter Terrorism Department" in output


def test_desk_iri_option_shows_whole_iris(seed_store: Path) -> None:
    code, output = _invoke("query", "chain", "--store", seed_store, "--iri", columns=120)
    assert code == 0 and "https://w3id.org/incidentkg/id/event/2023-02-17-armedassault" in output
    assert _widest(output) <= 120


@pytest.mark.parametrize("layout", ["table", "records"])
def test_desk_forced_layout_still_fits(seed_store: Path, layout: str) -> None:
    """A table forced into 80 columns wraps its cells (long ones cut with an ellipsis)."""
    args = ("query", "events", "--store", seed_store, "--layout", layout)
    code, output = _invoke(*args, columns=80)
    assert code == 0 and _widest(output) <= 80
    assert ("┃" in output) == (layout == "table")
    assert ("1 of 8" in output) == (layout == "records")


def test_desk_wide_pipe_keeps_one_table(seed_store: Path) -> None:
    """Without COLUMNS a pipe still gets one unwrapped table, now with short ids."""
    code, output = _invoke("query", "chain", "--store", seed_store)
    assert code == 0 and output.count("\n") == 6  # 5 table lines and the row count
    assert not IRI.search(output) and "│ Tehreek-e-Taliban Pakistan │" in output


@pytest.mark.parametrize("columns", [None, 80])
def test_desk_fast_path_prints_the_same(seed_store: Path, columns: int | None) -> None:
    """The console script's fast path shortens IRIs and honours COLUMNS like the CLI."""
    args = [str(SCRIPT), "query", "chain", "--store", str(seed_store)]
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "INCIDENTKG_NO_FASTPATH")}
    if columns:
        env["COLUMNS"] = str(columns)
    fast = subprocess.run(args, capture_output=True, env=env, check=True, timeout=120)
    full = subprocess.run(args, capture_output=True, env={**env, "INCIDENTKG_NO_FASTPATH": "1"},
                          check=True, timeout=120)  # fmt: skip
    assert fast.stdout == full.stdout
    assert b"https://" not in fast.stdout and b"event/2024-07-23-securityoperation" in fast.stdout


def test_desk_short_ids() -> None:
    assert rows.short_iri("https://w3id.org/incidentkg/graph/resolved") == "graph/resolved"
    assert rows.short_iri("http://www.w3.org/2000/01/rdf-schema#label") == "rdfs:label"
    assert rows.short_iri("https://w3id.org/incidentkg/id/") == "w3id.org/incidentkg/id/"
    assert rows.readable([["a", None, "https://schema.org/url"]]) == [["a", None, "schema:url"]]


def test_desk_doctests() -> None:
    for module in (rows, run, export):
        result = doctest.testmod(module)
        assert result.failed == 0 and result.attempted > 0, module.__name__


# --- commands ----------------------------------------------------------------------------


def test_desk_articles_lists_what_remove_needs(seed_store: Path) -> None:
    code, output = _invoke("articles", "--store", seed_store, "-f", "json")
    assert code == 0, output
    listed = json.loads(output)
    assert len(listed) == 6  # five seed files, one of which holds two articles
    assert {r["article_id"] for r in listed} >= {"000_1ae3dd4d32bd3edf#2", "004_fa3c90a052d64be8"}
    assert all(int(r["events"]) >= 1 for r in listed)
    assert any(r["published"] == "2024-07-24" for r in listed)
    code, output = _invoke("articles", "--store", seed_store, columns=80)
    assert code == 0 and _widest(output) <= 80 and "6 row(s)" in output


def test_desk_remove_help_example_works(seed_store: Path, tmp_path: Path) -> None:
    """The example in `remove --help` names a real seed article and withdraws it."""
    code, helptext = _invoke("remove", "--help", columns=200)
    found = re.search(r"incidentkg remove (\S+) --store", helptext)
    assert code == 0 and found
    store = tmp_path / "store"
    shutil.copytree(seed_store, store)
    code, output = _invoke("remove", found[1], "--store", store)
    assert code == 0, output
    code, output = _invoke("articles", "--store", store, "-f", "json")
    ids = {r["article_id"] for r in json.loads(output)}
    assert found[1] not in ids and len(ids) == 5
    code, output = _invoke("query", "events", "--store", store, "-f", "json")
    assert any(r["date"] == "2023-02-17" and r["category"] == "attack" for r in json.loads(output))


def test_desk_stats_is_a_summary(seed_store: Path) -> None:
    """Regression (issue 18): `stats` printed one row per graph (3,990 on a large store)."""
    code, output = _invoke("stats", "--store", seed_store, columns=120)
    assert code == 0, output
    for title in ("Events by category", "Events by type", "Events by country", "Events by year",
                  "Largest graphs"):  # fmt: skip
        assert title in output
    assert re.search(r"Pakistan\s+│\s+7 │", output) and re.search(r"2024\s+│\s+3 │", output)
    assert "graph/resolved" in output and not IRI.search(output)
    assert "graph/article/000_1ae3dd4d32bd3edf#2" in output  # the id `remove` takes, not %23
    code, output = _invoke("stats", "--store", seed_store, "--graphs", "--iri", columns=200)
    assert code == 0 and output.count("https://w3id.org/incidentkg/graph/article/") == 6


def test_desk_stats_long_lists_are_cut() -> None:
    table = cli_stats._counts_table("t", {f"g{i}": 100 - i for i in range(25)}, "graph", 10)
    assert table.row_count == 11  # ten, then "... 15 more" with their sum
    assert table.columns[1]._cells[-1] == str(sum(100 - i for i in range(10, 25)))


def test_desk_build_help_names_every_input_format() -> None:
    code, output = _invoke("build", "--help", columns=200)
    assert code == 0
    for suffix in READERS:
        assert suffix in output, suffix
    assert "original_link" in output


def test_desk_readme_command_block_names_every_command() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Command line", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    named = set(re.findall(r"^incidentkg (\w+)", block, re.MULTILINE))
    commands = set(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    assert "articles" in commands and named == commands


def test_desk_no_arguments_prints_help() -> None:
    """Regression (issue 18): `incidentkg` alone exited 2, the internal-error code."""
    for args in ([], ["export"]):
        code, output = _invoke(*args)
        assert code == 0 and "Usage" in output and "Commands" in output
    proc = subprocess.run([str(SCRIPT)], capture_output=True, timeout=120, check=False)
    assert proc.returncode == 0 and b"Usage" in proc.stdout


def test_desk_syntax_error_is_one_line_and_a_caret(seed_store: Path) -> None:
    """Regression (issue 18): E041 listed Oxigraph's Unicode ranges over five lines."""
    query = "SELECT * WHERE { ?s ?p ex:a }"
    code, output = _invoke("query", query, "--store", seed_store)
    lines = output.splitlines()
    assert code == 1 and len(lines) == 3, output
    assert lines[0].startswith("[E041]") and "1:28" in lines[0] and "undeclared prefix" in lines[0]
    assert lines[1] == f"  {query}" and lines[2] == " " * (2 + 27) + "^"
    code, output = _invoke("query", "SELECT * WHERE { ?s ?p ?o", "--store", seed_store)
    assert code == 1 and "u{" not in output and len(output.splitlines()) == 3


# --- XLSX --------------------------------------------------------------------------------


def test_desk_export_xlsx_is_a_real_workbook(seed_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.xlsx"
    code, output = _invoke("export", "events", "--store", seed_store, "-o", out)
    assert code == 0, output
    sheet = openpyxl.load_workbook(out).active
    assert tuple(c.value for c in sheet[1]) == EVENT_COLUMNS
    assert sheet.max_row == 1 + 8  # the eight seed events
    killed = [row[EVENT_COLUMNS.index("killed")].value for row in sheet.iter_rows(min_row=2)]
    assert 80 in killed and all(k is None or isinstance(k, int) for k in killed)


@pytest.mark.parametrize(
    ("args", "name"),
    [(["events", "-f", "csv"], "x.xlsx"), (["events"], "x.xls"), (["graph"], "g.xlsx")],
)
def test_desk_export_refuses_a_misleading_suffix(
    seed_store: Path, tmp_path: Path, args: list[str], name: str
) -> None:
    code, output = _invoke("export", *args, "--store", seed_store, "-o", tmp_path / name)
    assert code == 1 and "[E052]" in output and not (tmp_path / name).exists()


def test_desk_xlsx_formula_text_stays_text(tmp_path: Path) -> None:
    """An article's text that starts with "=" must not become a live formula."""
    (tmp_path / "t.xlsx").write_bytes(xlsx_bytes([{"a": "=1+1", "b": 3}], ["a", "b"], "t"))
    cell = openpyxl.load_workbook(tmp_path / "t.xlsx").active["A2"]
    assert cell.value == "=1+1" and cell.data_type == "s"


# --- article URLs ------------------------------------------------------------------------


def test_desk_urls_reach_the_events_table(url_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    code, output = _invoke("export", "events", "--store", url_store, "-o", out)
    assert code == 0, output
    events = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    by_source = {s: e["source_urls"] for e in events for s in e["sources"]}
    assert by_source["frontier-quetta-blast"] == [CANONICAL]
    assert by_source["scraped#r1"] == [SCRAPED]
    assert by_source["quirks"] == []  # a text file has no URL
    assert by_source["scraped#r2"] == []  # javascript: is not kept
    code, output = _invoke("query", "events", "--store", url_store, columns=120)
    assert code == 0 and "scraper.example.org/r1" in output and not IRI.search(output)


def test_desk_urls_in_articles_and_the_graph_page(url_store: Path) -> None:
    code, output = _invoke("articles", "--store", url_store, "-f", "json")
    urls = {r["article_id"]: r["url"] for r in json.loads(output)}
    assert code == 0 and urls["scraped#r1"] == SCRAPED and urls["scraped#r2"] is None
    page = page_data(open_store(url_store))
    shown = {url for node in page["nodes"] for _, _, url in node["sources"]}
    assert {CANONICAL, SCRAPED} <= shown and "javascript:alert(1)" not in shown


def test_desk_graph_page_links_the_sources(url_store: Path, tmp_path: Path) -> None:
    """In a real browser, the panel of an event lists its source with a link to its URL."""
    from test_viz import _chromium_run

    page = page_data(open_store(url_store))
    event = next(
        n
        for n in page["nodes"]
        if n["kind"] == "event" and any(s[2] == SCRAPED for s in n["sources"])
    )
    assert sum(n["label"] == event["label"] for n in page["nodes"]) == 1
    out = tmp_path / "graph.html"
    code, output = _invoke("viz", "--store", url_store, "-o", out)
    assert code == 0, output
    dom = _chromium_run(out.as_uri() + "#search=" + quote(event["label"]), tmp_path, "--dump-dom")
    assert f"<h2>{event['label']}</h2>" in dom
    assert re.search(rf'<a href="{re.escape(SCRAPED)}"[^>]*rel="noopener noreferrer"', dom)
    assert "Sources (1)" in dom
