"""The app's own CSS: readable question labels, scales on one line, touch-sized targets.

Question labels are plain text (a Markdown ``**`` in a label reaches screen readers as "star
star"), so their weight comes from here. Drawn once per run as a style-only ``st.html``, which
Streamlit puts outside the page flow.
"""

from __future__ import annotations

import streamlit as st

from decision_aid import saved

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
/* Unticked radio and checkbox outlines at 4.5:1 on white (WCAG 1.4.11 asks 3:1; the default
   is 1.53:1). Ticked ones keep their filled look. */
[data-testid=stRadioOption]:has(input:not(:checked)) > div > div:first-child,
[data-testid=stCheckbox] label:has(input:not(:checked)) > div:first-of-type {
  border-color: #767676;
}
/* Phones: answer text at the body size (17 px), not Streamlit's 14.9 px. */
@media (max-width: 640px) {
  [data-testid=stRadioOption] [data-testid=stMarkdownContainer] p,
  [data-testid=stCheckbox] [data-testid=stMarkdownContainer] p { font-size: 17px; }
}
/* Keyboard focus never hides under the sticky warning banner (WCAG 2.4.11): the main area
   keeps the banner's height (measured by page_scripts.GUARD) clear when it scrolls to a
   control. Once the person scrolls, and on short screens (400% zoom), the banner is one line;
   the whole message stays at the top of the step and beside the ticked sign. */
[data-testid=stMain]:has(.st-key-warning_banner) {
  scroll-padding-top: calc(var(--aid-banner, 6rem) + 8px);
}
body.aid-scrolled .st-key-warning_banner [data-testid=stAlert] p {
  display: -webkit-box; -webkit-line-clamp: 1; -webkit-box-orient: vertical; overflow: hidden;
}
@media (max-height: 480px) {
  .st-key-warning_banner [data-testid=stAlert] p {
    display: -webkit-box; -webkit-line-clamp: 1; -webkit-box-orient: vertical; overflow: hidden;
    font-size: .9rem;
  }
  .st-key-warning_banner [data-testid=stAlertContainer] { padding: .3rem .6rem; }
}
/* Emergency numbers as links to tap. */
.aid-call a { font-weight: 700; font-size: 1.15rem; padding: .5rem .25rem; }
/* Phones: "Press Ctrl+Enter to apply" means nothing without a keyboard; the count stays. */
@media (pointer: coarse) {
  [data-testid=InputInstructions] > span:first-child:not(:last-child) { display: none; }
  [data-testid=InputInstructions] > span + span::before { display: none; }
}
/* The uploader's own line ("1MB per file • JSON") gives the server's limit and a file type
   people do not know: say what file, and the limit the file itself has. */
[data-testid=stFileUploaderDropzoneInstructions] span { font-size: 0; }
[data-testid=stFileUploaderDropzoneInstructions] span::after {
  content: "Your saved answers file, up to %LIMIT% KB"; font-size: .875rem;
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
/* Printing the summary page: everything in it, closed parts too; no buttons or upload box. */
@media print {
  [data-testid=stButton], [data-testid=stDownloadButton], [data-testid=stFileUploader],
  .st-key-edits, .st-key-edits_toggle, .st-key-nav, .st-key-footer { display: none !important; }
  [data-testid=stMain] details::details-content {
    content-visibility: visible !important; display: block !important; height: auto !important;
  }
  [data-testid=stExpanderDetails] {
    display: block !important; height: auto !important; visibility: visible !important;
  }
  [data-testid=stMain], [data-testid=stAppViewContainer], .stApp { overflow: visible !important; }
}
</style>"""


def draw() -> None:
    """Add the CSS to this run's page."""
    st.html(CSS.replace("%LIMIT%", str(saved.MAX_BYTES // 1024)))
