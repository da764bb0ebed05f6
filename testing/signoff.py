"""Signing a copy of the shipped pathways as one clinician would, through the reviewer pack.

Used by the sign-off tests of the engine (``tests/test_signoff.py``) and of the app
(``tests/test_signoff_app.py``).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from decision_aid.cli import main
from decision_aid.review import pack

MAIN = "mid-back-pain.yaml"
SCREEN = "shared/warning-signs.yaml"
CLINICIAN = "Dr Ada Example"
DECLARED = ["--name", CLINICIAN, "--role", "GP", "--credentials", "MB ChB, GMC 0000000",
            "--organisation", "Example Practice", "--interests", "None declared",
            "--date", "2027-01-05"]


def sign_everything(folder: Path) -> None:
    """Mark every row of the main pathway's reviewer pack "agree" and import it as
    ``CLINICIAN``'s sign-off (the pack is written beside ``folder``)."""
    pack_csv = folder.parent / "pack.csv"
    assert main(["review", str(folder / MAIN), "--format", "csv", "--output", str(pack_csv)]) == 0
    rows = list(csv.DictReader(io.StringIO(pack_csv.read_text(encoding="utf-8-sig"))))
    for row in rows:
        row["decision"] = "agree"
    write_pack(pack_csv, rows)
    assert main(["review", str(folder / MAIN), "--import", str(pack_csv), *DECLARED]) == 0


def write_pack(path: Path, rows: list[dict[str, str]]) -> None:
    """Write reviewer-pack rows as the CSV a reviewer sends back."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=pack.COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
