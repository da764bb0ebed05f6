"""The pathways this app offers: read once per process, shared read-only by every session."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from decision_aid.load import read
from decision_aid.model import Pathway

PATHWAYS_ENV = "DECISION_AID_PATHWAYS"
"""Environment variable naming another pathways folder (the tests point it at fixtures)."""

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "pathways"


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


@st.cache_resource(show_spinner=False)
def _load(directory: str) -> Catalog:
    # Content only, never patient data: safe to share between sessions. Treat as read-only.
    pathways: dict[str, Pathway] = {}
    problems: list[Problem] = []
    for path in sorted(Path(directory).glob("*.yaml")):
        try:
            pathway = read(path)
        except Exception as e:  # noqa: BLE001 - one broken file must never take down the others
            problems.append(Problem(path.name, _describe(e)))
            continue
        if pathway.id in pathways:
            problems.append(Problem(path.name, f"Another file already uses the id {pathway.id!r}."))
            continue
        pathways[pathway.id] = pathway
    return Catalog(pathways, tuple(problems))


def _describe(error: Exception) -> str:
    # PathwayError has a readable str(); anything else gets its type so the team can find it.
    text = str(error).strip()
    if type(error).__name__ == "PathwayError":
        return text
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def catalog() -> Catalog:
    """The catalog for the configured pathways folder (cached per folder)."""
    return _load(str(pathways_dir()))


def pathway(pathway_id: str) -> Pathway:
    """One loaded pathway by id (KeyError if unknown)."""
    return catalog().pathways[pathway_id]
