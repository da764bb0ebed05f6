"""Figure 10, capacity: simulated people starting the app over Streamlit's own WebSocket protocol.

What it measures (issue 27): people arriving at an empty server for 90 s at 5-20 s a click
spend the whole run on the start page and the warning-sign step, clicking about 5.5 times a
second per process, and none reaches the options, the comparison, the question list, the
summary or the downloads; the row says which pages were reached. It is kept for its history
(the garbage-collection rows, SIGTERM, scale-out behind nginx). The planned load, with whole
walks of every pathway at the deploy guide's pace, is figure 11 (bench/planned.py).

``python -m bench.capacity [--people 150 --replicas 1 --duration 120 --think 5 20]`` runs one
configuration; with no ``--people`` it runs the default pair (one process with 150 people, two
replicas behind nginx with 300) and writes its section of BENCHMARKS.md (``--no-write`` to
only print). Loopback only.

Each simulated person is one WebSocket speaking Streamlit's protocol with the protobuf classes of
the installed Streamlit, as the browser does: every click sends a ``rerun_script`` BackMsg with
the widget states of the page (a button as a trigger), and the time to ``script_finished`` is the
click-to-update latency. They walk the main pathway with a persona's answers (bench/walks.py),
think 5-20 s between clicks, press "Save my answers" once on the way, and on the summary fetch
the Markdown, the answers file and the A4 PDF (a ``deferred_file`` backend operation, then a GET
of ``/media``); then a new person takes their place. With replicas, each person first gets nginx's
route cookie (deploy/nginx) and sends it with every request, like a browser.

Latency is reported once everyone has arrived (arrivals are spread over the longest think time)
and, apart, during the arrival burst. Each server's CPU time per click and the time its threads
waited for a free core (``/proc/<pid>/task/*/schedstat``) are read around the run: when a server
waits for a core most of the run (a shared machine), its latency says more about the machine
than about the app, and CPU per click is the figure that carries over. The default run is
90 s per configuration, shorter than a walk (10-20 minutes): it measures the first clicks of
people who have just arrived (``--duration 1200`` would cover whole walks, all arriving
together; figure 11 spreads them over the walk instead).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import walks
from bench.report import Row, Section
from bench.timing import quantile
from decision_aid.answers import Answer
from decision_aid.load import read
from decision_aid.model import Pathway, Question
from decision_aid.path import visible_questions, visible_steps
from testing import nginx as nginx_server
from testing import server
from testing.protocol import Session, answer_states, cookies

PATHWAY = walks.ROOT / "pathways" / "mid-back-pain.yaml"
DOWNLOADS = ("dl_markdown", "dl_answers", "dl_pdf_a4")
CLICK_TIMEOUT_S = 60.0
TICK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


# --- Results --------------------------------------------------------------------------------------


@dataclass
class Tally:
    """What the simulated people saw."""

    latencies: list[float] = field(default_factory=list)
    sent: list[float] = field(default_factory=list)  # when each click was sent (monotonic)
    arrived: float = 0.0  # when the last person had arrived: steady state from here
    downloads: int = 0
    failed_downloads: int = 0
    errors: list[str] = field(default_factory=list)
    walks: int = 0
    peak_sessions: int = 0
    reached: dict[str, int] = field(default_factory=dict)  # step id -> people who reached it

    def p(self, q: float, steady: bool = True) -> float:
        """The q-th quantile (0-1) of click-to-update in seconds, by default of the clicks sent
        once everyone had arrived (the arrival burst is reported apart)."""
        picked = [x for x, at in zip(self.latencies, self.sent, strict=True)
                  if (at >= self.arrived) == steady]  # fmt: skip
        return quantile(picked, q)


@dataclass
class Result:
    """One configuration's figures."""

    people: int
    replicas: int
    seconds: float
    tally: Tally
    cpu_s: list[float]
    rss_idle_mb: list[float]
    rss_peak_mb: list[float]
    wait_s: list[float]

    @property
    def clicks(self) -> int:
        return len(self.tally.latencies)

    def line(self) -> str:
        t = self.tally
        per_proc = self.clicks / self.seconds / self.replicas
        cpu = 1000 * sum(self.cpu_s) / max(self.clicks, 1)
        mem = (sum(self.rss_peak_mb) - sum(self.rss_idle_mb)) / max(t.peak_sessions, 1)
        return (
            f"{self.people} people, {self.replicas} process(es): {self.clicks} clicks, "
            f"{per_proc:.1f} clicks/s per process, once all had arrived p50 "
            f"{t.p(0.5) * 1000:.0f} ms, p95 {t.p(0.95) * 1000:.0f} ms (while arriving p95 "
            f"{t.p(0.95, steady=False) * 1000:.0f} ms), CPU {cpu:.0f} ms per click, the server "
            f"waited {max(self.wait_s):.0f} s of {self.seconds:.0f} s for a free core, "
            f"{mem:.2f} MB per session (RSS {'/'.join(f'{r:.0f}' for r in self.rss_peak_mb)} MB), "
            f"{t.walks} walks finished, downloads failed {t.failed_downloads}/{t.downloads}, "
            f"errors {len(t.errors)}; pages reached (people): "
            + ", ".join(f"{k} {v}" for k, v in t.reached.items())
        )


