"""``python -m decision_aid``: the command line (see :mod:`decision_aid.cli`)."""

from __future__ import annotations

from decision_aid.cli import main

raise SystemExit(main())
