"""The command line, driven through Typer's CliRunner on the real seed store."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import rdflib
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from conftest import SEEDS, SeedBuild
from incidentkg.cli import app
from incidentkg.query.export import ENTITY_COLUMNS, EVENT_COLUMNS
from incidentkg.store.local import RESOLVED_GRAPH, open_store, write_store
from test_remote import free_port, wait_until_up

runner = CliRunner()


def _invoke(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.output


def _assert_same_graphs(expected: rdflib.Dataset, actual: rdflib.Dataset) -> None:
    names = {g.identifier for g in expected.graphs() if len(g)}
    assert names == {g.identifier for g in actual.graphs() if len(g)}
    for name in names:
        assert isomorphic(expected.graph(name), actual.graph(name)), name


def test_cli_version() -> None:
    """Bug reports need the version."""
    code, output = _invoke("--version")
    assert code == 0 and output.startswith("incidentkg ")


def test_cli_help_lists_commands() -> None:
    """A newcomer starts from --help; every command must be there."""
    code, output = _invoke("--help")
    assert code == 0
    for command in ("build", "validate", "query", "export", "stats", "remove", "load", "serve"):
        assert command in output


def test_cli_build_prints_summary(seed_build: SeedBuild) -> None:
    """The build summary is how a user knows what went into the store."""
    for word in ("articles", "entities", "events", "quads", "seconds", "SHACL"):
        assert word in seed_build.output


def test_cli_build_freezes_the_heap_at_exit(seed_store: Path) -> None:
    """A build or remove process freezes its heap when it ends (issue 17): the interpreter's
    last collections would otherwise walk every object the build left (1.8 s). atexit runs
    handlers last-in first-out, so the one registered first sees the freeze."""
    code = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 0))\n"
        "from incidentkg.cli import app\n"
        "sys.argv = ['incidentkg', 'remove', 'no-such-id', '--store', sys.argv[1]]\n"
        "app()\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    # E035 (no such article) comes once the build has begun: nothing is written
    proc = subprocess.run([sys.executable, "-c", code, str(seed_store)], env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert "frozen True" in proc.stdout, proc.stdout + proc.stderr


def test_cli_build_skips_bad_file(tmp_path: Path) -> None:
    """A bad file is named with its reason and skipped; the batch goes on."""
    good = tmp_path / "good.txt"
    shutil.copy(next(SEEDS.glob("*.txt")), good)
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4")
    code, output = _invoke("build", good, bad, "--store", tmp_path / "store")
    assert code == 0, output
    assert "bad.pdf" in output and "W001" in output
    assert (tmp_path / "store").is_dir()


def test_cli_build_strict_stops_on_bad_file(tmp_path: Path) -> None:
    """--strict turns a skipped file into an error and writes no store."""
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4")
    code, output = _invoke("build", bad, "--strict", "--store", tmp_path / "store")
    assert code == 1 and "E004" in output
    assert not (tmp_path / "store").exists()


def test_cli_build_bad_published_date(tmp_path: Path) -> None:
    """A wrong --published is a user error with the expected format in the message."""
    code, output = _invoke("build", SEEDS, "--published", "17/02/2023", "--store", tmp_path / "s")
    assert code == 1 and "E010" in output


def test_cli_validate_seed_store_conforms(seed_store: Path) -> None:
    """The seed graph is our reference: it must conform to the shapes."""
    code, output = _invoke("validate", "--store", seed_store)
    assert code == 0, output
    assert "conforms" in output


def test_cli_validate_reports_violations(tmp_path: Path, seed_dataset: rdflib.Dataset) -> None:
    """A store that breaks the shapes makes `validate` exit 1 so CI can stop on it."""
    resolved = rdflib.URIRef(RESOLVED_GRAPH)
    event_cls = rdflib.URIRef("https://w3id.org/incidentkg/ontology#Event")
    events = set(seed_dataset.graph(resolved).subjects(rdflib.RDF.type, event_cls))
    assert events
    broken = rdflib.Dataset()
    for s, p, o, g in seed_dataset.quads((None, None, None, None)):
        strip = s in events and p == rdflib.RDF.type and o != event_cls and g == resolved
        if not strip:  # events keep ikg:Event but lose their category and type classes
            broken.graph(g).add((s, p, o))
    write_store(tmp_path / "store", broken)
    code, output = _invoke("validate", "--store", tmp_path / "store")
    assert code == 1, output
    assert "does not conform" in output


def test_cli_query_table(seed_store: Path) -> None:
    """The default table output shows the chain's answer."""
    code, output = _invoke("query", "chain", "--store", seed_store)
    assert code == 0, output
    assert "Omar Farooq" in output and "row(s)" in output


