"""Conditions as FHIR: pathway conditions and step routes -> ``enableWhen`` or FHIRPath.

A pathway condition is first turned into a small boolean formula over FHIR-level atoms (one
atom = one ``enableWhen``: question, operator, typed answer). Each atom keeps the engine's rule
that a comparison with an unanswered question is false. A formula that is one atom, or an
all/any of atoms, becomes ``enableWhen`` + ``enableBehavior``; anything else (negation, nesting)
becomes the SDC ``enableWhenExpression`` extension with a FHIRPath expression.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Literal

from decision_aid.model import AllOf, AnyOf, Compare, Condition, NotOf, Pathway, Question

BASE_URL = "https://decision-aid.example.org/fhir"
"""Placeholder base of every canonical URL and code system we publish (see docs/fhir.md)."""

ENABLE_WHEN_EXPRESSION = (
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression"
)


def canonical_url(pathway: Pathway) -> str:
    """The canonical URL of the pathway's Questionnaire (the version goes in ``version``)."""
    return f"{BASE_URL}/Questionnaire/{pathway.id}"


def code_system(pathway: Pathway, question: Question) -> str:
    """The code system URI of the answer options of one question."""
    return f"{BASE_URL}/CodeSystem/{pathway.id}/{question.id}"


# --- The formula: atoms, and/or, not --------------------------------------------------------------


@dataclass(frozen=True)
class Atom:
    """One FHIR ``enableWhen``: ``answer`` is (answer[x] key, value)."""

    question: str
    operator: str
    answer: tuple[str, Any]


@dataclass(frozen=True)
class Junction:
    """All (``and``) or any (``or``) of two or more parts."""

    kind: Literal["and", "or"]
    parts: tuple[Formula, ...]


@dataclass(frozen=True)
class Negation:
    """The opposite of a part."""

    part: Formula


Formula = bool | Atom | Junction | Negation


def and_(*parts: Formula) -> Formula:
    """All of ``parts``, simplified (constants, nesting, duplicates, X and not X)."""
    return _junction("and", parts)


def or_(*parts: Formula) -> Formula:
    """Any of ``parts``, simplified (constants, nesting, duplicates, X or not X)."""
    return _junction("or", parts)


def not_(part: Formula) -> Formula:
    """The negation of ``part``, simplified."""
    if isinstance(part, bool):
        return not part
    if isinstance(part, Negation):
        return part.part
    return Negation(part)


def _junction(kind: Literal["and", "or"], parts: tuple[Formula, ...]) -> Formula:
    unit = kind == "and"  # True is the unit of and, False the unit of or
    flat: list[Formula] = []
    for part in parts:
        inner = part.parts if isinstance(part, Junction) and part.kind == kind else (part,)
        for p in inner:
            if p is (not unit) or (not_(p) in flat):
                return not unit  # a zero, or X with not X
            if p is not unit and p not in flat:
                flat.append(p)
    reduced = _absorb(kind, flat)
    if reduced != flat:
        return _junction(kind, tuple(reduced))
    if not flat:
        return unit
    return flat[0] if len(flat) == 1 else Junction(kind, tuple(flat))


def _absorb(kind: str, flat: list[Formula]) -> list[Formula]:
    """One round of absorption, e.g. for ``or``: A or (A and B) = A; A or (not A and B) = A or B.

    Route conditions repeat the condition of reaching the step, so this keeps them short.
    """
    out = list(flat)
    for i, part in enumerate(out):
        if not isinstance(part, Junction) or part.kind == kind:
            continue
        others = [p for j, p in enumerate(out) if j != i]
        if any(p in part.parts for p in others):
            return others
        kept = tuple(p for p in part.parts if not_(p) not in others)
        if len(kept) < len(part.parts):
            out[i] = _junction(part.kind, kept)
            return out
    return out


# --- Pathway conditions -> formulas ---------------------------------------------------------------


