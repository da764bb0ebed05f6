"""Sign-off bound to content: what reviewers sign, the hash of each, and which sign-offs hold.

A sign-off (``model.SignOff``) names an item and the SHA-256 of that item's content when it was
signed. It counts only while that hash still matches. The items:

- ``pathway``: a pathway with everything it includes (the shared warning-sign screen and its
  sources), signed by each of the pathway's reviewers;
- ``screen``: the shared warning-sign file, signed by each of its reviewers;
- ``judgement:<id>``: one clinical judgement of a pathway, with the content it is about (its
  ``at`` key path) and the sources it cites;
- ``sign:<id>``: the clinical judgement on one warning sign, with the sign and its tier;
- ``passage:<sign id>:<source id>``: a source passage no one has read yet (``seen: false``).

The hash is taken over the parsed, validated content, not the file's bytes: keys are sorted,
values that equal the model's default are left out, and the sign-off records themselves, the
reviewers list and the review dates (which record the review, and change because of it) are
left out; runs of spaces within a line and spaces at line ends are one space or none. So
re-indenting, re-wrapping a folded text, trailing spaces, quoting style or comments change
nothing, and any change to what people read or to what the engine decides changes the hash.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import weakref
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from pydantic import BaseModel

from decision_aid.errors import Issue
from decision_aid.model import Pathway, Person, RedFlag, SignOff, Source, WarningSigns

NOT_HASHED = frozenset(
    {"sign_offs", "reviewers", "signed_off", "last_reviewed", "next_review", "reading_minutes"}
)
"""Keys left out of every content hash: the records of the review, not the content reviewed,
and the measured reading time (``make bench`` re-measures it after a change to the screens)."""

_PART = re.compile(r"([A-Za-z_]+)(?:\[([^\]]+)\])?")


# --- the canonical hash -------------------------------------------------------------------------


def content(model: BaseModel | None) -> Any:
    """``model`` as plain, normalised data: what its hash is taken over."""
    if model is None:
        return None
    data = model.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    return _drop(data)


def _drop(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _drop(v) for k, v in data.items() if k not in NOT_HASHED}
    if isinstance(data, list):
        return [_drop(v) for v in data]
    if isinstance(data, str):  # spaces within and at the ends of lines are layout, not content
        return "\n".join(" ".join(line.split()) for line in data.strip().split("\n"))
    return data


def digest(data: Any) -> str:
    """The SHA-256 (hex) of ``data`` written as canonical JSON (sorted keys, no spaces, UTF-8)."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- the items ----------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Item:
    """One thing a reviewer signs.

    Attributes:
        key: The ``item`` a sign-off names, e.g. ``judgement:nerve_type_stage``.
        label: What it is, for people.
        sha256: The hash of its current content.
        signers: Who must sign it (reviewer names); empty means any listed reviewer.
        at: Where it is in its file, as a key path (to locate "awaiting sign-off").
    """

    key: str
    label: str
    sha256: str
    signers: tuple[str, ...] = ()
    at: tuple[str | int, ...] = ("reviewers",)


_ITEMS: dict[int, tuple[weakref.ref[Any], tuple[Item, ...]]] = {}


def _once(items: Callable[[Any], list[Item]]) -> Callable[[Any], list[Item]]:
    """Hash a (frozen) pathway or screen once per object: the summary page's PDF footer asks on
    every run, and hashing the whole pathway took half of that run."""

    def cached(p: Any) -> list[Item]:
        key = id(p)
        hit = _ITEMS.get(key)
        if hit is None or hit[0]() is not p:

            def forget(_: object) -> None:
                _ITEMS.pop(key, None)

            hit = (weakref.ref(p, forget), tuple(items(p)))
            _ITEMS[key] = hit
        return list(hit[1])

    cached.__doc__ = items.__doc__
    return cached


@_once
def pathway_items(p: Pathway) -> list[Item]:
    """The items of a (merged) pathway: the whole of it, then each clinical judgement."""
    data = content(p)
    items = [Item("pathway", f"{p.title}, version {p.version}, with everything it includes",
                  digest(data), tuple(r.name for r in p.reviewers))]
    for n, j in enumerate(p.judgements):
        signed = {
            "judgement": content(j),
            "at": resolve(data, j.at),
            "sources": [content(p.sources_by_id.get(s)) for s in j.sources],
        }
        items.append(Item(f"judgement:{j.id}", f"Clinical judgement {j.id} at {j.at}",
                          digest(signed), at=("judgements", n)))
    return items


