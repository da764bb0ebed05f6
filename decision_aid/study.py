"""Study mode's instrument: the questions, the participant's study file and REDCap's files.

A field-test site turns study mode on in its deployment (``DECISION_AID_STUDY=<site code>``).
After the summary a participant may answer the Preparation for Decision Making scale (Bennett
et al. 2010, doi:10.1016/j.pec.2009.05.012), acceptability questions and the knowledge check;
their SURE answers come from the weigh-up step. Nothing is kept on the server: the participant
downloads a study file and hands it to the study team. The file is a REDCap import CSV (one
row) for the data dictionary :func:`dictionary` makes; it holds coded choices only, no free
text, nothing that identifies the person, and a random participant code they can read out.
:func:`check` reads both back with REDCap's own rules, so a file that REDCap would refuse
fails a test here first.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import secrets
from collections.abc import Mapping, Sequence
from typing import Literal

from decision_aid.model import Pathway

SITE_ENV = "DECISION_AID_STUDY"
"""The deployment setting that turns study mode on; its value is the site code."""

FORM = "field_test"
INSTRUMENT_VERSION = "1"
SITE = re.compile(r"^[a-z][a-z0-9_]{0,19}$")

FieldType = Literal["text", "radio", "yesno", "truefalse"]

PREP_CHOICES = (("1", "Not at all"), ("2", "A little"), ("3", "Somewhat"), ("4", "Quite a bit"),
                ("5", "A great deal"))
PREP_STEM = "How much did this guide help you to"
PREP_ITEMS = (
    "recognise that a decision needs to be made?",
    "prepare to make a better decision?",
    "think about the pros and cons of each option?",
    "think about which pros and cons are most important to you?",
    "know that the decision depends on what matters most to you?",
    "organise your own thoughts about the decision?",
    "think about how involved you want to be in this decision?",
    "identify questions you want to ask your clinician?",
    "prepare to talk to your clinician about what matters most to you?",
    "prepare for a follow-up visit with your clinician?",
)
"""The 10 items of the Preparation for Decision Making scale (Graham and O'Connor; validated by
Bennett et al. 2010), 'doctor' read as 'clinician'. Check the wording against the Ottawa
Hospital Research Institute's current version before a field test (docs/evaluation/)."""

ACCEPTABILITY = (
    ("acc_length", "Was the guide too long, too short or about right?",
     (("1", "Too long"), ("2", "About right"), ("3", "Too short"))),
    ("acc_amount", "Was the amount of information too much, too little or about right?",
     (("1", "Too much"), ("2", "About right"), ("3", "Too little"))),
    ("acc_clear", "How clear was the information?",
     (("1", "Poor"), ("2", "Fair"), ("3", "Good"), ("4", "Excellent"))),
    ("acc_balance", "Did the guide lean towards one choice?",
     (("1", "Towards having a treatment"), ("2", "Balanced"), ("3", "Towards no treatment"))),
    ("acc_enough", "Did you get enough information to take part in the decision?",
     (("1", "Yes"), ("2", "No"), ("3", "Not sure"))),
    ("acc_recommend", "Would you suggest this guide to someone facing the same choice?",
     (("1", "Yes"), ("2", "No"), ("3", "Not sure"))),
)
"""Acceptability, after the Ottawa acceptability questionnaire (length, amount, clarity,
balance, enough information, would suggest it), with coded answers only: no free text."""


@dataclasses.dataclass(frozen=True)
class Field:
    """One field of the REDCap instrument."""

    name: str
    type: FieldType
    label: str
    choices: tuple[tuple[str, str], ...] = ()
    section: str = ""
    asked: bool = True
    """Whether the participant answers it on the study page (else it is filled in for them)."""


def fields(p: Pathway) -> list[Field]:
    """Every field of the instrument for pathway ``p``, ``record_id`` first."""
    found = [
        Field("record_id", "text", "Participant code", asked=False),
        Field("site", "text", "Site code", asked=False),
        Field("pathway", "text", "Pathway id", asked=False),
        Field("content_version", "text", "Pathway version and content hash", asked=False),
        Field("instrument_version", "text", "Instrument version", asked=False),
    ]
    for n, item in enumerate(PREP_ITEMS, 1):
        section = "Preparation for Decision Making scale" if n == 1 else ""
        found.append(Field(f"prep_{n}", "radio", f"{PREP_STEM} {item}", PREP_CHOICES, section))
    for n, (name, label, choices) in enumerate(ACCEPTABILITY):
        found.append(Field(name, "radio", label, choices, "Acceptability" if n == 0 else ""))
    if p.leaning is not None:
        for n, qid in enumerate(p.leaning.sure, 1):
            found.append(Field(f"sure_{n}", "yesno", p.questions[qid].text,
                               section="SURE (from the weigh-up step)" if n == 1 else "",
                               asked=False))
    for n, q in enumerate(p.quiz):
        found.append(Field(f"k_{q.id}", "truefalse", q.statement,
                           section="Knowledge check (true or false)" if n == 0 else ""))
    return found


