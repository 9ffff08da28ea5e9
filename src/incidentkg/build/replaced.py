"""Old event IRIs stay resolvable when an update merges, splits or relabels events (issue 17).

An event's IRI is minted from its first report and its date, type and place label
(:func:`incidentkg.resolve.events`): when a report joins or leaves an event, or the label
changes, the event gets a new IRI. Links that users or remote stores hold to the old IRI
must not dangle, so every update writes ``<old> dcterms:isReplacedBy <new>`` (one per event
that now holds a report the old one held) into the graph ``graph/replaced``. It is kept
apart from the resolved graph so that the resolved graph stays exactly the one a build from
scratch gives; a ``--rebuild`` starts it afresh. An IRI that comes back loses its
replacement triples.

Only the events of the articles an update touches are looked at: the new events holding
one of their reports, and the old events that held one (found through
``prov:wasDerivedFrom`` in the old store's resolved graph).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pyoxigraph as ox

from incidentkg.records import ArticleRecords, ResolvedEvent
from incidentkg.store.local import RESOLVED_GRAPH

REPLACED_GRAPH = "https://w3id.org/incidentkg/graph/replaced"
_DERIVED = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
_REPLACED_BY = ox.NamedNode("http://purl.org/dc/terms/isReplacedBy")


def replaced_nquads(
    old: ox.Store,
    events: Iterable[ResolvedEvent],
    old_records: Mapping[str, ArticleRecords],
    touched: set[str],
) -> bytes:
    """The whole replaced graph after an update: what it held, less IRIs that are current
    again, plus the events renamed by this update. ``touched``: ids of the articles added,
    changed or removed; ``old_records``: their records before the update (if any)."""
    from incidentkg.rdf.mint import local_event_iri, resolved_iri

    resolved, graph = ox.NamedNode(RESOLVED_GRAPH), ox.NamedNode(REPLACED_GRAPH)
    current: dict[str, ox.NamedNode] = {}  # local event IRI -> its event now
    probes: set[str] = set()
    for event in events:
        node = ox.NamedNode(str(resolved_iri(event.id)))
        locals_ = [str(local_event_iri(m.article_id, m.key)) for m in event.members]
        current.update(dict.fromkeys(locals_, node))
        if any(m.article_id in touched for m in event.members):
            probes.update(locals_)
    for art_id in touched & old_records.keys():
        probes.update(str(local_event_iri(art_id, ev.key)) for ev in old_records[art_id].events)
    now = set(current.values())
    olds = {q.subject for p in probes
            for q in old.quads_for_pattern(None, _DERIVED, ox.NamedNode(p), resolved)}  # fmt: skip
    quads = {q for q in old.quads_for_pattern(None, None, None, graph) if q.subject not in now}
    for gone in olds - now:
        assert isinstance(gone, ox.NamedNode)
        for q in old.quads_for_pattern(gone, _DERIVED, None, resolved):
            new = current.get(str(q.object.value)) if isinstance(q.object, ox.NamedNode) else None
            if new is not None:
                quads.add(ox.Quad(gone, _REPLACED_BY, new, graph))
    return "".join(f"{q} .\n" for q in sorted(quads, key=str)).encode("utf-8")
