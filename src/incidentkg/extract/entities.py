"""Entities of one article: filter NER/gazetteer spans, merge mentions, read titles.

Within an article a person is usually named in full once and then by surname
("Inspector Kamran Akhtar" … "Akhtar"); an organisation is introduced as "Name (ACRONYM)".
"""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz
from spacy.tokens import Doc, Span, Token

from incidentkg.extract.context import ArticleContext, EntityDraft, noun_class
from incidentkg.kb.gazetteer import (
    Town,
    ambiguous_places,
    area_populations,
    capitals,
    minor_towns,
    normalise,
    word_set,
)
from incidentkg.kb.geo import km
from incidentkg.nlp.components import MODEL_PLACES_KEY, TITLE_KEY
from incidentkg.nlp.recase import titled
from incidentkg.records import Post

_TYPE = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place", "FAC": "Place"}
_JUNK = re.compile(r"^[\W\d_]+$|[\n\r]|^(n't|'s)$", re.IGNORECASE)
_GENERIC = word_set("generic_entity_names")


def _keep(ent: Span) -> bool:
    text = ent.text.strip()
    if len(text) < 2 or _JUNK.search(text) or text.lower() in _GENERIC:
        return False
    if ent.kb_id_:
        return not (_name_continues(ent) or _names_a_work(ent))
    if not any(titled(t) or t.is_upper for t in ent if t.is_alpha):
        return False
    if ent.label_ in {"ORG", "NORP"} and _description(ent):
        return False
    return not (len(ent) == 1 and ent[0].is_stop)


def _names_a_work(ent: Span) -> bool:
    """'a screening of the Batman film': a town's name modifying a film, a book or a show
    names the work."""
    root = ent.root
    return (
        root.dep_ == "compound"
        and root.head.lemma_.lower() in word_set("work_nouns")
        and root.head.dep_ != "compound"
    )  # not 'the Lahore book fair'


def _description(ent: Span) -> bool:
    """'Suicide bombers', 'Extremist gunmen' (capitalised in a headline or at a sentence's
    start): a description of attackers, not a group's name."""
    last = ent[-1]
    return (
        last.tag_ == "NNS"
        and last.lower_ in word_set("perpetrator_nouns") | {"bombers", "gunmen", "militants"}
        and all(t.pos_ in {"NOUN", "ADJ"} or t.is_stop for t in ent)
    )


def _name_continues(ent: Span) -> bool:
    """'Pul-e-Mahmud Khan', 'Dar-ul-Aman': a gazetteer name glued by an izafat or article
    to the words after it is the start of a longer name, not that place."""
    doc = ent.doc
    if ent.end + 1 >= len(doc) or doc[ent.end - 1].whitespace_ or doc[ent.end].text != "-":
        return False
    return doc[ent.end + 1].lower_ in word_set("name_connectors")


def _acronym_of(acr: str, name: str) -> bool:
    words = [
        w for w in re.split(r"[\s\-]+", name) if w and w.lower() not in {"of", "the", "and", "for"}
    ]
    initials = "".join(w[0] for w in words if w[0].isalpha()).upper()
    return len(acr) >= 2 and acr.isupper() and initials == acr


def _new(ctx: ArticleContext, ent: Span) -> EntityDraft:
    key = f"e{len(ctx.entities) + 1}"
    etype = _TYPE[ent.label_]
    gaz = ctx.gaz.get(ent.kb_id_) if ent.kb_id_ and ent.label_ != "LOC" else None
    kind = {"FAC": "facility", "LOC": "locality"}.get(ent.label_)
    draft = EntityDraft(
        key=key,
        type=gaz.type if gaz else etype,
        label=gaz.label if gaz else ent.text.strip(),
        gazetteer_id=gaz.id if gaz else None,
        kind=gaz.kind if gaz else kind,
    )
    ctx.entities[key] = draft
    return draft


def _person_match(ctx: ArticleContext, text: str) -> EntityDraft | None:
    """A longer or equal name already seen: same name, prefix, or (fuzzy) surname."""
    toks = text.split()
    best: EntityDraft | None = None
    for draft in reversed(list(ctx.entities.values())):
        if draft.type != "Person":
            continue
        for known in draft.texts:
            ktoks = known.split()
            if normalise(known) == normalise(text):
                return draft
            if len(toks) < len(ktoks) and (
                ktoks[: len(toks)] == toks or ktoks[-len(toks) :] == toks
            ):
                return draft
            if len(toks) == 1 and len(ktoks) > 1 and fuzz.ratio(toks[0], ktoks[-1]) >= 85:
                best = best or draft
    return best


def _find_existing(ctx: ArticleContext, ent: Span) -> EntityDraft | None:
    text = ent.text.strip()
    for draft in ctx.entities.values():
        if ent.kb_id_ and ent.label_ != "LOC" and draft.gazetteer_id == ent.kb_id_:
            return draft
        if (
            (not ent.kb_id_ or ent.label_ == "LOC")
            and draft.type == _TYPE[ent.label_]
            and normalise(text) in {normalise(t) for t in draft.texts}
        ):
            return draft
    if _TYPE[ent.label_] == "Person":
        return _person_match(ctx, text)
    return None


def _acronym_definitions(ctx: ArticleContext, ent: Span, draft: EntityDraft) -> None:
    """'Karachi Police Office (KPO)': remember KPO as another name of the entity."""
    doc = ctx.doc
    i = ent.end
    if i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")":
        acr = doc[i + 1]
        if acr.is_upper and _acronym_of(acr.text, ent.text) and acr.i not in ctx.token_entity:
            draft.spans.append(doc[acr.i : acr.i + 1])
            ctx.token_entity[acr.i] = draft.key


def collect_entities(ctx: ArticleContext) -> None:
    """Fill ``ctx.entities`` and the token → entity index from ``doc.ents``."""
    alternatives = _place_alternatives(ctx)
    context = {i for ids in alternatives.values() for i in ids}
    places = {e.kb_id_ for e in ctx.doc.ents if e.kb_id_ and e.label_ == "GPE"}
    for ent in ctx.doc.ents:
        if ent.label_ == "NORP" and ent.text in ctx.gaz.demonyms:
            ctx.demonym_countries.append((ctx.gaz.demonyms[ent.text], ent))
        if ent.label_ not in _TYPE or not _keep(ent):
            continue
        ent = _disambiguate(ctx, ent, alternatives, context)
        ent = _as_locality(ctx, ent, places)
        ent = _foreign_alias(ctx, ent, places)
        ent = _person_as_place(ent)
        if ent.label_ == "PERSON" and (
            not _plausible_person(ctx, ent) or ctx.gaz.title(ent.text.rstrip(".")) is not None
        ):
            continue
        defined = _defined_by_previous(ctx, ent)
        if defined is not None:  # 'Ambazonia Defense Forces (ADF)': not another ADF
            defined.spans.append(ent)
            ctx.token_entity.update({t.i: defined.key for t in ent})
            continue
        _add_mention(ctx, ent)
    _appositive_names(ctx)
    _aged_names(ctx)
    _repeated_names(ctx)
    _surnames_to_first_named(ctx)
    _supported_ambiguous_places(ctx)
    _country_or_subdivision(ctx)
    _place_parents(ctx)
    _suburb_parents(ctx)
    _comma_chains(ctx)
    _minor_town_parents(ctx)


