"""Real-browser tests: start ``streamlit run app.py`` and drive it in Debian's Chromium.

Without Chromium the tests are skipped with a message, except under ``CI=true`` where they fail:
CI must never pass by skipping them. One server per pathways folder and one browser per session;
a new browser context (fresh cookies and storage: a new patient) per test.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from browser_harness import StreamlitServer, chromium_status

from testing.browser import DESKTOP, LAUNCH_ARGS, Patient

ROOT = Path(__file__).resolve().parents[2]
PATHWAYS = ROOT / "pathways"
EXAMPLE = ROOT / "tests" / "fixtures" / "example.yaml"

STARTED: list[StreamlitServer] = []
"""Every server started this session: a failing test's report shows their logs."""
_run_dir: list[Path] = []


def shipped_pathways() -> list[str]:
    """Ids (file stems) of the pathways the app ships, for parametrizing."""
    return sorted(p.stem for p in PATHWAYS.glob("*.yaml"))


# --- Session: Chromium, the run folder, servers, the browser -------------------------------------


@pytest.fixture(scope="session")
def chromium() -> str:
    """The Chromium executable; skips (locally) or fails (CI=true) when it is missing."""
    status = chromium_status(os.environ)
    if status.action == "fail":
        pytest.fail(status.message, pytrace=False)
    if status.action == "skip":
        pytest.skip(status.message)
    assert status.path
    return status.path


RUN_DIR_ENV = "DECISION_AID_E2E_RUN"
"""Set by the first pytest process (with ``-n``, the controller): its workers inherit it."""


def pytest_configure(config: pytest.Config) -> None:
    # One folder per run, named where the terminal summary is written (with pytest-xdist, the
    # controller); each worker keeps its own subfolder in it.
    if RUN_DIR_ENV not in os.environ:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        folder = Path(tempfile.gettempdir()) / "decision-aid-e2e" / f"{stamp}-{os.getpid()}"
        os.environ[RUN_DIR_ENV] = str(folder)
        _run_dir[:] = [folder]


@pytest.fixture(scope="session")
def run_dir() -> Path:
    """This run's folder under the system temp dir: screenshots, server logs, server temp
    (with ``-n``, one subfolder per worker)."""
    path = Path(os.environ[RUN_DIR_ENV]) / os.environ.get("PYTEST_XDIST_WORKER", "main")
    (path / "screens").mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def servers(chromium: str, run_dir: Path) -> Iterator[Callable[[str], StreamlitServer]]:
    """``servers("main")`` for pathways/, ``servers("example")`` for the fixture pathway.

    Each is started on first use and stopped when the session ends.
    """
    cache: dict[str, StreamlitServer] = {}

    def get(name: str) -> StreamlitServer:
        if name not in cache:
            server = StreamlitServer(ROOT, _pathways_folder(name, run_dir), run_dir, name)
            STARTED.append(server)
            cache[name] = server
            server.start()
        return cache[name]

    yield get
    for server in cache.values():
        server.stop()


def _pathways_folder(name: str, run_dir: Path) -> Path:
    if name == "main":
        return PATHWAYS
    # A folder with only the example: tests/fixtures may also hold deliberately broken files.
    folder = run_dir / "pathways-example"
    folder.mkdir(exist_ok=True)
    shutil.copy(EXAMPLE, folder / EXAMPLE.name)
    return folder


@pytest.fixture(scope="session")
def browser(chromium: str) -> Iterator[object]:
    """One Chromium for the whole session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture
def patient(
    browser: object,
    servers: Callable[[str], StreamlitServer],
    run_dir: Path,
    request: pytest.FixtureRequest,
) -> Iterator[Callable[..., Patient]]:
    """``patient("main", viewport=PHONE)``: a new browser context on the app, as a Patient.

    Every request the page makes is recorded on the Patient, for the privacy checks.
    """
    made: list[Patient] = []

    def make(
        server_name: str = "main",
        viewport: tuple[int, int] = DESKTOP,
        label: str | None = None,
        **context_args: object,
    ) -> Patient:
        server = servers(server_name)
        name = label or request.node.name
        shots = run_dir / "screens" / _safe(name)
        p = Patient.open(browser, server, viewport, shots, **context_args)
        made.append(p)
        return p

    yield make
    for p in made:
        p.close()


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in name).strip("_")


# --- Reporting ----------------------------------------------------------------------------------


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if report.failed and STARTED:
        for server in STARTED:
            report.sections.append(
                (
                    f"streamlit server {server.name!r}",
                    f"log: {server.log_path}\n{server.log_tail()}",
                )
            )


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    # Asked again here: with -n, the skip happened in a worker, and this runs in the controller.
    status = chromium_status(os.environ)
    if status.action == "skip":
        terminalreporter.write_sep("-", "browser tests skipped")
        terminalreporter.write_line(status.message)
    if _run_dir and _run_dir[0].exists():
        terminalreporter.write_sep("-", "browser tests")
        terminalreporter.write_line(f"screenshots and server logs: {_run_dir[0]}")
