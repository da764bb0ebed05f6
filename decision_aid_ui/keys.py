"""Every session-state key and widget key of the app, in one place.

Widget keys are stable: browser tests, benchmarks and the app's own scripts and styles
(``decision_aid_ui/assets``) find a widget by its key as the CSS class ``st-key-<key>``. A key
made from an id is built by a function here, its parameter named as in the list in ``app.py``'s
docstring (``question("pain")`` is ``w_pain``, listed as ``w_<question_id>``);
``tests/test_keys.py`` checks that the UI uses no other key and that ``app.py`` lists them all.
"""

from __future__ import annotations

import re

# Session state: what a session keeps between reruns (decision_aid_ui/state.py reads and writes
# the first seven). Streamlit also keeps each keyed widget's value under its key.
PATHWAY = "pathway_id"
ANSWERS = "answers"
PAGE = "page"  # "start" | "wizard" | "about"
STEP = "step"
EDITS = "edits"
FLASH = "flash"
UI = "ui"
RESTARTED = "restarted"
"""This session began on a page that had a walk in progress (reconnect.py)."""
ADDRESS = "address"
"""The step address last written to the page's URL (address.py)."""
WARN_SEEN = "warn_seen"
"""Ids of the warning signs raised at the last draw (warning_banner.py)."""
WARN_NEW = "warn_new"
"""Ids raised since the last draw: scrolled to once (warning_banner.py)."""
WARN_SCROLLS = "warn_scrolls"
"""How many scrolls were asked for: numbers each one (warning_banner.py)."""
ASK_AGAIN = "ws_ask_again"
"""Scroll to the "please tick" note once, after Next (warning_screen.py)."""
STUDY_CODE = "study_code"
"""The random participant code, study mode only (study_page.py)."""
FILES = "summary_files"
"""The summary's text, answers and FHIR files with the answers they were made from
(downloads.py): a rerun of the summary with the same answers draws them again unchanged."""
PDF_PAPER = "pdf_paper"
"""The paper asked for with the "other paper" button, for the one run it starts (downloads.py)."""

SESSION = (PATHWAY, ANSWERS, PAGE, STEP, EDITS, FLASH, UI, RESTARTED, ADDRESS, WARN_SEEN,
           WARN_NEW, WARN_SCROLLS, ASK_AGAIN, STUDY_CODE, FILES, PDF_PAPER)

# Widgets and containers with one key each.
PAGE_SCRIPTS = "page_scripts"
STEP_HEAD = "step_head"
SAFETY_UNDO = "safety_undo"
NAV = "nav"
NAV_BACK = "nav_back"
NAV_NEXT = "nav_next"
NAV_SUMMARY = "nav_summary"
FOOTER = "footer"
NAV_MENU = "nav_menu"
NAV_HOME = "nav_home"
NAV_ABOUT = "nav_about"
ABOUT_BACK = "about_back"
RESUME_TOGGLE = "resume_toggle"
RESUME_START = "resume_start"
RESUME_RESTART = "resume_restart"
CONFIRM = "confirm"
CONFIRM_YES = "confirm_yes"
CONFIRM_NO = "confirm_no"
CONFIRM_RESUME = "confirm_resume"
RESUME_YES = "resume_yes"
RESUME_NO = "resume_no"
RESTART_NOTICE = "restart_notice"
TAB_RESTORE = "tab_restore"
TAB_RESTORE_BOX = "tab_restore_box"
WARNING_BANNER = "warning_banner"
WS_UNANSWERED = "ws_unanswered"
WS_NONE = "ws_none"
LADDER_SIMPLER = "ladder_simpler"
LADDER_MORE_INVOLVED = "ladder_more_involved"
COMPARE_TABLE = "compare_table"
SHORTLIST_TOGGLE = "shortlist_toggle"
CQ_SCRIPT = "cq_script"
CQ_MORE = "cq_more"
OWN_BOX = "own_box"
OWN_NEW = "own_new"
OWN_ADD = "own_add"
SUMMARY_REST = "summary_rest"
EDITS_TOGGLE = "edits_toggle"
EDITS_ROW = "edits"
DOWNLOADS = "downloads"
MAKE_PDF = "make_pdf"
PDF_OTHER = "pdf_other"
DL_MARKDOWN = "dl_markdown"
DL_ANSWERS = "dl_answers"
DL_ANSWERS_STEP = "dl_answers_step"
DL_ANSWERS_RESUME = "dl_answers_resume"
DL_ANSWERS_CONFIRM = "dl_answers_confirm"
DL_FHIR = "dl_fhir"
DL_STUDY = "dl_study"
STUDY = "study"


# Keys made from an id.
def start(pathway_id: str) -> str:
    return f"start_{pathway_id}"


def about(pathway_id: str) -> str:
    return f"about_{pathway_id}"


def restart(pathway_id: str) -> str:
    return f"restart_{pathway_id}"


def pathway_card(pathway_id: str) -> str:
    return f"pathway_{pathway_id}"


def question(question_id: str) -> str:
    """A question's widget, or for a multiple-choice question the container of its boxes."""
    return f"w_{question_id}"


def choice(question_id: str, choice_id: str) -> str:
    """One checkbox of a multiple-choice question."""
    return f"w_{question_id}__{choice_id}"


def scale(question_id: str) -> str:
    return f"scale_{question_id}"


def grid(question_id: str) -> str:
    return f"aid_grid_{question_id}"


def grid_row(question_id: str) -> str:
    return f"aid_row_{question_id}"


def warn_at(question_id: str) -> str:
    return f"warn_at_{question_id}"


def nav_button(kind: str, step_id: str) -> str:
    """Back or Next (``kind``) on one step: a new key per step, so a tap is never carried over."""
    return f"nav_{kind}__{step_id}"


def card(option_id: str) -> str:
    return f"card_{option_id}"


def more(option_id: str) -> str:
    return f"more_{option_id}"


def more_toggle(option_id: str, ticked: bool) -> str:
    return f"{more(option_id)}_{'ticked' if ticked else 'unticked'}"


def sources(option_id: str) -> str:
    return f"sources_{option_id}"


def quiz(item_id: str) -> str:
    return f"quiz_{item_id}"


def cq_row(item_id: str) -> str:
    return f"cq_row_{item_id}"


def cq_own(item_id: str) -> str:
    return f"cq_own_{item_id}"


def cq_include(item_id: str) -> str:
    return f"cq_include_{item_id}"


def cq_up(item_id: str) -> str:
    return f"cq_up_{item_id}"


def cq_down(item_id: str) -> str:
    return f"cq_down_{item_id}"


def cq_delete(item_id: str) -> str:
    return f"cq_delete_{item_id}"


def edit(step_id: str) -> str:
    return f"edit_{step_id}"


def typed(title: str, label: str) -> str:
    """A typed answer on the summary (made of word characters only)."""
    return re.sub(r"\W+", "_", f"typed_{title}_{label}")


def dl_pdf(paper: str) -> str:
    return f"dl_pdf_{paper.lower()}"


def study_field(field: str) -> str:
    return f"study_{field}"