@_once
def screen_items(w: WarningSigns) -> list[Item]:
    """The items of the shared screen: the whole file, each sign's judgement, unread passages."""
    items = [Item("screen", f"Shared warning signs, version {w.version}", digest(content(w)),
                  tuple(r.name for r in w.reviewers))]
    sources = {s.id: s for s in w.sources}
    for t, tier in enumerate(w.tiers):
        for f, flag in enumerate(tier.items):
            at = ("tiers", t, "items", f)
            if flag.judgement is not None:
                signed = {"tier": tier.key, "sign": content(flag)}
                items.append(Item(f"sign:{flag.id}", f"Clinical judgement on warning sign "
                                  f"{flag.id}", digest(signed), (flag.judgement.reviewer,),
                                  (*at, "judgement")))
            items += _passages(tier.key, flag, sources, at)
    return items


def _passages(
    tier: str, flag: RedFlag, sources: dict[str, Source], at: tuple[str | int, ...]
) -> list[Item]:
    items: list[Item] = []
    for n, e in enumerate(flag.evidence):
        if e.seen:
            continue
        key = f"passage:{flag.id}:{e.source}"
        if any(i.key == key for i in items):  # the same source cited twice for one sign
            key += f"_{len(items) + 1}"
        signed = {
            "tier": tier,
            "sign": _drop({"id": flag.id, "text": flag.text}),  # layout normalised, as content()
            "evidence": {k: v for k, v in content(e).items() if k != "seen"},
            "source": content(sources.get(e.source)),
        }
        label = f"Source passage for {flag.id}: {e.source}, {' '.join(e.where.split())}"
        items.append(Item(key, label, digest(signed), at=(*at, "evidence", n)))
    return items


def resolve(data: Any, key: str) -> Any:
    """The part of ``data`` at a key path such as ``options[scs].figures[1]``, or ``None``.

    ``name[sel]`` picks the list item whose id, tier or name is ``sel`` (or index ``sel``);
    a path may start with ``questions[id]``: that question on whichever step asks it.
    """
    node = data
    for n, part in enumerate(key.split(".")):
        m = _PART.fullmatch(part.strip())
        if m is None or not isinstance(node, dict):
            return None
        name, sel = m.groups()
        if n == 0 and name == "questions" and sel and name not in node:
            node = _pick([q for s in node.get("steps", []) for q in s.get("questions", [])], sel)
            continue
        node = node.get(name)
        if sel is not None:
            node = _pick(node, sel)
    return node


def _pick(items: Any, sel: str) -> Any:
    if not isinstance(items, list):
        return None
    if sel.isdigit():
        return items[int(sel)] if int(sel) < len(items) else None
    names = ("id", "tier", "name")
    return next((i for i in items if isinstance(i, dict) and sel in {str(i.get(k)) for k in names}),
                None)


# --- which sign-offs hold -----------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ItemState:
    """An item with the sign-offs that hold for it and those its content has outgrown."""

    item: Item
    valid: tuple[SignOff, ...]
    stale: tuple[SignOff, ...]

    @property
    def signed(self) -> bool:
        """Whether everyone who must sign it has signed its current content."""
        names = {s.name for s in self.valid}
        return bool(self.valid) and set(self.item.signers) <= names


def states(items: Sequence[Item], sign_offs: Sequence[SignOff],
           reviewers: Sequence[Person]) -> list[ItemState]:
    """Each item with its valid and stale sign-offs (only listed reviewers' sign-offs count)."""
    listed = {r.name for r in reviewers}
    found = []
    for item in items:
        mine = [s for s in sign_offs if s.item == item.key and s.name in listed]
        found.append(ItemState(
            item,
            tuple(s for s in mine if s.sha256 == item.sha256),
            tuple(s for s in mine if s.sha256 != item.sha256),
        ))
    return found


def check_sign_offs(items: Sequence[Item], sign_offs: Sequence[SignOff],
                    reviewers: Sequence[Person]) -> list[Issue]:
    """The located issues of a file's sign-off records (the ``validate`` rule).

    A record for an item that does not exist is an error (a typo must not pass for a sign-off);
    a record whose hash no longer matches, or by someone not listed under ``reviewers``, is a
    warning: it does not count, and its item is awaiting sign-off again.
    """
    by_key = {i.key: i for i in items}
    listed = {r.name for r in reviewers}
    issues = []
    for n, s in enumerate(sign_offs):
        item = by_key.get(s.item)
        if item is None:
            known = ", ".join(repr(k) for k in list(by_key)[:6])
            issues.append(Issue(("sign_offs", n, "item"),
                                f"{s.item!r} is no item of this file (items include {known}, "
                                "...): fix the name or remove the record."))
        elif s.name not in listed:
            issues.append(Issue(("sign_offs", n, "name"), f"{s.name!r} is not listed under "
                                "'reviewers', so this sign-off does not count: add them there.",
                                "warning"))
        elif s.sha256 != item.sha256:
            issues.append(Issue(("sign_offs", n, "sha256"),
                                f"{item.label}: the content changed after {s.name} signed it on "
                                f"{s.date}, so it is awaiting sign-off again (was {s.sha256[:12]}, "
                                f"now {item.sha256[:12]}): ask for a new sign-off, then remove "
                                "this record.", "warning"))
    return issues


