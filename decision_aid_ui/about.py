"""The About page: who wrote the content, who checked it, money, sources, dates, privacy."""

from __future__ import annotations

import functools
import threading
from pathlib import Path

import streamlit as st

from decision_aid import method
from decision_aid.formats.summary import escape_markdown
from decision_aid.model import Pathway, Person, SignOff
from decision_aid_ui import cards, catalog, keys, signoffs, state, wizard

PRIVACY_FILE = Path(__file__).resolve().parent.parent / "docs" / "privacy.md"


# Process-level caches (functools), not st.cache_resource: a client's "clear cache" message
# must not make the server redo shared work (decision_aid_ui/catalog.py).
@functools.cache
def _privacy_text() -> str:
    # A repository document, the same for everyone.
    try:
        text = PRIVACY_FILE.read_text(encoding="utf-8")
    except OSError:
        return "Nothing you enter is stored or sent anywhere."
    return text.split("\n", 1)[1] if text.startswith("# ") else text


@functools.cache
def _grades(directory: str) -> dict[str, float | None]:
    """Readability per pathway id, filled in by a background thread.

    textstat and its dictionary take seconds to load, so the About page never waits for them:
    the figure appears once it is ready. Content only, shared by everyone.
    """
    grades: dict[str, float | None] = {}
    pathways = list(catalog.catalog().pathways.values())
    threading.Thread(target=_measure, args=(pathways, grades), daemon=True).start()
    return grades


def _measure(pathways: list[Pathway], grades: dict[str, float | None]) -> None:
    from decision_aid.rules.lint import reading_grade  # slow to import: only on this thread

    for p in pathways:
        try:
            grades[p.id] = float(reading_grade(p))
        except Exception:  # noqa: BLE001 - a readability figure must never break anything
            grades[p.id] = None


def draw() -> None:
    """The About page of the pathway chosen in the UI state."""
    pid = state.ui("about")
    pathways = catalog.catalog().pathways
    st.button("Back", key=keys.ABOUT_BACK, icon=":material/arrow_back:", on_click=_back)
    if pid not in pathways:
        st.title("About this tool")
        _privacy()
        return
    p = pathways[pid]
    st.title(f"About: {p.title}")
    wizard.overdue_notice(p)
    st.markdown(f"{p.summary}\n\n**Who it is for.** {p.audience}\n\n**What it covers.** {p.scope}")
    _people(p)
    _checked(p)
    _dates(p)
    _method()
    _sources(p)
    _privacy()


def _people(p: Pathway) -> None:
    st.header("Who made it")
    st.markdown("**Written by**\n\n" + "\n".join(person_line(a) for a in p.authors))
    if p.reviewers:
        st.markdown("**Checked by**\n\n" + "\n".join(f"- {r.name}, {r.role}" for r in p.reviewers))
    st.markdown(f"**Funding.** {p.funding}\n\n**Conflicts of interest.** {p.conflicts}")


def person_line(a: Person) -> str:
    """An author as a Markdown list item: name, role, credentials, organisation, interests."""
    parts = [a.name, a.role, a.credentials, a.organisation]
    line = "- " + ", ".join(escape_markdown(x) for x in parts if x)
    interests = a.interests or "not yet declared"
    return line + f". Declared interests: {escape_markdown(interests)}."


def _checked(p: Pathway) -> None:
    """Who signed which version, with their declared interests; or plainly, a draft."""
    st.header("Who checked it")
    status = signoffs.statuses().get(p.id)
    lines = []
    for state_ in status.all if status else ():
        lines += [signed_line(s, state_.item.label) for s in state_.valid
                  if state_.item.key in ("pathway", "screen")]
    if lines:
        st.markdown("\n".join(lines))
    if status is None or status.draft:
        waiting = len(status.awaiting()) if status else 0
        st.markdown(
            "**This guide is a draft.** It has not yet been checked and signed by a clinician "
            "and a patient from outside the team"
            + (f" ({waiting} parts are still waiting)." if waiting else ".")
        )


def signed_line(s: SignOff, label: str) -> str:
    """One sign-off as a Markdown list item: who, which version, when, declared interests."""
    who = ", ".join(escape_markdown(x) for x in (s.name, s.role, s.credentials, s.organisation))
    return (f"- {escape_markdown(label)}: signed by {who} on {s.date:%d %B %Y} (content "
            f"version {s.sha256[:12]}). Declared interests: {escape_markdown(s.interests)}.")


def _method() -> None:
    st.header(method.TITLE)
    st.markdown(method.EVIDENCE_METHOD)


def _dates(p: Pathway) -> None:
    st.header("Dates and updates")
    st.markdown(
        f"- Version {p.version}\n- Published {p.published:%d %B %Y}\n"
        f"- Last checked {p.last_reviewed:%d %B %Y}\n- Next check due {p.next_review:%d %B %Y}"
        f"\n\n**How we keep it up to date.** {p.update_policy}"
    )
    grades = _grades(str(catalog.pathways_dir()))
    if grades.get(p.id) is not None:
        st.markdown(
            f"**How easy it is to read.** The text scores about US school grade "
            f"{grades[p.id]:.1f} on the Flesch-Kincaid readability formula (the aim is grade 8 "
            "or below)."
        )
    elif p.id not in grades:
        st.markdown("**How easy it is to read.** This figure is still being worked out.")


def _sources(p: Pathway) -> None:
    st.header("Sources")
    st.markdown(cards.source_lines(p, [s.id for s in p.sources]))


def _privacy() -> None:
    st.header("Your privacy")
    st.markdown(_privacy_text())


def _back() -> None:
    state.go(state.ui("back_to") or "start")
