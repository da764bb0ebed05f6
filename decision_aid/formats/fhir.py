"""FHIR R4 export: a pathway as a ``Questionnaire``, a person's answers as a
``QuestionnaireResponse``, and a response read back into answers.

Plain dicts, ready for ``json.dumps``; ``fhir.resources`` is used only by the tests (it is slow
to import). The mapping is documented in docs/fhir.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Literal

from decision_aid.answers import Answer, Answers, leaves, validate_answers
from decision_aid.formats.fhir_conditions import (
    Formula,
    answers_path,
    canonical_url,
    code_system,
    enable_elements,
    expression_extension,
    formula,
    or_,
    reached,
)
from decision_aid.formats.fhir_read import OWN_GROUP, OWN_ITEM
from decision_aid.model import Pathway, Question, SafetyTier, Score, Step
from decision_aid.path import missing_required, prune, visible_steps
from decision_aid.plan import scores

Status = Literal["completed", "in-progress"]
Extra = tuple[str, dict[str, Any]]
"""A safety message or score item, with the id of the question it follows."""

EXT = "http://hl7.org/fhir/StructureDefinition"
SDC = "http://hl7.org/fhir/uv/sdc/StructureDefinition"
CALCULATED_EXPRESSION = f"{SDC}/sdc-questionnaire-calculatedExpression"
OPTION_EXCLUSIVE = f"{EXT}/questionnaire-optionExclusive"


def step_link_id(step: Step) -> str:
    """The linkId of a step's group; the dot keeps it apart from question ids."""
    return f"step.{step.id}"


def score_link_id(score: Score) -> str:
    """The linkId of a calculated score item."""
    return f"score.{score.id}"


def safety_link_id(tier: SafetyTier) -> str:
    """The linkId of a safety tier's message."""
    return f"safety.{tier.key}"


OWN_TITLE = "Questions I wrote for my clinician"


def own_questions_item() -> dict[str, Any]:
    """The Questionnaire's group for the person's own questions (strings, any number)."""
    inner = {"linkId": OWN_ITEM, "text": "A question I wrote", "type": "string", "repeats": True}
    return {"linkId": OWN_GROUP, "text": OWN_TITLE, "type": "group", "item": [inner]}


# --- Questionnaire -------------------------------------------------------------------------------


def questionnaire(pathway: Pathway) -> dict[str, Any]:
    """The pathway as a FHIR R4 ``Questionnaire`` (a JSON-ready dict).

    Steps become groups, enabled when the engine's walk reaches them; questions keep their id as
    ``linkId``; safety messages and scores sit after the last question they depend on.

    Args:
        pathway: A validated pathway.

    Raises:
        ValueError: a step routes backward (the loader rejects such pathways).
    """
    shown = reached(pathway)
    extras = _extras_by_step(pathway)
    groups = [_group(pathway, s, shown[s.id], extras.get(s.id, [])) for s in pathway.steps]
    return {
        "resourceType": "Questionnaire",
        "url": canonical_url(pathway),
        "version": pathway.version,
        "title": pathway.title,
        "status": "active",
        "subjectType": ["Patient"],
        "description": pathway.summary,
        "purpose": pathway.scope,
        "approvalDate": pathway.published.isoformat(),
        "lastReviewDate": pathway.last_reviewed.isoformat(),
        "item": [*(g for g in groups if g["item"]), own_questions_item()],
    }


def _group(pathway: Pathway, step: Step, shown: Formula, extras: list[Extra]) -> dict[str, Any]:
    items = [_intro(step)] if step.intro else []
    for q in step.questions:
        items.append(_question(pathway, q))
        items.extend(item for after, item in extras if after == q.id)
    group = {"linkId": step_link_id(step), "text": step.title, "type": "group"}
    return group | enable_elements(shown) | {"item": items}


def _intro(step: Step) -> dict[str, Any]:
    return {"linkId": f"{step_link_id(step)}.intro", "text": step.intro, "type": "display"}


