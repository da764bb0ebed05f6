"""Figure 11, the planned load: simulated people walk whole pathways at the deploy guide's pace.

``python -m bench.planned [--people 150 --replicas 1 --duration 180 --think 5 20 --ramp 20
--write]``. One app process (``python -m decision_aid_ui``, the project's config), or several
behind deploy/nginx (each person then holds a browser's cookies), on loopback, driven by
testing/protocol.py's WebSocket client (the testing kit: the same client as figure 9 and the
protocol tests), with bench/walks.py's personas as the answers. Loopback only.

The pace is the deploy guide's own (docs/deploy.md, "Sizing"): one replica is planned for 150
people, each clicking once per 12.5 s on average (5-20 s of thinking between clicks), so a
process is planned to take 150 / 12.5 = 12 clicks a second. Each person picks a pathway by the
mix below (an assumption: the deploy guide gives none; most people come with mid-back pain,
fewer for TENS or a stimulator) and one of the three personas, and walks the whole pathway:
the warning signs, about your pain, the options (ticks on the cards), the comparison (a tick
that adds a column to the table), the question list (their own questions typed in), the
summary, then "PDF to print" and every download (the PDF, the text file, the answers, the FHIR
file; one person in five also asks for the PDF on the other paper, another assumption: the app
makes the PDF on one paper per press); "Save my answers" once on the way. Then a new person
takes the slot.

People arrive over a ramp. A walk takes 10-20 minutes at this pace, longer than a run, so each
slot's first person catches up at 0.3-1 s a click through a random share of the walk before
walking at the planned pace: people are spread over the whole walk from the first minute.
Those catch-up clicks and the clicks sent during the ramp are the "while arriving" figures; the
others are the steady state. A click is a rerun (its latency is the time to
``script_finished``); a download is the file's address (a backend operation) and its GET.

The server's CPU time is read from /proc around the run, and each script run's CPU time (the
thread's own, so other load on the machine does not inflate it) is written to the server's log
with the page it drew and the button pressed, by a hook in the server process (``HOOK``: page
names, button keys and milliseconds, never an answer). py-spy samples the server (``--gil``)
for where its CPU goes. Memory per session is the growth of the servers' RSS over the sessions
opened, all of which they still hold (sessions are kept 20 minutes after a disconnect).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import capacity, walks
from bench.report import Row, Section
from bench.timing import quantile
from decision_aid import compare
from decision_aid.load import read
from decision_aid.model import Pathway
from decision_aid.path import visible_questions, visible_steps
from decision_aid_ui import my_questions, state, widgets
from testing.protocol import Session, answer_states, cookies, running

PEOPLE = 150  # docs/deploy.md: "plan on 150 people per replica"
THINK_S = (5.0, 20.0)  # docs/deploy.md: one click per 12.5 s on average
CATCH_UP_S = (0.3, 1.0)
MIX = {"mid_back_pain": 0.6, "tens": 0.25, "spinal_cord_stimulation": 0.15}
"""Share of people per pathway (an assumption; pathways not shipped are left out)."""
DOWNLOADS = ("dl_markdown", "dl_answers", "dl_fhir")
OTHER_PAPER = 0.2
"""Share of people who also ask for the PDF on the other paper (an assumption)."""
SAVE_KEY = "dl_answers_step"
GOAL_P95_S, GOAL_P99_S = 1.0, 2.0
CLICK_TIMEOUT_S = 120.0
MARK = "BENCH-RUN"

KIND_NAMES = {"safety": "warning signs", "questions": "about your pain", "options": "options",
              "compare": "comparison and question list", "summary": "summary"}

HOOK = f"""
import sys, time
from streamlit.runtime.scriptrunner import script_runner as _sr
_run = _sr.ScriptRunner._run_script
def _pressed(rerun_data):
    states = rerun_data.widget_states.widgets if rerun_data.widget_states else ()
    ids = [w.id for w in states if w.WhichOneof("value") == "trigger_value" and w.trigger_value]
    parts = ids[0].split("-", 2) if ids else []
    return parts[2].split("__")[0] if len(parts) == 3 else "-"
