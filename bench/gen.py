"""Synthetic pathways of any size, for the scaling benchmark.

``generate(n)`` returns pathway data with ``n`` questions that passes the loader's structural
and semantic checks: a safety step with red flags, then steps of ten questions of every kind,
some shown only after an earlier answer, some steps skipped by a route, a values step, a ladder
of options (one per 100 questions) with status questions, stages, clinician questions and a
score. ``to_yaml`` writes it compactly (flow style for small mappings) so the 10,000-question
file stays under the loader's 2 MB limit.

Run ``python -m bench.gen 1000 > big.yaml`` to look at one.
"""

from __future__ import annotations

import sys
from typing import Any

import yaml

_Base: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_Base):  # type: ignore[misc, valid-type]
    """Write shared objects out in full: hand-written pathways use no anchors or aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True

STEP_SIZE = 10
KINDS = ("single", "yes_no", "scale", "multiple", "text")

HEADER: dict[str, Any] = {
    "schema_version": 1,
    "version": "0.0.1",
    "summary": "A synthetic pathway for benchmarks. Not clinical content.",
    "audience": "Benchmarks.",
    "scope": "Synthetic content for measuring speed only.",
    "published": "2026-01-01",
    "last_reviewed": "2026-01-01",
    "next_review": "2036-01-01",
    "update_policy": "Generated.",
    "authors": [{"name": "bench.gen", "role": "Generator"}],
    "funding": "None.",
    "conflicts": "None.",
    "sources": [{"id": "src", "citation": "Synthetic.", "year": 2026, "kind": "other"}],
}


def generate(n_questions: int) -> dict[str, Any]:
    """Pathway data with ``n_questions`` questions (at least 20), deterministic."""
    if n_questions < 20:
        raise ValueError("a synthetic pathway needs at least 20 questions")
    n_options = max(2, n_questions // 100)
    asked = n_questions - 2 - n_options - 3  # safety (2), status, values (2), ladder (1)
    steps = [_safety_step()]
    steps += _question_steps(asked)
    steps.append(_status_step(n_options))
    steps += _tail_steps()
    data = dict(HEADER, id=f"synthetic_{n_questions}", title=f"Synthetic {n_questions}")
    data.update(
        safety=_safety(),
        steps=steps,
        options=[_option(i) for i in range(n_options)],
        stages=_stages(),
        clinician_questions=_clinician_questions(n_questions // 10, asked),
        scores=[{"id": "score", "title": "Score", "items": ["q0_2", "q1_2"]}],
        tell_first=["q0_0", "goal"],
    )
    return data


def to_yaml(data: dict[str, Any]) -> str:
    """Compact YAML: nested small mappings in flow style."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, default_flow_style=None, width=1000)


def _safety_step() -> dict[str, Any]:
    flags = [{"id": "none", "label": "None of these", "exclusive": True}]
    flags += [{"id": f"flag_{t}", "label": f"Sign {t}"} for t in ("a", "b", "c")]
    return {
        "id": "safety",
        "kind": "safety",
        "title": "Safety",
        "questions": [
            {"id": "signs", "kind": "multiple", "text": "Any of these?", "choices": flags},
            {"id": "coping", "kind": "yes_no", "text": "Coping?"},
        ],
    }


def _safety() -> list[dict[str, Any]]:
    def tier(name: str, flag: str) -> dict[str, Any]:
        when = {"question": "signs", "operator": "contains", "value": flag}
        item = {"id": flag, "text": f"Sign {flag}", "when": when}
        return {"tier": name, "title": name, "message": "M.", "action": "A.", "items": [item]}

    return [tier("emergency", "flag_a"), tier("same_day", "flag_b"), tier("soon", "flag_c")]


