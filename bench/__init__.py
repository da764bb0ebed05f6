"""Benchmarks for the decision aid (issue 7): run ``python -m bench`` (or ``make bench``).

Each figure is a median over repeated runs; ratios are measured side by side in the same
process, interleaved, so a busy shared machine slows both sides alike. The run writes
``BENCHMARKS.md``. Nothing here is imported by the app or asserted on time in the tests.
"""
