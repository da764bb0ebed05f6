"""A Streamlit WebSocket client for tests and benchmarks: the app driven as a browser drives it.

It speaks Streamlit 1.67's protobuf protocol over the WebSocket the way the browser does:
``rerun`` sends a BackMsg with the widgets that changed and reads ForwardMsgs until the run
ends; ``download`` fetches a download button's file like a click does (a deferred file is
first asked for with a backend operation, as the browser does). Widgets are found by their key.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates

from testing import server

PYTHON = sys.executable
TIMEOUT_S = 60.0


@dataclass
class Server:
    """A running app server (``python -m decision_aid_ui``) and where its log goes."""

    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        server.stop(self.process)


def start_server(log: Path, *options: str, port: int | None = None,
                 prelude: str = "", env: dict[str, str] | None = None) -> Server:
    """Start the app on loopback and wait until it is healthy.

    ``prelude`` is Python run in the server process first (a test's audit hook, say).
    """
    port = port or server.free_port()
    code = f"{prelude}\nimport runpy, sys\nrunpy.run_module('decision_aid_ui', run_name='__main__')"
    args = [PYTHON, "-c", code, *server.options(port), "--global.developmentMode", "false",
            *options]
    with log.open("ab") as out:
        started = Server(port, server.start(args, env, out), log)
    try:
        server.wait_healthy(started.url, started.process, TIMEOUT_S,
                            lambda what: f"the server {what}:\n{started.log_text()[-3000:]}")
    except RuntimeError:
        started.stop()
        raise
    return started


@contextmanager
def running(log: Path, *options: str, **kwargs: Any) -> Iterator[Server]:
    """A server for the duration of a ``with`` block."""
    started = start_server(log, *options, **kwargs)
    try:
        yield started
    finally:
        started.stop()


@dataclass
class Page:
    """What the last run drew: elements by widget/container key, texts, and any exception."""

    widgets: dict[str, Any] = field(default_factory=dict)
    blocks: set[str] = field(default_factory=set)
    texts: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    query_string: str = ""


_TAB_KEY = re.compile(r'data-aid-tab="([0-9a-f.-]+)"')
"""Where the page carries the session's rejoin id (decision_aid_ui/page_scripts.py)."""


def _key_of(element_id: str) -> str | None:
    # Keyed ids look like "$$ID-<hash>-<key>".
    parts = element_id.split("-", 2)
    return parts[2] if element_id.startswith("$$ID-") and len(parts) == 3 else None


class Session:
    """One browser tab's worth of protocol, on one WebSocket."""

    def __init__(self, port: int, query_string: str = "", timeout: float = TIMEOUT_S,
                 cookie: str = "") -> None:
        self.port = port
        self.timeout = timeout
        self.cookie = cookie
        """Sent with every request, as a browser does (behind nginx: its route cookie)."""
        self.query_string = query_string
        self.session_id = ""
        self.rejoin_id = ""
        """What the tab sends to rejoin its session: the id and the tab key the page holds."""
        self.page = Page()
        self.held: dict[str, WidgetState] = {}
        """The widget values this tab holds, as the browser keeps them between runs."""
        self._ws: Any = None
        self._request = 0

    async def connect(self, session_id: str = "") -> None:
        """Open the WebSocket; with ``session_id`` ask to rejoin that session (a browser sends
        its ``rejoin_id``: the id alone gets a new session)."""
        protocols = ["streamlit", "none", *([session_id] if session_id else [])]
        self._ws = await websockets.connect(
            f"ws://127.0.0.1:{self.port}/_stcore/stream",
            subprotocols=protocols,  # type: ignore[arg-type]
            additional_headers={"Cookie": self.cookie} if self.cookie else None,
            # No client pings: the browser sends none, and under load a late pong closes it.
            max_size=None, open_timeout=self.timeout, ping_interval=None)

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()

    async def closed(self) -> int | None:
        """Read until the server closes the WebSocket (when it shuts down, say); its close
        code."""
        with contextlib.suppress(websockets.ConnectionClosed):
            while True:
                await self._ws.recv()
        return self._ws.close_code  # type: ignore[no-any-return]

    async def rerun(self, *states: WidgetState) -> Page:
        """Send a rerun with the held values and these changed ones; return what it drew."""
        for state in states:
            if not state.HasField("trigger_value"):
                self.held[state.id] = state
        triggers = [s for s in states if s.HasField("trigger_value")]
        msg = BackMsg(rerun_script=ClientState(
            query_string=self.query_string,
            widget_states=WidgetStates(widgets=[*self.held.values(), *triggers]),
        ))
        await self._ws.send(msg.SerializeToString())
        page = Page()
        while True:
            fwd = await self._receive()
            kind = fwd.WhichOneof("type")
            if kind == "new_session":
                self.session_id = fwd.new_session.initialize.session_id
            elif kind == "delta":
                self._read_delta(fwd, page)
            elif kind == "page_info_changed":
                self.query_string = fwd.page_info_changed.query_string
            elif kind == "script_finished":
                if fwd.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    page = Page()  # another run follows at once: its page is the one drawn
                    continue
                self.rejoin_id = next((m.group(1) for t in page.texts
                                       if (m := _TAB_KEY.search(t))), self.rejoin_id)
                self.page = page
                page.query_string = self.query_string
                return page

    async def _receive(self) -> ForwardMsg:
        fwd = ForwardMsg()
        fwd.ParseFromString(await asyncio.wait_for(self._ws.recv(), self.timeout))
        return fwd

    @staticmethod
    def _read_delta(fwd: ForwardMsg, page: Page) -> None:
        delta = fwd.delta
        if delta.WhichOneof("type") == "add_block":
            key = _key_of(delta.add_block.id)
            if key:
                page.blocks.add(key)
            return
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind is None:
            return
        body = getattr(element, kind)
        if kind == "exception":
            page.exceptions.append(f"{body.type}: {body.message}")
        for attr in ("body", "label", "message"):
            value = getattr(body, attr, None)
            if isinstance(value, str) and value:
                page.texts.append(value)
        key = _key_of(getattr(body, "id", "") or "")
        if key:
            page.widgets[key] = body

    def click(self, key: str) -> WidgetState:
        """The widget state of pressing the button with this key (for Next and Back, the one
        drawn for the current step: ``nav_next__<step>``)."""
        key = next((k for k in self.page.widgets if k.startswith(f"{key}__")), key)
        return WidgetState(id=self.page.widgets[key].id, trigger_value=True)

    async def download(self, key: str) -> tuple[int, bytes]:
        """Fetch the file of a download button as a click does: (HTTP status, body)."""
        return await self.fetch(await self.file_url(key))

    async def file_url(self, key: str) -> str:
        """What a click on a download button does first: find its file's address."""
        button = self.page.widgets[key]
        if not button.url and button.deferred_file_id:
            return await self._deferred_url(button.deferred_file_id)
        return str(button.url)

    async def fetch(self, url: str) -> tuple[int, bytes]:
        """What the browser does next: GET the file (HTTP status, body)."""
        return await asyncio.to_thread(_get, f"http://127.0.0.1:{self.port}{url}", self.cookie)

    async def _deferred_url(self, file_id: str) -> str:
        self._request += 1
        msg = BackMsg()
        op = msg.backend_operation_request
        op.request_id = str(self._request)
        op.session_id = self.session_id
        op.deferred_file.file_id = file_id
        await self._ws.send(msg.SerializeToString())
        while True:
            fwd = await self._receive()
            if fwd.WhichOneof("type") == "backend_operation_response":
                return str(fwd.backend_operation_response.deferred_file.url)


@contextmanager
def crowd(port: int, people: int, pace_s: float = 0.0) -> Iterator[None]:
    """``people`` other tabs on the app at ``port`` rerunning their start page, each every
    ``pace_s`` seconds (0: one run after another), in a thread, until the block ends."""
    stop = threading.Event()

    async def one() -> None:
        s = Session(port)
        await s.connect()
        while not stop.is_set():
            await s.rerun()
            await asyncio.sleep(pace_s)
        await s.close()

    async def everyone() -> None:
        await asyncio.gather(*(one() for _ in range(people)), return_exceptions=True)

    thread = threading.Thread(target=lambda: asyncio.run(everyone()), daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=60)


async def foreign_page(port: int, origin: str = "http://evil.example") -> None:
    """What a page on another site does: open the app's WebSocket with its own ``Origin`` and
    read. Streamlit refuses it, so this raises (InvalidStatus or ConnectionClosed)."""
    async with websockets.connect(f"ws://127.0.0.1:{port}/_stcore/stream", origin=origin) as ws:
        await ws.recv()


def cookies(port: int) -> str:
    """The cookies a browser holds after its first request (behind nginx: the route cookie
    that keeps it on one replica), as a Cookie header."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=TIMEOUT_S) as r:
        r.read()
        return "; ".join(v.split(";", 1)[0] for k, v in r.getheaders() if k.lower() == "set-cookie")


def _get(url: str, cookie: str = "") -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as r:
            return int(r.status), bytes(r.read())
    except urllib.error.HTTPError as e:
        return int(e.code), b""


# --- a walk through a pathway, chosen by the engine ---------------------------------------------


def answer_states(session: Session, pathway: Any, q: Any, value: Any) -> list[WidgetState]:
    """The widget states that give question ``q`` this answer on the page drawn last, one per
    click (a multiple-choice answer ticks one box per choice)."""
    from decision_aid_ui import widgets

    if q.kind == "multiple":
        # Some choices have no box of their own: the warning-sign screen's one "None of these"
        # (ticked once) and carrying on as now, which the comparison always shows.
        boxes = [(c, widgets.choice_key(q.id, c)) for c in value]
        drawn = [k for c, k in boxes if k in session.page.widgets]
        return [WidgetState(id=session.page.widgets[k].id, bool_value=True) for k in drawn]
    proto = session.page.widgets[widgets.key(q.id)]
    if q.kind == "text":
        return [WidgetState(id=proto.id, string_value=value)]
    labels = {c.id: c.label for c in pathway.choices(q)} if q.kind == "single" else {}
    if labels.get(value) in proto.options:  # a radio may offer some choices only (the leaning)
        return [WidgetState(id=proto.id, string_value=labels[value])]
    return [WidgetState(id=proto.id, string_value=proto.options[_choices(pathway, q).index(value)])]


def _choices(pathway: Any, q: Any) -> list[Any]:
    if q.kind == "yes_no":
        return [True, False]
    if q.kind == "scale":
        return list(range(q.min, q.max + 1))
    return [c.id for c in pathway.choices(q)]


async def walk(session: Session, pathway: Any, text: str,
               each_step: Any = None) -> dict[str, Any]:
    """Start ``pathway``, answer every question (typing ``text`` in text boxes), press Next
    until the summary; ``each_step(session)`` is awaited on every step. Returns the answers."""
    from decision_aid.path import step_after, visible_questions
    from testing.answers import safe_answer

    await session.rerun(session.click(f"start_{pathway.id}"))
    answers: dict[str, Any] = {}
    step = pathway.steps[0]
    while step.kind != "summary":
        for q in visible_questions(pathway, step, answers):
            value = safe_answer(pathway, q, answers, text)
            for state in answer_states(session, pathway, q, value):
                await session.rerun(state)
            answers[q.id] = value
        if each_step is not None:
            await each_step(session)
        await session.rerun(session.click("nav_next"))
        step = pathway.steps_by_id[step_after(pathway, answers, step.id) or step.id]
    return answers
