"""An icon array of 100: a 10 x 10 grid of circles drawn as SVG from numbers only.

No text from the pathway or the person goes into the picture; the text equivalent is drawn next
to it by the caller, and the SVG carries its own short accessible name.
"""

from __future__ import annotations

SIZE = 100
_DARK = "#1f4e79"  # people who had the outcome (contrast 8.9:1 on white)
_RANGE = "#7aa6d6"  # the uncertain part of a range
_EMPTY_STROKE = "#6b6b6b"  # 5.3:1 on white, above the 3:1 needed for graphics


def counts(n: float, n_high: float | None) -> tuple[int, int]:
    """The shaded circles: (sure, up to) out of 100, rounded to whole icons."""
    low = max(0, min(SIZE, round(n)))
    high = low if n_high is None else max(low, min(SIZE, round(n_high)))
    return low, high


def svg(n: float, n_high: float | None = None) -> str:
    """The icon array as an SVG string with role="img" and an aria-label made of numbers."""
    low, high = counts(n, n_high)
    name = f"{low} in 100" if high == low else f"{low} to {high} in 100"
    circles = "".join(_circle(i, low, high) for i in range(SIZE))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Picture: {name} '
        f'circles shaded" viewBox="0 0 200 200" width="160" height="160">'
        f"<title>{name}</title>{circles}</svg>"
    )


def _circle(i: int, low: int, high: int) -> str:
    row, col = divmod(i, 10)
    x, y = col * 20 + 10, row * 20 + 10
    if i < low:
        paint = f'fill="{_DARK}"'
    elif i < high:
        paint = f'fill="{_RANGE}" stroke="{_DARK}" stroke-width="1.5"'
    else:
        paint = f'fill="#ffffff" stroke="{_EMPTY_STROKE}" stroke-width="1.5"'
    return f'<circle cx="{x}" cy="{y}" r="7.5" {paint}/>'


def array_html(count: int, kind: str, high: int | None = None) -> str:
    """An icon array of 100 drawn with CSS shapes (for ``st.html``, which strips SVG).

    ``count`` icons are filled, and up to ``high`` lightly (a range). Benefits are circles and
    harms are diamonds, so the two differ in shape and in the caller's words, not only in colour.
    Only whole numbers and one of two fixed class names go in: no text from the pathway or the
    person.
    """
    for value in (count, high):
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            raise TypeError("count must be a whole number")
    shape = "harm" if kind == "harm" else "benefit"
    filled, light = counts(count, high)
    icons = "".join(
        '<span class="i on"></span>' if i < filled
        else '<span class="i rng"></span>' if i < light
        else '<span class="i"></span>'
        for i in range(SIZE)
    )
    name = f"{filled} in {SIZE}" if light == filled else f"{filled} to {light} in {SIZE}"
    return f'<div class="ia {shape}" role="img" aria-label="{name} shaded">{icons}</div>'
