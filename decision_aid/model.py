"""The typed pathway model: one source of truth for YAML content, the JSON Schema and the engine.

Every model is frozen and forbids unknown keys, so a typo in a pathway file is an error,
never a silently ignored branch.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

SCHEMA_VERSION = 1
"""The pathway file format this engine reads. Bump on breaking changes to the model."""

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
"""A stable identifier: lower case letters, digits and underscores, starting with a letter."""

Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
"""Patient-facing or clinician-facing text; never empty."""

Tier = Literal["emergency", "same_day", "soon"]
"""Red-flag tiers, most urgent first."""

TIER_ORDER: tuple[Tier, ...] = ("emergency", "same_day", "soon")

QuestionKind = Literal["single", "multiple", "yes_no", "scale", "text"]
StepKind = Literal[
    "safety", "questions", "values", "options", "compare", "clinician_questions", "summary"
]
SourceKind = Literal[
    "guideline",
    "systematic_review",
    "trial",
    "observational",
    "patient_information",
    "regulator",
    "other",
]
FigureKind = Literal["benefit", "harm", "neutral"]
FigureUnit = Literal["people", "trials", "devices", "mixed"]
Certainty = Literal["high", "moderate", "low", "very_low", "no_reliable_numbers"]
Operator = Literal[
    "equals", "not_equals", "in", "contains", "answered", "gt", "gte", "lt", "lte"
]
Scalar = bool | int | str

NOT_SURE = "not_sure"
"""The choice id of the leaning question that means 'not sure yet'."""

TRADE_OFF_STEPS: tuple[StepKind, ...] = ("compare", "values")
"""Where a trade-off question may be asked: on the compare step ("Weigh up your options"), or
on a step of its own (``kind: values``) as older pathways did."""

MAX_TEXT_LENGTH = 2000
"""The longest free-text answer any pathway may allow."""


class Base(BaseModel):
    """Frozen, strict base for every pathway model."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


# --- Conditions: data, never code -------------------------------------------------------------


class Compare(Base):
    """A single test on one earlier answer, a superset of FHIR ``enableWhen``.

    ``value`` is required for every operator except ``answered``; for ``in`` it is a list.
    ``answered`` with ``value: false`` means "not answered".
    """

    question: Id
    operator: Operator
    value: Scalar | list[Scalar] | None = None


class AllOf(Base):
    """True when every condition holds."""

    all: list[Condition] = Field(min_length=1)


class AnyOf(Base):
    """True when at least one condition holds."""

    any: list[Condition] = Field(min_length=1)


class NotOf(Base):
    """True when the condition does not hold."""

    not_: Condition = Field(alias="not")


Condition = Compare | AllOf | AnyOf | NotOf


# --- Sources ------------------------------------------------------------------------------------


class Source(Base):
    """A reference that clinical statements point to by id.

    Written once, in ``pathways/shared/sources.yaml``, as its parts (authors, title, where it
    was published, year, DOI or link); the citation people read is built from them.
    """

    id: Id
    authors: str | None = Field(
        default=None,
        description="The authors as the source lists them ('Hayes C, Jordan MS, Hodson FJ, "
        "Ritchard L'), or the body that wrote it ('National Institute for Health and Care "
        "Excellence (NICE)').",
    )
    title: str | None = Field(
        default=None, description="The title exactly as published; never a description."
    )
    published_in: str | None = Field(
        default=None,
        description="The journal with volume and pages ('PLoS One 2012;7(11):e49124'), or the "
        "publisher and series ('NICE guideline NG193').",
    )
    description: str | None = Field(
        default=None,
        description="Only while the title is not confirmed (confirmed: false): what the "
        "source is, in plain words. Shown in place of a title.",
    )
    citation: Text = Field(
        default="",
        description="Built from authors, title (or description), published_in and year; write "
        "it by hand only for a source outside the library that has no parts yet.",
    )
    year: int = Field(ge=1900, le=2100)
    url: str | None = Field(
        default=None, description="An https link on the publisher's or the guideline body's site."
    )
    doi: Annotated[str, StringConstraints(pattern=r"^10\.\d{4,9}/\S+$")] | None = Field(
        default=None,
        description="The DOI without 'https://doi.org/', e.g. '10.1002/14651858.CD012087'.",
    )
    kind: SourceKind
    confirmed: bool = Field(
        default=True,
        description="False while a detail (authors, title, link) has not been confirmed "
        "against the source itself; editor_note says which. Never counted as primary.",
    )
    note: str | None = Field(
        default=None,
        description="A caveat shown to patients with the source, "
        "e.g. 'about low back pain, not mid-back pain'.",
    )
    editor_note: str | None = Field(
        default=None,
        description="For editors and reviewers only, never shown to patients: what was not "
        "read or checked, what to verify before publishing.",
    )

    @model_validator(mode="before")
    @classmethod
    def _build_citation(cls, data: object) -> object:
        """Fill ``citation`` from the parts when it is not written by hand."""
        if isinstance(data, dict) and not data.get("citation"):
            built = build_citation(data)
            if built:
                data = {**data, "citation": built}
        return data

    @property
    def from_parts(self) -> bool:
        """Whether the citation is built from authors, title and the rest (not typed by hand)."""
        return bool(self.citation) and self.citation == build_citation(self.__dict__)


