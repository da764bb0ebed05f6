"""decision_aid_ui/assets: the app's scripts and styles are files, never Python strings.

The CSP side (each script file hashed as Streamlit sends it) is in tests/test_deploy_nginx.py;
the browser proves the policy lets them run in tests/browser/test_nginx.py.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest

from decision_aid_ui import assets

ROOT = Path(__file__).resolve().parent.parent
UI_SOURCES = sorted([ROOT / "app.py", *(ROOT / "decision_aid_ui").rglob("*.py")])
LOADER = ROOT / "decision_aid_ui" / "assets" / "__init__.py"  # wraps each file in its tags
# A script or style element, or a CSS rule: a selector, then "{ property: value; ... }".
_EMBEDDED = re.compile(r"<script|<style|[\w\]\)*]\s*\{\s*[-\w]+\s*:[^{}]*;[^{}]*\}", re.I)


def _strings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [n.value for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str)]


@pytest.mark.parametrize("path", [p for p in UI_SOURCES if p != LOADER],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_no_script_or_style_is_written_in_python(path: Path) -> None:
    found = [s[:60] for s in _strings(path) if _EMBEDDED.search(s)]
    assert not found, f"move these into decision_aid_ui/assets: {found}"


def test_the_embedded_check_finds_what_it_looks_for() -> None:
    assert _EMBEDDED.search('<script>go()</script>')
    assert _EMBEDDED.search("<STYLE>")
    assert _EMBEDDED.search(".aid-x { display: none; }")
    assert _EMBEDDED.search("[data-testid=stMain] {\n  padding: 0;\n}")
    assert not _EMBEDDED.search("At {where}: {what}; see {path}")
    assert not _EMBEDDED.search("style='text-align: left'")


def _names(suffix: str) -> list[str]:
    return sorted(p.stem for p in assets.HERE.glob(f"*.{suffix}"))


def test_every_asset_is_drawn_by_the_ui() -> None:
    sources = "".join(p.read_text(encoding="utf-8") for p in UI_SOURCES)
    drawn = set(re.findall(r'assets\.(?:script|with_data|style)\(\s*"(\w+)"', sources))
    assert drawn == set(_names("js")) | set(_names("css"))


@pytest.mark.parametrize("name", _names("js"))
def test_a_script_is_constant(name: str) -> None:
    text = (assets.HERE / f"{name}.js").read_text(encoding="utf-8")
    assert assets.script(name) == f"<script>{text}</script>"
    assert not re.search(r"%[A-Z_]+%|\{\{", text)  # nothing is filled in: data goes beside it
    assert "</script" not in text.lower()


def test_data_beside_a_script_is_escaped_into_attributes() -> None:
    html = assets.with_data("scroll", scroll='a"<b>', move_to=3)
    assert html.startswith('<i hidden data-aid-scroll="a&quot;&lt;b&gt;" data-aid-move-to="3"></i>')
    assert html.endswith(assets.script("scroll"))


def test_a_style_fills_each_field_and_refuses_a_missing_or_unknown_one() -> None:
    sheet = assets.style("grid", N=4)
    assert "--n: 4;" in sheet and "%" + "N%" not in sheet
    assert sheet.startswith("<style>") and sheet.endswith("</style>")
    with pytest.raises(KeyError, match="grid.css"):
        assets.style("grid")
    with pytest.raises(KeyError, match="cards.css"):
        assets.style("cards", N=4)


def test_words_in_a_css_string_stay_in_it() -> None:
    assert assets.css_string('Lost "here" \\ now\nthen') == 'Lost \\"here\\" \\\\ now\\a then'
    sheet = assets.style("reconnect", TITLE=assets.css_string('a"b'), TEXT="c")
    assert 'content: "a\\"b";' in sheet


def test_the_image_ships_the_assets() -> None:
    """The Dockerfile copies the UI package whole, and .dockerignore leaves the files in."""
    from fnmatch import fnmatch

    docker = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^COPY decision_aid_ui/ decision_aid_ui/$", docker, re.M)
    ignored = [line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()
               if line.strip() and not line.startswith(("#", "!"))]
    files = [p.relative_to(ROOT) for p in assets.HERE.iterdir() if p.suffix in (".js", ".css")]
    assert len(files) >= 10
    for path in files:
        for part in (path, *path.parents[:-1]):  # a pattern may leave out a folder
            hits = [g for g in ignored if fnmatch(part.as_posix(), g)]
            assert not hits, f"{path} is left out of the image by .dockerignore {hits}"


def _with_javascript(at: Any) -> set[str]:
    return {e.proto.body for e in at.get("html") if e.proto.unsafe_allow_javascript}


def test_every_script_the_app_draws_is_a_file_with_only_data_beside_it() -> None:
    """A walk with a same-day sign ticked (the scroll), through the question list (the focus
    keeper) to the summary (a move each step): every element that may run JavaScript holds
    script files verbatim, as the CSP hashes them, and only hidden data elements besides."""
    from streamlit.string_util import clean_text

    from decision_aid.load import read
    from deploy.nginx import render
    from testing.apptest import answer_step, app, next_step, no_exception, start, step_id

    pathway = read(ROOT / "pathways" / "mid-back-pain.yaml")
    at = app()
    drawn = _with_javascript(at)
    start(at, pathway)
    no_exception(at.checkbox(key="w_same_day_signs__weight_loss").check().run())
    drawn |= _with_javascript(at)
    for _ in range(40):
        if pathway.steps_by_id[step_id(at)].kind == "summary":
            break
        answer_step(at, pathway, {"checked_since": False})
        drawn |= _with_javascript(at)
        next_step(at)
        drawn |= _with_javascript(at)
    files = {p.stem: p.read_text(encoding="utf-8") for p in assets.HERE.glob("*.js")}
    ran: set[str] = set()
    for body in drawn:
        scripts = render.inline_scripts(clean_text(body))
        assert scripts and set(scripts) <= set(files.values()), body[:200]
        ran |= {name for name, text in files.items() if text in scripts}
        rest = re.sub(r"<script>.*?</script>", "", body, flags=re.S)
        assert re.fullmatch(r'(<i hidden( data-aid-[a-z-]+="[^"<>]*")*></i>)*', rest), rest
    assert ran == set(files)
