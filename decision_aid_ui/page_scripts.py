"""Constant browser scripts the app adds to its page (``st.html`` with JavaScript).

The scripts never change, so a Content-Security-Policy can allow exactly them by their hashes
(``deploy/nginx/render.py``). What changes from run to run, a step-change number and a short
fingerprint of the answers (a hash, so the page can tell whether they changed since they were
last saved) and the session's tab key, travels in a hidden element's data attributes beside
them. Nothing a person typed ever goes into either.
"""

from __future__ import annotations

from decision_aid_ui import assets


def page(mark: str, move: int | None, rejoin: str = "", keep_s: int = 0) -> str:
    """The scripts for this run: the guard (assets/guard.js), and the move to the heading after
    step ``move`` (assets/to_top.js).

    ``rejoin`` is the session's rejoin id with its tab key (decision_aid_ui/sessions.py);
    ``keep_s`` how long the server keeps a session once its page is gone.
    """
    # Streamlit keeps an identical element at the same place without running its scripts
    # again (HTML comments are sanitized away), so each move is numbered in the data element.
    guard = assets.with_data("guard", mark=mark, move=move or 0, tab=rejoin, keep=int(keep_s))
    return guard + (assets.script("to_top") if move is not None else "")