def build_citation(parts: dict[str, object]) -> str:
    """'Authors. Title. Published in, year.' from a source's parts; '' with no title.

    The year is added only when ``published_in`` does not already carry it.
    """
    title = parts.get("title") or parts.get("description")
    if not isinstance(title, str) or not title.strip():
        return ""
    pieces = [parts.get("authors"), title, parts.get("published_in")]
    text = " ".join(_sentence(p) for p in pieces if isinstance(p, str) and p.strip())
    year = parts.get("year")
    if year is not None and str(year) not in text:
        text = f"{text[:-1]}, {year}."
    return text


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


class SourceLibraryUse(Base):
    """The sources a file uses from the shared library, by id."""

    include: Annotated[str, StringConstraints(pattern=r"^[^\s]+\.yaml$")] = Field(
        description="The shared sources library, relative to this file."
    )
    sources: list[Id] = Field(min_length=1, description="The library sources this file cites.")


class SourceLibrary(Base):
    """The shared sources library (pathways/shared/sources.yaml): each source once."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", title="Shared sources library", populate_by_name=True
    )

    schema_version: Literal[1]
    kind: Literal["sources"]
    sources: list[Source] = Field(min_length=1)


# --- Questions ----------------------------------------------------------------------------------


class Choice(Base):
    """One answer option of a single or multiple choice question."""

    id: Id
    label: Text
    help: str | None = None
    exclusive: bool = Field(
        default=False, description="A 'none of these' option that cannot be combined with others."
    )


class Question(Base):
    """One question the person answers; ``id`` is its answers-dict key and FHIR linkId."""

    id: Id
    kind: QuestionKind
    text: Text
    help: str | None = None
    required: bool = False
    choices: list[Choice] | Literal["ladder"] | None = Field(
        default=None,
        description="Options for single/multiple questions; 'ladder' means one per ladder option.",
    )
    min: int = Field(default=0, description="Lowest value of a scale question.")
    max: int = Field(default=10, description="Highest value of a scale question.")
    min_label: str | None = None
    max_label: str | None = None
    max_length: int = Field(default=300, ge=1, le=MAX_TEXT_LENGTH)
    enable_when: Condition | None = None
    summary_label: str | None = Field(
        default=None, description="Short label used in the summary instead of the question text."
    )
    heading: str | None = Field(
        default=None,
        description="A subheading drawn above this question: it starts a new part of the step, "
        "and of the summary, under this title (e.g. 'What you have tried').",
    )


class Background(Base):
    """Background a person may want but need not read, e.g. what the condition is."""

    title: Text = Field(description="The label of the closed toggle, e.g. 'About mid-back pain'.")
    text: Text = Field(description="What the toggle holds (Markdown).")


class Route(Base):
    """Where to go after a step: the first route whose ``when`` holds (or that has none) wins."""

    when: Condition | None = None
    goto: Id


class QuestionListPart(Base):
    """The person's question list as a part of another step, under its own heading."""

    title: Text
    intro: str | None = None
    sources: list[Id] = Field(
        default_factory=list,
        description="Where the suggested clinician questions come from (for reviewers).",
    )


