"""Who signed which version of each pathway: read once per change of the content files.

Cached in this process by the listing of the pathways folder and of its ``shared`` folder (file
names, sizes and change times), as the catalogue is: content only, never patient data.
"""

from __future__ import annotations

import functools
from pathlib import Path

from decision_aid import signoff
from decision_aid_ui import catalog

Listing = tuple[tuple[str, int, int], ...]


def statuses() -> dict[str, signoff.Status]:
    """The sign-off status of every pathway that loads, by pathway id."""
    directory = catalog.pathways_dir()
    return _cached(str(directory), _listing(directory) + _listing(directory / "shared"))


def draft(pathway_id: str) -> bool:
    """Whether a pathway, or anything it includes, is awaiting sign-off (unknown: a draft)."""
    found = statuses().get(pathway_id)
    return found is None or found.draft


def _listing(directory: Path) -> Listing:
    found = []
    for path in sorted(directory.glob("*.yaml")):
        try:
            info = path.stat()
        except OSError:
            continue
        found.append((str(path), info.st_size, info.st_mtime_ns))
    return tuple(found)


@functools.lru_cache(maxsize=4)
def _cached(directory: str, listing: Listing) -> dict[str, signoff.Status]:
    found: dict[str, signoff.Status] = {}
    for path in sorted(Path(directory).glob("*.yaml")):
        try:
            status = signoff.read_status(path)
        except Exception:  # noqa: BLE001 - the catalogue reports broken files; a draft here
            continue
        found[status.id] = status
    return found