def _timed(self, rerun_data):
    cpu, button = time.thread_time(), _pressed(rerun_data)
    try:
        return _run(self, rerun_data)
    finally:
        ms = (time.thread_time() - cpu) * 1000
        try:
            s = self._session_state
            page = s[{state.PAGE!r}] if {state.PAGE!r} in s else "start"
            if page == "wizard" and {state.STEP!r} in s:
                page = s[{state.STEP!r}]
        except Exception:
            page = "?"
        sys.stderr.write("{MARK} %s %s %.3f\\n" % (page, button, ms))
_sr.ScriptRunner._run_script = _timed
"""
"""Run in the server process first: each script run's CPU time, the page it drew and the key
of the button pressed for it ("-" for an answer or a tick)."""


# --- What happened ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Click:
    """One rerun: where it landed (a step id, or "start"), when, how long, and whether it was
    sent while arriving (the ramp or the catch-up)."""

    page: str
    sent: float
    seconds: float
    arriving: bool


@dataclass
class Tally:
    """What the simulated people saw."""

    clicks: list[Click] = field(default_factory=list)
    downloads: int = 0
    failed_downloads: int = 0
    download_s: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    walks: int = 0
    sessions: int = 0
    by_pathway: dict[str, int] = field(default_factory=dict)


@dataclass
class Result:
    """One run's figures: every field is reported (tests/test_bench_smoke.py checks them)."""

    people: int
    seconds: float
    think: tuple[float, float]
    tally: Tally
    cpu_s: float
    wait_s: float
    rss_idle_mb: float
    rss_peak_mb: float
    runs: dict[tuple[str, str], list[float]]  # (page, button) -> CPU ms of each script run
    shares: dict[str, float]  # part of the server -> share of py-spy samples
    hot: dict[str, float]  # our function -> share of samples with it on the stack
    warm: Tally  # the warm-up: one untimed whole walk of each pathway on each server
    replicas: int = 1

    @property
    def planned_per_s(self) -> float:
        """Clicks a second per process that this many people make at the planned pace."""
        return self.people / statistics.mean(self.think) / self.replicas

    @property
    def per_s(self) -> float:
        """Clicks a second per process."""
        return len(self.tally.clicks) / self.seconds / self.replicas

    @property
    def cpu_ms_per_click(self) -> float:
        return 1000 * self.cpu_s / max(len(self.tally.clicks), 1)

    @property
    def mb_per_session(self) -> float:
        return (self.rss_peak_mb - self.rss_idle_mb) / max(self.tally.sessions, 1)

    def latency(self, steady: bool = True) -> dict[str, float]:
        """p50, p95 and p99 of click-to-update in seconds (steady state, or while arriving)."""
        picked = [c.seconds for c in self.tally.clicks if c.arriving != steady]
        return {f"p{q}": quantile(picked, q / 100) for q in (50, 95, 99)}

    def by_page(self) -> dict[str, dict[str, float]]:
        """Per page: script runs, their median and mean CPU ms (the hook), their share of all
        script CPU, and the steady-state p50/p95 of the clicks that landed there."""
        pages: dict[str, list[float]] = {}
        for (page, _), ms in self.runs.items():
            pages.setdefault(page, []).extend(ms)
        out = {}
        for page, ms in _heaviest(pages):
            lat = [c.seconds for c in self.tally.clicks if c.page == page and not c.arriving]
            out[page] = {**_cpu(ms, self.runs), "p50_s": quantile(lat, 0.5),
                         "p95_s": quantile(lat, 0.95)}  # fmt: skip
        return out

    def by_interaction(self) -> dict[tuple[str, str], dict[str, float]]:
        """Per page and button pressed ("-": an answer or a tick): runs, median and mean CPU
        ms, share of all script CPU."""
        return {key: _cpu(ms, self.runs) for key, ms in _heaviest(self.runs)}

    def line(self) -> str:
        t, lat, burst = self.tally, self.latency(), self.latency(steady=False)
        return (
            f"{self.people} people, {self.replicas} process(es), {self.seconds:.0f} s, think "
            f"{self.think[0]:g}-{self.think[1]:g} s: {len(t.clicks)} clicks, "
            f"{self.per_s:.1f} clicks/s per process (planned {self.planned_per_s:.1f}); steady p50 "
            f"{lat['p50'] * 1000:.0f} ms, p95 {lat['p95'] * 1000:.0f} ms, p99 "
            f"{lat['p99'] * 1000:.0f} ms (while arriving p95 {burst['p95'] * 1000:.0f} ms); "
            f"server CPU {self.cpu_ms_per_click:.1f} ms per click, waited {self.wait_s:.0f} s "
            f"for a core; {self.mb_per_session:.2f} MB per session ({t.sessions} sessions); "
            f"{t.walks} whole walks; downloads failed {t.failed_downloads}/{t.downloads} "
            f"(p95 {quantile(t.download_s, 0.95) * 1000:.0f} ms); errors {len(t.errors)}; "
            "people by pathway: " + ", ".join(f"{k} {v}" for k, v in sorted(t.by_pathway.items()))
        )


