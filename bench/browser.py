"""Figure 5: cold start in headless Chromium, against a hello-world app started the same way."""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from bench import walks
from bench.report import Row, Section

APP = walks.ROOT / "app.py"
HELLO = 'import streamlit as st\n\nst.markdown("Hello, world")\n'
MAX_RATIO = 1.3
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
# Rendered: the script has finished its run and drawn at least one Markdown block.
_RENDERED = (
    "() => document.querySelector(\"[data-testid='stApp'][data-test-script-state='notRunning']\")"
    " && document.querySelector(\"[data-testid='stMarkdownContainer']\")"
)
METHOD = (
    "Wall time from starting `python -m streamlit run <script> --server.headless true "
    "--browser.gatherUsageStats false --server.fileWatcherType none` on a free loopback port "
    "to the first page rendered in headless Chromium (Debian's, driven by Playwright): the "
    "health endpoint answers, the page loads, and `stApp` reports script state `notRunning` "
    "with content drawn. For the app this is its start page (the first screen a person sees), "
    "which loads the pathways. Chromium is launched once beforehand; each run gets a new "
    "browser context and a new server. App and hello world alternate; medians."
)


def chromium() -> str | None:
    """The Chromium executable, or None."""
    return shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )


def cold_start(repeat: int) -> Section:
    """Figure 5, or a row saying why it was skipped."""
    s = Section(5, "Cold start", method=METHOD)
    exe = chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        exe = None
    if exe is None:
        s.rows.append(
            Row("app vs hello world", "skipped: no Chromium or Playwright", goal=f"<= {MAX_RATIO}")
        )
        return s
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        hello = Path(tmp) / "hello.py"
        hello.write_text(HELLO, encoding="utf-8")
        browser = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        try:
            times: dict[str, list[float]] = {"app": [], "hello": []}
            for _ in range(repeat):
                times["app"].append(_one(browser, APP))
                times["hello"].append(_one(browser, hello))
        finally:
            browser.close()
    app, base = (statistics.median(times[k]) for k in ("app", "hello"))
    s.rows.append(
        Row(
            "app start page vs hello world",
            f"{app:.2f} s vs {base:.2f} s",
            f"{app / base:.2f}",
            f"<= {MAX_RATIO}",
            app / base <= MAX_RATIO,
        )
    )
    if app / base > MAX_RATIO:
        s.notes.append(_why(app - base))
    return s


_IMPORTS = """
import sys, time
start = time.perf_counter()
import streamlit
streamlit_done = time.perf_counter()
import decision_aid_ui.about, decision_aid_ui.start, decision_aid_ui.wizard
from decision_aid_ui import catalog
modules_done = time.perf_counter()
catalog._load(sys.argv[1])
print(streamlit_done - start, modules_done - streamlit_done, time.perf_counter() - modules_done)
"""


def _why(extra: float) -> str:
    # What the app does at start that hello world does not, each timed in a fresh process.
    folder = str(walks.pathway_files()[0].parent)
    runs = []
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", _IMPORTS, folder],
            capture_output=True,
            text=True,
            check=True,
            cwd=walks.ROOT,
        )
        runs.append(tuple(float(x) for x in out.stdout.split()[-3:]))
    _, modules, load = sorted(runs)[1]
    return (
        f"Cold start misses its goal: the app's first page takes {extra:.2f} s longer than "
        f"hello world. In a fresh process, importing the app's modules beyond Streamlit "
        f"(pydantic, PyYAML, the engine, the UI modules) takes {modules:.2f} s and loading and "
        f"checking the pathways {load:.2f} s (once per server, then `st.cache_resource`); the "
        "rest is the larger first page (more elements to run, send and draw) and variance: "
        "on this shared machine both sides swing by seconds between runs, and the ratio has "
        "ranged from about 1.15 to 1.55 between full runs."
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _one(browser: Any, script: Path) -> float:
    port = _free_port()
    env = dict(os.environ, DECISION_AID_PATHWAYS=str(walks.pathway_files()[0].parent))
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
    ]
    start = time.perf_counter()
    server = subprocess.Popen(
        command, cwd=walks.ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    context = browser.new_context()
    try:
        _wait_healthy(port, server)
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{port}/", timeout=60_000)
        page.wait_for_function(_RENDERED, timeout=60_000, polling=20)
        return time.perf_counter() - start
    finally:
        context.close()
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _wait_healthy(port: int, server: subprocess.Popen[bytes], limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {server.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1):
                return
        except OSError:
            time.sleep(0.02)
    raise RuntimeError("streamlit did not answer within a minute")
