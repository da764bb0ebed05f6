"""Figures 1 and 6: rerun cost against a no-logic floor, and memory per session (AppTest).

The floor is a script generated from the page itself: the same elements, with the same text
and nesting, drawn with no engine, no session logic and no callbacks.
"""

from __future__ import annotations

import gc
import logging
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import walks
from bench.report import Row, Section
from bench.timing import Timing, side_by_side
from decision_aid.load import read
from decision_aid.model import Pathway
from testing.apptest import app

MAX_RATIO = 1.5
MAX_SESSION_MB = 2.0

RERUN_METHOD = (
    "Server-side time of one interaction in Streamlit's AppTest (script run plus AppTest's own "
    "overhead, which both sides pay). Options page: tick or untick a 'discuss' checkbox; "
    "compare page: tick or untick a shortlist checkbox (the grid gains or loses a column); "
    "summary page: a rerun (its only controls navigate away or download). The floor is a "
    "script generated from the same page's element tree: every element with the same text and "
    "nesting, no logic. App and floor run in turn in one process, median of the runs. Session "
    "state is set to the persona's answers (chronic pain persona) and the page, then run."
)
MEMORY_METHOD = (
    "AppTest sessions in one fresh process (not browser sessions): each AppTest has its own "
    "session "
    "state and script run; the pathways are shared through `st.cache_resource`, as on a server. "
    "Each session is put on the summary page with a full set of answers and run twice. RSS is "
    "read from /proc/self/status after a garbage collection, with 1 and with {} live sessions."
)


def _quiet() -> None:
    for name in ("streamlit", "streamlit.runtime"):
        logging.getLogger(name).setLevel(logging.ERROR)


def on_page(pathway: Pathway, answers: dict[str, Any], step: str) -> Any:
    """An AppTest of app.py showing ``step`` of ``pathway`` with ``answers``."""
    at = app(timeout=60)
    at.session_state["pathway_id"] = pathway.id
    at.session_state["answers"] = dict(answers)
    at.session_state["page"] = "wizard"
    at.session_state["step"] = step
    at.run()
    if at.exception:
        raise RuntimeError(f"app.py failed on {step!r}: {at.exception[0].message}")
    return at


# --- the floor script ------------------------------------------------------------------------


def floor_script(at: Any) -> str:
    """Python source drawing the same elements as ``at``'s main area, with no logic."""
    lines = ["import streamlit as st", ""]
    counter = iter(range(10**6))
    for child in _children(at._tree[0]):
        lines += _emit(child, 0, counter)
    return "\n".join(lines) + "\n"


def _children(node: Any) -> list[Any]:
    kids = getattr(node, "children", None)
    if isinstance(kids, dict):
        return list(kids.values())
    return list(kids or [])


def _text(node: Any) -> str:
    for attr in ("label", "value", "body"):
        try:
            value = getattr(node, attr)
        except Exception:  # noqa: BLE001 - AppTest elements raise for fields they lack
            continue
        if isinstance(value, str) and value:
            return value
    proto = getattr(node, "proto", None)
    return str(getattr(proto, "body", "") or getattr(proto, "label", "") or "x")


_BLOCKS = {
    "expander": "st.expander({t})",
    "flex_container": "st.container()",
    "column": "st.container()",
    "vertical": "st.container()",
}
_ELEMENTS = {
    "markdown": "st.markdown({t})",
    "header": "st.header({t})",
    "subheader": "st.subheader({t})",
    "title": "st.title({t})",
    "caption": "st.caption({t})",
    "text": "st.text({t})",
    "info": "st.info({t})",
    "warning": "st.warning({t})",
    "error": "st.error({t})",
    "success": "st.success({t})",
    "html": "st.html({t})",
    "progress": "st.progress(0.5, text={t})",
    "divider": "st.divider()",
    "checkbox": "st.checkbox({t}, key={k})",
    "button": "st.button({t}, key={k})",
    "download_button": "st.download_button({t}, data=b'x', key={k})",
    "file_uploader": "st.file_uploader({t}, key={k})",
    "text_area": "st.text_area({t}, key={k})",
    "radio": "st.radio({t}, {o}, index=None, key={k})",
}


def _emit(node: Any, depth: int, counter: Any) -> list[str]:
    pad = "    " * depth
    kind = getattr(node, "type", "")
    fill = {
        "t": repr(_text(node)),
        "k": repr(f"k{next(counter)}"),
        "o": repr(list(getattr(node, "options", []) or ["a"])),
    }
    if kind in _BLOCKS or _children(node):
        head = _BLOCKS.get(kind, "st.container()").format(**fill)
        body = [ln for c in _children(node) for ln in _emit(c, depth + 1, counter)]
        return [f"{pad}with {head}:", *(body or [f"{pad}    pass"])]
    if kind in ("event", "sidebar", ""):
        return []
    return [pad + _ELEMENTS.get(kind, "st.markdown({t})").format(**fill)]


def _floor(at: Any, folder: Path, name: str) -> Any:
    from streamlit.testing.v1 import AppTest

    path = folder / f"floor_{name}.py"
    path.write_text(floor_script(at), encoding="utf-8")
    floor = AppTest.from_file(str(path), default_timeout=60)
    floor.run()
    if floor.exception:
        raise RuntimeError(f"floor script failed: {floor.exception[0].message}")
    return floor


# --- Figure 1 ------------------------------------------------------------------------------------


def _toggle(at: Any, key: str) -> Callable[[], object]:
    def run() -> object:
        box = at.checkbox(key=key)
        return (box.uncheck() if box.value else box.check()).run()

    return run


