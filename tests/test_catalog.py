"""The pathway catalogue: shared by every session, out of reach of a client's "clear cache"
message, aware of files that change or vanish while the app runs, and worded for patients."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import streamlit as st

from decision_aid.load import read
from decision_aid_ui import catalog
from testing.apptest import app, no_exception, page_text, start

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "example.yaml"
EXAMPLE = read(FIXTURE)


@pytest.fixture
def folder(example_pathways: Path) -> Path:
    return example_pathways


def test_a_clients_clear_cache_message_does_not_reload_the_catalogue(folder: Path) -> None:
    first = catalog.catalog()
    # What Streamlit does for a client's BackMsg.clear_cache (AppSession._handle_clear_cache).
    st.cache_data.clear()
    st.cache_resource.clear()
    assert catalog.catalog() is first


def test_a_file_broken_while_the_app_runs_is_seen_without_its_server_path(folder: Path) -> None:
    assert "example" in catalog.catalog().pathways
    (folder / "example.yaml").write_text("schema_version: 1\nid: example\ntitle: [oops\n")
    cat = catalog.catalog()
    assert "example" not in cat.pathways
    [problem] = cat.problems
    assert problem.file == "example.yaml"
    assert str(folder) not in problem.message and "example.yaml" in problem.message


def test_a_deleted_pathway_brings_its_people_back_with_a_notice(folder: Path) -> None:
    at = start(no_exception(app()), EXAMPLE)
    (folder / "example.yaml").unlink()
    no_exception(at.run())
    assert at.session_state["page"] == "start"
    assert catalog.gone_notice() in [w.value for w in at.warning]


def test_a_pathway_two_years_past_review_is_withdrawn(folder: Path) -> None:
    last_day = catalog.withdrawn_on(EXAMPLE) - dt.timedelta(days=1)
    assert last_day == EXAMPLE.next_review.replace(year=EXAMPLE.next_review.year + 2)
    assert "example" in catalog.catalog(today=last_day).pathways
    cat = catalog.catalog(today=last_day + dt.timedelta(days=1))
    assert "example" not in cat.pathways
    assert any(EXAMPLE.title in p.message and "taken down" in p.message for p in cat.problems)


def test_the_start_page_says_a_guide_was_taken_down(folder: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    gone = catalog.withdrawn_on(EXAMPLE)
    real = catalog.catalog
    monkeypatch.setattr(catalog, "catalog", lambda today=None: real(today or gone))
    text = page_text(no_exception(app()))
    assert "has been taken down" in text and "has a problem" not in text