def _heaviest(runs: dict[Any, list[float]]) -> list[tuple[Any, list[float]]]:
    return sorted(runs.items(), key=lambda kv: -sum(kv[1]))


def _cpu(ms: list[float], runs: dict[tuple[str, str], list[float]]) -> dict[str, float]:
    total = sum(sum(v) for v in runs.values()) or 1.0
    return {"runs": len(ms), "cpu_ms_median": statistics.median(ms),
            "cpu_ms_mean": statistics.mean(ms), "cpu_share": sum(ms) / total}  # fmt: skip


# --- A walk -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    """One thing a person does on a step: ``what`` is start, answer, compare, own, next,
    save, make_pdf or download; ``lands`` is the page the click draws."""

    what: str
    lands: str
    key: str = ""
    value: Any = None


def script(pathway: Pathway, persona: walks.Persona) -> list[Action]:
    """Everything ``persona`` does on a whole walk of ``pathway``, in order."""
    answers = persona.walk(pathway)
    steps = visible_steps(pathway, answers)
    acts = [Action("start", steps[0].id, f"start_{pathway.id}")]
    save_at = random.randrange(len(steps) - 1)
    for n, step in enumerate(steps[:-1]):
        acts += [Action("answer", step.id, q.id, answers[q.id])
                 for q in visible_questions(pathway, step, answers) if q.id in answers]
        acts += [Action("compare", step.id, q.id) for q in step.questions
                 if compare.is_shortlist(pathway, q.id)]
        if step.question_list is not None:
            acts += [Action("own", step.id, value=text) for text in persona.own_questions]
        if n == save_at:
            acts.append(Action("save", step.id, SAVE_KEY))
        acts.append(Action("next", steps[n + 1].id, "nav_next"))
    summary = steps[-1].id
    acts += [Action("make_pdf", summary, "make_pdf"), Action("download", summary, "dl_pdf_a4")]
    if random.random() < OTHER_PAPER:  # the PDF on the other paper (one per press)
        acts += [Action("make_pdf", summary, "pdf_other"),
                 Action("download", summary, "dl_pdf_letter")]
    return acts + [Action("download", summary, key) for key in DOWNLOADS]


class TimeUp(Exception):
    """The run's time is up: the person stops where they are."""


Pause = Callable[[], Awaitable[bool]]
"""Waits before an action; returns whether the click counts as arriving (catch-up)."""


