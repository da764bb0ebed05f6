"""Figure 7: patient effort for scripted personas, counted from the engine's walk.

No browser: the walk gives the pages a persona sees and what is on them, and the app's widget
design gives the cost of each answer (see ``METHOD``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bench import walks
from bench.report import Row, Section
from decision_aid.evaluate import Plan, plan, question_list, visible_questions, visible_steps
from decision_aid.load import read
from decision_aid.model import Option, Pathway, Question, Step
from decision_aid.summary import to_markdown

WORDS_PER_MINUTE = 200
MAX_CLICKS = 40
MAX_MINUTES = 10

METHOD = (
    "Counted from the engine's walk, not a browser. Clicks: 1 to start the pathway; 1 per "
    "radio answer (single choice, yes/no, 0-10 scale); 1 per ticked checkbox; 1 to focus each "
    "text box; 1 per option card opened to read; 1 per own question added; 1 per Next (and "
    "'See my summary'). Keystrokes: the characters typed into text boxes and own questions. "
    "Words: everything the persona is shown on the way: the start page text and the pathway's "
    "card, each page's title, progress line, intro, the visible questions with their choices, "
    "help and scale labels, safety banners, on the options page the stage, every card title and "
    "the full text of the cards opened (not the source lists), the question list, and the "
    "summary. Reading time is words / 200 per minute. Each persona answers what its script "
    "says plus every required question; optional questions it has no answer for stay empty."
)


@dataclass(frozen=True)
class Effort:
    """What one walk costs the person, with (page, clicks, words) for each page."""

    clicks: int
    keystrokes: int
    words: int
    pages: tuple[tuple[str, int, int], ...] = ()

    @property
    def minutes(self) -> float:
        """Reading time at 200 words per minute."""
        return self.words / WORDS_PER_MINUTE


def words(text: str | None) -> int:
    """The number of words in ``text``."""
    return len(re.findall(r"[\w'’]+", text or ""))


def effort(pathway: Pathway, persona: walks.Persona) -> Effort:
    """Clicks, keystrokes and words for ``persona`` walking ``pathway`` to the summary."""
    answers = persona.walk(pathway)
    the_plan = plan(pathway, answers, persona.edits())
    steps = visible_steps(pathway, answers)
    pages = [("start", 1, 0, _start_words(pathway))]
    for n, step in enumerate(steps, 1):
        shown = words(f"Step {n} of {len(steps)} {step.title} {step.intro or ''}")
        shown += _banner_words(the_plan) if step.kind != "safety" else 0
        if step.kind == "summary":
            pages.append((step.id, 0, 0, shown + words(to_markdown(the_plan))))
            break
        clicks, keys = 1, 0  # Next
        for q in visible_questions(pathway, step, answers):
            shown += _question_words(pathway, q)
            c, k = _answer_cost(q, answers.get(q.id))
            clicks, keys = clicks + c, keys + k
        c, k, w = _page_extras(pathway, step, persona, the_plan)
        pages.append((step.id, clicks + c, keys + k, shown + w))
    return Effort(
        sum(p[1] for p in pages),
        sum(p[2] for p in pages),
        sum(p[3] for p in pages),
        tuple((p[0], p[1], p[3]) for p in pages),
    )


def _start_words(pathway: Pathway) -> int:
    try:
        from decision_aid_ui.start import INTRO
    except ImportError:  # the app is not there: count the pathway's own texts only
        INTRO = ""  # noqa: N806
    return words(INTRO) + words(f"{pathway.title} {pathway.summary} {pathway.scope}")


def _banner_words(the_plan: Plan) -> int:
    raised = " ".join(r.flag.text for r in the_plan.safety.raised)
    tiers = " ".join(f"{t.title} {t.message} {t.action}" for t in the_plan.safety.tiers)
    return words(f"{tiers} {raised}")


def _question_words(pathway: Pathway, q: Question) -> int:
    parts = [q.text, q.help, q.min_label, q.max_label]
    if q.kind in ("single", "multiple"):
        parts += [f"{c.label} {c.help or ''}" for c in pathway.choices(q)]
    if q.kind == "yes_no":
        parts.append("Yes No")
    return sum(words(p) for p in parts)


def _answer_cost(q: Question, value: object) -> tuple[int, int]:
    if value is None:
        return 0, 0
    if q.kind == "multiple":
        return len(value) if isinstance(value, list) else 0, 0
    if q.kind == "text":
        return 1, len(str(value))
    return 1, 0


def _page_extras(
    pathway: Pathway, step: Step, persona: walks.Persona, the_plan: Plan
) -> tuple[int, int, int]:
    """Clicks, keystrokes and words of the options and question-list pages."""
    if step.kind == "options":
        opened = [o for o in pathway.options if o.id in persona.open_cards]
        stage = the_plan.stage
        shown = words(f"{stage.title} {stage.description}") if stage else 0
        shown += sum(words(o.title) for o in pathway.options)
        return len(opened), 0, shown + sum(_card_words(pathway, o) for o in opened)
    if step.kind == "clinician_questions":
        listed = question_list(pathway, the_plan.answers, persona.edits())
        typed = sum(len(t) for t in persona.own_questions)
        return 2 * len(persona.own_questions), typed, sum(words(q.text) for q in listed)
    return 0, 0, 0


def _card_words(pathway: Pathway, o: Option) -> int:
    try:
        from decision_aid_ui.cards import figure_text
    except ImportError:
        figures = " ".join(f"{f.event} {f.time_frame} {f.population}" for f in o.figures)
    else:
        figures = " ".join(figure_text(pathway, f) for f in o.figures)
    text = " ".join(
        [o.what_it_is, o.involves, *o.benefits, *o.harms, o.living_with, o.evidence_note, o.costs]
    )
    return words(f"{text} {figures}")


def figure(files: list[Path]) -> Section:
    """Figure 7 for the main pathway."""
    from bench.engine import main_pathway

    path = main_pathway(files)
    pathway = read(path)
    s = Section(7, "Patient effort", method=METHOD + f" Pathway: `{path.name}`.")
    for persona in walks.PERSONAS:
        e = effort(pathway, persona)
        met = e.clicks < MAX_CLICKS and e.minutes < MAX_MINUTES
        s.rows.append(
            Row(
                f"{persona.name}: clicks, keystrokes, reading",
                f"{e.clicks} clicks, {e.keystrokes} keys, {e.words:,} words = {e.minutes:.1f} min",
                goal=f"< {MAX_CLICKS} clicks and < {MAX_MINUTES} min",
                met=met,
            )
        )
        if not met:
            s.notes.append(_why(e, persona))
    return s


def _why(e: Effort, persona: walks.Persona) -> str:
    pages = ", ".join(f"{page} {clicks}/{shown:,}" for page, clicks, shown in e.pages)
    return (
        f"{persona.name}: {e.clicks} clicks, {e.minutes:.1f} reading minutes. Clicks/words by "
        f"page: {pages}."
    )
