"""Run every benchmark and write BENCHMARKS.md: ``python -m bench [--quick] [--out FILE]``."""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from bench import (
    apptest,
    browser,
    capacity,
    downloads,
    effort,
    engine,
    planned,
    save_after_typing,
    walks,
)
from bench.report import Row, Section, render
from bench.timing import machine, today


def _guard(number: int, title: str, run: Callable[[], Section]) -> Section:
    # One broken figure (e.g. the app mid-edit) must not lose the others.
    print(f"figure {number}: {title} ...", file=sys.stderr, flush=True)
    try:
        return run()
    except Exception as e:  # noqa: BLE001
        traceback.print_exc()
        section = Section(number, title, method="This figure failed during the run.")
        section.rows.append(Row(title, f"failed: {type(e).__name__}: {e}"[:200]))
        return section


def main(argv: list[str] | None = None) -> int:
    """Run the figures and write the report."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="few repeats, small sizes")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium figure")
    parser.add_argument("--out", type=Path, default=walks.ROOT / "BENCHMARKS.md")
    args = parser.parse_args(argv)
    repeat = 3 if args.quick else 15
    sizes = (100, 1000) if args.quick else (100, 1000, 10_000)
    files = walks.pathway_files()
    where, when, started = machine(), today(), time.perf_counter()
    sections = [
        _guard(1, "Rerun cost vs floor", lambda: apptest.rerun(files, repeat)),
        _guard(2, "Engine", lambda: engine.engine(files, repeat)),
        _guard(3, "Scaling", lambda: engine.scaling(sizes, 1 if args.quick else 3)),
        _guard(4, "Exports", lambda: engine.exports(files, repeat)),
        _cold(args.no_browser, 1 if args.quick else 3),
        _guard(6, "Memory", lambda: apptest.memory(files, 3 if args.quick else 20)),
        _guard(7, "Patient effort", lambda: effort.figure(files)),
        _walks(args.no_browser, files),
        _guard(9, "Nothing lost, nothing leaked", lambda: downloads.figure(args.quick)),
        _saves(args.no_browser, args.quick),
        _guard(10, capacity.TITLE, lambda: capacity.figure(45 if args.quick else 90)),
        _guard(11, planned.TITLE, lambda: _planned(args.quick)),
    ]
    text = render(sections, where, when, time.perf_counter() - started)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


def _planned(quick: bool) -> Section:
    # The goal's loads (issue 27): 150 people on one process and 300 on two behind nginx, 180 s
    # each; --quick runs 30 people on one process for 60 s.
    if quick:
        return planned.figure(((30, 1),), 60)
    return planned.figure(((planned.PEOPLE, 1), (2 * planned.PEOPLE, 2)), 180)


def _cold(skip: bool, repeat: int) -> Section:
    if skip:
        section = Section(5, "Cold start", method=browser.METHOD)
        section.rows.append(Row("app start page vs hello world", "skipped (--no-browser)"))
        return section
    return _guard(5, "Cold start", lambda: browser.cold_start(repeat))


def _saves(skip: bool, quick: bool) -> Section:
    if skip:
        section = Section(9, "Nothing lost: a save straight after typing",
                          method=save_after_typing.METHOD)
        section.rows.append(Row("saves after typing", "skipped (--no-browser)"))
        return section
    return _guard(9, "Save straight after typing", lambda: save_after_typing.figure(quick))


def _walks(skip: bool, files: list[Path]) -> Section:
    from bench.engine import main_pathway

    if skip:
        section = Section(8, "Patient walk in the browser", method=browser.WALK_METHOD)
        section.rows.append(Row("walks", "skipped (--no-browser)"))
        return section
    return _guard(8, "Patient walk", lambda: browser.patient_walks(main_pathway(files)))


if __name__ == "__main__":
    raise SystemExit(main())
