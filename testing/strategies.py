"""The hypothesis strategy of valid answers, for the property and fuzz tests."""

from __future__ import annotations

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