def _place_alternatives(ctx: ArticleContext) -> dict[tuple[int, int], list[str]]:
    """Every gazetteer place a span may name ('Cairo': Egypt's or Illinois's)."""
    alts: dict[tuple[int, int], list[str]] = {}
    for span in ctx.doc.spans.get("gazetteer", []):
        if span.label_ == "GPE":
            alts.setdefault((span.start, span.end), []).append(span.id_)
    return alts


def _disambiguate(
    ctx: ArticleContext, ent: Span, alts: dict[tuple[int, int], list[str]], context: set[str]
) -> Span:
    """Pick the namesake that lies in the places around it: the next places of a comma list
    ('Cairo, Illinois'), then any other place of the article, then the larger town."""
    if ent.label_ not in {"GPE", "LOC"}:
        return ent  # 'Mr. Hyderabad' is a person whatever towns bear the name
    cands = alts.get((ent.start, ent.end), [])
    if any(_kind(ctx, c) == "country" for c in cands):
        return ent  # 'Saudi Arabia, Türkiye, Afghanistan, Egypt': a list, not a hierarchy
    if _at_dateline(ctx, ent):
        cands = [*cands, *_dateline_cities(ctx, cands)]
    following = _following_places(ctx, ent, alts)
    if cands and following and not any(_related(ctx, c, following) for c in cands):
        return Span(ctx.doc, ent.start, ent.end, label="LOC")  # 'Cairo, Illinois': a namesake
    if len(cands) == 1 and _a_named_regions_town(ctx, ent, cands[0], context):
        return Span(ctx.doc, ent.start, ent.end, label="GPE")  # the town's parent comes later
    if len(cands) < 2:
        return ent
    others = context - set(cands)

    def country(gaz_id: str) -> str | None:
        entry = ctx.gaz.get(gaz_id)
        return entry.country if entry else None

    nxt = ctx.doc[ent.end].lower_ if ent.end < len(ctx.doc) else ""
    state = any(_kind(ctx, c) == "province" for c in cands)
    # a dateline names a city: 'WASHINGTON' is the capital, not the state
    city_first = _at_dateline(ctx, ent)

    def score(gaz_id: str) -> tuple[int, int, int, int, int]:
        chain = {e.id for e in ctx.gaz.ancestors(gaz_id)[1:]}
        entry = ctx.gaz.get(gaz_id)
        pop = (entry.population or area_populations().get(gaz_id, 0)) if entry else 0
        near = len(chain & following) * 2 + len(chain & others)
        # the article's country focus: 'Kohistan' beside Dasu is Pakistan's, not Afghanistan's
        focus = sum(1 for o in others if country(o) == country(gaz_id))
        # 'the Musakhel district'; but 'the Florida city' is a city in the state
        kind = "province" if nxt == "state" else nxt  # 'Washington state': the state
        named = int(entry is not None and entry.kind == kind and not (nxt == "city" and state))
        named = named or int(city_first and entry is not None and entry.kind == "city")
        return (named, near, focus, -_kind_rank(entry), pop)

    best = max(sorted(cands), key=score)
    return Span(ctx.doc, ent.start, ent.end, label=ent.label_, kb_id=best)


def _a_named_regions_town(ctx: ArticleContext, ent: Span, gaz_id: str, context: set[str]) -> bool:
    """'30 miles south of Burlington' in an article on Vermont: a city the gazetteer knows
    only abroad (Burlington, Ontario), none of whose regions the article names, is the
    smaller town of that name in a province of another country the article names
    (``towns.tsv``)."""
    entry = ctx.gaz.get(gaz_id)
    if entry is None or entry.kind != "city":
        return False
    chain = {e.id for e in ctx.gaz.ancestors(gaz_id)[1:]}
    if chain & context:
        return False
    people = {
        ctx.gaz.demonyms.get(e.text) for e in ctx.doc.ents if e.label_ == "NORP"
    }  # 'Irish police': Dublin's own country is told
    if chain & people:
        return False
    provinces = {
        s.id_
        for s in ctx.doc.spans.get("gazetteer", [])
        if _kind(ctx, s.id_) == "province" and not _an_origin(s)
    }  # not 'a tourist from Ohio', 'an Ohio man'
    return any(
        t.province in provinces and t.country != entry.country for t in minor_towns(ent.text)
    )  # not Memphis, Tennessee for a Memphis of Florida: the known city of its own country


def _an_origin(span: Span) -> bool:
    """A place named as where someone comes from: 'a tourist from Ohio', 'an Ohio man'."""
    root = span.root
    if root.dep_ == "pobj" and root.head.lower_ == "from":
        return True
    return root.dep_ in {"compound", "amod"} and noun_class(root.head.lemma_) == "civilian"


def _at_dateline(ctx: ArticleContext, ent: Span) -> bool:
    """Whether the span is the article's dateline ('WASHINGTON —', 'NICE, France')."""
    dateline = ctx.article.dateline
    if not dateline or normalise(dateline) != normalise(ent.text):
        return False
    return ctx.article.text.upper().find(dateline.upper(), 0, 400) == ent.start_char


def _dateline_cities(ctx: ArticleContext, cands: list[str]) -> list[str]:
    """The cities named like a province the ruler matched in capitals ('WASHINGTON'): the
    ruler matches upper-case names of provinces only, but a dateline names a city."""
    out: list[str] = []
    for gid in cands:
        entry = ctx.gaz.get(gid)
        if entry is None or entry.kind != "province":
            continue
        key = normalise(entry.label)
        out += [
            e.id
            for e in ctx.gaz.entries.values()
            if e.kind == "city" and e.country == entry.country and normalise(e.label) == key
        ]
    return out


def _kind(ctx: ArticleContext, gaz_id: str) -> str | None:
    entry = ctx.gaz.get(gaz_id)
    return entry.kind if entry else None


def _related(ctx: ArticleContext, gaz_id: str, others: set[str]) -> bool:
    """Whether a place lies in, or contains, one of ``others``."""
    if {e.id for e in ctx.gaz.ancestors(gaz_id)} & others:
        return True
    return any(gaz_id in {e.id for e in ctx.gaz.ancestors(o)} for o in others)


def _kind_rank(entry: object) -> int:
    kind = getattr(entry, "kind", "")
    return {"city": 0, "country": 1, "province": 2, "district": 3}.get(kind, 4)


def _following_places(
    ctx: ArticleContext, ent: Span, alts: dict[tuple[int, int], list[str]]
) -> set[str]:
    """Ids of the places listed after ``ent``: 'X, Nebraska, United States'."""
    out: set[str] = set()
    i = ent.end
    doc = ctx.doc
    # the rest of the name and its kind first: 'Nawa-i-Barakzayi district, Helmand, …'
    while (
        i < min(len(doc), ent.end + 6)
        and doc[i].text != ","
        and (
            doc[i].text in {"-", "–"}
            or titled(doc[i])
            or doc[i].lower_ in word_set("locality_suffixes")
            or doc[i].lower_ in {"i", "e", "ul", "al"}
            or doc[i].text.startswith("-")
        )
    ):
        i += 1
    for _ in range(4):  # 'Mora, Extreme-North, Cameroon': skip items the gazetteer lacks
        if i + 1 >= len(doc) or doc[i].text != ",":
            break
        nxt = [k for k in alts if k[0] == i + 1]
        if nxt:
            key = max(nxt, key=lambda k: k[1])
            out.update(alts[key])
            i = key[1]
            continue
        j = i + 1
        while (
            j < len(doc)
            and doc[j].text not in {",", "."}
            and (titled(doc[j]) or doc[j].text == "-")
        ):
            j += 1
        if j == i + 1:
            break
        i = j
    return out


