"""Extraction rules on sentences written for these tests (none from the seeds)."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language

from incidentkg.extract import extract
from incidentkg.ingest import articles_from_text
from incidentkg.nlp.pipeline import build_pipeline
from incidentkg.records import ArticleRecords, EventRecord


@pytest.fixture(scope="module")
def nlp() -> Language:
    return build_pipeline()


def read(
    nlp: Language, text: str, published: dt.date | None = dt.date(2025, 3, 12)
) -> ArticleRecords:
    (article,) = articles_from_text(text, "t", "t.txt", published)
    return extract(nlp(article.text), article)


def label(rec: ArticleRecords, key: str | None) -> str | None:
    return rec.entity(key).label if key else None


def only(rec: ArticleRecords, category: str) -> EventRecord:
    events = [e for e in rec.events if e.category == category]
    assert len(events) == 1, [(e.category, e.mentions) for e in rec.events]
    return events[0]


def figures(ev: EventRecord, kind: str) -> set[int]:
    return {f.value for f in ev.figures if f.kind == kind}


def roles(rec: ArticleRecords, ev: EventRecord, role: str) -> set[str]:
    return {rec.entity(r.entity).label for r in ev.roles if r.role == role}


def test_extract_claimed_bombing_with_figures_place_and_date(nlp: Language) -> None:
    """Participles 'killing'/'wounding' carry the counts; a claim names the group."""
    rec = read(
        nlp,
        "QUETTA: A suicide bomber blew himself up at a crowded market in Quetta on Monday, killing "
        "12 people and wounding 30 others, police said.\n"
        "The Balochistan Liberation Army claimed responsibility for the attack.",
    )
    ev = only(rec, "attack")
    assert figures(ev, "killed") == {12}
    assert figures(ev, "injured") == {30}
    assert label(rec, ev.place) == "Quetta"
    assert ev.date is not None and ev.date.start == dt.date(2025, 3, 10)
    assert ev.perpetrator_status == "claimed"
    assert roles(rec, ev, "perpetrator") == {"Balochistan Liberation Army"}


def test_extract_no_claim_means_no_perpetrator(nlp: Language) -> None:
    """'No group has claimed responsibility' sets status none and names nobody, even when a
    group is mentioned in the same article."""
    rec = read(
        nlp,
        "Two soldiers were killed when a roadside bomb hit their vehicle in Bannu on Tuesday.\n"
        "No group has claimed responsibility for the blast.\n"
        "The army has fought the Tehreek-e-Taliban Pakistan in the area for years.",
    )
    ev = only(rec, "attack")
    assert ev.perpetrator_status == "none"
    assert roles(rec, ev, "perpetrator") == set()
    assert figures(ev, "killed") == {2}


def test_extract_generic_plural_attacks_are_not_events(nlp: Language) -> None:
    """Background about 'attacks' in general must not create events."""
    rec = read(
        nlp, "Militant groups have carried out attacks on police posts in the region for years."
    )
    assert rec.events == ()


def test_extract_breakdown_is_not_added_to_total(nlp: Language) -> None:
    """'Six people, including two children' is six, not eight."""
    rec = read(
        nlp,
        "Six people, including two children, were killed when gunmen opened fire on a bus in "
        "Kurram.",
    )
    ev = only(rec, "attack")
    assert figures(ev, "killed") == {6}


def test_extract_attackers_killed_are_not_victims(nlp: Language) -> None:
    """Dead attackers are counted apart from their victims."""
    rec = read(
        nlp,
        "Militants stormed a checkpoint in Tank district on Sunday. Four policemen were killed and "
        "three attackers were killed in the ensuing gunfight.",
    )
    ev = only(rec, "attack")
    assert figures(ev, "killed") == {4}
    assert figures(ev, "perpetrators_killed") == {3}


def test_extract_operation_conducted_by_named_agency(nlp: Language) -> None:
    """A security operation names who conducted it and how many militants died."""
    rec = read(
        nlp,
        "The Frontier Corps killed five militants during an intelligence-based operation in "
        "North Waziristan on Tuesday.",
    )
    ev = only(rec, "security_operation")
    assert roles(rec, ev, "conducted_by") == {"Frontier Corps"}
    assert figures(ev, "perpetrators_killed") == {5}
    assert ev.date is not None and ev.date.start == dt.date(2025, 3, 11)


def test_extract_earlier_event_is_separate(nlp: Language) -> None:
    """'weeks after a blast in X' is another, earlier event with its own figures."""
    rec = read(
        nlp,
        "Gunmen attacked a police station in Lahore on Monday, killing three officers, just weeks "
        "after a bomb blast at a shrine in Multan killed 20 worshippers.",
    )
    attacks = [e for e in rec.events if e.category == "attack"]
    assert len(attacks) == 2
    by_place = {label(rec, e.place): e for e in attacks}
    assert figures(by_place["Lahore"], "killed") == {3}
    assert figures(by_place["Multan"], "killed") == {20}


def test_extract_mastermind_and_affiliation(nlp: Language) -> None:
    """'X was the mastermind of the bombing'; 'the slain militant was affiliated with Y'."""
    rec = read(
        nlp,
        "A bombing at a bus terminal in Peshawar killed nine people last month.\n"
        "Police said on Wednesday that Hamid Gul Khan was killed in a raid in Peshawar by the "
        "Counter Terrorism Department.\n"
        "Hamid Gul Khan was the mastermind of the bombing, police said.\n"
        "The slain militant was affiliated with Lashkar-e-Jhangvi.",
    )
    attack = only(rec, "attack")
    assert roles(rec, attack, "mastermind") == {"Hamid Gul Khan"}
    op = only(rec, "security_operation")
    assert "Hamid Gul Khan" in {label(rec, k) for k in op.killed_persons}
    assert {(label(rec, a.person), label(rec, a.organization)) for a in rec.affiliations} == {
        ("Hamid Gul Khan", "Lashkar-e-Jhangvi")
    }


def test_extract_titles_memberships_and_surname_coreference(nlp: Language) -> None:
    """'ORG TITLE NAME' gives a post in the organisation; a later surname is the same person."""
    rec = read(
        nlp,
        "Punjab Police DIG Kamran Akhtar said the suspects had fled. Akhtar added that a search "
        "was under way.",
    )
    people = [e for e in rec.entities if e.type == "Person"]
    assert [p.label for p in people] == ["Kamran Akhtar"]
    assert len(people[0].mentions) == 2
    (post,) = rec.posts
    assert post.title == "Deputy Inspector General of Police"
    assert label(rec, post.organization) == "Punjab Police"


def test_extract_meeting_is_other_category(nlp: Language) -> None:
    """A meeting is an event of category other, never an attack."""
    rec = read(
        nlp,
        "Pakistan's interior minister held a meeting with the Afghan ambassador in Islamabad on "
        "Monday to discuss border security and recent attacks.",
    )
    ev = only(rec, "other")
    assert ev.event_type == "Meeting"
    assert not [e for e in rec.events if e.category == "attack"]


def test_extract_every_record_points_into_the_text(nlp: Language) -> None:
    """Every mention, figure and role evidence is a real span of the article text."""
    text = (
        "KABUL: A car bomb exploded outside a ministry in Kabul on Sunday, killing at least 17 "
        "people, officials said. The Islamic State claimed responsibility."
    )
    rec = read(nlp, text)
    body = rec.article.text
    spans = [m for e in rec.entities for m in e.mentions]
    spans += [m for ev in rec.events for m in ev.mentions]
    spans += [f.evidence for ev in rec.events for f in ev.figures]
    spans += [r.evidence for ev in rec.events for r in ev.roles]
    assert spans
    for ev in spans:
        assert body[ev.start : ev.end] == ev.text
        assert ev.sent_start <= ev.start <= ev.end <= ev.sent_end


def _country(rec: ArticleRecords, key: str | None) -> str | None:
    """Walk an event place's parents (article-local or gazetteer) up to a country."""
    from incidentkg.kb.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    while key:
        ent = rec.entity(key)
        if ent.kind == "country":
            return ent.label
        if ent.gazetteer_id:
            chain = [e for e in gaz.ancestors(ent.gazetteer_id) if e.kind == "country"]
            return chain[0].label if chain else None
        key = ent.parent[4:] if ent.parent and ent.parent.startswith("gaz:") else ent.parent
        if key and key in gaz.entries:
            chain = [e for e in gaz.ancestors(key) if e.kind == "country"]
            return chain[0].label if chain else None
    return None


