"""The testing kit stays one kit: ``bench/`` and ``testing/`` never reach into ``tests/``, the kit
never reaches into ``bench/``, and no module imports another package's private names."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bench", "testing", "decision_aid", "decision_aid_ui")


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module, names) of every ``import`` and ``from ... import`` in the file, nested included."""
    out: list[tuple[str, list[str]]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out.append((node.module, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            out.extend((a.name, []) for a in node.names)
    return out


def test_no_test_file_imports_another_test_file() -> None:
    # What two test files share lives in the kit (e.g. testing.signoff, testing.nodes).
    found = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in sorted((ROOT / "tests").rglob("*.py"))
        for module, _ in _imports(path)
        if module.split(".")[0].startswith("test_")
    ]
    assert found == []


@pytest.mark.parametrize("package", ["bench", "testing"])
def test_no_test_file_is_loaded_by_path_or_imported(package: str) -> None:
    # Data under tests/fixtures may be read; code under tests/ is never run from here.
    found = [
        f"{path.relative_to(ROOT)}: {what}"
        for path in _modules(package)
        for what in ("spec_from_file_location", "run_path(", "SourceFileLoader")
        if what in path.read_text(encoding="utf-8")
    ]
    found += [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in _modules(package)
        for module, _ in _imports(path)
        if module.split(".")[0] in ("tests", "app_helpers", "browser_steps", "browser_harness")
    ]
    assert found == []


def test_the_kit_does_not_import_the_benchmarks() -> None:
    assert [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in _modules("testing")
        for module, _ in _imports(path)
        if module.split(".")[0] == "bench"
    ] == []


@pytest.mark.parametrize("package", PACKAGES)
def test_no_private_name_is_imported_from_another_package(package: str) -> None:
    found = [
        f"{path.relative_to(ROOT)}: from {module} import {name}"
        for path in _modules(package)
        for module, names in _imports(path)
        if module.split(".")[0] in PACKAGES and module.split(".")[0] != package
        for name in names
        if name.startswith("_")
    ]
    assert found == []


def _private_attributes(path: Path, package: str) -> list[str]:
    """``module._name`` where ``module`` was imported from another of the project's packages."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    foreign: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            if node.module.split(".")[0] in PACKAGES and node.module.split(".")[0] != package:
                foreign.update(a.asname or a.name for a in node.names)
        elif isinstance(node, ast.Import):
            foreign.update(
                a.asname or a.name
                for a in node.names
                if a.name.split(".")[0] in PACKAGES and a.name.split(".")[0] != package
            )
    return [
        f"{path.relative_to(ROOT)}:{node.lineno}: {node.value.id}.{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in foreign
        and node.attr.startswith("_")
        and not node.attr.startswith("__")
    ]


@pytest.mark.parametrize("package", PACKAGES)
def test_no_private_name_is_reached_through_another_package(package: str) -> None:
    # As the import test above, for `from decision_aid.formats import pdf` then `pdf._draw`.
    assert [hit for path in _modules(package) for hit in _private_attributes(path, package)] == []


# What the kit holds once: the code that defines it is in its module and nowhere else in
# bench/, testing/ or tests/ (a second copy is how two drivers of one thing drift apart).
DEFINED_ONCE = {
    "def free_port(": "testing/server.py",
    "websockets.connect(": "testing/protocol.py",
    "AppTest.from_file(APP": "testing/apptest.py",
    "data-test-script-state='notRunning']\"": "testing/browser.py",
    "class Patient": "testing/browser.py",
    "def safe_answer(": "testing/answers.py",
    "def valid_value(": "testing/strategies.py",
    '"daemon off;': "testing/nginx.py",
    '"http://evil.example"': "testing/protocol.py",
    "(390, 844)": "testing/browser.py",
    "(1280, 900)": "testing/browser.py",
    "def to_step(": "tests/browser/browser_steps.py",
}


@pytest.mark.parametrize("code", DEFINED_ONCE)
def test_the_kit_defines_each_helper_once(code: str) -> None:
    me = Path(__file__).resolve()
    found = sorted(
        str(path.relative_to(ROOT))
        for package in ("bench", "testing", "tests")
        for path in _modules(package)
        if path != me and code in path.read_text(encoding="utf-8")
    )
    assert found == [DEFINED_ONCE[code]]