def _comma_chains(ctx: ArticleContext) -> None:
    """'Matiakoali, Est, Burkina Faso': an unknown place lies in the place listed after it."""
    doc = ctx.doc
    _capitals_named(ctx)
    _towns_before_their_region(ctx)
    _towns_near_a_town(ctx)
    _towns_named_by_kind(ctx)
    _towns_listed_with_a_town(ctx)
    _untagged_towns_of_harm(ctx)
    _untagged_minor_towns(ctx)
    _towns_named_again(ctx)
    for draft in ctx.entities.values():
        if draft.type != "Place" or draft.gazetteer_id or draft.parent:
            continue
        for span in draft.spans:
            end = span.end
            if end < len(doc) and doc[end].lower_ in word_set("locality_suffixes"):
                end += 1  # 'Faizabad district, Jawzjan province'
            if end + 1 < len(doc) and doc[end].text == ",":
                nxt = ctx.entity_at(doc[end + 1])
                if nxt is None and end + 2 < len(doc) and titled(doc[end + 1]):
                    nxt = ctx.entity_at(doc[end + 2])  # 'Nogolait, Highland Papua'
                if nxt is not None and nxt.type == "Place" and nxt.key != draft.key:
                    draft.parent = nxt.key
                    break


def _towns_before_their_region(ctx: ArticleContext) -> None:
    """'a high school in Greenville, South Carolina': capitalised words the model left
    untagged, right before a comma and a known province or country, name a town there."""
    doc = ctx.doc
    regions = [
        d
        for d in list(ctx.entities.values())
        if d.type == "Place" and d.kind in {"province", "country"}
    ]
    for region in regions:
        for span in region.spans:
            comma = span.start - 1
            if comma < 2 or doc[comma].text != ",":
                continue
            end = comma
            start = end
            while start > 0 and end - start < 3 and titled(doc[start - 1]):
                if doc[start - 1].i in ctx.token_entity or doc[start - 1].is_sent_start:
                    break
                start -= 1
            if start == end or start == 0:
                continue
            if doc[start - 1].lower_ not in word_set("place_prepositions") | {"a", "an", "the"}:
                continue
            name = Span(doc, start, end, label="GPE")
            if any(e.start < end and start < e.end for e in doc.ents):
                continue
            doc.ents = [*doc.ents, name]  # so the sentence readers see it as a place
            draft = next(
                (
                    d
                    for d in ctx.entities.values()
                    if d.type == "Place" and not d.gazetteer_id and d.label == name.text
                ),
                None,
            )
            if draft is None:
                key = f"e{len(ctx.entities) + 1}"
                draft = EntityDraft(key, "Place", name.text, [], kind="city")
                draft.parent = region.key
                ctx.entities[key] = draft
            draft.spans.append(name)
            for tok in name:
                ctx.token_entity[tok.i] = draft.key


_DISTANCE_UNITS = word_set("distance_units")


def _capitals_named(ctx: ArticleContext) -> None:
    """'Somalia's capital', 'the Afghan capital', 'the capital of Iraq' (and 'the capital' in
    an article about one country) name that country's capital city."""
    doc = ctx.doc
    for tok in doc:
        if tok.lemma_.lower() != "capital" or tok.pos_ != "NOUN" or tok.i in ctx.token_entity:
            continue
        if any(e.start <= tok.i < e.end for e in doc.ents):
            continue
        country = _country_of_capital(ctx, tok)
        city = ctx.gaz.get(capitals().get(country or "", ""))
        if city is None:
            continue
        span = Span(doc, tok.i, tok.i + 1, label="GPE", kb_id=city.id)
        draft = next((d for d in ctx.entities.values() if d.gazetteer_id == city.id), None)
        if draft is None:
            key = f"e{len(ctx.entities) + 1}"
            draft = EntityDraft(key, "Place", city.label, [], city.id, city.kind)
            draft.parent = f"gaz:{city.parent}" if city.parent else None
            ctx.entities[key] = draft
        draft.spans.append(span)
        ctx.token_entity[tok.i] = draft.key
        doc.ents = [*doc.ents, span]


def _country_of_capital(ctx: ArticleContext, tok: Token) -> str | None:
    for c in tok.children:
        named = ctx.entity_at(c)
        if c.dep_ == "poss" and named is not None and named.kind == "country":
            return named.gazetteer_id  # 'Somalia's capital'
        if c.dep_ in {"amod", "compound"} and c.text in ctx.gaz.demonyms:
            return ctx.gaz.demonyms[c.text]  # 'the Afghan capital'
        if c.dep_ == "prep" and c.lower_ == "of":
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            named = ctx.entity_at(obj) if obj is not None else None
            return named.gazetteer_id if named is not None and named.kind == "country" else None
    if [c.lower_ for c in tok.children] == ["the"]:
        return _one_country(ctx)  # 'the capital', in an article about one country
    return None


def _towns_near_a_town(ctx: ArticleContext) -> None:
    """'in Elkton, about 40 miles northeast of Baltimore', 'the village of Tarnak, 30 km south
    of Kandahar': a place the gazetteer lacks, located by its distance from a known town, is
    a town of that town's province (not the town it is measured from)."""
    doc = ctx.doc
    for ref in [d for d in list(ctx.entities.values()) if d.type == "Place" and d.gazetteer_id]:
        for span in ref.spans:
            start = span.start  # 'north of the Iraqi capital': past the article and demonym
            while (
                start > 0
                and doc[start - 1].head.i == span.root.i
                and doc[start - 1].dep_
                in {
                    "det",
                    "amod",
                    "compound",
                }
            ):
                start -= 1
            i = before_distance(doc, start - 1)
            if i is None or doc[i].text != ",":
                continue
            end = start = i
            while start > 0 and end - start < 3 and titled(doc[start - 1]):
                start -= 1
            if start == end or doc[start - 1].lower_ not in word_set("place_prepositions") | {
                "of",
                "the",
            }:
                continue
            _town_in(ctx, Span(doc, start, end, label="GPE"), ref)


def _towns_named_by_kind(ctx: ArticleContext) -> None:
    """'the mostly Christian village of Qaa', 'the Red Sea city of Jiddah': the capitalised
    name after 'village of' is a town even when the gazetteer lacks it; a demonym before the
    kind word says its country ('the Lebanese village of …')."""
    doc = ctx.doc
    kinds = word_set("settlement_nouns")
    for tok in doc:
        if (
            tok.lemma_.lower() not in kinds
            or tok.i + 2 >= len(doc)
            or doc[tok.i + 1].lower_ != "of"
        ):
            continue
        start = end = tok.i + 2
        while end < len(doc) and end - start < 3 and titled(doc[end]) and not doc[end].is_stop:
            end += 1
        if start == end or (end < len(doc) and doc[end].text in {"-", "'s", "’s"}):
            continue
        name = Span(doc, start, end, label="GPE")
        country = next(
            (
                ctx.gaz.demonyms[c.text]
                for c in tok.children
                if c.dep_ in {"amod", "compound"} and c.text in ctx.gaz.demonyms
            ),
            None,
        )
        known = [ctx.entities[k] for k in {ctx.token_entity.get(t.i) for t in name} if k]
        if any(d.gazetteer_id for d in known) or len(known) > 1:
            continue
        if known and known[0].type == "Person" and known[0].label == name.text:
            known[0].type = "Place"  # 'the village of Sangin Kalay' read as a person's name
        elif known and known[0].type != "Place":
            continue
        _new_town(ctx, name, f"gaz:{country}" if country else _one_region(ctx))