class Step(Base):
    """One page of the wizard."""

    id: Id
    kind: StepKind
    title: Text
    intro: str | None = None
    sources: list[Id] = Field(
        default_factory=list,
        description="Where this step's background and wording come from (for reviewers).",
    )
    background: Background | None = Field(
        default=None, description="Shown under the intro in a closed toggle, one click away."
    )
    questions: list[Question] = Field(default_factory=list)
    question_list: QuestionListPart | None = Field(
        default=None,
        description="Also draws the person's question list after this step's questions (the "
        "step whose answers choose most of it); a 'clinician_questions' step always draws it.",
    )
    enable_when: Condition | None = None
    next: list[Route] = Field(
        default_factory=list,
        description="Routes out of this step; without a match, the following step in the file.",
    )

    @property
    def has_question_list(self) -> bool:
        """Whether the person's question list is edited on this step."""
        return self.question_list is not None or self.kind == "clinician_questions"


# --- Safety -------------------------------------------------------------------------------------


class Evidence(Base):
    """Where a primary source gives a warning sign, and the tier that source itself gives it."""

    source: Id
    where: Text = Field(
        description="The list, section or recommendation, e.g. 'Call 999 or go to A&E if'."
    )
    tier: Tier | None = Field(
        default=None,
        description="The tier the source gives the sign; none when it lists the sign without one.",
    )
    seen: bool = Field(
        default=True,
        description="False when the source's own text was not read for this item yet.",
    )


class SignJudgement(Base):
    """Where the aid narrows, widens or places a source's sign by clinical judgement."""

    note: Text = Field(description="What the aid does that the source does not say, and why.")
    reviewer: Text = Field(description="Who must sign it off, as named in the pathway reviewers.")
    signed_off: dt.date | None = Field(
        default=None,
        description="Kept so older files open; it no longer counts: sign with a 'sign_offs' "
        "record for 'sign:<warning sign id>'.",
    )


class RedFlag(Base):
    """A warning sign; ``when`` says which answers raise it (one answer, or a combination)."""

    id: Id
    text: Text
    when: Condition
    evidence: list[Evidence] = Field(
        default_factory=list, description="The primary sources that give this sign."
    )
    judgement: SignJudgement | None = None
    action: Id | None = Field(
        default=None,
        description="The id of its tier's action line for this kind of sign (e.g. 'clot'), "
        "shown only to people who ticked a sign of that kind.",
    )


class ActionLine(Base):
    """What to do for one kind of sign (a possible clot, cancer, shingles...): one short line."""

    id: Id
    text: Text


class SafetyTier(Base):
    """A tier of warning signs and what a person must be told to do."""

    tier: Tier
    id: Id | None = Field(
        default=None,
        description="Needed only when a pathway adds a second group of the same tier.",
    )
    title: Text
    message: Text
    action: Text
    banner: str | None = Field(
        default=None,
        description="A short 'what to do' for the banner that stays at the top of the screen.",
    )
    if_new: Text | None = Field(
        default=None,
        description="What the summary's 'What next' says to do if a sign of this tier starts "
        "before the visit: which signs, in a few words, and whom to call. Every summary says "
        "it, ticked signs or not; name only signs this tier lists.",
    )
    actions: list[ActionLine] = Field(
        default_factory=list,
        description="Action lines by kind of sign; a sign names its line in 'action'.",
    )
    checked_question: Id | None = Field(
        default=None,
        description="A yes/no question, shown whenever this tier is raised, where the person "
        "says a clinician has checked them since; until then the plan puts getting checked "
        "first and holds back self-care suggestions.",
    )
    items: list[RedFlag] = Field(min_length=1)

    @property
    def key(self) -> str:
        """The group's stable name: its id, else its tier."""
        return self.id or self.tier


