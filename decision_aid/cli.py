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

import yaml

from decision_aid import load
from decision_aid.errors import Issue, PathwayError, Problem
from decision_aid.model import Pathway, SourceLibrary, schema_text

if TYPE_CHECKING:  # pragma: no cover
    from decision_aid.formats.saved import Saved

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
    _add_study(commands)
    return parser


def _add_validate(commands: Any) -> None:
    sub = commands.add_parser("validate", help="check pathway files and report every problem")
    sub.add_argument("paths", nargs="*", type=Path, default=[DEFAULT_PATHWAYS])
    sub.add_argument("--strict", action="store_true", help="content >90 days past review fails")
    sub.add_argument(
        "--report", action="store_true",
        help="also report sources, drafting words, figures, reading grades and IPDAS counts",
    )
    sub.add_argument(
        "--release", action="store_true",
        help="check as a release: authors' credentials and interests, every item signed off",
    )
    sub.add_argument("--today", type=dt.date.fromisoformat, help=argparse.SUPPRESS)
    sub.set_defaults(run=cmd_validate)


def _add_schema(commands: Any) -> None:
    sub = commands.add_parser("schema", help="write pathways/schema.json from the model")
    sub.add_argument("--check", action="store_true", help="fail if the file is out of date")
    sub.add_argument("--output", type=Path, default=DEFAULT_SCHEMA)
    sub.set_defaults(run=cmd_schema)


def _add_review(commands: Any) -> None:
    sub = commands.add_parser(
        "review", help="write docs/review.md, a reviewer pack (--format), or import a marked pack"
    )
    sub.add_argument("paths", nargs="*", type=Path, default=[DEFAULT_PATHWAYS])
    sub.add_argument("--check", action="store_true", help="fail if the file is out of date")
    sub.add_argument("--output", type=Path, help="default: docs/review.md; a pack: stdout")
    sub.add_argument(
        "--format", choices=("markdown", "html", "csv"), default="markdown",
        help="html/csv: the reviewer pack of one pathway, warning-sign screen first",
    )
    sub.add_argument("--import", dest="marked", type=Path, metavar="FILE",
                     help="a marked CSV pack: add sign-off records, list requested changes")
    for field in ("name", "role", "credentials", "organisation", "interests"):
        sub.add_argument(f"--{field}", help="with --import: the reviewer's declared " + field)
    sub.add_argument("--date", type=dt.date.fromisoformat, help="with --import: default today")
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


def _add_study(commands: Any) -> None:
    sub = commands.add_parser("study", help="study mode: REDCap data dictionary, check files")
    kinds = sub.add_subparsers(dest="study", required=True)
    dictionary = kinds.add_parser("dictionary", help="REDCap's data dictionary (CSV)")
    dictionary.add_argument("pathway", type=Path)
    dictionary.add_argument("--output", type=Path)
    dictionary.set_defaults(run=cmd_study_dictionary)
    merge = kinds.add_parser("merge", help="check participants' study files, join them for "
                             "REDCap's importer")
    merge.add_argument("pathway", type=Path)
    merge.add_argument("files", nargs="+", type=Path)
    merge.add_argument("--output", type=Path)
    merge.set_defaults(run=cmd_study_merge)


