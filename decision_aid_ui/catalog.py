"""The pathways this app offers: read once per process, shared read-only by every session.

The catalogue is cached in this process, not in Streamlit's ``st.cache_resource``: any client
can send Streamlit a "clear cache" message, which would make the server read and check every
pathway again for everyone. Instead the cache is keyed by the folder's listing (file names,
sizes and change times) and the date, so a file that is added, changed, broken or deleted while
the app runs is seen on the next page, and a pathway too long past its review is withdrawn on
the day its time runs out. Problems are worded for patients and never show a server path.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from dataclasses import dataclass
from pathlib import Path

from decision_aid.load import read
from decision_aid.model import Pathway

PATHWAYS_ENV = "DECISION_AID_PATHWAYS"
"""Environment variable naming another pathways folder (the tests point it at fixtures)."""

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "pathways"
WITHDRAW_AFTER_YEARS = 2
"""Every pathway's update policy: "If a guide is more than 2 years past its check date, we
take it down"."""

Listing = tuple[tuple[str, int, int], ...]


@dataclass(frozen=True)
class Problem:
    """A pathway file that could not be loaded, in words for people."""

    file: str
    message: str


@dataclass(frozen=True)
class Catalog:
    """Loaded pathways by id (in file-name order) and the files that failed to load."""

    pathways: dict[str, Pathway]
    problems: tuple[Problem, ...]


def pathways_dir() -> Path:
    """The folder to read pathways from: $DECISION_AID_PATHWAYS or ./pathways."""
    return Path(os.environ.get(PATHWAYS_ENV) or DEFAULT_DIR)


def listing(directory: Path) -> Listing:
    """Names, sizes and change times of the folder's YAML files: the key of every content
    cache (a few stat calls per page: cheap, and how a changed or deleted file is noticed)."""
    found = []
    for path in sorted(directory.glob("*.yaml")):
        try:
            info = path.stat()
        except OSError:
            info = None
        found.append((path.name, info.st_size if info else -1, info.st_mtime_ns if info else -1))
    return tuple(found)


@functools.lru_cache(maxsize=4)
def _cached(directory: str, listing: Listing, today: dt.date) -> Catalog:
    # Content only, never patient data: safe to share between sessions. Treat as read-only.
    return _withdraw_overdue(_load(directory), today)


def _load(directory: str) -> Catalog:
    """Read and check every pathway file in ``directory`` (no cache)."""
    pathways: dict[str, Pathway] = {}
    problems: list[Problem] = []
    for path in sorted(Path(directory).glob("*.yaml")):
        try:
            pathway = read(path)
        except Exception as e:  # noqa: BLE001 - one broken file must never take down the others
            problems.append(Problem(path.name, _describe(e, path)))
            continue
        if pathway.id in pathways:
            problems.append(Problem(path.name, f"Another file already uses the id {pathway.id!r}."))
            continue
        pathways[pathway.id] = pathway
    return Catalog(pathways, tuple(problems))


def _describe(error: Exception, path: Path) -> str:
    # PathwayError has a readable str(); anything else gets its type so the team can find it.
    # Either may name the file by its full path on the server: people see only its name.
    text = str(error).strip().replace(str(path.resolve()), path.name).replace(str(path), path.name)
    text = text.replace(str(path.parent.resolve()) + os.sep, "").replace(str(path.parent), "")
    if type(error).__name__ == "PathwayError":
        return text
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def withdrawn_on(pathway: Pathway) -> dt.date:
    """The first day a pathway is no longer offered: 2 years after its review date."""
    due = pathway.next_review
    try:
        return due.replace(year=due.year + WITHDRAW_AFTER_YEARS) + dt.timedelta(days=1)
    except ValueError:  # 29 February
        return due.replace(year=due.year + WITHDRAW_AFTER_YEARS, day=28) + dt.timedelta(days=1)


def _withdraw_overdue(cat: Catalog, today: dt.date) -> Catalog:
    kept = {i: p for i, p in cat.pathways.items() if today < withdrawn_on(p)}
    gone = [
        Problem("", f"“{p.title}” has been taken down for now: it is more than "
                    f"{WITHDRAW_AFTER_YEARS} years past its check date, and we take a guide down "
                    "then, as its update policy says.")
        for i, p in cat.pathways.items() if i not in kept
    ]
    return Catalog(kept, (*cat.problems, *gone)) if gone else cat


def catalog(today: dt.date | None = None) -> Catalog:
    """The catalog for the configured pathways folder (cached per folder listing and day)."""
    directory = pathways_dir()
    return _cached(str(directory), listing(directory), today or dt.date.today())


def pathway(pathway_id: str) -> Pathway:
    """One loaded pathway by id (KeyError if unknown)."""
    return catalog().pathways[pathway_id]


def gone_notice() -> str:
    """What a person on a pathway that is no longer offered is told."""
    return ("The topic you were using is not available at the moment, so we had to bring you "
            "back here. If you saved your answers, you can open the file again when it is back.")