class CautionGroup(Base):
    """Things to check before using a treatment. Not warning signs: they never alarm."""

    id: Id
    title: Text
    message: Text
    action: Text
    items: list[RedFlag] = Field(min_length=1)


# --- Retired questions and choices: what older saved files hold -----------------------------------


class RetiredQuestion(Base):
    """A question this pathway no longer asks: an answer saved to it is named in these words."""

    id: Id
    text: Text = Field(description="The question in words, as the person is told about it.")
    choices: dict[str, Text] = Field(
        default_factory=dict, description="Its old answers by id, in words."
    )
    rating: bool = Field(
        default=False,
        description="A 0 to 10 'what matters' rating that trade-off questions replaced: named "
        "with the number given, and the person is asked to weigh up again.",
    )
    since: str | None = Field(default=None, description="The version that stopped asking it.")


class ChoiceRef(Base):
    """One answer of one question, by id."""

    question: Id
    choice: Id


class MovedChoice(Base):
    """A tick saved by an older version that is asked elsewhere now: it is carried there."""

    old: ChoiceRef
    new: ChoiceRef
    since: str | None = None


class Retired(Base):
    """What older saved files hold that this version no longer asks, and where it went."""

    questions: list[RetiredQuestion] = Field(default_factory=list)
    moved_choices: list[MovedChoice] = Field(
        default_factory=list, description="Applied to files saved with another version only."
    )
    narrowed_choices: list[ChoiceRef] = Field(
        default_factory=list,
        description="Ticks whose meaning changed: never carried over from another version, so "
        "the person answers again.",
    )
    own_question_box: Id | None = Field(
        default=None,
        description="A retired free-text box whose text becomes one of the person's own "
        "questions.",
    )


class WarningSignsInclude(Base):
    """A pathway's use of the shared warning-sign screen, and the questions it adds to it."""

    include: Annotated[str, StringConstraints(pattern=r"^[^\s]+\.yaml$")] = Field(
        description="The shared warning-sign file, relative to the pathway file."
    )
    questions: list[Question] = Field(
        default_factory=list,
        description="Questions added after the shared ones on the warning-sign step.",
    )


class WarningSigns(Base):
    """The shared warning-sign screen (pathways/shared/warning-signs.yaml) every pathway uses."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", title="Shared warning signs", populate_by_name=True
    )

    schema_version: Literal[1]
    kind: Literal["warning_signs"]
    version: Text
    last_reviewed: dt.date
    reviewers: list[Person] = Field(
        min_length=1, description="Who signs off the screen and its clinical judgements."
    )
    library: SourceLibraryUse | None = Field(
        default=None, description="The shared sources this screen cites, by id."
    )
    sources: list[Source] = Field(
        default_factory=list,
        description="Sources not (yet) in the shared library; the library is the place for them.",
    )
    tiers: list[SafetyTier] = Field(min_length=1)
    step: Step
    retired: Retired = Field(
        default_factory=Retired, description="The screen's retired questions and choices."
    )
    sign_offs: list[SignOff] = Field(
        default_factory=list,
        description="Sign-off records, kept last in the file: 'review --import' appends to them.",
    )


# --- The ladder of options ---------------------------------------------------------------------


class Arm(Base):
    """The other group of a figure's own source, e.g. 'with usual care alone: about 7 in 100'."""

    label: Text = Field(description="Who, in lower case: e.g. 'with usual care alone'.")
    n: float = Field(ge=0, description="How many in the figure's denominator.")


