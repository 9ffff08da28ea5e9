"""``incidentkg curate add|list|remove|apply``: the analysts' corrections, replayed by every build.

The file sits beside the store (``<store>.corrections.yaml``) so it outlives rebuilds; ``add``
and ``remove`` edit it, and the next ``build`` or ``remove`` (or ``curate apply``, or
``curate add --apply``) replays it.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from incidentkg.cli._common import DEFAULT_STORE, StoreOption, handle_errors, out
from incidentkg.curate.file import (
    KINDS,
    TARGET_KEYS,
    add_correction,
    corrections_path,
    next_id,
    parse_entry,
    read_corrections,
    remove_corrections,
)
from incidentkg.errors import IncidentKGError, Msg
from incidentkg.records import Correction, Target

app = typer.Typer(
    name="curate",
    help="Corrections that survive every rebuild: add, list or remove them (README, Corrections).",
    no_args_is_help=True,
)

CorrectionsOption = Annotated[
    Path | None,
    typer.Option(
        "--corrections",
        dir_okay=False,
        help="Corrections file (default: beside the store, STORE.corrections.yaml).",
        show_default=False,
    ),
]
Many = Annotated[list[str] | None, typer.Option(show_default=False)]


def _path(store: Path, corrections: Path | None) -> Path:
    return corrections or corrections_path(store)


def _default_who() -> str:
    return os.environ.get("INCIDENTKG_USER") or getpass.getuser()


@app.command("add")
@handle_errors
def add_command(
    kind: Annotated[
        str,
        typer.Argument(
            help=f"One of: {', '.join(k.replace('_', '-') for k in KINDS)}.", show_default=False
        ),
    ],
    why: Annotated[str, typer.Option(help="Why the machine was wrong (required).")],
    article: Annotated[
        list[str] | None,
        typer.Option(
            help="Article id of a target (events: with --key or --mention).", show_default=False
        ),
    ] = None,
    key: Annotated[
        list[str] | None,
        typer.Option(
            help="Article-local key of a target (e.g. v1, e7; see `query`).", show_default=False
        ),
    ] = None,
    mention: Annotated[
        list[str] | None,
        typer.Option(
            help="Words of the target event's mention ('gun attack').", show_default=False
        ),
    ] = None,
    label: Annotated[
        list[str] | None, typer.Option(help="Label of a target entity.", show_default=False)
    ] = None,
    entity_type: Annotated[
        list[str] | None,
        typer.Option(
            "--type", help="Person, Organization or Place (narrows --label).", show_default=False
        ),
    ] = None,
    iri: Annotated[
        list[str] | None,
        typer.Option(
            help="Resolved IRI of a target (the fallback when keys fail).", show_default=False
        ),
    ] = None,
    field: Annotated[
        str | None,
        typer.Option(
            help="set-field: date, place, category, event_type, perpetrator, "
            "perpetrator_status, killed, injured, perpetrators_killed."
        ),
    ] = None,
    value: Annotated[
        str | None, typer.Option(help="set-field: the new value; rename-entity: the new label.")
    ] = None,
    who: Annotated[
        str | None, typer.Option(help="Who corrects (default: $INCIDENTKG_USER or your login).")
    ] = None,
    when: Annotated[
        str | None, typer.Option(help="When, ISO date or date-time (default: now, UTC).")
    ] = None,
    correction_id: Annotated[
        str | None, typer.Option("--id", help="Id of the correction (default: c<n>).")
    ] = None,
    apply: Annotated[
        bool, typer.Option("--apply", help="Rebuild the store's resolution now (no extraction).")
    ] = False,
    store: StoreOption = DEFAULT_STORE,
    corrections: CorrectionsOption = None,
) -> None:
    """Add a correction. Two-target kinds (merge-events, same-entity, different-entities)
    take each target option twice, in the same order.

    Example: `incidentkg curate add set-field --article 002_957e3dca12d6409c --key v1
    --field killed --value 4 --why "final toll in Dawn's follow-up"`.
    """
    path = _path(store, corrections)
    given = {"article": article, "key": key, "mention": mention, "label": label,
             "type": entity_type, "iri": iri}  # fmt: skip
    entry: dict[str, Any] = {
        "id": correction_id or next_id(path),
        "kind": kind,
        "targets": _targets(given),
        "who": who or _default_who(),
        "when": when or dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "why": why,
    }
    entry |= {k: v for k, v in (("field", field), ("value", value)) if v is not None}
    correction = parse_entry(entry, 0)
    add_correction(path, correction)
    out.print(f"Added correction {correction.id} ({correction.kind}) to {path}.")
    if apply:
        _apply(store, path)
    else:
        out.print("It applies from the next build, or now with `incidentkg curate apply`.")


def _targets(given: dict[str, list[str] | None]) -> list[dict[str, str]]:
    """Target options zipped by position: `--article a --key v1 --article b --key v2`."""
    lists = {k: v for k, v in given.items() if v}
    n = max((len(v) for v in lists.values()), default=0)
    uneven = sorted(k for k, v in lists.items() if len(v) != n)
    if uneven:
        reason = f"give --{uneven[0]} once per target ({n} targets)"
        raise IncidentKGError(Msg.E101, id="(new)", reason=reason)
    return [{k: v[i] for k, v in lists.items()} for i in range(n)]


def _apply(store: Path, path: Path) -> None:
    from incidentkg.build.incremental import BuildOptions
    from incidentkg.cli.build import report, run_with_progress
    from incidentkg.store.local import open_store

    open_store(store)  # a missing store is E030
    report(run_with_progress(store, [], BuildOptions(corrections=path)))


@app.command("list")
@handle_errors
def list_command(store: StoreOption = DEFAULT_STORE, corrections: CorrectionsOption = None) -> None:
    """List the corrections, with what the store's last build made of each."""
    path = _path(store, corrections)
    found = read_corrections(path)
    if not found:
        out.print(f"No corrections in {path}.")
        return
    status = _status(store)
    out.print(f"{len(found)} correction(s) in {path}:")
    for c in found:
        out.print(_block(c, status.get(c.id, "not built yet")), soft_wrap=True)


