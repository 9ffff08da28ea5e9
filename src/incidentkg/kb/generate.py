"""Write the parts of the ontology, shapes, namespace and docs that follow from the vocabulary.

``python -m incidentkg.kb.generate`` rewrites them in a source checkout; ``--check`` only says
which are stale (tests/test_vocabulary.py fails on the same). Generated text sits between
marker comments, except in the shapes, where the lists of the shapes named in
:data:`SHAPE_LISTS` are rewritten in place. Plain text in, plain text out: no rdflib.
"""

from __future__ import annotations

import re
import sys
import textwrap
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from incidentkg.kb.vocabulary import (
    DatePrecision,
    EntityKind,
    EventRole,
    PerpetratorStatus,
    Vocabulary,
    vocabulary,
)
from incidentkg.resources import PACKAGE_DIR

ROOT = PACKAGE_DIR.parents[1]  # the source checkout: ontology/, shapes/, docs/, README.md
SCHEMA = "data/vocabulary.yaml"  # in the package: src/incidentkg/data/
COMMAND = "python -m incidentkg.kb.generate"
WIDTH = 105  # wrap generated Turtle lists before this column


# --- marked regions ----------------------------------------------------------------


def _markers(name: str, comment: str, indent: str = "") -> tuple[str, str]:
    if comment == "<!--":
        return (f"<!-- generated from {SCHEMA} by `{COMMAND}`: {name} -->",
                f"<!-- end of generated {name} -->")  # fmt: skip
    return (f"{indent}{comment} generated from {SCHEMA} by `{COMMAND}`: {name}",
            f"{indent}{comment} end of generated {name}")  # fmt: skip


def replace_region(text: str, name: str, body: str, comment: str = "#", indent: str = "") -> str:
    """``text`` with the lines between the markers of region ``name`` replaced by ``body``."""
    begin, end = _markers(name, comment, indent)
    lines = text.split("\n")
    try:
        start, stop = lines.index(begin), lines.index(end)
    except ValueError:
        raise ValueError(f"no generated region {name!r} (markers: {begin!r} ... {end!r})") from None
    return "\n".join([*lines[: start + 1], *body.rstrip("\n").split("\n"), *lines[stop:]])


# --- Turtle ------------------------------------------------------------------------


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"@en'


def ontology_event_classes(v: Vocabulary) -> str:
    """The category classes (under ikg:Event) and the event type classes (under a category)."""
    out: list[str] = []
    for c in v.categories:
        out += [f"ikg:{c.term} a owl:Class ;", "    rdfs:subClassOf ikg:Event ;",
                f"    rdfs:label {_literal(c.label)} ;",
                f"    rdfs:comment {_literal(c.description)} .", ""]  # fmt: skip
    for t in v.event_types:
        parent = v.category(t.category).term
        label, comment = _literal(t.label), _literal(t.description)
        out += [f"ikg:{t.term} a owl:Class ; rdfs:subClassOf ikg:{parent} ;",
                f"    rdfs:label {label} ; rdfs:comment {comment} ."]  # fmt: skip
    return "\n".join(out)


def _wrapped(items: Sequence[str], head: str, tail: str) -> str:
    """``head`` + items + ``tail``, wrapped before :data:`WIDTH` under the first item."""
    indent = " " * len(head)
    rows: list[list[str]] = [[]]
    for item in items:
        prefix = head if len(rows) == 1 else indent
        if rows[-1] and len(prefix + " ".join([*rows[-1], item])) > WIDTH:
            rows.append([])
        rows[-1].append(item)
    lines = [(head if i == 0 else indent) + " ".join(row) for i, row in enumerate(rows)]
    return "\n".join(lines) + tail


def _shape_lists(v: Vocabulary) -> dict[str, tuple[str, str]]:
    """Shape → (the start of the statement holding its list, the statement as it should be):
    the lists that a new category or event type changes."""
    qualified = "    sh:qualifiedValueShape [ sh:in ( "
    lists = {
        "ikgsh:Event-category": (
            qualified, _wrapped([f"ikg:{c.term}" for c in v.categories], qualified, " ) ] ;")
        ),
        "ikgsh:Event-type": (
            qualified, _wrapped([f"ikg:{t.term}" for t in v.event_types], qualified, " ) ] ;")
        ),
    }
    for c in v.categories:
        types = ", ".join(f"ikg:{t.term}" for t in v.types_of(c.name))
        if types:  # a category without types has no type shape
            start = "    sh:targetClass "
            lists[f"ikgsh:{c.term}TypeShape"] = (start, f"{start}{types} ;")
    return lists


def shapes_with_lists(text: str, v: Vocabulary) -> str:
    """``text`` (the shapes file) with the lists of :func:`_shape_lists` rewritten."""
    for shape, (start, statement) in _shape_lists(v).items():
        block = re.search(rf"^{re.escape(shape)} a sh:\w+ ;\n(?:.*\n)*?.* \.$", text, re.M)
        if block is None:
            raise ValueError(f"shape {shape} not found in the shapes file")
        old = re.search(rf"^{re.escape(start)}[^;]*;$", block.group(0), re.M)
        if old is None:
            raise ValueError(f"shape {shape} has no statement starting {start.strip()!r}")
        new_block = block.group(0).replace(old.group(0), statement, 1)
        text = text[: block.start()] + new_block + text[block.end() :]
    return text


# --- Python and Markdown ------------------------------------------------------------


def namespace_event_classes(v: Vocabulary) -> str:
    return "\n".join(f"    {t.term}: URIRef" for t in (*v.categories, *v.event_types))


Row = tuple[str, ...]


