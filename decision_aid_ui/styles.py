"""The app's own CSS: readable question labels, scales on one line, touch-sized targets.

Question labels are plain text (a Markdown ``**`` in a label reaches screen readers as "star
star"), so their weight comes from here. Drawn once per run as a style-only ``st.html``, which
Streamlit puts outside the page flow.
"""

from __future__ import annotations

import streamlit as st

CSS = """<style>
/* One look for every question label: bold, the body size. */
[data-testid=stRadio] > [data-testid=stWidgetLabel] p,
[data-testid=stTextArea] [data-testid=stWidgetLabel] p,
[data-testid=stTextInput] [data-testid=stWidgetLabel] p { font-weight: 600; font-size: 1rem; }
/* A clear focus ring on the step heading, off the letters. */
.st-key-step_head h2:focus, .st-key-step_head h2:focus-visible {
  outline: 3px solid #0b5394; outline-offset: 4px; border-radius: 4px;
}
/* A visible focus ring on radio options (the default is a faint tint). */
[data-testid=stRadioOption]:has(input:focus-visible) {
  outline: 2px solid #0b5394; outline-offset: 2px; border-radius: 4px;
}
/* 0-10 scales stay on one line on a phone: the number under its circle. */
[class*="st-key-scale_"] [role=radiogroup] {
  flex-wrap: nowrap; justify-content: space-between; gap: 0; width: 100%;
}
[class*="st-key-scale_"] [role=radiogroup] > div { margin: 0; flex: 1 1 0; min-width: 0; }
[class*="st-key-scale_"] [data-testid=stRadioOption] {
  margin: 0; padding: 0; width: 100%; justify-content: center;
}
[class*="st-key-scale_"] [data-testid=stRadioOption] > div {
  flex-direction: column; align-items: center; gap: 2px;
}
[class*="st-key-scale_"] [data-testid=stRadioOption] > div > div:first-child { margin: 0; }
/* Phones: less empty space above, smaller headings, so the first Start button is on screen. */
@media (max-width: 640px) {
  [data-testid=stMainBlockContainer] { padding-top: 3rem; }
  [data-testid=stMain] h1 { font-size: 1.9rem; }
  [data-testid=stMain] h2 { font-size: 1.45rem; }
  [data-testid=stMain] h3 { font-size: 1.2rem; }
}
/* A typed answer on the summary (plain text, never Markdown) is an item of the list around it. */
[class*="st-key-typed_"] [data-testid=stText] { position: relative; padding-left: 1.55rem; }
[class*="st-key-typed_"] [data-testid=stText]::before {
  content: ""; position: absolute; left: 0.25rem; top: 0.62em; width: 0.36em; height: 0.36em;
  border-radius: 50%; background: currentColor;
}
/* Scripts only: take no room. */
.st-key-page_scripts { display: none; }
/* Touch screens: targets at least 44 px tall (WCAG 2.5.5). */
@media (pointer: coarse) {
  [data-testid=stRadioOption], [data-testid=stCheckbox] label { min-height: 44px; }
  [data-testid=stRadioOption] { align-items: center; }
  [data-testid=stCheckbox] label { align-items: center; }
  [data-testid=stButton] button, [data-testid=stDownloadButton] button,
  [data-testid=stExpander] summary { min-height: 44px; }
}
/* Just after a tap that changes the page, no second tap lands on the new page
   (decision_aid_ui/page_scripts.py GUARD). */
body.aid-moving [data-testid=stMain] { pointer-events: none; }
/* Printing the summary page: no buttons or upload box. */
@media print {
  [data-testid=stButton], [data-testid=stDownloadButton], [data-testid=stFileUploader],
  .st-key-edits, .st-key-nav, .st-key-footer { display: none !important; }
}
</style>"""


def draw() -> None:
    """Add the CSS to this run's page."""
    st.html(CSS)
