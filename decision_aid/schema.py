"""The JSON Schema of pathway files, generated from the typed model (never written by hand)."""

from __future__ import annotations

import json
from typing import Any

from decision_aid.model import Pathway, SourceLibrary, WarningSigns

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def schema() -> dict[str, Any]:
    """The JSON Schema for pathway YAML, by alias (``not``), with ``$schema`` and a title.

    The shared warning-sign file's schema is ``$defs/WarningSigns`` and the sources library's
    is ``$defs/SourceLibrary`` (their modelines point there).

    Returns:
        The schema as a JSON-ready dict.
    """
    generated = Pathway.model_json_schema(by_alias=True)
    shared = WarningSigns.model_json_schema(by_alias=True)
    library = SourceLibrary.model_json_schema(by_alias=True)
    defs = {
        **generated.get("$defs", {}),
        **shared.pop("$defs", {}),
        **library.pop("$defs", {}),
        "WarningSigns": shared,
        "SourceLibrary": library,
    }
    return {"$schema": DRAFT, **generated, "$defs": defs, "title": "Decision aid pathway"}


def render() -> str:
    """The schema as the text of ``pathways/schema.json``: sorted keys, indent 2, final newline.

    Returns:
        The file text.
    """
    return json.dumps(schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