def _one_country(ctx: ArticleContext) -> str | None:
    """The one country an article names or implies with a demonym, if there is one."""
    ids = {
        d.gazetteer_id
        for d in ctx.entities.values()
        if d.kind == "country" and not (d.spans and all(backing(s) for s in d.spans))
    }  # not the backer of 'Iran-backed rebels'
    ids |= {gid for gid, _ in ctx.demonym_countries}
    return next(iter(ids)) if len(ids) == 1 else None


_STREET_WORDS = frozenset(word_set("street_words"))


def _towns_named_again(ctx: ArticleContext) -> None:
    """A small town read once ('rockets were launched into Jableh') is that town wherever
    the article names it again ('attacks in the cities of Tartus and Jableh'): one name,
    one sense, in one article."""
    doc = ctx.doc
    towns = {
        d.label: d
        for d in ctx.entities.values()
        if d.type == "Place" and not d.gazetteer_id and d.kind == "city" and d.parent
    }
    if not towns:
        return
    ents = list(doc.ents)
    for label, draft in towns.items():
        words = label.split()
        for tok in doc:
            if tok.text != words[0] or tok.i + len(words) > len(doc):
                continue
            span = doc[tok.i : tok.i + len(words)]
            if span.text != label or any(t.i in ctx.token_entity or t.ent_type_ for t in span):
                continue
            nxt = doc[span.end] if span.end < len(doc) else None
            if nxt is not None and (titled(nxt) or nxt.lemma_.lower() in _STREET_WORDS):
                continue  # 'Meridian and Hesston roads', 'Jableh Street'
            if any(e.start < span.end and span.start < e.end for e in ents):
                continue
            mention = Span(doc, span.start, span.end, label="GPE")
            ents.append(mention)
            draft.spans.append(mention)
            ctx.token_entity.update({t.i: draft.key for t in mention})
    doc.ents = ents


def _new_town(ctx: ArticleContext, name: Span, parent: str | None) -> None:
    """A town the gazetteer lacks: an existing draft of that name, else a new one."""
    key = next((ctx.token_entity[t.i] for t in name if t.i in ctx.token_entity), None)
    if key is None:
        if any(e.start < name.end and name.start < e.end for e in ctx.doc.ents):
            return
        ctx.doc.ents = [*ctx.doc.ents, name]
        key = f"e{len(ctx.entities) + 1}"
        ctx.entities[key] = EntityDraft(key, "Place", name.text, [name], kind="city")
        for tok in name:
            ctx.token_entity[tok.i] = key
    draft = ctx.entities[key]
    draft.kind = "city"
    draft.parent = parent or draft.parent


def before_distance(doc: Doc, i: int) -> int | None:
    """The token before 'about 40 miles northeast of' / 'near' that ends at token ``i``."""
    if i < 2:
        return None
    if doc[i].lower_ in {"near", "outside"}:
        return i - 1
    if doc[i].lower_ not in {"of", "from"} or i < 4:
        return None
    i -= 1
    if doc[i].lower_ in word_set("compass_words"):
        i -= 1
    if doc[i].text == ")":  # '50 miles (80 kilometers) north of'
        while i > 0 and doc[i].text != "(":
            i -= 1
        i -= 1
    if doc[i].lower_ not in _DISTANCE_UNITS or doc[i - 1].pos_ != "NUM":
        return None
    i -= 2
    if doc[i].lower_ in {"about", "some", "around", "roughly", "nearly", "approximately", "just"}:
        i -= 1
    return i


def _town_in(ctx: ArticleContext, name: Span, ref: EntityDraft) -> None:
    """Make ``name`` a town lying where ``ref`` lies (its province, else its country)."""
    known = {ctx.token_entity.get(t.i) for t in name} - {None}
    drafts = [ctx.entities[k] for k in known if k is not None]
    if any(d.gazetteer_id or d.type != "Place" for d in drafts) or len(drafts) > 1:
        return
    entry = ctx.gaz.get(ref.gazetteer_id or "")
    _new_town(ctx, name, ref.parent or (f"gaz:{entry.parent}" if entry and entry.parent else None))


def _defined_by_previous(ctx: ArticleContext, ent: Span) -> EntityDraft | None:
    """An acronym in brackets right after a name is that name's acronym, whatever else the
    gazetteer knows by those letters."""
    doc = ctx.doc
    if len(ent) != 1 or not ent.text.isupper() or ent.start < 2 or ent.end >= len(doc):
        return None
    if doc[ent.start - 1].text != "(" or doc[ent.end].text != ")":
        return None
    prev = ctx.entity_at(doc[ent.start - 2])
    if prev is None or prev.type == "Person":
        return None
    names = [prev.label, *prev.texts]
    return prev if any(_acronym_of(ent.text, n) for n in names) else None


def _add_mention(ctx: ArticleContext, ent: Span) -> EntityDraft:
    draft = _find_existing(ctx, ent) or _new(ctx, ent)
    draft.spans.append(ent)
    if len(ent.text) > len(draft.label) and draft.type == "Person":
        draft.label = ent.text.strip()
    for tok in ent:
        ctx.token_entity[tok.i] = draft.key
    _acronym_definitions(ctx, ent, draft)
    return draft


_CENTRES = {"centre", "center", "plaza", "tower", "towers"}


def _as_locality(ctx: ArticleContext, ent: Span, places: set[str]) -> Span:
    """'Shah Faisal area', 'Baldia Town': a neighbourhood, not a namesake town elsewhere."""
    doc = ctx.doc
    suffixes = word_set("locality_suffixes")
    last = ent[-1].lower_
    nxt = doc[ent.end].lower_ if ent.end < len(doc) else ""
    if ent.label_ == "PERSON" and last in suffixes:
        return Span(doc, ent.start, ent.end, label="LOC")
    if ent.label_ == "PERSON" and len(ent) > 1 and last in word_set("site_nouns") | _CENTRES:
        return Span(doc, ent.start, ent.end, label="FAC")  # 'Serena Hotel', 'Trauma Centre'
    if ent.label_ == "PERSON" and nxt in suffixes and titled(doc[ent.end]):
        return Span(doc, ent.start, ent.end + 1, label="LOC")
    if ent.label_ == "GPE" and ent.kb_id_ and _suburb_elsewhere(ctx, ent):
        return Span(doc, ent.start, ent.end, label="LOC")
    if ent.label_ == "GPE" and ent.kb_id_ and nxt in suffixes:
        entry = ctx.gaz.get(ent.kb_id_)
        if entry is not None and nxt == entry.kind:
            return ent  # 'the Musakhel district' is the district itself
        if (
            entry
            and entry.kind in {"city", "district"}
            and not any(
                ctx.gaz.contains(area, ent.kb_id_)
                for p in places - {ent.kb_id_}
                for area in _local_areas(ctx, p)
            )
            and not any(_near(ctx, ent.kb_id_, p) for p in places - {ent.kb_id_})
        ):
            end = ent.end + 1 if titled(doc[ent.end]) else ent.end
            return Span(doc, ent.start, end, label="LOC")
    return ent


