"""Figure 9: nothing lost, nothing leaked, under load and faults (issue 15's goals).

One app server on loopback (``python -m decision_aid_ui``, the project's config), driven over
its WebSocket by testing/protocol.py, with an audit hook in the server process that logs every
network look-up or connection it makes:

- downloads: N sessions at once (100; 20 with --quick); each starts the main pathway, then
  ``ROUNDS`` times reruns and saves its answers (find the file's address, then fetch it, while
  the other sessions keep running). A few more sessions walk the whole pathway to the summary,
  typing their own secret (Latin and Chinese) in every text box, and fetch all five files (PDF
  included). A download fails if it is not HTTP 200 or is not that session's own file.
- reconnects: sessions that answer, disconnect for 3/4 of the session time-to-live (as 15 of
  the config's 20 minutes; here the TTL is cut to seconds), and reconnect: an answer is lost if
  the session is not the same or its saved file lacks the answer.
- the server's log is searched for every secret typed, and for connections to other machines
  (a cross-origin WebSocket attempt included: Streamlit used to look up checkip there).
- the review's 101 hostile resume files, and the second review's cases rebuilt on every shipped
  pathway, are read by the engine: a crash is anything but a usable result or a message for
  people; messages over 300 characters are counted.
- takeovers: sessions that answer and disconnect, then a second client asks to rejoin each with
  the session id alone (what a log could hold): a takeover is getting that session back. Each
  one's download address is also fetched a second after its page closed (it must not serve).
- kept sessions: a person answers and leaves, then ``LEAVERS`` others (the planned number per
  replica within the time-to-live) open the app and leave; the person comes back within the
  time-to-live: lost if the session is not the same or the answer is gone.
- the server's log is searched for session ids and download ids (keys to answers).
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.report import Row, Section
from decision_aid.formats import saved
from decision_aid.load import read
from decision_aid.model import Pathway
from testing import resume_corpus as corpus
from testing.protocol import Server, Session, foreign_page, running, walk
from testing.server import ROOT

ROUNDS = 3
SESSION_TIMEOUT_S = 300.0
RECONNECT_TTL_S = 60
AUDIT = """
import sys
def _audit(event, args):
    if event in ("socket.connect", "socket.getaddrinfo", "socket.sendto"):
        where = args[1] if event in ("socket.connect", "socket.sendto") else args[:2]
        sys.stderr.write("AUDIT %s %r\\n" % (event, where))
