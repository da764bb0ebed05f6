"""Shared fixtures (the example pathway that exercises every feature) and the hypothesis profile.

The helpers that tests and benchmarks share live in the top-level ``testing`` package.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from decision_aid.load import read
from decision_aid.model import Pathway
from decision_aid_ui.catalog import PATHWAYS_ENV
from testing.apptest import skip_component_scan

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "tests" / "fixtures" / "example.yaml"

# The one hypothesis profile: examples that load pathways or run the app are slow on a busy
# 2-core machine, and a timing is no test result (benchmarks time things). A test that needs
# more or fewer examples says so in its own @settings.
settings.register_profile(
    "decision-aid",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("decision-aid")


@pytest.fixture
def example_path() -> Path:
    """The path of the example pathway fixture."""
    return EXAMPLE


@pytest.fixture
def example_text() -> str:
    """The YAML text of the example pathway."""
    return EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def example_pathway() -> Pathway:
    """The example pathway, loaded once."""
    return read(EXAMPLE)


@pytest.fixture(autouse=True)
def _no_component_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every AppTest starts without scanning installed packages for components."""
    skip_component_scan(monkeypatch)


@pytest.fixture
def example_pathways(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The app reads a folder holding only the example pathway: fast, and its wording is stable
    (for every app test where the shipped wording is not the point)."""
    folder = tmp_path / "example-pathways"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "example.yaml")
    monkeypatch.setenv(PATHWAYS_ENV, str(folder))
    return folder


@pytest.fixture
def shipped_pathways(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app reads the shipped ``pathways/``, whatever the developer's shell says."""
    monkeypatch.delenv(PATHWAYS_ENV, raising=False)
