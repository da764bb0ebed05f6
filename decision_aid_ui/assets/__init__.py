"""The app's browser scripts and style sheets, kept as files beside this module.

Each file is read once per process. A script (``*.js``) is constant: what changes from run to run
travels in the data attributes of a hidden element drawn before it (:func:`with_data`), so the
proxy's Content-Security-Policy allows every script by the hash of its file
(``deploy/nginx/render.py`` reads :func:`scripts`). A style sheet (``*.css``) may have
``%FIELD%`` marks, filled in when it is drawn (styles are not hashed by the policy).
"""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
_FIELD = re.compile(r"%([A-Z][A-Z_]*)%")


@cache
def _text(name: str) -> str:
    return (HERE / name).read_text(encoding="utf-8")


def script(name: str) -> str:
    """The script ``name``.js as an HTML ``<script>`` element, exactly as in its file."""
    return f"<script>{_text(name + '.js')}</script>"


def with_data(name: str, **data: str | int) -> str:
    """The script ``name``.js after a hidden element carrying ``data`` as ``data-aid-*``
    attributes (escaped; ``move_to`` becomes ``data-aid-move-to``)."""
    attrs = "".join(
        f' data-aid-{key.replace("_", "-")}="{html.escape(str(value))}"'
        for key, value in data.items()
    )
    return f"<i hidden{attrs}></i>{script(name)}"


def style(name: str, **fields: str | int) -> str:
    """The style sheet ``name``.css as a ``<style>`` element, each ``%FIELD%`` filled in.

    A field without a value, or a value for no field, is an error, not a silent blank.
    """
    text = _text(name + ".css")
    marks = set(_FIELD.findall(text))
    if marks != set(fields):
        raise KeyError(f"{name}.css has fields {sorted(marks)}, given {sorted(fields)}")
    return "<style>" + _FIELD.sub(lambda m: str(fields[m.group(1)]), text) + "</style>"


def css_string(text: str) -> str:
    """``text`` for a ``%FIELD%`` inside a CSS string (``content: "%FIELD%"``): quoted safely."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")


def scripts() -> list[str]:
    """Every script the app can draw, as :func:`script` gives it (for the CSP), by file name."""
    return [script(p.stem) for p in sorted(HERE.glob("*.js"))]
