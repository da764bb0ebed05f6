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
from decision_aid.formats.summary import to_markdown
from decision_aid.load import read
from decision_aid.model import Option, Pathway, Question, Step
from decision_aid.path import visible_questions, visible_steps
from decision_aid.plan import Plan, plan, question_list
from decision_aid_ui import start
from decision_aid_ui.cards import figure_text
from decision_aid_ui.widgets import in_grid

WORDS_PER_MINUTE = 200
CHROME = "Back Next Save my answers Menu"
"""The step chrome under every step's questions (progress line counted with the title)."""

METHOD = (
    "Counted from the engine's walk, not a browser. Clicks: 1 to start the pathway; 1 per "
    "radio answer (single choice, a row of the 'what you have tried' grid, yes/no, 0-10 "
    "scale); 1 per ticked checkbox; 1 to focus each text box; 1 per option card opened to "
    "read; 1 per own question added; 1 per Next (and 'See my summary'). Keystrokes: the "
    "characters typed into text boxes and own questions. Words: what the persona is shown "
    "open on the way, never the text of closed toggles or tooltips: the start page's lead, "
    "emergency line, draft notice and toggle labels with the pathway's title and one-line "
    "tagline; on each step the progress line, title, intro, the label of its background "
    "toggle, the visible questions with their choices (a grid: its column heads once and one "
    "short name per row) and scale end labels, checkbox help, safety banners and the step "
    "chrome (Back, Next, Save my answers, Menu); on the options page the stage, every card "
    "title and the full text of the cards opened (not the source lists), the question list, "
    "and the summary. Reading time is words / 200 per minute. Each persona answers what its "
    "script says plus every required question; optional questions it has no answer for stay "
    "empty. Goals: the typical persona at most 30 clicks and 10 minutes, every other persona "
    "at most 12 minutes."
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
        background = step.background.title if step.background else ""
        shown = words(f"Step {n} of {len(steps)} {step.title} {step.intro or ''} {background}")
        shown += _banner_words(the_plan) if step.kind != "safety" else 0
        if step.kind == "summary":
            pages.append((step.id, 0, 0, shown + words(to_markdown(the_plan))))
            break
        clicks, keys = 1, 0  # Next
        shown += words(CHROME)
        visible = visible_questions(pathway, step, answers)
        for i, q in enumerate(visible):
            shown += _question_words(pathway, q, visible[i - 1] if i else None)
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
    page = f"{start.LEAD} {start.EMERGENCY} {start.DRAFT_NOTICE}"
    page += " Getting ready Choose a topic About this tool Carry on from a saved file Start"
    return words(page) + words(f"{pathway.title} {pathway.tagline or pathway.summary}")


def _banner_words(the_plan: Plan) -> int:
    raised = " ".join(r.flag.text for r in the_plan.safety.raised)
    tiers = " ".join(f"{t.title} {t.message} {t.action}" for t in the_plan.safety.tiers)
    return words(f"{tiers} {raised}")


def _question_words(pathway: Pathway, q: Question, before: Question | None = None) -> int:
    if in_grid(pathway, q):  # one short name; the column heads once, over the first row
        first = before is None or not in_grid(pathway, before) or bool(q.heading)
        heads = " ".join(c.label for c in pathway.choices(q)) if first else ""
        return words(f"{q.heading or ''} {q.summary_label or q.text} {heads}")
    parts = [q.heading, q.text, q.min_label, q.max_label]
    if q.kind == "multiple":
        parts.append(q.help)  # other widgets show their help on a tap of "?"
    if q.kind in ("single", "multiple"):
        parts += [c.label for c in pathway.choices(q)]
    if q.kind == "single":  # a radio's choice help is a caption; a checkbox's is a tooltip
        parts += [c.help for c in pathway.choices(q)]
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
    if step.has_question_list:
        listed = question_list(pathway, the_plan.answers, persona.edits())
        typed = sum(len(t) for t in persona.own_questions)
        return 2 * len(persona.own_questions), typed, sum(words(q.text) for q in listed)
    return 0, 0, 0


def _card_words(pathway: Pathway, o: Option) -> int:
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
    s.notes.append(
        "An estimate from the content, with no browser. It does not follow every screen change "
        "of issue 13 (it still counts a 'None of these' per warning-sign group and an 'Add' "
        "click per own question), so it runs above what people see. Issue 13's goals (typical "
        "persona <= 30 clicks and <= 10 minutes, others <= 12 minutes) are measured in the "
        "browser: figure 8."
    )
    for persona in walks.PERSONAS:
        e = effort(pathway, persona)
        s.rows.append(
            Row(
                f"{persona.name}: clicks, keystrokes, reading",
                f"{e.clicks} clicks, {e.keystrokes} keys, {e.words:,} words = {e.minutes:.1f} min",
            )
        )
        s.notes.append(_why(e, persona))
    return s


def _why(e: Effort, persona: walks.Persona) -> str:
    pages = ", ".join(f"{page} {clicks}/{shown:,}" for page, clicks, shown in e.pages)
    return (
        f"{persona.name}: {e.clicks} clicks, {e.minutes:.1f} reading minutes. Clicks/words by "
        f"page: {pages}."
    )