def test_extract_attribution_to_group_and_leading_date(nlp: Language) -> None:
    """GTD style: 'MM/DD/YYYY:' dates the event; 'sources attributed the attack to X'."""
    rec = read(
        nlp,
        "05/14/2017: Assailants opened fire on a checkpoint in Chora district, Uruzgan, "
        "Afghanistan. Three soldiers were killed in the attack. No group claimed responsibility "
        "for the incident; however, sources attributed the attack to the Taliban.",
        published=None,
    )
    ev = only(rec, "attack")
    assert ev.date is not None and ev.date.start == dt.date(2017, 5, 14)
    assert roles(rec, ev, "perpetrator") == {"Taliban"}
    assert ev.perpetrator_status == "attributed"
    assert figures(ev, "killed") == {3}
    assert _country(rec, ev.place) == "Afghanistan"


def test_extract_blamed_on_and_passive_claim(nlp: Language) -> None:
    """'was blamed on X' and 'was claimed by X' name the group too."""
    blamed = read(nlp, "A grenade attack on a bus in Jolo killed two people. The attack was "
                       "blamed on the Abu Sayyaf.")  # fmt: skip
    assert roles(blamed, only(blamed, "attack"), "perpetrator") == {"Abu Sayyaf"}
    claimed = read(nlp, "A car bomb exploded outside a hotel in Mogadishu. It was claimed by "
                        "al-Shabaab.")  # fmt: skip
    ev = only(claimed, "attack")
    assert ev.perpetrator_status == "claimed"
    assert len(roles(claimed, ev, "perpetrator")) == 1


