"""The one-page PDF: always one page, safety first, people's text drawn literally.

fpdf2 subsets the font and writes glyph ids, so the PDF bytes cannot be searched for words.
The tests check the content through ``pdf_lines`` and by recording every ``FPDF.cell`` call
that ``to_pdf`` makes, and the page through the PDF's page objects and MediaBox.
"""

from __future__ import annotations

import datetime as dt
import re
import socket
from pathlib import Path
from typing import Any

import pytest
from fpdf import FPDF

from decision_aid.formats import pdf, summary
from decision_aid.load import read
from decision_aid.plan import MAX_OWN_QUESTIONS, OwnQuestion, QuestionEdits, plan

HERE = Path(__file__).parent
PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "![x](http://example.com/t.png)",
    "[link](javascript:alert(1))",
]
FULL = {
    "warning_signs": ["fever"],
    "coping": False,
    "duration": "over_3_months",
    "pain_average": 8,
    "pain_enjoyment": 7,
    "pain_activity": 9,
    "long_term_detail": "Worse after sitting – ≥ 2 hours; café visits help. " * 3,
    "tried_exercise": "did_not_help",
    "value_avoid_implants": 8,
    "goal": "Walk the dog to the park and back without stopping. " * 3,
    "discuss": ["self_care", "exercise"],
}
LONG_OWN = tuple(
    OwnQuestion(f"own_{i}", f"Own question {i}: " + "what should I do while I wait? " * 9)
    for i in range(1, MAX_OWN_QUESTIONS + 1)
)
TODAY = dt.date(2026, 6, 1)


@pytest.fixture(scope="module")
def pathway() -> Any:
    return read(HERE / "fixtures" / "example.yaml")


def _plan(pathway: Any, answers: dict[str, Any], own: tuple[OwnQuestion, ...] = ()) -> Any:
    return plan(pathway, answers, QuestionEdits(own=own), today=TODAY)