def test_cli_query_csv(seed_store: Path) -> None:
    """CSV output has the query's columns as header."""
    code, output = _invoke("query", "chain", "--store", seed_store, "--format", "csv")
    assert code == 0, output
    header = next(csv.reader(output.splitlines()))
    assert header[:3] == ["group", "attack", "attack_label"]


def test_cli_query_json(seed_store: Path) -> None:
    """JSON output is a list of row objects."""
    code, output = _invoke("query", "chain", "--store", seed_store, "--format", "json")
    assert code == 0, output
    rows = json.loads(output)
    assert isinstance(rows, list) and rows and "mastermind" in rows[0]


def test_cli_query_file_and_inline(seed_store: Path, tmp_path: Path) -> None:
    """Queries can come from a .rq file or straight from the command line."""
    sparql = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    (tmp_path / "count.rq").write_text(sparql, encoding="utf-8")
    for spec in (str(tmp_path / "count.rq"), sparql):
        code, output = _invoke("query", spec, "--store", seed_store, "-f", "json")
        assert code == 0, output
        assert int(json.loads(output)[0]["n"]) > 0


def test_cli_query_syntax_error(seed_store: Path) -> None:
    """A SPARQL typo is the user's to fix: exit 1 with the parser's message."""
    code, output = _invoke("query", "SELECT ?s WHERE { ?s ?p }", "--store", seed_store)
    assert code == 1
    assert "E041" in output and "error at" in output


def test_cli_query_unknown_name(seed_store: Path) -> None:
    """An unknown name lists the named queries so the user can pick one."""
    code, output = _invoke("query", "no-such-query", "--store", seed_store)
    assert code == 1
    assert "E040" in output and "chain" in output


def test_cli_query_missing_store(tmp_path: Path) -> None:
    """Querying before building says to build first."""
    code, output = _invoke("query", "chain", "--store", tmp_path / "none")
    assert code == 1 and "E030" in output


def test_cli_export_events_csv_header(seed_store: Path, tmp_path: Path) -> None:
    """Analysts' spreadsheets depend on the exact column order."""
    out = tmp_path / "events.csv"
    code, output = _invoke("export", "events", "--store", seed_store, "-f", "csv", "-o", out)
    assert code == 0, output
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert tuple(rows[0]) == EVENT_COLUMNS
    assert len(rows) > 1
    assert list(tmp_path.iterdir()) == [out]  # no temp file left behind


def test_cli_export_entities_csv_header(seed_store: Path, tmp_path: Path) -> None:
    """The entities table has its documented columns."""
    out = tmp_path / "entities.csv"
    code, output = _invoke("export", "entities", "--store", seed_store, "-o", out)
    assert code == 0, output
    with out.open(encoding="utf-8", newline="") as fh:
        assert tuple(next(csv.reader(fh))) == ENTITY_COLUMNS


def test_cli_export_jsonl_types(seed_store: Path, tmp_path: Path) -> None:
    """JSONL keeps lists as arrays and counts as numbers, unlike CSV."""
    for what, columns in (("events", EVENT_COLUMNS), ("entities", ENTITY_COLUMNS)):
        out = tmp_path / f"{what}.jsonl"
        code, output = _invoke("export", what, "--store", seed_store, "-f", "jsonl", "-o", out)
        assert code == 0, output
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert rows and all(tuple(r) == columns for r in rows)
        assert all(isinstance(r["sources"], list) for r in rows)
    events = [json.loads(x) for x in (tmp_path / "events.jsonl").read_text("utf-8").splitlines()]
    assert any(isinstance(r["killed"], int) for r in events)


def test_cli_export_graph_trig_and_nq(seed_store: Path, seed_dataset: rdflib.Dataset,
                                      tmp_path: Path) -> None:  # fmt: skip
    """TriG and N-Quads carry every graph, isomorphic to the store, graph by graph."""
    for fmt, rdflib_format in (("trig", "trig"), ("nq", "nquads")):
        out = tmp_path / f"graph.{fmt}"
        code, output = _invoke("export", "graph", "--store", seed_store, "-f", fmt, "-o", out)
        assert code == 0, output
        back = rdflib.Dataset()
        back.parse(out, format=rdflib_format)
        _assert_same_graphs(seed_dataset, back)