def _question_steps(count: int) -> list[dict[str, Any]]:
    steps = []
    for s in range(-(-count // STEP_SIZE)):
        size = min(STEP_SIZE, count - s * STEP_SIZE)
        step: dict[str, Any] = {"id": f"s{s}", "kind": "questions", "title": f"Step {s}"}
        step["questions"] = [_question(s, i) for i in range(size)]
        if s % 7 == 3 and size == STEP_SIZE:  # skip the next step when q{s}_1 is "no"
            when = {"question": f"q{s}_1", "operator": "equals", "value": False}
            step["next"] = [{"when": when, "goto": f"s{s + 2}"}]
        steps.append(step)
    if steps and "next" in steps[-1]:
        del steps[-1]["next"]  # its target would be past the last question step
    return steps


def _question(s: int, i: int) -> dict[str, Any]:
    kind = KINDS[i % len(KINDS)]
    q: dict[str, Any] = {"id": f"q{s}_{i}", "kind": kind, "text": f"Question {s}.{i}?"}
    if kind in ("single", "multiple"):
        q["choices"] = [{"id": c, "label": c.upper()} for c in ("a", "b", "c")]
    if i >= 5 and i % 5 in (0, 1, 2):  # depends on an earlier answer in the same step
        source = KINDS[(i - 5) % len(KINDS)]
        q["enable_when"] = _depends(f"q{s}_{i - 5}", source)
    elif s > 0 and i == 4:  # depends on the step before
        q["enable_when"] = {"question": f"q{s - 1}_2", "operator": "gte", "value": 3}
    return q


def _depends(question: str, kind: str) -> dict[str, Any]:
    conditions: dict[str, dict[str, Any]] = {
        "single": {"question": question, "operator": "in", "value": ["a", "b"]},
        "yes_no": {"question": question, "operator": "equals", "value": True},
        "scale": {"question": question, "operator": "gte", "value": 2},
    }
    return conditions[kind]


def _status_step(n_options: int) -> dict[str, Any]:
    choices = [{"id": "not_tried", "label": "Not tried"}, {"id": "helped", "label": "Helped"}]
    questions = [
        {"id": f"tried_{i}", "kind": "single", "text": f"Tried option {i}?", "choices": choices}
        for i in range(n_options)
    ]
    return {"id": "tried", "kind": "questions", "title": "Tried", "questions": questions}


def _tail_steps() -> list[dict[str, Any]]:
    values = [
        {"id": "value_a", "kind": "scale", "text": "How much does A matter?"},
        {"id": "goal", "kind": "text", "text": "Your goal?"},
    ]
    ladder = [{"id": "discuss", "kind": "multiple", "text": "Discuss?", "choices": "ladder"}]
    return [
        {"id": "values", "kind": "values", "title": "Values", "questions": values},
        {"id": "ladder", "kind": "options", "title": "Options", "questions": ladder},
        {"id": "my_questions", "kind": "clinician_questions", "title": "Questions"},
        {"id": "summary", "kind": "summary", "title": "Summary"},
    ]


def _option(i: int) -> dict[str, Any]:
    return {
        "id": f"opt{i}",
        "rung": i,
        "title": f"Option {i}",
        "what_it_is": "W.",
        "involves": "I.",
        "benefits": ["B."],
        "harms": ["H."],
        "living_with": "L.",
        "certainty": "low",
        "evidence_note": "E.",
        "costs": "C.",
        "sources": ["src"],
        "status_question": f"tried_{i}",
        "clinician_questions": [f"cq{i}"],
    }


def _stages() -> list[dict[str, Any]]:
    early = {"question": "q0_0", "operator": "equals", "value": "a"}
    return [
        {"id": "early", "title": "Early", "description": "D.", "when": early, "discuss": ["opt0"]},
        {"id": "later", "title": "Later", "description": "D.", "discuss": ["opt1"]},
    ]


def _clinician_questions(count: int, asked: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [{"id": "core", "text": "What are my options?", "core": True}]
    for i in range(max(2, count)):
        s = (i * STEP_SIZE) % max(1, asked - STEP_SIZE) // STEP_SIZE
        when = {"question": f"q{s}_2", "operator": "gt", "value": 5}
        out.append({"id": f"cq{i}", "text": f"Question for the clinician {i}?", "when": when})
    return out


if __name__ == "__main__":
    sys.stdout.write(to_yaml(generate(int(sys.argv[1]) if len(sys.argv) > 1 else 100)))