# --- the participant code -----------------------------------------------------------------------

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""Letters and digits that are hard to mix up when read out (no 0/O, 1/I/L)."""


def new_code() -> str:
    """A random participant code such as ``KM7Q-4TXR``: 7 random characters and a check one."""
    body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(7))
    code = body + _check_char(body)
    return f"{code[:4]}-{code[4:]}"


def valid_code(code: str) -> bool:
    """Whether ``code`` is well formed and its check character matches (a misread fails)."""
    plain = code.replace("-", "").upper()
    if len(plain) != 8 or any(c not in CODE_ALPHABET for c in plain):
        return False
    return _check_char(plain[:7]) == plain[7]


def _check_char(body: str) -> str:
    """Luhn mod N over the alphabet: catches any one wrong character and most swaps."""
    n = len(CODE_ALPHABET)
    total, factor = 0, 2
    for c in reversed(body):
        added = factor * CODE_ALPHABET.index(c)
        total += added // n + added % n
        factor = 1 if factor == 2 else 2
    return CODE_ALPHABET[(n - total % n) % n]


# --- the study file -----------------------------------------------------------------------------


def site_from(environ: Mapping[str, str]) -> str | None:
    """The site code when study mode is on, else ``None`` (off by default; a bad code is off)."""
    site = environ.get(SITE_ENV, "").strip()
    return site if SITE.fullmatch(site) else None


def study_row(p: Pathway, site: str, code: str, content_version: str,
              answers: Mapping[str, object], given: Mapping[str, str | None]) -> dict[str, str]:
    """The participant's one row, coded for REDCap.

    Args:
        p: The pathway used.
        site: The site code from the deployment.
        code: The participant code.
        content_version: e.g. ``0.5.0+1a2b3c4d5e6f``.
        answers: The pathway answers (only the SURE yes/no answers are read).
        given: The study page's answers by field name (codes; ``None`` when not answered).

    Returns:
        Every field name (and ``field_test_complete``) with its code, or ``""``.
    """
    row = {"record_id": code, "site": site, "pathway": p.id,
           "content_version": content_version, "instrument_version": INSTRUMENT_VERSION}
    for f in fields(p):
        if f.name in row:
            continue
        if f.type == "yesno":
            qid = p.leaning.sure[int(f.name.split("_")[1]) - 1] if p.leaning else ""
            value = answers.get(qid)
            row[f.name] = "" if not isinstance(value, bool) else ("1" if value else "0")
        else:
            value = given.get(f.name)
            allowed = {c for c, _ in f.choices} if f.type == "radio" else {"1", "0"}
            row[f.name] = value if value in allowed else ""
    asked = [f.name for f in fields(p) if f.asked]
    row[f"{FORM}_complete"] = "2" if all(row[n] for n in asked) else "0"
    return row


def study_file(row: Mapping[str, str]) -> str:
    """The study file: a REDCap import CSV with a header row and the participant's row."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(row), lineterminator="\n")
    writer.writeheader()
    writer.writerow(row)
    return out.getvalue()


# --- REDCap's data dictionary -------------------------------------------------------------------

DICTIONARY_COLUMNS = (
    "Variable / Field Name", "Form Name", "Section Header", "Field Type", "Field Label",
    "Choices, Calculations, OR Slider Labels", "Field Note",
    "Text Validation Type OR Show Slider Number", "Text Validation Min", "Text Validation Max",
    "Identifier?", "Branching Logic (Show field only if...)", "Required Field?",
    "Custom Alignment", "Question Number (surveys only)", "Matrix Group Name", "Matrix Ranking?",
    "Field Annotation",
)
"""REDCap's data dictionary header, in its order."""


