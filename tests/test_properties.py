"""Property-based tests (hypothesis): untrusted text never breaks ingest, dates, numbers or IRIs.

Each property is one the pipeline relies on downstream, stated for any input rather than
for the examples we happened to think of (issue 7).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re

import pyoxigraph as ox
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from incidentkg.errors import IngestError
from incidentkg.extract.dates import parse_date
from incidentkg.extract.numbers import parse_quantity, word_value
from incidentkg.ingest import MAX_ARTICLE_CHARS, articles_from_text
from incidentkg.ingest.decode import decode_bytes
from incidentkg.ingest.normalize import normalize_text
from incidentkg.kb import ids
from incidentkg.query.export import render_table
from incidentkg.rdf import mint

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
#: Characters that break naive IRIs, literals, CSV or SPARQL: quotes, brackets, backslashes,
#: line breaks, bidi overrides, zero-width marks, BOM, NUL and friends.
HOSTILE_CHARS = st.sampled_from(
    [*"\"'<>\\{}|^`#%&;:/?\n\r\t ", "\u202e", "\u200b", "\u200d", "\ufeff", "\x00", "\x7f"]
)
HOSTILE = st.lists(
    st.one_of(
        HOSTILE_CHARS,
        st.sampled_from(
            ['"""', "'''", "}} ; DROP ALL", "<http://x>", "@prefix x: <y> .", "\\u0022"]
        ),
        st.text(max_size=5),
    ),
    max_size=12,
).map("".join)
UNSAFE_IN_IRI = re.compile(r'[\s<>"{}|\\^`\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\ufeff]')
DATES = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2049, 12, 31))


@FAST
@given(st.text(max_size=400), st.text(min_size=1, max_size=20))
@example("Line one\u00a0x\r\nUpdated 14 March 2025\n\nTitle\n\nQUETTA: text.", "s")
def test_properties_ingest_articles_are_clean_and_hashed(text: str, stem: str) -> None:
    """Whatever the text, articles have unique ids, words, no CR/NBSP, and an honest hash."""
    arts = articles_from_text(text, stem, "x.txt")
    assert len({a.id for a in arts}) == len(arts)
    for art in arts:
        assert art.text.strip() and len(art.text) <= MAX_ARTICLE_CHARS
        assert "\r" not in art.text and "\u00a0" not in art.text
        assert art.content_hash == hashlib.sha256(art.text.encode()).hexdigest()
        assert art.id == stem or art.id.startswith(f"{stem}#")


@FAST
@given(st.text(max_size=300))
def test_properties_ingest_is_deterministic(text: str) -> None:
    """Same input, same articles: ids and hashes feed IRIs and incremental builds."""
    assert articles_from_text(text, "a", "a.txt") == articles_from_text(text, "a", "a.txt")


@FAST
@given(
    st.text(
        alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)),
        max_size=300,
    )
)
def test_properties_decode_utf8_round_trip(text: str) -> None:
    """UTF-8 text (without NUL) is read back exactly: detection never second-guesses it."""
    assert decode_bytes(text.encode("utf-8"), "x") == text


@FAST
@given(
    st.text(
        alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)),
        max_size=200,
    )
)
def test_properties_decode_utf16_with_bom_round_trip(text: str) -> None:
    """A BOM decides the encoding. (Text starting with NUL is excluded: FF FE 00 00 is also
    the UTF-32 byte-order mark, and real articles hold no NUL.)"""
    assert decode_bytes(text.encode("utf-16"), "x") == text


@FAST
@given(st.binary(max_size=400))
def test_properties_decode_any_bytes_gives_text_or_ingest_error(raw: bytes) -> None:
    """Random bytes: a string or a reported refusal, never another exception."""
    try:
        assert isinstance(decode_bytes(raw, "x"), str)
    except IngestError as exc:
        assert exc.code == "E002"


@FAST
@given(st.text(max_size=200))
def test_properties_normalize_removes_odd_spaces_and_carriage_returns(text: str) -> None:
    """Tokenizers and the dateline regexes assume plain spaces and \\n line breaks."""
    out = normalize_text(text)
    assert "\u00a0" not in out and "\r" not in out and "\u202f" not in out


@FAST
@given(st.text(max_size=80), st.one_of(st.none(), DATES))
def test_properties_parse_date_never_crashes_and_is_consistent(
    text: str, published: dt.date | None
) -> None:
    """Any text: no exception; a date it returns is a valid interval at its precision."""
    value = parse_date(text, published)
    if value is None:
        return
    assert value.precision in {"day", "week", "month", "year", "unknown"}
    if value.start is not None and value.end is not None:
        assert value.start <= value.end
    if value.precision == "day" and value.start is not None:
        assert value.start == value.end


