"""Medians of repeated runs, interleaved side-by-side runs, and the machine they ran on."""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Timing:
    """Median wall-clock and CPU milliseconds of repeated runs.

    On a busy shared machine wall time also counts waiting for a CPU; the process's own CPU
    time shows how much of it is our work.
    """

    wall: float
    cpu: float

    def __str__(self) -> str:
        return f"{_ms(self.wall)} (CPU {_ms(self.cpu)})"


def _ms(value: float) -> str:
    if value >= 10:
        return f"{value:.0f} ms"
    return f"{value:.2f} ms" if value >= 0.1 else f"{value * 1000:.0f} µs"


def _timed(fn: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def _median(pairs: list[tuple[float, float]]) -> Timing:
    return Timing(statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs))


def median_ms(fn: Callable[[], object], repeat: int, warmup: int = 1) -> Timing:
    """The median time of ``repeat`` calls of ``fn`` after ``warmup`` untimed calls."""
    for _ in range(warmup):
        fn()
    return _median([_timed(fn) for _ in range(repeat)])


def side_by_side(
    fns: dict[str, Callable[[], object]], repeat: int, warmup: int = 1
) -> dict[str, Timing]:
    """Median time of each function, running them in turn (a, b, a, b, ...)."""
    for fn in fns.values():
        for _ in range(warmup):
            fn()
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            times[name].append(_timed(fn))
    return {name: _median(t) for name, t in times.items()}


def quantile(values: list[float], q: float) -> float:
    """The q-th quantile (0-1), nearest rank; NaN when there is nothing to rank."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def machine() -> str:
    """CPU count and model, Python version and the load at the start of the run."""
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            model = next(
                (ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name")), model
            )
    except OSError:
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} CPU ({model}), Python {platform.python_version()}, load average {load}"
    )


def today() -> str:
    """The date of the run (UTC)."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