_SUBURBS = {"suburb", "outskirts", "neighbourhood", "neighborhood", "quarter", "district"}


def _foreign_alias(ctx: ArticleContext, ent: Span, places: set[str]) -> Span:
    """'a grocery store in Garden City' in an article on Kansas: a town named by one of its
    other names (Singapore's nickname, a Lahore suburb's old name) in an article whose other
    places all lie in other countries is some other place of that name, not that town."""
    if ent.label_ != "GPE" or not ent.kb_id_:
        return ent
    entry = ctx.gaz.get(ent.kb_id_)
    if entry is None or entry.kind != "city" or _fold(ent.text) == _fold(entry.label):
        return ent
    others = (ctx.gaz.get(p) for p in places - {ent.kb_id_})
    focus = {e.country for e in others if e is not None and e.country}
    if not focus or entry.country in focus:
        return ent
    return Span(ctx.doc, ent.start, ent.end, label="GPE")


def _fold(text: str) -> str:
    return normalise(unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode())


def _suburb_elsewhere(ctx: ArticleContext, ent: Span) -> bool:
    """'the Paris suburb of St. Denis', 'St. Denis, a suburb of Paris': a part of the town
    named with it, not the namesake the gazetteer knows far away."""
    ids = suburb_towns(ctx, ent)
    return bool(ids) and ent.kb_id_ not in ids and not any(_near(ctx, ent.kb_id_, i) for i in ids)


def suburb_towns(ctx: ArticleContext, ent: Span) -> list[str]:
    """The gazetteer candidates of the town a name is called a suburb of, likeliest first."""
    doc = ctx.doc
    towns: list[Token] = []
    if ent.start >= 2 and doc[ent.start - 1].lower_ == "of":
        word = doc[ent.start - 2]
        if word.lemma_.lower() in _SUBURBS:
            towns = [c for c in word.children if c.dep_ in {"compound", "poss"}]
    if ent.end + 3 < len(doc) and doc[ent.end].text == ",":
        word = doc[ent.end + 2]
        if word.lemma_.lower() in _SUBURBS and doc[ent.end + 3].lower_ == "of":
            towns = [c for c in doc[ent.end + 3].children if c.dep_ == "pobj"]
    named = [
        (e, e.kb_id_ or e.id_)
        for e in [*doc.ents, *doc.spans.get("gazetteer", [])]
        if e.label_ == "GPE" and (e.kb_id_ or e.id_)
    ]
    for tok in towns:  # the town's candidates, wherever the article names it
        ids = [i for e, i in named if e.start <= tok.i < e.end or e.text == tok.text]
        ids += [e.id for e in ambiguous_places().get(tok.text, ())]  # 'Paris' (or Texas)
        if ids:
            return list(dict.fromkeys(ids))
    return []


def _suburb_parents(ctx: ArticleContext) -> None:
    """A suburb lies in its town (the one the article names, else the likeliest)."""
    named = {d.gazetteer_id for d in ctx.entities.values() if d.gazetteer_id}
    for draft in ctx.entities.values():
        if draft.type != "Place" or draft.kind != "locality" or draft.parent:
            continue
        for span in draft.spans:
            ids = suburb_towns(ctx, span)
            if ids:
                town = next((i for i in ids if i in named), ids[0])
                draft.parent = f"gaz:{town}"
                break


#: A town this close to another place the article names is that town, not a namesake
#: neighbourhood ('Bisham area' in an article on Dasu, 60 km away).
NEAR_KM = 100.0


def _near(ctx: ArticleContext, a: str, b: str) -> bool:
    ea, eb = ctx.gaz.get(a), ctx.gaz.get(b)
    if ea is None or eb is None or eb.kind in {"country", "province"}:
        return False
    if None in (ea.lat, ea.lon, eb.lat, eb.lon):
        return False
    return km(ea.lat, ea.lon, eb.lat, eb.lon) <= NEAR_KM  # type: ignore[arg-type]


def _local_areas(ctx: ArticleContext, gaz_id: str) -> list[str]:
    """A place the article names, and its district: 'Daraban area' in an article on Dera
    Ismail Khan is the town Daraban of that district, not a neighbourhood namesake."""
    out: list[str] = []
    for entry in ctx.gaz.ancestors(gaz_id):
        if entry.kind in {"country", "province"}:
            break
        out.append(entry.id)
    return out


def _supported_ambiguous_places(ctx: ArticleContext) -> None:
    """'in Nice' in an article that names France: an ambiguous one-word town is a place when
    a place preposition introduces it, the model tags it as a place or it is the dateline, and
    the article names the town's country. 'Mr. Douglas' or 'Nice work' never qualify."""
    candidates = ambiguous_places()
    _, named = _focus(ctx)
    dateline = ctx.article.dateline or ""
    tagged = {
        s.start for s in ctx.doc.spans.get(MODEL_PLACES_KEY, []) if len(s) == 1
    }  # 'Obama will fly to Orlando': the model read a place
    for tok in ctx.doc:
        entries = candidates.get(tok.text)
        if not entries or tok.i in ctx.token_entity or tok.ent_type_:
            continue
        nxt = ctx.doc[tok.i + 1] if tok.i + 1 < len(ctx.doc) else None
        if nxt is not None and titled(nxt) and nxt.is_alpha and not nxt.is_sent_start:
            continue  # 'in Warren County': the first word of a longer name, not the town
        prev = ctx.doc[tok.i - 1] if tok.i > 0 else None
        introduced = prev is not None and prev.lower_ in {"in", "at", "near", "of", "outside"}
        introduced = introduced or tok.i in tagged or _names_an_event(tok)
        its_police = _names_its_police(tok)
        if not (introduced or its_police or tok.text.lower() == dateline.lower()):
            continue
        entry = next((e for e in entries if e.country in named), None)
        if entry is None and its_police and len(entries) == 1 and _big(entries[0]):
            entry = entries[0]  # 'Phoenix police said': only a town has a police force
        if entry is None:
            continue
        span = Span(ctx.doc, tok.i, tok.i + 1, label="GPE", kb_id=entry.id)
        ctx.doc.ents = [*ctx.doc.ents, span]  # the event readers look for places there
        _add_mention(ctx, span)


def _big(entry: object) -> bool:
    """A city of half a million or more, whose police make news under its name alone."""
    return (getattr(entry, "population", 0) or 0) >= 500_000


def _names_its_police(tok: Token) -> bool:
    """'Phoenix police said', 'the Reading Police Department': a name heading the police of
    a place names the town."""
    head = tok
    while head.dep_ == "compound" and head.head != head:
        head = head.head
        if head.lemma_.lower() in {"police", "policeman", "officer", "sheriff"}:
            return True
    return False


def _names_an_event(tok: Token) -> bool:
    """'the Nice attack', 'the Orlando nightclub shooting': a name modifying an act of
    violence names where it happened."""
    head = tok
    while head.dep_ in {"compound", "amod"} and head.head != head:  # 'Nice' may be read as ADJ
        head = head.head
        if head.lemma_.lower() in _EVENT_NOUNS:
            return True
    return False


_EVENT_NOUNS = word_set("blast_nouns") | word_set("named_event_nouns")


