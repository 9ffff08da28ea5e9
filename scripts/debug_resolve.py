"""Print the resolved events and entities of a build (developer aid)."""

import sys
import tempfile
from pathlib import Path

from incidentkg.build.api import build_store

res = build_store(Path(tempfile.mkdtemp()) / "store", [Path(p) for p in sys.argv[1:]])
ents = {e.id: e for e in res.resolution.entities}
for e in res.resolution.entities:
    print(
        f"ENT {e.id} {e.type} {e.label!r} aliases={e.aliases} kind={e.kind} parent={e.parent} n={len(e.members)}"
    )
for ev in res.resolution.events:
    d = ev.date
    print(
        f"EVENT {ev.id} {ev.category}/{ev.event_type} date={d and (d.year, d.month, d.day, d.precision)} place={ents[ev.place].label if ev.place else None} status={ev.perpetrator_status}"
    )
    print("   members:", [f"{m.article_id}:{m.key}" for m in ev.members])
    for r in ev.roles:
        print(f"   {r.role}: {ents[r.entity].label} {r.status or ''}")
    for k in ("killed", "injured", "perpetrators_killed"):
        print(f"   {k}: {ev.summary(k)}")
    print("   killed persons", [ents[p].label for p in ev.killed_persons])
for p in res.resolution.posts:
    print(
        "POST",
        ents[p.person].label,
        "|",
        p.title,
        "|",
        ents[p.organization].label if p.organization else None,
    )
for a in res.resolution.affiliations:
    print("AFF", ents[a.person].label, ents[a.organization].label)
