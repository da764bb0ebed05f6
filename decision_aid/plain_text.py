"""Text a person typed, made safe to keep: no control or direction-override characters.

A terminal that shows the Markdown file obeys escape sequences (ESC, BEL), and a right-to-left
override (U+202E) reverses the rest of a line in any viewer: typed or carried in by a crafted
saved file, they would reach the summary, its files and the PDF (security review 2026-12-07, L4).
Newlines and tabs are kept; so are the ordinary right-to-left and left-to-right marks, which
Arabic and Hebrew text needs.
"""

from __future__ import annotations

import re
from typing import TypeVar

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""C0 controls except tab and newline, DEL and the C1 controls, bidi embeddings, overrides and
isolates."""

T = TypeVar("T")


def clean(text: str) -> str:
    """``text`` without the characters in ``UNSAFE``."""
    return UNSAFE.sub("", text)


def clean_value(value: T) -> T:
    """An answer with every piece of text in it cleaned (other values unchanged)."""
    if isinstance(value, str):
        return clean(value)  # type: ignore[return-value]
    if isinstance(value, list):
        return [clean(v) if isinstance(v, str) else v for v in value]  # type: ignore[return-value]
    return value