def test_extract_to_death_and_became_injured(nlp: Language) -> None:
    """'stabbed to death' kills; 'became injured' injures."""
    rec = read(nlp, "An attacker stabbed two shopkeepers to death at a market in Lyon. Three "
                    "other people became injured.")  # fmt: skip
    ev = only(rec, "attack")
    assert figures(ev, "killed") == {2}
    assert figures(ev, "injured") == {3}


def test_extract_namesake_town_follows_the_comma_list(nlp: Language) -> None:
    """'Cairo, Illinois, United States' is not Egypt's capital."""
    rec = read(nlp, "Unknown assailants fired shots at a police station in Cairo, Illinois, "
                    "United States.", published=None)  # fmt: skip
    ev = only(rec, "attack")
    assert _country(rec, ev.place) == "United States"


def test_extract_demonym_gives_the_country(nlp: Language) -> None:
    """'in the Somali capital' names no place, but the demonym gives the country."""
    rec = read(nlp, "A suicide car bomb exploded outside a school in the Somali capital, killing "
                    "five students.", published=None)  # fmt: skip
    ev = only(rec, "attack")
    assert _country(rec, ev.place) == "Somalia"


def test_extract_counted_plural_is_one_incident(nlp: Language) -> None:
    """'2 suicide bombings killed 29' is one reported incident, unlike generic 'attacks'."""
    rec = read(nlp, "At least 29 people were killed and 50 others injured in 2 suicide bombings "
                    "in Kabul.")  # fmt: skip
    ev = only(rec, "attack")
    assert figures(ev, "killed") == {29}
    assert figures(ev, "injured") == {50}


def test_extract_attackers_and_victims_in_one_phrase_are_split(nlp: Language) -> None:
    """'nine assailants and two policemen were killed': 2 victims, 9 attackers; the four
    wounded assailants are the injured figure (the wounded are counted whole) and the
    attackers' figure."""
    rec = read(nlp, "Militants attacked a checkpoint in Ghazni. Nine assailants and two policemen "
                    "were killed and four assailants were injured in the clash.")  # fmt: skip
    ev = only(rec, "attack")
    assert figures(ev, "killed") == {2}
    assert figures(ev, "perpetrators_killed") == {9}
    assert figures(ev, "perpetrators_injured") == {4}
    assert figures(ev, "injured") == {4}


