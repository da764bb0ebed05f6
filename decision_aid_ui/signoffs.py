"""Who signed which version of each pathway: read once per change of the content files.

Cached in this process by the listing of the pathways folder and of its ``shared`` folder (file
names, sizes and change times), as the catalogue is: content only, never patient data.
"""

from __future__ import annotations

import functools
from pathlib import Path

from decision_aid import load
from decision_aid.model import WarningSigns
from decision_aid.rules import signoff
from decision_aid_ui import catalog


def statuses() -> dict[str, signoff.Status]:
    """The sign-off status of every pathway that loads, by pathway id."""
    directory = catalog.pathways_dir()
    listing = catalog.listing(directory) + catalog.listing(directory / "shared")
    return _cached(str(directory), listing)


def draft(pathway_id: str) -> bool:
    """Whether a pathway, or anything it includes, is awaiting sign-off (unknown: a draft)."""
    found = statuses().get(pathway_id)
    return found is None or found.draft


@functools.lru_cache(maxsize=4)
def _cached(directory: str, listing: catalog.Listing) -> dict[str, signoff.Status]:
    # The catalogue has read and checked the pathways already: only the shared screens are read.
    found: dict[str, signoff.Status] = {}
    screens: dict[str, WarningSigns | None] = {}
    for pid, pathway in catalog.catalog().pathways.items():
        include = pathway.warning_signs.include if pathway.warning_signs else None
        if include is not None and include not in screens:
            try:
                screens[include] = load.read_shared(Path(directory) / include)
            except Exception:  # noqa: BLE001 - unreadable: the pathway stays a draft
                screens[include] = None
        if include is not None and screens[include] is None:
            continue
        found[pid] = signoff.status(pathway, screens[include] if include else None)
    return found