def dictionary(p: Pathway) -> str:
    """REDCap's data dictionary (CSV) for the instrument of pathway ``p``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(DICTIONARY_COLUMNS)
    for f in fields(p):
        choices = " | ".join(f"{c}, {label}" for c, label in f.choices)
        row = dict.fromkeys(DICTIONARY_COLUMNS, "")
        row.update({
            "Variable / Field Name": f.name, "Form Name": FORM, "Section Header": f.section,
            "Field Type": f.type, "Field Label": f.label,
            "Choices, Calculations, OR Slider Labels": choices,
            "Field Annotation": "" if f.asked else "@READONLY",
            "Required Field?": "y" if f.name == "record_id" else "",
        })
        writer.writerow(row.values())
    return out.getvalue()


# --- reading them back with REDCap's rules ------------------------------------------------------

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_TYPES = {"text", "notes", "radio", "dropdown", "checkbox", "yesno", "truefalse", "calc",
          "descriptive", "slider", "file", "sql"}
_FIXED = {"yesno": {"0", "1"}, "truefalse": {"0", "1"}}
_VALIDATION = {"integer": re.compile(r"^-?\d+$"), "number": re.compile(r"^-?\d+(\.\d+)?$"),
               "date_ymd": re.compile(r"^\d{4}-\d{2}-\d{2}$")}


def check(dictionary_csv: str, import_csv: str) -> list[str]:
    """Every reason REDCap would refuse this dictionary, or these records for it.

    The dictionary: REDCap's header, valid and unique variable names, ``record_id``-style first
    field, known field types, choices for radio/dropdown/checkbox fields. The records: every
    column a field of the dictionary (or ``<form>_complete``), choices among the field's codes,
    yes/no and true/false as 1 or 0, validated text that matches, required fields filled.

    Returns:
        The problems, one line each; empty when REDCap would accept both.
    """
    problems: list[str] = []
    spec = _read_dictionary(dictionary_csv, problems)
    if spec:
        _check_records(spec, import_csv, problems)
    return problems


def _read_dictionary(text: str, problems: list[str]) -> dict[str, dict[str, str]]:
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or tuple(rows[0]) != DICTIONARY_COLUMNS:
        problems.append("dictionary: the header is not REDCap's data dictionary header")
        return {}
    spec: dict[str, dict[str, str]] = {}
    for n, values in enumerate(rows[1:], 2):
        row = dict(zip(DICTIONARY_COLUMNS, values, strict=False))
        name, kind = row["Variable / Field Name"], row["Field Type"]
        if not _NAME.fullmatch(name) or len(name) > 100:
            problems.append(f"dictionary line {n}: {name!r} is not a valid variable name")
        if name in spec:
            problems.append(f"dictionary line {n}: {name!r} appears twice")
        if kind not in _TYPES:
            problems.append(f"dictionary line {n}: {kind!r} is not a REDCap field type")
        if not _NAME.fullmatch(row["Form Name"]):
            problems.append(f"dictionary line {n}: form name {row['Form Name']!r} is not valid")
        codes = _codes(row["Choices, Calculations, OR Slider Labels"])
        if kind in ("radio", "dropdown", "checkbox") and not codes:
            problems.append(f"dictionary line {n}: {name!r} has no choices")
        row["codes"] = " ".join(codes)
        spec[name] = row
    return spec


def _codes(choices: str) -> list[str]:
    return [part.split(",", 1)[0].strip() for part in choices.split("|") if "," in part]


def _check_records(spec: dict[str, dict[str, str]], text: str, problems: list[str]) -> None:
    reader = csv.DictReader(io.StringIO(text))
    header = list(reader.fieldnames or [])
    first = next(iter(spec))
    forms = {f"{row['Form Name']}_complete" for row in spec.values()}
    if not header or header[0] != first:
        problems.append(f"records: the first column must be the record id {first!r}")
    for column in header:
        if column not in spec and column not in forms:
            problems.append(f"records: column {column!r} is not a field of the dictionary")
    for n, record in enumerate(reader, 2):
        for column, value in record.items():
            problems += [f"records line {n}: {p}" for p in _value_problems(spec, forms, column,
                                                                           value or "")]


def _value_problems(spec: dict[str, dict[str, str]], forms: set[str], column: str | None,
                    value: str) -> list[str]:
    if column is None:
        return ["more values than columns"]
    if column in forms:
        return [] if value in ("", "0", "1", "2") else [f"{column} {value!r} is not 0, 1 or 2"]
    row = spec.get(column)
    if row is None:
        return []
    if not value:
        return [f"{column} is required"] if row["Required Field?"] == "y" else []
    kind = row["Field Type"]
    allowed = _FIXED.get(kind) or (set(row["codes"].split()) if row["codes"] else None)
    if allowed is not None and value not in allowed:
        return [f"{column} {value!r} is not one of {sorted(allowed)}"]
    pattern = _VALIDATION.get(row["Text Validation Type OR Show Slider Number"])
    if kind == "text" and pattern is not None and not pattern.fullmatch(value):
        return [f"{column} {value!r} does not pass its validation"]
    return []


def merge(files: Sequence[str]) -> str:
    """Several participants' study files as one REDCap import CSV (one header)."""
    rows = [r for text in files for r in csv.DictReader(io.StringIO(text))]
    if not rows:
        return ""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
