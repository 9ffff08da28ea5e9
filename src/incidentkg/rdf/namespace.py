"""Closed namespaces: a misspelt term fails at import time, not in a query.

rdflib already ships ORG, PROV, SKOS, DCTERMS, FOAF and SDO (https://schema.org/);
SEM, NIF and WGS84 GEO (http, not rdflib's https ``WGS``) are declared here with only
the terms we use. ``IKG`` must list exactly the terms of ``ontology/incidentkg.ttl``.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ID = Namespace("https://w3id.org/incidentkg/id/")
GRAPH = Namespace("https://w3id.org/incidentkg/graph/")
IKG_SHAPES = Namespace("https://w3id.org/incidentkg/shapes#")


class IKG(DefinedNamespace):
    """incidentkg ontology terms (``ontology/incidentkg.ttl``)."""

    _fail = True
    _NS = Namespace("https://w3id.org/incidentkg/ontology#")

    # classes: events
    Event: URIRef
    # generated from data/vocabulary.yaml by `python -m incidentkg.kb.generate`: event classes
    Attack: URIRef
    SecurityOperation: URIRef
    OtherEvent: URIRef
    ArmedAssault: URIRef
    Bombing: URIRef
    SuicideAttack: URIRef
    Assassination: URIRef
    Kidnapping: URIRef
    Arson: URIRef
    Raid: URIRef
    Meeting: URIRef
    Protest: URIRef
    # end of generated event classes
    # classes: actors and places
    Person: URIRef
    Organization: URIRef
    ArmedGroup: URIRef
    SecurityAgency: URIRef
    GovernmentBody: URIRef
    PoliticalParty: URIRef
    InternationalOrganization: URIRef
    MediaOrganization: URIRef
    Place: URIRef
    # classes: reified statements and value sets
    Attribution: URIRef
    CasualtyFigure: URIRef
    DatePrecision: URIRef
    PerpetratorStatus: URIRef
    FigureKind: URIRef
    # individuals
    DayPrecision: URIRef
    WeekPrecision: URIRef
    MonthPrecision: URIRef
    YearPrecision: URIRef
    UnknownPrecision: URIRef
    Claimed: URIRef
    Suspected: URIRef
    Attributed: URIRef
    NoClaim: URIRef
    Denied: URIRef
    Killed: URIRef
    Injured: URIRef
    PerpetratorsKilled: URIRef
    PerpetratorsInjured: URIRef
    # object properties
    evidence: URIRef
    datePrecision: URIRef
    perpetrator: URIRef
    victim: URIRef
    target: URIRef
    mastermind: URIRef
    conductedBy: URIRef
    participant: URIRef
    personKilled: URIRef
    personInjured: URIRef
    perpetratorStatus: URIRef
    eventRole: URIRef
    EventRole: URIRef
    Reported: URIRef
    Background: URIRef
    killedQualifier: URIRef
    injuredQualifier: URIRef
    attribution: URIRef
    status: URIRef
    attributedTo: URIRef
    figure: URIRef
    figureKind: URIRef
    affiliatedWith: URIRef
    # datatype properties
    sourceFile: URIRef
    contentHash: URIRef
    gazetteerId: URIRef
    kind: URIRef
    countryCode: URIRef
    title: URIRef
    targetDescription: URIRef
    value: URIRef
    maxValue: URIRef
    qualifier: URIRef
    killedMin: URIRef
    killedMax: URIRef
    injuredMin: URIRef
    injuredMax: URIRef
    perpetratorsKilledMin: URIRef
    perpetratorsKilledMax: URIRef
    confidence: URIRef
    cityAsWritten: URIRef
    # analysts' corrections (issue 18)
    Correction: URIRef
    RejectEvent: URIRef
    MergeEvents: URIRef
    SplitMention: URIRef
    SetEventField: URIRef
    SameEntity: URIRef
    DifferentEntities: URIRef
    RenameEntity: URIRef
    corrects: URIRef
    replaces: URIRef
    targetMember: URIRef
    correctionId: URIRef
    applied: URIRef
    correctionNote: URIRef
    correctedField: URIRef
    machineValue: URIRef
    correctedValue: URIRef


class SEM(DefinedNamespace):
    """Simple Event Model, only the terms we use."""

    _fail = True
    _NS = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")

    Event: URIRef
    Actor: URIRef
    Place: URIRef
    hasActor: URIRef
    hasPlace: URIRef
    hasTimeStamp: URIRef
    hasEarliestBeginTimeStamp: URIRef
    hasLatestEndTimeStamp: URIRef


class NIF(DefinedNamespace):
    """NIF 2.0 core, only the terms we use for articles and spans."""

    _fail = True
    _NS = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")

    Context: URIRef
    String: URIRef
    OffsetBasedString: URIRef
    Sentence: URIRef
    isString: URIRef
    beginIndex: URIRef
    endIndex: URIRef
    anchorOf: URIRef
    referenceContext: URIRef
    sentence: URIRef


class GEO(DefinedNamespace):
    """W3C WGS84 Basic Geo (http IRI, as the mapping says)."""

    _fail = True
    _NS = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")

    lat: URIRef
    long: URIRef


PREFIXES: dict[str, str] = {
    "ikg": str(IKG._NS),
    "sem": str(SEM._NS),
    "nif": str(NIF._NS),
    "geo": str(GEO._NS),
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "ikgid": str(ID),
    "ikgsh": str(IKG_SHAPES),
}