class Walker:
    """Carries out a script on one session, timing each click and checking each download."""

    def __init__(self, session: Session, pathway: Pathway, tally: Tally) -> None:
        self.s, self.pathway, self.tally = session, pathway, tally

    async def click(self, lands: str, arriving: bool, *states: Any) -> None:
        start = time.perf_counter()
        page = await self.s.rerun(*states)
        took = time.perf_counter() - start
        self.tally.clicks.append(Click(lands, time.monotonic() - took, took, arriving))
        if page.exceptions:
            self.tally.errors.append(f"exception on {lands}: {page.exceptions[0]}"[:200])

    async def do(self, a: Action, pause: Pause) -> None:
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        if a.what == "answer":
            q = self.pathway.questions[a.key]
            for one in answer_states(self.s, self.pathway, q, a.value):
                await self.click(a.lands, await pause(), one)
        elif a.what == "compare":
            box = self._unticked(widgets.choice_key(a.key, ""))
            if box:  # a tick that adds a column to the table
                state_ = WidgetState(id=self.s.page.widgets[box].id, bool_value=True)
                await self.click(a.lands, await pause(), state_)
        elif a.what == "own":
            box = self.s.page.widgets[my_questions.NEW_KEY].id
            await self.click(a.lands, await pause(),
                             WidgetState(id=box, string_value=a.value))
            self.s.held.pop(box, None)  # the app empties the box, as the browser then holds
        elif a.what in ("save", "download"):
            await pause()
            await self.download(a.key)
        else:
            await self.click(a.lands, await pause(), self.s.click(a.key))

    def _unticked(self, prefix: str) -> str | None:
        for key, w in self.s.page.widgets.items():
            if key.startswith(prefix) and not (w.value if w.set_value else w.default):
                return key
        return None

    async def download(self, key: str) -> None:
        self.tally.downloads += 1
        start = time.perf_counter()
        try:
            status, body = await self.s.download(key)
            if status != 200 or not body or (key.startswith("dl_pdf") and body[:5] != b"%PDF-"):
                raise OSError(f"HTTP {status}, {len(body)} bytes")
        except (OSError, KeyError, TimeoutError) as e:
            self.tally.failed_downloads += 1
            self.tally.errors.append(f"download {key}: {type(e).__name__}: {e}"[:200])
        self.tally.download_s.append(time.perf_counter() - start)


def pick_pathway(pathways: list[Pathway]) -> Pathway:
    """A pathway by the mix (each shipped pathway not in the mix weighs as the least one)."""
    floor = min(MIX.values())
    return random.choices(pathways, [MIX.get(p.id, floor) for p in pathways])[0]


@dataclass
class Pace:
    """The pause before each action: catch-up pace for the first ``fast`` actions, then the
    planned think time. Says whether the click counts as arriving; stops when time is up."""

    think: tuple[float, float]
    arrived: float
    end: float
    fast: int = 0
    done: int = 0

    async def __call__(self) -> bool:
        catching_up = self.done < self.fast
        lo, hi = self.think
        wait = random.uniform(min(CATCH_UP_S[0], lo), min(CATCH_UP_S[1], hi)) if catching_up \
            else random.uniform(lo, hi)
        if time.monotonic() + wait > self.end:
            raise TimeUp
        await asyncio.sleep(wait)
        self.done += 1
        return catching_up or time.monotonic() < self.arrived


async def slot(port: int, pathways: list[Pathway], tally: Tally, think: tuple[float, float],
               ramp: float, end: float) -> None:
    """People come one after another in this slot until the time is up."""
    arrived = time.monotonic() + ramp
    await asyncio.sleep(random.uniform(0, ramp))
    first = True
    while time.monotonic() < end:
        pathway = pick_pathway(pathways)
        acts = script(pathway, random.choice(walks.PERSONAS))
        pace = Pace(think, arrived, end, random.randrange(len(acts)) if first else 0)
        first, s = False, None  # only the slot's first person catches up
        try:
            # A new browser: its first request gets the cookies (behind nginx, the route)
            cookie = await asyncio.to_thread(cookies, port)
            s = Session(port, timeout=CLICK_TIMEOUT_S, cookie=cookie)
            await s.connect()
            tally.sessions += 1
            tally.by_pathway[pathway.id] = tally.by_pathway.get(pathway.id, 0) + 1
            walker = Walker(s, pathway, tally)
            await walker.click("start", time.monotonic() < arrived)
            for a in acts:
                await walker.do(a, pace)
            tally.walks += 1
        except TimeUp:
            break
        except Exception as e:  # noqa: BLE001 - every failure is a figure here
            tally.errors.append(f"{type(e).__name__}: {e}"[:200])
        finally:
            if s is not None:
                await s.close()


