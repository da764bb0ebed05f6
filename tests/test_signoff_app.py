"""The start page's "Draft", and the About page's authors, sign-offs and method, in the app.

Run: .venv/bin/python -m pytest tests/test_signoff_app.py --no-cov -q -p no:cacheprovider
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from decision_aid import method
from decision_aid.rules import lint
from decision_aid_ui.start import DRAFT_NOTICE
from testing.apptest import ROOT, app, no_exception
from testing.signoff import CLINICIAN, MAIN, SCREEN, sign_everything

LIBRARY = "shared/sources.yaml"


@pytest.fixture
def main_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A pathways folder holding only the main pathway, its screen and the sources library, one
    clinician each."""
    folder = tmp_path / "pathways"
    (folder / "shared").mkdir(parents=True)
    for name in (MAIN, SCREEN):
        text = (ROOT / "pathways" / name).read_text(encoding="utf-8")
        text = text.replace("Clinical reviewer (to be named)", CLINICIAN)
        text = text.replace("  - name: Patient reviewer (to be named)\n    role: A person with "
                            "back pain who checks the wording. This has not happened yet.\n", "")
        (folder / name).write_text(text, encoding="utf-8")
    shutil.copy(ROOT / "pathways" / "schema.json", folder / "schema.json")
    shutil.copy(ROOT / "pathways" / LIBRARY, folder / LIBRARY)
    monkeypatch.setenv("DECISION_AID_PATHWAYS", str(folder))
    return folder


def _warnings(at) -> list[str]:  # type: ignore[no-untyped-def]  # noqa: ANN001
    return [w.value for w in at.warning]


def test_draft_until_the_pathway_and_the_screen_are_signed(main_only: Path) -> None:
    assert DRAFT_NOTICE in _warnings(no_exception(app()))
    sign_everything(main_only)
    assert DRAFT_NOTICE not in _warnings(no_exception(app()))
    # an edit to one passage of the shared screen makes the whole topic a draft again
    path = main_only / SCREEN
    text = path.read_text(encoding="utf-8")
    old = "Symptoms: stroke-like symptoms. Call 999"
    path.write_text(text.replace(old, old + " now"), encoding="utf-8")
    assert DRAFT_NOTICE in _warnings(no_exception(app()))


def _about(at):  # type: ignore[no-untyped-def]  # noqa: ANN001, ANN202
    no_exception(at.button(key="about_mid_back_pain").click().run())
    return "\n".join(m.value for m in at.markdown)


def test_about_shows_who_signed_which_version_with_interests(main_only: Path) -> None:
    text = _about(app())
    assert "This guide is a draft" in text
    assert "Declared interests: not yet declared" in text  # the draft authors
    sign_everything(main_only)
    text = _about(app())
    assert "This guide is a draft" not in text
    assert f"signed by {CLINICIAN}, GP, MB ChB, GMC 0000000, Example Practice" in text
    assert "Declared interests: None declared" in text
    assert "content version " in text


def test_about_says_how_we_chose_the_evidence(main_only: Path) -> None:
    at = app()
    _about(at)
    assert method.TITLE in [h.value for h in at.header]
    assert lint.grade(method.EVIDENCE_METHOD) <= 8