class Figure(Base):
    """An outcome figure as 'n in denominator', with its time frame, population and certainty.

    The one place a number a patient reads is written: grid cells, trade-offs, quiz answers,
    pictures and the summary refer to it by ``id`` and render it with its population, time
    frame, range and funding.
    """

    id: Id | None = Field(
        default=None,
        description="Needed when a grid cell, trade-off, quiz answer or picture shows it; "
        "unique in the pathway.",
    )
    event: Text
    n: float | None = Field(default=None, ge=0, description="None: no reliable number exists.")
    denominator: int = 100
    n_high: float | None = Field(default=None, ge=0, description="Upper end when a range is given.")
    time_frame: Text
    population: Text
    certainty: Certainty
    sources: list[Id] = Field(min_length=1)
    comparison: Arm | None = Field(
        default=None,
        description="The other group of the same source, same time frame: e.g. label 'with "
        "usual care alone', n 7. Drawn as the second half of the figure's picture.",
    )
    funding: str | None = Field(
        default=None,
        description="Who paid, where a maker paid, as a sentence: e.g. 'A device maker paid "
        "for the trial.' Shown with the number everywhere it appears.",
    )
    picture: bool = Field(
        default=True,
        description="False: shown in words only, never as an icon array (e.g. a benefit with "
        "no harm number to set beside it).",
    )
    kind: FigureKind | None = Field(
        default=None,
        description="Whether the outcome is a benefit, a harm or neither (e.g. going on to an "
        "implant); the balance lint pairs benefit pictures with harm pictures.",
    )
    unit: FigureUnit = Field(
        default="people",
        description="What the source counts, and so what each icon of the picture stands for: "
        "people, trials (one person may have had more than one trial), devices, or mixed "
        "(pooled from studies that counted people and studies that counted problems).",
    )
    editor_note: str | None = Field(
        default=None, description="For reviewers only, never shown: how the number was derived."
    )


class Statement(Base):
    """A sentence several places say, e.g. a guideline's position in the guideline's words:
    written once here, named by id on the cards, in grid cells and in quiz answers."""

    id: Id
    text: Text
    sources: list[Id] = Field(min_length=1)


class Option(Base):
    """One rung of the ladder of options people commonly discuss."""

    id: Id
    rung: int = Field(ge=0)
    title: Text
    short_title: Text | None = Field(
        default=None,
        description="A shorter name for the comparison read on a phone, where each option is "
        "named again under every question (the title is said in its first table).",
    )
    what_it_is: Text
    involves: Text
    benefits: list[Text] = Field(min_length=1)
    harms: list[Text] = Field(min_length=1)
    living_with: Text
    figures: list[Figure] = Field(default_factory=list)
    certainty: Certainty
    evidence_note: Text
    statements: list[Id] = Field(
        default_factory=list,
        description="Ids of the pathway's statements, shown before the evidence note.",
    )
    costs: Text
    sources: list[Id] = Field(min_length=1)
    status_question: Id | None = Field(
        default=None, description="The question that records whether and how it was tried."
    )
    clinician_questions: list[Id] = Field(default_factory=list)
    guideline_conditions: list[Compare] = Field(
        default_factory=list,
        description="Answers a guideline requires before it supports this option (e.g. nerve-type "
        "pain for 6 months). A stage may list the option in 'discuss' only when its 'when' has "
        "all of them, or asks about the option's own status question.",
    )


class Stage(Base):
    """Where a person is on the ladder: the first stage whose ``when`` holds."""

    id: Id
    title: Text
    description: Text
    when: Condition | None = None
    discuss: list[Id] = Field(default_factory=list)


class ClinicianQuestion(Base):
    """A question a person may want to ask, selected by conditions, options or always (core)."""

    id: Id
    text: Text
    tags: list[str] = Field(default_factory=list)
    core: bool = False
    when: Condition | None = None


class Score(Base):
    """A calculated score, e.g. PEG: the mean of three 0-10 items."""

    id: Id
    title: Text
    method: Literal["mean", "sum"] = "mean"
    items: list[Id] = Field(min_length=1)
    explanation: str | None = None


# --- Options side by side, trade-offs, leaning -------------------------------------------------


CardPart = Annotated[
    str,
    StringConstraints(
        pattern=r"^(?:what_it_is|involves|living_with|evidence_note|costs|"
        r"(?:benefits|harms)\[\d+\])$"
    ),
]
"""A part of an option's card a grid cell repeats: a field, or one benefit or harm by index."""