# --- validate -----------------------------------------------------------------------------------


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate every file named (directories expand to their ``*.yaml``); 1 on any error."""
    files = list(_expand(args.paths))
    today = args.today or dt.date.today()
    seen: set[str] = set()  # the shared files' problems, printed once for all pathways
    failed = [
        p for p in files
        if not _validate_one(p, today, args.strict, args.report, seen, args.release)
    ]
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


def _validate_one(
    path: Path, today: dt.date, strict: bool, report: bool, seen: set[str], release: bool = False
) -> bool:
    if load.is_library(path):
        return _validate_library(path, seen)
    if load.is_shared(path):
        return _validate_shared(path, release)
    try:
        text = load.read_text(path)
        loaded = load.load_text(text, str(path), today=today, strict=strict)
    except PathwayError as exc:
        print(exc)
        return False
    _print_problems(loaded.warnings, seen)
    located = _lints(loaded, release)
    _print_problems(located, seen)
    lints = [str(p) for p in located if p.severity == "error"]
    if report:
        _print_grade(path, loaded.pathway)
    if not lints:
        p = loaded.pathway
        print(f"ok: {path} ({len(p.questions)} questions, {len(p.options)} options)")
    return not lints


def _validate_shared(path: Path, release: bool = False) -> bool:
    """The shared warning-sign file on its own (pathways that include it check the rest)."""
    from decision_aid.rules import signoff

    try:
        shared, root = load.read_shared_located(path)
    except PathwayError as exc:
        print(exc)
        return False
    issues = signoff.screen_sign_off_issues(shared)
    issues += signoff.release_issues(shared) if release else []
    problems = load.locate(issues, root, str(path))
    _print_problems(problems)
    if any(p.severity == "error" for p in problems):
        return False
    found = signoff.states(signoff.screen_items(shared), shared.sign_offs, shared.reviewers)
    waiting = sum(1 for s in found if s.item.key.startswith("sign:") and not s.signed)
    unread = sum(1 for s in found if s.item.key.startswith("passage:") and not s.signed)
    questions = len(shared.step.questions)
    flags = [f for t in shared.tiers for f in t.items]
    print(
        f"ok: {path} (shared warning signs: {len(flags)} signs, {questions} questions; "
        f"{waiting} clinical judgements awaiting sign-off, {unread} source passages not yet read)"
    )
    return True


def _validate_library(path: Path, seen: set[str]) -> bool:
    """The shared sources library on its own: every citation complete, each source once."""
    from decision_aid.rules import evidence_lint

    try:
        library = load.read_library(path)
        root = load.read_library_text(load.read_text(path), str(path))[1]
    except PathwayError as exc:
        print(exc)
        return False
    issues = [*evidence_lint.source_issues(library), *_unused_sources(path, library)]
    problems = load.locate(issues, root, str(path))
    _print_problems(problems, seen)
    complete = sum(evidence_lint.is_complete(s) for s in library.sources)
    unconfirmed = sum(not s.confirmed for s in library.sources)
    if any(p.severity == "error" for p in problems):
        return False
    print(
        f"ok: {path} (sources library: {len(library.sources)} sources, {complete} with complete "
        f"citations; {unconfirmed} not yet confirmed)"
    )
    return True


def _unused_sources(path: Path, library: SourceLibrary) -> list[Issue]:
    """Library sources no file next to it cites by id (the pathways above, the shared files)."""
    used: set[str] = set()
    for other in [*sorted(path.parent.parent.glob("*.yaml")), *sorted(path.parent.glob("*.yaml"))]:
        if other.resolve() == path.resolve():
            continue
        try:
            data = yaml.safe_load(other.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError, UnicodeDecodeError):
            continue  # that file's own validation reports it
        library_use = data.get("library") if isinstance(data, dict) else None
        ids = library_use.get("sources") if isinstance(library_use, dict) else None
        used |= {i for i in ids if isinstance(i, str)} if isinstance(ids, list) else set()
    message = "is in the library but no pathway or shared file cites it: remove it, or cite it."
    return [
        Issue(("sources", i, "id"), f"source {s.id!r} {message}", "warning")
        for i, s in enumerate(library.sources)
        if s.id not in used
    ]


def _print_problems(problems: list[Problem], seen: set[str] | None = None) -> None:
    """Print each problem; with ``seen``, only those not printed before (shared files)."""
    for problem in problems:
        text = str(problem)
        if seen is None or text not in seen:
            print(text)
        if seen is not None:
            seen.add(text)


def _lints(loaded: load.Loaded, release: bool = False) -> list[Problem]:
    """Every content rule (``lint.LINTS``), located by file, line and column; with ``release``,
    also everything still awaiting sign-off."""
    from decision_aid.rules import lint, signoff

    issues = lint.run_lints(loaded.pathway)
    issues += signoff.release_issues(loaded.pathway) if release else []
    return loaded.locate(issues)


def _print_grade(path: Path, pathway: Pathway) -> None:
    from decision_aid.rules import report
    from decision_aid.rules.lint import reading_grade

    print(f"report: {path}: reading grade {reading_grade(pathway):.1f}")
    for line in report.lines(report.measure(pathway)):
        print(f"report: {path}: {line}")


def _print_ipdas(paths: Sequence[Path]) -> None:
    """IPDAS counts from docs/ipdas.md next to the pathways folder, when there is one."""
    from decision_aid.review import ipdas

    folder = next((p for p in paths if p.is_dir()), None)
    record = (folder.resolve().parent if folder else Path.cwd()) / "docs" / "ipdas.md"
    if not record.is_file():
        return
    files = _expand([folder]) if folder else iter(())
    pathways = [load.read(p) for p in files if not load.is_shared(p) and not load.is_library(p)]
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
    return _write_or_check(args.output, schema_text(), args.check, "schema", "the model")


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
    from decision_aid.review import checklist

    if args.marked is not None or args.format != "markdown":
        return _review_pack(args)
    files = list(_expand(args.paths))
    files = [p for p in files if not load.is_library(p)]  # its sources are in the pathways
    pathways = [(str(p), load.read(p)) for p in files if not load.is_shared(p)]
    shared = [(str(p), load.read_shared(p)) for p in files if load.is_shared(p)]
    text = checklist.render(pathways, shared)
    output = args.output or DEFAULT_REVIEW
    return _write_or_check(output, text, args.check, "review", "the pathways")


def _review_pack(args: argparse.Namespace) -> int:
    """Write the reviewer pack of one pathway, or import a marked one."""
    from decision_aid.review import pack

    if len(args.paths) != 1 or args.paths[0].is_dir() or load.is_shared(args.paths[0]):
        raise CliError("a reviewer pack is made for one pathway file, e.g. "
                       "'review pathways/mid-back-pain.yaml --format html'")
    path = args.paths[0]
    pathway = load.read(path)
    screen_path = path.parent / pathway.warning_signs.include if pathway.warning_signs else None
    made = pack.build(pathway, load.read_shared(screen_path) if screen_path else None)
    if args.marked is not None:
        return _import_marks(args, made, {"pathway": path, "screen": screen_path})
    text = pack.to_html(made) if args.format == "html" else pack.to_csv(made)
    if args.output is None:
        sys.stdout.write(text)
    else:  # a byte-order mark, so that spreadsheets open the CSV as UTF-8 (é, –, ’)
        args.output.write_text(text, encoding="utf-8-sig" if args.format == "csv" else "utf-8")
        print(f"wrote {args.output} ({len(made.blocks)} rows)", file=sys.stderr)
    return 0


def _import_marks(args: argparse.Namespace, pack: Any, files: dict[str, Path | None]) -> int:
    from decision_aid.review import marks

    who = _reviewer(args)
    try:
        marked = marks.read_marked(args.marked.read_text(encoding="utf-8-sig"))
        result = marks.import_marks(pack, marked, who, args.date or dt.date.today())
        for file, records in result.records.items():
            _write_sign_offs(pack, file, files[file], records, who.name)
    except UnicodeDecodeError as exc:
        message = "not UTF-8 text: save it as 'CSV UTF-8' and try again"
        raise CliError(f"{args.marked}: {message}") from exc
    except (OSError, marks.PackError) as exc:
        raise CliError(f"{args.marked}: {exc}") from exc
    for line in result.refused:
        print(f"refused: {line}")
    print(f"{len(result.requests)} requested changes, {result.unmarked} rows not marked")
    if args.output is not None:
        args.output.write_text(marks.requests_csv(result.requests), encoding="utf-8")
    for r in result.requests:
        print(f"- {r.block_id} ({r.decision}): {r.comment}")
    return 1 if result.refused else 0


def _reviewer(args: argparse.Namespace) -> Any:
    from decision_aid.review.marks import Reviewer

    fields = ("name", "role", "credentials", "organisation", "interests")
    missing = [f"--{f}" for f in fields if not (getattr(args, f) or "").strip()]
    if missing:
        raise CliError(f"--import needs the reviewer's declaration: {', '.join(missing)} "
                       "(--interests 'None declared' when there are none)")
    return Reviewer(*(getattr(args, f).strip() for f in fields))


def _write_sign_offs(pack: Any, file: str, target: Path | None, records: list[Any],
                     name: str) -> None:
    """Append records to a content file, only when the reviewer is listed there."""
    from decision_aid.review.marks import write_records

    listed = pack.pathway.reviewers if file == "pathway" else pack.screen.reviewers
    if target is None:
        return
    if name not in {r.name for r in listed}:
        print(f"not signed in {target}: {name!r} is not listed under 'reviewers' there; "
              "add them, then import again")
        return
    held = pack.pathway.sign_offs if file == "pathway" else pack.screen.sign_offs
    have = {(r.item, r.name, r.sha256) for r in held}
    new = [r for r in records if (r.item, r.name, r.sha256) not in have]  # imported before
    write_records(target, new)
    print(f"{target}: {len(new)} sign-off records added ({len(records) - len(new)} already there)")


# --- study mode ---------------------------------------------------------------------------------


def cmd_study_dictionary(args: argparse.Namespace) -> int:
    """Write REDCap's data dictionary for the study instrument of one pathway."""
    from decision_aid import study

    _out(args.output, study.dictionary(load.read(args.pathway)))
    return 0


