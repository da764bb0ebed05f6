"""Checks on what a walk produced: downloaded files, axe results. Pure functions over bytes/dicts.

The engine is the oracle: the answers file must hold exactly what the patient clicked, and the
PDF the app served must be the engine's PDF for those answers (byte for byte once the creation
date and file id are set aside), so ``pdf_lines`` tells what it says.
"""

from __future__ import annotations

import json
import os
import re
import warnings
import zlib
from dataclasses import dataclass
from typing import Any

import pytest
from browser_steps import Walked

from decision_aid.formats import pdf, saved
from decision_aid.formats.summary import to_text
from decision_aid.model import Pathway
from decision_aid.plan import Plan, plan

# --- axe: ours, or a known Streamlit problem -----------------------------------------------------


@dataclass(frozen=True)
class Upstream:
    """A violation that comes from Streamlit's own markup, with the upstream issue."""

    rule: str
    target: re.Pattern[str]
    issue: str


# Every entry is explained in docs/accessibility.md. Keep this list short and specific.
KNOWN_UPSTREAM: tuple[Upstream, ...] = ()

BLOCKING = ("serious", "critical")


def blocking(violations: list[dict[str, Any]]) -> list[str]:
    """Serious or critical violations not on the known-upstream list, one line per node."""
    out = []
    for v in violations:
        if v.get("impact") not in BLOCKING:
            continue
        for node in v["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            if not _known(v["id"], target):
                out.append(f"{v['id']} ({v['impact']}): {target}: {v['help']}")
    return out


def _known(rule: str, target: str) -> bool:
    return any(u.rule == rule and u.target.search(target) for u in KNOWN_UPSTREAM)


# --- Downloads -----------------------------------------------------------------------------------

_VOLATILE = re.compile(rb"/CreationDate \(D:[0-9Z+\-']*\)|/ID \[<[0-9A-F]+><[0-9A-F]+>\]")


def pdf_pages(data: bytes) -> int:
    """The number of page objects (``/Type /Page`` not followed by ``s``)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


def check_pdf_opens(data: bytes) -> None:
    """A PDF header, a trailer, an end marker, and every Flate stream inflates."""
    assert data.startswith(b"%PDF-"), data[:20]
    assert b"trailer" in data and data.rstrip().endswith(b"%%EOF")
    assert re.search(rb"/Count [12]\b", data), "the page tree does not say one or two pages"
    for m in re.finditer(rb"/FlateDecode.*?stream\r?\n", data, re.S):
        end = data.index(b"endstream", m.end())
        zlib.decompressobj().decompress(data[m.end() : end])


def same_pdf(a: bytes, b: bytes) -> bool:
    """Equal apart from the creation date and the file id."""
    return _VOLATILE.sub(b"", a) == _VOLATILE.sub(b"", b)


@dataclass(frozen=True)
class Files:
    """The four downloads from the summary page."""

    pdf: bytes
    markdown: bytes
    answers: bytes
    fhir: bytes


def check_files(pathway: Pathway, walked: Walked, files: Files) -> Plan:
    """Check every download against what the patient did; return the plan they describe."""
    pathways = {pathway.id: pathway}
    back = saved.loads(files.answers, pathways)
    assert back.answers == walked.answers, "the answers file differs from what was clicked"
    assert [o.text for o in back.edits.own] == walked.own
    assert list(back.edits.hidden) == walked.hidden
    made = plan(pathway, back.answers, back.edits)
    chosen = [q.text for q in made.included_questions]
    assert walked.own and set(walked.own) <= set(chosen)

    md = files.markdown.decode("utf-8")  # the "Text file": plain text, no marks
    assert md == to_text(made)
    assert "`" not in md and "\\" not in md
    for text in chosen:
        assert text in md, f"the text file lacks the question {text!r}"

    check_pdf_opens(files.pdf)
    assert 1 <= pdf_pages(files.pdf) <= pdf.MAX_PAGES
    assert same_pdf(files.pdf, pdf.to_pdf(made, "A4")), "the PDF is not the engine's PDF"
    lines = "\n".join(pdf.pdf_lines(made))
    for text in chosen:
        assert text in lines, f"the PDF lacks the question {text!r}"

    fhir = json.loads(files.fhir)
    assert fhir["resourceType"] == "QuestionnaireResponse"
    assert saved.loads(files.fhir, pathways).answers == walked.answers
    return made


def disk_verdict(written: list[str]) -> None:
    """Fail on files written during the walk. On a shared developer machine other people's
    processes write to the work tree and /tmp too, so outside CI this only warns; under
    CI=true (a fresh clone, nothing else running) it fails."""
    if not written:
        return
    message = "files written during the walk: " + "; ".join(written[:20])
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    warnings.warn(
        message + " (not failing outside CI: other processes may write here)", stacklevel=2
    )
