"""Incremental builds: reuse saved records, run spaCy only on new or changed articles.

Every store keeps each article's :class:`ArticleRecords` in ``records.jsonl.gz`` (written
and swapped together with the Oxigraph index), tagged with the *extraction fingerprint*
they were made with: a hash of the extraction code, the data files and the spaCy model.
A build then

1. reads the saved records (none with ``rebuild``),
2. compares every incoming article with its saved copy (id, text, publication date, ...),
3. extracts only articles that are new, changed, or were extracted by other code
   (saved articles carry their text, so they are re-extracted from it),
4. resolves the records so that new reports join existing events and entities and the
   graph is the one a from-scratch build would give: locally (only the clusters the
   changed articles reach, :mod:`incidentkg.resolve.local`) from the state the last build
   of the same code saved beside the store (``resolve-state.json.gz``), else all of them.

Nothing is written when no article changed and the resolve/RDF code and shapes are the
same (the *build fingerprint*).

The build streams into a :class:`~incidentkg.store.local.StoreWriter`: each article's records
line and named graph are written as soon as they exist (the graph was serialised by the
worker that parsed the article), and only records without article text stay in memory
for the resolution. The graphs a build changed are listed, so validation can check
only those (plus the resolved graph).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
import gzip
import hashlib
import io
import itertools
import json
import typing
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from incidentkg.build.executors import ExecutorOptions, Extracted, WarmWorker, for_store
from incidentkg.build.replaced import REPLACED_GRAPH, replaced_nquads
from incidentkg.curate.file import corrections_fingerprint, corrections_path, read_corrections
from incidentkg.errors import IncidentKGError, Msg
from incidentkg.records import (
    Affiliation,
    Article,
    ArticleRecords,
    EntityRecord,
    EventRecord,
    MemberRef,
    Post,
    Resolution,
)
from incidentkg.resources import DEFAULT_MODEL, PACKAGE_DIR, resource_dir  # no spaCy
from incidentkg.store.local import (
    CORRECTIONS_GRAPH,
    OXIGRAPH_DIR,
    RECORDS_FILE,
    RESOLVED_GRAPH,
    StoreWriter,
    open_store,
    read_side_file,
    write_error,
)
from incidentkg.store.records_codec import from_json, to_json

if TYPE_CHECKING:
    from incidentkg.build.sources import Skipped
    from incidentkg.curate import CurationReport
    from incidentkg.resolve.local import ResolveState

FORMAT_VERSION = 1
EXTRACTION_SOURCES = ("kb", "nlp", "extract", "data", "records.py")
BUILD_SOURCES = ("resolve", "curate", "rdf")


@dataclass(frozen=True)
class Saved:
    """One article's records as kept in a store, with the fingerprint that made them."""

    records: ArticleRecords
    extraction: str


@dataclass(frozen=True)
class SavedStore:
    """What a store remembers: records by article id and the build fingerprint."""

    articles: dict[str, Saved]
    build: str = ""
    #: the corrections file the store was built with (its fingerprint; "" when none)
    corrections: str = ""
    #: the resolution's state (kept in memory by a long-lived process; else read from
    #: the store's ``resolve-state.json.gz`` when an update needs it)
    state: ResolveState | None = field(default=None, compare=False)


@dataclass
class Plan:
    """What an incremental build will do, article by article."""

    reuse: dict[str, ArticleRecords] = field(default_factory=dict)
    extract: list[Article] = field(default_factory=list)
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    refreshed: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def touched(self) -> bool:
        """True when the article set or any article's records change."""
        return bool(self.new or self.changed or self.refreshed or self.moved or self.removed)


# --- fingerprints ----------------------------------------------------------------


def _hash_sources(digest: hashlib._Hash, names: Iterable[str]) -> None:
    for name in names:
        root = PACKAGE_DIR / name
        files = sorted(root.rglob("*")) if root.is_dir() else [root]
        for path in files:
            if path.is_file() and path.suffix != ".pyc":
                digest.update(str(path.relative_to(PACKAGE_DIR)).encode())
                digest.update(path.read_bytes())


def _model_version(model: str) -> str:
    """The installed model package's version, or its meta.json when given as a path."""
    meta = Path(model) / "meta.json"
    if meta.is_file():
        return hashlib.sha256(meta.read_bytes()).hexdigest()
    try:
        return version(model)
    except PackageNotFoundError:
        return "unknown"


def extraction_fingerprint(model: str) -> str:
    """Changes whenever saved records might differ from a fresh extraction."""
    digest = hashlib.sha256(f"{FORMAT_VERSION}\x1f{model}\x1f{_model_version(model)}".encode())
    _hash_sources(digest, EXTRACTION_SOURCES)
    return digest.hexdigest()[:16]


def build_fingerprint(extraction: str) -> str:
    """Changes whenever the graph built from the same records, or its check, might differ."""
    digest = hashlib.sha256(extraction.encode())
    _hash_sources(digest, BUILD_SOURCES)
    for path in sorted(resource_dir("shapes").glob("*.ttl")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


# --- saved records -----------------------------------------------------------------


def _header(build: str, corrections: str = "") -> str:
    return json.dumps({"format": FORMAT_VERSION, "build": build, "corrections": corrections})


def _saved_line(rec: ArticleRecords, extraction: str, records_json: str = "") -> str:
    """One article's line; ``records_json`` is ``rec`` already in JSON (made by a worker)."""
    item = {"id": rec.article.id, "content_hash": rec.article.content_hash,
            "extraction": extraction, "records": None}  # fmt: skip
    line = json.dumps(item, ensure_ascii=False, separators=(",", ":"))
    body = records_json or json.dumps(to_json(rec), ensure_ascii=False, separators=(",", ":"))
    return line.removesuffix("null}") + body + "}"


def _line_id(line: str) -> str:
    """The article id a saved line starts with (``{"id":"…"``), without decoding the rest."""
    start = '{"id":'
    if not line.startswith(start):
        raise ValueError(f"a saved line that does not start with the id: {line[:80]!r}")
    art_id, _end = _DECODER.raw_decode(line, len(start))
    return str(art_id)


_DECODER = json.JSONDecoder()


def encode_saved(records: Sequence[ArticleRecords], extraction: str, build: str) -> bytes:
    """``records.jsonl.gz``: a header line, then one article a line (sorted by id here;
    a build writes them in the order they are extracted, readers do not care)."""
    lines = [_header(build)]
    lines += [_saved_line(r, extraction) for r in sorted(records, key=lambda r: r.article.id)]
    return gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), mtime=0)


