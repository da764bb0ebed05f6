"""The shared warning-sign screen: merging it into a pathway, and mapping keys back to files.

A pathway that names ``warning_signs: {include: shared/warning-signs.yaml}`` gets the shared
warning-sign step first (with the pathway's own added questions after the shared ones), the
shared warning-sign groups before its own groups of the same tier, and the shared sources before
its own. A pathway can add but never drop: nothing in the pathway file removes a shared item.

The semantic checks run on the merged pathway; :func:`origin` maps each merged key path back to
the file and key path it came from, so errors keep their file:line:column.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Literal

from decision_aid.model import TIER_ORDER, Pathway, Retired, SafetyTier, Source, WarningSigns

File = Literal["pathway", "shared", "library"]
KeyPath = tuple[Any, ...]


@dataclasses.dataclass(frozen=True)
class Move:
    """Merged keys starting with ``merged`` come from ``file`` at ``original``."""

    merged: KeyPath
    file: File
    original: KeyPath


@dataclasses.dataclass(frozen=True)
class Merged:
    """A pathway with the shared screen merged in, and where each merged part came from."""

    pathway: Pathway
    moves: tuple[Move, ...]


def merge(pathway: Pathway, shared: WarningSigns) -> Merged:
    """Put the shared warning-sign screen into ``pathway``.

    Args:
        pathway: The pathway as written in its file (with ``warning_signs`` set).
        shared: The shared screen it includes.

    Returns:
        The merged pathway and the moves that map merged key paths back to the two files.
    """
    added = pathway.warning_signs.questions if pathway.warning_signs else []
    step = shared.step.model_copy(update={"questions": [*shared.step.questions, *added]})
    safety, safety_moves = _merge_tiers(shared.tiers, pathway.safety)
    retired, retired_moves = _merge_retired(shared.retired, pathway.retired)
    merged = pathway.model_copy(
        update={
            "sources": [*shared.sources, *pathway.sources],
            "safety": safety,
            "steps": [step, *pathway.steps],
            "retired": retired,
        }
    )
    moves = [
        *safety_moves,
        *retired_moves,
        *_list_moves("sources", len(shared.sources), len(pathway.sources)),
        *_step_moves(len(shared.step.questions), len(added), len(pathway.steps)),
    ]
    return Merged(merged, tuple(moves))


def with_library(merged: Merged, used: list[tuple[int, Source]]) -> Merged:
    """Put the library sources a pathway (or its screen) uses before its own sources.

    Args:
        merged: The pathway so far (its ``sources`` are the files' own ones).
        used: ``(index in the library, source)`` for each library source used, in order.

    Returns:
        The pathway with the library's sources first, and moves that map each merged source
        back to the library, the shared screen or the pathway file.
    """
    own = merged.pathway.sources
    origins = [origin(merged.moves, ("sources", i)) for i in range(len(own))]
    moves = [m for m in merged.moves if m.merged[:1] != ("sources",)]
    moves += [Move(("sources", i), "library", ("sources", j)) for i, (j, _) in enumerate(used)]
    moves += [Move(("sources", len(used) + i), f, path) for i, (f, path) in enumerate(origins)]
    sources = [*(s for _, s in used), *own]
    return Merged(merged.pathway.model_copy(update={"sources": sources}), tuple(moves))


_RETIRED_LISTS = ("questions", "moved_choices", "narrowed_choices")


def _merge_retired(shared: Retired, own: Retired) -> tuple[Retired, list[Move]]:
    """The screen's retired questions and choices first, then the pathway's."""
    update: dict[str, object] = {
        key: [*getattr(shared, key), *getattr(own, key)] for key in _RETIRED_LISTS
    }
    update["own_question_box"] = own.own_question_box or shared.own_question_box
    moves: list[Move] = []
    for key in _RETIRED_LISTS:
        n_shared = len(getattr(shared, key))
        moves += [Move(("retired", key, i), "shared", ("retired", key, i)) for i in range(n_shared)]
        moves += [
            Move(("retired", key, n_shared + j), "pathway", ("retired", key, j))
            for j in range(len(getattr(own, key)))
        ]
    return own.model_copy(update=update), moves


def _merge_tiers(
    shared: list[SafetyTier], own: list[SafetyTier]
) -> tuple[list[SafetyTier], list[Move]]:
    """Shared groups first within each tier, most urgent tier first."""
    tagged = [("shared", ("tiers", i), t) for i, t in enumerate(shared)]
    tagged += [("pathway", ("safety", i), t) for i, t in enumerate(own)]
    tagged.sort(key=lambda x: TIER_ORDER.index(x[2].tier))  # stable: shared before own
    moves = [Move(("safety", i), file, path) for i, (file, path, _) in enumerate(tagged)]  # type: ignore[arg-type]
    return [t for _, _, t in tagged], moves


def _list_moves(key: str, n_shared: int, n_own: int) -> list[Move]:
    moves = [Move((key, i), "shared", (key, i)) for i in range(n_shared)]
    moves += [Move((key, n_shared + i), "pathway", (key, i)) for i in range(n_own)]
    return moves


def _step_moves(n_shared: int, n_added: int, n_steps: int) -> list[Move]:
    moves = [Move(("steps", 0), "shared", ("step",))]
    moves += [
        Move(("steps", 0, "questions", n_shared + i), "pathway", ("warning_signs", "questions", i))
        for i in range(n_added)
    ]
    moves += [Move(("steps", k + 1), "pathway", ("steps", k)) for k in range(n_steps)]
    return moves


def origin(moves: tuple[Move, ...], path: KeyPath) -> tuple[File, KeyPath]:
    """The file and key path a merged key path came from (the longest matching move wins)."""
    best: Move | None = None
    for move in moves:
        n = len(move.merged)
        if path[:n] == move.merged and (best is None or n > len(best.merged)):
            best = move
    if best is None:
        return "pathway", path
    return best.file, (*best.original, *path[len(best.merged) :])
