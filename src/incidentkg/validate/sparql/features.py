"""The published list of SHACL features the SPARQL engine supports: ``validate/FEATURES.md``.

Written from the engine's own tables (the constraint families' ``BUILDERS``, the compiler's
targets, paths and shape parameters) against the SHACL Core list below, so the page cannot
claim what the code does not do. ``python -m incidentkg.validate.sparql.features`` rewrites
it; tests/test_validate_sparql.py fails when it is stale and checks that every parameter it
calls unsupported is refused.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import ModuleType

from rdflib import URIRef
from rdflib.namespace import SH

from incidentkg.validate.report import Severity
from incidentkg.validate.sparql import compiler
from incidentkg.validate.sparql.constraints import FAMILIES, NEEDS_PATH
from incidentkg.validate.sparql.unsupported import short

PAGE = Path(__file__).resolve().parents[1] / "FEATURES.md"
PACKAGE = Path(__file__).resolve().parent

#: SHACL Core constraint parameters by section of the spec (https://www.w3.org/TR/shacl/#core-components)
CORE: dict[str, tuple[str, ...]] = {
    "4.1 Value type": ("class", "datatype", "nodeKind"),
    "4.2 Cardinality": ("minCount", "maxCount"),
    "4.3 Value range": ("minExclusive", "minInclusive", "maxExclusive", "maxInclusive"),
    "4.4 String-based": ("minLength", "maxLength", "pattern", "flags", "languageIn", "uniqueLang"),
    "4.5 Property pair": ("equals", "disjoint", "lessThan", "lessThanOrEquals"),
    "4.6 Logical": ("not", "and", "or", "xone"),
    "4.7 Shape-based": ("node", "property", "qualifiedValueShape", "qualifiedMinCount",
                        "qualifiedMaxCount", "qualifiedValueShapesDisjoint"),
    "4.8 Other": ("closed", "ignoredProperties", "hasValue", "in"),
}  # fmt: skip
#: SHACL-SPARQL and SHACL Advanced Features: none is supported
BEYOND_CORE = ("sparql", "target", "declare", "prefixes", "parameter", "validator")


def _family(section: str) -> ModuleType:
    found = [f for f in FAMILIES if section == f.SECTION]
    if len(found) != 1:
        raise ValueError(f"no constraint family for SHACL section {section!r}")
    return found[0]


def supported(section: str) -> list[URIRef]:
    """The section's parameters the engine compiles (its builders, what they read besides,
    and ``sh:property``, which the compiler handles)."""
    family = _family(section)
    known = {*family.BUILDERS, *getattr(family, "READS", ()), *compiler.SHAPE_PARAMETERS}
    extra = set(family.BUILDERS) - {SH[p] for p in CORE[section]}
    if extra:
        raise ValueError(f"{family.__name__} builds parameters outside {section}: {extra}")
    return [SH[p] for p in CORE[section] if SH[p] in known]


def unsupported() -> list[URIRef]:
    """Every SHACL Core constraint parameter the engine refuses."""
    return [SH[p] for s, ps in CORE.items() for p in ps if SH[p] not in supported(s)]


def _names(params: Iterable[URIRef], mark: bool = False) -> str:
    text = [f"`{short(p)}`" + ("*" if mark and p in NEEDS_PATH else "") for p in params]
    return ", ".join(text) or "-"


def _constraints() -> list[str]:
    lines = ["| SHACL section | supported | not supported | module |", "|---|---|---|---|"]
    for section, params in CORE.items():
        family = _family(section)
        ok = supported(section)
        missing = [SH[p] for p in params if SH[p] not in ok]
        module = Path(family.__file__ or "").relative_to(PACKAGE.parent)
        lines.append(f"| {section} | {_names(ok, mark=True)} | {_names(missing)} | `{module}` |")
    return lines


def _bullets(items: Sequence[tuple[str, str]]) -> list[str]:
    return [f"- {name}: {what}" for name, what in items]


def markdown() -> str:
    """The text of ``validate/FEATURES.md``."""
    severities = ", ".join(f"`sh:{s.label}`" for s in Severity)
    paths = ["a predicate IRI", "sequence paths (RDF lists)", "`sh:inversePath`",
             "`sh:alternativePath`", *(f"`{short(p)}`" for p in compiler.PATHS)]  # fmt: skip
    ignored = sorted(compiler.SHAPE_PARAMETERS - {SH.path, SH.property, SH.message,
                                                  SH.severity, SH.deactivated})  # fmt: skip
    lines = [
        "# SHACL features of the SPARQL validation engine",
        "",
        "<!-- written by `python -m incidentkg.validate.sparql.features` from the engine's "
        "tables; tests/test_validate_sparql.py fails when it is stale -->",
        "",
        "`incidentkg validate` (and every build) compiles the shapes to SPARQL and runs them in",
        "the store (`incidentkg.validate.sparql`). Its results are pySHACL's with",
        '`inference="none"` and `allow_warnings=True`. A shape using anything marked "not',
        'supported" here stops validation with error E090 before any query runs; nothing is',
        "skipped. `incidentkg validate --engine pyshacl` validates such shapes with pySHACL.",
        "",
        "## Constraint components (SHACL Core, section 4)",
        "",
        *_constraints(),
        "",
        "\\* in property shapes only (with `sh:path`).",
        "",
        "## Targets, paths and shapes",
        "",
        *_bullets([
            ("Targets", _names(compiler.TARGETS) + ", and implicit class targets (a shape that "
             "is also an `rdfs:Class`); subclasses are read from `rdfs:subClassOf` in the data"),
            ("Property paths", ", ".join(paths)),
            ("Severities", severities + "; a nested shape of severity Warning or Info conforms"),
            ("Shape parameters", "`sh:message`, `sh:deactivated`; ignored as in the spec: "
             + _names(ignored)),
            ("Not supported", "recursive shapes, SHACL-SPARQL and SHACL Advanced Features ("
             + _names(SH[p] for p in BEYOND_CORE) + ", custom constraint components)"),
        ]),
        "",
        "To support another constraint component, see `constraints/__init__.py`.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] = ()) -> int:
    """Rewrite ``validate/FEATURES.md`` (``--check``: only say whether it is stale)."""
    text = markdown()
    stale = not PAGE.exists() or PAGE.read_text(encoding="utf-8") != text
    if stale and "--check" not in argv:
        PAGE.write_text(text, encoding="utf-8")
    print(f"{PAGE}: {'stale' if stale else 'up to date'}")
    return 1 if stale and "--check" in argv else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