def _block(c: Correction, status: str) -> Text:
    """A few short lines per correction: they read in an 80-column terminal."""
    text = Text()
    text.append(f"\n{c.id}", style="bold")
    text.append(f"  {c.kind}  ")
    text.append(status, style="green" if status == "applied" else "yellow")
    for n, target in enumerate(c.targets, start=1):
        name = "target" if len(c.targets) == 1 else f"target {n}"
        text.append(f"\n    {name}: {_describe(target)}")
    if _change(c):
        text.append(f"\n    change: {_change(c)}")
    text.append(f"\n    by {c.who}, {c.when.isoformat()}: {c.why}")
    return text


def _describe(target: Target) -> str:
    return " ".join(f"{k}={getattr(target, k)}" for k in TARGET_KEYS if getattr(target, k))


def _change(c: Correction) -> str:
    if c.field is not None:
        return f"{c.field} = {c.value}"
    return f"label = {c.value}" if c.value is not None else ""


_STATUS = """
PREFIX ikg: <https://w3id.org/incidentkg/ontology#>
SELECT ?id ?applied ?note WHERE { GRAPH <https://w3id.org/incidentkg/graph/corrections> {
  ?c ikg:correctionId ?id ; ikg:applied ?applied . OPTIONAL { ?c ikg:correctionNote ?note } } }
"""


def _status(store: Path) -> dict[str, str]:
    """Correction id → "applied" or "NOT applied: why", from the store's corrections graph."""
    from incidentkg.query.run import run_sparql
    from incidentkg.store.local import open_store

    if not store.exists():
        return {}
    status = {}
    for row in run_sparql(open_store(store), _STATUS, path=store).records():
        word = "applied" if row.get("applied") == "true" else "NOT applied"
        note = row.get("note")
        status[str(row["id"])] = f"{word}: {note}" if note else word
    return status


@app.command("apply")
@handle_errors
def apply_command(
    store: StoreOption = DEFAULT_STORE, corrections: CorrectionsOption = None
) -> None:
    """Replay the corrections now (after editing the file by hand): resolution and the RDF are
    made again from the saved records; nothing is extracted."""
    _apply(store, _path(store, corrections))


@app.command("remove")
@handle_errors
def remove_command(
    ids: Annotated[
        list[str], typer.Argument(help="Ids of the corrections to drop.", show_default=False)
    ],
    store: StoreOption = DEFAULT_STORE,
    corrections: CorrectionsOption = None,
) -> None:
    """Remove corrections from the file; the next build gives the machine's values back."""
    path = _path(store, corrections)
    remove_corrections(path, ids)
    out.print(
        f"Removed {len(ids)} correction(s) from {path}; they stop applying at the next build."
    )
