"""SHACL validation of a large store: the SPARQL engine against pySHACL (benchmark 4).

Each run is a child process (``_common.run``: wall seconds and peak RSS of the process):
``validate_store`` on the Oxigraph store, ``validate_store(graphs=...)`` restricted to one
article graph and the resolved graph (what an incremental build checks), and pySHACL on
the store read into rdflib (``--skip-pyshacl``: it takes minutes on a million quads). The
child prints its own timing of the validation alone, without start-up and imports.
Usage: ``python bench/validation.py [STORE ...] [--repeat N] [--skip-pyshacl]
[--pyshacl-max-quads N] [--no-write]`` (default: the 1 M-quad store ``bench/query.py`` writes).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import _common as c
import pyoxigraph as ox

DEFAULT = c.SCRATCH / "store-1m"
RESOLVED = "https://w3id.org/incidentkg/graph/resolved"
ARTICLES = "https://w3id.org/incidentkg/graph/article/"

SPARQL = (
    "import json, sys, time\n"
    "from pathlib import Path\n"
    "from incidentkg.store.local import open_store\n"
    "from incidentkg.validate.sparql import validate_store\n"
    "graphs = json.loads(sys.argv[2])\n"
    "t0 = time.perf_counter()\n"
    "report = validate_store(open_store(Path(sys.argv[1])), graphs=graphs)\n"
    "print(json.dumps({'seconds': time.perf_counter() - t0, 'conforms': report.conforms,\n"
    "                  'results': len(report.results)}))\n"
)
PYSHACL = (
    "import json, sys, time\n"
    "from pathlib import Path\n"
    "from incidentkg.store.local import load_dataset\n"
    "from incidentkg.validate.pyshacl_engine import validate_graph\n"
    "t0 = time.perf_counter()\n"
    "report = validate_graph(load_dataset(Path(sys.argv[1])))\n"
    "print(json.dumps({'seconds': time.perf_counter() - t0, 'conforms': report.conforms,\n"
    "                  'results': len(report.results)}))\n"
)


def store_facts(store: Path) -> tuple[int, list[str]]:
    """Quads, and the graphs of an incremental check: the resolved graph and one article."""
    db = ox.Store.read_only(str(store / "oxigraph"))
    query = f"SELECT ?g WHERE {{ GRAPH ?g {{}} FILTER(STRSTARTS(STR(?g), {ARTICLES!r})) }}"
    query += " ORDER BY ?g LIMIT 1"
    rows = db.query(query)
    assert isinstance(rows, ox.QuerySolutions)
    article = [row[0].value for row in rows]
    return len(db), [RESOLVED, *article]


def timed(code: str, *args: str, repeat: int = 1) -> dict[str, float]:
    """Best of ``repeat`` child runs: validation seconds, process seconds, peak MiB."""
    best: dict[str, float] | None = None
    for _ in range(repeat):
        run = c.run([str(c.BIN / "python"), "-c", code, *args])
        out = json.loads(run.stdout.strip().splitlines()[-1])
        facts = {**out, "process": run.seconds, "peak_mib": run.peak_mib}
        print(f"  {facts}", flush=True)
        if best is None or facts["seconds"] < best["seconds"]:
            best = facts
    assert best is not None
    return best


def row(store: str, name: str, facts: dict[str, float] | None) -> list[object]:
    if facts is None:
        return [store, name, "*not run*", "", "", "", ""]
    return [store, name, f"{facts['seconds']:.2f}", f"{facts['process']:.1f}",
            f"{facts['peak_mib']:.0f}", int(facts["results"]), facts["conforms"]]  # fmt: skip


def measure(store: Path, repeat: int, pyshacl: bool) -> list[list[object]]:
    """The three runs on one store, as table rows."""
    quads, graphs = store_facts(store)
    print(f"{store}: {quads:,} quads; incremental graphs {graphs}", flush=True)
    full = timed(SPARQL, str(store), "null", repeat=repeat)
    incremental = timed(SPARQL, str(store), json.dumps(graphs), repeat=repeat)
    reference = timed(PYSHACL, str(store)) if pyshacl else None
    ratio = "" if reference is None else f"{reference['seconds'] / full['seconds']:.0f}"
    slow = "not run" if reference is None else f"{reference['seconds']:.1f} s, ratio {ratio}"
    print(f"sparql {full['seconds']:.2f} s, incremental {incremental['seconds']:.2f} s, "
          f"pyshacl {slow}", flush=True)  # fmt: skip
    name = f"`{store.name}` ({quads:,} quads)"
    rows = [row(name, "`validate_store` (SPARQL engine, the default)", full),
            row(name, "`validate_store(graphs=…)`: resolved + 1 article graph", incremental),
            row(name, "pySHACL (`--engine pyshacl`)", reference)]  # fmt: skip
    if ratio:
        rows.append([name, "pySHACL / SPARQL", f"**{ratio}**", "", "", "", ""])
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("stores", type=Path, nargs="*", default=[DEFAULT])
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--skip-pyshacl", action="store_true", help="never run pySHACL")
    ap.add_argument(
        "--pyshacl-max-quads",
        type=int,
        default=300_000,
        help="run pySHACL only on stores up to this size (it takes minutes)",
    )
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    rows = []
    for store in args.stores:
        quads, _graphs = store_facts(store)
        pyshacl = not args.skip_pyshacl and quads <= args.pyshacl_max_quads
        rows += measure(store, args.repeat, pyshacl)
    body = (
        f"`python bench/validation.py {' '.join(map(str, args.stores))}`. Machine: "
        f"{c.machine()}; best of {args.repeat}. *validate s*: the validation call alone "
        "(pySHACL: including reading the store into rdflib); *process s* and *peak MiB*: the "
        "whole child process (start-up and imports included). Target: 30 s for 1–2 M quads.\n\n"
        + c.table(["store", "run", "validate s", "process s", "peak MiB", "results",
                   "conforms"], rows)
    )  # fmt: skip
    if not args.no_write:
        c.write_section("4. Validation", body)


if __name__ == "__main__":
    main()
