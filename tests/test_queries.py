"""Every named query runs against the seed store and meets its YAML expectation.

Expectation files (``queries/NAME.yaml``) hold ``question:`` and ``expect:``, one of
``empty``, ``nonEmpty``, ``{resultsCount: N}`` or ``{rows: [...]}``. Each expected row
must be matched by some result row: a plain value must be equal (``null`` = unbound),
``{contains: s}`` must be a substring and ``{regex: r}`` must match (``re.search``).
Any ``*-violation.rq`` must return no rows (the ontology development kit convention).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from incidentkg.query.run import QueryResult, named_queries, run_query
from incidentkg.store.local import open_store

QUERIES = named_queries()


def _cell_matches(expected: Any, actual: str | None) -> bool:
    if isinstance(expected, dict):
        if actual is None:
            return False
        if "contains" in expected:
            return str(expected["contains"]) in actual
        return re.search(str(expected["regex"]), actual) is not None
    return actual == (None if expected is None else str(expected))


def _row_found(expected: dict[str, Any], result: QueryResult) -> bool:
    return any(
        all(_cell_matches(v, rec.get(k)) for k, v in expected.items()) for rec in result.records()
    )


def check_expectation(expect: Any, result: QueryResult) -> None:
    """Assert ``result`` meets ``expect`` (see the module docstring)."""
    if expect == "empty":
        assert result.rows == [], result.rows[:5]
    elif expect == "nonEmpty":
        assert result.rows, "expected at least one row"
    elif "resultsCount" in expect:
        assert len(result.rows) == expect["resultsCount"]
    else:
        for row in expect["rows"]:
            assert _row_found(row, result), f"no row matches {row}; got {result.rows[:10]}"


def _load(name: str) -> dict[str, Any]:
    path = QUERIES[name].with_suffix(".yaml")
    assert path.is_file(), f"{name}.rq has no expectation file {path.name}"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict) and {"question", "expect"} <= data.keys()
    return data


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_queries_expectation(seed_store: Path, name: str) -> None:
    """A named query is a competency question: the seed graph must answer it as stated."""
    spec = _load(name)
    if name.endswith("-violation"):
        assert spec["expect"] == "empty", "violation queries must expect no rows"
    check_expectation(spec["expect"], run_query(open_store(seed_store), name))


def test_queries_readme_lists_every_query() -> None:
    """The README is where analysts look first; a query missing from it is hard to find."""
    readme = (next(iter(QUERIES.values())).parent / "README.md").read_text(encoding="utf-8")
    missing = [name for name in QUERIES if f"`{name}`" not in readme]
    assert not missing


def test_queries_checker_rejects_missing_row() -> None:
    """Guard the checker itself: a wrong expectation must fail, not pass silently."""
    result = QueryResult(["a"], [["x"]])
    check_expectation({"rows": [{"a": {"regex": "^x$"}}]}, result)
    with pytest.raises(AssertionError):
        check_expectation({"rows": [{"a": "y"}]}, result)
    with pytest.raises(AssertionError):
        check_expectation("empty", result)
