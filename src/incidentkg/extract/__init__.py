"""Stage 3: a spaCy Doc → plain records (:class:`~incidentkg.records.ArticleRecords`).

Nothing after this stage sees the Doc; every record carries the evidence span it came from.
"""

from __future__ import annotations

from spacy.tokens import Doc

from incidentkg.extract.context import ArticleContext, EntityDraft
from incidentkg.extract.document import (
    anchor_dates,
    drop_unanchored_background,
    drop_vague_fighting,
    settle_roles,
)
from incidentkg.extract.entities import collect_entities, collect_posts
from incidentkg.extract.events import EventBuilder, EventDraft, affiliations, mastermind_roles
from incidentkg.nlp.components import doc_trigger_patterns
from incidentkg.records import (
    Affiliation,
    Article,
    ArticleRecords,
    EntityRecord,
    EventRecord,
)


def extract(doc: Doc, article: Article) -> ArticleRecords:
    """Read one processed article into entity, event, post and affiliation records.

    ``doc`` must be the parse of ``article.text``: evidence offsets point into that text.
    """
    ctx = ArticleContext(doc, article)
    collect_entities(ctx)
    posts = collect_posts(ctx)
    builder = EventBuilder(ctx, doc_trigger_patterns(doc))
    builder.events = settle_roles(ctx, builder.read())
    builder.finish()
    events = drop_unanchored_background(anchor_dates(ctx, builder.events))
    events = drop_vague_fighting(ctx, events)
    mastermind_roles(ctx, events)
    affs = [Affiliation(p, o, ev) for p, o, ev in affiliations(ctx, events)]
    entities = tuple(_entity_record(ctx, d) for d in ctx.entities.values())
    return ArticleRecords(
        article=article,
        entities=entities,
        events=tuple(_event_record(ctx, e) for e in events),
        posts=tuple(posts),
        affiliations=tuple(affs),
    )


def _entity_record(ctx: ArticleContext, d: EntityDraft) -> EntityRecord:
    mentions = tuple(dict.fromkeys(ctx.evidence(s) for s in d.spans))
    aliases = tuple(sorted({s.text.strip() for s in d.spans} - {d.label}))
    entry = ctx.gaz.get(d.gazetteer_id) if d.gazetteer_id else None
    return EntityRecord(
        key=d.key,
        type=d.type,  # type: ignore[arg-type]
        label=d.label,
        mentions=mentions,
        aliases=aliases,
        gazetteer_id=d.gazetteer_id,
        kind=d.kind,
        parent=d.parent,
        description=entry.description if entry else None,
    )


def _event_record(ctx: ArticleContext, e: EventDraft) -> EventRecord:
    return EventRecord(
        key=e.key,
        category=e.category,  # type: ignore[arg-type]
        event_type=e.event_type,
        mentions=tuple(dict.fromkeys(ctx.evidence(t.span) for t in e.triggers)),
        date=e.date,
        place=e.place.key if e.place else None,
        roles=tuple(e.roles),
        figures=tuple(dict.fromkeys(e.figures)),
        perpetrator_status=e.status,
        status_evidence=e.status_evidence,
        target_descriptions=tuple(e.target_texts),
        killed_persons=tuple(e.killed),
        injured_persons=tuple(e.injured),
        denials=tuple(e.denials),
        role="background" if e.background else "reported",
    )
