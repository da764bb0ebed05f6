"""The command line: ``python -m decision_aid validate|schema|plan|fhir``.

The library raises exceptions; only this module turns them into messages and exit codes
(0 clean, 1 problems found, 2 usage errors from argparse). Never a traceback for bad input.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from decision_aid import load, schema
from decision_aid.errors import PathwayError, Problem
from decision_aid.model import Pathway

if TYPE_CHECKING:  # pragma: no cover
    from decision_aid.saved import Saved

DEFAULT_PATHWAYS = Path("pathways")
DEFAULT_SCHEMA = Path("pathways/schema.json")
DEFAULT_REVIEW = Path("docs/review.md")


class CliError(Exception):
    """A failure to report as one line on stderr with exit code 1."""


class ScreenIncomplete(CliError):
    """Answers whose warning-sign step is not fully answered: exit code 2, one line per gap."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Args:
        argv: The arguments after the program name; ``sys.argv[1:]`` when ``None``.

    Returns:
        The exit code: 0 when clean, 1 when there were problems.
    """
    args = _parser().parse_args(argv)
    command: Callable[[argparse.Namespace], int] = args.run
    try:
        return command(args)
    except ScreenIncomplete as exc:
        print(exc, file=sys.stderr)
        return 2
    except (CliError, PathwayError) as exc:
        print(exc, file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m decision_aid", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    _add_validate(commands)
    _add_schema(commands)
    _add_review(commands)
    _add_plan(commands)
    _add_fhir(commands)
    return parser


def _add_validate(commands: Any) -> None:
    sub = commands.add_parser("validate", help="check pathway files and report every problem")
    sub.add_argument("paths", nargs="*", type=Path, default=[DEFAULT_PATHWAYS])
    sub.add_argument("--strict", action="store_true", help="content >90 days past review fails")
    sub.add_argument(
        "--report", action="store_true",
        help="also report sources, drafting words, figures, reading grades and IPDAS counts",
    )
    sub.add_argument("--today", type=dt.date.fromisoformat, help=argparse.SUPPRESS)
    sub.set_defaults(run=cmd_validate)


def _add_schema(commands: Any) -> None:
    sub = commands.add_parser("schema", help="write pathways/schema.json from the model")
    sub.add_argument("--check", action="store_true", help="fail if the file is out of date")
    sub.add_argument("--output", type=Path, default=DEFAULT_SCHEMA)
    sub.set_defaults(run=cmd_schema)


def _add_review(commands: Any) -> None:
    sub = commands.add_parser("review", help="write docs/review.md, the reviewers' checklist")
    sub.add_argument("paths", nargs="*", type=Path, default=[DEFAULT_PATHWAYS])
    sub.add_argument("--check", action="store_true", help="fail if the file is out of date")
    sub.add_argument("--output", type=Path, default=DEFAULT_REVIEW)
    sub.set_defaults(run=cmd_review)


def _add_plan(commands: Any) -> None:
    sub = commands.add_parser("plan", help="print the plan for a saved answers file")
    sub.add_argument("pathway", type=Path)
    sub.add_argument("--answers", type=Path, required=True)
    sub.add_argument("--format", choices=("markdown", "json"), default="markdown")
    sub.set_defaults(run=cmd_plan)


def _add_fhir(commands: Any) -> None:
    sub = commands.add_parser("fhir", help="export FHIR R4 JSON")
    kinds = sub.add_subparsers(dest="resource", required=True)
    questionnaire = kinds.add_parser("questionnaire", help="the pathway as a Questionnaire")
    questionnaire.add_argument("pathway", type=Path)
    questionnaire.set_defaults(run=cmd_fhir_questionnaire)
    response = kinds.add_parser("response", help="saved answers as a QuestionnaireResponse")
    response.add_argument("pathway", type=Path)
    response.add_argument("--answers", type=Path, required=True)
    response.set_defaults(run=cmd_fhir_response)


# --- validate -----------------------------------------------------------------------------------


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate every file named (directories expand to their ``*.yaml``); 1 on any error."""
    files = list(_expand(args.paths))
    today = args.today or dt.date.today()
    failed = [path for path in files if not _validate_one(path, today, args.strict, args.report)]
    if args.report:
        _print_ipdas(args.paths)
    return 1 if failed else 0


