"""Evidence lints: primary sources, no drafting notes shown to patients, readable figures,
balanced pictures and guideline conditions for implants.

Each lint returns :class:`~decision_aid.errors.Issue` objects located by key path, so the
command line can name the file, line and object (``locate``). ``decision_aid.rules.lint`` joins them
with the wording lints. Pure Python; never imports Streamlit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from decision_aid.answers import leaves
from decision_aid.errors import Issue, Severity
from decision_aid.model import (
    AllOf,
    Figure,
    Option,
    Pathway,
    Source,
    SourceLibrary,
    Stage,
)

PRIMARY_DOMAINS: tuple[str, ...] = (
    # Guideline bodies, regulators and public health services
    "nice.org.uk",
    "cks.nice.org.uk",
    "who.int",
    "fda.gov",
    "cms.gov",
    "noridianmedicare.com",  # a Medicare contractor's own notices
    "britishpainsociety.org",
    "nidirect.gov.uk",  # the Northern Ireland government's public site, with its health advice
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
    "www.lpft.nhs.uk",
    "www.worcsacute.nhs.uk",
)
"""NHS hosts allowed exactly: GP-practice and trust copies of nhs.uk pages are not primary."""

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
"""Number formats that must not sit in a figure's words beside its 'n in 100'."""

_OTHER_FORMATS = tuple((re.compile(p, re.IGNORECASE), what) for p, what in OTHER_FORMATS)

_COUNTED = re.compile(r"\s*(trials|devices)\b", re.IGNORECASE)
"""A population that counts trials or devices, not people ('trials in the US between ...')."""


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


CITATION_PARTS: tuple[str, ...] = ("authors", "title", "published_in")
"""The parts every source needs besides its year and a DOI or link (the citation's parts)."""


def source_issues(pathway: Pathway | SourceLibrary) -> list[Issue]:
    """Sources with an incomplete citation, without a DOI or primary https link, or unconfirmed.

    A complete citation has authors, a title (as published, not a description), where it was
    published, a year and a DOI or primary link. A source marked ``confirmed: false`` says in
    ``editor_note`` what is missing; its problems are then warnings, and one more warning names
    it for the reviewer. Everything else is an error.

    Args:
        pathway: A pathway (its merged sources) or the sources library.

    Returns:
        Issues located at the source's field concerned.
    """
    issues = []
    for i, s in enumerate(pathway.sources):
        for key, message, severity in _source_findings(s):
            issues.append(Issue(("sources", i, *key), f"source {s.id!r}: {message}", severity))
    return issues + _same_page(pathway.sources)


def _same_page(sources: list[Source]) -> list[Issue]:
    """Two sources with one DOI or one link are one source written twice (reported at each
    but the first id in alphabetical order, so the pathway and the library agree)."""
    ids: dict[str, set[str]] = {}
    for s in sources:
        for value in (s.doi, s.url):
            if value is not None:
                ids.setdefault(value, set()).add(s.id)
    issues = []
    for i, s in enumerate(sources):
        for key, value in (("doi", s.doi), ("url", s.url)):
            keep = min(ids.get(value or "", {s.id}))
            if keep != s.id:
                message = f"source {s.id!r} has the same {key} as {keep!r}: it is one source "
                message += "written twice. Cite one id for both."
                issues.append(Issue(("sources", i, key), message, "warning"))
    return issues


def _source_findings(s: Source) -> Iterator[tuple[tuple[str, ...], str, Severity]]:
    unconfirmed: Severity = "warning" if not s.confirmed else "error"
    if not s.confirmed and not s.editor_note:
        yield ("confirmed",), "confirmed: false needs an editor_note saying what is not.", "error"
    elif not s.confirmed:
        message = "not confirmed, so never counted as primary; editor_note says what to check."
        yield ("confirmed",), message, "warning"
    if s.citation and not s.from_parts:
        # Allowed so a file written before the library still loads; not complete until moved.
        yield ("citation",), (
            "the citation is typed by hand, so its parts cannot be checked: move the source to "
            "pathways/shared/sources.yaml as authors, title, published_in and year."
        ), "warning"
    else:
        yield from ((k, m, unconfirmed) for k, m in _citation_findings(s))
    link = _source_problem(s.id, s.url, s.doi, bool(s.editor_note))
    if link is not None:
        explained = link.startswith("no link")
        yield ("url" if s.url is not None else "id",), link, "warning" if explained else "error"