class CompareCell(Base):
    """A short, sourced answer to one comparison question for one option.

    Numbers are never typed here: ``figures`` names the option's figures, drawn after the text
    with their population, time frame and range.
    """

    text: str = Field(default="", description="Words only; may be empty when figures say it.")
    card: list[CardPart] = Field(
        default_factory=list,
        description="Parts of the option's card said first, in the card's own words, e.g. "
        "'harms[0]' or 'costs'.",
    )
    statements: list[Id] = Field(
        default_factory=list, description="Ids of the pathway's statements, after the text."
    )
    figures: list[Id] = Field(
        default_factory=list, description="Ids of this option's figures, shown after the text."
    )
    sources: list[Id] = Field(min_length=1)

    @model_validator(mode="after")
    def _says_something(self) -> CompareCell:
        if not (self.text.strip() or self.card or self.figures or self.statements):
            raise ValueError("a cell needs text, card parts, statements or figures")
        return self


class CompareRow(Base):
    """A question people ask about every option (an Option Grid row), answered for each one."""

    id: Id
    text: Text
    cells: dict[Id, CompareCell] = Field(
        description="One answer per option, keyed by option id; every option needs one."
    )


class TradeOff(Base):
    """A trade-off people weigh (e.g. quick or lasting relief), asked by a single question.

    The question's choices are the two sides and a ``neutral`` middle; ``cells`` say, per
    option, what it means for this trade-off, or ``row`` names the grid row that says it.
    """

    question: Id
    neutral: Id = Field(description="The choice that leans neither way, e.g. 'both'.")
    cells: dict[Id, CompareCell] = Field(
        default_factory=dict,
        description="What each option means for this trade-off, keyed by option id.",
    )
    row: Id | None = Field(
        default=None,
        description="The id of a grid row that already answers this trade-off (few side "
        "effects: the harms row). That row then names the side the person leans to, and the "
        "trade-off has no cells of its own: one fact, one place.",
    )

    @model_validator(mode="after")
    def _cells_or_row(self) -> TradeOff:
        if bool(self.cells) == (self.row is not None):
            raise ValueError("a trade-off needs its own 'cells' or the 'row' that answers it")
        return self


class Picture(Base):
    """An option's figure drawn on the comparison: 100 icons, and 100 more for its comparison.

    Everything it shows (kind, number, range, event, time frame, population, funding and
    sources) is the figure's own; the picture adds only who its number is about.
    """

    option: Id = Field(description="The option the picture is shown with; owns the figure.")
    figure: Id = Field(description="The id of the option's figure to draw.")
    label: Text = Field(description="Who the figure's number is about, e.g. 'With a stimulator'.")


class Comparison(Base):
    """Options side by side: the questions people ask, answered for every option."""

    shortlist_question: Id = Field(
        description="A multiple question with 'choices: ladder': the options to compare."
    )
    current: Id = Field(description="The option always shown: keeping on as now.")
    max_columns: int = Field(default=4, ge=2, le=4)
    rows: list[CompareRow] = Field(min_length=1)
    tradeoffs: list[TradeOff] = Field(default_factory=list)
    pictures: list[Picture] = Field(default_factory=list)


class Leaning(Base):
    """Where the person is leaning, and the SURE test (Légaré et al. 2010)."""

    question: Id = Field(description="A single question; choices are option ids or 'not_sure'.")
    sure: list[Id] = Field(
        min_length=4,
        max_length=4,
        description="The four SURE yes/no items: Sure, Understand, Risk-benefit, Encouragement.",
    )
    raise_note: Text = Field(description="Said when any SURE answer is 'no'.")
    sources: list[Id] = Field(min_length=1, description="Where the SURE test comes from.")


class QuizItem(Base):
    """A true/false statement to check understanding, with feedback pointing to a card."""

    id: Id
    statement: Text
    answer: bool
    feedback: Text
    statements: list[Id] = Field(
        default_factory=list,
        description="Ids of the pathway's statements shown after the feedback.",
    )
    figures: list[Id] = Field(
        default_factory=list,
        description="Ids of the option's figures shown after the feedback (never retype them).",
    )
    option: Id = Field(description="The option card the feedback points back to.")
    sources: list[Id] = Field(min_length=1)


# --- The pathway ---------------------------------------------------------------------------------


