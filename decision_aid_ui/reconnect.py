"""When the connection drops: keep the answers if we can, and say so plainly if we cannot.

A browser that comes back to the same server within ``server.disconnectedSessionTTL``
(.streamlit/config.toml: 20 minutes) rejoins its own session, answers and all. After a server
restart, or a longer gap, it gets a new, empty session. To tell that apart from a new visit,
the page address carries ``?walk=1`` while a walk is in progress (a marker only, never an
answer): a new session that finds the marker and has no answers had to restart, and the start
page says so with the resume uploader in the container keyed ``restart_notice``. A reload (or a
reopened tab) also starts a new session; when the tab's old session is still kept, the page
script sends its rejoin id (with its tab key, from the tab's own sessionStorage) through a
hidden box of the notice, and the answers move into the new session (``_restore``).

While the server cannot be reached, Streamlit shows its own dialog, written for developers
("Is Streamlit still running? ... streamlit run yourscript.py"). The app never opens a dialog
of its own, so a style sheet drawn on every page hides the text of any dialog and puts words
for people in its place.
"""

from __future__ import annotations

import streamlit as st

from decision_aid_ui import assets, keys, sessions, state
from decision_aid_ui.resume import resume_uploader

MARK = "walk"
"""The query parameter set while a walk is in progress."""
NOTICE_KEY = keys.RESTART_NOTICE
RESTARTED = keys.RESTARTED

NOTICE = (
    "**The page had to restart, so the answers on it are gone.** "
    "If you saved your answers, open the file here to carry on where you stopped. "
    "If not, you can start again below."
)
OFFLINE_TITLE = "Connection lost"
OFFLINE = (
    "The connection to this page was lost. We are trying to connect again: please keep this "
    "page open. If the page has to restart, your answers on it will be lost. If you saved "
    "them, you can open the file again."
)


def note_restart() -> None:
    """On a session's first run (before ``state.init``), remember whether it lost a walk."""
    if state.ANSWERS not in st.session_state:
        st.session_state[RESTARTED] = st.query_params.get(MARK) == "1"


def draw_notice() -> None:
    """The restart notice with the resume uploader, on the start page of a restarted walk."""
    if not st.session_state.get(RESTARTED) or state.answers():
        return
    if st.session_state[state.PAGE] != "start":
        return
    _restore_box()
    with st.container(border=True, key=NOTICE_KEY):
        st.warning(NOTICE, icon=":material/restart_alt:")
        resume_uploader(keys.RESUME_RESTART)


RESTORE_KEY = keys.TAB_RESTORE
"""A hidden box: a reloaded tab's page script puts its old session's rejoin id there."""
_RESTORED_KEYS = (state.PATHWAY, state.ANSWERS, state.PAGE, state.STEP, state.EDITS, state.UI)


def _restore_box() -> None:
    # A page that was reloaded (or a tab reopened) while its session is still kept: the page
    # script finds the session's rejoin id in the tab's own sessionStorage and sends it here,
    # and the answers come back into this session (decision_aid_ui/sessions.py, adopt). The
    # container is hidden by the style sheet; nothing else ever fills the box.
    with st.container(key=keys.TAB_RESTORE_BOX):
        st.text_input("Restore", key=RESTORE_KEY, label_visibility="collapsed",
                      on_change=_restore)


def _restore() -> None:
    requested = str(st.session_state.get(RESTORE_KEY) or "")
    st.session_state[RESTORE_KEY] = ""
    values = sessions.adopt(requested, _RESTORED_KEYS)
    if not values:
        return
    for key, value in values.items():
        st.session_state[key] = value
    st.session_state[RESTARTED] = False
    state.flash("success", RESTORED)


RESTORED = "Your answers are back: this page was reloaded, and they were still kept for you."


def finish_run() -> None:
    """Keep the address marker in step with the answers, and draw the dialog wording."""
    walking = bool(state.answers())
    if walking:
        st.session_state[RESTARTED] = False
    if walking != (st.query_params.get(MARK) == "1"):
        if walking:
            st.query_params[MARK] = "1"
        else:
            del st.query_params[MARK]
    st.html(assets.style(
        "reconnect", TITLE=assets.css_string(OFFLINE_TITLE), TEXT=assets.css_string(OFFLINE)
    ))
