"""Semantic checks on a structurally valid pathway (placeholder while the checks are written)."""

from __future__ import annotations

import datetime as dt

from decision_aid.errors import Issue
from decision_aid.model import Pathway


def run_checks(pathway: Pathway) -> list[Issue]:
    """Every semantic problem of ``pathway``."""
    return []


def review_issues(pathway: Pathway, today: dt.date, *, strict: bool = False) -> list[Issue]:
    """Warnings (or errors, with ``strict``) when the content is past its review date."""
    return []