def cmd_study_merge(args: argparse.Namespace) -> int:
    """Check each study file against the dictionary (REDCap's rules), then join them."""
    from decision_aid import study

    dictionary = study.dictionary(load.read(args.pathway))
    texts, bad = [], 0
    for path in args.files:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise CliError(f"{path}: cannot read it: {exc.strerror}") from exc
        problems = study.check(dictionary, text)
        codes = [line.split(",", 1)[0] for line in text.splitlines()[1:]]
        problems += [f"participant code {c!r} does not check out: misread or typed wrong"
                     for c in codes if not study.valid_code(c)]
        for problem in problems:
            print(f"{path}: {problem}")
        bad += bool(problems)
        texts.append(text)
    if bad:
        raise CliError(f"{bad} of {len(texts)} study files would be refused: nothing written")
    _out(args.output, study.merge(texts))
    return 0


def _out(output: Path | None, text: str) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        print(f"wrote {output}", file=sys.stderr)


# --- plan and FHIR ------------------------------------------------------------------------------


def cmd_plan(args: argparse.Namespace) -> int:
    """Print the plan for saved answers, as Markdown or JSON."""
    from decision_aid.formats import summary
    from decision_aid.plan import plan

    pathway, saved = _pathway_and_answers(args.pathway, args.answers)
    _require_screen(pathway, saved, args.answers)
    made = plan(pathway, saved.answers, saved.edits)
    render = summary.to_json if args.format == "json" else summary.to_markdown
    sys.stdout.write(render(made))
    return 0


