"""Query latency on a store of at least 1 M quads: ``incidentkg query`` vs ``oxigraph query``.

The store is a built store replicated under new article ids (``stem#x`` → ``stemrK#x`` in
IRIs and identifiers) until it holds ``--quads`` quads; resolved nodes are shared by the
copies, as they would be for re-reported events. ``--store`` reuses such a store as it is.

Every command runs as a whole process (start-up included), its output piped, timed from
spawn to exit in this process with no wrapper around it; the commands take turns, best of
``--repeat`` after one untimed warm-up each (page cache, and the package's bytecode cache,
which an installed copy always has). Two Python references show how far any Python client
is from the Rust program: the bare interpreter, and a minimal script that imports
pyoxigraph, opens the store and prints the query's rows. Two more rows time oxigraph and
``incidentkg`` through ``_common.run``, as earlier runs did: its wrapper process adds its
own Python start-up to both sides, which flatters the ratio. The query path must not
import spaCy, typer, click, rich, rdflib, httpx or multiprocessing (checked here too).

A second table runs every named query the same two ways (best of ``--named-repeat``): the
time ``incidentkg`` adds is then seen as a constant, and a query whose plan degrades on a
large store (a join without a key, see ``tests/test_query_plans.py``) shows up in seconds.
Usage: ``python bench/query.py [--store STORE | --base STORE --quads 1000000]``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import _common as c
import pyoxigraph as ox

from incidentkg.query.run import named_queries

QUERY = c.REPO / "queries" / "chain.rq"
HEAVY = ("spacy", "typer", "click", "rich", "rdflib", "httpx", "multiprocessing")
MINIMAL = (
    "import sys\n"
    "import pyoxigraph as ox\n"
    "store = ox.Store.read_only(sys.argv[1] + '/oxigraph')\n"
    "rows = store.query(open(sys.argv[2]).read(), use_default_graph_as_union=True)\n"
    "print(','.join(v.value for v in rows.variables))\n"
    "for row in rows:\n"
    "    print(','.join('' if t is None else t.value for t in row))\n"
)
MODULES = (
    "import json, sys\n"
    "from incidentkg.query.fastpath import main\n"
    "code = main(sys.argv[1:])\n"
    "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def _stem(store: ox.Store) -> str:
    ids = store.query(
        "PREFIX s: <https://schema.org/> SELECT ?i { GRAPH ?g { ?a s:identifier ?i } } LIMIT 1"
    )
    assert isinstance(ids, ox.QuerySolutions)
    return str(next(iter(ids))[0].value).split("#", 1)[0]


def replicate(base: Path, target: Path, quads: int) -> int:
    """Copy ``base`` into ``target`` renamed ``k`` times until ``quads`` quads are there."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(base, target, ignore=shutil.ignore_patterns("LOCK"))
    src = ox.Store.read_only(str(base / "oxigraph"))
    stem = _stem(src)
    dump = src.dump(format=ox.RdfFormat.N_QUADS)
    assert dump is not None  # no output file given: the bytes are returned
    nquads = dump.decode("utf-8")
    del src
    store = ox.Store(str(target / "oxigraph"))
    k = 0
    while len(store) < quads:
        k += 1
        copy = re.sub(rf"(\b|\"){re.escape(stem)}(%23|#)", rf"\g<1>{stem}r{k}\g<2>", nquads)
        store.bulk_load(copy.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    store.flush()
    n = len(store)
    del store
    return n


def _env(**extra: str) -> dict[str, str]:
    """The caller's environment with bytecode caching on, as in any installed copy."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, **extra}


Timer = Callable[[], float]


def timer(cmd: list[str], env: dict[str, str]) -> Timer:
    """Seconds from spawning ``cmd`` to its exit, nothing else around it."""

    def seconds() -> float:
        t0 = time.perf_counter()
        subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, env=env, check=True)
        return time.perf_counter() - t0

    return seconds


def wrapped(cmd: list[str]) -> Timer:
    """Seconds as ``_common.run`` (the other benchmarks) counts them: with its wrapper."""
    return lambda: c.run(cmd).seconds


def best_of(timers: dict[str, Timer], repeat: int) -> dict[str, float]:
    """Best of ``repeat`` for each; they take turns so that load changes hit all alike."""
    times: dict[str, list[float]] = {name: [] for name in timers}
    for run in timers.values():
        run()  # warm-up, untimed
    for _ in range(repeat):
        for name, run in timers.items():
            times[name].append(run())
    return {name: min(t) for name, t in times.items()}


def heavy_imports(store: Path) -> list[str]:
    """Top-level packages among ``HEAVY`` that the fast query path imports."""
    cmd = [str(c.BIN / "python"), "-c", MODULES, "query", "chain", "--store", str(store)]
    run = subprocess.run(cmd, capture_output=True, text=True, env=_env(), check=True)
    modules = json.loads(run.stderr.splitlines()[-1])
    return sorted({m.split(".")[0] for m in modules} & set(HEAVY))


OXIGRAPH = "`oxigraph query --query-file queries/chain.rq --results-format csv`"
OURS = "`incidentkg query chain --format csv`"
LEAST_ROW = (
    "reference: `python -I -S` importing pyoxigraph (no `site`: the least any Python client "
    "pays before it opens the store)"
)
LEAST = "import sys; sys.path.append(sys.argv[1]); import pyoxigraph"
START_ROW = "reference: `oxigraph --version` (the program's own start)"
TARGET = 1.5  # the bound on incidentkg over oxigraph
LIGHT = 0.1  # seconds: below this a query's time is mostly process start-up
MINIMAL_ROW = "reference: minimal pyoxigraph script (open store, query, print CSV)"
WRAPPED = ", timed by `_common.run` (with its wrapper process)"


def timers(store: Path) -> dict[str, Timer]:
    py, env = str(c.BIN / "python"), _env()
    oxigraph = [str(c.BIN / "oxigraph"), "query", "--location", str(store / "oxigraph"),
                "--query-file", str(QUERY), "--results-format", "csv"]  # fmt: skip
    ours = c.incidentkg("query", "chain", "--store", str(store), "-f", "csv")
    return {
        OXIGRAPH: timer(oxigraph, env),
        OURS: timer(ours, env),
        "`incidentkg query chain` (table)": timer(ours[:-2], env),
        f"{OURS}, Typer path (`INCIDENTKG_NO_FASTPATH=1`)": timer(
            ours, _env(INCIDENTKG_NO_FASTPATH="1")
        ),
        "reference: `python -c pass`": timer([py, "-c", "pass"], env),
        LEAST_ROW: timer([py, "-I", "-S", "-c", LEAST, _site_packages()], env),
        START_ROW: timer([str(c.BIN / "oxigraph"), "--version"], env),
        MINIMAL_ROW: timer([py, "-c", MINIMAL, str(store), str(QUERY)], env),
        OXIGRAPH + WRAPPED: wrapped(oxigraph),
        OURS + WRAPPED: wrapped(ours),
    }


def ratios(seconds: dict[str, float]) -> dict[str, float]:
    """Each time over oxigraph's, timed the same way (wrapped rows over wrapped oxigraph)."""
    base = {False: seconds[OXIGRAPH], True: seconds[OXIGRAPH + WRAPPED]}
    return {name: s / base[name.endswith(WRAPPED)] for name, s in seconds.items()}


def report(n: int, repeat: int, seconds: dict[str, float], load: str, heavy: list[str]) -> str:
    ratio = {name: f"{r:.2f}" for name, r in ratios(seconds).items()}
    ratio[OURS] = f"**{ratio[OURS]}**"
    rows = [[name, f"{s * 1000:.1f}", ratio[name]] for name, s in seconds.items()]
    return (
        f"Machine: {c.machine()}; store of {n:,} quads; best of {repeat}, commands taking "
        f"turns; whole processes timed from spawn to exit, output piped; load average "
        f"{load}.\n\n"
        + c.table(["command", "ms", "ratio to oxigraph"], rows)
        + f"\n\n{_split(seconds)} The query path imports "
        + (", ".join(heavy) if heavy else "none of " + ", ".join(HEAVY))
        + "."
    )


def _split(seconds: dict[str, float]) -> str:
    """Where the fast path's time goes, against the Python floor."""
    ours, oxi, floor = seconds[OURS], seconds[OXIGRAPH], seconds[MINIMAL_ROW]
    bare = seconds["reference: `python -c pass`"]
    head = (
        f"The interpreter alone takes {bare * 1000:.0f} ms ({bare / oxi:.2f} × oxigraph); a "
        f"minimal pyoxigraph script, the floor of any Python client (interpreter, pyoxigraph, "
        f"opening the store), {floor * 1000:.0f} ms ({floor / oxi:.2f} ×)."
    )
    least, start = seconds[LEAST_ROW], seconds[START_ROW]
    budget = TARGET * oxi - (oxi - start)  # what is left to start a client
    head += (
        f" The {TARGET} × target allows {TARGET * oxi * 1000:.1f} ms in all. Of oxigraph's "
        f"{oxi * 1000:.1f} ms, {(oxi - start) * 1000:.1f} ms open the store and answer, which "
        f"any client pays, and {start * 1000:.1f} ms start the program; that leaves "
        f"{budget * 1000:.1f} ms to start a client, and an interpreter without `site` that "
        f"only imports pyoxigraph takes {least * 1000:.1f} ms"
        + (", more than that." if least > budget else ".")
    )
    if ours <= floor:
        return f"{head} The fast path ({ours * 1000:.0f} ms) is at that floor."
    return f"{head} The fast path adds {(ours - floor) * 1000:.0f} ms of its own imports and work."


def named_timers(store: Path) -> dict[str, tuple[Timer, Timer]]:
    """``oxigraph query`` (union default graph, as ours) and ``incidentkg query`` per query."""
    env, pairs = _env(), {}
    for name, path in sorted(named_queries().items()):
        oxigraph = [str(c.BIN / "oxigraph"), "query", "--location", str(store / "oxigraph"),
                    "--query-file", str(path), "--results-format", "csv",
                    "--union-default-graph"]  # fmt: skip
        ours = c.incidentkg("query", name, "--store", str(store), "-f", "csv")
        pairs[name] = (timer(oxigraph, env), timer(ours, env))
    return pairs


def named_rows(store: Path) -> dict[str, int]:
    """Result rows of each named query on ``store`` (CSV lines would count wrapped text)."""
    db = ox.Store.read_only(str(store / "oxigraph"))
    rows = {}
    for name, path in named_queries().items():
        result = db.query(path.read_text(encoding="utf-8"), use_default_graph_as_union=True)
        rows[name] = sum(1 for _ in result) if isinstance(result, ox.QuerySolutions) else 1
    del db
    return rows


def named_report(
    seconds: dict[str, tuple[float, float]], rows: dict[str, int], repeat: int, spread: float
) -> str:
    """The per-query table; ``spread`` is how far apart Oxigraph's own heavy runs were."""
    body = []
    for name, (oxi, ours) in seconds.items():
        ms = [f"{oxi * 1000:.0f}", f"{ours * 1000:.0f}", f"{(ours - oxi) * 1000:+.0f}"]
        body.append([f"`{name}`", f"{rows[name]:,}", *ms, f"{ours / oxi:.2f}"])
    light = sorted((ours - oxi) * 1000 for oxi, ours in seconds.values() if oxi < LIGHT)
    heavy = sorted(ours / oxi for oxi, ours in seconds.values() if oxi >= LIGHT)
    summary = (
        f"On the {len(light)} queries Oxigraph answers in under {LIGHT * 1000:.0f} ms, "
        f"`incidentkg` adds {light[0]:.0f} to {light[-1]:.0f} ms (median "
        f"{light[len(light) // 2]:.0f} ms): its start-up."
        if light
        else ""
    )
    if heavy:
        summary += (
            f" On the {len(heavy)} heavier ones `incidentkg` takes {heavy[0]:.2f} to "
            f"{heavy[-1]:.2f} × Oxigraph's time, the same evaluation: Oxigraph's own runs of one "
            f"query were up to {spread:.0%} apart."
        )
    return (
        f"Every named query on the same store, `oxigraph query --union-default-graph "
        f"--results-format csv` against `incidentkg query NAME --format csv`, best of "
        f"{repeat} each, taking turns.\n\n"
        + c.table(["query", "rows", "oxigraph ms", "incidentkg ms", "added ms", "ratio"], body)
        + "\n\n"
        + summary
    )


def _site_packages() -> str:
    """Where pyoxigraph is installed, for an interpreter started without ``site``."""
    return str(Path(ox.__file__).resolve().parents[1])


def _quads(store: Path) -> int:
    db = ox.Store.read_only(str(store / "oxigraph"))
    n = len(db)
    del db  # closed before the timed processes open it
    return n


def _load() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--store", type=Path, help="an existing large store, used as it is")
    ap.add_argument("--base", type=Path, default=c.SCRATCH / "store-throughput-2")
    ap.add_argument("--quads", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--named-repeat", type=int, default=5)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    store = args.store or c.SCRATCH / "store-1m"
    if args.store is None or not (store / "oxigraph").is_dir():
        replicate(args.base, store, args.quads)
    n = _quads(store)
    heavy = heavy_imports(store)
    before = _load()
    seconds = best_of(timers(store), args.repeat)
    load = f"{before} before, {_load()} after (1/5/15 min)"
    for name, s in seconds.items():
        print(f"{s * 1000:8.1f} ms  {name}", flush=True)
    ratio = ratios(seconds)
    print(f"{n} quads: ratio {ratio[OURS]:.2f} ({ratio[OURS + WRAPPED]:.2f} through "
          f"_common.run); load {load}; heavy imports: {heavy or 'none'}")  # fmt: skip
    named = {name: [(a(), b()) for _ in range(args.named_repeat)]
             for name, (a, b) in named_timers(store).items()}  # fmt: skip
    best = {name: (min(t[0] for t in ts), min(t[1] for t in ts)) for name, ts in named.items()}
    for name, (oxi, ours) in best.items():
        print(f"{oxi * 1000:9.1f} ms oxigraph {ours * 1000:9.1f} ms incidentkg  {name}", flush=True)
    body = report(n, args.repeat, seconds, load, heavy)
    spread = max(
        [max(t[0] for t in ts) / min(t[0] for t in ts) - 1 for ts in named.values()
         if min(t[0] for t in ts) >= LIGHT] or [0.0]
    )  # fmt: skip
    body += "\n\n" + named_report(best, named_rows(store), args.named_repeat, spread)
    if not args.no_write:
        c.write_section("3. Query latency", body)


if __name__ == "__main__":
    main()
