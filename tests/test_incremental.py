"""Incremental builds: saved records, planning, adding and removing articles.

The end-to-end story runs spaCy once over the seed articles (split in two batches) and
compares each incremental state with a from-scratch build of the same articles.
"""

from __future__ import annotations

import datetime as dt
import gzip
import shutil
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from conftest import SEEDS
from incidentkg.build import incremental
from incidentkg.build.api import build_store
from incidentkg.build.executors import ExecutorOptions
from incidentkg.build.incremental import (
    BuildOptions,
    Saved,
    decode_saved,
    encode_saved,
    make_plan,
    read_saved,
    saved_for,
    unique_articles,
)
from incidentkg.build.replaced import REPLACED_GRAPH
from incidentkg.cli import app
from incidentkg.errors import IncidentKGError
from incidentkg.records import Article, ArticleRecords
from incidentkg.store.local import (
    RECORDS_FILE,
    StoreWriter,
    load_dataset,
    store_identity,
    write_store,
)
from incidentkg.store.records_codec import from_json, to_json
from test_rdf_build import article_a, article_b

runner = CliRunner()
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
_REPLACED = rdflib.URIRef(REPLACED_GRAPH)


def _invoke(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.output


def _count(output: str, row: str) -> int:
    """A number from the build summary table (``│ row │ n │``)."""
    line = next(ln for ln in output.splitlines() if f" {row} " in ln)
    return int(line.split("│")[2])


def _assert_same_graphs(expected: rdflib.Dataset, actual: rdflib.Dataset) -> None:
    """Every graph alike, but the replaced graph: it remembers the IRIs of events that
    updates renamed, which a build from scratch never saw (see test_incremental_replaced_*)."""
    names = {g.identifier for g in expected.graphs() if len(g)} - {_REPLACED}
    assert names == {g.identifier for g in actual.graphs() if len(g)} - {_REPLACED}
    for name in names:
        assert isomorphic(expected.graph(name), actual.graph(name)), name


# --- records round trip -------------------------------------------------------------


def test_records_io_roundtrip_is_lossless() -> None:
    """Saved records must rebuild exactly the dataclasses extraction made, or graphs drift."""
    for rec in (article_a(), article_b()):
        assert from_json(ArticleRecords, to_json(rec)) == rec


@dataclass(frozen=True)
class _Odd:
    names: frozenset[str]


@dataclass(frozen=True)
class _Shapes:
    pair: tuple[int, str]
    many: tuple[tuple[str, ...], ...]
    maybe: str | None
    when: dt.date | None


def test_records_io_reads_every_kind_of_field() -> None:
    """Fixed and variable tuples, optional values and dates come back as they went in;
    a field type the codec does not know fails loudly."""
    value = _Shapes((1, "a"), (("x", "y"), ()), None, dt.date(2024, 7, 23))
    back = from_json(_Shapes, to_json(value))
    assert back == value and isinstance(back.many[0], tuple)
    assert from_json(_Shapes, {**to_json(value), "maybe": "m"}).maybe == "m"
    with pytest.raises(ValueError, match="expected an object"):
        from_json(_Shapes, [1])
    with pytest.raises(TypeError, match="frozenset"):
        from_json(_Odd, {"names": []})


def test_incremental_saved_lines_survive_unicode_line_breaks() -> None:
    """JSON leaves U+2028, U+2029 and U+0085 unescaped: the records file is split at "\n"
    only, whether read whole or line by line for a kept article."""
    text = "One\u2028two\u0085three\u2029four."
    rec = ArticleRecords(Article("a1", text, "a1.txt"), entities=(), events=())
    assert decode_saved(encode_saved([rec], "fp", "b")).articles["a1"].records == rec


def test_records_io_rejects_unknown_fields() -> None:
    """Records saved by a different record layout must fail, not load half-right."""
    data = to_json(article_a())
    data["article"]["colour"] = "blue"
    with pytest.raises(ValueError, match="colour"):
        from_json(ArticleRecords, data)


def test_incremental_saved_records_file_roundtrip(seed_store: Path) -> None:
    """The records file a build streams (lines in extraction order) holds exactly the lines
    :func:`encode_saved` makes, and decodes to the same saved store."""
    data = (seed_store / RECORDS_FILE).read_bytes()
    saved = decode_saved(data)
    assert saved.articles and saved.build
    records = [s.records for s in saved.articles.values()]
    extraction = next(iter(saved.articles.values())).extraction
    again = encode_saved(records, extraction, saved.build)
    lines = gzip.decompress(data).decode().splitlines()
    assert lines[0] == gzip.decompress(again).decode().splitlines()[0]  # the header first
    assert sorted(lines) == sorted(gzip.decompress(again).decode().splitlines())
    assert decode_saved(again) == saved


# --- planning -----------------------------------------------------------------------


def _art(art_id: str, text: str = "Text.", path: str = "x.txt") -> Article:
    return Article(art_id, text, path, content_hash=str(hash(text)))


def _saved(art: Article, fp: str = "fp") -> Saved:
    return Saved(ArticleRecords(art, (), ()), fp)


def test_incremental_plan_sorts_articles_by_what_changed() -> None:
    """Only new, changed or stale articles go to spaCy; moved files keep their records."""
    saved = {
        "same": _saved(_art("same")),
        "edit": _saved(_art("edit", "Old.")),
        "moved": _saved(_art("moved", path="old/moved.txt")),
        "stale": _saved(_art("stale"), fp="old-fp"),
        "kept": _saved(_art("kept")),
        "drop": _saved(_art("drop")),
    }
    incoming = [_art("same"), _art("edit", "New."), _art("moved", path="new/moved.txt"), _art("n")]
    plan = make_plan(saved, incoming, "fp", remove=["drop"])
    assert plan.new == ["n"] and plan.changed == ["edit"] and plan.moved == ["moved"]
    assert plan.unchanged == ["same"] and plan.refreshed == ["stale"] and plan.removed == ["drop"]
    assert sorted(a.id for a in plan.extract) == ["edit", "n", "stale"]
    assert sorted(plan.reuse) == ["kept", "moved", "same"]
    assert plan.reuse["moved"].article.source_path == "new/moved.txt"
    assert plan.touched


def test_incremental_plan_unchanged_touches_nothing() -> None:
    """Same input, same extractor: nothing to extract, nothing to write."""
    saved = {"a": _saved(_art("a"))}
    plan = make_plan(saved, [_art("a")], "fp")
    assert not plan.touched and not plan.extract


def test_incremental_duplicate_article_ids_keep_last() -> None:
    """Two files with one stem would give one article graph two sources; keep one, say so."""
    seen: list[str] = []
    arts = unique_articles([_art("a", path="1/a.txt"), _art("a", path="2/a.txt")],
                           lambda a: seen.append(a.source_path))  # fmt: skip
    assert [a.source_path for a in arts] == ["2/a.txt"] and seen == ["2/a.txt"]


def test_incremental_old_store_without_records_asks_for_rebuild(tmp_path: Path) -> None:
    """A store from before incremental builds is not added to, unless nothing would be lost.

    Its articles' records are unknown, so adding would silently drop them (E034); when the
    new input holds every article it had, a plain rebuild loses nothing and goes ahead.
    """
    store = tmp_path / "store"
    legacy = rdflib.Dataset()
    article = rdflib.URIRef("https://w3id.org/incidentkg/id/article/legacy")
    graph = legacy.graph(rdflib.URIRef("https://w3id.org/incidentkg/graph/article/legacy"))
    graph.add((article, rdflib.RDF.type, rdflib.SDO.NewsArticle))
    graph.add((article, rdflib.SDO.identifier, rdflib.Literal("legacy")))
    write_store(store, legacy)
    with pytest.raises(IncidentKGError) as info:
        read_saved(store)
    assert info.value.code == "E034"
    code, output = _invoke("build", sorted(SEEDS.glob("*.txt"))[0], "--store", store)
    assert code == 1 and "E034" in output and "--rebuild" in output
    assert saved_for(store, False, {"legacy", "other"}).articles == {}


def test_incremental_corrupt_records_file_is_user_error(tmp_path: Path) -> None:
    """A damaged records file names the store and the way out (E036)."""
    store = tmp_path / "store"
    write_store(store, rdflib.Dataset(), files={RECORDS_FILE: gzip.compress(b"{not json\n")})
    with pytest.raises(IncidentKGError) as info:
        read_saved(store)
    assert info.value.code == "E036"


# --- the story: add, re-run, remove -------------------------------------------------------


@dataclass(frozen=True)
class Story:
    first: rdflib.Dataset  # scratch build of the first batch
    added_output: str
    added: rdflib.Dataset  # first batch + second batch added incrementally
    rerun_output: str
    rerun_same_folder: bool
    removed_output: str
    removed: rdflib.Dataset  # second batch removed again
    second_ids: list[str]


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Story:
    """Build 3 seed files, add the other 2, re-run all, then remove the 2 again."""
    tmp = tmp_path_factory.mktemp("incremental")
    files = sorted(SEEDS.glob("*.txt"))  # the seed files themselves: same ikg:sourceFile
    first, second = files[:3], files[3:]
    store = tmp / "store"
    code, output = _invoke("build", *first, "--store", store)
    assert code == 0, output
    first_ds = load_dataset(store)
    code, added_output = _invoke("build", *second, "--store", store)
    assert code == 0, added_output
    added = load_dataset(store)
    identity = store_identity(store)
    code, rerun_output = _invoke("build", SEEDS, "--store", store)
    assert code == 0, rerun_output
    same_folder = store_identity(store) == identity
    ids = sorted(read_saved(store).articles)
    second_ids = [i for i in ids if i.split("#")[0] in {p.stem for p in second}]
    code, removed_output = _invoke("remove", *second_ids, "--store", store)
    assert code == 0, removed_output
    return Story(first_ds, added_output, added, rerun_output, same_folder, removed_output,
                 load_dataset(store), second_ids)  # fmt: skip


def test_incremental_add_equals_scratch_build(story: Story, seed_dataset: rdflib.Dataset) -> None:
    """Adding articles to a store gives the graph a build of all articles at once gives."""
    assert _count(story.added_output, "new articles") == len(story.second_ids)
    assert _count(story.added_output, "unchanged articles (reused)") == 0  # not given again
    kept = _count(story.added_output, "kept from the store (not given)")
    total = next(
        int(ln.split("│")[2]) for ln in story.added_output.splitlines()
        if ln.count("│") > 2 and ln.split("│")[1].strip() == "articles"
    )  # fmt: skip
    assert kept == total - len(story.second_ids) > 0
    _assert_same_graphs(seed_dataset, story.added)


def test_incremental_rerun_unchanged_writes_nothing(story: Story) -> None:
    """Re-running on unchanged input says so and leaves the store folder as it was."""
    assert "up to date" in story.rerun_output
    assert story.rerun_same_folder


def test_incremental_remove_withdraws_every_fact_of_the_articles(story: Story) -> None:
    """After removing articles the store equals a scratch build without them."""
    assert story.second_ids
    _assert_same_graphs(story.first, story.removed)


def test_incremental_quad_count_follows_updates_in_place(seed_store: Path, tmp_path: Path) -> None:
    """An update counts the store's quads on from the last count (issue 17), so a SPARQL
    update made in place must leave its count too, or the next summary would be off."""
    from incidentkg.query.run import run_update
    from incidentkg.store.local import open_store, read_quad_count

    store = tmp_path / "store"
    shutil.copytree(seed_store, store)
    after = run_update(store, "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }")
    assert read_quad_count(store) == after
    first = sorted(read_saved(store).articles)[0]
    built = build_store(store, (), remove=[first])
    assert built.stored is not None and built.stored.quads == len(open_store(store))
    assert read_quad_count(store) == built.stored.quads


def test_incremental_remove_unknown_article_is_user_error(seed_store: Path, tmp_path: Path) -> None:
    """A typo in an article id must not rebuild anything (E035)."""
    store = tmp_path / "store"
    shutil.copytree(seed_store, store)
    code, output = _invoke("remove", "no-such-article", "--store", store)
    assert code == 1 and "E035" in output


def test_incremental_changed_article_is_reextracted(tmp_path: Path) -> None:
    """An edited article replaces its old version; its unedited neighbour is reused."""
    src = sorted(SEEDS.glob("*.txt"))[0]  # holds two articles: stem and stem#2
    path = tmp_path / src.name
    shutil.copy(src, path)
    store = tmp_path / "store"
    assert _invoke("build", path, "--store", store)[0] == 0
    before = read_saved(store).articles[path.stem].records.article
    sentence = "No group has claimed responsibility for the attack."
    text = path.read_text(encoding="utf-8")
    assert sentence in text
    path.write_text(text.replace(sentence, sentence[:-1] + " yet."), encoding="utf-8")
    code, output = _invoke("build", path, "--store", store)
    assert code == 0, output
    after = read_saved(store).articles[path.stem].records.article
    assert after.content_hash != before.content_hash and "attack yet." in after.text
    assert _count(output, "changed articles") == 1
    assert _count(output, "unchanged articles (reused)") == 1


def test_incremental_build_validates_only_the_nodes_it_touched(story: Story) -> None:
    """Adding or removing articles checks the focus nodes the update touched (issue 17;
    tests/test_incremental_validation.py shows the verdict is the full one)."""
    line = next(ln for ln in story.added_output.splitlines() if ln.startswith("SHACL:"))
    assert "node(s) the update touched conform" in line, story.added_output
    assert 0 < int(line.split()[2]) < 1000
    # removing 2 of 5 articles writes every graph again: the resolved graph is checked whole
    assert "the 1 changed graph(s) conform" in story.removed_output


@pytest.mark.parametrize("change", ["edit", "remove"])
def test_incremental_kept_graphs_equal_a_full_rewrite(
    change: str, seed_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Taking the unchanged articles' graphs over from the old store (a hard-linked
    checkpoint, the changed graphs dropped, the resolved graph patched) gives the store
    that writing every graph again gives, records file included."""
    src = sorted(SEEDS.glob("*.txt"))[3]  # one article
    edited = tmp_path / src.name
    text = src.read_text(encoding="utf-8")
    first = text.split(". ", 1)[0]
    edited.write_text(text.replace(first, first + " on Monday", 1), encoding="utf-8")
    stores = {}
    for mode, share in (("kept", 1.0), ("rewritten", -1.0)):
        store = tmp_path / mode / "store"
        shutil.copytree(seed_store, store)
        db = ox.Store(str(store / "oxigraph"))  # what a user's `query --allow-update` might add
        note = ox.NamedNode("http://example.org/a"), RDFS_LABEL, ox.Literal("x")
        for graph in (ox.NamedNode("http://example.org/notes"), ox.DefaultGraph()):
            db.add(ox.Quad(*note, graph))
        del db
        monkeypatch.setattr(incremental, "KEEP_BELOW", share)
        start = mock.patch.object(
            StoreWriter, "start_from", autospec=True, side_effect=StoreWriter.start_from
        )
        with start as spy:
            if change == "edit":
                code, output = _invoke("build", edited, "--store", store)
            else:
                code, output = _invoke("remove", src.stem, "--store", store)
        assert code == 0, output
        assert spy.called == (mode == "kept")
        stores[mode] = store
    kept, rewritten = (load_dataset(stores[m]) for m in ("kept", "rewritten"))
    _assert_same_graphs(rewritten, kept)
    notes = rdflib.URIRef("http://example.org/notes")
    assert not len(kept.graph(notes)) and not len(kept.default_context)
    assert len(kept) == len(rewritten)
    saved = {m: read_saved(stores[m]) for m in stores}
    assert saved["kept"] == saved["rewritten"]
    assert (src.stem in saved["kept"].articles) == (change == "edit")


_EVENTS = """
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
SELECT DISTINCT ?e WHERE { GRAPH <https://w3id.org/incidentkg/graph/resolved> {
  ?e a sem:Event } }
