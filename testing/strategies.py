"""The hypothesis strategies of valid answers and of damaged files, for the property and fuzz
tests."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hypothesis import strategies as st

from decision_aid.model import Pathway, Question

# What a person can type in a text box: no control characters, surrogates or line separators.
TYPED = st.characters(codec="utf-8", exclude_categories=["Cc", "Cs", "Zl", "Zp"])


def valid_value(pathway: Pathway, q: Question) -> st.SearchStrategy[Any]:
    """Any valid answer to ``q``: an exclusive choice ("None of these") only ever alone."""
    choices = pathway.choices(q)
    ids = [c.id for c in choices]
    if q.kind == "single":
        return st.sampled_from(ids)
    if q.kind == "multiple":
        exclusive = {c.id for c in choices if c.exclusive}
        plain = st.lists(st.sampled_from([i for i in ids if i not in exclusive]), unique=True)
        return st.one_of(plain, st.sampled_from([[i] for i in exclusive] or [[]]))
    if q.kind == "yes_no":
        return st.booleans()
    if q.kind == "scale":
        return st.integers(q.min, q.max)
    return st.text(alphabet=TYPED, max_size=min(q.max_length, 40))


ByteEdit = tuple[str, float, bytes]
"""An edit of a file's bytes: (insert, overwrite or truncate; where, 0-1 of the length; bytes)."""


def byte_edits(
    snippets: Sequence[bytes], max_edits: int, max_bytes: int
) -> st.SearchStrategy[list[ByteEdit]]:
    """One to ``max_edits`` edits, each with a snippet or up to ``max_bytes`` random bytes:
    small enough to print when a test fails."""
    edit = st.tuples(
        st.sampled_from(["insert", "overwrite", "truncate"]),
        st.floats(0, 1),
        st.sampled_from(snippets) | st.binary(min_size=1, max_size=max_bytes),
    )
    return st.lists(edit, min_size=1, max_size=max_edits)


def apply_byte_edits(raw: bytes, edits: list[ByteEdit]) -> bytes:
    """``raw`` with ``edits`` applied in order."""
    for kind, where, piece in edits:
        at = int(where * len(raw))
        if kind == "truncate":
            raw = raw[:at]
        else:
            raw = raw[:at] + piece + raw[at + (len(piece) if kind == "overwrite" else 0) :]
    return raw