def _pages(data: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b(?!s)", data))


def _media_box(data: bytes) -> tuple[float, float]:
    match = re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", data)
    assert match, "no MediaBox"
    return float(match[1]), float(match[2])


@pytest.fixture()
def drawn(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text ``to_pdf`` draws, in order."""
    texts: list[str] = []
    real = FPDF.cell

    def record(self: FPDF, *args: Any, **kwargs: Any) -> Any:
        texts.append(kwargs.get("text", args[2] if len(args) > 2 else ""))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(FPDF, "cell", record)
    return texts


def test_one_page_for_a_short_walk(pathway: Any) -> None:
    plan = _plan(pathway, {"warning_signs": ["none"], "coping": True})
    data = pdf.to_pdf(plan)
    assert data.startswith(b"%PDF-")
    assert _pages(data) == 1


def test_long_content_takes_two_pages_then_shortens(pathway: Any, drawn: list[str]) -> None:
    plan = _plan(pathway, FULL, LONG_OWN)
    data = pdf.to_pdf(plan)
    assert _pages(data) == pdf.MAX_PAGES
    assert pdf.MORE in " ".join(drawn)  # the shrink path ran out of room and shortened
    assert any(re.match(r"\d+\. Own question 1:", t) for t in drawn)


def test_fit_uses_a_second_page_before_it_shortens(pathway: Any) -> None:
    plan = _plan(pathway, FULL, LONG_OWN[:6])
    layout = pdf._Layout(pdf.document(plan, "A4"))
    size, content = pdf.fit(layout, pdf.blocks(plan))
    assert pdf.MIN_SIZE == 10.0 and size >= pdf.MIN_SIZE
    assert content == pdf.blocks(plan)  # nothing cut


def test_page_one_holds_warning_tell_first_options_and_top_questions(
    pathway: Any, drawn: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = FPDF.add_page

    def page(self: FPDF, *args: Any, **kwargs: Any) -> Any:
        drawn.append("<new page>")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(FPDF, "add_page", page)
    plan = _plan(pathway, FULL, LONG_OWN[:6])
    pdf.to_pdf(plan, today=dt.date(2026, 12, 2))
    first = drawn[1 : drawn.index("<new page>", 1)] if drawn.count("<new page>") > 1 else drawn
    for text in ("Contact a clinician today", "To tell my clinician first", "My top questions",
                 "Options I want to discuss", "Date: 2 December 2026", "My notes"):
        assert text in drawn, text
    for text in ("Contact a clinician today", "To tell my clinician first", "My top questions",
                 "Options I want to discuss", "Date: 2 December 2026"):
        assert text in first, text


def test_shortened_content_fits_the_page(pathway: Any) -> None:
    plan = _plan(pathway, FULL, LONG_OWN)
    layout = pdf._Layout(pdf.document(plan, "Letter"))
    size, content = pdf.fit(layout, pdf.blocks(plan))
    used = sum(pdf._height(layout, b, size) for b in content)
    assert size == pdf.MIN_SIZE
    assert used <= pdf._room(layout, pdf.MAX_PAGES)
    assert content[0].kind == "safety" and not content[0].more  # safety is never cut
    assert content[-1].kind == "footer" and not content[-1].more


def test_what_next_is_never_shortened() -> None:
    # The typical person of the main pathway, with the longest own questions, fills two pages
    # so that long sections are shortened; the line on when to get help sooner is longer than a
    # shortened line may be.
    from bench import walks

    main = read(HERE.parent / "pathways" / "mid-back-pain.yaml")
    person = next(p for p in walks.PERSONAS if p.name.startswith("chronic"))
    made = plan(main, person.walk(main), QuestionEdits(own=LONG_OWN), today=TODAY)
    layout = pdf._Layout(pdf.document(made, "Letter"))
    _, content = pdf.fit(layout, pdf.blocks(made))
    assert any(b.more for b in content)  # else this test proves nothing
    nxt = next(b for b in content if b.heading == "What next")
    assert not nxt.more and nxt.lines == tuple(f"• {t}" for t in summary.what_next(made))


@pytest.mark.parametrize(("paper", "size"), [("A4", (595.28, 841.89)), ("Letter", (612.0, 792.0))])
def test_paper_sizes(pathway: Any, paper: pdf.Paper, size: tuple[float, float]) -> None:
    data = pdf.to_pdf(_plan(pathway, FULL, LONG_OWN), paper)
    assert _pages(data) <= pdf.MAX_PAGES
    assert _media_box(data) == pytest.approx(size, abs=0.01)


def test_same_day_safety_message_comes_first(pathway: Any, drawn: list[str]) -> None:
    plan = _plan(pathway, FULL)
    tier = pathway.safety[1]
    lines = pdf.pdf_lines(plan)
    assert lines[:4] == [tier.title, tier.message, tier.action, "• Fever"]
    pdf.to_pdf(plan)
    assert drawn[0] == tier.title


def test_sections_in_reading_order(pathway: Any) -> None:
    lines = pdf.pdf_lines(_plan(pathway, FULL, LONG_OWN[:2]))
    order = [
        "Contact a clinician today",
        "My summary: Example pathway",
        "To tell my clinician first",
        "PEG score: 8 out of 10",
        "My top questions",
        "1. What are my options?",
        "Options I want to discuss",
        "What next",
        "If there is time",
        "What I have tried",
        "What matters to me",
        "Where I am: Pain that has lasted",
        "My notes",
        summary.NOT_ADVICE,
    ]
    at = [next(i for i, ln in enumerate(lines) if ln.startswith(x)) for x in order]
    assert at == sorted(at)


def test_footer_names_the_pathway_and_an_overdue_review(pathway: Any) -> None:
    late = plan(pathway, FULL, today=dt.date(2030, 1, 1))
    lines = pdf.pdf_lines(late)
    assert lines[-3].startswith("Example pathway, version 1.0.0. Content last reviewed 2026-01-10")
    assert lines[-1] == "This content is past its review date: some of it may be out of date."
    assert "past its review date" not in " ".join(pdf.pdf_lines(_plan(pathway, FULL)))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_typed_text_is_literal(pathway: Any, payload: str, drawn: list[str]) -> None:
    answers = {**FULL, "goal": payload, "long_term_detail": payload}
    plan = _plan(pathway, answers, (OwnQuestion("own_1", payload),))
    lines = pdf.pdf_lines(plan)
    assert f"What would you most like to be able to do again?: {payload}" in lines
    number = len(plan.included_questions)  # own questions come after the library's
    assert f"{number}. {payload}" in lines
    data = pdf.to_pdf(plan)
    assert _pages(data) <= pdf.MAX_PAGES
    # the goal (told first and under values), the detail and the own question, as typed
    assert sum(payload in t for t in drawn) == 4
    assert b"/URI" not in data and b"/JavaScript" not in data  # no links were made


def test_unicode_and_control_characters(pathway: Any, drawn: list[str]) -> None:
    text = "Pain ≥ 7 – naïve café\u0301\x00\x07 tab\there\nnew line"
    pdf.to_pdf(_plan(pathway, {**FULL, "goal": text}))
    joined = "\n".join(drawn)
    assert "Pain ≥ 7 – naïve café" in joined  # the decomposed accent is composed
    assert "\x00" not in joined and "\x07" not in joined


def test_a_word_longer_than_the_line_is_cut(pathway: Any, drawn: list[str]) -> None:
    word = "x" * 400
    data = pdf.to_pdf(_plan(pathway, {**FULL, "goal": word}))
    assert _pages(data) <= pdf.MAX_PAGES
    pieces = [t for t in drawn if set(t) == {"x"}]
    assert len(pieces) > 1 and "".join(pieces).endswith("x" * 100)


def test_metadata_names_nobody(pathway: Any) -> None:
    data = pdf.to_pdf(_plan(pathway, FULL))
    assert b"/Author" not in data
    assert b"/Title" in data


def test_no_network(pathway: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the PDF must not open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert _pages(pdf.to_pdf(_plan(pathway, FULL, LONG_OWN))) <= pdf.MAX_PAGES


def test_font_files_ship_with_their_licence() -> None:
    names = {p.name for p in pdf.FONT_DIR.iterdir()}
    assert {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "LICENSE"} <= names
    assert sum(p.stat().st_size for p in pdf.FONT_DIR.glob("*.ttf")) < 300_000


def test_own_questions_are_kept_when_the_list_is_shortened() -> None:
    lines = ("1. library 1", "2. library 2", "3. library 3", "4. mine")
    block = pdf.Block("questions", "My questions", lines, keep=(False, False, False, True))
    shorter = pdf._drop_one(pdf._drop_one(block))
    assert shorter.lines == ("1. library 1", "4. mine")
    assert shorter.more
    assert pdf._drop_one(pdf.Block("section", "S", ("a", "b"))).lines == ("a",)
