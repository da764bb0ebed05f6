"""The safety net: which warning signs and cautions the answers raise, and what to do.

An emergency answer stops the path (``SafetyOutcome.stop``); a same-day sign puts getting
checked first in the plan. Pure, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from decision_aid.answers import Answers, holds
from decision_aid.model import TIER_ORDER, CautionGroup, Pathway, RedFlag, SafetyTier, Tier


@dataclass(frozen=True)
class RaisedFlag:
    """A warning sign raised by the answers; ``group`` is the key of the group it sits in."""

    tier: Tier
    flag: RedFlag
    group: str = ""


@dataclass(frozen=True)
class SafetyOutcome:
    """The most urgent tier raised and every raised warning sign, most urgent first."""

    tier: Tier | None
    raised: tuple[RaisedFlag, ...]
    tiers: tuple[SafetyTier, ...]

    @property
    def stop(self) -> bool:
        """An emergency answer stops the pathway."""
        return self.tier == "emergency"


def safety(pathway: Pathway, answers: Answers) -> SafetyOutcome:
    """Which warning signs the answers raise. Hidden questions cannot raise anything because
    their answers are pruned first by callers that change answers."""
    raised: list[RaisedFlag] = []
    tiers: list[SafetyTier] = []
    ordered = sorted(pathway.safety, key=lambda t: TIER_ORDER.index(t.tier))
    for tier in ordered:
        hits = [RaisedFlag(tier.tier, f, tier.key) for f in tier.items if holds(f.when, answers)]
        if hits:
            raised.extend(hits)
            tiers.append(tier)
    top = tiers[0].tier if tiers else None
    return SafetyOutcome(top, tuple(raised), tuple(tiers))


def raised_in(outcome: SafetyOutcome, group: SafetyTier) -> list[RedFlag]:
    """The raised warning signs of one group, in file order."""
    return [r.flag for r in outcome.raised if r.group == group.key]


def action_lines(tier: SafetyTier, flags: list[RedFlag]) -> tuple[str, ...]:
    """What to do: the tier's action, then the line for each kind of sign among ``flags``
    (a possible clot, cancer...), once each, in the tier's order. A person sees only the lines
    for what they ticked."""
    kinds = {f.action for f in flags}
    return (tier.action, *(a.text for a in tier.actions if a.id in kinds))


def checked_since(pathway: Pathway, answers: Answers) -> bool:
    """Whether the person said a clinician has checked them since the signs of a raised tier
    with a ``checked_question`` started (the plan then reminds them to go back if they change).
    """
    return any(
        t.checked_question is not None and answers.get(t.checked_question) is True
        for t in safety(pathway, answers).tiers
    )


def check_first(pathway: Pathway, answers: Answers) -> bool:
    """Whether getting checked comes first: a tier with a ``checked_question`` is raised and the
    person has not said yes to it. The plan then holds back self-care suggestions."""
    return any(
        t.checked_question is not None and answers.get(t.checked_question) is not True
        for t in safety(pathway, answers).tiers
    )


@dataclass(frozen=True)
class RaisedCaution:
    """A caution group with the items the answers raise. Cautions never alarm."""

    group: CautionGroup
    items: tuple[RedFlag, ...]


def cautions(pathway: Pathway, answers: Answers) -> tuple[RaisedCaution, ...]:
    """The caution groups (e.g. 'check before using TENS') the answers raise, with their items."""
    out = []
    for group in pathway.cautions:
        items = tuple(f for f in group.items if holds(f.when, answers))
        if items:
            out.append(RaisedCaution(group, items))
    return tuple(out)