def gunzip(data: bytes) -> bytes:
    """All members of a gzip stream. Not ``gzip.decompress``: it copies the rest of the data
    for each member, quadratic in a records file of one member per article (5 s, not 0.3 s)."""
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
        return fh.read()


def decode_saved(data: bytes) -> SavedStore:
    """Inverse of :func:`encode_saved`."""
    # "\n" only: str.splitlines() would also cut at U+2028 or U+0085 inside a JSON string
    lines = gunzip(data).decode("utf-8").removesuffix("\n").split("\n")
    header = json.loads(lines[0])
    if header.get("format") != FORMAT_VERSION:
        raise ValueError(f"records format {header.get('format')!r}, expected {FORMAT_VERSION}")
    articles: dict[str, Saved] = {}
    for line in lines[1:]:
        item = json.loads(line)
        rec = _saved_records(item["records"])
        articles[rec.article.id] = Saved(rec, item["extraction"])
    return SavedStore(articles, header.get("build", ""), header.get("corrections", ""))


class _SavedRecords(ArticleRecords):
    """Saved records whose local entities are decoded when first read (issue 17): an
    update reads them only for the articles whose mentions it clusters again or whose
    entities' triples it writes, and decoding every article's entities was most of
    reading a store's records. Equal to, and hashed as, the :class:`ArticleRecords`
    they stand for."""

    __hash__ = ArticleRecords.__hash__

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ArticleRecords):
            return NotImplemented
        return _fields(self) == _fields(other)

    def place_mentions(self) -> list[tuple[str, list[str]]]:
        """Each local place's key and its mentions' texts (what event resolution reads of
        every article: :func:`incidentkg.resolve.events._items`), from the JSON while the
        entities are not decoded."""
        entities = self.__dict__.get("entities")
        if entities is None:
            if "_entities" not in self.__dict__:
                meta = self.__dict__["_meta"]  # a _LazyRecords: its line not read
                return [(key, list(texts)) for key, texts in meta["places"]]
            cell = self.__dict__["_entities"][0]
            if isinstance(cell, list):
                return [(e["key"], [m["text"] for m in e["mentions"]])
                        for e in cell if e["type"] == "Place"]  # fmt: skip
            entities = cell
        return [(e.key, [m.text for m in e.mentions]) for e in entities if e.type == "Place"]


class _PendingEntities:
    """``entities`` of a :class:`_SavedRecords`: decoded from the kept JSON on first read
    (then found in the instance's ``__dict__``, which comes first). Copies made by
    :func:`replace_article` share the JSON's cell, so an article's entities are decoded
    once in a process (``watch`` keeps the records from one update to the next)."""

    def __get__(self, rec: ArticleRecords | None, owner: type | None = None) -> object:
        if rec is None:
            return self
        if "_entities" not in rec.__dict__:
            _decode_line(rec)
        cell = rec.__dict__["_entities"]
        if isinstance(cell[0], list):  # still JSON
            cell[0] = from_json(_EntityTuple, cell[0])
        rec.__dict__["entities"] = cell[0]
        return cell[0]


_SavedRecords.entities = _PendingEntities()  # type: ignore[assignment]
_EntityTuple = tuple[EntityRecord, ...]


def _fields(rec: ArticleRecords | Article) -> tuple[object, ...]:
    return tuple(getattr(rec, f.name) for f in dataclasses.fields(rec))


def _saved_records(data: dict[str, object]) -> ArticleRecords:
    """One saved line's records, local entities left in JSON (:class:`_SavedRecords`)."""
    entities = data["entities"]
    if not isinstance(entities, list):
        raise ValueError("ArticleRecords: entities must be a list")
    eager = from_json(ArticleRecords, {**data, "entities": []})
    rec = object.__new__(_SavedRecords)
    rec.__dict__.update(eager.__dict__)
    del rec.__dict__["entities"]
    rec.__dict__["_entities"] = [entities]
    return rec


def replace_article(rec: ArticleRecords, article: Article) -> ArticleRecords:
    """``rec`` of another :class:`Article` (its entities still undecoded if they were)."""
    if isinstance(rec, _SavedRecords):
        copy = object.__new__(type(rec))
        copy.__dict__.update(rec.__dict__, article=article)
        return copy
    return dataclasses.replace(rec, article=article)


class _LazyArticle(Article):
    """A saved article whose text is decoded when first read: records.idx holds the rest
    (:class:`_LazyRecords`). Equal to, and hashed as, the :class:`Article` it stands for."""

    __hash__ = Article.__hash__

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Article):
            return NotImplemented
        return _fields(self) == _fields(other)


class _LazyRecords(_SavedRecords):
    """Saved records whose line is read only when their entities (or the article's text)
    are (issue 17): records.idx holds the rest (:func:`_line_meta`), so an update reads the
    lines of the articles whose mentions it clusters again or whose entities it writes,
    not every article of the store."""


