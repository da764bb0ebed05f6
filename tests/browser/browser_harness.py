"""Browser-test machinery that knows nothing of the app's pages: Chromium, the server, the disk.

Kept apart from ``conftest.py`` so each piece can be unit-tested without a browser
(see ``test_harness.py``).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from testing import server
from testing.browser import find_chromium

MISSING = (
    "Chromium not found: install Debian's chromium (apt-get install -y chromium) "
    "to run the browser tests"
)


# --- Chromium: run, skip or fail ---------------------------------------------------------------


@dataclass(frozen=True)
class ChromiumStatus:
    """What to do about the browser tests: ``run`` (with ``path``), ``skip`` or ``fail``."""

    action: str
    path: str | None = None
    message: str = ""


def chromium_status(
    env: Mapping[str, str], which: Callable[[str], str | None] = find_chromium
) -> ChromiumStatus:
    """Run when Chromium is there; otherwise skip locally but fail under ``CI=true``.

    CI must never pass by skipping: ``.ci/run`` installs chromium, so a missing one there is a
    broken build, not an optional extra.
    """
    path = which("chromium")
    if path:
        return ChromiumStatus("run", path)
    if env.get("CI") == "true":
        return ChromiumStatus("fail", None, f"CI=true, so the browser tests must run. {MISSING}")
    return ChromiumStatus("skip", None, MISSING)


# --- The Streamlit server ---------------------------------------------------------------------


class StreamlitServer:
    """``streamlit run app.py`` on a free loopback port, for one pathways folder.

    The server gets its own empty ``TMPDIR`` so that any temporary file it writes is caught
    by :meth:`temp_files` (the "nothing written" check).
    """

    def __init__(self, root: Path, pathways: Path, workdir: Path, name: str) -> None:
        self.root = root
        self.pathways = pathways
        self.name = name
        self.tmpdir = workdir / f"server-tmp-{name}"
        self.log_path = workdir / f"streamlit-{name}.log"
        self.port = 0
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """The app's origin, e.g. http://127.0.0.1:41234."""
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> None:
        """Start the server and wait until ``/_stcore/health`` answers ok."""
        self.tmpdir.mkdir(parents=True, exist_ok=True)
        self.port = server.free_port()
        env = {"DECISION_AID_PATHWAYS": str(self.pathways), "TMPDIR": str(self.tmpdir)}
        with open(self.log_path, "wb") as log:
            self.proc = server.start(server.streamlit_command(self.port), env, log, self.root)
        server.wait_healthy(self.url, self.proc, timeout, self.failure)

    def failure(self, what: str) -> str:
        """A message naming the server, what went wrong and where its log is, with its tail."""
        tail = self.log_tail()
        return f"Streamlit server {self.name!r} {what}. Log: {self.log_path}\n{tail}"

    def log_tail(self, lines: int = 40) -> str:
        """The last lines of the server's log."""
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def temp_files(self) -> list[Path]:
        """Everything the server has written to its own temp folder."""
        return sorted(self.tmpdir.rglob("*"))

    def stop(self) -> None:
        """Terminate the server and wait for it; kill it if it does not stop."""
        server.stop(self.proc)


# --- Nothing written --------------------------------------------------------------------------

SKIP_DIRS = frozenset(
    {".git", ".venv", "__pycache__", ".pytest_cache", ".hypothesis", ".mypy_cache", ".ruff_cache"}
)
SKIP_FILES = frozenset({".coverage"})
Snapshot = dict[str, tuple[int, int]]


def tree_snapshot(root: Path) -> Snapshot:
    """(size, mtime_ns) of every file under ``root`` the server could touch, by relative path.

    Caches written by the test tools themselves (pytest, coverage, hypothesis, bytecode) are
    left out; they are not the server's doing.
    """
    out: Snapshot = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS]
        for f in filenames:
            if f in SKIP_FILES or f.startswith(".coverage."):
                continue
            p = Path(dirpath) / f
            try:
                st = p.stat()
            except OSError:  # vanished while walking
                continue
            out[str(p.relative_to(root))] = (st.st_size, st.st_mtime_ns)
    return out


def snapshot_changes(before: Snapshot, after: Snapshot) -> list[str]:
    """Human lines for every file added, removed or changed between two snapshots."""
    lines = [f"added {p}" for p in sorted(after.keys() - before.keys())]
    lines += [f"removed {p}" for p in sorted(before.keys() - after.keys())]
    lines += [f"changed {p}" for p in sorted(before.keys() & after.keys()) if before[p] != after[p]]
    return lines


# Entries the test run itself (browser, Playwright driver, pytest) creates in the system temp
# folder. The server cannot hide behind these: its own TMPDIR is a separate, checked folder.
TEST_TOOL_PREFIXES = (
    ".org.chromium.",
    "org.chromium.",
    "playwright",
    "pytest-of-",
    "decision-aid-e2e",
    ".com.google.Chrome",
    "scoped_dir",
)


def temp_listing(tmp: Path, ignore: Iterable[str] = TEST_TOOL_PREFIXES) -> set[str]:
    """Names at the top of the system temp folder, minus those the test tools make."""
    prefixes = tuple(ignore)
    try:
        names = os.listdir(tmp)
    except OSError:
        return set()
    return {n for n in names if not n.startswith(prefixes)}


# --- Privacy ------------------------------------------------------------------------------------


def foreign_urls(urls: Iterable[str], origin: str) -> list[str]:
    """Every URL that does not go to the app's own origin (data: and blob: URLs are local)."""
    ws_origin = origin.replace("http://", "ws://", 1).replace("https://", "wss://", 1)
    own = (origin + "/", ws_origin + "/")
    return sorted(
        {
            u
            for u in urls
            if not (
                u.startswith(own) or u in (origin, ws_origin) or u.startswith(("data:", "blob:"))
            )
        }
    )
