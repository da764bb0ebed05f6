"""The browser harness's own logic, checked without a browser: run, skip or fail; disk; origins."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from browser_harness import (
    MISSING,
    chromium_status,
    foreign_urls,
    snapshot_changes,
    temp_listing,
    tree_snapshot,
)

from testing.server import free_port

pytestmark = pytest.mark.browser


def _none(name: str) -> None:
    return None


def _found(name: str) -> str:
    return "/usr/bin/chromium"


@pytest.mark.parametrize("env", [{}, {"CI": "true"}, {"CI": "false"}])
def test_runs_whenever_chromium_is_there(env: dict[str, str]) -> None:
    status = chromium_status(env, _found)
    assert (status.action, status.path) == ("run", "/usr/bin/chromium")


@pytest.mark.parametrize("env", [{}, {"CI": "false"}, {"CI": "1"}])
def test_skips_with_a_message_without_chromium_outside_ci(env: dict[str, str]) -> None:
    status = chromium_status(env, _none)
    assert status.action == "skip"
    assert status.message == MISSING
    assert "apt-get install -y chromium" in status.message


def test_fails_under_ci_without_chromium() -> None:
    status = chromium_status({"CI": "true"}, _none)
    assert status.action == "fail"
    assert "CI=true" in status.message and "apt-get install -y chromium" in status.message


def test_free_port_is_bindable() -> None:
    port = free_port()
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))


def test_snapshot_sees_added_changed_and_removed_files_but_not_caches(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("a")
    (tmp_path / "gone.txt").write_text("a")
    (tmp_path / "__pycache__").mkdir()
    before = tree_snapshot(tmp_path)
    (tmp_path / "keep.txt").write_text("abc")
    (tmp_path / "gone.txt").unlink()
    (tmp_path / "new.json").write_text("{}")
    (tmp_path / "__pycache__" / "x.pyc").write_bytes(b"")
    (tmp_path / ".coverage").write_text("")
    after = tree_snapshot(tmp_path)
    assert snapshot_changes(before, after) == [
        "added new.json",
        "removed gone.txt",
        "changed keep.txt",
    ]


def test_temp_listing_leaves_out_the_test_tools_own_folders(tmp_path: Path) -> None:
    for name in ("playwright-artifacts-1", ".org.chromium.Chromium.x", "answers.json"):
        (tmp_path / name).mkdir()
    assert temp_listing(tmp_path) == {"answers.json"}


def test_foreign_urls() -> None:
    origin = "http://127.0.0.1:8501"
    urls = [
        "http://127.0.0.1:8501/",
        "http://127.0.0.1:8501/static/js/index.js",
        "ws://127.0.0.1:8501/_stcore/stream",
        "data:image/svg+xml;base64,AAAA",
        "blob:http://127.0.0.1:8501/1234",
        "https://fonts.googleapis.com/css",
        "http://127.0.0.1:85011/evil",
        "https://example.com/x.png",
    ]
    assert foreign_urls(urls, origin) == [
        "http://127.0.0.1:85011/evil",
        "https://example.com/x.png",
        "https://fonts.googleapis.com/css",
    ]


# --- The walk's answer policy, against the engine (no browser) -----------------------------------


def _pathways() -> list[Path]:
    root = Path(__file__).resolve().parents[2]
    return [*sorted((root / "pathways").glob("*.yaml")), root / "tests/fixtures/example.yaml"]


@pytest.mark.parametrize("path", _pathways(), ids=lambda p: p.stem)
def test_safe_answers_reach_the_summary_and_an_emergency_answer_stops(path: Path) -> None:
    from decision_aid.load import read
    from decision_aid.path import step_after, visible_questions, visible_steps
    from decision_aid.safety import safety
    from testing.answers import emergency_answer
    from testing.browser import patient_answer, sample

    pathway = read(path)
    answers: dict = {}
    step = visible_steps(pathway, {})[0]
    while step.kind != "summary":
        while (
            q := sample(
                step,
                [q for q in visible_questions(pathway, step, answers) if q.id not in answers],
                answers,
            )
        ) is not None:
            answers[q.id] = patient_answer(pathway, q, answers)
        assert not safety(pathway, answers).stop
        nxt = step_after(pathway, answers, step.id)
        assert nxt is not None
        step = pathway.steps_by_id[nxt]
    found = emergency_answer(pathway)
    assert found is not None
    assert safety(pathway, {found[1].id: found[2]}).stop
