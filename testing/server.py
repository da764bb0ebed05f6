"""A Streamlit server for tests and benchmarks: a free port, the command, start, wait, stop.

The project's ``.streamlit/config.toml`` applies (the server runs from the repository root);
the command adds only what a test or benchmark needs: loopback, a port, headless, no usage
statistics, no file watcher.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A loopback port nobody is listening on (the OS picks it when binding port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def options(port: int) -> list[str]:
    """The ``streamlit run`` options of a test or benchmark server: loopback ``port``,
    headless, no usage statistics, no file watcher."""
    return [
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip


def streamlit_command(port: int, script: str | Path = "app.py") -> list[str]:
    """``streamlit run`` of ``script`` with the test ``options``."""
    return [sys.executable, "-m", "streamlit", "run", str(script), *options(port)]


def start(
    command: list[str],
    env: Mapping[str, str] | None = None,
    log: IO[bytes] | int = subprocess.DEVNULL,
    cwd: Path = ROOT,
) -> subprocess.Popen[bytes]:
    """Start a server process (from the repository root, so its config applies), with ``env``
    added to this process's environment."""
    return subprocess.Popen(
        command,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )


def wait_healthy(
    url: str,
    process: subprocess.Popen[bytes] | None = None,
    timeout: float = 60.0,
    explain: Callable[[str], str] = str,
) -> None:
    """Wait until ``url``'s ``/_stcore/health`` answers ok; raise RuntimeError if ``process``
    exits first or the time runs out (``explain`` turns what happened into the message)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(explain(f"exited with code {process.returncode}"))
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.02)  # the cold-start benchmark times this wait too
    raise RuntimeError(explain(f"did not answer /_stcore/health within {timeout} s"))


def stop(process: subprocess.Popen[bytes] | None, timeout: float = 10.0) -> None:
    """Terminate the server and wait for it; kill it if it does not stop."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=timeout)


@contextlib.contextmanager
def serving(
    script: str | Path = "app.py", env: Mapping[str, str] | None = None
) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    """``streamlit run`` of ``script`` on a free port, healthy, for a ``with`` block."""
    port = free_port()
    process = start(streamlit_command(port, script), env)
    try:
        wait_healthy(f"http://127.0.0.1:{port}", process)
        yield port, process
    finally:
        stop(process)
