"""A hypothesis state machine over the real app (Streamlit AppTest) on the example pathway.

Rules: Start, Next, Back, answer a question, change an earlier answer (Edit on the summary or
Back), undo an emergency answer, go to the start page, upload a file (a good saved file, the file
last downloaded, junk, an oversized file), download the answers file. After every step:

- no exception;
- the stored answers are exactly the answers the person gave (nothing lost on Back, Next, a bad
  upload or a download), and always fit the pathway;
- an emergency answer always shows the emergency screen, or its banner after "I chose this by
  mistake": the emergency message is never hidden;
- on the summary, every current answer is shown, and no answer that is hidden or was changed
  away appears; typed text is never rendered as HTML.

Hazards HAZ-01, HAZ-02, HAZ-06 and HAZ-08 point at the tests here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from streamlit.testing.v1 import AppTest

from decision_aid.answers import check_answer, validate_answers
from decision_aid.errors import AnswerError
from decision_aid.formats import saved
from decision_aid.load import read
from decision_aid.model import Pathway, Question
from decision_aid.path import (
    none_choice,
    none_groups,
    none_of_these,
    visible_questions,
    with_answer,
    with_none_of_these,
)
from decision_aid.plan import (
    MAX_OWN_QUESTIONS,
    OWN_QUESTION_MAX_LENGTH,
    OwnQuestion,
    QuestionEdits,
    plan,
)
from decision_aid.safety import safety
from testing.apptest import app, nav, page_text, walk

pytestmark = pytest.mark.usefixtures("example_pathways")

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "example.yaml"
PATHWAY: Pathway = read(FIXTURE)
ENV = "DECISION_AID_PATHWAYS"
HTML_PAYLOAD = "<img src=x onerror=alert(1)>"


# --- reading the rendered page -----------------------------------------------------------------


def has_key(at: AppTest, kind: str, key: str) -> bool:
    return any(getattr(w, "key", None) == key for w in getattr(at, kind))


def html_elements(at: AppTest) -> list[str]:
    """Everything the page lets through as HTML: markdown with HTML allowed, and st.html."""
    out = []
    for node in walk(at.main):
        proto = getattr(node, "proto", None)
        if getattr(node, "type", "") == "markdown" and getattr(proto, "allow_html", False):
            out.append(str(node.value))
        if getattr(node, "type", "") == "html":
            out.append(str(getattr(proto, "body", "")))
    return out


# --- answering through widgets, and what the person expects ----------------------------------


def toggled(q: Question, current: list[str], choice_id: str, ticked: bool) -> list[str]:
    """What a person expects a multiple-choice answer to become when they tick or untick."""
    exclusive = {c.id for c in PATHWAY.choices(q) if c.exclusive}
    if not ticked:
        return [c for c in current if c != choice_id]
    if choice_id in exclusive:
        return [choice_id]
    return [c for c in current if c not in exclusive] + [choice_id]


def value_strategy(q: Question, token: str) -> st.SearchStrategy[Any]:
    if q.kind == "single":
        return st.sampled_from([c.id for c in PATHWAY.choices(q)])
    if q.kind == "yes_no":
        return st.booleans()
    if q.kind == "scale":
        return st.integers(q.min, q.max)
    if q.kind == "text":
        return st.sampled_from(
            [token, f"{HTML_PAYLOAD} {token}", "", f"**{token}** [x](http://e.x)"]
        )
    return st.sampled_from([c.id for c in PATHWAY.choices(q)])  # one checkbox to toggle


class AppMachine(RuleBasedStateMachine):
    """One browser session of the app, driven by rules, checked by invariants."""

    def __init__(self) -> None:
        super().__init__()
        self.at = app()
        self.expected: dict[str, Any] = {}
        self.typed: set[str] = set()
        self.counter = 0
        self.downloaded: bytes | None = None
        self.uploads = 0

    # -- helpers --------------------------------------------------------------------------------

    def ss(self, key: str) -> Any:
        try:
            return self.at.session_state[key]
        except KeyError:
            return None

    def on_page(self, page: str) -> bool:
        return self.ss("page") == page

    def stored(self) -> dict[str, Any]:
        return dict(self.ss("answers") or {})

    def emergency_screen(self) -> bool:
        return has_key(self.at, "button", "safety_undo")

    def step(self) -> Any:
        return PATHWAY.steps_by_id.get(self.ss("step") or "")

    def visible_here(self) -> list[Question]:
        step = self.step()
        if step is None or not self.on_page("wizard") or self.emergency_screen():
            return []
        return visible_questions(PATHWAY, step, self.stored())

    def click(self, key: str) -> None:
        self.at.button(key=key).click().run()

    def set_widget(self, q: Question, value: Any) -> None:
        """Answer ``q`` through its widget and update what the person expects."""
        step = PATHWAY.step_of[q.id]
        if q.kind == "multiple" and q in none_groups(PATHWAY, step, self.expected) and (
            value == none_choice(PATHWAY, q)
        ):  # the screen's one "None of these": never clears a ticked sign
            ticked = not none_of_these(PATHWAY, step, self.expected)
            self.at.checkbox(key=f"w_{q.id}__{value}").set_value(ticked).run()
            with contextlib.suppress(AnswerError):  # refused while a sign is ticked
                self.expected = with_none_of_these(PATHWAY, step, self.expected, ticked).answers
            return
        if q.kind == "multiple":
            current = list(self.expected.get(q.id) or [])
            ticked = value not in current
            self.at.checkbox(key=f"w_{q.id}__{value}").set_value(ticked).run()
            value = toggled(q, current, value, ticked)
        elif q.kind == "text":
            self.at.text_area(key=f"w_{q.id}").input(value).run()
        else:
            self.at.radio(key=f"w_{q.id}").set_value(value).run()
        self.expected = with_answer(PATHWAY, self.expected, q.id, value).answers

    def token(self) -> str:
        self.counter += 1
        token = f"tok{self.counter}z"
        self.typed.add(token)
        return token

    # -- rules ----------------------------------------------------------------------------------

    @initialize()
    def begin(self) -> None:
        self.start()

    @precondition(lambda self: self.on_page("start"))
    @rule()
    def start(self) -> None:
        self.click(f"start_{PATHWAY.id}")

    @precondition(lambda self: has_key(self.at, "button", nav(self.at)))
    @rule(data=st.data())
    def fill_step_and_next(self, data: st.DataObject) -> None:
        """Answer every unanswered question on the page, then Next (moves the walk along)."""
        for q in self.visible_here():
            if q.id not in self.expected and q in self.visible_here():
                self.set_widget(q, data.draw(value_strategy(q, self.token()), label=q.id))
        if has_key(self.at, "button", nav(self.at)):
            self.click(nav(self.at))

    @precondition(lambda self: has_key(self.at, "button", nav(self.at)))
    @rule()
    def next(self) -> None:
        self.click(nav(self.at))

    @precondition(lambda self: has_key(self.at, "button", nav(self.at, "back")))
    @rule()
    def back(self) -> None:
        self.click(nav(self.at, "back"))

    @precondition(lambda self: bool(self.visible_here()))
    @rule(data=st.data())
    def answer(self, data: st.DataObject) -> None:
        q = data.draw(st.sampled_from(self.visible_here()), label="question")
        self.set_widget(q, data.draw(value_strategy(q, self.token()), label="value"))

    @precondition(
        lambda self: (
            self.on_page("wizard")
            and not self.emergency_screen()
            and any(k.startswith("edit_") for k in (b.key or "" for b in self.at.button))
        )
    )
    @rule(data=st.data())
    def change_earlier_answer(self, data: st.DataObject) -> None:
        """From the summary, Edit an earlier step and change one of its answers."""
        edits = [b.key for b in self.at.button if (b.key or "").startswith("edit_")]
        self.click(data.draw(st.sampled_from(edits), label="edit"))
        questions = self.visible_here()
        if questions:
            q = data.draw(st.sampled_from(questions), label="question")
            self.set_widget(q, data.draw(value_strategy(q, self.token()), label="value"))

    @precondition(lambda self: has_key(self.at, "button", "safety_undo"))
    @rule()
    def undo_emergency(self) -> None:
        self.click("safety_undo")

    @precondition(lambda self: has_key(self.at, "button", "nav_home"))
    @rule()
    def home(self) -> None:
        self.click("nav_home")

    @precondition(lambda self: self._download_key() is not None)
    @rule()
    def download(self) -> None:
        """Press 'Save my answers'; keep the file the button serves for a later upload."""
        key = self._download_key()
        button = next(b for b in self.at.get("download_button") if b.key == key)
        button.click().run()
        # AppTest does not serve a download's bytes: build them with the function the
        # button's data calls, from the session's own state.
        from decision_aid_ui import exports

        edits = _edits(self.ss("edits"))
        self.downloaded = exports.answers_file(PATHWAY, self.stored(), edits).encode()

    def _download_key(self) -> str | None:
        keys = {b.key for b in self.at.get("download_button")}
        return next((k for k in ("dl_answers_step", "dl_answers") if k in keys), None)

    @precondition(lambda self: self._uploader() is not None)
    @rule(data=st.data())
    def upload(self, data: st.DataObject) -> None:
        kind = data.draw(st.sampled_from(["good", "last_download", "junk", "too_large"]))
        if kind == "last_download" and self.downloaded is None:
            kind = "good"
        content = {
            "good": lambda: self._good_file(data),
            "last_download": lambda: self.downloaded,
            "junk": lambda: data.draw(st.binary(max_size=40)) + b"{",
            "too_large": lambda: b" " * (saved.MAX_BYTES + 1),
        }[kind]()
        assert content is not None
        self.uploads += 1
        uploader = self.at.file_uploader(key=self._uploader())
        uploader.set_value((f"answers-{self.uploads}.json", content, "application/json")).run()
        if kind in ("good", "last_download"):
            # A file that would replace answers is opened only after a yes; a no keeps them.
            if self.asked_to_replace() and not data.draw(st.booleans(), label="replace"):
                self.at.button(key="resume_no").click().run()
                return
            self.say_yes_to_replace()
            self.expected = dict(saved.loads(content, {PATHWAY.id: PATHWAY}).answers)
        else:
            errors = " ".join(str(e.value) for e in self.at.error)
            assert "could not be read" in errors or "too large" in errors, errors

    def asked_to_replace(self) -> bool:
        return "resume_yes" in {b.key for b in self.at.button}

    def say_yes_to_replace(self) -> None:
        if self.asked_to_replace():
            self.at.button(key="resume_yes").click().run()

    def _uploader(self) -> str | None:
        keys = {u.key for u in self.at.file_uploader}
        return next((k for k in ("resume_start", "resume_summary") if k in keys), None)

    def _good_file(self, data: st.DataObject) -> bytes:
        answers: dict[str, Any] = {}
        for q in PATHWAY.questions.values():
            if data.draw(st.booleans(), label=f"answer {q.id}"):
                value = data.draw(value_strategy(q, self.token()), label=q.id)
                value = [value] if q.kind == "multiple" else value
                answers = with_answer(PATHWAY, answers, q.id, value).answers
        return saved.dumps(PATHWAY, answers).encode()

    # -- invariants -----------------------------------------------------------------------------

    @invariant()
    def no_exception(self) -> None:
        assert not self.at.exception, [e.message for e in self.at.exception]

    @invariant()
    def answers_are_exactly_what_was_given(self) -> None:
        assert self.stored() == self.expected
        assert validate_answers(PATHWAY, self.stored()) == self.stored()

    @invariant()
    def emergency_is_never_hidden(self) -> None:
        outcome = safety(PATHWAY, self.stored())
        if not (outcome.stop and self.on_page("wizard")):
            return
        title = outcome.tiers[0].title
        if self.emergency_screen():
            assert title in [h.value for h in self.at.header]
            assert not has_key(self.at, "button", nav(self.at))
        else:  # the person said they chose it by mistake: the banner stays on every step
            assert (self.ss("ui") or {}).get("review"), "emergency answer without its screen"
            assert any(title in str(e.value) for e in self.at.error), "emergency banner hidden"

    @invariant()
    def summary_shows_current_answers_only(self) -> None:
        step = self.step()
        if not (self.on_page("wizard") and step is not None and step.kind == "summary"):
            return
        if self.emergency_screen():
            return
        text = page_text(self.at)
        made = plan(PATHWAY, self.stored())
        for line in (
            *made.tell_first,
            *made.values,
            *(ln for s in made.sections for ln in s.lines),
        ):
            shown = line.answer.split(HTML_PAYLOAD)[-1].strip()
            assert shown in text, f"{line.question_id}: {line.answer!r} not on the summary"
        current = " ".join(str(v) for v in made.answers.values())
        for token in self.typed:
            if token not in current:
                assert token not in text, f"{token} is not a current answer but is shown"

    @invariant()
    def typed_text_is_never_html(self) -> None:
        for html in html_elements(self.at):
            assert not any(token in html for token in self.typed), html


def _edits(raw: dict[str, Any] | None) -> QuestionEdits:
    raw = raw or {"hidden": [], "order": [], "own": []}
    own = tuple(OwnQuestion(o["id"], o["text"]) for o in raw["own"])
    return QuestionEdits(tuple(raw["hidden"]), tuple(raw["order"]), own)


SETTINGS = settings(
    max_examples=15,
    stateful_step_count=15,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def test_app_state_machine(example_pathways: None) -> None:
    """Run the machine (a plain test function, so the pathway fixture applies)."""
    run_state_machine_as_test(AppMachine, settings=SETTINGS)


def test_saved_file_round_trip_through_the_app(example_pathways: None) -> None:
    """Answers downloaded, changed, then uploaded again come back exactly (HAZ-06)."""
    machine = AppMachine()
    machine.start()
    q = PATHWAY.questions["warning_signs"]
    machine.set_widget(q, "none")
    machine.set_widget(PATHWAY.questions["coping"], True)
    machine.download()
    saved_answers = dict(machine.expected)
    machine.set_widget(PATHWAY.questions["coping"], False)
    machine.home()
    assert machine._uploader() == "resume_start"
    machine.at.file_uploader(key="resume_start").set_value(
        ("a.json", machine.downloaded or b"", "application/json")
    ).run()
    assert machine.asked_to_replace()  # the answers now differ from the file's
    machine.say_yes_to_replace()
    machine.no_exception()
    assert machine.stored() == saved_answers
    assert json.loads(machine.downloaded or b"{}")["answers"] == saved_answers


# --- controls the hazard log points at: expired content, limits --------------------------------


def shift_review(text: str, next_review: dt.date) -> str:
    """Pathway text with ``next_review`` set, and the earlier dates a year before it."""
    year_before = next_review - dt.timedelta(days=365)
    for key, value in (
        ("published", year_before),
        ("last_reviewed", year_before),
        ("next_review", next_review),
    ):
        text = re.sub(rf"(?m)^{key}: .*$", f"{key}: {value.isoformat()}", text)
    return text


def calm_answer(q: Question) -> Any:
    """An answer that raises no warning sign (for multiple choice: the checkbox to tick)."""
    choices = PATHWAY.choices(q)
    return {
        "multiple": next((c.id for c in choices if c.exclusive), choices[0].id if choices else ""),
        "single": choices[0].id if choices else "",
        "yes_no": True,
        "scale": q.min,
        "text": "words",
    }[q.kind]


def review_notice(at: AppTest) -> bool:
    """Whether the page shows a notice that the content is past its review date."""
    boxes = [*at.warning, *at.info, *at.error]
    return any("review" in str(b.value).lower() for b in boxes)


@pytest.fixture
def expired_pathway(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "expired"
    folder.mkdir()
    past = dt.date.today() - dt.timedelta(days=200)
    (folder / "example.yaml").write_text(shift_review(FIXTURE.read_text(), past))
    monkeypatch.setenv(ENV, str(folder))


def test_expired_content_notice_on_the_start_page(expired_pathway: None) -> None:
    """HAZ-04: past next_review, the start page says so before anyone starts."""
    assert review_notice(AppMachine().at)


def test_expired_content_notice_on_every_step(expired_pathway: None) -> None:
    """HAZ-04: past next_review, every step, the summary and the About page say so."""
    machine = AppMachine()
    seen = []
    machine.start()
    for _ in range(len(PATHWAY.steps) + 2):
        machine.no_exception()
        step = machine.step()
        seen.append(step.id)
        assert review_notice(machine.at), f"step {step.id!r}"
        if step.kind == "summary":
            break
        for q in machine.visible_here():
            if q.id not in machine.expected:
                machine.set_widget(q, calm_answer(q))
        machine.click(nav(machine.at))
    assert seen[-1] == "summary", seen
    machine.click("nav_about")
    machine.no_exception()
    assert review_notice(machine.at), "About page"


def test_expired_content_notice_on_the_emergency_page(expired_pathway: None) -> None:
    """HAZ-04: the emergency page also says the content is past its review date."""
    machine = AppMachine()
    machine.start()
    machine.set_widget(PATHWAY.questions["warning_signs"], "chest_pain")
    assert machine.emergency_screen()
    assert review_notice(machine.at)


def test_current_content_has_no_review_notice(example_pathways: None) -> None:
    machine = AppMachine()
    machine.start()
    assert not review_notice(machine.at)


def test_upload_over_the_limit_is_refused_with_a_message(example_pathways: None) -> None:
    """Uploads over saved.MAX_BYTES are refused with a message; the answers stay as they were."""
    machine = AppMachine()
    machine.start()
    machine.set_widget(PATHWAY.questions["coping"], True)
    machine.home()
    big = saved.dumps(PATHWAY, machine.expected).encode() + b" " * saved.MAX_BYTES
    machine.at.file_uploader(key="resume_start").set_value(("a.json", big, "application/json"))
    machine.at.run()
    machine.no_exception()
    assert any("too large" in str(e.value) for e in machine.at.error)
    assert machine.stored() == {"coping": True}


def test_server_refuses_uploads_over_one_megabyte() -> None:
    """Streamlit's own limit (in MB) stops anything bigger before the app sees it."""
    import tomllib

    config_file = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config_file["server"]["maxUploadSize"] <= 1
    assert config_file["server"]["maxUploadSize"] * 1024 * 1024 >= saved.MAX_BYTES


