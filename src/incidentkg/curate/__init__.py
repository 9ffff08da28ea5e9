"""Stage 4b: analysts' corrections, applied to every build's resolution (issue 18).

Machine extraction is wrong somewhere; a fix made by hand in the graph would be lost at the
next build. Corrections therefore live in a YAML file beside the store (:mod:`.file`) and
:func:`apply_corrections` replays them on the plain records after each resolution, before
the RDF is written, so they hold across rebuilds, incremental adds and removals. Targets are
named by article id and article-local key or mention words (stable across rebuilds), resolved
ids being only the fallback (:mod:`.targets`). A correction whose target is gone is reported,
never dropped. Plain records only: no spaCy, no rdflib.
"""

from __future__ import annotations

from incidentkg.curate.apply import CurationReport, apply_corrections
from incidentkg.curate.file import (
    corrections_fingerprint,
    corrections_path,
    read_corrections,
)

__all__ = [
    "CurationReport",
    "apply_corrections",
    "corrections_fingerprint",
    "corrections_path",
    "read_corrections",
]