# --- One simulated person ---------------------------------------------------------------------


class Person:
    """One browser tab (``testing.protocol.Session``), each click timed into the tally."""

    def __init__(self, base: str, tally: Tally) -> None:
        self.port = int(base.rsplit(":", 1)[1])
        self.tally = tally
        self.session = Session(self.port, timeout=CLICK_TIMEOUT_S)

    async def open(self) -> None:
        """Get the cookies (nginx's route, Streamlit's XSRF), connect and draw the start page."""
        self.session.cookie = await asyncio.to_thread(cookies, self.port)
        await self.session.connect()
        await self.rerun()

    async def close(self) -> None:
        await self.session.close()

    async def rerun(self, *states: Any) -> None:
        """Send a click (the page's widget states plus ``states``) and wait for the update."""
        start = time.perf_counter()
        page = await self.session.rerun(*states)
        took = time.perf_counter() - start
        self.tally.latencies.append(took)
        self.tally.sent.append(time.monotonic() - took)
        self.tally.errors += [f"exception on the page: {e}"[:200] for e in page.exceptions]

    async def click(self, key: str) -> None:
        await self.rerun(self.session.click(key))

    async def answer(self, pathway: Pathway, q: Question, value: Answer) -> None:
        """Give ``value`` as the widget would: one click per radio or checkbox, text on leave."""
        for state in answer_states(self.session, pathway, q, value):
            await self.rerun(state)

    async def download(self, key: str) -> None:
        """Press a download button: GET its file (made when the button was drawn), or for a
        deferred button ask for the file first, as the browser does."""
        self.tally.downloads += 1
        try:
            status, body = await self.session.download(key)
            if status != 200 or not body or (key.startswith("dl_pdf") and body[:5] != b"%PDF-"):
                raise OSError(f"HTTP {status}, {len(body)} bytes, not the file")
        except (OSError, KeyError, TimeoutError) as e:
            self.tally.failed_downloads += 1
            self.tally.errors.append(f"download {key}: {e}")


# --- A walk -------------------------------------------------------------------------------------


async def walk(person: Person, pathway: Pathway, answers: dict[str, Answer], think: Any) -> None:
    """Start page to summary with these answers, thinking between clicks, then the downloads."""
    await think()
    await person.click(f"start_{pathway.id}")
    steps = visible_steps(pathway, answers)
    save_at = random.randrange(0, len(steps) - 1)
    for n, step in enumerate(steps[:-1]):
        person.tally.reached[step.id] = person.tally.reached.get(step.id, 0) + 1
        given: dict[str, Answer] = {}
        for q in visible_questions(pathway, step, answers):
            if q.id in answers:
                await think()
                await person.answer(pathway, q, answers[q.id])
                given[q.id] = answers[q.id]
        if n == save_at:
            await think()
            await person.download("dl_answers_step")
        await think()
        await person.click("nav_next")
    person.tally.reached[steps[-1].id] = person.tally.reached.get(steps[-1].id, 0) + 1
    for key in DOWNLOADS:
        await think()
        if key.startswith("dl_pdf"):  # the PDF is made on request (decision_aid_ui/downloads.py)
            await person.click("make_pdf")
        await person.download(key)
    person.tally.walks += 1


