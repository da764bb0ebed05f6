"""The app's own CSS: readable question labels, scales on one line, touch-sized targets.

Question labels are plain text (a Markdown ``**`` in a label reaches screen readers as "star
star"), so their weight comes from here. Drawn once per run as a style-only ``st.html``, which
Streamlit puts outside the page flow.
"""

from __future__ import annotations

import streamlit as st

from decision_aid.formats import saved
from decision_aid_ui import assets

UPLOAD = f"Your saved answers file, up to {saved.MAX_BYTES // 1024} KB"
"""In place of the upload box's own line ("1MB per file • JSON"), which gives the server's limit
and a file type people do not know: what file, and the limit the file itself has."""


def draw() -> None:
    """Add the CSS to this run's page."""
    st.html(assets.style("styles", UPLOAD=assets.css_string(UPLOAD)))