def _citation_findings(s: Source) -> Iterator[tuple[tuple[str, ...], str]]:
    for part in CITATION_PARTS:
        if not getattr(s, part) and not (part == "title" and s.description):
            yield ("id",), f"has no {part}. Add it from the source itself."
    if s.description and s.confirmed:
        yield ("description",), (
            "a description stands in for the title. Give the title as published, or mark "
            "the source confirmed: false until it is found."
        )
    if s.description and s.title:
        yield ("description",), "has both a title and a description: keep the title only."


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
    """Whether a source of ``pathway`` is confirmed and has a DOI or a primary https link."""
    s = pathway.sources_by_id[source_id]
    return s.confirmed and _source_problem(s.id, s.url, s.doi, explained=False) is None


def is_complete(source: Source) -> bool:
    """Whether a source's citation has every part, built from its parts, and a DOI or link
    (no finding at all, not even a warning)."""
    return not any(severity for *_, severity in _source_findings(source))


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
    cited = [
        (("sources", i, part), text)
        for i, s in enumerate(pathway.sources)
        for part, text in _citation_texts(s)
    ]
    return [
        Issue(path, f"{words!r} is a drafting note shown to patients. Move it to editor_note.")
        for path, text in [*blocks, *cited]
        for words in drafting_words(text)
    ]


def _citation_texts(s: Source) -> Iterator[tuple[str, str]]:
    """The parts of a citation people read, by field (the whole text when typed by hand)."""
    if not s.from_parts:
        yield "citation", s.citation
        return
    for part in ("authors", "title", "description", "published_in"):
        text = getattr(s, part)
        if text:
            yield part, text


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
    counted = _COUNTED.match(f.population)
    says = counted.group(1).lower() if counted else "people"
    if f.unit != "mixed" and says != f.unit:
        yield (
            f"its population counts {says}, but unit is {f.unit}: the picture's key would say "
            f"'1 {f.unit.removesuffix('s') if f.unit != 'people' else 'person'} in 100'. Make "
            f"them agree (unit: {says}, or a population that starts with the {f.unit} counted)."
        )


def card_texts(o: Option) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every text on an option's card with its key path inside the option."""
    for name in ("what_it_is", "involves", "living_with", "evidence_note", "costs"):
        yield (name,), str(getattr(o, name))
    for k, b in enumerate(o.benefits):
        yield ("benefits", k), b
    for k, h in enumerate(o.harms):
        yield ("harms", k), h
    for k, f in enumerate(o.figures):
        for name in ("event", "time_frame", "population", "funding"):
            value = getattr(f, name)
            if value:
                yield ("figures", k, name), value
        if f.comparison is not None:
            yield ("figures", k, "comparison", "label"), f.comparison.label


def _card_formats(o: Option) -> Iterator[tuple[tuple[str | int, ...], str]]:
    # Only a figure's own words: a number anywhere else on the card is a number typed outside
    # a figure (decision_aid.rules.figure_lint.typed_number_issues), reported once, there.
    for path, text in card_texts(o):
        if path[0] != "figures":
            continue
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
    """Implants highlighted at a stage whose conditions do not meet the guideline's (benefit
    pictures without harm pictures: :func:`decision_aid.rules.figure_lint.picture_issues`).

    Args:
        pathway: A pathway that passed the model.

    Returns:
        One issue per problem.
    """
    issues = []
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
    if any(c.question == option.status_question for c in leaves(stage.when)):
        return True  # the person has tried or has it: talking about it is no nudge
    when = stage.when
    parts = when.all if isinstance(when, AllOf) else [when] if when is not None else []
    return all(c in parts for c in option.guideline_conditions)