"""


def _event_iris(ds: rdflib.Dataset) -> set[str]:
    return {str(row[0]) for row in ds.query(_EVENTS)}  # type: ignore[index]


def _replacements(store: Path) -> dict[str, set[str]]:
    db = ox.Store.read_only(str(store / "oxigraph"))
    found: dict[str, set[str]] = {}
    for q in db.quads_for_pattern(None, None, None, ox.NamedNode(REPLACED_GRAPH)):
        assert q.predicate.value == "http://purl.org/dc/terms/isReplacedBy"
        found.setdefault(q.subject.value, set()).add(q.object.value)
    return found


def test_incremental_replaced_keeps_old_event_iris_resolvable(tmp_path: Path) -> None:
    """Issue 17: an event renamed by an update (a report joined it) keeps its old IRI
    resolvable (dcterms:isReplacedBy an event that exists); when the report leaves again,
    the old IRI is current again and the interim one points back to it. An update that
    touches no event leaves every event IRI as it was."""
    feed = tmp_path / "feed"
    feed.mkdir()
    # the first report gives no day (dated by publication, inferred); the second, joining
    # it, names the day: the event's date, hence its IRI, changes
    (feed / "a.txt").write_text(
        "Updated 05 June 2025\n\nA bomb exploded at a vegetable market in Sibi, killing six "
        "people, police said.\n",
        "utf-8",
    )
    late = tmp_path / "late"
    late.mkdir()
    (late / "b.txt").write_text(
        "Updated 05 June 2025\n\nSix people were killed when a bomb exploded at a vegetable "
        "market in Sibi on Tuesday, police said.\n",
        "utf-8",
    )
    store = tmp_path / "store"
    options = incremental.BuildOptions(executor=ExecutorOptions(jobs=1))
    build_store(store, [feed], options)
    first = _event_iris(load_dataset(store))
    build_store(store, [late], options)
    second = _event_iris(load_dataset(store))
    gone = first - second
    assert gone, "the second report joins the first one's event and dates it"
    replaced = _replacements(store)
    assert set(replaced) == gone
    assert all(targets and targets <= second for targets in replaced.values())
    build_store(store, (), options, remove=["b"])
    third = _event_iris(load_dataset(store))
    assert third == first
    back = _replacements(store)
    assert not set(back) & third and set(back) == second - third
    assert all(targets <= third for targets in back.values())
    folder = tmp_path / "other"
    folder.mkdir()
    (folder / "note.txt").write_text("Weather\n\nIt rained in Lahore on Monday.\n", "utf-8")
    build_store(store, [folder], options)
    assert first <= _event_iris(load_dataset(store)), "an unrelated article renames nothing"


def test_incremental_records_index_copies_kept_lines(tmp_path: Path) -> None:
    """Issue 17: the records file is one gzip member per line and records.idx says where
    each lies (with the file's sha256), so kept articles' bytes are copied as they are; an
    index that does not match its file is ignored and the lines are read one by one."""
    files = sorted(SEEDS.glob("*.txt"))
    store = tmp_path / "store"
    options = incremental.BuildOptions(executor=ExecutorOptions(jobs=1))
    build_store(store, files[:3], options)
    before = (store / RECORDS_FILE).read_bytes()
    index = incremental._read_index(store, before)
    assert index is not None and index.keys() == read_saved(store).articles.keys()
    build_store(store, files[3:4], options)
    after = (store / RECORDS_FILE).read_bytes()
    for start, length in index.values():  # the kept members, byte for byte
        assert before[start : start + length] in after
    (store / incremental.RECORDS_INDEX).write_text('{"sha256": "stale"}\n', encoding="utf-8")
    assert incremental._read_index(store, after) is None
    build_store(store, files[4:5], options)
    ids = {i.split("#")[0] for i in incremental._read_saved(store).articles}
    assert ids == {f.stem for f in files}


def test_incremental_town_as_written_equals_scratch(tmp_path: Path) -> None:
    """Issue 16 × 17: the events table's spelling of a town follows the event's sources; an
    update that adds a report spelt otherwise gives the graph a full build of the same
    articles gives, and removing it again restores the first graph."""
    first, late = tmp_path / "first", tmp_path / "late"
    first.mkdir()
    late.mkdir()
    (first / "a.txt").write_text(
        "Updated 04 June 2025\n\nGunmen killed four policemen at a checkpoint in Batagram on "
        "Tuesday, officials in Batagram said.\n",
        "utf-8",
    )
    (late / "b.txt").write_text(
        "Updated 04 June 2025\n\nFour policemen were killed when gunmen attacked a checkpoint "
        "in Battagram on Tuesday, police said. The attack in Battagram was the third this "
        "month.\n",
        "utf-8",
    )
    options = incremental.BuildOptions(executor=ExecutorOptions(jobs=1))
    store = tmp_path / "store"
    build_store(store, [first], options)
    alone = load_dataset(store)
    build_store(store, [late], options)
    scratch = tmp_path / "scratch"
    build_store(scratch, [first, late], options)
    _assert_same_graphs(load_dataset(scratch), load_dataset(store))
    written = {
        str(o)
        for _, p, o, _ in alone.quads((None, None, None, None))
        if str(p).endswith("#cityAsWritten")
    }
    assert written == {"Batagram"}, written
    build_store(store, (), options, remove=["b"])
    _assert_same_graphs(alone, load_dataset(store))


def test_incremental_small_loads_equal_bulk_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Spools and graph differences below `SMALL_LOAD` bytes go in a transaction (a bulk
    load's new index files kept RocksDB compacting through the rest of an update); a build
    and an update loading everything in bulk give the same store."""
    from incidentkg.store import local

    options = BuildOptions(executor=ExecutorOptions(jobs=1))
    files = sorted(SEEDS.glob("*.txt"))
    stores = {}
    for name, limit in (("small", local.SMALL_LOAD), ("bulk", 0)):
        monkeypatch.setattr(local, "SMALL_LOAD", limit)
        stores[name] = tmp_path / name
        build_store(stores[name], files[:2], options)
        build_store(stores[name], files[2:3], options)
    _assert_same_graphs(load_dataset(stores["bulk"]), load_dataset(stores["small"]))
