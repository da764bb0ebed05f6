"""A marked reviewer pack back in: sign-off records, and the changes the reviewer asked for.

Each row marked ``agree`` signs the items it carries (a clinical judgement, a warning sign's
judgement, an unread passage) at their current hash. When every row of a file is marked
``agree`` and the file's hash is the one the pack was made from, the whole file is signed too
(``pathway`` or ``screen``). A row whose content changed since the pack was made is refused:
no one signs what they did not see. Rows marked ``change`` or ``comment`` become requests.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
from collections.abc import Sequence
from pathlib import Path

import yaml

from decision_aid.model import SignOff
from decision_aid.review.pack import COLUMNS, DECISIONS, Block, Pack


class PackError(ValueError):
    """The marked file cannot be read as a reviewer pack."""


@dataclasses.dataclass(frozen=True)
class Reviewer:
    """Who marked the pack, as they declared it."""

    name: str
    role: str
    credentials: str
    organisation: str
    interests: str


@dataclasses.dataclass(frozen=True)
class Request:
    """A change or comment a reviewer asked for, by block id."""

    block_id: str
    where: str
    decision: str
    comment: str


@dataclasses.dataclass(frozen=True)
class Result:
    """What an import makes: records per file ('pathway', 'screen'), requests, refused rows."""

    records: dict[str, list[SignOff]]
    requests: list[Request]
    refused: list[str]
    unmarked: int


def read_marked(text: str) -> list[dict[str, str]]:
    """The rows of a marked CSV pack.

    Raises:
        PackError: A column is missing or a decision is not agree, change or comment.
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in ("block_id", "sha256", "file_sha256", "decision", "comment")
               if c not in (reader.fieldnames or [])]
    if missing:
        raise PackError(f"not a reviewer pack: no column {', '.join(map(repr, missing))} "
                           f"(expected {', '.join(COLUMNS)})")
    found = []
    for n, row in enumerate(reader, 2):
        decision = (row.get("decision") or "").strip().lower()
        if decision not in ("", *DECISIONS):
            raise PackError(f"line {n}: decision {row.get('decision')!r} is not one of "
                               f"{', '.join(map(repr, DECISIONS))} (or empty)")
        found.append({**row, "decision": decision, "line": str(n)})
    return found


def import_marks(pack: Pack, marked: Sequence[dict[str, str]], who: Reviewer,
                 date: dt.date) -> Result:
    """Turn marked rows into sign-off records for the current content of ``pack``."""
    blocks = {b.id: b for b in pack.blocks}
    records: dict[str, list[SignOff]] = {}
    requests, refused, agreed = [], [], set()
    for row in marked:
        block = blocks.get(row.get("block_id", ""))
        if block is None:
            refused.append(f"line {row['line']}: block {row.get('block_id')!r} no longer exists")
            continue
        if row.get("sha256") != block.sha256:
            refused.append(f"line {row['line']}: {block.id} changed since the pack was made: "
                           "make a new pack for it")
            continue
        if row["decision"] == "agree":
            agreed.add(block.id)
            for item in block.items:
                records.setdefault(block.file, []).append(_record(who, item.key, item.sha256,
                                                                  date))
        elif row["decision"]:
            requests.append(Request(block.id, block.where, row["decision"],
                                    " ".join((row.get("comment") or "").split())))
    for file, sha in pack.file_sha256.items():
        whole = [b for b in pack.blocks if b.file == file]
        fresh = all(r.get("file_sha256") == sha for r in marked if _file_of(r, blocks) == file)
        if whole and fresh and all(b.id in agreed for b in whole):
            records.setdefault(file, []).append(_record(who, file, sha, date))
    unmarked = sum(1 for r in marked if not r["decision"])
    return Result({k: _unique(v) for k, v in records.items()}, requests, refused, unmarked)


def _file_of(row: dict[str, str], blocks: dict[str, Block]) -> str | None:
    block = blocks.get(row.get("block_id", ""))
    return block.file if block else None


def _record(who: Reviewer, item: str, sha256: str, date: dt.date) -> SignOff:
    return SignOff(item=item, name=who.name, role=who.role, credentials=who.credentials,
                   organisation=who.organisation, interests=who.interests, date=date,
                   sha256=sha256)


def _unique(records: list[SignOff]) -> list[SignOff]:
    seen, kept = set(), []
    for r in records:
        if r.item not in seen:
            seen.add(r.item)
            kept.append(r)
    return kept


# --- writing records into a content file --------------------------------------------------------

_SIGN_OFFS = re.compile(r"^sign_offs:[ \t]*(\[\])?[ \t]*(#.*)?$", re.MULTILINE)
_TOP_KEY = re.compile(r"^[A-Za-z_][\w-]*:", re.MULTILINE)


def append_records(text: str, records: Sequence[SignOff]) -> str:
    """``text`` of a content file with ``records`` added at the end of its ``sign_offs`` list.

    Only text is appended, so comments and layout above stay as they are.

    Raises:
        PackError: ``sign_offs`` is in the file but not its last key.
    """
    if not records:
        return text
    data = [r.model_dump(exclude_none=True) for r in records]
    dumped = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=96)
    entries = "".join(f"  {line}\n" if line else "\n" for line in dumped.splitlines())
    found = _SIGN_OFFS.search(text)
    if found is None:
        return text.rstrip("\n") + "\n\nsign_offs:\n" + entries
    if _TOP_KEY.search(text, found.end()):
        raise PackError("'sign_offs' must be the last key of the file, so records can be "
                           "added to its end: move it there")
    head = text[: found.start()] + "sign_offs:" + text[found.end():]
    return head.rstrip("\n") + "\n" + entries


def write_records(path: Path, records: Sequence[SignOff]) -> None:
    """Append ``records`` to the ``sign_offs`` of the content file at ``path``."""
    text = path.read_text(encoding="utf-8")
    path.write_text(append_records(text, records), encoding="utf-8")


def requests_csv(requests: Sequence[Request]) -> str:
    """The requested changes as CSV: block id, where, decision, comment."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(("block_id", "where", "decision", "comment"))
    writer.writerows((r.block_id, r.where, r.decision, r.comment) for r in requests)
    return out.getvalue()
