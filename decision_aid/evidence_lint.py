"""Evidence lints: primary sources, no drafting notes shown to patients, readable figures,
balanced pictures and guideline conditions for implants.

Each lint returns :class:`~decision_aid.errors.Issue` objects located by key path, so the
command line can name the file, line and object (``locate``). ``decision_aid.lint`` joins them
with the wording lints. Pure Python; never imports Streamlit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from decision_aid.errors import Issue, Severity
from decision_aid.model import Compare, Condition, Figure, Option, Pathway, Stage

PRIMARY_DOMAINS: tuple[str, ...] = (
    # Guideline bodies, regulators and public health services
    "nice.org.uk",
    "cks.nice.org.uk",
    "who.int",
    "fda.gov",
    "cms.gov",
    "noridianmedicare.com",  # a Medicare contractor's own notices
    "britishpainsociety.org",
    # Bibliographic records and DOIs
    "ncbi.nlm.nih.gov",
    "pubmed.ncbi.nlm.nih.gov",
    "pmc.ncbi.nlm.nih.gov",
    "doi.org",
    "cochranelibrary.com",
    # Journals' own sites
    "acpjournals.org",
    "jamanetwork.com",
    "cmaj.ca",
    "bmj.com",
    "link.springer.com",
    "pubs.asahq.org",
    "thelancet.com",
    "mdpi.com",
)
"""Domains (and their subdomains) whose pages are the primary text of a source."""

NHS_DOMAINS: tuple[str, ...] = (
    "nhs.uk",
    "www.nhs.uk",
    # NHS trusts, only for their own leaflets (never for copies of other NHS pages)
    "cuh.nhs.uk",
    "www.cuh.nhs.uk",
    "leedsth.nhs.uk",
    "northerncarealliance.nhs.uk",
    "royalfree.nhs.uk",
    "www.guysandstthomas.nhs.uk",
)
"""NHS hosts allowed exactly: GP-practice and trust copies of nhs.uk pages are not primary."""

LINKS_TO_CONFIRM: dict[str, str] = {
    "tens_nhs_info": "the nhs.uk address is from a reviewer's memory; one public list gives "
    "it under /tests-and-treatments/ instead. Open it and keep the one that works",
    "nhs_jaundice": "the nhs.uk address follows the site's pattern; its text was read in a copy",
    "nhs_urgent_mental_health": "the nhs.uk address was written from memory",
}
"""Sources on a primary domain whose address has not been confirmed to open the cited page.

They count as primary (the domain and the publisher are right) but are reported as warnings,
by id, until someone opens the page; remove an entry then (a test lists stale entries).
"""

DRAFTING_PATTERNS: tuple[str, ...] = (
    r"\bfor this draft\b",
    r"\bbefore publishing\b",
    r"\bnot (?:yet )?(?:been )?read\b",
    r"\bwas not (?:checked|read|retrieved|confirmed)\b",
    r"\b(?:title|wording|page) to check\b",
    r"\bcheck (?:the|this) (?:wording|text|list|page|NCD|FDA)\b",
    r"\b(?:to verify|verify (?:this|before))\b",
    r"\b(?:TODO|TBC|TBD|FIXME|XXX)\b",
    r"\bplaceholder\b",
    r"\blorem ipsum\b",
)
"""Editors' words that must never reach patients; they belong in ``editor_note``."""

_DRAFTING = tuple(re.compile(p, re.IGNORECASE) for p in DRAFTING_PATTERNS)

OTHER_FORMATS: tuple[tuple[str, str], ...] = (
    (r"\b(?:one|1) in (?!100\b)\d+\b", "'1 in N'"),
    (r"\b\d+(?:\.\d+)?\s?(?:%|per ?cent\b)", "a percentage"),
    (r"\b\d+\.\d+ in 100\b", "a decimal 'in 100'"),
)
"""Number formats that must not sit on a card beside 'n in 100' (one format per card)."""

_OTHER_FORMATS = tuple((re.compile(p, re.IGNORECASE), what) for p, what in OTHER_FORMATS)

_TRIALS = re.compile(r"\s*trials\b", re.IGNORECASE)
"""A population that counts trials, not people ('trials in the US between ...')."""


# --- Sources ------------------------------------------------------------------------------------