@FAST
@given(DATES, st.sampled_from(["{d} {B} {Y}", "{B} {d}, {Y}", "{Y}-{m:02d}-{d:02d}"]))
def test_properties_parse_date_reads_written_dates_back(date: dt.date, form: str) -> None:
    """A full date written the ways news writes it comes back as that day."""
    text = form.format(d=date.day, m=date.month, B=date.strftime("%B"), Y=date.year)
    value = parse_date(text, None)
    assert value is not None and value.precision == "day" and value.start == date


_ONES = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
]  # fmt: skip
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _words(n: int) -> list[str]:
    """English number words ("three hundred forty-two") for 0 <= n < 1,000,000."""
    if n >= 1000:
        rest = _words(n % 1000) if n % 1000 else []
        return [*_words(n // 1000), "thousand", *rest]
    if n >= 100:
        rest = _words(n % 100) if n % 100 else []
        return [_ONES[n // 100], "hundred", *rest]
    if n >= 20:
        return [_TENS[n // 10] + (f"-{_ONES[n % 10]}" if n % 10 else "")]
    return [_ONES[n]]


@FAST
@given(st.integers(min_value=0, max_value=999_999))
def test_properties_numbers_words_and_digits_round_trip(n: int) -> None:
    """Casualty counts in words or digits read back as the same number."""
    assert word_value(_words(n)) == (n, n)
    assert word_value([str(n)]) == (n, n)
    assert word_value([f"{n:,}"]) == (n, n)


@FAST
@given(st.lists(st.text(max_size=12), max_size=6), st.text(max_size=30))
def test_properties_parse_quantity_never_crashes(words: list[str], before: str) -> None:
    """Arbitrary tokens: a quantity with low <= high, or None."""
    q = parse_quantity(words, before)
    if q is not None:
        assert 0 <= q.low <= q.high


@FAST
@given(HOSTILE, HOSTILE)
def test_properties_mint_iris_are_safe_and_deterministic(text: str, other: str) -> None:
    """Untrusted names reach IRIs only through slug/quote: always valid, same in, same out."""
    iris = [
        mint.article_iri(text),
        mint.article_graph_iri(text),
        mint.local_entity_iri(text, other),
        mint.resolved_iri(ids.slug_id("person", text)),
        mint.role_iri(text),
    ]
    for iri in iris:
        assert not UNSAFE_IN_IRI.search(iri), iri
        ox.NamedNode(str(iri))  # Oxigraph validates IRIs strictly
    assert mint.article_iri(text) == mint.article_iri(text)
    if text != other:
        assert mint.article_iri(text) != mint.article_iri(other)


@FAST
@given(HOSTILE, HOSTILE)
def test_properties_literals_round_trip_through_graph_exports(text: str, article_id: str) -> None:
    """Any label survives N-Quads and TriG export and re-parsing unchanged."""
    subject = ox.NamedNode(str(mint.article_iri(article_id)))
    graph = ox.NamedNode(str(mint.article_graph_iri(article_id)))
    label = text.replace("\x00", "")  # RDF literals may hold any char but NUL is dropped by us
    quad = ox.Quad(subject, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                   ox.Literal(label), graph)  # fmt: skip
    store = ox.Store()
    store.add(quad)
    for fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
        out = io.BytesIO()
        store.dump(out, format=fmt)
        assert list(ox.parse(out.getvalue(), format=fmt)) == [quad]


#: Text as it reaches the store: every label is cut from normalised article text (no CR).
STORED = HOSTILE.map(normalize_text)


@FAST
@given(st.lists(st.tuples(STORED, st.lists(STORED, max_size=3)), max_size=5))
def test_properties_table_exports_round_trip(rows: list[tuple[str, list[str]]]) -> None:
    """CSV and JSONL cells come back as written, whatever quotes or newlines they hold.

    A lone CR would not survive the CSV export (it writes LF line ends and does not quote
    CR); ingest normalises line breaks, so no stored label holds one.
    """
    columns = ("label", "aliases")
    table = [{"label": label, "aliases": sorted(set(a))} for label, a in rows]
    parsed = [json.loads(line) for line in render_table(table, columns, "jsonl").splitlines()]
    assert parsed == table
    reader = csv.reader(io.StringIO(render_table(table, columns, "csv"), newline=""))
    assert [r[0] for r in list(reader)[1:]] == [row["label"] for row in table]
