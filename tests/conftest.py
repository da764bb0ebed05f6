"""Shared fixtures: the example pathway that exercises every feature."""

from __future__ import annotations

from pathlib import Path

import pytest

from decision_aid.load import read
from decision_aid.model import Pathway

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "tests" / "fixtures" / "example.yaml"


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
