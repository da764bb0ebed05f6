"""Start page buttons: each names its topic, so a list of buttons (screen readers) is clear.

Run: .venv/bin/python -m pytest tests/test_app_start_page.py --no-cov -q
"""

from __future__ import annotations

import pytest

from decision_aid.load import read
from decision_aid_ui.start import reading_time, short_title
from testing.apptest import ROOT, app, no_exception

pytestmark = pytest.mark.usefixtures("shipped_pathways")

SHIPPED = [read(p) for p in sorted((ROOT / "pathways").glob("*.yaml"))]


def test_start_page_buttons_have_distinct_names() -> None:
    at = no_exception(app())
    labels = [b.label for b in at.button]
    assert len(labels) == len(set(labels)), labels
    for p in SHIPPED:
        assert at.button(key=f"start_{p.id}").label == f"Start: {short_title(p)}"
        assert at.button(key=f"about_{p.id}").label == f"About: {short_title(p)}"


def test_each_topic_says_how_long_it_takes_to_read() -> None:
    # The minutes come from each pathway's reading_minutes, which figure 8 of make bench
    # checks against the measured walks; the lead gives no single figure for every topic.
    at = no_exception(app())
    captions = [c.value for c in at.caption]
    for p in SHIPPED:
        assert p.reading_minutes is not None, p.id
        low, high = p.reading_minutes
        said = reading_time(p)
        assert said == (f"About {low} minutes." if low == high
                        else f"About {low} to {high} minutes.")
        assert [c for c in captions if c.endswith(said) and str(p.tagline) in c], p.id
    assert "minutes" not in " ".join(m.value for m in at.markdown)


def test_carry_on_names_its_topic() -> None:
    p = SHIPPED[0]
    at = no_exception(app())
    no_exception(at.button(key=f"start_{p.id}").click().run())
    first = p.steps[0].questions[0]
    no_exception(at.checkbox(key=f"w_{first.id}__none").check().run())
    no_exception(at.button(key="nav_home").click().run())
    assert at.button(key=f"start_{p.id}").label == f"Carry on: {short_title(p)}"


def test_short_title_is_the_title_up_to_its_first_comma() -> None:
    assert [short_title(p) for p in SHIPPED] == [
        "Mid-back pain",
        "Thinking about a spinal cord stimulator",
        "Thinking about TENS for mid-back pain",
    ]


def test_start_page_says_it_is_a_draft_until_reviewers_sign_off() -> None:
    from decision_aid_ui import signoffs
    from decision_aid_ui.start import DRAFT_NOTICE

    # no reviewer has signed off yet (tests/test_signoff.py: the label follows the hashes)
    found = signoffs.statuses()
    assert all(found[read(ROOT / "pathways" / f).id].draft for f in
               ("mid-back-pain.yaml", "tens.yaml", "spinal-cord-stimulation.yaml"))
    at = no_exception(app())
    assert DRAFT_NOTICE in [w.value for w in at.warning]


def _with_answers(p):  # type: ignore[no-untyped-def]  # noqa: ANN001, ANN202
    at = no_exception(app())
    no_exception(at.button(key=f"start_{p.id}").click().run())
    first = p.steps[0].questions[0]
    no_exception(at.checkbox(key=f"w_{first.id}__none").check().run())
    no_exception(at.button(key="nav_home").click().run())
    return at


def test_clearing_answers_asks_first_and_no_keeps_them() -> None:
    p = SHIPPED[0]
    at = _with_answers(p)
    kept = dict(at.session_state["answers"])
    no_exception(at.button(key=f"restart_{p.id}").click().run())
    assert at.session_state["answers"] == kept  # nothing cleared yet: a question instead
    assert "cannot be undone" in " ".join(w.value for w in at.warning)
    assert "dl_answers_confirm" in [b.key for b in at.get("download_button")]
    no_exception(at.button(key="confirm_no").click().run())
    assert at.session_state["answers"] == kept
    assert not [b for b in at.button if b.key == "confirm_yes"]
    no_exception(at.button(key=f"restart_{p.id}").click().run())
    no_exception(at.button(key="confirm_yes").click().run())
    assert at.session_state["answers"] == {}
    assert at.session_state["step"] == p.steps[0].id


def test_starting_another_topic_asks_before_replacing_answers() -> None:
    p, other = SHIPPED[0], SHIPPED[1]
    at = _with_answers(p)
    kept = dict(at.session_state["answers"])
    no_exception(at.button(key=f"start_{other.id}").click().run())
    assert at.session_state["pathway_id"] == p.id and at.session_state["answers"] == kept
    assert short_title(p) in " ".join(w.value for w in at.warning)
    no_exception(at.button(key="confirm_yes").click().run())
    assert at.session_state["pathway_id"] == other.id and at.session_state["answers"] == {}