def _question(pathway: Pathway, q: Question) -> dict[str, Any]:
    item: dict[str, Any] = {"linkId": q.id, "text": q.text}
    item |= _KINDS[q.kind](pathway, q)
    if q.required:
        item["required"] = True
    return item | enable_elements(formula(pathway, q.enable_when))


def _choice(pathway: Pathway, q: Question) -> dict[str, Any]:
    system = code_system(pathway, q)
    options = []
    for c in pathway.choices(q):
        coding = {"system": system, "code": c.id, "display": c.label}
        option: dict[str, Any] = {"valueCoding": coding}
        if c.exclusive:
            option["extension"] = [{"url": OPTION_EXCLUSIVE, "valueBoolean": True}]
        options.append(option)
    repeats = {"repeats": True} if q.kind == "multiple" else {}
    return {"type": "choice"} | repeats | {"answerOption": options}


def _boolean(pathway: Pathway, q: Question) -> dict[str, Any]:
    return {"type": "boolean"}


def _integer(pathway: Pathway, q: Question) -> dict[str, Any]:
    return {
        "type": "integer",
        "extension": [
            {"url": f"{EXT}/minValue", "valueInteger": q.min},
            {"url": f"{EXT}/maxValue", "valueInteger": q.max},
        ],
    }


def _text(pathway: Pathway, q: Question) -> dict[str, Any]:
    return {"type": "text", "maxLength": q.max_length}


_KINDS = {
    "single": _choice,
    "multiple": _choice,
    "yes_no": _boolean,
    "scale": _integer,
    "text": _text,
}


def _extras_by_step(pathway: Pathway) -> dict[str, list[Extra]]:
    """Safety messages and scores, each placed after the last question it depends on."""
    out: dict[str, list[Extra]] = {}
    extras = [(_tier_item(pathway, t), _tier_questions(t)) for t in pathway.safety]
    extras += [extra for t in pathway.safety for extra in _action_items(pathway, t)]
    extras += [(_score_item(s), list(s.items)) for s in pathway.scores]
    for item, questions in extras:
        last = _last_question(pathway, questions)
        if last is not None:  # else it depends on no question: nothing to place it after
            out.setdefault(pathway.step_of[last].id, []).append((last, item))
    return out


def _tier_questions(tier: SafetyTier) -> list[str]:
    return [c.question for flag in tier.items for c in leaves(flag.when)]


def _last_question(pathway: Pathway, question_ids: list[str]) -> str | None:
    order = {qid: i for i, qid in enumerate(pathway.questions)}
    known = [q for q in question_ids if q in order]
    return max(known, key=order.__getitem__) if known else None


def _tier_item(pathway: Pathway, tier: SafetyTier) -> dict[str, Any]:
    raised = or_(*(formula(pathway, flag.when) for flag in tier.items))
    item = {"linkId": safety_link_id(tier), "text": f"{tier.message} {tier.action}"}
    return item | {"type": "display"} | enable_elements(raised)


def _action_items(
    pathway: Pathway, tier: SafetyTier
) -> Iterator[tuple[dict[str, Any], list[str]]]:
    # Each kind of sign's action line, shown only when a sign of that kind is raised.
    for line in tier.actions:
        flags = [f for f in tier.items if f.action == line.id]
        if not flags:
            continue
        raised = or_(*(formula(pathway, f.when) for f in flags))
        item = {"linkId": f"{safety_link_id(tier)}.{line.id}", "text": line.text}
        questions = [c.question for f in flags for c in leaves(f.when)]
        yield item | {"type": "display"} | enable_elements(raised), questions


def _score_item(score: Score) -> dict[str, Any]:
    return {
        "linkId": score_link_id(score),
        "text": score.title,
        "type": "decimal",
        "readOnly": True,
        "extension": [expression_extension(CALCULATED_EXPRESSION, score_expression(score))],
    }