class Person(Base):
    """An author or reviewer: who they are, what qualifies them, and what they declare."""

    name: Text
    role: Text
    credentials: str | None = Field(
        default=None,
        description="Qualifications and professional registration, e.g. 'MB ChB, GMC 1234567'.",
    )
    organisation: str | None = None
    interests: str | None = Field(
        default=None,
        description="Declared interests (money, roles, ties to makers); 'None declared' when none.",
    )
    signed_off: dt.date | None = Field(
        default=None,
        description="Kept so older files open; it no longer counts as a sign-off: a sign-off is "
        "a record under 'sign_offs' bound to the SHA-256 of the content signed.",
    )


Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
"""A SHA-256 digest as 64 lower-case hex digits."""


class SignOff(Base):
    """A reviewer's sign-off of one item, bound to the SHA-256 of exactly what was signed.

    The record keeps who signed and what they declared at the time, so a later change to the
    reviewers list does not rewrite history. It counts only while ``sha256`` matches the item's
    current content hash (``decision_aid/rules/signoff.py``); after any content edit the item is
    awaiting sign-off again.
    """

    item: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*(:[a-z0-9_]+)*$")] = Field(
        description="What is signed: 'pathway' (a pathway with everything it includes), "
        "'screen' (the shared warning-sign file), 'judgement:<id>', 'sign:<warning sign id>' "
        "(its clinical judgement) or 'passage:<warning sign id>:<source id>' (an unread passage)."
    )
    name: Text
    role: Text
    credentials: Text = Field(description="Qualifications and professional registration.")
    organisation: Text
    interests: Text = Field(description="Declared interests; 'None declared' when none.")
    date: dt.date
    sha256: Sha256 = Field(description="The content hash the reviewer signed.")
    comment: str | None = Field(default=None, description="The reviewer's comment, if any.")


class Judgement(Base):
    """A clinical judgement awaiting sign-off: for reviewers only, never shown to patients."""

    id: Id
    at: Text = Field(description="Where it is, as a key path, e.g. 'options[scs].figures[1]'.")
    text: Text = Field(description="What was decided and why, for the clinical reviewer.")
    sources: list[Id] = Field(default_factory=list)