def _person_as_place(ent: Span) -> Span:
    """'three soldiers were killed in Nusaybin': a name the model reads as a person but that
    follows 'in', 'near' or 'outside' directly, or names an area ('the Sayyida Zeinab
    area'), is a place."""
    root = ent.root
    if (
        ent.label_ == "PERSON"
        and root.dep_ == "pobj"
        and root.head.lower_ in {"in", "near", "outside"}
        and root.head.head.pos_ in {"VERB", "NOUN"}
        and not any(c.dep_ in {"poss", "case"} for c in root.children)
        and ent.end == root.i + 1
    ):
        return Span(ent.doc, ent.start, ent.end, label="GPE")
    if (
        ent.label_ == "PERSON"
        and root.dep_ == "compound"
        and root.head.lemma_.lower() in _PLACE_KINDS
        and root.head.i == ent.end
        and root.head.dep_ != "compound"  # not 'the Ahmed Shah Massoud district office'
    ):
        return Span(ent.doc, ent.start, ent.end, label="GPE")  # 'the Sayyida Zeinab area'
    return ent


_PLACE_KINDS = frozenset(
    {"area", "district", "neighbourhood", "neighborhood", "suburb", "quarter", "village"}
)


def _towns_listed_with_a_town(ctx: ArticleContext) -> None:
    """'in Jableh and Tartous': a capitalised name the model left untagged, joined by 'and'
    to a known town after a place preposition, is a town of the same country."""
    doc = ctx.doc
    for ref in [d for d in list(ctx.entities.values()) if d.type == "Place" and d.gazetteer_id]:
        if ref.kind not in {"city", "district"}:
            continue
        for span in ref.spans:
            first = span.root.head
            known = ctx.entity_at(first)
            if span.root.dep_ != "conj" or not titled(first):
                continue
            if known is not None and (known.type != "Place" or known.gazetteer_id):
                continue
            if first.pos_ != "PROPN" or first.head.lower_ not in word_set("place_prepositions"):
                continue
            start = min([first.i, *(c.i for c in first.children if c.dep_ == "compound")])
            chain = ctx.gaz.ancestors(ref.gazetteer_id or "")
            country = next((e.id for e in chain if e.kind == "country"), None)
            _new_town(
                ctx,
                Span(doc, start, first.i + 1, label="GPE"),
                f"gaz:{country}" if country else None,
            )


def _untagged_name_after(ctx: ArticleContext, tok: Token, preps: set[str]) -> bool:
    """A capitalised proper noun the model left untagged, the object of one of ``preps``,
    that is no word known to name something other than a town ('Ramadan', 'Square')."""
    return (
        tok.dep_ == "pobj"
        and tok.pos_ == "PROPN"
        and titled(tok)
        and not tok.ent_type_
        and tok.i not in ctx.token_entity
        and tok.head.lower_ in preps
        and tok.lower_ not in word_set("not_place_names") | word_set("locality_suffixes")
    )


def _untagged_towns_of_harm(ctx: ArticleContext) -> None:
    """'three soldiers were killed in Savur': a capitalised name the model left untagged,
    right after 'in' or 'near' on a verb of killing or wounding, is where it happened."""
    harm = (
        word_set("kill_lemmas")
        | word_set("injure_lemmas")
        | word_set("die_verbs")
        | {"attack", "explode", "shoot", "strike", "bomb"}
    )
    doc = ctx.doc
    for tok in doc:
        prep = tok.head
        verb = prep.head  # 'shot a man in X', 'kills five at two homes in X': up to the verb
        for _ in range(4):
            if verb.pos_ == "VERB" or verb.dep_ not in {"dobj", "pobj", "prep"}:
                break
            verb = verb.head
        if not (
            _untagged_name_after(ctx, tok, {"in", "near"})
            and verb.pos_ == "VERB"
            and verb.lemma_.lower() in harm
        ):
            continue  # 'Sultanahmet Square' is a site, read as such later
        start = min([tok.i, *(c.i for c in tok.children if c.dep_ == "compound")])
        if any(doc[i].i in ctx.token_entity or doc[i].ent_type_ for i in range(start, tok.i)):
            continue
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        listed = (
            nxt is not None and nxt.text == "," and tok.i + 2 < len(doc) and titled(doc[tok.i + 2])
        )
        if nxt is not None and (
            listed
            or nxt.text == "-"
            or nxt.lower_ in word_set("locality_suffixes") | word_set("settlement_nouns")
        ):
            continue  # 'in Sparai, Paktia, …', 'Dasht-e-Barchi', 'Chik village': read elsewhere
        name = Span(doc, start, tok.i + 1, label="GPE")
        # a town of that name in a province the article names ('In metro St. Louis, … in
        # Ballwin': Missouri's) before the article's one named province (Tennessee)
        town = _supported_town(ctx, name.text, strict=True)
        _new_town(ctx, name, _town_parent(ctx, town) if town else _one_region(ctx))


_BACKING = frozenset({"backed", "led", "aligned", "allied", "supported", "funded", "sponsored"})


def backing(ent: Span) -> bool:
    """'Iran-backed', 'Saudi-led': a name that says who backs or leads, not where."""
    doc = ent.doc
    return (
        ent.end + 1 < len(doc) and doc[ent.end].text == "-" and doc[ent.end + 1].lower_ in _BACKING
    )


def _focus(ctx: ArticleContext) -> tuple[set[str], set[str]]:
    """The provinces (gazetteer ids) and countries (ISO codes) the article names, itself or
    through a town or district in them, or with a demonym: its geographic focus."""
    provinces: set[str] = set()
    countries: set[str] = set()
    for d in ctx.entities.values():
        if d.spans and all(backing(s) for s in d.spans):
            continue  # 'Iran-backed rebels': the backer, not where the article is
        for entry in ctx.gaz.ancestors(d.gazetteer_id) if d.gazetteer_id else ():
            if entry.kind == "province":
                provinces.add(entry.id)
            if entry.country:
                countries.add(entry.country)
    for gid, _ in ctx.demonym_countries:
        country = ctx.gaz.get(gid)
        if country is not None and country.country:
            countries.add(country.country)
    return provinces, countries


_NAMESAKE_PROVINCES: dict[int, dict[str, list[str]]] = {}


def _namesake_provinces(ctx: ArticleContext) -> dict[str, list[str]]:
    """Country names that also name a province of another country ('Georgia'), by name."""
    key = id(ctx.gaz)
    if key not in _NAMESAKE_PROVINCES:
        countries = {normalise(e.label) for e in ctx.gaz.entries.values() if e.kind == "country"}
        index: dict[str, list[str]] = {}
        for e in ctx.gaz.entries.values():
            if e.kind == "province" and normalise(e.label) in countries:
                index.setdefault(normalise(e.label), []).append(e.id)
        _NAMESAKE_PROVINCES[key] = index
    return _NAMESAKE_PROVINCES[key]


def _country_or_subdivision(ctx: ArticleContext) -> None:
    """'in northeast Georgia' in an article whose other places are all American: the state,
    not the country. A country's name means the country unless the article's other places
    and demonyms lie only in the country of a province of that name."""
    namesakes = _namesake_provinces(ctx)
    for d in list(ctx.entities.values()):
        if d.kind != "country" or not d.gazetteer_id:
            continue
        provinces = namesakes.get(normalise(d.label), [])
        own = ctx.gaz.get(d.gazetteer_id)
        if not provinces or own is None:
            continue
        others: set[str] = set()
        for e in ctx.entities.values():
            if e is d or not e.gazetteer_id:
                continue
            entry = ctx.gaz.get(e.gazetteer_id)
            if entry is not None and entry.country:
                others.add(entry.country)
        for gid, _ in ctx.demonym_countries:
            entry = ctx.gaz.get(gid)
            if entry is not None and entry.country:
                others.add(entry.country)
        if own.country in others:
            continue
        for pid in provinces:
            province = ctx.gaz.get(pid)
            if province is not None and province.country and others == {province.country}:
                d.gazetteer_id, d.kind, d.label = province.id, "province", province.label
                break