async def crowd(port: int, people: int, seconds: float, think: tuple[float, float],
                ramp: float) -> Tally:
    """``people`` slots walking at once for ``seconds``."""
    pathways = [read(f) for f in walks.pathway_files()]
    tally = Tally()
    end = time.monotonic() + seconds
    await asyncio.gather(*(slot(port, pathways, tally, think, ramp, end) for _ in range(people)))
    return tally


async def warm_up(port: int, tally: Tally) -> None:
    """One whole walk of each pathway with no pauses (the typical persona, every download) on
    the server at ``port``: pages, fonts and caches are loaded before memory and CPU are
    counted."""

    async def no_pause() -> bool:
        return True

    for f in walks.pathway_files():
        pathway, s = read(f), Session(port, timeout=CLICK_TIMEOUT_S)
        await s.connect()
        walker = Walker(s, pathway, tally)
        await walker.click("start", True)
        for a in script(pathway, walks.PERSONAS[1]):
            await walker.do(a, no_pause)
        tally.walks += 1
        await s.close()


# --- The run ------------------------------------------------------------------------------------


def measure(people: int = PEOPLE, seconds: float = 180, think: tuple[float, float] = THINK_S,
            ramp: float | None = None, spy: bool = True, keep: Path | None = None,
            replicas: int = 1) -> Result:
    """Start the servers (behind deploy/nginx when more than one), warm each up, run the crowd
    and read the servers around it; py-spy samples the first."""
    ramp = think[1] if ramp is None else ramp
    env = {"STREAMLIT_SERVER_COOKIE_SECRET": "bench-only-shared-secret"}  # one for all replicas
    with tempfile.TemporaryDirectory(prefix="aid-bench-planned-") as folder, ExitStack() as stack:
        logs = [Path(folder) / f"server{i}.log" for i in range(replicas)]
        procs = [capacity.Server(s.port, s.process)
                 for s in (stack.enter_context(running(log, prelude=HOOK, env=env))
                           for log in logs)]  # fmt: skip
        warm = Tally()
        for proc in procs:
            asyncio.run(warm_up(proc.port, warm))
        idle, cpu0, wait0 = _read(procs)
        skip = [len(log.read_text(encoding="utf-8", errors="replace")) for log in logs]
        raw = Path(folder) / "spy.txt"
        sampled = raw if spy and capacity.has_py_spy() else None
        peak = [idle]
        with _front(procs) as port, capacity.profiled(procs[0], seconds, sampled):
            tally = asyncio.run(_watch(procs, port, peak, people, seconds, think, ramp))
        _, cpu, wait = _read(procs)
        text = "".join(log.read_text(encoding="utf-8", errors="replace")[n:]
                       for log, n in zip(logs, skip, strict=True))  # fmt: skip
        stacks = raw.read_text(errors="replace") if raw.exists() else ""
    if keep is not None and stacks:
        keep.write_text(stacks, encoding="utf-8")  # page names and code only, never an answer
    return Result(people, seconds, think, tally, cpu - cpu0, wait - wait0, idle, max(peak),
                  runs(text), capacity.shares(stacks) if stacks else {}, hot(stacks), warm,
                  replicas)


def _read(procs: list[capacity.Server]) -> tuple[float, float, float]:
    """RSS (MB) and CPU seconds summed over the servers, and the longest wait for a core."""
    return (sum(p.rss_mb() for p in procs), sum(p.cpu_s() for p in procs),
            max(p.wait_s() for p in procs))  # fmt: skip


