"""The package follows the data's path: which stage may import which (docs/architecture.md).

Two checks: a static one over every module's imports (lazy ones inside functions included),
and a dynamic one that imports each stage in a fresh interpreter and looks at which heavy
packages it loaded, since what a stage drags in decides how fast and where it can run.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "incidentkg"

#: our packages (and top-level modules) each stage may import, besides itself
ALLOWED: dict[str, set[str]] = {
    "": set(),  # incidentkg/__init__.py
    "records": set(),
    "errors": set(),
    "resources": {"errors", "query"},  # query.rows: the stdlib-only resource finder
    "kb": {"records", "resources", "errors"},
    "ingest": {"records", "errors", "resources", "kb"},
    "nlp": {"records", "errors", "resources", "kb"},
    "extract": {"records", "kb", "nlp", "errors", "resources"},
    "resolve": {"records", "kb"},
    "curate": {"records", "kb", "resolve", "errors"},
    "rdf": {"records", "kb", "errors", "resources"},
    "validate": {"rdf", "resources", "errors", "records"},
    "store": {"errors", "rdf", "records", "resources", "query"},
    "query": {"errors", "resources", "store", "records"},
    "build": {
        "records",
        "errors",
        "resources",
        "kb",
        "ingest",
        "nlp",
        "extract",
        "resolve",
        "curate",
        "rdf",
        "validate",
        "store",
    },
    "api": {"query", "store", "errors", "resources", "records", "kb"},
    "viz": {"api", "query", "store", "errors", "resources", "kb"},
    "cli": {
        "build",
        "store",
        "query",
        "validate",
        "errors",
        "resources",
        "viz",
        "api",
        "records",
        "curate",
    },
}

#: the console script's fast path hands every command it does not serve to the full CLI,
#: and forks spaCy's worker for a small `build` before it (issue 17)
ENTRY_POINTS = {"incidentkg.query.fastpath": {"cli", "build"}}


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _is_module(name: str) -> bool:
    rel = Path(*name.split(".")[1:])
    return (PACKAGE / rel).with_suffix(".py").exists() or (PACKAGE / rel / "__init__.py").exists()


def _imports() -> dict[str, set[str]]:
    """Every ``incidentkg.*`` module → the ``incidentkg.*`` modules it imports anywhere."""
    found: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        name = ".".join(p for p in rel.parts if p != "__init__")
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:  # `from pkg import submodule` imports the submodule
                    sub = f"{node.module}.{alias.name}"
                    targets.add(sub if _is_module(sub) else node.module)
            elif isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
        found[name] = {t for t in targets if t.startswith("incidentkg.")}
    return found


def test_architecture_stages_import_only_what_they_may() -> None:
    """A stage never reaches back up the data path (e.g. resolve → nlp, rdf → nlp)."""
    wrong = []
    for module, targets in _imports().items():
        stage = _stage(module)
        allowed = ALLOWED.get(stage)
        assert allowed is not None, f"{module}: stage {stage!r} is not in the import map"
        for target in targets:
            other = _stage(target)
            if other != stage and other not in allowed | ENTRY_POINTS.get(module, set()):
                wrong.append(f"{module} imports {target}")
    assert not wrong, "\n".join(sorted(wrong))


def test_architecture_no_import_cycles_between_modules() -> None:
    """No module reaches itself through its imports (executors ↔ distributed was one)."""
    graph = _imports()
    state: dict[str, int] = {}
    cycles: list[str] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if nxt not in graph:
                continue
            if state.get(nxt) == 1:
                cycles.append(" → ".join([*trail[trail.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    # a package's __init__ importing its own submodules is not a cycle worth failing on
    real = [c for c in cycles if len({m.rsplit(".", 1)[0] for m in c.split(" → ")}) > 1]
    assert not real, "\n".join(real)


HEAVY = ("spacy", "rdflib", "pyoxigraph", "pyshacl", "pandas", "networkx", "httpx", "rich")

#: module → heavy packages it must NOT load when imported alone
MUST_NOT_LOAD = {
    "incidentkg.records": HEAVY,
    "incidentkg.kb.gazetteer": HEAVY,
    "incidentkg.kb.ids": HEAVY,
    "incidentkg.kb.dates": HEAVY,
    "incidentkg.resolve": HEAVY,
    "incidentkg.curate": HEAVY,
    "incidentkg.rdf.build": ("spacy", "pyshacl", "pandas"),
    "incidentkg.validate.sparql": ("spacy", "pyshacl", "pandas"),
    "incidentkg.store.local": ("spacy", "pyshacl", "pandas"),
    "incidentkg.query.run": ("spacy", "pyshacl", "rdflib", "pandas"),
    "incidentkg.query.fastpath": ("spacy", "pyshacl", "rdflib", "pyoxigraph", "rich", "pandas"),
    "incidentkg.query.export": ("spacy", "pyshacl"),
    "incidentkg.api": ("spacy", "pyshacl"),
    "incidentkg.build.api": ("spacy", "pyshacl"),
    "incidentkg.cli": ("spacy", "pyshacl", "pandas"),
}


@pytest.mark.parametrize("module", sorted(MUST_NOT_LOAD))
def test_architecture_stage_imports_without_heavy_packages(module: str) -> None:
    """Importing a stage in a fresh interpreter loads none of the packages it has no use for."""
    probe = (
        "import importlib, json, sys\n"
        f"importlib.import_module({module!r})\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(done.stdout))
    assert not loaded & set(MUST_NOT_LOAD[module]), sorted(loaded & set(MUST_NOT_LOAD[module]))


def test_architecture_resolve_runs_on_plain_records() -> None:
    """resolve is usable without spaCy or rdflib: resolving no articles gives no events."""
    probe = (
        "import sys\n"
        "from incidentkg.resolve import resolve\n"
        "r = resolve([])\n"
        "assert not r.events and not r.entities\n"
        "assert 'spacy' not in sys.modules and 'rdflib' not in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_architecture_docs_show_the_import_map() -> None:
    """docs/architecture.md tells people which package may import which; it must be this map."""
    doc = (PACKAGE.parents[1] / "docs" / "architecture.md").read_text(encoding="utf-8")
    table = doc.split("<!-- the import map")[1].split("<!-- end of the import map -->")[0]
    documented: dict[str, set[str]] = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[0].startswith("`"):
            stage = cells[0].strip("`")
            documented["" if stage == "__init__" else stage] = {
                c.strip().strip("`") for c in cells[1].split(",") if c.strip() != "-"
            }
    assert documented == ALLOWED


#: literal collections of 8+ strings that are not vocabulary and so stay in code:
#: protocol and format tables, column names, tag sets of the model, generated text
NOT_WORD_LISTS = {
    "api/knowledge_graph.py::KnowledgeGraph.timeline.columns": "dataframe column order",
    "cli/build.py::_summary.rows": "report table rows",
    "curate/file.py::ENTRY_KEYS": "keys of a corrections-file entry",
    "errors.py::_OS_ADVICE": "errno → advice table",
    "extract/casualties.py::_NP_DEPS": "spaCy dependency labels of the model's tag set",
    "extract/dates.py::_PATTERNS": "named date regular expressions, tried in order",
    "ingest/__init__.py::__all__": "public names",
    "kb/vocabulary.py::SECTIONS": "sections of vocabulary.yaml",
    "nlp/speedups.py::FLAG_ATTRS": "spaCy lexeme flags",
    "nlp/speedups.py::STRING_ATTRS": "spaCy token attributes",
    "query/export.py::EVENT_COLUMNS": "CSV export columns",
    "query/export.py::PREFIXES": "RDF prefixes of exports",
    "store/remote.py::LoadReport.to_json": "keys of the load report's JSON",
    "query/export.py::OTHER_SUFFIXES": "file suffixes of formats the export refuses",
    "query/rows.py::SHORT_FORMS": "IRI prefixes and their short forms",
    "store/local.py::stats": "keys of the stats summary",
    "query/run.py::_UPDATE_FORMS": "SPARQL keywords",
    "rdf/namespace.py::PREFIXES": "RDF prefixes",
    "records.py::EventField": "events-table columns a correction may set",
    "store/gate.py::_HOP_BY_HOP": "HTTP hop-by-hop headers",
    "validate/sparql/constraints/value_type.py::CASTABLE": "XSD datatypes",
    "validate/sparql/features.py::CORE": "SHACL spec sections",
    "validate/sparql/features.py::markdown.lines": "generated Markdown",
    "viz/data.py::FACT_NAMES": "RDF property names",
    "viz/maps.py::POINT_COLUMNS": "dataframe column order",
    "viz/maps.py::event_points": "one row of the points table (its columns)",
}


def _literal_word_lists() -> dict[str, int]:
    """``file::scope.name`` → size, for every literal set, list, tuple or dict of 8+ strings
    (dict keys; pairs count by their first item) in the package."""
    found: dict[str, int] = {}

    def strings(node: ast.AST) -> int:
        items = node.keys if isinstance(node, ast.Dict) else getattr(node, "elts", [])
        firsts = [i.elts[0] if isinstance(i, ast.Tuple) and i.elts else i for i in items]
        return sum(isinstance(i, ast.Constant) and isinstance(i.value, str) for i in firsts)

    def visit(node: ast.AST, scope: list[str], rel: str) -> None:
        for child in ast.iter_child_nodes(node):
            inner = scope
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                inner = [*scope, child.name]
            elif isinstance(child, (ast.Assign, ast.AnnAssign)):
                target = child.targets[0] if isinstance(child, ast.Assign) else child.target
                if isinstance(target, ast.Name):
                    inner = [*scope, target.id]
            collection = isinstance(child, (ast.Set, ast.List, ast.Tuple, ast.Dict))
            if collection and (n := strings(child)) >= 8:
                found[f"{rel}::{'.'.join(scope)}"] = n
            visit(child, inner, rel)

    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        visit(ast.parse(path.read_text(encoding="utf-8")), [], rel)
    return found


def test_architecture_word_lists_live_in_data_files() -> None:
    """Issue 14: word lists go to data/lexicon.json (or another data file), not into code;
    a literal collection of 8+ strings is allowed only when listed in NOT_WORD_LISTS."""
    found = _literal_word_lists()
    new = sorted(f"{key} ({n} strings)" for key, n in found.items() if key not in NOT_WORD_LISTS)
    assert not new, "word lists in code; move them to data/lexicon.json:\n" + "\n".join(new)
    stale = sorted(set(NOT_WORD_LISTS) - set(found))
    assert not stale, f"NOT_WORD_LISTS names lists that are gone: {stale}"


def test_architecture_retired_error_codes_stay_retired() -> None:
    """Issue 14: a withdrawn code (E061, W002) is never given to a new message."""
    from incidentkg.errors import RETIRED, Msg

    assert {"E061", "W002"} <= set(RETIRED)
    assert not set(RETIRED) & set(Msg.__members__)


#: attributes that hand out a spaCy Token or Span: a new Python object on every access
_SPACY_VIEWS = {"head", "root", "left_edge", "right_edge", "sent"}


def test_architecture_spacy_tokens_are_compared_by_position_not_identity() -> None:
    """``token.head is token`` is never true (spaCy makes a new Token object on every
    access), so a walk up the parse that stops on it never stops at the root: compare with
    ``==``. Checked over every module that reads parses."""
    found = []
    for path in sorted((PACKAGE / "extract").glob("*.py")) + sorted((PACKAGE / "nlp").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Compare):
                continue
            sides = [node.left, *node.comparators]
            for op, left, right in zip(node.ops, sides, sides[1:], strict=False):
                if not isinstance(op, ast.Is | ast.IsNot):
                    continue
                if any(isinstance(s, ast.Constant) for s in (left, right)):
                    continue
                if any(
                    isinstance(s, ast.Attribute) and s.attr in _SPACY_VIEWS for s in (left, right)
                ):
                    found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert not found, found