class Pathway(Base):
    """A whole decision-aid pathway, as read from ``pathways/<id>.yaml``."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", title="Decision aid pathway", populate_by_name=True
    )

    schema_version: Literal[1]
    id: Id
    version: Text
    title: Text
    summary: Text
    tagline: str | None = Field(
        default=None,
        description="One short line for the start page (about 10 words); the summary is on "
        "the About page.",
    )
    reading_minutes: tuple[Annotated[int, Field(ge=1)], Annotated[int, Field(ge=1)]] | None = (
        Field(
            default=None,
            description="The reading time the start page gives for this topic, as [fewest, "
            "most] whole minutes: the range `make bench` measured (figure 8: every persona's "
            "walk, desktop and phone), rounded out. Figure 8 reports a miss when a walk falls "
            "outside it.",
        )
    )
    audience: Text
    scope: Text = Field(description="The non-diagnostic scope statement shown to every user.")
    published: dt.date
    last_reviewed: dt.date
    next_review: dt.date
    update_policy: Text
    authors: list[Person] = Field(min_length=1)
    reviewers: list[Person] = Field(default_factory=list)
    funding: Text
    conflicts: Text
    library: SourceLibraryUse | None = Field(
        default=None, description="The shared sources this pathway cites, by id."
    )
    sources: list[Source] = Field(
        default_factory=list,
        description="Sources not (yet) in the shared library; with library, the loader puts "
        "the library's first.",
    )
    warning_signs: WarningSignsInclude | None = Field(
        default=None,
        description="The shared warning-sign screen; the loader puts its step first.",
    )
    safety: list[SafetyTier] = Field(
        default_factory=list,
        description="Warning-sign groups; with warning_signs, the ones this pathway adds.",
    )
    cautions: list[CautionGroup] = Field(
        default_factory=list, description="Checks before a treatment; never an alarm."
    )
    steps: list[Step] = Field(min_length=1)
    statements: list[Statement] = Field(
        default_factory=list,
        description="Sentences several places say (a guideline's position), written once.",
    )
    options: list[Option] = Field(default_factory=list)
    stages: list[Stage] = Field(default_factory=list)
    clinician_questions: list[ClinicianQuestion] = Field(default_factory=list)
    scores: list[Score] = Field(default_factory=list)
    tell_first: list[Id] = Field(
        default_factory=list, description="Questions whose answers open the summary."
    )
    compare: Comparison | None = None
    leaning: Leaning | None = None
    quiz: list[QuizItem] = Field(default_factory=list, max_length=3)
    judgements: list[Judgement] = Field(
        default_factory=list,
        description="Clinical judgements, each signed on its own (listed in docs/review.md).",
    )
    retired: Retired = Field(
        default_factory=Retired,
        description="Questions and choices older versions asked, so their saved files still "
        "open (with the shared screen's after the loader merges it).",
    )
    sign_offs: list[SignOff] = Field(
        default_factory=list,
        description="Sign-off records, kept last in the file: 'review --import' appends to them.",
    )

    @functools.cached_property
    def questions(self) -> dict[str, Question]:
        """Every question by id, in file order."""
        return {q.id: q for s in self.steps for q in s.questions}

    @functools.cached_property
    def step_of(self) -> dict[str, Step]:
        """The step that holds each question, by question id."""
        return {q.id: s for s in self.steps for q in s.questions}

    @functools.cached_property
    def steps_by_id(self) -> dict[str, Step]:
        """Every step by id."""
        return {s.id: s for s in self.steps}

    @functools.cached_property
    def sources_by_id(self) -> dict[str, Source]:
        """Every source by id."""
        return {s.id: s for s in self.sources}

    @functools.cached_property
    def statements_by_id(self) -> dict[str, Statement]:
        """Every statement by id."""
        return {s.id: s for s in self.statements}

    @functools.cached_property
    def figures_by_id(self) -> dict[str, tuple[Option, Figure]]:
        """Every figure that has an id, with the option it belongs to."""
        return {f.id: (o, f) for o in self.options for f in o.figures if f.id is not None}

    @functools.cached_property
    def options_by_id(self) -> dict[str, Option]:
        """Every ladder option by id."""
        return {o.id: o for o in self.options}

    def choices(self, question: Question) -> list[Choice]:
        """The answer options of ``question``, expanding ``choices: ladder`` into the options."""
        if question.choices == "ladder":
            return [Choice(id=o.id, label=o.title) for o in sorted(self.options, key=_rung)]
        return list(question.choices or [])


def _rung(option: Option) -> int:
    return option.rung


for _model in (
    AllOf, AnyOf, NotOf, Question, Step, Route, RedFlag, ActionLine, SafetyTier, CautionGroup,
    Stage, WarningSignsInclude, WarningSigns,
):
    _model.model_rebuild()
ClinicianQuestion.model_rebuild()
Pathway.model_rebuild()


# --- The JSON Schema of pathway files (generated from the model, never written by hand) ---------

SCHEMA_DRAFT = "https://json-schema.org/draft/2020-12/schema"


def json_schema() -> dict[str, Any]:
    """The JSON Schema for pathway YAML, by alias (``not``), with ``$schema`` and a title.

    The shared warning-sign file's schema is ``$defs/WarningSigns`` and the sources library's
    is ``$defs/SourceLibrary`` (their modelines point there).

    Returns:
        The schema as a JSON-ready dict.
    """
    generated = Pathway.model_json_schema(by_alias=True)
    shared = WarningSigns.model_json_schema(by_alias=True)
    library = SourceLibrary.model_json_schema(by_alias=True)
    defs = {
        **generated.get("$defs", {}),
        **shared.pop("$defs", {}),
        **library.pop("$defs", {}),
        "WarningSigns": shared,
        "SourceLibrary": library,
    }
    return {"$schema": SCHEMA_DRAFT, **generated, "$defs": defs, "title": "Decision aid pathway"}


def schema_text() -> str:
    """The schema as the text of ``pathways/schema.json``: sorted keys, indent 2, final newline.

    Returns:
        The file text.
    """
    return json.dumps(json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