@contextmanager
def _front(procs: list[capacity.Server]) -> Iterator[int]:
    """The port people connect to: the one server, or deploy/nginx in front of them."""
    if len(procs) == 1:
        yield procs[0].port
        return
    with capacity.nginx(procs) as url:
        yield int(url.rsplit(":", 1)[1])


async def _watch(procs: list[capacity.Server], port: int, peak: list[float], people: int,
                 seconds: float, think: tuple[float, float], ramp: float) -> Tally:
    task = asyncio.create_task(crowd(port, people, seconds, think, ramp))
    while not task.done():
        await asyncio.sleep(1)
        peak.append(_read(procs)[0])
    return task.result()


def runs(log: str) -> dict[tuple[str, str], list[float]]:
    """The hook's lines in the server log: CPU ms of each script run, by page drawn and button
    pressed (start_<pathway> as "start")."""
    out: dict[tuple[str, str], list[float]] = {}
    for page, button, ms in re.findall(rf"^{MARK} (\S+) (\S+) ([\d.]+)$", log, flags=re.M):
        button = "start" if button.startswith("start_") else button
        out.setdefault((page, button), []).append(float(ms))
    return out


HOT = (
    ("the PDF, one paper a press, after 'PDF to print' (exports.pdf)",
     r"^pdf \(decision_aid_ui/exports"),
    ("... of it, fpdf2 loading the fonts for each document", r"^document \(decision_aid/formats/"),
    ("the summary's note of characters the PDF cannot print (its lines made on every run)",
     r"^_missing_note \(decision_aid_ui/downloads"),
    ("the text files of the download buttons (Markdown, answers, FHIR)",
     r"^(markdown|answers_file|fhir) \(decision_aid_ui/exports"),
    ("question widgets (widgets.draw)", r"^draw \(decision_aid_ui/widgets\.py"),
    ("... of them, the 'what you have tried' grid", r"^_grid \(decision_aid_ui/widgets\.py"),
    ("the warning-sign screen", r"^draw \(decision_aid_ui/warning_screen"),
    ("option cards (cards.card)", r"^card \(decision_aid_ui/cards\.py"),
    ("... of them, 'More' and sources (drawn closed)",
     r"^(_more|source_lines) \(decision_aid_ui/cards\.py"),
    ("the comparison: shortlist, table, leaning",
     r"^(_shortlist|table|_leaning) \(decision_aid_ui/compare_page"),
    ("... of it, the table", r"^table \(decision_aid_ui/compare_page"),
    ("the question list (my_questions.section)", r"^section \(decision_aid_ui/my_questions"),
    ("the summary's text (summary_view.show)", r"^show \(decision_aid_ui/summary_view"),
    ("the footer, its 'Save my answers' file included", r"^_footer \(decision_aid_ui/wizard"),
    ("Back and Next (wizard._nav)", r"^_nav \(decision_aid_ui/wizard"),
    ("styles and page scripts (app._scripts)", r"^_scripts \(app\.py"),
    ("the engine (decision_aid, PDF apart)", r"\(decision_aid/(?!formats/pdf)"),
)
"""Our functions whose share of the server's CPU the remedies of issue 27 would cut."""


def hot(raw: str) -> dict[str, float]:
    """Inclusive shares of py-spy samples: a sample counts for every named part on its stack."""
    counts, total = dict.fromkeys((label for label, _ in HOT), 0), 0
    for line in raw.splitlines():
        stack, _, n = line.rpartition(" ")
        if not n.isdigit():
            continue
        total += int(n)
        frames = stack.split(";")
        for label, pattern in HOT:
            if any(re.search(pattern, f) for f in frames):
                counts[label] += int(n)
    return {k: v / total for k, v in counts.items()} if total else {}


# --- The figure ---------------------------------------------------------------------------------


def page_names() -> dict[str, str]:
    """Readable names of the pages the hook reports (step ids, "start", "about")."""
    names = {"start": "start page", "about": "About page"}
    for f in walks.pathway_files():
        for step in read(f).steps:
            names.setdefault(step.id, KIND_NAMES.get(step.kind, step.id))
    return names