def _expand(paths: Sequence[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            found = sorted(path.glob("*.yaml"))
            if not found:
                raise CliError(f"{path}: no *.yaml pathway files in this directory")
            yield from found
            yield from sorted(path.glob("shared/*.yaml"))  # the shared warning-sign screen
        else:
            yield path


def _validate_one(path: Path, today: dt.date, strict: bool, report: bool) -> bool:
    if load.is_shared(path):
        return _validate_shared(path)
    try:
        text = load.read_text(path)
        loaded = load.load_text(text, str(path), today=today, strict=strict)
    except PathwayError as exc:
        print(exc)
        return False
    _print_problems(loaded.warnings)
    lints, located = _lints(loaded)
    for message in lints:
        print(f"{path}: lint: {message}")
    _print_problems(located)
    lints += [str(p) for p in located if p.severity == "error"]
    if report:
        _print_grade(path, loaded.pathway)
    if not lints:
        p = loaded.pathway
        print(f"ok: {path} ({len(p.questions)} questions, {len(p.options)} options)")
    return not lints


def _validate_shared(path: Path) -> bool:
    """The shared warning-sign file on its own (pathways that include it check the rest)."""
    try:
        shared = load.read_shared(path)
    except PathwayError as exc:
        print(exc)
        return False
    flags = [f for t in shared.tiers for f in t.items]
    waiting = sum(1 for f in flags if f.judgement and f.judgement.signed_off is None)
    unread = sum(1 for f in flags for e in f.evidence if not e.seen)
    questions = len(shared.step.questions)
    print(
        f"ok: {path} (shared warning signs: {len(flags)} signs, {questions} questions; "
        f"{waiting} clinical judgements awaiting sign-off, {unread} source passages not yet read)"
    )
    return True


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        print(problem)


def _lints(loaded: load.Loaded) -> tuple[list[str], list[Problem]]:
    """The wording lints as messages, and the evidence lints located by file and line."""
    try:
        from decision_aid import lint
    except ImportError:  # pragma: no cover - the lints ship with the package
        return [], []
    issues = lint.evidence_issues(loaded.pathway)
    return lint.wording_lints(loaded.pathway), loaded.locate(issues)


def _print_grade(path: Path, pathway: Pathway) -> None:
    try:
        from decision_aid import report
        from decision_aid.lint import reading_grade
    except ImportError:  # pragma: no cover - the lints ship with the package
        return
    print(f"report: {path}: reading grade {reading_grade(pathway):.1f}")
    for line in report.lines(report.measure(pathway)):
        print(f"report: {path}: {line}")


def _print_ipdas(paths: Sequence[Path]) -> None:
    """IPDAS counts from docs/ipdas.md next to the pathways folder, when there is one."""
    from decision_aid import ipdas

    folder = next((p for p in paths if p.is_dir()), None)
    record = (folder.resolve().parent if folder else Path.cwd()) / "docs" / "ipdas.md"
    if not record.is_file():
        return
    files = _expand([folder]) if folder else iter(())
    pathways = [load.read(p) for p in files if not load.is_shared(p)]
    counted = ipdas.counts(ipdas.scored(ipdas.read_record(record), pathways))
    text = ", ".join(f"{tier} {met}/{total}" for tier, (met, total) in counted.items())
    places = ", ".join(ipdas.PLACES)
    print(f"report: IPDAS v4 ({record.name}): {text} met, checked criteria scored in {places}")
    for number, found in ipdas.problems(pathways).items():
        for problem in found:
            print(f"report: IPDAS {number} does not hold everywhere: {problem}")


# --- schema -------------------------------------------------------------------------------------


def cmd_schema(args: argparse.Namespace) -> int:
    """Write the JSON Schema, or with ``--check`` fail when the file differs from the model."""
    return _write_or_check(args.output, schema.render(), args.check, "schema", "the model")


def _write_or_check(output: Path, text: str, check: bool, command: str, source: str) -> int:
    """Write a generated file, or with ``check`` fail when the committed one differs."""
    if check:
        current = output.read_text(encoding="utf-8") if output.is_file() else None
        if current != text:
            state = "is missing" if current is None else "is out of date"
            run = f"python -m decision_aid {command}"
            raise CliError(f"{output} {state}: run '{run}' and commit it")
        print(f"ok: {output} matches {source}")
        return 0
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    print(f"wrote {output}")
    return 0


# --- review -------------------------------------------------------------------------------------


def cmd_review(args: argparse.Namespace) -> int:
    """Write the reviewers' checklist, or with ``--check`` fail when it is out of date."""
    from decision_aid import review

    files = list(_expand(args.paths))
    pathways = [(str(p), load.read(p)) for p in files if not load.is_shared(p)]
    shared = [(str(p), load.read_shared(p)) for p in files if load.is_shared(p)]
    text = review.render(pathways, shared)
    return _write_or_check(args.output, text, args.check, "review", "the pathways")


# --- plan and FHIR ------------------------------------------------------------------------------


def cmd_plan(args: argparse.Namespace) -> int:
    """Print the plan for saved answers, as Markdown or JSON."""
    from decision_aid import evaluate, summary

    pathway, saved = _pathway_and_answers(args.pathway, args.answers)
    _require_screen(pathway, saved, args.answers)
    plan = evaluate.plan(pathway, saved.answers, saved.edits)
    render = summary.to_json if args.format == "json" else summary.to_markdown
    sys.stdout.write(render(plan))
    return 0


def cmd_fhir_questionnaire(args: argparse.Namespace) -> int:
    """Print the pathway as a FHIR Questionnaire."""
    from decision_aid.export import fhir

    _print_json(fhir.questionnaire(load.read(args.pathway)))
    return 0


def cmd_fhir_response(args: argparse.Namespace) -> int:
    """Print saved answers as a FHIR QuestionnaireResponse."""
    from decision_aid.export import fhir

    pathway, saved = _pathway_and_answers(args.pathway, args.answers)
    _require_screen(pathway, saved, args.answers)
    _print_json(fhir.response(pathway, saved.answers))
    return 0


def _require_screen(pathway: Pathway, saved: Saved, answers_path: Path) -> None:
    """Refuse answers whose warning-sign step has gaps: without it there is no plan."""
    from decision_aid.evaluate import safety_step_gaps

    gaps = safety_step_gaps(pathway, saved.answers)
    if gaps:
        raise ScreenIncomplete(
            "\n".join(
                f"{answers_path}: warning-sign question not answered: {q.id} "
                f"({q.summary_label or q.text})"
                for q in gaps
            )
        )


def _pathway_and_answers(pathway_path: Path, answers_path: Path) -> tuple[Pathway, Saved]:
    from decision_aid.saved import ResumeError, loads

    pathway = load.read(pathway_path)
    try:
        return pathway, loads(answers_path.read_bytes(), {pathway.id: pathway})
    except OSError as exc:
        raise CliError(f"{answers_path}: cannot read the answers: {exc.strerror}") from exc
    except ResumeError as exc:
        raise CliError(f"{answers_path}: {exc}") from exc


def _print_json(doc: dict[str, Any]) -> None:
    print(json.dumps(doc, indent=2, ensure_ascii=False))
