"""The shared sources library: each source written once, used by id, located in its own file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from decision_aid import load
from decision_aid.cli import main
from decision_aid.errors import PathwayError
from decision_aid.rules import evidence_lint

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = ROOT / "pathways" / "shared" / "sources.yaml"
SHIPPED = sorted(ROOT.glob("pathways/*.yaml"))
EXAMPLE = ROOT / "tests" / "fixtures" / "example.yaml"


def _uses_library(extra: str = "", ids: str = "nice_ng59, who_2023") -> str:
    """The example pathway citing two library sources besides its own two."""
    text = EXAMPLE.read_text(encoding="utf-8")
    block = f"library:\n  include: shared/sources.yaml\n  sources: [{ids}]\n{extra}sources:\n"
    return text.replace("sources:\n  - id: guide", block + "  - id: guide", 1)


def _copy_shared(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "pathways" / "shared", tmp_path / "shared")
    return tmp_path / "p.yaml"


def test_every_shipped_file_cites_sources_by_id_only() -> None:
    for path in [*SHIPPED, ROOT / "pathways" / "shared" / "warning-signs.yaml"]:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data.get("sources", []) == [], path  # each source lives in the library
        assert data["library"]["include"].endswith("sources.yaml")


def test_each_source_is_written_once() -> None:
    ids = [s.id for s in load.read_library(LIBRARY).sources]
    assert len(ids) == len(set(ids))
    used = {s.id for p in SHIPPED for s in load.read(p).sources}
    assert set(ids) == used  # nothing in the library that no pathway cites


def test_library_sources_come_first_then_the_files_own() -> None:
    pathway = load.from_text(_uses_library(), str(ROOT / "pathways" / "example.yaml"))
    assert [s.id for s in pathway.sources] == ["nice_ng59", "who_2023", "guide", "review"]
    assert pathway.sources_by_id["nice_ng59"].citation.startswith("National Institute")


def test_an_unknown_library_id_is_located_in_the_file_that_names_it() -> None:
    text = _uses_library(ids="nice_ng59, nice_ng999")
    with pytest.raises(PathwayError) as info:
        load.from_text(text, str(ROOT / "pathways" / "example.yaml"))
    (problem,) = info.value.problems
    assert problem.line == text.splitlines().index("  sources: [nice_ng59, nice_ng999]") + 1
    assert "'nice_ng999' is not in the sources library 'shared/sources.yaml'" in problem.message


def test_a_missing_library_is_located_at_its_include() -> None:
    text = _uses_library().replace("include: shared/sources.yaml", "include: shared/nope.yaml")
    with pytest.raises(PathwayError) as info:
        load.from_text(text, str(ROOT / "pathways" / "example.yaml"))
    (problem,) = info.value.problems
    assert problem.line == text.splitlines().index("  include: shared/nope.yaml") + 1
    assert "cannot use the sources library 'shared/nope.yaml'" in problem.message


def test_an_own_source_that_is_also_in_the_library_is_an_error() -> None:
    text = _uses_library(ids="nice_ng59").replace("  - id: guide", "  - id: nice_ng59", 1)
    text = text.replace("sources: [guide]", "sources: [nice_ng59]")
    with pytest.raises(PathwayError) as info:
        load.from_text(text, str(ROOT / "pathways" / "example.yaml"))
    assert any("nice_ng59" in p.message for p in info.value.problems)


def test_a_screen_may_still_list_its_own_extra_sources(tmp_path: Path) -> None:
    """A screen (or pathway) written before the library keeps working: own sources are merged
    after the library's; moving them into the library is the clean-up."""
    path = _copy_shared(tmp_path)
    screen = tmp_path / "shared" / "warning-signs.yaml"
    extra = (
        "sources:\n  - id: nhs_extra\n    citation: NHS. Extra page.\n    year: 2026\n"
        "    url: https://www.nhs.uk/conditions/extra/\n    kind: patient_information\n"
    )
    text = screen.read_text(encoding="utf-8").replace("tiers:\n", extra + "tiers:\n", 1)
    screen.write_text(text, encoding="utf-8")
    main_text = (ROOT / "pathways" / "tens.yaml").read_text(encoding="utf-8")
    pathway = load.from_text(main_text, str(path))
    assert "nhs_extra" in pathway.sources_by_id
    assert "nhs_back_pain" in pathway.sources_by_id  # the screen's library sources too
    assert "nhs_extra" in {s.id for s in load.read_shared(screen).sources}


def test_a_lint_on_a_library_source_names_the_library_file_and_line(tmp_path: Path) -> None:
    path = _copy_shared(tmp_path)
    library = tmp_path / "shared" / "sources.yaml"
    text = library.read_text(encoding="utf-8").replace(
        "    authors: Hayes C, Jordan MS, Hodson FJ, Ritchard L\n", "", 1
    )
    library.write_text(text, encoding="utf-8")
    main_text = (ROOT / "pathways" / "mid-back-pain.yaml").read_text("utf-8")
    loaded = load.load_text(main_text, str(path))
    problems = loaded.locate(evidence_lint.source_issues(loaded.pathway))
    [problem] = [p for p in problems if "hayes_2012" in p.message]
    assert problem.source == str(library)
    assert problem.line == text.splitlines().index("  - id: hayes_2012") + 1
    assert problem.message == "source 'hayes_2012': has no authors. Add it from the source itself."


def test_validate_reports_a_library_problem_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(ROOT / "pathways", tmp_path / "pathways")
    library = tmp_path / "pathways" / "shared" / "sources.yaml"
    text = library.read_text(encoding="utf-8").replace(
        "    authors: Shepherd HL, et al.\n", "", 1
    )
    library.write_text(text, encoding="utf-8")
    assert main(["validate", str(tmp_path / "pathways"), "--today", "2026-12-07"]) == 1
    out = capsys.readouterr().out
    line = f"{library}:{text.splitlines().index('  - id: shepherd_2011') + 1}:"
    assert out.count("source 'shepherd_2011': has no authors") == 1
    assert line in out


def test_the_library_is_not_a_pathway() -> None:
    assert load.is_library(LIBRARY) and not load.is_library(SHIPPED[0])
    with pytest.raises(PathwayError, match="shared sources library, not a pathway"):
        load.read(LIBRARY)


def test_validate_warns_about_a_library_source_nobody_cites(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(ROOT / "pathways", tmp_path / "pathways")
    library = tmp_path / "pathways" / "shared" / "sources.yaml"
    text = library.read_text(encoding="utf-8")
    extra = (
        "  - id: spare\n    authors: Spare A\n    title: A spare paper\n    published_in: J 2020\n"
        "    year: 2020\n    doi: 10.5555/spare\n    kind: trial\n"
    )
    library.write_text(text + extra, encoding="utf-8")
    assert main(["validate", str(library), "--today", "2026-12-07"]) == 0
    out = capsys.readouterr().out
    line = len(text.splitlines()) + 1
    assert f"{library}:{line}:" in out
    assert "source 'spare' is in the library but no pathway or shared file cites it" in out