def is_primary_url(url: str) -> bool:
    """Whether ``url`` is an https link on a primary domain.

    Args:
        url: A source's link.

    Returns:
        True for e.g. ``https://www.nice.org.uk/guidance/ng59``; False for ``http://`` links,
        mirrors, news sites and GP-practice copies of NHS pages.
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" or not host:
        return False
    if host in NHS_DOMAINS:
        return True
    return any(host == d or host.endswith("." + d) for d in PRIMARY_DOMAINS)


def source_issues(pathway: Pathway) -> list[Issue]:
    """Sources without a DOI or a primary https link, and primary links still to confirm.

    A source with neither must say why in ``editor_note`` and is then reported as a warning;
    sources in :data:`LINKS_TO_CONFIRM` are warnings too.

    Args:
        pathway: A pathway that passed the model.

    Returns:
        One issue per source problem, located at the source's ``url``.
    """
    issues = []
    for i, s in enumerate(pathway.sources):
        message = _source_problem(s.id, s.url, s.doi, bool(s.editor_note))
        key = "url" if s.url is not None else "citation"
        if message is not None:
            severity: Severity = "warning" if message.startswith("no link") else "error"
            issues.append(Issue(("sources", i, key), f"source {s.id!r}: {message}", severity))
        elif s.id in LINKS_TO_CONFIRM:
            message = f"source {s.id!r}: link not yet confirmed: {LINKS_TO_CONFIRM[s.id]}."
            issues.append(Issue(("sources", i, key), message, "warning"))
    return issues


def _source_problem(sid: str, url: str | None, doi: str | None, explained: bool) -> str | None:
    if url is None:
        if doi is not None:
            return None
        if explained:
            return "no link yet; editor_note says why. Add the DOI or primary link once checked."
        return "has no url or doi. Add the DOI, or the link on the publisher's site."
    if url.startswith("http://"):
        return f"{url!r} is http://. Use the https link."
    if not is_primary_url(url):
        host = urlsplit(url).hostname or url
        return (
            f"{host!r} is not a primary domain. Link the guideline body, the regulator, nhs.uk, "
            "PubMed or the paper's DOI instead of a copy, news site or clinic page."
        )
    return None


def is_primary(pathway: Pathway, source_id: str) -> bool:
    """Whether a source of ``pathway`` has a DOI or a primary https link."""
    s = pathway.sources_by_id[source_id]
    return _source_problem(s.id, s.url, s.doi, explained=False) is None


# --- Drafting words -----------------------------------------------------------------------------


def drafting_words(text: str) -> list[str]:
    """The editors' words in ``text`` (see :data:`DRAFTING_PATTERNS`)."""
    return [m.group(0) for pattern in _DRAFTING for m in pattern.finditer(text)]


KeyPath = tuple[str | int, ...]


def drafting_issues(pathway: Pathway, blocks: list[tuple[KeyPath, str]]) -> list[Issue]:
    """Drafting words in patient-facing text, including source citations.

    Args:
        pathway: A pathway that passed the model.
        blocks: Patient-facing ``(key path, text)`` pairs, as from ``lint.keyed_blocks``.

    Returns:
        One issue per drafting phrase found.
    """
    cited = [(("sources", i, "citation"), s.citation) for i, s in enumerate(pathway.sources)]
    return [
        Issue(path, f"{words!r} is a drafting note shown to patients. Move it to editor_note.")
        for path, text in [*blocks, *cited]
        for words in drafting_words(text)
    ]


# --- Figures ------------------------------------------------------------------------------------


def figure_issues(pathway: Pathway) -> list[Issue]:
    """Figures that are not whole numbers, cards that mix number formats, and unexplained
    'no reliable numbers' beside a higher certainty.

    Args:
        pathway: A pathway that passed the model.

    Returns:
        One issue per problem.
    """
    issues: list[Issue] = []
    for i, o in enumerate(pathway.options):
        for j, f in enumerate(o.figures):
            issues += [Issue(("options", i, "figures", j), m) for m in _figure_format(f)]
        issues += [Issue(("options", i, *path), m) for path, m in _card_formats(o)]
        if _unexplained_no_number(o):
            issues.append(
                Issue(
                    ("options", i, "evidence_note"),
                    f"option {o.id!r} has {o.certainty} certainty beside 'no reliable numbers'. "
                    "Say in evidence_note what each refers to (e.g. 'we could not turn this "
                    "into a number out of 100').",
                )
            )
    return issues


