"""Stage 4: records of many articles → one entity per real-world thing, one event per event.

Entities merge on gazetteer id, on equal names, or on similar names whose titles or
organisations agree (Ejaz/Aijaz). Events merge within a block of one category when
their dates and places are compatible and enough evidence agrees (same day, same
target, same perpetrator, same city, same type), checked against every member so that
an undated report cannot chain two different attacks together. Each event gets a
confidence from its sources and how its date and place were found (confidence.py).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace

from incidentkg.records import ArticleRecords, MemberRef, Resolution, ResolvedEntity, ResolvedEvent
from incidentkg.resolve.confidence import with_confidence
from incidentkg.resolve.entities import resolve_entities
from incidentkg.resolve.events import resolve_events
from incidentkg.resolve.local import (
    ResolveState,
    entity_state,
    event_state,
    settle,
    update_clusters,
    update_events,
)
from incidentkg.resolve.relations import resolve_affiliations, resolve_posts


def resolve(records: list[ArticleRecords]) -> Resolution:
    """Resolve entities first, then events (which compare resolved entity ids)."""
    records = sorted(records, key=lambda r: r.article.id)
    entities, entity_index = resolve_entities(records)
    events, event_index = resolve_events(records, entities, entity_index)
    return _resolution(records, entities, entity_index, events, event_index)


def resolve_with_state(records: list[ArticleRecords]) -> tuple[Resolution, ResolveState]:
    """:func:`resolve`, and the state a later :func:`resolve_update` starts from."""
    records = sorted(records, key=lambda r: r.article.id)
    clusters = entity_state(records)
    entities, entity_index = settle(clusters)
    events, event_index = resolve_events(records, entities, entity_index)
    state = replace(event_state(records, entities, entity_index, events), clusters=tuple(clusters))
    return _resolution(records, entities, entity_index, events, event_index), state


def resolve_update(
    records: list[ArticleRecords],
    state: ResolveState,
    touched: Collection[str],
    before: Mapping[str, ArticleRecords] | None = None,
) -> tuple[Resolution, ResolveState, frozenset[str]]:
    """What :func:`resolve_with_state` gives for ``records``, from the state of the records
    before ``touched`` articles were added, changed or removed (:mod:`.local`; ``before``:
    the touched articles' records before, when known), and the ids of the events
    clustered again (the others are as the last resolution made them)."""
    records = sorted(records, key=lambda r: r.article.id)
    by_id = {r.article.id: r for r in records}
    clusters = update_clusters(state.clusters, by_id, touched, before)
    entities, entity_index = settle(clusters)
    events, event_index, new_state, fresh = update_events(
        records, touched, entities, entity_index, state
    )
    new_state = replace(new_state, clusters=tuple(clusters))
    return _resolution(records, entities, entity_index, events, event_index), new_state, fresh


def _resolution(
    records: list[ArticleRecords],
    entities: list[ResolvedEntity],
    entity_index: dict[MemberRef, str],
    events: list[ResolvedEvent],
    event_index: dict[MemberRef, str],
) -> Resolution:
    return Resolution(
        entities=tuple(entities),
        events=with_confidence(events, records, entities),
        posts=tuple(resolve_posts(records, entity_index)),
        affiliations=tuple(resolve_affiliations(records, entity_index)),
        entity_index=entity_index,
        event_index=event_index,
    )
