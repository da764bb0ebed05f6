"""Test ids named in the docs (``tests/x.py::test_y``) and the tests a file defines, so a doc
that names a test can be held to it (the hazard log, the privacy evidence)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_ID = re.compile(r"`(tests/[\w/]+\.py::[\w:]+)(?:\[[^\]`]*\])?`")


def defined(path: str) -> frozenset[str]:
    """``name`` and ``Class::name`` of every test function in a test file (parsed, not run)."""
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.ClassDef):
            names |= {
                f"{node.name}::{f.name}"
                for f in node.body
                if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef)
            }
    return frozenset(n for n in names if n.split("::")[-1].startswith("test"))