sys.addaudithook(_audit)
"""
LOOPBACK = {"127.0.0.1", "localhost", "::1", "0.0.0.0", "None", ""}
LEAVERS = 300
"""People who leave one replica within the 20 minutes a session is kept, at the planned 150
per replica and 10-20 minute walks (docs/deploy.md)."""
IDS = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}")
METHOD = __doc__.split("\n\n", 1)[1].strip()


def _secret(i: int) -> str:
    return f"Secret-{i:04d}-我的背痛"


@dataclass
class Tally:
    """Downloads tried and failed (not HTTP 200, or not this session's own file), and sessions
    that could not finish in time (the machine too busy: their downloads were never tried)."""

    tried: int = 0
    failed: int = 0
    unfinished: list[str] = field(default_factory=list)

    def fetched(self, status: int, body: bytes, must_hold: bytes) -> None:
        self.tried += 1
        self.failed += status != 200 or must_hold not in body


async def _save_while_others_run(port: int, pathway_id: str, tally: Tally) -> None:
    """One session's downloads under load."""
    s = Session(port, timeout=SESSION_TIMEOUT_S)
    await s.connect()
    await s.rerun()
    await s.rerun(s.click(f"start_{pathway_id}"))
    for _ in range(ROUNDS):
        await s.rerun()  # an ordinary click elsewhere on the page
        url = await s.file_url("dl_answers_step")
        await asyncio.sleep(0)  # let the other sessions run before the GET
        tally.fetched(*await s.fetch(url), f'"pathway": "{pathway_id}"'.encode())
    await s.close()


async def _full_walk(port: int, i: int, pathway: Pathway, tally: Tally) -> None:
    s = Session(port, timeout=SESSION_TIMEOUT_S)
    await s.connect()
    await s.rerun()
    await walk(s, pathway, _secret(i))
    await s.rerun(s.click("make_pdf"))  # the PDF on one paper, then on the other
    tally.fetched(*await s.download("dl_pdf_a4"), b"%PDF")
    await s.rerun(s.click("pdf_other"))
    tally.fetched(*await s.download("dl_pdf_letter"), b"%PDF")
    for key in ("dl_markdown", "dl_answers", "dl_fhir"):
        tally.fetched(*await s.download(key), _secret(i).encode())
    await s.close()


async def _downloads(server: Server, sessions: int, walks: int) -> tuple[Tally, float]:
    pathway = read(ROOT / "pathways" / "mid-back-pain.yaml")
    tally = Tally()
    started = time.perf_counter()
    jobs = [_save_while_others_run(server.port, pathway.id, tally) for _ in range(sessions)]
    jobs += [_full_walk(server.port, sessions + i, pathway, tally) for i in range(walks)]
    for result in await asyncio.gather(*jobs, return_exceptions=True):
        if isinstance(result, BaseException):
            tally.unfinished.append(f"{type(result).__name__}: {result}"[:160])
    return tally, time.perf_counter() - started


async def _reconnects(port: int, sessions: int) -> tuple[int, int]:
    results = await asyncio.gather(*(_away_and_back(port) for _ in range(sessions)))
    return sessions, sum(results)


async def _away_and_back(port: int) -> bool:
    """Answer, disconnect for 3/4 of the TTL, reconnect: whether the answer was lost."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    old = Session(port)
    await old.connect()
    await old.rerun()
    await old.rerun(old.click("start_mid_back_pain"))
    box = next(k for k in old.page.widgets if k.endswith("__none"))
    await old.rerun(WidgetState(id=old.page.widgets[box].id, bool_value=True))
    await old.close()
    await asyncio.sleep(RECONNECT_TTL_S * 0.75)  # as 15 of the config's 20 minutes
    s = Session(port, old.query_string)
    await s.connect(old.rejoin_id)
    await s.rerun(*old.held.values())
    body = (await s.download("dl_answers_step"))[1] if "dl_answers_step" in s.page.widgets else b""
    await s.close()
    return s.session_id != old.session_id or f'"{box.split("__")[0][2:]}"'.encode() not in body


async def _answered(port: int) -> Session:
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    s = Session(port, timeout=SESSION_TIMEOUT_S)
    await s.connect()
    await s.rerun()
    await s.rerun(s.click("start_mid_back_pain"))
    box = next(k for k in s.page.widgets if k.endswith("__none"))
    await s.rerun(WidgetState(id=s.page.widgets[box].id, bool_value=True))
    return s


async def _takeovers(port: int, sessions: int) -> tuple[int, int, int]:
    """Sessions rejoined by a second client holding only their (logged) id, and downloads
    still served by their address a second after their page closed."""
    taken = served = 0
    for _ in range(sessions):
        me = await _answered(port)
        url = await me.file_url("dl_answers_step")
        await me.close()
        await asyncio.sleep(1.0)
        served += (await me.fetch(url))[0] == 200
        thief = Session(port, me.query_string, timeout=SESSION_TIMEOUT_S)
        await thief.connect(me.session_id)
        await thief.rerun()
        taken += thief.session_id == me.session_id
        await thief.close()
    return sessions, taken, served


async def _kept_while_others_leave(port: int, leavers: int) -> bool:
    """Whether a person's answers are back after ``leavers`` others left the same process."""
    me = await _answered(port)
    await me.close()
    for _ in range(leavers // 30):
        tabs = [Session(port, timeout=SESSION_TIMEOUT_S) for _ in range(30)]
        await asyncio.gather(*(t.connect() for t in tabs))
        await asyncio.gather(*(t.close() for t in tabs))
    back = Session(port, me.query_string, timeout=SESSION_TIMEOUT_S)
    await back.connect(me.rejoin_id)
    await back.rerun(*me.held.values())
    body = (await back.download("dl_answers_step"))[1] if "dl_answers_step" in back.page.widgets \
        else b""
    await back.close()
    return back.session_id == me.session_id and b'"none"' in body


def _hostile_crashes() -> tuple[int, int, int]:
    """Files read, crashes, and messages over 300 characters, over both hostile corpora."""
    pathways = {corpus.EXAMPLE.id: corpus.EXAMPLE, **corpus.SHIPPED}
    files = [*corpus.CORPUS.values(), *corpus.SHIPPED_CORPUS.values()]
    crashes = long = 0
    for data in files:
        try:
            said = list(saved.loads(data, pathways).notes)
        except saved.ResumeError as e:
            said = [str(e)]
        except Exception:  # noqa: BLE001 - counted, that is the figure
            crashes += 1
            continue
        long += sum(len(m) > 300 for m in said)
    return len(files), crashes, long


def figure(quick: bool = False) -> Section:
    """Run every check against one server; the rows say what was lost or leaked."""
    sessions, walks, reconnects = (20, 2, 5) if quick else (100, 5, 20)
    section = Section(9, "Nothing lost, nothing leaked", method=METHOD)
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "server.log"
        with running(log, "--server.disconnectedSessionTTL", str(RECONNECT_TTL_S),
                     prelude=AUDIT) as server:
            tally, seconds = asyncio.run(_downloads(server, sessions, walks))
            tried, lost = asyncio.run(_reconnects(server.port, reconnects))
            attempts, taken, served = asyncio.run(_takeovers(server.port, reconnects))
            kept = asyncio.run(_kept_while_others_leave(server.port, LEAVERS))
            with contextlib.suppress(Exception):  # refused, as it should be (the audit log tells)
                asyncio.run(foreign_page(server.port))
            text = server.log_text()
    secrets = [_secret(i) for i in range(sessions + walks)]
    leaked = sum(s in text for s in secrets) + ("背" in text)
    calls = re.findall(r"AUDIT (\S+) \(?'?([^',)]*)", text)
    outside = [c for c in calls if c[1] not in LOOPBACK]
    files, crashes, long = _hostile_crashes()
    keys = [line for line in text.splitlines() if IDS.search(line)]
    section.rows += [
        Row(f"failed downloads, {sessions} sessions at once (+{walks} full walks)",
            f"{tally.failed} of {tally.tried} ({seconds:.0f} s)", "", "0",
            tally.failed == 0 and not tally.unfinished),
        Row(f"answers lost across a disconnect of 3/4 of the TTL ({reconnects} sessions)",
            f"{lost} of {tried}", "", "0", lost == 0),
        Row("typed text in the server log", f"{leaked} secrets", "", "0", leaked == 0),
        Row("outbound connections from the server", str(len(outside)), "", "0", not outside),
        Row("crashes over both reviews' hostile resume files", f"{crashes} of {files}", "", "0",
            crashes == 0),
        Row("messages over 300 characters about those files", str(long), "", "0", long == 0),
        Row(f"takeovers with a logged session id ({attempts} tries)", f"{taken} of {attempts}",
            "", "0", taken == 0),
        Row(f"downloads served by their address 1 s after their page closed ({attempts} tries)",
            f"{served} of {attempts}", "", "0", served == 0),
        Row(f"answers back after {LEAVERS} others left the same process", "yes" if kept else "no",
            "", "yes", kept),
        Row("server log lines holding a session or download id", str(len(keys)), "", "0",
            not keys),
    ]
    if tally.unfinished:
        section.notes.append(
            f"{len(tally.unfinished)} sessions did not finish within {SESSION_TIMEOUT_S:.0f} s "
            f"per message (the machine was too busy), so their downloads were not tried: "
            f"{sorted(set(tally.unfinished))[:3]}")
    if outside:
        section.notes.append(f"Connections seen: {sorted(set(outside))[:5]}")
    return section


if __name__ == "__main__":
    import sys

    from bench.report import render
    from bench.timing import machine, today

    print(render([figure("--quick" in sys.argv)], machine(), today(), 0.0))
