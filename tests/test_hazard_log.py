"""The hazard log is a living document: every hazard names tests, and every named test exists.

Also holds the tests for controls that have no other home: the validator's expired-content
warning (HAZ-04) and the absence of network clients (HAZ-10).
"""

from __future__ import annotations

import ast
import datetime as dt
import re
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from testing.nodes import NODE_ID, defined

ROOT = Path(__file__).resolve().parent.parent
LOG = ROOT / "docs" / "safety" / "hazard-log.md"
CASE = ROOT / "docs" / "safety" / "safety-case.md"
FIELDS = ("Hazard", "Cause", "Effect", "Severity", "Controls", "Tests", "Residual risk")
REQUIRED = {
    "red flag": "a missed red flag",
    "emergency message": "an emergency message hidden or scrolled away",
    "diagnosis": "wording read as a diagnosis or a recommendation",
    "next_review": "outdated evidence past next_review",
    "denominator": "a figure without a denominator",
    "answers lost": "answers lost on Back, refresh or bad upload",
    "answers shown to another": "one person's answers shown to another",
    "html": "free text executing as HTML or leaking via a request",
    "broken pathway file": "a broken pathway file taking the app down",
    "telemetry": "telemetry leaking use",
    "reading level": "misleading reading level",
    "warning fatigue": "warning fatigue from over-triage",
    "combination of signs": "under-triage of signs that are an emergency only together",
}


def hazards() -> dict[str, str]:
    """Each hazard's section of the log, by id (HAZ-01, ...)."""
    text = LOG.read_text(encoding="utf-8")
    parts = re.split(r"(?m)^## (HAZ-\d{2}):", text)
    return {parts[i]: parts[i + 1].split("\n---\n")[0] for i in range(1, len(parts), 2)}


def field(section: str, name: str) -> str:
    """The text of one ``- **Name:**`` field, up to the next field."""
    match = re.search(rf"(?ms)^- \*\*{re.escape(name)}:\*\*(.*?)(?=^- \*\*|\Z)", section)
    assert match, f"no {name!r} field"
    return match.group(1)


def named_tests(section: str) -> list[str]:
    return NODE_ID.findall(field(section, "Tests"))


@cache
def test_the_log_lists_hazards_in_order() -> None:
    ids = list(hazards())
    assert ids, "no '## HAZ-nn:' sections"
    assert ids == [f"HAZ-{i:02d}" for i in range(1, len(ids) + 1)]


@pytest.mark.parametrize("needle", list(REQUIRED), ids=list(REQUIRED))
def test_every_hazard_the_project_must_cover_is_logged(needle: str) -> None:
    titles = " ".join((s.splitlines()[0] + field(s, "Hazard")).lower() for s in hazards().values())
    assert needle in titles, f"no hazard about {REQUIRED[needle]}"


def test_every_hazard_has_every_field_and_scores() -> None:
    for hid, section in hazards().items():
        for name in FIELDS:
            assert field(section, name).strip(), f"{hid}: empty {name}"
        scores = re.findall(r"\b([1-5])\b", field(section, "Severity"))
        assert len(scores) >= 2, f"{hid}: severity and likelihood 1-5"
        residual = field(section, "Residual risk")
        assert re.search(r"S \d x L \d = \d+", residual), f"{hid}: residual S x L"


def test_every_hazard_names_at_least_one_test() -> None:
    for hid, section in hazards().items():
        assert named_tests(section), f"{hid} names no test"


def test_every_named_test_exists() -> None:
    """Fails when a test is renamed or deleted without updating the log."""
    missing = []
    for hid, section in hazards().items():
        for node_id in named_tests(section):
            path, name = node_id.split("::", 1)
            if not (ROOT / path).is_file() or name not in defined(path):
                missing.append(f"{hid}: {node_id}")
    assert not missing, "tests named in the hazard log do not exist:\n" + "\n".join(missing)


