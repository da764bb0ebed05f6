"""The JSON Schema is generated from the model, checked in, and never drifts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from decision_aid.model import schema_text

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "pathways" / "schema.json"
PATHWAYS = sorted((ROOT / "pathways").glob("*.yaml"))


def test_checked_in_schema_matches_the_model() -> None:
    assert SCHEMA.read_text(encoding="utf-8") == schema_text(), (
        "pathways/schema.json is out of date: run 'python -m decision_aid schema' and commit it"
    )


def test_schema_shape() -> None:
    doc = json.loads(schema_text())
    assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert doc["title"] == "Decision aid pathway"
    assert doc["additionalProperties"] is False
    assert "not" in doc["$defs"]["NotOf"]["properties"]  # aliases, as in the YAML


def test_render_is_sorted_with_a_final_newline() -> None:
    text = schema_text()
    assert text.endswith("}\n")
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("path", PATHWAYS, ids=[p.stem for p in PATHWAYS])
def test_pathway_files_start_with_the_schema_modeline(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=schema.json"