def formula(pathway: Pathway, condition: Condition | None) -> Formula:
    """The formula that holds exactly when ``condition`` holds (``holds`` in answers.py)."""
    if condition is None:
        return True
    if isinstance(condition, AllOf):
        return and_(*(formula(pathway, c) for c in condition.all))
    if isinstance(condition, AnyOf):
        return or_(*(formula(pathway, c) for c in condition.any))
    if isinstance(condition, NotOf):
        return not_(formula(pathway, condition.not_))
    return _compare(pathway, condition)


def _compare(pathway: Pathway, c: Compare) -> Formula:
    q = pathway.questions.get(c.question)
    if c.operator == "answered":
        wanted = c.value is not False
        return _exists(c.question, wanted) if q is not None else not wanted
    if q is None:
        return False  # never answered, so never equal, greater, ...
    if c.operator == "equals":
        return _equal(pathway, q, c.value)
    if c.operator == "not_equals":
        return _not_equal(pathway, q, c.value)
    if c.operator == "in":
        values = c.value if isinstance(c.value, list) else []
        return or_(*(_equal(pathway, q, v) for v in values))
    if c.operator == "contains":
        return _contains(pathway, q, c.value)
    return _order(q, c.operator, c.value)


def _exists(question: str, wanted: bool) -> Atom:
    return Atom(question, "exists", ("answerBoolean", wanted))


def _coding(pathway: Pathway, q: Question, code: str) -> tuple[str, Any]:
    labels = {c.id: c.label for c in pathway.choices(q)}
    coding = {"system": code_system(pathway, q), "code": code, "display": labels[code]}
    return ("answerCoding", coding)


def _equal(pathway: Pathway, q: Question, want: Any) -> Formula:
    """Python ``answer == want`` for a valid answer to ``q`` (so True == 1, as in the engine)."""
    if q.kind == "multiple":
        return _same_selection(pathway, q, want)
    if q.kind == "single":
        ok = isinstance(want, str) and want in {c.id for c in pathway.choices(q)}
        return Atom(q.id, "=", _coding(pathway, q, want)) if ok else False
    if q.kind == "text":
        return Atom(q.id, "=", ("answerString", want)) if isinstance(want, str) else False
    if isinstance(want, str) or (q.kind == "yes_no" and want not in (0, 1)):
        return False
    if q.kind == "yes_no":
        return Atom(q.id, "=", ("answerBoolean", bool(want)))
    return Atom(q.id, "=", ("answerInteger", int(want)))


def _same_selection(pathway: Pathway, q: Question, want: Any) -> Formula:
    # Valid answers list choices once, in file order; any other list never equals one.
    ids = [c.id for c in pathway.choices(q)]
    if not isinstance(want, list) or want != [i for i in ids if i in want] or not want:
        return False
    chosen = [Atom(q.id, "=", _coding(pathway, q, i)) for i in want]
    others = [Atom(q.id, "=", _coding(pathway, q, i)) for i in ids if i not in want]
    return and_(*chosen, not_(or_(*others)))


def _not_equal(pathway: Pathway, q: Question, want: Any) -> Formula:
    equal = _equal(pathway, q, want)
    if isinstance(equal, Atom):
        # '!=' alone is read differently by form fillers when unanswered; 'exists' pins it down.
        return and_(_exists(q.id, True), replace(equal, operator="!="))
    return and_(_exists(q.id, True), not_(equal))


def _contains(pathway: Pathway, q: Question, want: Any) -> Formula:
    ids = {c.id for c in pathway.choices(q)}
    if q.kind != "multiple" or not isinstance(want, str) or want not in ids:
        return False
    return Atom(q.id, "=", _coding(pathway, q, want))


_ORDER = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<="}


def _order(q: Question, operator: str, want: Any) -> Formula:
    if q.kind != "scale" or isinstance(want, bool) or not isinstance(want, int):
        return False
    return Atom(q.id, _ORDER[operator], ("answerInteger", want))


# --- Routes -> when each step is on the path ---------------------------------------------------