def test_summary_table_matches_the_sections() -> None:
    text = LOG.read_text(encoding="utf-8")
    rows = dict(re.findall(r"(?m)^\| (HAZ-\d{2}) \| ([^|]+) \|", text))
    assert set(rows) == set(hazards())
    for hid, section in hazards().items():
        s, lb, before, la, residual = re.findall(
            r"(?m)^\| " + hid + r" \|[^|]+\| (\d) \| (\d) \| (\d+) \| (\d) \| (\d+)", text
        )[0]
        assert int(s) * int(lb) == int(before), hid
        assert int(s) * int(la) == int(residual), hid
        assert f"S {s} x L {la} = {residual}" in field(section, "Residual risk"), hid
        assert int(residual) <= 6 or "tolerable" in field(section, "Residual risk"), hid


def test_the_safety_case_points_at_the_log() -> None:
    case = CASE.read_text(encoding="utf-8")
    assert "hazard-log.md" in case
    for words in ("intended use", "not for emergencies", "diagnos", "residual risk"):
        assert words in case.lower(), words


# --- controls without another home ---------------------------------------------------------------


def _with_review(text: str, next_review: dt.date) -> str:
    earlier = next_review - dt.timedelta(days=365)
    for key, value in (("published", earlier), ("last_reviewed", earlier)):
        text = re.sub(rf"(?m)^{key}: .*$", f"{key}: {value.isoformat()}", text)
    return re.sub(r"(?m)^next_review: .*$", f"next_review: {next_review.isoformat()}", text)


def _validate(path: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "decision_aid", "validate", *flags, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_validator_warns_on_expired_content_and_strict_fails_after_90_days(tmp_path: Path) -> None:
    """HAZ-04, with today's real date: a warning (exit 0) once past next_review; with --strict
    an error (exit 1) only when more than 90 days past."""
    shipped = sorted((ROOT / "pathways").glob("*.yaml"))
    source = (
        min(shipped, key=lambda p: p.stat().st_size)
        if shipped
        else ROOT / "tests" / "fixtures" / "example.yaml"
    )
    today = dt.date.today()
    shutil.copytree(ROOT / "pathways" / "shared", tmp_path / "shared")  # what pathways include
    recent, overdue = tmp_path / "recent.yaml", tmp_path / "overdue.yaml"
    recent.write_text(_with_review(source.read_text(), today - dt.timedelta(days=30)))
    overdue.write_text(_with_review(source.read_text(), today - dt.timedelta(days=120)))

    warned = _validate(recent)
    assert warned.returncode == 0, warned.stdout + warned.stderr
    assert "warning" in warned.stdout + warned.stderr
    assert "next_review" in warned.stdout + warned.stderr
    still_ok = _validate(recent, "--strict")
    assert still_ok.returncode == 0, still_ok.stdout + still_ok.stderr
    failed = _validate(overdue, "--strict")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "90 days" in failed.stdout + failed.stderr


NETWORK_MODULES = {
    "requests",
    "httpx",
    "urllib.request",
    "urllib3",
    "http.client",
    "aiohttp",
    "socket",
    "smtplib",
    "ftplib",
    "telnetlib",
    "sentry_sdk",
    "posthog",
    "segment",
    "mixpanel",
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            out |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
    return out


def test_no_network_clients_in_the_app_or_engine() -> None:
    """HAZ-10: nothing in the app or the engine can send data anywhere."""
    files = [
        ROOT / "app.py",
        *ROOT.glob("decision_aid_ui/**/*.py"),
        *ROOT.glob("decision_aid/**/*.py"),
    ]
    for path in files:
        found = {
            m
            for m in _imports(path)
            if m in NETWORK_MODULES
            or m.split(".")[0]
            in {"requests", "httpx", "urllib3", "aiohttp", "sentry_sdk", "posthog"}
        }
        assert not found, f"{path.relative_to(ROOT)} imports {sorted(found)}"
