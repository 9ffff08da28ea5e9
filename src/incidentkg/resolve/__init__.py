"""Stage 4: records of many articles → one entity per real-world thing, one event per event.

Entities merge on gazetteer id, on equal names, or on similar names whose titles or
organisations agree (Ejaz/Aijaz). Events merge within a block of one category when
their dates and places are compatible and enough evidence agrees (same day, same
target, same perpetrator, same city, same type), checked against every member so that
an undated report cannot chain two different attacks together. Each event gets a
confidence from its sources and how its date and place were found (confidence.py).
"""

from __future__ import annotations

from incidentkg.records import ArticleRecords, Resolution
from incidentkg.resolve.confidence import with_confidence
from incidentkg.resolve.entities import resolve_entities
from incidentkg.resolve.events import resolve_events
from incidentkg.resolve.relations import resolve_affiliations, resolve_posts


def resolve(records: list[ArticleRecords]) -> Resolution:
    """Resolve entities first, then events (which compare resolved entity ids)."""
    records = sorted(records, key=lambda r: r.article.id)
    entities, entity_index = resolve_entities(records)
    events, event_index = resolve_events(records, entities, entity_index)
    return Resolution(
        entities=tuple(entities),
        events=with_confidence(events, records, entities),
        posts=tuple(resolve_posts(records, entity_index)),
        affiliations=tuple(resolve_affiliations(records, entity_index)),
        entity_index=entity_index,
        event_index=event_index,
    )