PAGES = ("options", "compare", "summary")


def rerun(files: list[Path], repeat: int, kinds: tuple[str, ...] = PAGES) -> Section:
    """Figure 1 for the options, compare and summary pages of the main pathway."""
    from bench.engine import main_pathway

    _quiet()
    pathway = read(main_pathway(files))
    answers = walks.PERSONAS[1].walk(pathway)
    with walks.pathways_env(files):  # the app offers the pathway measured
        return _rerun(pathway, answers, repeat, kinds)


def _rerun(
    pathway: Pathway, answers: dict[str, Any], repeat: int, kinds: tuple[str, ...]
) -> Section:
    s = Section(1, "Rerun cost vs floor", method=RERUN_METHOD)
    pages = [st for st in pathway.steps if st.kind in kinds]
    with tempfile.TemporaryDirectory() as tmp:
        for step in pages:
            at = on_page(pathway, answers, step.id)
            floor = _floor(at, Path(tmp), step.id)
            fns = _interactions(pathway, step.kind, at, floor)
            times = side_by_side(fns, repeat)
            ratio = times["app"].wall / times["floor"].wall
            s.rows.append(
                Row(
                    f"{step.kind} page ({_count(at)} elements): app vs floor",
                    f"{times['app']} vs {times['floor']}",
                    f"{ratio:.2f} (CPU {times['app'].cpu / times['floor'].cpu:.2f})",
                    f"<= {MAX_RATIO}",
                    ratio <= MAX_RATIO,
                )
            )
            if ratio > MAX_RATIO:
                s.notes.append(_rerun_note(step.kind, times["app"], times["floor"]))
    return s


def _rerun_note(kind: str, app: Timing, floor: Timing) -> str:
    return (
        f"{kind} page: the app's rerun takes {app.wall / floor.wall:.2f}x the floor in wall "
        f"time and {app.cpu / floor.cpu:.2f}x in CPU time ({app} vs {floor}). The extra is the "
        "engine's work for the page (walk, plan, question list) and the Markdown summary; on "
        "this shared machine wall-time medians move by tens of percent between runs."
    )


def _interactions(pathway: Pathway, kind: str, at: Any, floor: Any) -> dict[str, Any]:
    if kind not in ("options", "compare"):
        return {"app": at.run, "floor": floor.run}
    # options: tick a 'discuss' box; compare: tick a shortlist box (the grid gains a column)
    ladder = next(q for s in pathway.steps if s.kind == kind for q in s.questions
                  if q.choices == "ladder")
    choice = pathway.choices(ladder)[-1 if kind == "compare" else 0].id
    first_box = floor.checkbox[0].key
    return {"app": _toggle(at, f"w_{ladder.id}__{choice}"), "floor": _toggle(floor, first_box)}


def _count(at: Any) -> int:
    def walk(node: Any) -> int:
        return 1 + sum(walk(c) for c in _children(node))

    return walk(at._tree[0]) - 1


# --- Figure 6 ------------------------------------------------------------------------------------


def rss_mb() -> float:
    """This process's resident set size in MB."""
    with open("/proc/self/status", encoding="utf-8") as f:
        kb = next(int(ln.split()[1]) for ln in f if ln.startswith("VmRSS:"))
    return kb / 1024


def memory(files: list[Path], sessions: int = 20) -> Section:
    """Figure 6: RSS with 1 and with ``sessions`` live sessions, in a fresh process (so memory
    freed by earlier figures does not hide the growth)."""
    out = subprocess.run(
        [sys.executable, "-m", "bench.apptest", str(sessions), *map(str, files)],
        capture_output=True,
        text=True,
        check=True,
        cwd=walks.ROOT,
    )
    one, many = (float(x) for x in out.stdout.split()[-2:])
    per = (many - one) / (sessions - 1)
    s = Section(6, "Memory", method=MEMORY_METHOD.format(sessions))
    s.rows.append(Row("RSS with 1 session", f"{one:.0f} MB"))
    s.rows.append(Row(f"RSS with {sessions} sessions", f"{many:.0f} MB"))
    s.rows.append(
        Row(
            "per extra session",
            f"{per:.2f} MB",
            goal=f"< {MAX_SESSION_MB:g} MB",
            met=per < MAX_SESSION_MB,
        )
    )
    return s


def measure(files: list[Path], sessions: int) -> tuple[float, float]:
    """RSS in MB with 1 and with ``sessions`` live AppTest sessions on the summary page."""
    from bench.engine import main_pathway

    _quiet()
    pathway = read(main_pathway(files))
    answers = walks.PERSONAS[1].walk(pathway)
    summary = next(st.id for st in pathway.steps if st.kind == "summary")
    with walks.pathways_env(files):
        return _rss(pathway, answers, summary, sessions)


def _rss(
    pathway: Pathway, answers: dict[str, Any], summary: str, sessions: int
) -> tuple[float, float]:
    live = [_summary_session(pathway, answers, summary)]
    gc.collect()
    one = rss_mb()
    live += [_summary_session(pathway, answers, summary) for _ in range(sessions - 1)]
    gc.collect()
    return one, rss_mb()


def _summary_session(pathway: Pathway, answers: dict[str, Any], step: str) -> Any:
    at = on_page(pathway, answers, step)
    at.run()
    return at


if __name__ == "__main__":
    _one, _many = measure([Path(a) for a in sys.argv[2:]], int(sys.argv[1]))
    print(_one, _many)
