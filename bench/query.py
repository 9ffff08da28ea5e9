"""Query latency on a store of at least 1 M quads: ``incidentkg query`` vs ``oxigraph query``.

The store is a built store replicated under new article ids (``stem#x`` → ``stemrK#x`` in
IRIs and identifiers) until it holds ``--quads`` quads; resolved nodes are shared by the
copies, as they would be for re-reported events. Both sides run as whole processes (start-up
included), best of ``--repeat``; the query path must not import spaCy (checked here too).
Also times ``incidentkg validate`` on the same store (benchmark 4).
Usage: ``python bench/query.py --base STORE [--quads 1000000]``.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
from pathlib import Path

import _common as c
import pyoxigraph as ox

QUERY = c.REPO / "queries" / "chain.rq"


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
    nquads = src.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8")
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


def best(cmd: list[str], repeat: int) -> float:
    return min(c.run(cmd).seconds for _ in range(repeat))


def no_spacy(store: Path) -> bool:
    code = ("import sys; from incidentkg.cli import app; from typer.testing import CliRunner; "
            f"CliRunner().invoke(app, ['query', 'chain', '--store', {str(store)!r}]); "
            "print('spacy' in sys.modules)")  # fmt: skip
    out = subprocess.run([str(c.BIN / "python"), "-c", code], capture_output=True, text=True)
    return out.stdout.strip().endswith("False")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--base", type=Path, default=c.SCRATCH / "store-throughput-2")
    ap.add_argument("--quads", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-validate", action="store_true")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    store = c.SCRATCH / "store-1m"
    n = replicate(args.base, store, args.quads)
    ours = best(
        c.incidentkg("query", "chain", "--store", str(store), "--format", "csv"), args.repeat
    )
    oxi = best([str(c.BIN / "oxigraph"), "query", "--location", str(store / "oxigraph"),
                "--query-file", str(QUERY), "--results-format", "csv"], args.repeat)  # fmt: skip
    clean = no_spacy(store)
    print(f"{n} quads: incidentkg {ours:.3f} s, oxigraph {oxi:.3f} s, ratio {ours / oxi:.2f}; "
          f"spaCy imported: {not clean}", flush=True)  # fmt: skip
    body = (f"Machine: {c.machine()}; store of {n:,} quads; best of {args.repeat}; whole "
            f"processes.\n\n" + c.table(["command", "seconds", "ratio to oxigraph"], [
                ["`oxigraph query --query-file queries/chain.rq`", f"{oxi:.3f}", "1.00"],
                ["`incidentkg query chain`", f"{ours:.3f}", f"**{ours / oxi:.2f}**"]])
            + f"\n\nThe query path imports spaCy: {'no' if clean else 'YES'}.")  # fmt: skip
    if not args.no_write:
        c.write_section("3. Query latency", body)
    if not args.no_validate:
        validate(store, n, args.no_write)


PARALLEL = (
    "import sys\n"
    "from pathlib import Path\n"
    "from incidentkg.store import load_dataset\n"
    "from incidentkg.validate_parallel import validate_parallel\n"
    "report = validate_parallel(load_dataset(Path(sys.argv[1])), jobs=int(sys.argv[2]))\n"
    "print(report.conforms, len(report.results))\n"
)


def _timed(cmd: list[str]) -> list[object]:
    try:
        run = c.run(cmd)
        return [f"{run.seconds:.1f}", f"{run.peak_mib:.0f}"]
    except RuntimeError as exc:  # `validate` exits 1 when the graph has violations
        return ["failed", str(exc).splitlines()[0][-60:]]


def validate(store: Path, n: int, no_write: bool, jobs: int = 2) -> None:
    """``incidentkg validate`` (one pySHACL run) and the shape-split run on ``jobs`` cores."""
    serial = _timed(c.incidentkg("validate", "--store", str(store)))
    split = _timed([str(c.BIN / "python"), "-c", PARALLEL, str(store), str(jobs)])
    print(f"validate: serial {serial}, split over {jobs}: {split}", flush=True)
    body = (
        f"Machine: {c.machine()}; store of {n:,} quads (seconds, peak MiB of the largest "
        "process; target 30 s).\n\n"
        + c.table(
            ["run", "seconds", "peak MiB"],
            [["`incidentkg validate` (one pySHACL run)", *serial],
             [f"shapes split over {jobs} processes (`validate_parallel`)", *split]],
        )
    )  # fmt: skip
    if not no_write:
        c.write_section("4. Validation", body)


if __name__ == "__main__":
    main()