class _PendingField:
    """A field of a :class:`_LazyRecords` or :class:`_LazyArticle` read from its line."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, obj: object, owner: type | None = None) -> object:
        if obj is None:
            return self
        _decode_line(obj)
        return obj.__dict__[self.name]


_LazyArticle.text = _PendingField("text")  # type: ignore[assignment]


def _decode_line(obj: object) -> None:
    """Fill a :class:`_LazyRecords` (or the text of a :class:`_LazyArticle`) from its saved
    line (E036 when the line is damaged or is another article's)."""
    state = obj.__dict__
    if "_entities" in state or "text" in state:
        return
    member, path = state["_line"]
    art = typing.cast("Article", state["article"] if isinstance(obj, _LazyRecords) else obj)
    try:
        item = json.loads(gzip.decompress(member))
        if item["id"] != art.id:
            raise ValueError(f"records.idx: the line of {art.id} holds {item['id']}")
        if isinstance(obj, _LazyArticle):
            state["text"] = str(item["records"]["article"]["text"])
            return
        decoded = _saved_records(item["records"])
    except _DAMAGED as exc:
        raise IncidentKGError(Msg.E036, path=path, reason=_why(exc)) from exc
    for name in ("events", "posts", "affiliations"):
        state.setdefault(name, getattr(decoded, name))
    state["_entities"] = decoded.__dict__["_entities"]


def _lazy_records(member: bytes, meta: dict[str, object], path: Path) -> ArticleRecords:
    """Records of one saved line, read when needed (:class:`_LazyRecords`)."""
    rec = object.__new__(_LazyRecords)
    art = object.__new__(_LazyArticle)
    art.__dict__.update(_article_meta(meta["article"]).__dict__)
    del art.__dict__["text"]
    art.__dict__["_line"] = (member, path)
    state = rec.__dict__
    state["article"] = art
    state["_line"] = (member, path)
    state["_meta"] = meta
    if not meta["events"]:
        state["events"] = ()
    state["posts"] = _decode_posts(meta["posts"])
    state["affiliations"] = _decode_affiliations(meta["affiliations"])
    return rec


class _MetaEvents:
    """``events`` of a :class:`_LazyRecords`: decoded from records.idx on first read."""

    def __get__(self, rec: object, owner: type | None = None) -> object:
        if rec is None:
            return self
        state = rec.__dict__
        state["events"] = from_json(tuple[EventRecord, ...], state["_meta"]["events"])
        return state["events"]


_LazyRecords.events = _MetaEvents()  # type: ignore[assignment]


def _decode_posts(data: object) -> tuple[Post, ...]:
    return from_json(tuple[Post, ...], data)


def _decode_affiliations(data: object) -> tuple[Affiliation, ...]:
    return from_json(tuple[Affiliation, ...], data)


def _article_meta(data: object) -> Article:
    return from_json(Article, {**typing.cast("dict[str, object]", data), "text": ""})


def _line_meta(rec: ArticleRecords, extraction: str) -> dict[str, object] | str:
    """What records.idx keeps of an article besides where its line lies: the extraction
    fingerprint, the article without its text, its events, posts and affiliations and its
    places' mention texts: everything an update reads of every article, so that it reads
    the lines (text and local entities, three quarters of them) only of the articles whose
    mentions it clusters again or writes."""
    meta, text = rec.__dict__.get("_meta"), rec.__dict__.get("_meta_text")
    art = rec.article
    if meta is not None and "_line" in art.__dict__ and meta["extraction"] == extraction:
        # a line kept as it was (same article): its metadata as read
        return str(text) if text else typing.cast("dict[str, object]", meta)
    article = {f.name: to_json(getattr(art, f.name)) for f in dataclasses.fields(Article)
               if f.name != "text"}  # fmt: skip
    return {"extraction": extraction, "article": article, "events": to_json(rec.events),
            "posts": to_json(rec.posts), "affiliations": to_json(rec.affiliations),
            "places": _place_mentions(rec)}  # fmt: skip


def _place_mentions(rec: ArticleRecords) -> list[tuple[str, list[str]]]:
    if isinstance(rec, _SavedRecords):
        return rec.place_mentions()
    return [(e.key, [m.text for m in e.mentions]) for e in rec.entities if e.type == "Place"]


#: the saved records of the last store read or written in this process, by the identity
#: of its records file (a long-lived process, ``watch``, then need not decode them again)
_MEMO: dict[Path, tuple[tuple[int, int, int], SavedStore]] = {}


def _file_identity(store: Path) -> tuple[int, int, int] | None:
    try:
        st = (store / RECORDS_FILE).stat()
    except OSError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns


def remember_saved(store: Path, saved: SavedStore) -> None:
    """Keep ``saved`` (full records) as what ``store`` now holds, for the next build."""
    identity = _file_identity(store)
    _MEMO.clear()
    if identity is not None:
        _MEMO[store.resolve()] = (identity, saved)


def read_saved(store: Path) -> SavedStore:
    """The records kept in ``store``; an empty store if there is none yet."""
    identity = _file_identity(store)
    memo = _MEMO.get(store.resolve())
    if memo is not None and identity is not None and memo[0] == identity:
        return memo[1]
    saved = _read_saved(store)
    remember_saved(store, saved)
    return saved


def _read_saved(store: Path) -> SavedStore:
    data = read_side_file(store, RECORDS_FILE)
    if data is None:
        if store.exists() and any(store.iterdir()):
            open_store(store)  # a half-made folder is E030, a real old store is E034
            raise IncidentKGError(Msg.E034, path=store)
        return SavedStore({})
    try:
        with gc_paused():
            saved = _lazy_saved(store, data) or decode_saved(data)
    except _DAMAGED as exc:
        raise IncidentKGError(Msg.E036, path=store, reason=_why(exc)) from exc
    # Out of the cyclic GC's sight from now on, like the pipeline (``ready_pipeline``): the
    # records live as long as the build (or ``watch``) and hold no cycles, and every full
    # collection of the build walked them all (planning alone: 1 s at 10.7 M quads).
    gc.freeze()
    return saved


def _lazy_saved(store: Path, data: bytes) -> SavedStore | None:
    """The saved records as :class:`_LazyRecords`, when records.idx belongs to ``data``
    and describes every article (else ``None``: every line is decoded, as in a store
    written before records.idx had the metadata)."""
    entries = _index_entries(store, data)
    if not entries or any(meta is None for _s, _l, meta, _t in entries.values()):
        return None
    first = min(start for start, _l, _m, _t in entries.values())
    header = json.loads(gzip.decompress(data[:first]))
    if header.get("format") != FORMAT_VERSION:
        raise ValueError(f"records format {header.get('format')!r}, expected {FORMAT_VERSION}")
    articles: dict[str, Saved] = {}
    for art_id, (start, length, meta, text) in entries.items():
        assert meta is not None
        rec = _lazy_records(data[start : start + length], meta, store)
        rec.__dict__["_meta_text"] = text
        articles[art_id] = Saved(rec, str(meta["extraction"]))
    return SavedStore(articles, header.get("build", ""), header.get("corrections", ""))


#: what a damaged ``records.jsonl.gz`` raises: cut short (EOFError), bad deflate data
#: (zlib.error), not gzip (BadGzipFile, an OSError), bad UTF-8 or JSON (ValueError), ...
_DAMAGED = (OSError, EOFError, zlib.error, ValueError, TypeError, KeyError, AttributeError)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic GC while millions of acyclic records are made: it would walk the growing
    heap again and again (decoding a 10.7 M-quad store's records: 10.9 s with it, 6.3 s
    without). Reference counting still frees what is dropped."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _why(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


# --- planning ------------------------------------------------------------------------


def _same_content(a: Article, b: Article) -> bool:
    """Everything extraction reads; ``source_path`` alone changes no record."""
    return dataclasses.replace(a, source_path="") == dataclasses.replace(b, source_path="")


def _plan_incoming(plan: Plan, saved: Mapping[str, Saved], art: Article, fp: str) -> None:
    old = saved.get(art.id)
    if old is None:
        plan.new.append(art.id)
        plan.extract.append(art)
    elif not _same_content(old.records.article, art) or old.extraction != fp:
        plan.changed.append(art.id)
        plan.extract.append(art)
    elif old.records.article != art:
        plan.moved.append(art.id)
        plan.reuse[art.id] = replace_article(old.records, art)
    else:
        plan.unchanged.append(art.id)
        plan.reuse[art.id] = old.records


def make_plan(
    saved: Mapping[str, Saved],
    incoming: Sequence[Article],
    fingerprint: str,
    remove: Iterable[str] = (),
) -> Plan:
    """Decide per article: reuse its records, extract it, or drop it."""
    plan = Plan(removed=sorted(set(remove)))
    for art in incoming:
        _plan_incoming(plan, saved, art, fingerprint)
    seen = {a.id for a in incoming} | set(plan.removed)
    for art_id, old in sorted(saved.items()):
        if art_id in seen:
            continue
        if old.extraction == fingerprint:
            plan.reuse[art_id] = old.records
        else:
            plan.refreshed.append(art_id)
            plan.extract.append(old.records.article)
    return plan


def unique_articles(
    articles: Iterable[Article], on_duplicate: Callable[[Article], None] | None = None
) -> list[Article]:
    """Keep the last article of each id; a duplicate id is reported, never merged."""
    by_id: dict[str, Article] = {}
    for art in articles:
        if art.id in by_id and on_duplicate:
            on_duplicate(art)
        by_id[art.id] = art
    return list(by_id.values())


def stored_article_ids(store: Path) -> set[str]:
    """Article ids in a store's graph (for stores that have no saved records)."""
    rows = open_store(store).query(_ARTICLE_IDS)
    assert isinstance(rows, ox.QuerySolutions)
    return {str(row[0].value) for row in rows}


_ARTICLE_IDS = """
PREFIX schema: <https://schema.org/>
SELECT DISTINCT ?id WHERE { GRAPH ?g { ?a a schema:NewsArticle ; schema:identifier ?id } }
"""


def saved_for(store: Path, rebuild: bool, incoming: set[str]) -> SavedStore:
    """The saved records; an old store without them is rebuilt only if nothing would be lost."""
    if rebuild:
        return SavedStore({})
    try:
        return read_saved(store)
    except IncidentKGError as exc:
        if exc.code == "E034" and stored_article_ids(store) <= incoming:
            return SavedStore({})
        raise


def check_known(saved: SavedStore, ids: Iterable[str], store: Path) -> None:
    """Removing an id the store does not hold is a typo worth stopping for (E035)."""
    unknown = sorted(set(ids) - set(saved.articles))
    if unknown:
        raise IncidentKGError(Msg.E035, ids=", ".join(unknown), path=store)


# --- the build ---------------------------------------------------------------------


@dataclass(frozen=True)
class BuildOptions:
    """How to read and extract; ``model=None`` is the packaged spaCy pipeline."""

    published: dt.date | None = None
    model: str | None = None
    strict: bool = False
    rebuild: bool = False
    executor: ExecutorOptions = field(default_factory=ExecutorOptions)
    #: write every graph again from the saved records, reading nothing of the old index
    #: (``incidentkg doctor --repair`` on a store whose RocksDB files are damaged)
    reindex: bool = False
    #: the analysts' corrections file (None: ``<store>.corrections.yaml`` beside the store)
    corrections: Path | None = None
    #: load the pipeline in a worker while the store is read, for a few articles
    #: (``watch`` keeps its pipeline warm in its own process instead)
    prewarm: bool = True


@dataclass(frozen=True)
class Callbacks:
    """Progress and warnings, for the CLI's progress bar."""

    on_article: Callable[[ArticleRecords], None] | None = None
    on_skip: Callable[[Skipped], None] | None = None
    on_duplicate: Callable[[Article], None] | None = None


@dataclass
class IncrementalResult:
    """The plan, the records after it (article text dropped) and their resolution
    (``None`` when the store is up to date: then nothing was written)."""

    plan: Plan
    records: list[ArticleRecords]
    resolution: Resolution | None
    skipped: list[Skipped]
    extraction: str
    build: str
    #: graphs whose content may differ from the last validated store; ``None``: all of them
    changed_graphs: frozenset[str] | None = None
    #: what each correction did (None when the store was up to date)
    curation: CurationReport | None = None
    #: focus nodes whose SHACL verdict the update may have changed (``None``: not known)
    touched: frozenset[str] | None = None
    #: every article's full records as the new store saves them (for :func:`remember_saved`)
    saved_after: SavedStore | None = None
    #: resolved from the last build's state (only what the changed articles reach)
    resolved_locally: bool = False


RECORDS_INDEX = "records.idx"


class _Output:
    """Writes each article's records line and graph into the new store as it arrives.

    The records file holds one gzip member per line (a gzip reader sees one stream of
    lines), and ``records.idx`` says where each article's member lies: the next update
    copies the bytes of the articles it keeps instead of decompressing and compressing
    the whole file again (2 s on the whole corpus).
    """

    def __init__(
        self, writer: StoreWriter, extraction: str, build: str, corrections: str = ""
    ) -> None:
        self.writer = writer
        self.extraction = extraction
        self.records: list[ArticleRecords] = []
        #: quads added or removed on top of a kept store (``None``: not tracked)
        self.changed: list[ox.Quad] | None = None
        self._index: list[_IndexEntry] = []
        self._offset = 0
        self._digest = hashlib.sha256()
        try:
            self._fh = (writer.tmp / RECORDS_FILE).open("wb")
            self._write(_header(build, corrections))
        except OSError as exc:
            raise write_error(writer.path, exc) from exc
        writer.on_discard(self.abandon)

    def _write(self, line: str, rec: ArticleRecords | None = None) -> None:
        self._put(gzip.compress((line + "\n").encode("utf-8"), compresslevel=6, mtime=0), rec)

    def _put(self, member: bytes, rec: ArticleRecords | None) -> None:
        try:
            self._fh.write(member)
        except OSError as exc:  # a full disk: E032, and the writer deletes the new folder
            raise write_error(self.writer.path, exc) from exc
        self._digest.update(member)
        if rec is not None:
            meta = _line_meta(rec, self.extraction)
            self._index.append((rec.article.id, self._offset, len(member), meta))
        self._offset += len(member)

    def abandon(self) -> None:
        """Close the file of a build that failed (its folder is deleted anyway); closing
        flushes the buffer, which on a full disk fails again: that is not news."""
        with contextlib.suppress(OSError):
            self._fh.close()

    def keep(self, previous: Path, records: Mapping[str, ArticleRecords]) -> None:
        """Carry these articles over from the store at ``previous``: their saved lines are
        copied as they are, their graphs stay in the checkpoint (``StoreWriter.start_from``).
        """
        copied: set[str] = set()
        for art_id, rec in sorted(records.items()):  # lines this process read: at hand
            if "_line" in rec.__dict__ and "_line" in rec.article.__dict__:
                self._put(rec.__dict__["_line"][0], rec)
                copied.add(art_id)
        rest = {i: r for i, r in records.items() if i not in copied}
        if rest:  # lines this process wrote (``watch``), or a store read whole
            self._copy_from(previous, rest, copied)
        missing = sorted(set(records) - copied)
        if missing:
            reason = f"{len(missing)} article(s) have no saved line, e.g. {missing[0]}"
            raise IncidentKGError(Msg.E036, path=previous, reason=reason)
        blank = dataclasses.replace  # the text is in the graph and the saved line
        self.records += [replace_article(r, blank(r.article, text="")) for r in records.values()]

    def _copy_from(
        self, previous: Path, records: Mapping[str, ArticleRecords], copied: set[str]
    ) -> None:
        data = read_side_file(previous, RECORDS_FILE) or b""
        index = _read_index(previous, data)
        if index is not None and records.keys() <= index.keys():
            for art_id, (start, length) in sorted(index.items(), key=lambda kv: kv[1]):
                if art_id in records:
                    self._put(data[start : start + length], records[art_id])
                    copied.add(art_id)
        else:
            try:
                with gzip.open(io.BytesIO(data), "rt", encoding="utf-8", newline="\n") as fh:
                    lines = (raw.removesuffix("\n") for raw in itertools.islice(fh, 1, None))
                    self._copy_kept(previous, lines, records, copied)
            except (EOFError, zlib.error, UnicodeDecodeError, gzip.BadGzipFile) as exc:
                raise IncidentKGError(Msg.E036, path=previous, reason=_why(exc)) from exc

    def _copy_kept(
        self,
        previous: Path,
        lines: Iterable[str],
        records: Mapping[str, ArticleRecords],
        copied: set[str],
    ) -> None:
        for line in lines:
            try:
                art_id = _line_id(line)
            except ValueError as exc:
                raise IncidentKGError(Msg.E036, path=previous, reason=exc) from exc
            if art_id in records and art_id not in copied:
                self._write(line, records[art_id])
                copied.add(art_id)

    def add(self, item: Extracted) -> None:
        """Write the records line and the graph; keep the records without the article text."""
        if not item.nquads:  # reused records: graph and JSON made here
            item = for_store(item.records)
        line = _saved_line(item.records, self.extraction, item.records_json)
        self._write(line, item.records)
        self.writer.add_nquads(item.nquads, _article_graphs([item.records.article.id])[0])
        if self.changed is not None:
            self.changed += ox.parse(item.nquads, format=ox.RdfFormat.N_QUADS)
        self.records.append(item.records)

    def close(self) -> list[ArticleRecords]:
        try:
            self._fh.close()
        except OSError as exc:
            raise write_error(self.writer.path, exc) from exc
        self.writer.add_file(RECORDS_INDEX, _index_bytes(self._index, self._digest.hexdigest()))
        self.writer.flush()
        return sorted(self.records, key=lambda r: r.article.id)


_IndexEntry = tuple[str, int, int, "dict[str, object] | str"]
_META_KEYS = {"extraction", "article", "events", "posts", "affiliations", "places"}
_Entries = dict[str, tuple[int, int, "dict[str, object] | None", "str | None"]]


def _index_bytes(index: Sequence[_IndexEntry], digest: str) -> bytes:
    """``records.idx``: the records file's sha256, then per line the article id (JSON),
    offset, length and metadata (JSON: :func:`_line_meta`, what reading a store needs
    without the line), tab-separated (a kept line's metadata is copied as it was read)."""
    lines = [json.dumps({"sha256": digest})]
    for art_id, start, length, meta in index:
        text = meta if isinstance(meta, str) else json.dumps(meta, ensure_ascii=False,
                                                               separators=(",", ":"))  # fmt: skip
        lines.append(f"{json.dumps(art_id, ensure_ascii=False)}\t{start}\t{length}\t{text}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _read_index(store: Path, data: bytes) -> dict[str, tuple[int, int]] | None:
    """Where each article's member lies in ``data``; ``None`` when there is no index, or
    it does not belong to exactly these bytes (then the lines are read one by one)."""
    entries = _index_entries(store, data)
    if entries is None:
        return None
    return {art_id: (start, length) for art_id, (start, length, _m, _t) in entries.items()}


def _index_entries(store: Path, data: bytes) -> _Entries | None:
    """:func:`_read_index` with each line's metadata, decoded and as text (``None`` in an
    index written before it had any: a JSON list ``[id, offset, length]`` a line)."""
    raw = read_side_file(store, RECORDS_INDEX)
    if raw is None:
        return None
    try:
        lines = raw.decode("utf-8").split("\n")
        if json.loads(lines[0]).get("sha256") != hashlib.sha256(data).hexdigest():
            return None
        index: _Entries = {}
        for line in lines[1:]:
            if not line:
                continue
            if "\t" not in line:
                art_id, start, length = json.loads(line)
                index[str(art_id)] = (int(start), int(length), None, None)
                continue
            art_json, start, length, text = line.split("\t", 3)
            meta = json.loads(text)
            whole = isinstance(meta, dict) and meta.keys() >= _META_KEYS
            entry = (meta, text) if whole else (None, None)
            index[str(json.loads(art_json))] = (int(start), int(length), *entry)
    except (ValueError, TypeError, IndexError, AttributeError):
        return None
    return index


def run_build(
    store: Path,
    paths: Sequence[Path],
    options: BuildOptions,
    writer: StoreWriter,
    callbacks: Callbacks | None = None,
    remove: Sequence[str] = (),
) -> IncrementalResult:
    """Add ``paths`` to (or with ``rebuild`` replace) the store's articles, minus ``remove``.

    Fills ``writer`` (records file, article graphs, resolved graph); the caller validates
    and commits it. Nothing is added when the store is up to date.
    """
    from incidentkg.build.sources import articles_from_paths
    from incidentkg.curate import apply_corrections
    from incidentkg.rdf.curation import corrections_nquads, curated_nquads
    from incidentkg.rdf.units import unit_digests
    from incidentkg.validate.sparql.scope import touched_nodes  # rdflib: only when building

    cb = callbacks or Callbacks()
    skipped: list[Skipped] = []

    def note_skip(item: Skipped) -> None:
        skipped.append(item)
        if cb.on_skip:
            cb.on_skip(item)

    found = articles_from_paths(paths, options.published, options.strict, note_skip)
    incoming = unique_articles(found, cb.on_duplicate)
    model = options.model or DEFAULT_MODEL
    executor = dataclasses.replace(options.executor, graphs=True)
    # spaCy loads in a worker while the records are read
    warm = _prewarm(incoming, model, executor, writer) if options.prewarm else None
    saved = saved_for(store, options.rebuild, {a.id for a in incoming})
    if options.reindex:  # trust nothing of the old index: every graph is written again
        saved = dataclasses.replace(saved, build="")
    check_known(saved, remove, store)
    fp = extraction_fingerprint(model)
    plan = make_plan(saved.articles, incoming, fp, remove)
    build_fp = build_fingerprint(fp)
    corrections_file = options.corrections or corrections_path(store)
    corrections = read_corrections(corrections_file)  # a bad file stops before any work
    corrections_fp = corrections_fingerprint(corrections_file)
    same_corrections = saved.corrections == corrections_fp
    if not plan.touched and saved.build == build_fp and same_corrections and not options.rebuild:
        if warm is not None:
            warm.close()
        records = sorted(plan.reuse.values(), key=lambda r: r.article.id)
        return IncrementalResult(plan, records, None, skipped, fp, build_fp)
    out = _Output(writer, fp, build_fp, corrections_fp)
    kept = _articles_keeping_their_graphs(store, saved, plan, build_fp, options.rebuild)
    if kept:
        writer.start_from(store)
        out.changed = []
        writer.keep_only({RESOLVED_GRAPH, REPLACED_GRAPH, *_article_graphs(kept)}, out.changed)
        out.keep(store, kept)
    for rec in sorted(plan.reuse.values(), key=lambda r: r.article.id):
        if rec.article.id not in kept:
            out.add(Extracted(rec))
    # what the update reads of the store besides the records, while the worker loads spaCy
    fresh = options.rebuild or options.reindex
    saved = _with_state(store, saved, build_fp, fresh)
    patch = bool(kept and out.changed is not None)
    before = read_units(store) if patch else None
    for item in _extract_planned(plan, model, executor, cb.on_article, warm):
        out.add(item)
    records = out.close()
    # corrections are replayed after every resolution, before any RDF is written (issue 18)
    from incidentkg.build.state import STATE_FILE, encode_state

    with gc_paused():  # plain records in, plain records out: no cycles to collect
        raw, state, again = _resolve(saved, plan, records)
        state = _with_member_sums(state, records)
        writer.add_file(STATE_FILE, encode_state(state, build_fp))
        resolution, curation = apply_corrections(raw, corrections, records)
    replaced = _replaced(store, saved, plan, resolution, options.rebuild or options.reindex)
    # events not clustered again keep their saved digests (no correction may touch them)
    reuse = before if again is not None and same_corrections and not corrections else None
    with gc_paused():
        sums = _known_sums(state)
        digests = unit_digests(records, resolution, curation.outcomes, reuse, again or (), sums)
    writer.add_file(UNITS_FILE, encode_units(digests))
    touched = None
    if patch and out.changed is not None:
        corrected = corrections_nquads(curation.outcomes)
        touched_ids = {*plan.new, *plan.changed, *plan.refreshed, *plan.moved, *plan.removed}
        olds = {i: saved.articles[i].records for i in touched_ids if i in saved.articles}
        _patch_resolved(writer, records, resolution, curation, digests, before, out.changed,
                        (touched_ids, olds))  # fmt: skip
        writer.replace_graph(REPLACED_GRAPH, replaced, out.changed)
        writer.add_nquads(corrected, CORRECTIONS_GRAPH)  # keep_only dropped the old one
        out.changed += ox.parse(corrected, format=ox.RdfFormat.N_QUADS)
        touched = touched_nodes(writer.load(), out.changed)
    else:
        resolved, corrected = curated_nquads(records, resolution, curation.outcomes)
        writer.add_nquads(resolved + replaced + corrected)
    changed = None if options.rebuild or saved.build != build_fp else _changed_graphs(plan)
    if changed is not None and corrections:
        changed |= {CORRECTIONS_GRAPH}
    after = _saved_after(plan, records, fp, build_fp, corrections_fp, state, saved.articles)
    local = again is not None
    return IncrementalResult(
        plan, records, resolution, skipped, fp, build_fp, changed, curation, touched, after, local
    )


def _with_state(store: Path, saved: SavedStore, build_fp: str, fresh: bool) -> SavedStore:
    """``saved`` with the last build's resolution state, when this code made it and the
    update may resolve locally from it (else as it is: the resolution starts afresh). Read
    before the extraction, so that it overlaps the worker's loading of spaCy (1 s of an
    update's 5 s on the corpus store)."""
    from incidentkg.build.state import read_state

    if fresh or not saved.articles or saved.build != build_fp:
        return dataclasses.replace(saved, state=None)
    if saved.state is not None:
        return saved
    return dataclasses.replace(saved, state=read_state(store, build_fp))


def _with_member_sums(state: ResolveState, records: Sequence[ArticleRecords]) -> ResolveState:
    """``state`` with every cluster's members' sum: a cluster the update kept has its own
    (its members and their articles are the ones it had), the others get one from
    ``records`` (hashing every member of every entity was most of the unit digests)."""
    from incidentkg.rdf.units import members_sum

    missing = [c for c in state.clusters if c.members_sum is None]
    if not missing:
        return state
    hashes = {r.article.id: r.article.content_hash for r in records}
    clusters = tuple(
        c if c.members_sum is not None
        else dataclasses.replace(c, members_sum=members_sum(c.entity.members, hashes))
        for c in state.clusters
    )  # fmt: skip
    return dataclasses.replace(state, clusters=clusters)


def _known_sums(state: ResolveState) -> dict[MemberRef, tuple[tuple[MemberRef, ...], int]]:
    """Each cluster's first member → its members and their sum (for :func:`unit_digests`)."""
    return {c.entity.members[0]: (c.entity.members, c.members_sum)
            for c in state.clusters if c.entity.members and c.members_sum is not None}  # fmt: skip


def _resolve(
    saved: SavedStore, plan: Plan, records: list[ArticleRecords]
) -> tuple[Resolution, ResolveState, frozenset[str] | None]:
    """Resolve locally from the last build's state (``saved.state``: :func:`_with_state`),
    else every record; either way the resolution a full build gives (and, when local, the
    ids of the events clustered again)."""
    from incidentkg.resolve import resolve_update, resolve_with_state

    state = saved.state
    if state is None:
        return (*resolve_with_state(records), None)
    touched = {*plan.new, *plan.changed, *plan.refreshed, *plan.moved, *plan.removed}
    before = {i: saved.articles[i].records for i in touched if i in saved.articles}
    return resolve_update(records, state, touched, before)


def _saved_after(
    plan: Plan,
    records: Sequence[ArticleRecords],
    fp: str,
    build_fp: str,
    corrections: str,
    state: ResolveState | None = None,
    before: Mapping[str, Saved] | None = None,
) -> SavedStore:
    """What the new records file holds, with article texts (extracted records come back
    from the workers without theirs: the incoming article has it); an article kept as it
    was keeps its :class:`Saved` of ``before`` (making 22 k of them again took 0.4 s)."""
    texts = {a.id: a for a in plan.extract}
    old = before or {}
    saved: dict[str, Saved] = {}
    for r in records:
        art_id = r.article.id
        rec = plan.reuse.get(art_id)
        was = old.get(art_id)
        if rec is not None and was is not None and was.records is rec and was.extraction == fp:
            saved[art_id] = was
        else:
            saved[art_id] = Saved(rec or replace_article(r, texts[art_id]), fp)
    return SavedStore(saved, build_fp, corrections, state)


UNITS_FILE = "resolved-units.tsv.gz"


def encode_units(digests: Mapping[str, str]) -> bytes:
    """The digest of every unit of the resolved graph, saved with the store."""
    lines = "".join(f"{key}\t{digests[key]}\n" for key in sorted(digests))
    return gzip.compress(lines.encode("utf-8"), compresslevel=6, mtime=0)


def read_units(store: Path) -> dict[str, str] | None:
    """The saved digests, or ``None`` when the store has none (or they cannot be read)."""
    data = read_side_file(store, UNITS_FILE)
    if data is None:
        return None
    try:
        text = gzip.decompress(data).decode("utf-8")
        return dict(line.split("\t", 1) for line in text.splitlines())
    except (OSError, EOFError, zlib.error, ValueError):
        return None  # the whole graph is compared instead


def _patch_resolved(
    writer: StoreWriter,
    records: Sequence[ArticleRecords],
    resolution: Resolution,
    curation: CurationReport,
    digests: Mapping[str, str],
    old: Mapping[str, str] | None,
    changed: list[ox.Quad],
    touched: tuple[Collection[str], Mapping[str, ArticleRecords]] | None = None,
) -> None:
    """Rewrite the units of the resolved graph whose digest changed (``old``: the saved
    digests); with no saved digests, build the whole graph and write its difference. An
    entity whose only change is in the members of ``touched`` articles (their ids and
    their records before the update) gets just those members' triples rewritten."""
    from incidentkg.rdf.curation import curated_nquads
    from incidentkg.rdf.units import unit_nquads

    if old is None:
        resolved, _corrected = curated_nquads(records, resolution, curation.outcomes)
        writer.replace_graph(RESOLVED_GRAPH, resolved, changed)
        return
    units = {k for k in digests.keys() | old.keys() if digests.get(k) != old.get(k)}
    if touched is not None:
        units -= _patch_members(writer, records, resolution, units, digests, old, touched, changed)
    stored = _unit_quads(writer.load(), units)
    fresh = unit_nquads(records, resolution, units, curation.outcomes)
    writer.replace_quads(stored, fresh, changed)


def _patch_members(
    writer: StoreWriter,
    records: Sequence[ArticleRecords],
    resolution: Resolution,
    units: Collection[str],
    digests: Mapping[str, str],
    old: Mapping[str, str],
    touched_records: tuple[Collection[str], Mapping[str, ArticleRecords]],
    changed: list[ox.Quad],
) -> set[str]:
    """Entity units whose head (every field but the members, posts, affiliations) stands
    and whose members outside the touched articles are the ones they were (the members'
    sum says so): their touched members' triples are replaced, the rest of the unit is
    not read (a country named by thousands of articles; issue 17). Returns those units."""
    from incidentkg.rdf.mint import local_entity_iri, resolved_key
    from incidentkg.rdf.units import member_triples, members_sum, split_digest, triples_nquads

    db = writer.load()
    graph, derived = ox.NamedNode(RESOLVED_GRAPH), ox.NamedNode(_PROV_DERIVED)
    by_key = {resolved_key(e.id): e for e in resolution.entities}
    touched, olds = set(touched_records[0]), touched_records[1]
    new_records = {r.article.id: r for r in records}
    new_hashes = {i: r.article.content_hash for i, r in new_records.items()}
    old_hashes = {i: r.article.content_hash for i, r in olds.items()}
    done: set[str] = set()
    gone: set[ox.Quad] = set()
    came: set[object] = set()
    for key in sorted(units):
        ent = by_key.get(key)
        now, was = split_digest(digests.get(key, "")), split_digest(old.get(key, ""))
        if ent is None or now is None or was is None or now[0] != was[0]:
            continue
        node = ox.NamedNode(key)
        mine = [m for m in ent.members if m.article_id in touched]
        theirs = [m for a in sorted(olds) for e in olds[a].entities
                  for m in [MemberRef(a, e.key)]
                  if next(db.quads_for_pattern(
                      node, derived, ox.NamedNode(str(local_entity_iri(a, e.key))), graph),
                      None) is not None]  # fmt: skip
        rest_now = now[1] - members_sum(mine, new_hashes)
        rest_was = was[1] - members_sum(theirs, old_hashes)
        if (rest_now - rest_was) % (1 << 64):
            continue  # other members came or went too: the whole unit is written again
        old_triples = member_triples(ent, theirs, olds)
        new_triples = member_triples(ent, mine, new_records)
        gone.update(ox.parse(triples_nquads(old_triples - new_triples),
                             format=ox.RdfFormat.N_QUADS))  # fmt: skip
        came.update(new_triples - old_triples)
        done.add(key)
    if done:
        writer.replace_quads(gone, triples_nquads(came), changed)  # type: ignore[arg-type]
    return done


_PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"


def _unit_quads(db: ox.Store, units: Iterable[str]) -> list[ox.Quad]:
    """The stored quads of these units of the resolved graph (their subjects, found from
    each unit's main node)."""
    from incidentkg.rdf.units import unit_subjects

    graph = ox.NamedNode(RESOLVED_GRAPH)
    quads: list[ox.Quad] = []
    for key in units:
        node, links = unit_subjects(key)
        subjects = {ox.NamedNode(str(node))}
        for predicate, outward in links:
            p = ox.NamedNode(predicate)
            if outward:
                found = (
                    q.object for q in db.quads_for_pattern(ox.NamedNode(str(node)), p, None, graph)
                )
            else:
                found = (
                    q.subject for q in db.quads_for_pattern(None, p, ox.NamedNode(str(node)), graph)
                )
            subjects.update(t for t in found if isinstance(t, ox.NamedNode))
        for subject in subjects:
            quads += db.quads_for_pattern(subject, None, None, graph)
    return quads


def _replaced(
    store: Path, saved: SavedStore, plan: Plan, resolution: Resolution, rebuild: bool
) -> bytes:
    """The replaced graph (:mod:`incidentkg.build.replaced`); empty for a new store, and
    when rebuilding (or reindexing a store whose old index is not to be read)."""
    if rebuild or not saved.articles or not (store / OXIGRAPH_DIR).is_dir():
        return b""
    touched = {*plan.new, *plan.changed, *plan.refreshed, *plan.removed}
    old = {i: saved.articles[i].records for i in touched if i in saved.articles}
    return replaced_nquads(open_store(store), resolution.events, old, touched)


KEEP_BELOW = 0.25  # rewrite everything when this share of the stored articles goes or changes


def _articles_keeping_their_graphs(
    store: Path, saved: SavedStore, plan: Plan, build_fp: str, rebuild: bool
) -> dict[str, ArticleRecords]:
    """Articles whose graphs the new store takes over from the old one as they are.

    Only when the old graphs were built by this very code (same build fingerprint) and
    few articles change: each dropped graph is deleted quad by quad, and the dictionary
    keeps the strings of deleted quads until a ``--rebuild``. Moved articles (same
    records, new file path) get their graph written again, like changed ones.
    """
    if rebuild or saved.build != build_fp or not (store / OXIGRAPH_DIR).is_dir():
        return {}
    moved = set(plan.moved)
    kept = {i: rec for i, rec in plan.reuse.items() if i not in moved}
    dropped = len(plan.changed) + len(plan.refreshed) + len(plan.moved) + len(plan.removed)
    if not kept or dropped > KEEP_BELOW * len(saved.articles):
        return {}
    return kept


def _article_graphs(ids: Iterable[str]) -> list[str]:
    from incidentkg.rdf.mint import article_graph_iri

    return [str(article_graph_iri(i)) for i in ids]


def _changed_graphs(plan: Plan) -> frozenset[str]:
    """The resolved graph and every article graph that is new or differs from before."""
    ids = [*plan.new, *plan.changed, *plan.refreshed, *plan.moved]
    return frozenset([RESOLVED_GRAPH, *_article_graphs(ids)])


def _prewarm(
    incoming: Sequence[Article], model: str, executor: ExecutorOptions, writer: StoreWriter
) -> WarmWorker | None:
    """A worker loading the pipeline for a few incoming articles (stopped however the
    build ends: with the writer)."""
    from incidentkg.build.extraction import prewarm

    warm = prewarm(incoming, model, executor)
    if warm is not None:
        writer.on_discard(warm.close)
    return warm


def _extract_planned(
    plan: Plan,
    model: str,
    executor: ExecutorOptions,
    on_article: Callable[[ArticleRecords], None] | None,
    warm: WarmWorker | None = None,
) -> Iterable[Extracted]:
    """Extract the planned articles with their graphs (no workers when there are none)."""
    from incidentkg.build.extraction import run_extraction

    if not plan.extract:
        if warm is not None:
            warm.close()
        return
    for item in run_extraction(plan.extract, model, executor, warm):
        if on_article:
            on_article(item.records)
        yield item