def score_expression(score: Score) -> str:
    """FHIRPath for a score: empty until every item is answered, like ``plan.scores``."""
    total = " + ".join(f"{answers_path(i)}.first()" for i in score.items)
    if score.method == "sum":
        return f"({total})"
    return f"(({total}) / {len(score.items)}).round(1)"


# --- QuestionnaireResponse ---------------------------------------------------------------------


def response(
    pathway: Pathway,
    answers: Mapping[str, Any],
    status: Status | None = None,
    authored: dt.datetime | None = None,
    own: Sequence[str] = (),
) -> dict[str, Any]:
    """A person's answers as a FHIR R4 ``QuestionnaireResponse`` (a JSON-ready dict).

    Only answers to questions the person can see are exported (hidden ones are pruned), nested in
    their step groups, with the question text copied for people reading the file. The person's
    own questions (``own``) follow as a group of strings. There is no subject, author or
    identifier.

    Args:
        pathway: The pathway the answers belong to.
        answers: Answers by question id (checked with ``answers.validate_answers``).
        status: "completed" or "in-progress"; by default "completed" when the summary is
            reached with every required question answered.
        authored: When the answers were given; must have a time zone. Defaults to now (UTC).

    Raises:
        errors.AnswerError: an answer does not fit its question.
        ValueError: ``authored`` has no time zone.
    """
    kept = prune(pathway, validate_answers(pathway, answers)).answers
    when = authored or dt.datetime.now(dt.UTC)
    if when.utcoffset() is None:
        raise ValueError("authored needs a time zone, e.g. datetime.now(UTC)")
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": f"{canonical_url(pathway)}|{pathway.version}",
        "status": status or _status(pathway, kept),
        "authored": when.isoformat(timespec="seconds"),
        "item": [*_response_groups(pathway, kept), *_own_group(own)],
    }


def _own_group(own: Sequence[str]) -> list[dict[str, Any]]:
    if not own:
        return []
    answers = [{"valueString": text} for text in own]
    inner = {"linkId": OWN_ITEM, "text": "A question I wrote", "answer": answers}
    return [{"linkId": OWN_GROUP, "text": OWN_TITLE, "item": [inner]}]


def _status(pathway: Pathway, answers: Answers) -> Status:
    steps = visible_steps(pathway, answers)
    done = bool(steps) and steps[-1].kind == "summary"
    if done and not any(missing_required(pathway, s, answers) for s in steps):
        return "completed"
    return "in-progress"


def _response_groups(pathway: Pathway, answers: Answers) -> Iterator[dict[str, Any]]:
    values = {s.id: s.value for s in scores(pathway, answers)}
    placed = _scores_by_question(pathway)
    for step in pathway.steps:
        items = []
        for q in step.questions:
            if q.id in answers:
                answer = _answer(pathway, q, answers[q.id])
                items.append({"linkId": q.id, "text": q.text, "answer": answer})
            for score in placed.get(q.id, []):
                if values[score.id] is not None:
                    items.append(_score_answer(score, values[score.id]))
        if items:
            yield {"linkId": step_link_id(step), "text": step.title, "item": items}


def _scores_by_question(pathway: Pathway) -> dict[str, list[Score]]:
    out: dict[str, list[Score]] = {}
    for score in pathway.scores:
        last = _last_question(pathway, list(score.items))
        if last is not None:
            out.setdefault(last, []).append(score)
    return out


def _score_answer(score: Score, value: float | None) -> dict[str, Any]:
    answer = [{"valueDecimal": value}]
    return {"linkId": score_link_id(score), "text": score.title, "answer": answer}


def _answer(pathway: Pathway, q: Question, value: Answer) -> list[dict[str, Any]]:
    if q.kind in ("single", "multiple"):
        labels = {c.id: c.label for c in pathway.choices(q)}
        system = code_system(pathway, q)
        codes = value if isinstance(value, list) else [str(value)]
        return [{"valueCoding": {"system": system, "code": c, "display": labels[c]}} for c in codes]
    key = {"yes_no": "valueBoolean", "scale": "valueInteger", "text": "valueString"}[q.kind]
    return [{key: value}]
