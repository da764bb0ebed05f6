"""The comparison page's rerun against its floor, alone: ``python -m bench.compare_page``.

The same measurement as figure 1 (``bench.apptest.rerun``), limited to the compare step, so
the grid's cost can be checked without running every benchmark.
"""

from __future__ import annotations

import sys

from bench import apptest, walks
from bench.report import Section


def figure(repeat: int = 15) -> Section:
    """Figure 1's row for the compare page of the main pathway."""
    return apptest.rerun(walks.pathway_files(), repeat, kinds=("compare",))


if __name__ == "__main__":
    section = figure(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
    for row in section.rows:
        print(" | ".join(str(x) for x in (row.figure, row.value, row.ratio, row.goal, row.met)))
    for note in section.notes:
        print(note)