def reached(pathway: Pathway) -> dict[str, Formula]:
    """For each step id, the formula under which the engine's walk shows it (``_walk``).

    The walk arrives at the first step; a step whose ``enable_when`` fails is skipped; a shown
    step goes to the target of its first route that holds, else to the next step; the summary
    ends the walk. Routes go forward, so one pass in file order is enough.
    """
    index = {s.id: i for i, s in enumerate(pathway.steps)}
    arrive: list[Formula] = [True]
    arrive += [False] * len(pathway.steps)
    shown: dict[str, Formula] = {}
    for i, step in enumerate(pathway.steps):
        enabled = formula(pathway, step.enable_when)
        shown[step.id] = on = and_(arrive[i], enabled)
        arrive[i + 1] = or_(arrive[i + 1], and_(arrive[i], not_(enabled)))
        if step.kind != "summary":
            _follow_routes(pathway, i, on, arrive, index)
    return shown


def _follow_routes(
    pathway: Pathway, position: int, on: Formula, arrive: list[Formula], index: dict[str, int]
) -> None:
    # The first route that holds wins; without one, the walk goes on to the next step.
    earlier: Formula = False  # an earlier route of this step holds
    for route in pathway.steps[position].next:
        when = formula(pathway, route.when)
        target = index.get(route.goto, position + 1)
        if target <= position:
            raise ValueError(f"step {pathway.steps[position].id!r} routes backward")
        arrive[target] = or_(arrive[target], and_(on, when, not_(earlier)))
        earlier = or_(earlier, when)
    arrive[position + 1] = or_(arrive[position + 1], and_(on, not_(earlier)))


# --- Formulas -> FHIR ----------------------------------------------------------------------------


def enable_elements(f: Formula) -> dict[str, Any]:
    """The Questionnaire item elements that make an item enabled exactly when ``f`` holds."""
    if f is True:
        return {}
    if isinstance(f, Atom):
        return {"enableWhen": [_enable_when(f)]}
    if isinstance(f, Junction) and all(isinstance(p, Atom) for p in f.parts):
        behaviour = "all" if f.kind == "and" else "any"
        return {
            "enableWhen": [_enable_when(p) for p in f.parts if isinstance(p, Atom)],
            "enableBehavior": behaviour,
        }
    return {"extension": [expression_extension(ENABLE_WHEN_EXPRESSION, fhirpath(f))]}


def expression_extension(url: str, expression: str) -> dict[str, Any]:
    """An SDC extension holding a FHIRPath expression."""
    return {
        "url": url,
        "valueExpression": {"language": "text/fhirpath", "expression": expression},
    }


def _enable_when(a: Atom) -> dict[str, Any]:
    key, value = a.answer
    return {"question": a.question, "operator": a.operator, key: value}


def answers_path(question: str) -> str:
    """FHIRPath for the answer values of one item anywhere in the QuestionnaireResponse."""
    return f"%resource.repeat(item).where(linkId = {literal(question)}).answer.value"


def literal(value: Any) -> str:
    """A FHIRPath literal for a string, boolean or integer."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    escaped = str(value).replace("\\", "\\\\").replace("'", "\\'")
    return f"'{escaped}'"


def fhirpath(f: Formula) -> str:
    """A FHIRPath expression that is true exactly when ``f`` holds (never empty)."""
    if isinstance(f, bool):
        return literal(f)
    if isinstance(f, Negation):
        return f"({fhirpath(f.part)}).not()"
    if isinstance(f, Junction):
        return "(" + f" {f.kind} ".join(fhirpath(p) for p in f.parts) + ")"
    return _atom_path(f)


def _atom_path(a: Atom) -> str:
    values = answers_path(a.question)
    key, value = a.answer
    if a.operator == "exists":
        return f"{values}.{'exists' if value else 'empty'}()"
    if key == "answerCoding":
        return f"{values}.where(code {a.operator} {literal(value['code'])}).exists()"
    return f"{values}.where($this {a.operator} {literal(value)}).exists()"