def test_extract_toll_before_the_event_is_named(nlp: Language) -> None:
    """A lede that gives the toll first ('At least 30 people died …') still counts."""
    rec = read(nlp, "At least 30 people died and 61 were injured in Ankara on Sunday. The attack "
                    "targeted army buses near a central square.")  # fmt: skip
    ev = only(rec, "attack")
    assert figures(ev, "killed") == {30}
    assert figures(ev, "injured") == {61}


def test_extract_leaving_dead(nlp: Language) -> None:
    """'leaving at least 12 soldiers dead' is a death toll."""
    rec = read(nlp, "Gunmen attacked an army outpost near the border, leaving at least 12 soldiers "
                    "dead.")  # fmt: skip
    assert figures(only(rec, "attack"), "killed") == {12}


def test_extract_stated_zero_and_attacker_in_addition(nlp: Language) -> None:
    """'No casualties were reported' is a figure of 0; 'in addition to the assailant' counts
    the dead attacker apart from the victims."""
    zero = read(nlp, "Assailants fired rockets at a base in Khost. No casualties were reported.")
    ev = only(zero, "attack")
    assert figures(ev, "killed") == {0} and figures(ev, "injured") == {0}
    both = read(nlp, "A suicide bomber detonated explosives at a rally in Gardez. In addition to "
                     "the assailant, four civilians were killed.")  # fmt: skip
    ev = only(both, "attack")
    assert figures(ev, "killed") == {4}
    assert figures(ev, "perpetrators_killed") == {1}


def test_extract_attacked_gathering_is_not_a_separate_event(nlp: Language) -> None:
    """'a bomber targeting a rally': the rally is the target, not a second (protest) event."""
    rec = read(nlp, "A suicide bomber targeting an election rally in Jalalabad killed six people.")
    assert [e.category for e in rec.events] == ["attack"]


def test_extract_leading_date_beats_later_dates(nlp: Language) -> None:
    """A date heading the article dates its main event; a release date later does not."""
    rec = read(nlp, "04/02/2016: Assailants abducted three engineers in Zaranj, Nimruz, "
                    "Afghanistan. The hostages were released on April 20, 2016.",
               published=None)  # fmt: skip
    ev = only(rec, "attack")
    assert ev.date is not None and ev.date.start == dt.date(2016, 4, 2)


def test_extract_unknown_place_is_not_its_namesake(nlp: Language) -> None:
    """'Bala Buluk district, Farah' must not become a town abroad named 'Bala'."""
    rec = read(nlp, "Assailants attacked police checkposts in Bala Buluk district, Farah, "
                    "Afghanistan. Two police officers were killed.", published=None)  # fmt: skip
    assert _country(rec, only(rec, "attack").place) == "Afghanistan"


def test_extract_passive_bomb_thrown(nlp: Language) -> None:
    """'a bomb was thrown at a police car' is a bombing."""
    rec = read(nlp, "A bomb was thrown at a police car in Quetta on Monday.")
    assert only(rec, "attack").event_type == "Bombing"


def test_extract_unnamed_collective_and_plural_attribution(nlp: Language) -> None:
    """'attributed the attacks to separatists' names a (collective) perpetrator for this
    article's events; 'suspected that X were involved' is a suspicion."""
    rec = read(
        nlp,
        "Gunmen attacked two schools in Kumba. No group claimed responsibility for the "
        "incidents; however, sources attributed the attacks to separatists.",
    )
    ev = only(rec, "attack")
    assert roles(rec, ev, "perpetrator") == {"Separatists"}
    assert ev.perpetrator_status == "attributed"
    sus = read(nlp, "Assailants abducted a teacher in Garissa. Sources suspected that Somali "
                    "Islamists were involved in the kidnapping.")  # fmt: skip
    ev = only(sus, "attack")
    assert ev.perpetrator_status == "suspected"
    assert len(roles(sus, ev, "perpetrator")) == 1


def test_extract_vague_attackers_are_not_a_group(nlp: Language) -> None:
    """'unknown gunmen' is nobody in particular: no perpetrator entity."""
    rec = read(nlp, "Unknown gunmen claimed responsibility for the attack on a bank in Mardan.")
    assert roles(rec, only(rec, "attack"), "perpetrator") == set()


