"""Load pathways in layers: read(path) -> from_text(text, source) -> validate -> model.

(Provisional minimal version; located errors and semantic checks are being added.)
"""

from __future__ import annotations

from pathlib import Path

import yaml

from decision_aid.model import Pathway

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Loader = yaml.SafeLoader


def from_text(text: str, source: str = "<text>") -> Pathway:
    """Parse and validate pathway YAML text."""
    data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
    return Pathway.model_validate(data)


def read(path: str | Path) -> Pathway:
    """Read and validate one pathway file."""
    p = Path(path)
    return from_text(p.read_text(encoding="utf-8"), str(p))