def _supported_town(ctx: ArticleContext, name: str, strict: bool) -> Town | None:
    """The small town called ``name`` that lies in a province the article names, else (not
    ``strict``, or a name that is no common word) the largest in a country it names."""
    towns = minor_towns(name)
    if not towns:
        return None
    provinces, countries = _focus(ctx)
    town = next((t for t in towns if t.province in provinces), None)
    if town is None and (not strict or not towns[0].common):
        town = next((t for t in towns if t.country in countries), None)
    return town


def _town_parent(ctx: ArticleContext, town: Town) -> str | None:
    if town.province and ctx.gaz.get(town.province):
        return f"gaz:{town.province}"
    country = f"country-{town.country.lower()}"
    return f"gaz:{country}" if ctx.gaz.get(country) else None


def _minor_town_parents(ctx: ArticleContext) -> None:
    """'a market in Balad, north of Baghdad': a place the model tags but the gazetteer lacks
    lies where the small town of that name in the article's provinces or countries lies
    (``towns.tsv``), unless the text already put it somewhere that excludes it."""
    for draft in list(ctx.entities.values()):
        if draft.type != "Place" or draft.gazetteer_id or draft.kind not in {None, "city"}:
            continue
        town = _supported_town(ctx, draft.label, strict=False)
        parent = _town_parent(ctx, town) if town else None
        if parent is None or parent == draft.parent:
            continue
        if draft.parent is None or (
            draft.parent.startswith("gaz:") and ctx.gaz.contains(draft.parent[4:], parent[4:])
        ):
            draft.parent = parent
            draft.kind = "city"


def _untagged_minor_towns(ctx: ArticleContext) -> None:
    """'at a lawn mower plant in Hesston': a capitalised name the model left untagged after
    'in', 'near' or 'outside' is a town when a small town of that name lies in a province
    (or, for a name that is no common word, a country) the article names."""
    doc = ctx.doc
    for tok in doc:
        if not _untagged_name_after(ctx, tok, {"in", "into", "near", "outside"}):
            continue
        start = min([tok.i, *(c.i for c in tok.children if c.dep_ == "compound")])
        name = doc[start : tok.i + 1]
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if any(t.i in ctx.token_entity or t.ent_type_ or not titled(t) for t in name):
            continue
        if nxt is not None and (titled(nxt) or nxt.text in {"-", "'s", "’s"}):
            continue  # 'in Trump Tower', 'in Clinton's campaign'
        if _person_match(ctx, name.text) is not None:
            continue
        town = _supported_town(ctx, name.text, strict=True)
        if town is not None:
            _new_town(ctx, Span(doc, start, tok.i + 1, label="GPE"), _town_parent(ctx, town))


def _one_region(ctx: ArticleContext) -> str | None:
    """The one province (else the one country) an article names: where a town it names
    without saying where lies ('Hesston' in an article on Kansas)."""
    provinces = {d.gazetteer_id for d in ctx.entities.values() if d.kind == "province"}
    if len(provinces) == 1:
        only = ctx.gaz.get(next(iter(provinces)) or "")
        areas = {ctx.gaz.get(p) for p in _focus(ctx)[0]}
        if only is not None and all(a is None or a.country == only.country for a in areas):
            return f"gaz:{only.id}"  # not Helmand for a town beside Quetta and Islamabad
    country = _one_country(ctx)
    return f"gaz:{country}" if country else None


def _plausible_person(ctx: ArticleContext, ent: Span) -> bool:
    """A lone capitalised word opening a sentence ('Gunfire') is a person only if named before."""
    if len(ent) > 1 or ent.start != ent.sent.start:
        return True
    return _person_match(ctx, ent.text) is not None


def _appositive_names(ctx: ArticleContext) -> None:
    """'a shopkeeper, Kamran, who …': a capitalised name set off after a person noun."""
    doc = ctx.doc
    for tok in doc[2:-1]:
        if tok.pos_ != "PROPN" or not titled(tok) or doc[tok.i - 1].text != ",":
            continue  # cheapest tests first: this loop visits every token of the article
        before = doc[tok.i - 2]
        if tok.i in ctx.token_entity or before.pos_ != "NOUN" or noun_class(before.lemma_) is None:
            continue
        end = tok.i + 1
        while end < len(doc) and doc[end].pos_ == "PROPN" and titled(doc[end]):
            end += 1
        if (
            end < len(doc)
            and doc[end].text == ","
            and not any(i in ctx.token_entity for i in range(tok.i, end))
        ):
            _add_mention(ctx, Span(doc, tok.i, end, label="PERSON"))


def _aged_names(ctx: ArticleContext) -> None:
    """'Alton Sterling, 37, was shot', 'killed 24-year-old Jamar Clark': a name the model
    missed, told with an age the way news tells a person's (two or three capitalised
    words, none an entity already)."""
    doc = ctx.doc
    for tok in doc:
        if tok.pos_ != "PROPN" or not titled(tok) or tok.i in ctx.token_entity:
            continue
        if tok.i > 0 and doc[tok.i - 1].pos_ == "PROPN" and titled(doc[tok.i - 1]):
            continue  # not the name's first word
        end = tok.i + 1
        while end < len(doc) and doc[end].pos_ == "PROPN" and titled(doc[end]):
            end += 1
        if not 2 <= end - tok.i <= 3 or any(i in ctx.token_entity for i in range(tok.i, end)):
            continue
        after = doc[end : end + 3]
        aged_after = (
            len(after) == 3 and after[0].text == "," and after[1].like_num
            and after[1].text.isdigit() and 1 <= int(after[1].text) <= 110
            and after[2].text == ","
        )  # fmt: skip
        before = doc[tok.i - 1].lower_ if tok.i > 0 else ""
        aged_before = re.fullmatch(r"\d{1,3}-year-old", before) is not None
        if aged_after or aged_before:
            _add_mention(ctx, Span(doc, tok.i, end, label="PERSON"))


def _repeated_names(ctx: ArticleContext) -> None:
    """Later mentions NER missed: a known person's surname or single name standing alone."""
    names: dict[str, EntityDraft] = {}
    for d in ctx.entities.values():
        if d.type == "Person":
            for text in d.texts:
                last = text.split()[-1]
                if len(last) > 2 and last[0].isupper():
                    names.setdefault(last, d)
    for tok in ctx.doc:
        draft = names.get(tok.text)
        if draft and tok.i not in ctx.token_entity and _name_like(tok):
            draft.spans.append(ctx.doc[tok.i : tok.i + 1])
            ctx.token_entity[tok.i] = draft.key


def _surnames_to_first_named(ctx: ArticleContext) -> None:
    """'Philando Castile, 32, was shot …', later 'Castile's mother, Valerie Castile': a
    surname alone names the first person named in full with it before that mention (news
    names a relative who shares it in full), whichever pass found the full names. The
    model may miss the first full name and tag the bare surnames, which then join the
    only full name it found, told later."""
    full: dict[str, list[tuple[int, EntityDraft]]] = {}
    for d in ctx.entities.values():
        if d.type == "Person":
            for span in d.spans:
                if len(span) > 1:
                    full.setdefault(span[-1].text, []).append((span.start, d))
    for d in list(ctx.entities.values()):
        if d.type != "Person":
            continue
        for span in [s for s in d.spans if len(s) == 1]:
            named = sorted(full.get(span.text, []), key=lambda pair: pair[0])
            first = next((o for start, o in named if start < span.start), None)
            if first is None or first is d:
                continue
            d.spans.remove(span)
            first.spans.append(span)
            ctx.token_entity[span.start] = first.key