def test_extract_bracketed_acronym_belongs_to_the_name_before(nlp: Language) -> None:
    """'The Ambazonia Defense Forces (ADF) claimed…' is not the Allied Democratic Forces."""
    rec = read(nlp, "A bomb exploded in Bamenda. The Ambazonia Defense Forces (ADF) claimed "
                    "responsibility for the blast.")  # fmt: skip
    assert roles(rec, only(rec, "attack"), "perpetrator") == {"Ambazonia Defence Forces"}


def test_extract_denial_is_not_a_perpetrator(nlp: Language) -> None:
    """'X denied any involvement' records a denial, never a perpetrator."""
    rec = read(nlp, "A bomb exploded at a market in Peshawar, killing six people. The "
                    "Tehreek-e-Taliban Pakistan denied any involvement in the attack.")  # fmt: skip
    ev = only(rec, "attack")
    assert roles(rec, ev, "perpetrator") == set()
    assert {rec.entity(d.entity).label for d in ev.denials} == {"Tehreek-e-Taliban Pakistan"}


def test_extract_group_named_in_modifiers_and_passives(nlp: Language) -> None:
    """'an al-Shabaab car bombing', 'X is suspected', 'a shooting carried out by a X militant'."""
    modifier = read(nlp, "An al-Shabaab car bombing killed twelve people in Baidoa.")
    assert roles(modifier, only(modifier, "attack"), "perpetrator") == {"al-Shabaab"}
    passive = read(nlp, "Gunmen attacked a village near Maiduguri. No group claimed "
                        "responsibility, but Boko Haram is suspected.")  # fmt: skip
    ev = only(passive, "attack")
    assert roles(passive, ev, "perpetrator") == {"Boko Haram"}
    assert ev.perpetrator_status == "suspected"
    acl = read(nlp, "Three people died in a shooting carried out by a Hamas gunman in Hebron.")
    assert roles(acl, only(acl, "attack"), "perpetrator") == {"Hamas"}


def test_extract_habitual_claims_name_nobody(nlp: Language) -> None:
    """'Such attacks are mostly claimed by X' is background, not a claim for this attack."""
    rec = read(nlp, "Gunmen attacked a police post in Kohat on Monday. The assaults are claimed "
                    "mostly by the Pakistani Taliban.")  # fmt: skip
    assert roles(rec, only(rec, "attack"), "perpetrator") == set()


def test_extract_place_in_beats_place_near(nlp: Language) -> None:
    """'near Super Highway in Orangi area of Karachi': it happened in Orangi."""
    rec = read(
        nlp,
        "Police said a militant was killed in an intelligence-based operation by the Counter "
        "Terrorism Department near Super Highway in Orangi area of Karachi.",
    )
    assert label(rec, only(rec, "security_operation").place) == "Orangi"


@pytest.mark.parametrize(
    "text",
    [
        "The senator suffered a heart attack on Monday in Boston.",
        "Hackers behind the cyber attack on the bank have not been identified.",
        "Both candidates previewed their lines of attack in Sunday interviews.",
        "Launching a rocket to Mars is hard, the company said.",
        "If the company does meet that goal, shares will rise.",
        "The safe operation of the vehicle is the driver's duty.",
        "A car struck and killed a cyclist in Leeds on Friday.",
    ],
)
def test_extract_everyday_words_are_not_events(nlp: Language, text: str) -> None:
    """General news uses 'attack', 'operation', 'meet' and 'launch' for things that are not
    political violence or meetings of parties; none of these may become an event."""
    assert read(nlp, text).events == ()


def test_extract_real_meeting_and_operation_still_found(nlp: Language) -> None:
    """The same words with the right company still make events."""
    met = read(nlp, "The Afghan foreign minister met his Pakistani counterpart in Kabul on Monday.")
    assert only(met, "other").event_type == "Meeting"
    op = read(nlp, "Troops killed four insurgents in a search operation in Kunar on Sunday.")
    assert only(op, "security_operation").category == "security_operation"


def test_extract_computer_intrusions_are_not_armed_attacks(nlp: Language) -> None:
    """'The hackers behind the attack on the studio' is a cyber intrusion, out of scope."""
    rec = read(nlp, "Investigators said the hackers behind the attack on the studio destroyed data "
                    "on thousands of computers.")  # fmt: skip
    assert rec.events == ()