def _figure_format(f: Figure) -> Iterator[str]:
    for name, value in (("n", f.n), ("n_high", f.n_high)):
        if value is not None and not float(value).is_integer():
            yield f"{name} {value:g} is not a whole number. Round it ('about {round(value)}')."
    if f.n is not None and f.kind is None:
        yield "a figure with a number needs kind: benefit, harm or neutral."
    says_trials = bool(_TRIALS.match(f.population))
    if says_trials and f.unit != "trials":
        yield (
            "its population counts trials, but the picture's key would say '1 person in 100'. "
            "Set unit: trials."
        )
    if f.unit == "trials" and not says_trials:
        yield "unit: trials, but the population does not start with the trials it counts."


def card_texts(o: Option) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every text on an option's card with its key path inside the option."""
    for name in ("what_it_is", "involves", "living_with", "evidence_note", "costs"):
        yield (name,), str(getattr(o, name))
    for k, b in enumerate(o.benefits):
        yield ("benefits", k), b
    for k, h in enumerate(o.harms):
        yield ("harms", k), h
    for k, f in enumerate(o.figures):
        for name in ("event", "time_frame", "population", "comparison"):
            value = getattr(f, name)
            if value:
                yield ("figures", k, name), value


def _card_formats(o: Option) -> Iterator[tuple[tuple[str | int, ...], str]]:
    for path, text in card_texts(o):
        for pattern, what in _OTHER_FORMATS:
            for m in pattern.finditer(text):
                yield path, (
                    f"{m.group(0)!r} is {what}; cards use whole numbers 'in 100' only. "
                    "Write it as 'about N in 100'."
                )


def _unexplained_no_number(o: Option) -> bool:
    blank = any(f.n is None for f in o.figures)
    higher = o.certainty in ("moderate", "high")
    return blank and higher and not re.search(r"\bnumbers?\b", o.evidence_note, re.IGNORECASE)


# --- Balance of pictures and stages -------------------------------------------------------------


def balance_issues(pathway: Pathway) -> list[Issue]:
    """Benefit pictures without harm pictures, and implants highlighted at a stage whose
    conditions do not meet the guideline's.

    Args:
        pathway: A pathway that passed the model.

    Returns:
        One issue per problem.
    """
    issues = []
    for i, o in enumerate(pathway.options):
        kinds = {f.kind for f in o.figures if f.n is not None}
        if "benefit" in kinds and "harm" not in kinds:
            issues.append(
                Issue(
                    ("options", i, "figures"),
                    f"option {o.id!r} shows a benefit as a picture but no harm as a picture. "
                    "Add a harm figure with a number, or give the benefit in words.",
                )
            )
    options = pathway.options_by_id
    for i, st in enumerate(pathway.stages):
        for oid in st.discuss:
            found = options.get(oid)
            if found is not None and not _stage_meets(st, found):
                issues.append(
                    Issue(
                        ("stages", i, "discuss"),
                        f"stage {st.id!r} highlights {oid!r}, but its 'when' lacks the "
                        "guideline's conditions (guideline_conditions of the option). Add them "
                        "to the stage's 'all' list or remove the option from 'discuss'.",
                    )
                )
    return issues


def _stage_meets(stage: Stage, option: Option) -> bool:
    if not option.guideline_conditions:
        return True
    if option.status_question and option.status_question in _questions(stage.when):
        return True  # the person has tried or has it: talking about it is no nudge
    parts = getattr(stage.when, "all", None) or ([stage.when] if stage.when else [])
    return all(c in parts for c in option.guideline_conditions)


def _questions(condition: Condition | None) -> set[str]:
    if condition is None:
        return set()
    if isinstance(condition, Compare):
        return {condition.question}
    if hasattr(condition, "not_"):
        return _questions(condition.not_)
    children = getattr(condition, "all", None) or getattr(condition, "any", None) or []
    return {q for c in children for q in _questions(c)}


# --- All of them, located -----------------------------------------------------------------------


def evidence_issues(
    pathway: Pathway, blocks: list[tuple[tuple[str | int, ...], str]]
) -> list[Issue]:
    """Every evidence lint: sources, drafting words, figures and balance."""
    return [
        *source_issues(pathway),
        *drafting_issues(pathway, blocks),
        *figure_issues(pathway),
        *balance_issues(pathway),
    ]