def _name_like(tok: Token) -> bool:
    """A proper noun, or a capitalised word inside a sentence the tagger read as a common
    noun ('the suspect opened fire and hit Goodding')."""
    return tok.pos_ == "PROPN" or (
        tok.pos_ == "NOUN" and not tok.is_sent_start and titled(tok) and tok.text[1:].islower()
    )


def _place_parents(ctx: ArticleContext) -> None:
    for draft in ctx.entities.values():
        if draft.type == "Place" and draft.gazetteer_id:
            entry = ctx.gaz.get(draft.gazetteer_id)
            if entry and entry.parent:
                draft.parent = f"gaz:{entry.parent}"


# --- titles and posts ---------------------------------------------------------------


def _titles_before(ctx: ArticleContext, person: Span) -> list[tuple[Span, EntityDraft | None]]:
    """Title spans chained directly before a name, each with an ORG just before it."""
    titles = {t.end: t for t in ctx.doc.spans.get(TITLE_KEY, [])}
    out: list[tuple[Span, EntityDraft | None]] = []
    i = person.start
    while True:
        j = i
        while j > 0 and ctx.doc[j - 1].text in {".", ")", ","} | set():
            if ctx.doc[j - 1].text == ")":
                k = j - 1
                while k > 0 and ctx.doc[k].text != "(":
                    k -= 1
                j = k
            else:
                j -= 1
        title = titles.get(j) or titles.get(i)
        if title is None:
            return out
        org = None
        if title.start > 0:
            prev = ctx.entity_at(ctx.doc[title.start - 1])
            org = prev if prev and prev.type == "Organization" else None
        out.append((title, org))
        i = title.start


def _appositive_post(ctx: ArticleContext, person: Span) -> tuple[str, EntityDraft | None] | None:
    """'X, a senior leader of the Y' / 'X, police chief for Sindh'."""
    doc = ctx.doc
    i = person.end
    if i >= len(doc) or doc[i].text != ",":
        return None
    j = i + 1
    while j < len(doc) and doc[j].pos_ in {"DET", "ADJ"} and doc[j].lower_ not in {"who", "which"}:
        j += 1
    start = j
    while j < len(doc) and doc[j].pos_ in {"NOUN", "PROPN"} and doc[j].i not in ctx.token_entity:
        j += 1
    if j == start or j >= len(doc) or doc[j].lower_ not in {"of", "for", "at", "in", "with"}:
        return None
    role = doc[start:j].text
    k = j + 1
    while k < len(doc) and doc[k].lower_ in {"the", "a", "an"}:
        k += 1
    org = ctx.entity_at(doc[k]) if k < len(doc) else None
    if org is None or org.type == "Person":
        return None
    return role, org if org.type == "Organization" else None


def _posting_org(ctx: ArticleContext, person: Span) -> EntityDraft | None:
    """'X was posted in … the CTD' — an organisation in the subtree of a posting verb."""
    verb = person.root.head
    if verb.lemma_ not in {"post", "serve", "work", "deploy", "station", "appoint"}:
        return None
    for tok in verb.subtree:
        ent = ctx.entity_at(tok)
        if ent and ent.type == "Organization" and tok.i >= person.end:
            return ent
    return None


def collect_posts(ctx: ArticleContext) -> list[Post]:
    """Titles and memberships of people (ORG TITLE NAME, TITLE NAME, NAME, a TITLE of ORG)."""
    posts: list[Post] = []
    for draft in [d for d in ctx.entities.values() if d.type == "Person"]:
        for span in draft.spans:
            ev = ctx.evidence(span)
            posting = _posting_org(ctx, span)
            for title, org in _titles_before(ctx, span):
                entry = ctx.gaz.title(title.text)
                label = entry.title if entry else title.text
                cls = entry.title_class if entry else None
                if cls == "civilian":
                    continue
                org = org or posting or _sentence_group(ctx, span, cls)
                draft.titles.append(label)
                if cls:
                    draft.title_classes.add(cls)
                posts.append(Post(draft.key, label, org.key if org else None, ev, cls))
            appos = _appositive_post(ctx, span)
            if appos:
                role, org = appos
                entry = ctx.gaz.title(role)
                draft.descriptors.add(role.split()[-1].lower())
                if entry:
                    draft.title_classes.add(entry.title_class)
                posts.append(
                    Post(
                        draft.key,
                        role,
                        org.key if org else None,
                        ev,
                        entry.title_class if entry else None,
                    )
                )
            draft.descriptors |= _appositive_nouns(ctx, span)
    return _dedupe(posts)


def _sentence_group(ctx: ArticleContext, span: Span, cls: str | None) -> EntityDraft | None:
    """A militant title with no organisation belongs to the one armed group in the sentence."""
    if cls != "militant" and cls is not None:
        return None
    groups = [e for e in ctx.entities_in(span.sent, "Organization") if e.kind == "armed_group"]
    return groups[0] if len(groups) == 1 else None


def _appositive_nouns(ctx: ArticleContext, span: Span) -> set[str]:
    """Descriptors around a name: 'A 40-year-old shopkeeper, Kamran' → {'passerby'}."""
    out: set[str] = set()
    root = span.root
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":
        out.add(root.head.lemma_.lower())
    for child in root.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN":
            out.add(child.lemma_.lower())
    prep = root.head
    if root.dep_ == "pobj" and prep.lower_ == "as" and prep.head.lemma_.lower() in _NAMING_VERBS:
        # 'police identified the slain officer as Allen Jacobs': what he was named as
        out |= {
            c.lemma_.lower() for c in prep.head.children if c.dep_ == "dobj" and c.pos_ == "NOUN"
        }
    return out


_NAMING_VERBS = frozenset({"identify", "name"})


def _dedupe(posts: list[Post]) -> list[Post]:
    seen: dict[tuple[str, str, str | None], Post] = {}
    for p in posts:
        key = (p.person, normalise(p.title), p.organization)
        if key not in seen:
            seen[key] = p
    # a title with an organisation makes the same title without one redundant
    with_org = {(p.person, normalise(p.title)) for p in seen.values() if p.organization}
    return [
        p for p in seen.values()
        if p.organization or (p.person, normalise(p.title)) not in with_org
    ]  # fmt: skip


def place_from_gazetteer(ctx: ArticleContext, span: Span) -> EntityDraft | None:
    """The place named inside a longer name ('Karachi' in 'Karachi Police Office')."""
    entry = ctx.gaz.get(span.id_)
    if entry is None or entry.type != "Place" or span.text in ctx.gaz.demonyms:
        return None
    for draft in ctx.entities.values():
        if draft.gazetteer_id == entry.id:
            return draft
    key = f"e{len(ctx.entities) + 1}"
    draft = EntityDraft(key, "Place", entry.label, [span], entry.id, entry.kind)
    draft.parent = f"gaz:{entry.parent}" if entry.parent else None
    ctx.entities[key] = draft
    return draft