def cmd_fhir_questionnaire(args: argparse.Namespace) -> int:
    """Print the pathway as a FHIR Questionnaire."""
    from decision_aid.formats import fhir

    _print_json(fhir.questionnaire(load.read(args.pathway)))
    return 0


def cmd_fhir_response(args: argparse.Namespace) -> int:
    """Print saved answers as a FHIR QuestionnaireResponse."""
    from decision_aid.formats import fhir

    pathway, saved = _pathway_and_answers(args.pathway, args.answers)
    _require_screen(pathway, saved, args.answers)
    _print_json(fhir.response(pathway, saved.answers))
    return 0


def _require_screen(pathway: Pathway, saved: Saved, answers_path: Path) -> None:
    """Refuse answers whose warning-sign step has gaps: without it there is no plan."""
    from decision_aid.path import safety_step_gaps

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
    from decision_aid.formats.saved import ResumeError, loads

    pathway = load.read(pathway_path)
    try:
        return pathway, loads(answers_path.read_bytes(), {pathway.id: pathway})
    except OSError as exc:
        raise CliError(f"{answers_path}: cannot read the answers: {exc.strerror}") from exc
    except ResumeError as exc:
        raise CliError(f"{answers_path}: {exc}") from exc


def _print_json(doc: dict[str, Any]) -> None:
    print(json.dumps(doc, indent=2, ensure_ascii=False))
