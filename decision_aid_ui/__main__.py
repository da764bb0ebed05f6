"""Start the app: ``python -m decision_aid_ui [streamlit run options]``.

The same as ``streamlit run app.py``, except that Streamlit's look-ups of this machine's
address are switched off before the server starts (see offline.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

from streamlit.web import cli

from decision_aid_ui import offline

APP = Path(__file__).resolve().parent.parent / "app.py"


def main(argv: list[str]) -> None:
    """Run the app with ``argv`` as extra ``streamlit run`` options."""
    offline.install()
    sys.argv = ["streamlit", "run", str(APP), *argv]
    cli.main()


if __name__ == "__main__":
    main(sys.argv[1:])