TITLE = "Planned load: whole walks"
METHOD = " ".join(__doc__.split("\n\n")[1:]).replace("\n", " ").replace("``", "`").strip()


def figure(configs: tuple[tuple[int, int], ...] = ((PEOPLE, 1),), seconds: float = 180,
           think: tuple[float, float] = THINK_S, ramp: float | None = None,
           keep: Path | None = None) -> Section:
    """Figure 11: each (people, processes) configuration at the planned pace; CPU per click by
    page and where it goes, from the first (py-spy samples only that one)."""
    return section([measure(people, seconds, think, ramp, spy=not i, keep=None if i else keep,
                            replicas=replicas)
                    for i, (people, replicas) in enumerate(configs)])  # fmt: skip


def section(results: list[Result]) -> Section:
    """The figure's rows: the goal's row for each run, then the first run's costs."""
    s = Section(11, TITLE, method=METHOD)
    for r in results:
        lat, front = r.latency(), " behind deploy/nginx" if r.replicas > 1 else ""
        met = (lat["p95"] < GOAL_P95_S and lat["p99"] < GOAL_P99_S and not r.tally.errors
               and r.tally.failed_downloads == 0)  # fmt: skip
        s.rows.append(Row(f"{r.people} people, {r.replicas} process(es){front}, whole walks at "
                          "the planned pace", r.line(),
                          goal=f"p95 < {GOAL_P95_S:g} s, p99 < {GOAL_P99_S:g} s, 0 failed "
                               "downloads, 0 errors", met=met))  # fmt: skip
        s.notes += [f"{r.people} people: {e}" for e in sorted(set(r.tally.errors))[:5]]
    r, names = results[0], page_names()
    s.rows.append(Row("server CPU per script run, by page (median / mean ms, share)", "; ".join(
        f"{names.get(page, page)}: {v['cpu_ms_median']:.0f} / {v['cpu_ms_mean']:.0f} ms "
        f"x {v['runs']:.0f} ({v['cpu_share']:.0%})" for page, v in r.by_page().items())))
    s.rows.append(Row("... by page and button pressed (-: an answer or a tick)", "; ".join(
        f"{names.get(page, page)} {button}: {v['cpu_ms_median']:.0f} / {v['cpu_ms_mean']:.0f} "
        f"ms x {v['runs']:.0f} ({v['cpu_share']:.0%})"
        for (page, button), v in r.by_interaction().items() if v["cpu_share"] >= 0.01)))
    if r.shares:
        s.rows.append(Row("where the server's CPU goes (py-spy --gil)",
                          ", ".join(f"{k} {v:.0%}" for k, v in r.shares.items())))
        s.rows.append(Row("our parts of it (py-spy, inclusive)",
                          ", ".join(f"{k} {v:.0%}" for k, v in r.hot.items())))
    return s


def main(argv: list[str] | None = None) -> int:
    """Command line: one run, printed; with ``--write`` its section goes into BENCHMARKS.md."""
    parser = argparse.ArgumentParser(prog="python -m bench.planned", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=PEOPLE)
    parser.add_argument("--replicas", type=int, default=1,
                        help="app processes, behind deploy/nginx when more than one")
    parser.add_argument("--duration", type=float, default=180, help="seconds of the run")
    parser.add_argument("--think", type=float, nargs=2, default=THINK_S, metavar=("LO", "HI"),
                        help="seconds between clicks (default: the deploy guide's 5-20)")
    parser.add_argument("--ramp", type=float, help="seconds over which people arrive "
                        "(default: the longest think time)")
    parser.add_argument("--spy-out", type=Path, help="keep py-spy's raw stacks in this file")
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    args = parser.parse_args(argv)
    found = figure(((args.people, args.replicas),), args.duration, tuple(args.think), args.ramp,
                   args.spy_out)
    for row in found.rows:
        print(f"{row.figure}: {row.value}")
    for note in found.notes:
        print(f"- {note}")
    if args.write:
        capacity.write_section(found, walks.ROOT / "BENCHMARKS.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