def awaiting_issues(found: Iterable[ItemState]) -> list[Issue]:
    """One error per item still awaiting sign-off: what ``validate --release`` reports."""
    return [
        Issue(s.item.at, f"{s.item.label} ({s.item.key}) is awaiting sign-off at its current "
              f"hash {s.item.sha256[:12]}")
        for s in found if not s.signed
    ]


@dataclasses.dataclass(frozen=True)
class Status:
    """The sign-off state of a pathway and of the shared screen it includes."""

    id: str
    pathway: tuple[ItemState, ...]
    screen: tuple[ItemState, ...]

    @property
    def all(self) -> tuple[ItemState, ...]:
        """Every item, the screen's first (it is shown first and matters most)."""
        return (*self.screen, *self.pathway)

    @property
    def draft(self) -> bool:
        """Whether anything is awaiting sign-off: the start page then says "Draft"."""
        return not self.all or not all(s.signed for s in self.all)

    def awaiting(self) -> list[ItemState]:
        """The items still awaiting sign-off."""
        return [s for s in self.all if not s.signed]


def status(p: Pathway, screen: WarningSigns | None) -> Status:
    """The sign-off state of a merged pathway and the shared screen it includes (if any)."""
    own = states(pathway_items(p), p.sign_offs, p.reviewers)
    shared = states(screen_items(screen), screen.sign_offs, screen.reviewers) if screen else []
    return Status(p.id, tuple(own), tuple(shared))


def signed_by(found: Iterable[ItemState], key: str) -> tuple[SignOff, ...]:
    """The sign-offs that hold for the item ``key``."""
    return next((s.valid for s in found if s.item.key == key), ())


# --- the validate rules -------------------------------------------------------------------------


def sign_off_issues(p: Pathway) -> list[Issue]:
    """The rule ``validate`` runs on a (merged) pathway: its sign-off records vs its content."""
    return check_sign_offs(pathway_items(p), p.sign_offs, p.reviewers) + _dated(p.reviewers)


def screen_sign_off_issues(w: WarningSigns) -> list[Issue]:
    """The same rule for the shared warning-sign file."""
    issues = check_sign_offs(screen_items(w), w.sign_offs, w.reviewers) + _dated(w.reviewers)
    for t, tier in enumerate(w.tiers):
        for f, flag in enumerate(tier.items):
            if flag.judgement is not None and flag.judgement.signed_off is not None:
                at = ("tiers", t, "items", f, "judgement", "signed_off")
                issues.append(Issue(at, _DATE_ONLY + f" 'sign:{flag.id}'.", "warning"))
    return issues


_DATE_ONLY = ("a 'signed_off' date alone does not count as a sign-off, because it is not bound "
              "to the content: sign with a 'sign_offs' record (review --import) for")


def _dated(people: Sequence[Person]) -> list[Issue]:
    return [Issue(("reviewers", n, "signed_off"), _DATE_ONLY + " this file's whole content.",
                  "warning")
            for n, r in enumerate(people) if r.signed_off is not None]


def release_issues(p: Pathway | WarningSigns) -> list[Issue]:
    """What stops a release (``validate --release``) but not a draft.

    Every author needs credentials and declared interests (IPDAS criterion 18), and every item
    needs a sign-off at its current hash.
    """
    issues = []
    for n, a in enumerate(getattr(p, "authors", [])):
        for key in ("credentials", "interests"):
            if not getattr(a, key):
                issues.append(Issue(("authors", n), f"author {a.name!r} has no {key!r}: a release "
                                    "names each author's qualifications and declared interests "
                                    "('None declared' when none)."))
    if isinstance(p, Pathway):
        found = states(pathway_items(p), p.sign_offs, p.reviewers)
    else:
        found = states(screen_items(p), p.sign_offs, p.reviewers)
    return issues + awaiting_issues(found)


def signed_sentence(p: Pathway) -> str:
    """Who signed which version of a (merged) pathway, for the PDF footer; or that it is a draft.

    Only the pathway's own file is known here: it says "Draft" while the pathway or any of its
    judgements awaits sign-off (the start page also counts the shared screen's own items).
    """
    found = states(pathway_items(p), p.sign_offs, p.reviewers)
    signed = signed_by(found, "pathway")
    who = "; ".join(f"{s.name} ({s.role}, {s.credentials}, {s.organisation}; declared "
                    f"interests: {s.interests}) on {s.date}" for s in signed)
    version = f"content version {found[0].item.sha256[:12]}"
    if signed and all(s.signed for s in found):
        return f"Signed off at {version} by {who}."
    if signed:
        return f"Draft: parts await sign-off. The {version} was signed by {who}."
    return "Draft: not yet signed off by named clinical and patient reviewers."