async def one_person(
    base: str, pathway: Pathway, tally: Tally, lo: float, hi: float, end: float
) -> None:
    """People come one after another in this slot until the time is up."""
    personas = [p.walk(pathway) for p in walks.PERSONAS]

    async def think() -> None:
        pause = random.uniform(lo, hi)
        if time.monotonic() + pause > end:
            raise TimeoutError("time is up")
        await asyncio.sleep(pause)

    await asyncio.sleep(random.uniform(0, hi))  # people arrive spread out
    while time.monotonic() < end:
        person = Person(base, tally)
        try:
            await person.open()
            await walk(person, pathway, random.choice(personas), think)
        except TimeoutError:
            break
        except Exception as e:  # noqa: BLE001 - every failure is a figure here
            tally.errors.append(f"{type(e).__name__}: {e}"[:200])
        finally:
            await person.close()


async def warm_up(base: str, tally: Tally | None = None) -> None:
    """One walk with no pauses."""

    async def no_pause() -> None:
        return None

    person = Person(base, tally or Tally())
    try:
        await person.open()
        await walk(person, read(PATHWAY), walks.PERSONAS[0].walk(read(PATHWAY)), no_pause)
    finally:
        await person.close()


async def crowd(base: str, people: int, lo: float, hi: float, seconds: float) -> Tally:
    """``people`` slots walking at once for ``seconds``."""
    pathway = read(PATHWAY)
    tally = Tally(arrived=time.monotonic() + hi)
    end = time.monotonic() + seconds
    await asyncio.gather(*(one_person(base, pathway, tally, lo, hi, end) for _ in range(people)))
    return tally


# --- Servers ------------------------------------------------------------------------------------


@dataclass
class Server:
    """One ``streamlit run app.py`` on a loopback port."""

    port: int
    proc: subprocess.Popen[bytes]

    def cpu_s(self) -> float:
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK

    def wait_s(self) -> float:
        """Seconds its threads have spent runnable but waiting for a CPU (schedstat)."""
        total = 0
        for task in Path(f"/proc/{self.proc.pid}/task").iterdir():
            try:
                total += int((task / "schedstat").read_text().split()[1])
            except (OSError, IndexError):
                continue
        return total / 1e9

    def rss_mb(self) -> float:
        pages = int(Path(f"/proc/{self.proc.pid}/statm").read_text().split()[1])
        return pages * PAGE / 2**20


@contextmanager
def servers(count: int, env: dict[str, str] | None = None) -> Iterator[list[Server]]:
    """``count`` app processes with the project's config and one shared cookie secret."""
    started: list[Server] = []
    env = {"STREAMLIT_SERVER_COOKIE_SECRET": "bench-only-shared-secret", **(env or {})}
    try:
        for _ in range(count):
            port = server.free_port()
            proc = server.start(server.streamlit_command(port), env)
            started.append(Server(port, proc))
            server.wait_healthy(f"http://127.0.0.1:{port}", proc)
        yield started
    finally:
        for s in started:
            server.stop(s.proc, timeout=30)


@contextmanager
def nginx(upstreams: list[Server]) -> Iterator[str]:
    """deploy/nginx in front of the servers, unprivileged in a temp folder; yields its URL."""
    from deploy.nginx import render

    with tempfile.TemporaryDirectory(prefix="aid-bench-nginx-") as folder:
        prefix, port = Path(folder), server.free_port()
        text = render.site([f"127.0.0.1:{s.port}" for s in upstreams], listen=f"127.0.0.1:{port}")
        render.write(prefix, text, standalone=True)
        (prefix / "nginx.conf").write_text(
            (prefix / "nginx.conf")
            .read_text()
            .replace("access_log access.log aid;", "access_log off;")
        )
        proc = nginx_server.start(prefix, "worker_rlimit_nofile 8192;")
        try:
            server.wait_healthy(f"http://127.0.0.1:{port}", proc)
            yield f"http://127.0.0.1:{port}"
        finally:
            server.stop(proc, timeout=30)


def measure(
    people: int,
    replicas: int,
    seconds: float,
    lo: float,
    hi: float,
    env: dict[str, str] | None = None,
    spy: Path | None = None,
) -> Result:
    """Run one configuration and read the servers' CPU and memory around it (with ``spy``,
    py-spy samples the first server into that file)."""
    with servers(replicas, env) as procs:
        for s in procs:  # the first page and PDF fonts are loaded before counting memory
            asyncio.run(warm_up(f"http://127.0.0.1:{s.port}"))
        idle = [s.rss_mb() for s in procs]
        cpu0, wait0 = [s.cpu_s() for s in procs], [s.wait_s() for s in procs]
        with _front(procs) as base, profiled(procs[0], seconds, spy):
            tally, peak = _run_watching(procs, base, people, seconds, lo, hi)
        cpu = [s.cpu_s() - c for s, c in zip(procs, cpu0, strict=True)]
        wait = [s.wait_s() - w for s, w in zip(procs, wait0, strict=True)]
    return Result(people, replicas, seconds, tally, cpu, idle, peak, wait)


