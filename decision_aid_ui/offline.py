"""The server never contacts another machine.

Streamlit 1.67 asks checkip.amazonaws.com for this machine's public address (and opens a UDP
socket towards 8.8.8.8 to learn its local one): at start-up, to print "External URL", and on
every WebSocket whose Origin differs from its Host, inside the connection handler, to decide
whether the origin is this machine. The app needs neither: people reach it by a known name
(behind a proxy, or on localhost), and a foreign origin is refused whatever this machine's
address is. ``install`` answers both questions with "unknown" without asking anyone.

``python -m decision_aid_ui`` installs it before Streamlit starts (no look-up at start-up);
app.py installs it too, so ``streamlit run app.py`` makes none after its first page.
``.streamlit/config.toml`` sets ``logger.hideWelcomeMessage``, which skips the start-up look-up
as well. tests/test_server_protocol.py checks that the server connects to nothing.
"""

from __future__ import annotations

from streamlit import net_util


def _unknown() -> str | None:
    return None


def install() -> None:
    """Make Streamlit's address look-ups answer "unknown" (idempotent)."""
    net_util.get_external_ip = _unknown
    net_util.get_internal_ip = _unknown
