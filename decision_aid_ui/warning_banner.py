"""Warning signs on screen: beside the tick, then a compact banner that never scrolls away.

When a same-day or "soon" sign is ticked, its message appears right under that question and is
scrolled into view, so a person scrolled down at the tick sees it at once. From then on a compact
banner (title and what to do) stays stuck to the top of every step and of the summary; the
summary also shows the full message with every sign. The emergency takeover lives in
``wizard.emergency`` and is unchanged. Cautions (e.g. "check before using TENS") are shown
calmly beside their question and on the summary, never in the banner.

Only pathway content is drawn here, never text a person typed.
"""

from __future__ import annotations

import streamlit as st

from decision_aid.answers import Answer, leaves
from decision_aid.model import Pathway, Question, RedFlag, SafetyTier
from decision_aid.plan import Plan
from decision_aid.safety import SafetyOutcome, action_lines, cautions, raised_in, safety
from decision_aid_ui import assets, keys

SEEN, NEW, SCROLLS = keys.WARN_SEEN, keys.WARN_NEW, keys.WARN_SCROLLS



def _flag_key(group: str, flag: RedFlag) -> str:
    return f"{group}:{flag.id}"


def top(pathway: Pathway, outcome: SafetyOutcome, review: bool = False) -> None:
    """The compact banner at the top of a step: one line per raised group, most urgent first.

    Also notes which signs are new since the last draw, so :func:`beside` can scroll to them.
    """
    current = [_flag_key(r.group, r.flag) for r in outcome.raised]
    seen = set(st.session_state.get(SEEN, []))
    st.session_state[NEW] = [k for k in current if k not in seen]
    st.session_state[SEEN] = current
    if not outcome.tiers:
        return
    st.html(assets.style("warning_banner"))
    with st.container(key=keys.WARNING_BANNER):
        for tier in outcome.tiers:
            _compact(tier, raised_in(outcome, tier), review)


def _compact(tier: SafetyTier, flags: list[RedFlag], review: bool) -> None:
    body = f"**{tier.title}.** {tier.banner or tier.action}"
    if tier.tier == "emergency":  # only after "I chose this by mistake": say what to undo
        items = "\n".join(f"- {f.text}" for f in flags)
        note = "\n\nIf you chose this by mistake, change your answer below." if review else ""
        st.error(f"{body}\n\n{items}{note}", icon=":material/emergency:")
    elif tier.tier == "same_day":
        st.warning(body, icon=":material/warning:")
    else:
        st.info(body, icon=":material/info:")


def beside(pathway: Pathway, question: Question, answers: dict[str, Answer]) -> None:
    """Under a warning-sign question: the message for the signs ticked in it, in full.

    Emergency signs are left to the emergency page. A sign ticked just now is scrolled into view.
    """
    outcome = safety(pathway, answers)
    groups = [
        (t, hits)
        for t in outcome.tiers
        if t.tier != "emergency" and (hits := _asked_by(pathway, raised_in(outcome, t), question))
    ]
    calm = [
        (c.group.title, c.group.message, (c.group.action,), hits)
        for c in cautions(pathway, answers)
        if (hits := _asked_by(pathway, list(c.items), question))
    ]
    if not groups and not calm:
        return
    key = keys.warn_at(question.id)
    with st.container(key=key):
        for tier, hits in groups:
            _full(tier.tier, tier.title, tier.message, action_lines(tier, hits), hits)
        for title, message, actions, hits in calm:
            _full("caution", title, message, actions, hits)
    new = set(st.session_state.get(NEW, []))
    if any(_flag_key(t.key, f) in new for t, hits in groups for f in hits):
        st.session_state[NEW] = []
        scroll_to(key)


def scroll_to(key: str) -> None:
    """Scroll the element with widget or container ``key`` into view once, below the banner."""
    number = st.session_state.get(SCROLLS, 0) + 1
    st.session_state[SCROLLS] = number
    st.html(scroll_html(key, number), unsafe_allow_javascript=True)


def scroll_html(key: str, number: int) -> str:
    """The constant scroll script (assets/scroll.js) with its data: the key, and a number,
    because Streamlit keeps an identical element without running its script again."""
    return assets.with_data("scroll", scroll=key, n=number)


def _asked_by(pathway: Pathway, flags: list[RedFlag], question: Question) -> list[RedFlag]:
    # A sign is shown under the last question its answers come from (a combination of signs
    # under the later of its questions).
    order = list(pathway.questions)
    last = {f.id: max((c.question for c in leaves(f.when)), key=order.index) for f in flags}
    return [f for f in flags if last[f.id] == question.id]


def _full(
    kind: str, title: str, message: str, actions: tuple[str, ...], flags: list[RedFlag]
) -> None:
    items = "\n".join(f"- {f.text}" for f in flags)
    todo = "\n\n".join(actions)  # one paragraph each: what to do, then each kind's own line
    body = f"**{title}.** {message}\n\n{todo}\n\n{items}"
    if kind == "emergency":
        st.error(body, icon=":material/emergency:")
    elif kind == "same_day":
        st.warning(body, icon=":material/warning:")
    elif kind == "soon":
        st.info(body, icon=":material/info:")
    else:
        st.info(body, icon=":material/checklist:")


def on_summary(plan: Plan) -> None:
    """The full warning messages and cautions at the top of the summary, with every sign."""
    for tier in plan.safety.tiers:
        flags = raised_in(plan.safety, tier)
        _full(tier.tier, tier.title, tier.message, action_lines(tier, flags), flags)
    for c in plan.cautions:
        _full("caution", c.group.title, c.group.message, (c.group.action,), list(c.items))
