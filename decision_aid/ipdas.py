"""The IPDAS record in ``docs/ipdas.md``: read its criteria and check what they cite.

Each criterion is a table row ``| Q1 | criterion | met | where |`` under a heading that names
its tier (qualifying, certification or quality). The "where" cell cites places in backticks:
``pathways/x.yaml: options[scs].figures`` (a key path, list items by id or index),
``decision_aid/lint.py::lint_balance`` (a function or class) or a plain file path. A key path
may start with ``questions[id]``: the question with that id on whichever step asks it, so a
citation survives moving a question to another step. A test checks every citation, so the
record cannot silently go stale.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any, Literal

import yaml

Tier = Literal["qualifying", "certification", "quality"]
Rating = Literal["met", "partly", "not met", "not applicable"]

TIERS: tuple[Tier, ...] = ("qualifying", "certification", "quality")
_ROW = re.compile(
    r"^\|\s*([A-Z]?\d+)\s*\|(.*)\|\s*(met|partly|not met|not applicable)\s*\|(.*)\|\s*$"
)
_CITE = re.compile(r"`([^`]+)`")
_STEP = re.compile(r"([A-Za-z_]+)(?:\[([^\]]+)\])?")


@dataclasses.dataclass(frozen=True)
class Criterion:
    """One IPDAS criterion as recorded: its tier, number, wording, rating and citations."""

    tier: Tier
    number: str
    text: str
    rating: Rating
    cites: tuple[str, ...]


def read_record(path: Path) -> list[Criterion]:
    """Every criterion row in the record at ``path``, in order.

    Args:
        path: ``docs/ipdas.md``.

    Returns:
        The criteria; rows outside a tier's section are ignored.
    """
    tier: Tier | None = None
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            tier = next((t for t in TIERS if t in line.lower()), None)
            continue
        m = _ROW.match(line)
        if m and tier is not None:
            number, text, rating, where = m.groups()
            cites = tuple(_CITE.findall(where))
            found.append(Criterion(tier, number, text.strip(), rating, cites))  # type: ignore[arg-type]
    return found


def counts(criteria: list[Criterion]) -> dict[Tier, tuple[int, int]]:
    """``{tier: (met, applicable)}``; criteria rated 'not applicable' are left out."""
    result: dict[Tier, tuple[int, int]] = {}
    for tier in TIERS:
        rows = [c for c in criteria if c.tier == tier and c.rating != "not applicable"]
        result[tier] = (sum(c.rating == "met" for c in rows), len(rows))
    return result


def missing(cite: str, root: Path) -> str | None:
    """Why a citation does not resolve under ``root``, or ``None`` when it does.

    Args:
        cite: e.g. ``pathways/tens.yaml: options[tens_home].living_with``.
        root: The repository folder.

    Returns:
        A short reason, or ``None``.
    """
    if "::" in cite:
        file, name = cite.split("::", 1)
        text = _read(root / file)
        if text is None:
            return f"{file} does not exist"
        pattern = rf"^\s*(?:def|class)\s+{re.escape(name)}\b|^{re.escape(name)}\s*[:=]"
        return None if re.search(pattern, text, re.MULTILINE) else f"{name} not in {file}"
    file, _, key = cite.partition(":")
    text = _read(root / file.strip())
    if text is None:
        return f"{file.strip()} does not exist"
    if not key.strip():
        return None
    return _key_missing(yaml.safe_load(text), key.strip())


def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.is_file() else None


def _key_missing(data: Any, key: str) -> str | None:
    node = data
    parts = key.split(".")
    first = _STEP.fullmatch(parts[0])
    if first and first.group(1) == "questions" and first.group(2) and not _has(data, "questions"):
        node = _question(data, first.group(2))
        if node is None:
            return f"no question {first.group(2)!r} on any step"
        parts = parts[1:]
    for part in parts:
        m = _STEP.fullmatch(part)
        if m is None or not isinstance(node, dict) or m.group(1) not in node:
            return f"no {part!r} in {key}"
        node = node[m.group(1)]
        if m.group(2) is not None:
            node = _item(node, m.group(2))
            if node is None:
                return f"no item {m.group(2)!r} in {key}"
    return None


def _has(data: Any, key: str) -> bool:
    return isinstance(data, dict) and key in data


def _question(data: Any, qid: str) -> Any:
    """The question ``qid`` on whichever step of the pathway ``data`` asks it."""
    steps = data.get("steps") if isinstance(data, dict) else None
    for step in steps if isinstance(steps, list) else []:
        found = _item(step.get("questions") if isinstance(step, dict) else None, qid)
        if found is not None:
            return found
    return None


def _item(items: Any, selector: str) -> Any:
    if not isinstance(items, list):
        return None
    if selector.isdigit():
        return items[int(selector)] if int(selector) < len(items) else None
    return next((i for i in items if isinstance(i, dict) and selector in _names(i)), None)


def _names(item: dict[str, Any]) -> set[str]:
    return {str(item[k]) for k in ("id", "tier", "name") if k in item}
