"""Print what extraction finds in each article (developer aid): python scripts/debug_extract.py PATH..."""

import sys
from pathlib import Path

from incidentkg.extract import extract
from incidentkg.ingest import discover, read_file
from incidentkg.nlp.pipeline import build_pipeline


def iter_articles(paths):
    for p in discover(paths):
        yield from read_file(p)


nlp = build_pipeline()
for art in iter_articles([Path(p) for p in sys.argv[1:]]):
    rec = extract(nlp(art.text), art)
    ents = {e.key: e for e in rec.entities}
    print(f"===== {art.id} published={art.published} dateline={art.dateline}")
    for e in rec.entities:
        print(
            f"  {e.key} {e.type:12} {e.label!r} aliases={e.aliases} gaz={e.gazetteer_id} kind={e.kind} parent={e.parent}"
        )
    for p in rec.posts:
        print(
            f"  POST {ents[p.person].label} — {p.title} — {ents[p.organization].label if p.organization else None}"
        )
    for a in rec.affiliations:
        print(f"  AFFIL {ents[a.person].label} — {ents[a.organization].label}")
    for ev in rec.events:
        d = ev.date
        print(
            f"  EVENT {ev.key} {ev.category}/{ev.event_type} date={d and (d.year, d.month, d.day, d.precision)} place={ents[ev.place].label if ev.place else None} status={ev.perpetrator_status}"
        )
        for r in ev.roles:
            print(f"     {r.role}: {ents[r.entity].label} {r.status or ''}")
        for f in ev.figures:
            print(
                f"     FIG {f.kind}={f.value}-{f.max_value} {f.qualifier} :: {f.evidence.text[:80]!r}"
            )
        print(
            f"     killed={[ents[k].label for k in ev.killed_persons]} injured={[ents[k].label for k in ev.injured_persons]} targets={ev.target_descriptions}"
        )
        for m in ev.mentions:
            print(f"     @ {m.text!r}")