def _table(intro: str, head: Row, rows: Iterable[Row]) -> list[str]:
    lines = textwrap.wrap(intro, 100, break_on_hyphens=False)
    lines += ["", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    return [*lines, *("| " + " | ".join(row) + " |" for row in rows), ""]


def _code(items: Iterable[str]) -> str:
    return ", ".join(f"`{i}`" for i in items) or "-"


def _event_rows(v: Vocabulary) -> Iterator[Row]:
    for c in v.categories:
        yield f"`{c.name}`", f"`ikg:{c.term}`", "`ikg:Event`", c.description
    for t in v.event_types:
        parent = v.category(t.category).term
        yield f"`{t.term}`", f"`ikg:{t.term}`", f"`ikg:{parent}`", t.description


def _role_rows(v: Vocabulary) -> Iterator[Row]:
    for r in v.roles:
        yield f"`{r.record}`" if r.record else "(outcome)", f"`ikg:{r.term}`", r.description


def _figure_rows(v: Vocabulary) -> Iterator[Row]:
    for f in v.figure_kinds:
        summaries = _code(f"ikg:{p}" for p in f.summary or ())
        yield f"`{f.name}`", f"`ikg:{f.term}`", summaries, f.description


def _value_rows(v: Vocabulary) -> Iterator[Row]:
    values: list[DatePrecision | PerpetratorStatus | EventRole] = [
        *v.date_precisions, *v.perpetrator_statuses, *v.event_roles,
    ]  # fmt: skip
    for d in values:
        yield f"`{d.name}`", f"`ikg:{d.term}`", d.description


def _entity_rows(v: Vocabulary) -> Iterator[Row]:
    for k in _parents_first(v):
        yield f"`ikg:{k.term}`", f"`{k.parent or k.term}`", _code(k.gazetteer), k.description


def docs_tables(v: Vocabulary) -> str:
    """The vocabulary tables of docs/rdf-mapping.md."""
    qualifiers = ((f"`{q.name}`", q.description) for q in v.figure_qualifiers)
    lines = [
        *_table("Event classes: a category class under `ikg:Event` (the generic type when no "
                "finer type is known) and the event type classes under it; `category` and "
                "`event_type` are the values of the records and of the events table.",
                ("`category` / `event_type`", "class", "⊑", "description"), _event_rows(v)),
        *_table("Roles (⊑ `sem:hasActor`, from the event to the actor); outcomes have no role "
                "in the records:", ("record role", "property", "description"), _role_rows(v)),
        *_table("Casualty figures (`ikg:figureKind`) and the event's summaries of each kind:",
                ("kind", "individual", "summaries", "description"), _figure_rows(v)),
        *_table("Figure qualifiers (`ikg:qualifier` strings):", ("qualifier", "meaning"),
                qualifiers),
        *_table("Date precisions (`ikg:datePrecision`), perpetrator statuses "
                "(`ikg:perpetratorStatus`, `ikg:status`; the `perpetrator_status` column) and "
                "event roles (`ikg:eventRole`; the `role` column):",
                ("value", "individual", "description"), _value_rows(v)),
        *_table("Entity classes (`entity_type`) and the organisation subclasses chosen by the "
                "gazetteer kind; other kinds give only `ikg:Organization`:",
                ("class", "`entity_type`", "gazetteer kinds", "description"), _entity_rows(v)),
    ]  # fmt: skip
    return "\n".join(lines)


def _parents_first(v: Vocabulary) -> Iterator[EntityKind]:
    for kind in v.record_entity_types:
        yield kind
        yield from (k for k in v.entity_kinds if k.parent == kind.term)


def readme_event_types(v: Vocabulary) -> str:
    """The README's line on the `category` and `event_type` columns."""
    names = [c.name for c in v.categories]
    categories = ", ".join(f"`{n}`" for n in names[:-1]) + f" or `{names[-1]}`"
    types = ", ".join(f"`{t.term}`" for t in v.event_types)
    text = (f"- `category` is {categories}; `event_type` is the ontology class ({types}, or the "
            "category's generic class; all listed in `docs/rdf-mapping.md`, *Vocabulary*).")
    return textwrap.fill(text, 110, subsequent_indent="  ", break_on_hyphens=False)


# --- files ---------------------------------------------------------------------------


def generated(root: Path = ROOT, v: Vocabulary | None = None) -> dict[Path, str]:
    """Each generated file → its text as it should be."""
    v = v or vocabulary()
    region = "event classes"
    steps: dict[str, Callable[[str], str]] = {
        "ontology/incidentkg.ttl": lambda t: replace_region(t, region, ontology_event_classes(v)),
        "shapes/incidentkg.shacl.ttl": lambda t: shapes_with_lists(t, v),
        "src/incidentkg/rdf/namespace.py": lambda t: replace_region(
            t, region, namespace_event_classes(v), indent="    "
        ),
        "docs/rdf-mapping.md": lambda t: replace_region(t, "vocabulary", docs_tables(v), "<!--"),
        "README.md": lambda t: replace_region(t, "event types", readme_event_types(v), "<!--"),
    }
    return {root / name: step((root / name).read_text(encoding="utf-8"))
            for name, step in steps.items()}  # fmt: skip


def main(argv: Sequence[str] = ()) -> int:
    """Rewrite the stale files (``--check``: only list them; exit 1 if any)."""
    check = "--check" in argv
    stale = [p for p, text in generated().items() if p.read_text(encoding="utf-8") != text]
    for path, text in generated().items():
        if path in stale and not check:
            path.write_text(text, encoding="utf-8")
    for path in stale:
        print(f"{'stale' if check else 'rewrote'} {path.relative_to(ROOT)}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