def test_cli_export_graph_ttl_is_resolved_graph(
    seed_store: Path, seed_dataset: rdflib.Dataset, tmp_path: Path
) -> None:
    """Turtle has no named graphs, so it carries the resolved graph only."""
    out = tmp_path / "resolved.ttl"
    code, output = _invoke("export", "graph", "--store", seed_store, "-f", "ttl", "-o", out)
    assert code == 0, output
    back = rdflib.Graph().parse(out, format="turtle")
    assert isomorphic(back, seed_dataset.graph(rdflib.URIRef(RESOLVED_GRAPH)))


def test_cli_export_unwritable_target(seed_store: Path, tmp_path: Path) -> None:
    """Writing under a regular file is a user error, not a crash."""
    (tmp_path / "file").write_text("x", encoding="utf-8")
    out = tmp_path / "file" / "events.csv"
    code, output = _invoke("export", "events", "--store", seed_store, "-o", out)
    assert code == 1 and "E051" in output


def test_cli_stats(seed_store: Path) -> None:
    """stats shows the counts a user checks after a build."""
    code, output = _invoke("stats", "--store", seed_store)
    assert code == 0, output
    for word in ("articles", "Entities", "Events", "resolved"):
        assert word in output


_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _served_count(base: str) -> int:
    response = httpx.get(
        f"{base}/query",
        params={"query": _COUNT},
        headers={"Accept": "application/sparql-results+json"},
        timeout=10,
    )
    response.raise_for_status()
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def _wait_for(condition: object, seconds: float = 15.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if callable(condition) and condition():
                return True
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    return False


def test_cli_serve_answers_sparql_read_only_and_follows_rebuilds(
    seed_store: Path, tmp_path: Path
) -> None:
    """`serve` gives a real SPARQL endpoint over HTTP (union default graph, like `query`),
    a query page, refuses updates, picks up a rebuilt store, and stops with its server."""
    store = tmp_path / "store"
    shutil.copytree(seed_store, store)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-c", "from incidentkg.cli import main; main()"]
    with (tmp_path / "serve.log").open("wb") as log:
        proc = subprocess.Popen(
            [*command, "serve", "--store", str(store), "--port", str(port)],
            stdout=log, stderr=log, start_new_session=True,
        )  # fmt: skip
    try:
        wait_until_up(base)
        assert _served_count(base) == len(open_store(store))
        page = httpx.get(f"{base}/", timeout=10)
        assert page.status_code == 200 and "html" in page.headers["content-type"]
        update = httpx.post(f"{base}/update", data={"update": "CLEAR ALL"}, timeout=10)
        assert update.status_code >= 400
        code, remote = _invoke("query", "events", "--endpoint", f"{base}/query", "-f", "json")
        assert code == 0, remote
        local = _invoke("query", "events", "--store", store, "-f", "json")[1]
        assert json.loads(remote) == json.loads(local) != []
        small = rdflib.Dataset()
        small.graph(rdflib.URIRef(RESOLVED_GRAPH)).add(
            (rdflib.URIRef("urn:x:a"), rdflib.RDFS.label, rdflib.Literal("a"))
        )
        write_store(store, small)  # what a build does: swap in a new folder
        assert _wait_for(lambda: _served_count(base) == 1)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(10)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
    assert proc.returncode == 0, (tmp_path / "serve.log").read_text()
    try:
        httpx.get(base, timeout=1)
        raise AssertionError("the oxigraph server outlived `incidentkg serve`")
    except httpx.TransportError:
        pass


def test_cli_serve_missing_store_is_user_error(tmp_path: Path) -> None:
    """Serving before building says to build first."""
    code, output = _invoke("serve", "--store", tmp_path / "none")
    assert code == 1 and "E030" in output


def test_cli_brackets_in_paths_are_not_markup(seed_store: Path, tmp_path: Path) -> None:
    """Rich read `[/x]` in a folder name as a closing tag and crashed (exit 2) after the work."""
    store = tmp_path / "we[/ird]" / "store"
    shutil.copytree(seed_store, store)
    code, output = _invoke("stats", "--store", store)
    assert code == 0 and "we[/ird]" in output, output
    code, output = _invoke("export", "events", "--store", store, "-f", "csv", "-o",
                           store.parent / "e.csv")  # fmt: skip
    assert code == 0 and (store.parent / "e.csv").is_file(), output
    code, output = _invoke("query", "chain", "--store", store.parent / "none[/x]")
    assert code == 1 and "[E030]" in output
