"""A guard that turns a hang into a test failure (used by the fuzz tests)."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class Hang(AssertionError):
    """Work ran past its time limit."""


@contextmanager
def time_limit(seconds: float, what: str) -> Iterator[None]:
    """Raise Hang if the block runs longer than ``seconds`` (SIGALRM, main thread only)."""

    def alarm(signum: int, frame: Any) -> None:
        raise Hang(f"{what} took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
