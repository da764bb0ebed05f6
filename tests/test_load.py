"""The loader: layers, located errors, golden messages for every named bad fixture."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from decision_aid import load
from decision_aid.errors import Issue, PathwayError, Problem
from decision_aid.load import MAX_BYTES, from_text, load_text, read, read_text
from decision_aid.model import Pathway

ROOT = Path(__file__).resolve().parent.parent
BAD = ROOT / "tests" / "fixtures" / "bad"
BAD_FILES = sorted(BAD.glob("*.yaml"))


def problems(text: str) -> list[str]:
    """The messages ``from_text`` gives for ``text`` (it must fail)."""
    with pytest.raises(PathwayError) as info:
        from_text(text, "t.yaml")
    return [str(p) for p in info.value.problems]


def test_example_loads_cleanly(example_path: Path) -> None:
    pathway = read(example_path)
    assert isinstance(pathway, Pathway)
    assert pathway.id == "example"


def test_layers_agree(example_path: Path, example_text: str) -> None:
    assert from_text(example_text) == read(example_path)
    assert read_text(example_path) == example_text


def test_enough_named_bad_fixtures() -> None:
    assert len(BAD_FILES) >= 15


def test_every_fixture_has_expected_and_vice_versa() -> None:
    yaml_names = {p.stem for p in BAD.glob("*.yaml")}
    expected_names = {p.stem for p in BAD.glob("*.expected")}
    assert yaml_names == expected_names
    assert {p.suffix for p in BAD.iterdir()} == {".yaml", ".expected"}


@pytest.mark.parametrize("path", BAD_FILES, ids=[p.stem for p in BAD_FILES])
def test_bad_fixture_gives_exact_message(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    relative = path.relative_to(ROOT)
    with pytest.raises(PathwayError) as info:
        read(relative)
    expected = path.with_suffix(".expected").read_text(encoding="utf-8")
    assert str(info.value) + "\n" == expected


# --- the error type -----------------------------------------------------------------------------


def test_problem_format() -> None:
    problem = Problem("a.yaml", 3, 5, "At Step(id='pain')", "bad")
    assert str(problem) == "a.yaml:3:5: At Step(id='pain'): bad"
    warning = Problem("a.yaml", 3, 5, "At x", "old", severity="warning")
    assert str(warning) == "a.yaml:3:5: At x: warning: old"


def test_pathway_error_lists_every_problem_one_per_line() -> None:
    error = PathwayError([Problem("a", 1, 1, "w", "one"), Problem("a", 2, 1, "w", "two")])
    assert isinstance(error, ValueError)
    assert str(error) == "a:1:1: w: one\na:2:1: w: two"
    assert len(error.problems) == 2


# --- reading ------------------------------------------------------------------------------------


def test_missing_file() -> None:
    with pytest.raises(PathwayError, match=r"^nope\.yaml:1:1: At file: cannot read the file"):
        read("nope.yaml")


def test_too_large_file(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (MAX_BYTES + 1))
    with pytest.raises(PathwayError, match="the limit is 2,097,152"):
        read(big)


def test_too_large_text() -> None:
    assert problems("#" * (MAX_BYTES + 1)) == [
        "t.yaml:1:1: At file: the text is larger than the limit of 2,097,152 bytes."
    ]


def test_utf8_bom_is_accepted(tmp_path: Path, example_text: str) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + example_text.encode())
    assert read(path).id == "example"


# --- YAML ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "t.yaml:1:1: At file: the file is empty: a pathway starts with 'schema_version: 1'."),
        (
            "~\n",
            "t.yaml:1:1: At file: the file is empty: a pathway starts with 'schema_version: 1'.",
        ),
        (
            "42\n",
            "t.yaml:1:1: At file: the file holds the single value 42, but a pathway is a "
            "mapping of keys to values (schema_version: 1, id: ..., title: ..., ...).",
        ),
        (
            "a: [b\n",
            "t.yaml:2:1: YAML syntax: a list opened with '[' is not closed with ']' "
            "(YAML parser: did not find expected ',' or ']').",
        ),
        (
            "a: b\n---\nc: d\n",
            "t.yaml:2:1: YAML syntax: the file holds more than one YAML "
            "document (a second '---'); a pathway file holds exactly one (YAML parser: but found "
            "another document).",
        ),
        (
            "a: !!python/object:os.system x\n",
            "t.yaml:1:4: YAML syntax: this tag is not allowed: "
            "pathways use plain YAML, without '!!' tags (YAML parser: could not determine a "
            "constructor for the tag 'tag:yaml.org,2002:python/object:os.system').",
        ),
        (
            "a: 1\nb: \x07\n",
            "t.yaml:2:4: YAML syntax: the character U+0007 is not allowed in "
            "YAML (a control character): remove it.",
        ),
        (
            "a: @b\n",
            "t.yaml:1:4: YAML syntax: this character cannot start a value here; put the "
            "value in quotes (YAML parser: found character that cannot start any token).",
        ),
        (
            "a: b: c\n",
            "t.yaml:1:5: YAML syntax: a ':' is not allowed here; check the "
            "indentation, or put a value that contains ': ' in quotes (YAML parser: mapping values "
            "are not allowed in this context).",
        ),
    ],
)
def test_file_level_problems(text: str, expected: str) -> None:
    assert problems(text) == [expected]


def test_deep_nesting_is_refused_before_parsing() -> None:
    [message] = problems("a: " + "[" * 5000 + "]" * 5000)
    assert (
        message == "t.yaml:1:103: YAML syntax: the data nests deeper than 100 levels; flatten it."
    )


def test_alias_bomb_is_refused() -> None:
    lines = ["a: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 7)]
    [message] = problems("\n".join(lines))
    assert "aliases (*name) here stand for 12,345,685 values" in message


def test_a_few_aliases_are_fine(example_text: str) -> None:
    text = _example_with(example_text, "authors:\n", "authors: &people\n")
    text = _example_with(
        text, "reviewers:\n  - name: Test Reviewer\n    role: Clinician\n", "reviewers: *people\n"
    )
    assert from_text(text).reviewers == from_text(text).authors


def test_bad_date_is_reported_not_raised() -> None:
    [message] = problems("schema_version: 1\npublished: 2026-13-01\n")[:1]
    assert "'schema_version'" not in message


# --- schema_version -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "schema_version: 3",
            "written for schema_version 3; this app reads version 1: update the app.",
        ),
        (
            "schema_version: 0",
            "0 is not a known schema_version; this app reads version 1: use 'schema_version: 1'.",
        ),
        (
            "schema_version: true",
            "True is not a known schema_version; this app reads version 1: "
            "use 'schema_version: 1'.",
        ),
        (
            "id: x",
            "'schema_version' is missing; this app reads version 1: add 'schema_version: 1' "
            "at the top.",
        ),
    ],
)
def test_schema_version_is_checked_first(line: str, message: str) -> None:
    [got] = problems(line + "\nunknown: 1\n")
    assert got.endswith(message)


# --- structural errors --------------------------------------------------------------------------


def _example_with(example_text: str, old: str, new: str) -> str:
    assert old in example_text
    return example_text.replace(old, new, 1)


def test_all_structural_errors_in_one_pass(example_text: str) -> None:
    text = _example_with(example_text, 'version: "1.0.0"', "version: 1.0")
    text = _example_with(text, "    year: 2021\n", "    year: 2021.5\n")
    text = _example_with(text, "title: PEG score", "titel: PEG score")
    got = problems(text)
    assert got == [
        "t.yaml:6:10: At Pathway(id='example'), key version: 1.0 is not text: put it in quotes, "
        "e.g. '1.0'.",
        "t.yaml:38:11: At Source(id='review'), key sources[1].year: 2021.5 is not a whole number.",
        "t.yaml:248:5: At Score(id='peg'), key scores[0].title: Score is missing the required key "
        "'title'.",
        "t.yaml:249:5: At Score(id='peg'), key scores[0].titel: 'titel' is not a known key of "
        "Score. Did you mean 'title'?",
    ]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "value: [over_3_months]",
            "value: 1.5",
            "1.5 is not valid here: expected true or false, a whole number, text or a list.",
        ),
        (
            "choices: ladder",
            "choices: ladders",
            "'ladders' is not one of 'ladder'. Did you mean 'ladder'?",
        ),
        ("choices: ladder", "choices: 3", "3 is not valid here: expected a list or 'ladder'."),
        (
            "    rung: 1\n",
            "    rung: -1\n",
            "-1 is not allowed here: input should be greater than or equal to 0.",
        ),
        ("    title: About your pain\n", "    title: ''\n", "'' is empty; write some text here."),
        (
            "authors:\n  - name: Test Author\n    role: Engineer\n",
            "authors: []\n",
            "'authors' is empty. Add at least 1.",
        ),
        (
            "authors:\n  - name: Test Author\n    role: Engineer\n",
            "authors: {}\n",
            "an empty mapping is not a list.",
        ),
        (
            "    intro: First, a few questions about warning signs.\n",
            "    intro: [a]\n",
            "a list is not text.",
        ),
        (
            "        required: true\n        choices:\n          - {id: chest_pain",
            "        required: maybe\n        choices:\n          - {id: chest_pain",
            "'maybe' is not true or false.",
        ),
        (
            "    title: About your pain\n",
            "    title: About your pain\n    x: 1\n",
            "'x' is not a known key of Step.",
        ),
    ],
)
def test_friendly_messages(example_text: str, old: str, new: str, message: str) -> None:
    got = problems(_example_with(example_text, old, new))
    assert any(message in line for line in got), got


def test_unknown_key_without_close_match_lists_known_keys(example_text: str) -> None:
    got = problems(_example_with(example_text, "    rung: 0\n", "    rung: 0\n    zzz: 1\n"))
    assert got[0].endswith(
        "Known keys: 'id', 'rung', 'title', 'short_title', 'what_it_is', 'involves', "
        "'benefits', 'harms', 'living_with', 'figures', 'certainty', "
        "'evidence_note', 'statements', 'costs', 'sources', 'status_question', "
        "'clinician_questions', 'guideline_conditions'."
    )


# --- semantic errors and review dates -----------------------------------------------------------


def test_semantic_checks_run_only_on_valid_structure(example_text: str) -> None:
    text = _example_with(example_text, "discuss: [exercise]", "discuss: [nothing]")
    text = _example_with(text, "    year: 2021\n", "    year: x\n")
    assert len(problems(text)) == 1


def test_review_warning_and_strict_error(example_text: str) -> None:
    late = dt.date(2027, 2, 1)
    loaded = load_text(example_text, "t.yaml", today=late)
    assert [str(w) for w in loaded.warnings] == [
        "t.yaml:15:14: At Pathway(id='example'), key next_review: warning: next_review "
        "2027-01-10 passed 22 days ago: check the sources, then update last_reviewed and "
        "next_review."
    ]
    assert load_text(example_text, "t.yaml", today=late, strict=True).warnings
    with pytest.raises(PathwayError, match="More than 90 days overdue fails --strict"):
        load_text(example_text, "t.yaml", today=dt.date(2027, 6, 1), strict=True)
    assert not load_text(example_text, "t.yaml", today=dt.date(2026, 6, 1)).warnings


def test_locate_falls_back_to_the_nearest_node(example_text: str) -> None:
    import yaml

    root = yaml.compose(example_text, Loader=yaml.CSafeLoader)
    [problem] = load.locate([Issue(("steps", 1, "questions", 99, "id"), "m")], root, "s")
    assert (problem.line, problem.where) == (
        89,
        "At Step(id='pain'), key steps[1].questions[99].id",
    )


def test_large_pathway_loads(example_text: str) -> None:
    questions = "\n".join(
        f"      - {{id: q{i}, kind: scale, text: Question {i}?}}" for i in range(2000)
    )
    step = f"  - id: many\n    kind: questions\n    title: Many\n    questions:\n{questions}\n"
    text = _example_with(example_text, "  - id: summary\n", step + "  - id: summary\n")
    assert len(from_text(text).questions) == 2011