@contextmanager
def profiled(server: Server, seconds: float, out: Path | None) -> Iterator[None]:
    """While the block runs, py-spy samples ``server`` into ``out`` (nothing when None)."""
    # py-spy --gil samples only the thread holding the GIL: where the server's CPU goes.
    spy = None
    if out is not None:
        command = [str(Path(sys.executable).parent / "py-spy"), "record", "--gil", "--nonblocking",
                   "-r", "50", "-p", str(server.proc.pid), "-d", str(int(seconds)),
                   "-f", "raw", "-o", str(out)]  # fmt: skip
        spy = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield
    finally:
        if spy is not None:
            spy.wait(timeout=seconds + 60)


# Where a sample is counted: the first matching frame, from the deepest, wins.
SHARES = (
    ("the engine (decision_aid)", re.compile(r"\(decision_aid/")),
    ("our UI code itself", re.compile(r"\(decision_aid_ui/|\(app\.py:")),
    ("Streamlit's end-of-run cleanup (and GC)", re.compile(r"_on_script_finished")),
    ("Streamlit's script run, outside our code", re.compile(r"_run_script ")),
)


def shares(raw: str) -> dict[str, float]:
    """py-spy's raw (collapsed) stacks as shares of samples per part of the server."""
    counts: dict[str, int] = {}
    for line in raw.splitlines():
        stack, _, n = line.rpartition(" ")
        if not n.isdigit():  # py-spy's own notes, not a sample
            continue
        name = _part(stack.split(";")[::-1])
        counts[name] = counts.get(name, 0) + int(n)
    total = sum(counts.values()) or 1
    return {k: v / total for k, v in sorted(counts.items(), key=lambda kv: -kv[1])}


def _part(frames: list[str]) -> str:
    # The deepest frame that matches names the part; our UI code calling into Streamlit is
    # counted as the st.* elements and widgets it draws.
    for depth, f in enumerate(frames):
        for label, pattern in SHARES:
            if pattern.search(f):
                if label.startswith("our UI") and depth:
                    return "Streamlit elements and widgets our pages draw (st.*)"
                return label
    return "Streamlit's server: event loop, sessions, messages"


@contextmanager
def _front(procs: list[Server]) -> Iterator[str]:
    if len(procs) == 1:
        yield f"http://127.0.0.1:{procs[0].port}"
        return
    with nginx(procs) as url:
        yield url


def _run_watching(
    procs: list[Server], base: str, people: int, seconds: float, lo: float, hi: float
) -> tuple[Tally, list[float]]:
    peak = [s.rss_mb() for s in procs]

    async def main() -> Tally:
        task = asyncio.create_task(crowd(base, people, lo, hi, seconds))
        while not task.done():
            await asyncio.sleep(2)
            for i, s in enumerate(procs):
                peak[i] = max(peak[i], s.rss_mb())
        return task.result()

    tally = asyncio.run(main())
    tally.peak_sessions = people
    return tally, peak


# --- SIGTERM: what Streamlit does with open sessions ------------------------------------------


def sigterm() -> tuple[float, str]:
    """Seconds from SIGTERM to exit with one open session, and how the session's socket closed."""

    async def main(base: str, proc: subprocess.Popen[bytes]) -> tuple[float, str]:
        person = Person(base, Tally())
        await person.open()
        start = time.perf_counter()
        proc.terminate()
        code = await person.session.closed()
        closed = time.perf_counter() - start
        await asyncio.to_thread(proc.wait, 30)
        return time.perf_counter() - start, f"close code {code} after {closed:.2f} s"

    with servers(1) as (s,):
        return asyncio.run(main(f"http://127.0.0.1:{s.port}", s.proc))


# --- The figure ---------------------------------------------------------------------------------

_PARTS = __doc__.split("\n\n")
METHOD = " ".join([_PARTS[1], *_PARTS[3:]]).replace("\n", " ").replace("``", "`").strip()
TITLE = "Capacity: people arriving (the earlier figure, not the planned load)"