def test_text_widgets_have_the_question_limit(example_pathways: None) -> None:
    """Free text boxes carry max_chars; the engine refuses longer text (AnswerError)."""
    machine = AppMachine()
    machine.start()
    machine.set_widget(PATHWAY.questions["warning_signs"], "none")
    machine.set_widget(PATHWAY.questions["coping"], True)
    machine.click(nav(machine.at))
    machine.set_widget(PATHWAY.questions["duration"], "over_3_months")
    box = machine.at.text_area(key="w_long_term_detail")
    assert box.proto.max_chars == PATHWAY.questions["long_term_detail"].max_length
    with pytest.raises(AnswerError):
        check_answer(PATHWAY, "long_term_detail", "x" * 201)


def test_own_questions_are_limited_in_number_and_length(example_pathways: None) -> None:
    """At most MAX_OWN_QUESTIONS own questions of OWN_QUESTION_MAX_LENGTH characters."""
    machine = AppMachine()
    machine.start()
    own = tuple(OwnQuestion(f"own_{i}", f"q{i}") for i in range(1, MAX_OWN_QUESTIONS))
    answers = {"warning_signs": ["none"], "coping": True, "duration": "under_6_weeks"}
    content = saved.dumps(PATHWAY, answers, QuestionEdits(own=own)).encode()
    machine.home()
    machine.at.file_uploader(key="resume_start").set_value(("a.json", content, "text/json")).run()
    machine.expected = dict(answers)
    machine.no_exception()
    assert machine.step().kind == "summary"
    machine.click("edit_my_questions")
    new = machine.at.text_input(key="own_new")
    assert new.proto.max_chars == OWN_QUESTION_MAX_LENGTH
    new.input("One more question").run()  # Enter adds it (no Add click needed)
    machine.no_exception()
    assert len(machine.ss("edits")["own"]) == MAX_OWN_QUESTIONS
    assert machine.at.text_input(key="own_new").disabled
    assert machine.at.button(key="own_add").disabled
