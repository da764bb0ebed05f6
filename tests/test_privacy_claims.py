"""Every statement in docs/privacy.md is backed by a named test (docs/privacy-evidence.md)."""

from __future__ import annotations

import re
from pathlib import Path

from testing.nodes import NODE_ID, defined

ROOT = Path(__file__).resolve().parent.parent
PRIVACY = ROOT / "docs" / "privacy.md"
EVIDENCE = ROOT / "docs" / "privacy-evidence.md"
ADVICE = "Advice to people"


def statements() -> list[str]:
    """The bold words that open each statement ("While you use it", ...)."""
    text = PRIVACY.read_text(encoding="utf-8")
    found = re.findall(r"^(?:- )?\*\*(.+?)(?::)?\*\*", text, re.M)
    return [s.rstrip(":") for s in found] + ["If something goes wrong"]


def evidence() -> dict[str, str]:
    parts = re.split(r"(?m)^## (.+)$", EVIDENCE.read_text(encoding="utf-8"))
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts), 2)}


def test_every_statement_names_tests_or_is_advice() -> None:
    backed = evidence()
    for statement in statements():
        assert statement in backed, f"privacy-evidence.md has no section {statement!r}"
        body = backed[statement]
        assert NODE_ID.findall(body) or ADVICE in body, f"{statement!r} names no test"
    assert set(backed) == set(statements()), "a section for a statement privacy.md dropped"


def test_every_named_test_exists() -> None:
    missing = [
        node for body in evidence().values() for node in NODE_ID.findall(body)
        if not (ROOT / node.split("::")[0]).is_file()
        or node.split("::", 1)[1] not in defined(node.split("::")[0])
    ]
    assert missing == []