def test_extract_hurled_grenade_needs_no_known_attacker(nlp: Language) -> None:
    """'Unidentified men hurled a grenade at a shop' is an attack whoever the men are."""
    rec = read(nlp, "Unidentified men hurled a grenade at a shop in Quetta, injuring six people.")
    assert figures(only(rec, "attack"), "injured") == {6}


def test_extract_conflict_tolls_are_not_event_figures(nlp: Language) -> None:
    """'The war has killed more than 250,000 people' is background, not this bombing's toll."""
    rec = read(nlp, "A car bomb killed 12 people in Homs on Monday. The war has killed more than "
                    "250,000 people since 2011.")  # fmt: skip
    ev = only(rec, "attack")
    assert figures(ev, "killed") == {12}


def test_extract_claims_without_any_event_make_no_groups(nlp: Language) -> None:
    """Events start at triggers: in an article with none, blame or claim phrases must not
    invent perpetrator groups ('Minecraft players' used to become an armed group here)."""
    rec = read(
        nlp,
        "Teachers blamed Minecraft players for the noise in the library. "
        "The league accused Yankees fans of cheating.",
    )
    assert rec.events == ()
    assert not [e for e in rec.entities if e.kind == "armed_group"], rec.entities


def test_extract_context_text_is_the_article_text_only_when_the_doc_holds_it() -> None:
    """``ArticleContext`` reuses the article's string instead of rebuilding ``Doc.text`` (the
    contract of ``extract``: the Doc is the parse of the article's text). A Doc that plainly
    belongs to another text (other length, other first or last word) keeps its own text."""
    import spacy

    from incidentkg.extract.context import _doc_text

    nlp = spacy.blank("en")
    text = "Gunmen stormed a checkpoint near Quetta on Monday.\n\n"
    doc = nlp.make_doc(text)
    assert _doc_text(doc, text) is text
    others = (
        "Gunmen stormed a checkpoint near Quetta on Monday.\n",
        "Gunmen stormed a checkpoint near Quetta on Monday.\n\t",
        "Militants stormed a checkpoint near Quetta on Monday\n\n",
        "",
    )
    for other in others:
        assert _doc_text(doc, other) == doc.text == text
    assert _doc_text(nlp.make_doc(""), "") == ""


def test_gazetteer_drops_alternate_names_shared_by_unrelated_places() -> None:
    """GeoNames gives 'Newtown' as a former name of several US cities: a name shared by
    places none of which contains another stays only with the place it spells (a district
    keeps its own); a district and its town keep the names they share."""
    from incidentkg.kb.gazetteer import GazEntry, Gazetteer, _drop_shared_aliases

    def place(gid: str, label: str, aliases: tuple[str, ...], parent: str | None) -> GazEntry:
        return GazEntry(gid, label, "Place", "city", aliases, parent=parent, country="XX")

    gaz = Gazetteer()
    for entry in (
        place("a", "Alderton", ("Oldtown", "Alder"), None),
        place("b", "Birchfield", ("Oldtown",), None),
        place("c", "Óldtown", (), None),
        place("d", "Dera", ("Dera Town",), None),
        place("e", "Dera City", ("Dera Town",), "d"),
    ):
        gaz.entries[entry.id] = entry
    gaz.entries["c"] = GazEntry("c", "Óldtown", "Place", "city", ("Oldtown",), country="XX")
    gaz.entries["f"] = GazEntry("f", "Upper Fenn", "Place", "district", ("Fenn",), country="XX")
    gaz.entries["g"] = GazEntry("g", "Fennby", "Place", "city", ("Fenn",), country="YY")
    _drop_shared_aliases(gaz)
    assert gaz.entries["f"].aliases == ("Fenn",) and gaz.entries["g"].aliases == ()
    assert gaz.entries["a"].aliases == ("Alder",)
    assert gaz.entries["b"].aliases == ()
    assert gaz.entries["c"].aliases == ("Oldtown",)  # its own name without the accent
    assert gaz.entries["d"].aliases == ("Dera Town",) == gaz.entries["e"].aliases