def figure(seconds: float = 90, lo: float = 5, hi: float = 20) -> Section:
    """Figure 10: one process with 150 people, two replicas behind nginx with 300, the CPU of a
    click with and without Streamlit's garbage collection after each run, and SIGTERM."""
    s = Section(10, TITLE, method=METHOD)
    for people, replicas in ((150, 1), (300, 2)):
        r = measure(people, replicas, seconds, lo, hi)
        # No goal here: the goal is the planned load's (figure 11); this is not that load.
        name = (f"{people} people arriving, {replicas} process(es), think {lo:g}-{hi:g} s, "
                f"first {seconds:g} s (not the planned load: figure 11)")
        s.rows.append(Row(name, r.line()))
        print(f"{name}: {r.line()}", file=sys.stderr, flush=True)
        s.notes += [f"{people} people: {e}" for e in sorted(set(r.tally.errors))[:3]]
    s.rows += _gc_rows(min(seconds, 40))
    down, how = sigterm()
    s.rows.append(Row("SIGTERM with an open session", f"exit in {down:.2f} s, {how}"))
    return s


def _gc_rows(seconds: float) -> list[Row]:
    # 20 quick people (0.5-2 s think): CPU per click with Streamlit's default gc.collect(2)
    # after every run, then with ours (postScriptGC = false), py-spy on the second.
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        raw = Path(folder) / "spy.txt"
        for gc_on in (True, False):
            env = {"STREAMLIT_RUNNER_POST_SCRIPT_GC": str(gc_on).lower()}
            spy = raw if not gc_on and has_py_spy() else None
            r = measure(20, 1, seconds, 0.5, 2, env, spy)
            label = "Streamlit's default (full GC after each run)" if gc_on else "our config"
            rows.append(Row(f"20 quick people, {label}", r.line()))
            print(f"{label}: {r.line()}", file=sys.stderr, flush=True)
        if raw.exists():
            # py-spy may print bytes that are not UTF-8 (a frame's repr): never fail the figure
            found = shares(raw.read_text(errors="replace"))
            parts = ", ".join(f"{k} {v:.0%}" for k, v in found.items())
            rows.append(Row("where the server's CPU goes (py-spy --gil, our config)", parts))
    return rows


def has_py_spy() -> bool:
    """Whether py-spy is installed beside this Python (it samples where a server's CPU goes)."""
    return (Path(sys.executable).parent / "py-spy").exists()


def write_section(section: Section, path: Path) -> None:
    """Replace this figure's rows and section in BENCHMARKS.md, leaving the others."""
    from bench.report import goal_cell, render
    from bench.timing import machine, today

    where, when = machine(), today()
    rows = [
        "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"
        for r in section.rows
        for cells in [
            [f"{section.number}. {r.figure}", r.value, r.ratio, goal_cell(r), where, when]
        ]
    ]
    mine = render([section], where, when, 0)
    body = mine[mine.index(f"## {section.number}. {section.title}") :]
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    number = re.escape(f"{section.number}. ")
    text = re.sub(rf"^\| {number}.*\n", "", text, flags=re.M)
    text = re.sub(rf"^## {number}.*?(?=^## |\Z)", "", text, flags=re.M | re.S).rstrip() + "\n"
    lines = text.split("\n")
    last_row = max((i for i, line in enumerate(lines) if line.startswith("| ")), default=0)
    lines[last_row + 1 : last_row + 1] = rows
    path.write_text("\n".join(lines).rstrip() + "\n\n" + body, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Command line: one configuration, or the default pair written to BENCHMARKS.md."""
    parser = argparse.ArgumentParser(prog="python -m bench.capacity", description=__doc__)
    parser.add_argument("--people", type=int, help="simulated people (default: 150 and 300)")
    parser.add_argument("--replicas", type=int, default=1)
    parser.add_argument("--duration", type=float, default=90, help="seconds per configuration")
    parser.add_argument("--think", type=float, nargs=2, default=(5, 20), metavar=("LO", "HI"))
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    lo, hi = args.think
    if args.people:
        print(measure(args.people, args.replicas, args.duration, lo, hi).line())
        return 0
    section = figure(args.duration, lo, hi)
    for row in section.rows:
        print(f"{row.figure}: {row.value}")
    if not args.no_write:
        write_section(section, walks.ROOT / "BENCHMARKS.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
