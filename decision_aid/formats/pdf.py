"""The plan as a PDF to print or bring to an appointment: one page, or two.

Content is laid out from ``blocks(plan)``, a pure description of what is shown and in what
order; ``to_pdf`` only draws it. Page 1 holds any warning, what to tell the clinician first,
the top questions and the options chosen; the rest may go on page 2. The body type is never
under ``MIN_SIZE`` (10 pt): when one page would need smaller type, a second page is used, and
only when two are not enough are the longest sections shortened, ending them with "(more in
the app)". Safety messages, "What next" (when to get help sooner), the notes space and the
footer are never shortened.

Every piece of text, including what people typed, is drawn with fpdf2's plain text calls
(``multi_cell`` without Markdown), so it appears as the literal characters typed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from fpdf import FPDF

from decision_aid.formats.summary import (
    GRID_TITLE,
    NOT_ADVICE,
    NOT_CHOSEN,
    OTHER,
    PDF_CELL,
    TRIED,
    answer_sections,
    option_line,
    other_answers,
    pdf_grid,
    pdf_sections,
    question_groups,
    score_text,
    tried_lines,
    what_next,
)
from decision_aid.plan import ListedQuestion, Plan
from decision_aid.rules import signoff
from decision_aid.safety import action_lines, raised_in

Paper = Literal["A4", "Letter"]
BlockKind = Literal["safety", "title", "section", "questions", "notes", "footer", "grid"]

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
FAMILY = "DejaVuSans"

MAX_SIZE = 10.5
"""The body type size used when everything fits."""
MIN_SIZE = 10.0
"""The smallest body type size: text is never smaller (a second page is used instead)."""
MAX_PAGES = 2
SIZE_STEP = 0.5
MARGIN = 12.0  # mm
LINE_FACTOR = 1.3  # line height as a multiple of the type size
PT = 25.4 / 72  # mm per point
CLIP_CHARS = 180
"""At the smallest size, longer lines are cut to this many characters."""
MORE = "(more in the app)"
SAFETY_RED = (153, 0, 0)
SAFETY_PAD = 2.0  # mm inside the safety box
TICK_INDENT = 5.0  # mm: room for the tick box before each question
GAP = 0.5  # space after a block, in lines

# Control characters other than a line break cannot be drawn and carry no meaning on paper.
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class Block:
    """One visual group on the page: an optional heading and its lines.

    ``shorten`` says whether lines may be dropped to fit the page; ``keep`` marks lines to
    drop last (the person's own questions), so a long library list gives way first.
    """

    kind: BlockKind
    heading: str | None
    lines: tuple[str, ...]
    shorten: bool = True
    more: bool = False
    keep: tuple[bool, ...] = ()

    def texts(self) -> list[str]:
        """The heading and lines as shown, including the '(more in the app)' note."""
        head = [self.heading] if self.heading else []
        return head + list(self.lines) + ([MORE] if self.more else [])


# --- What the page says -------------------------------------------------------------------------


NOTE_LINES = 6
WHAT_IT_IS = "Notes to bring to my appointment: one or two pages, to print or show on my phone."
"""What the PDF is, said under its title (the README says the same)."""


def blocks(plan: Plan, today: dt.date | None = None) -> tuple[Block, ...]:
    """The page content in reading order. Page 1 holds what matters most in a short visit:
    any warning, what to tell first, the top questions, the options chosen and what next; the
    rest may follow on page 2. Each part is one small function in ``PARTS``."""
    found: list[Block | None] = [
        *_safety(plan),
        Block("title", f"My summary: {plan.pathway.title}", (WHAT_IT_IS, _date(today)),
              shorten=False),
    ]
    for part in PARTS:
        found += part(plan)
    found.append(_footer(plan))
    return tuple(b for b in found if b is not None and (b.heading or b.lines))


def _date(today: dt.date | None) -> str:
    day = today or dt.date.today()
    return f"Date: {day.day} {day:%B %Y}"


def pdf_lines(plan: Plan, today: dt.date | None = None) -> list[str]:
    """Every line of text the PDF shows at full length, in order (for tests and previews)."""
    return [text for block in blocks(plan, today) for text in block.texts()]


def _tell_first_block(plan: Plan) -> list[Block | None]:
    return [_section("To tell my clinician first", _tell_first(plan))]


def _chosen(plan: Plan) -> list[Block | None]:
    rows = [f"• {option_line(o)}" for o in plan.to_discuss] or [NOT_CHOSEN]
    out = [_section("Options I want to discuss", rows)]
    if not plan.to_discuss and plan.stage_options:
        others = [f"• {option_line(o)}" for o in plan.stage_options]
        out.append(_section("Options people at my stage often discuss", others))
    return out


def _top_questions(plan: Plan) -> list[Block | None]:
    return [_question_block(*g) for g in question_groups(plan)[:1]]


def _more_questions(plan: Plan) -> list[Block | None]:
    return [_question_block(*g) for g in question_groups(plan)[1:]]


def _answers(plan: Plan) -> list[Block | None]:
    out = [
        _section(title, [f"{ln.label}: {ln.answer}" for ln in lines])
        for title, lines in answer_sections(plan)
    ]
    out.append(_section(TRIED, [f"{label}: {answer}" for label, answer in tried_lines(plan)]))
    out.append(_section("What matters to me", [f"{ln.label}: {ln.answer}" for ln in plan.values]))
    out.append(_section(OTHER, [f"{ln.label}: {ln.answer}" for ln in other_answers(plan, False)]))
    return out


def _compare(plan: Plan) -> list[Block | None]:
    out = [_section(heading, lines) for heading, lines in pdf_sections(plan)]
    rows, under = pdf_grid(plan)
    if rows:  # a small table: a row of option names, then one row per question
        out.append(Block("grid", GRID_TITLE, tuple(rows)))
        out.append(Block("section", None, tuple(under)))
    return out


def _where(plan: Plan) -> list[Block | None]:
    if plan.stage is None:
        return []
    return [Block("section", f"Where I am: {plan.stage.title}", (plan.stage.description,))]


def _what_next(plan: Plan) -> list[Block | None]:
    # never shortened: it holds when to get help sooner
    return [Block("section", "What next", tuple(f"• {t}" for t in what_next(plan)), shorten=False)]


def _notes(plan: Plan) -> list[Block | None]:
    return [Block("notes", "My notes", ("",) * NOTE_LINES, shorten=False)]


PARTS: list[Callable[[Plan], list[Block | None]]] = [
    _tell_first_block,
    _top_questions,
    _chosen,
    _what_next,
    _more_questions,
    _compare,
    _answers,
    _where,
    _notes,
]
"""The page's parts after the safety box and title, in reading order; add a part here."""


def _section(heading: str, lines: list[str]) -> Block | None:
    return Block("section", heading, tuple(lines)) if lines else None


def _safety(plan: Plan) -> list[Block]:
    out = []
    for tier in plan.safety.tiers:
        flags = raised_in(plan.safety, tier)
        items = [f"• {f.text}" for f in flags]
        lines = (tier.message, *action_lines(tier, flags), *items)
        out.append(Block("safety", tier.title, lines, shorten=False))
    for raised in plan.cautions:  # a plain section: a check before a treatment, not an alarm
        lines = (raised.group.message, raised.group.action, *(f"• {f.text}" for f in raised.items))
        out.append(Block("section", raised.group.title, lines, shorten=False))
    return out


def _tell_first(plan: Plan) -> list[str]:
    rows = [f"{ln.label}: {ln.answer}" for ln in plan.tell_first]
    for s in plan.scores:
        rows.append(f"{s.title}: {score_text(s)}")
    return rows


def _question_block(heading: str, first: int, qs: tuple[ListedQuestion, ...]) -> Block | None:
    rows = tuple(f"{i}. {q.text}" for i, q in enumerate(qs, first))
    return Block("questions", heading, rows, keep=tuple(q.own for q in qs)) if qs else None


def _footer(plan: Plan) -> Block:
    p = plan.pathway
    lines = [
        f"{p.title}, version {p.version}. Content last reviewed {p.last_reviewed}; "
        f"next review due {p.next_review}. {signoff.signed_sentence(p)}",
        NOT_ADVICE,
    ]
    if plan.review_overdue:
        lines.append("This content is past its review date: some of it may be out of date.")
    return Block("footer", None, tuple(lines), shorten=False)


# --- Fitting the page ---------------------------------------------------------------------------
#
# Lines are broken here, word by word from fpdf2's own string widths, and each line is drawn with
# ``cell``. fpdf2's ``multi_cell`` would break them too, but it re-measures the whole line for
# every character added (quadratic per line): measuring a full page at each type size took
# seconds. Widths scale with the type size, so each word is measured once per style.


@dataclass(frozen=True)
class _Para:
    """One paragraph to draw: its text, style, size relative to the body and left indent."""

    text: str
    bold: bool = False
    scale: float = 1.0
    indent: float = 0.0
    tick_box: bool = False
    red: bool = False
    rule: bool = False  # a line to write on (notes)


class _Layout:
    """Breaks paragraphs into lines for one page, caching word widths at 1 pt."""

    def __init__(self, pdf: FPDF) -> None:
        self.pdf = pdf
        self._widths: dict[tuple[bool, str], float] = {}

    def width(self, bold: bool, word: str) -> float:
        """The width of ``word`` in mm at 1 pt."""
        key = (bold, word)
        if key not in self._widths:
            self.pdf.set_font(FAMILY, "B" if bold else "", 100)
            self._widths[key] = self.pdf.get_string_width(word) / 100
        return self._widths[key]

    def lines(self, para: _Para, size: float, width: float) -> list[str]:
        """``para`` broken into lines no wider than ``width`` mm at ``size`` pt."""
        room = (width - para.indent) / (size * para.scale)
        out: list[str] = []
        for text in para.text.split("\n"):
            out += self._break(text.split(), para.bold, room)
        return out or [""]

    def _break(self, words: list[str], bold: bool, room: float) -> list[str]:
        lines: list[str] = []
        line, used = "", 0.0
        space = self.width(bold, " ")
        for word in words:
            w = self.width(bold, word)
            if line and used + space + w <= room:
                line, used = f"{line} {word}", used + space + w
                continue
            if line:
                lines.append(line)
            pieces = self._split_word(word, bold, room) if w > room else [word]
            lines += pieces[:-1]
            line, used = pieces[-1], self.width(bold, pieces[-1])
        return [*lines, line] if line else lines

    def _split_word(self, word: str, bold: bool, room: float) -> list[str]:
        # A word wider than the column (a long link or a run of letters) is cut anywhere.
        pieces, piece = [], ""
        for ch in word:
            if piece and self.width(bold, piece + ch) > room:
                pieces.append(piece)
                piece = ""
            piece += ch
        return [*pieces, piece]


def to_pdf(plan: Plan, paper: Paper = "A4", today: dt.date | None = None) -> bytes:
    """The summary as a PDF of one or two pages, dated ``today``.

    Args:
        plan: The plan to show.
        paper: "A4" or "Letter".

    Returns:
        The PDF file's bytes: one page, or two when one would need type under 10 pt.
    """
    pdf = document(plan, paper)
    draw(pdf, plan, today)
    return bytes(pdf.output())


def document(plan: Plan, paper: Paper = "A4") -> FPDF:
    """A blank page for ``plan``'s summary with its fonts loaded: ``to_pdf``'s first phase
    (the benchmarks time each phase)."""
    pdf = FPDF(orientation="portrait", unit="mm", format=paper.lower())
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.c_margin = 0  # lines are broken to the exact column width
    pdf.set_auto_page_break(False)  # one page, always: fit() makes the content fit
    pdf.add_font(FAMILY, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(FAMILY, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_title(f"My summary: {plan.pathway.title}")
    pdf.set_subject("Notes to bring to an appointment")
    pdf.set_creator("Decision aid")
    pdf.set_lang("en")
    pdf.add_page()
    return pdf


def draw(pdf: FPDF, plan: Plan, today: dt.date | None = None) -> None:
    """Fit ``plan``'s summary to the page (or two) and draw it on ``pdf``: ``to_pdf``'s second
    phase; writing the file is the third."""
    layout = _Layout(pdf)
    size, content = fit(layout, blocks(plan, today))
    _draw(layout, content, size)


def fit(layout: _Layout, content: tuple[Block, ...]) -> tuple[float, tuple[Block, ...]]:
    """The largest type size at which ``content`` fits one page, else two pages at full size,
    shortening the longest sections only if even two pages are not enough."""
    room = _room(layout, 1)
    size = MAX_SIZE
    while size >= MIN_SIZE:
        if sum(_height(layout, b, size) for b in content) <= room:
            return size, content
        size -= SIZE_STEP
    room = _room(layout, MAX_PAGES, _break_waste(layout, content, MAX_SIZE))
    if sum(_height(layout, b, MAX_SIZE) for b in content) <= room:
        return MAX_SIZE, content
    room = _room(layout, MAX_PAGES, _break_waste(layout, content, MIN_SIZE))
    return MIN_SIZE, _shorten(layout, content, room)


def _room(layout: _Layout, pages: int, waste: float = 0.0) -> float:
    page = layout.pdf.h - 2 * MARGIN
    return page * pages - (pages - 1) * waste


def _break_waste(layout: _Layout, content: tuple[Block, ...], size: float) -> float:
    """What one page break may leave empty: a line and a heading (blocks' lines do not
    split), or a grid's tallest row with the option names a new page repeats above it."""
    waste = 3 * _line_height(size * 1.15)
    for block in content:
        if block.kind == "grid":
            rows = _grid_rows(block)
            widths = _grid_widths(layout, len(rows[0]))
            heights = [_row_height(_row_lines(layout, r, widths, size, i == 0), size)
                       for i, r in enumerate(rows)]
            waste = max(waste, heights[0] + max(heights))
    return waste


def _shorten(layout: _Layout, content: tuple[Block, ...], room: float) -> tuple[Block, ...]:
    work = [_clip(b) for b in content]
    heights = [_height(layout, b, MIN_SIZE) for b in work]
    while sum(heights) > room:
        # Drop the last line of the tallest block that may be shortened.
        candidates = [i for i, b in enumerate(work) if b.shorten and len(b.lines) > _kept(b)]
        if not candidates:
            break  # only fixed text is left; it is drawn and clipped at the page edge
        i = max(candidates, key=lambda j: heights[j])
        work[i] = _drop_one(work[i])
        heights[i] = _height(layout, work[i], MIN_SIZE)
    return tuple(work)


def _kept(block: Block) -> int:
    # A grid keeps its first row, the option names, whatever else goes.
    return 1 if block.kind == "grid" else 0


def _drop_one(block: Block) -> Block:
    """``block`` without its last line, or its last line not marked ``keep`` if it has one."""
    keep = block.keep or (False,) * len(block.lines)
    i = max((j for j, k in enumerate(keep) if not k), default=len(block.lines) - 1)
    lines = block.lines[:i] + block.lines[i + 1 :]
    return dataclasses.replace(block, lines=lines, keep=keep[:i] + keep[i + 1 :], more=True)


def _clip(block: Block) -> Block:
    if not block.shorten or block.kind == "grid":  # a grid row is cut by rows, not characters
        return block
    lines = tuple(
        ln if len(ln) <= CLIP_CHARS else ln[:CLIP_CHARS].rstrip() + "… " + MORE
        for ln in block.lines
    )
    return dataclasses.replace(block, lines=lines)


def _paras(block: Block) -> list[_Para]:
    safety = block.kind == "safety"
    out = []
    if block.heading:
        scale = 1.3 if block.kind == "title" else 1.15
        out.append(_Para(block.heading, bold=True, scale=scale, red=safety))
    for i, line in enumerate(block.lines):
        out.append(
            _Para(
                _plain(line),
                bold=safety and i == 0,
                indent=TICK_INDENT if block.kind == "questions" else 0.0,
                tick_box=block.kind == "questions",
                rule=block.kind == "notes",
                scale=1.8 if block.kind == "notes" else 1.0,
            )
        )
    if block.more:
        out.append(_Para(MORE))
    return out


def _plain(text: str) -> str:
    # Composed accents use the font's own letters; control characters have no glyph.
    return _CONTROL.sub(" ", unicodedata.normalize("NFC", text))


def _pad(block: Block) -> float:
    return SAFETY_PAD if block.kind == "safety" else 0.0


def _height(layout: _Layout, block: Block, size: float) -> float:
    if block.kind == "grid":
        return _grid_height(layout, block, size)
    width = layout.pdf.epw - 2 * _pad(block)
    lines = sum(
        len(layout.lines(p, size, width)) * _line_height(size * p.scale) for p in _paras(block)
    )
    return lines + 2 * _pad(block) + _line_height(size) * GAP


def _line_height(size: float) -> float:
    return size * PT * LINE_FACTOR


# --- Drawing ------------------------------------------------------------------------------------


def _draw(layout: _Layout, content: tuple[Block, ...], size: float) -> None:
    pdf = layout.pdf
    y = MARGIN
    for block in content:
        height = _height(layout, block, size)
        if block.kind == "footer":
            # The footer sits at the foot of the last page when there is room for it.
            y = max(y, pdf.h - MARGIN - height)
        elif y + min(height, 3 * _line_height(size * 1.15)) > pdf.h - MARGIN:
            y = _new_page(pdf)  # a heading is never left alone at the foot of a page
        y = _draw_block(layout, block, size, y) + _line_height(size) * GAP


def _new_page(pdf: FPDF) -> float:
    pdf.add_page()
    return MARGIN


def _draw_block(layout: _Layout, block: Block, size: float, top: float) -> float:
    """Draw ``block`` from ``top``; return where it ended (maybe on a new page)."""
    if block.kind == "grid":
        return _draw_grid(layout, block, size, top)
    pdf, pad = layout.pdf, _pad(block)
    width = pdf.epw - 2 * pad
    y = top + pad
    for para in _paras(block):
        y = _draw_para(layout, para, size, MARGIN + pad, y, width)
    if block.kind == "safety":  # always first on page 1, and never taller than a page
        pdf.set_draw_color(*SAFETY_RED)
        pdf.set_line_width(0.6)
        pdf.rect(MARGIN, top, pdf.epw, y + pad - top)
        pdf.set_draw_color(0, 0, 0)
    return y + pad


def _draw_para(
    layout: _Layout, para: _Para, size: float, x: float, y: float, width: float
) -> float:
    pdf = layout.pdf
    line_h = _line_height(size * para.scale)
    lines = layout.lines(para, size, width)  # first: measuring a new word changes the font
    pdf.set_text_color(*(SAFETY_RED if para.red else (0, 0, 0)))
    pdf.set_font(FAMILY, "B" if para.bold else "", size * para.scale)
    for i, line in enumerate(lines):
        if y + line_h > pdf.h - MARGIN:
            y = _new_page(pdf)
            pdf.set_font(FAMILY, "B" if para.bold else "", size * para.scale)
        pdf.set_line_width(0.25)
        if para.tick_box and i == 0:
            box = size * PT * 0.9
            pdf.rect(x, y + (line_h - box) / 2, box, box)  # to tick during the visit
        if para.rule:
            pdf.line(x, y + line_h, x + width, y + line_h)  # a line to write on
        pdf.set_xy(x + para.indent, y)
        pdf.cell(width - para.indent, line_h, line, align="L", markdown=False)
        y += line_h
    pdf.set_text_color(0, 0, 0)
    return y


# --- The grid of options compared -----------------------------------------------------------------
#
# A small table: the first row names the options, each other row is one question with each
# option's answer. Rows never split; a row that does not fit starts a new page, under the
# option names again. Cells are broken into lines like paragraphs, at the body size.

CELL_PAD = 1.2  # mm inside each cell
FIRST_COLUMN = 0.26  # the question column's share of the width
GRID_GREY = (118, 118, 118)


def _grid_rows(block: Block) -> list[list[str]]:
    return [[_plain(c) for c in ln.split(PDF_CELL)] for ln in block.lines]


def _grid_widths(layout: _Layout, n: int) -> list[float]:
    first = layout.pdf.epw * FIRST_COLUMN
    return [first] + [(layout.pdf.epw - first) / (n - 1)] * (n - 1)


def _row_lines(layout: _Layout, row: list[str], widths: list[float], size: float,
               bold: bool) -> list[list[str]]:
    return [
        layout.lines(_Para(cell, bold=bold or i == 0), size, w - 2 * CELL_PAD)
        for i, (cell, w) in enumerate(zip(row, widths, strict=True))
    ]


def _row_height(lines: list[list[str]], size: float) -> float:
    return max(len(c) for c in lines) * _line_height(size) + 2 * CELL_PAD


def _grid_height(layout: _Layout, block: Block, size: float) -> float:
    rows = _grid_rows(block)
    widths = _grid_widths(layout, len(rows[0]))
    head = _line_height(size * 1.15) if block.heading else 0.0
    body = sum(
        _row_height(_row_lines(layout, r, widths, size, i == 0), size) for i, r in enumerate(rows)
    )
    more = _line_height(size) if block.more else 0.0
    return head + body + more + _line_height(size) * GAP


def _draw_grid(layout: _Layout, block: Block, size: float, top: float) -> float:
    pdf = layout.pdf
    rows = _grid_rows(block)
    widths = _grid_widths(layout, len(rows[0]))
    y = top
    if block.heading:
        y = _draw_para(layout, _Para(block.heading, bold=True, scale=1.15), size, MARGIN, y,
                       pdf.epw)
    for i, row in enumerate(rows):
        lines = _row_lines(layout, row, widths, size, i == 0)
        height = _row_height(lines, size)
        if i and y + height > pdf.h - MARGIN:  # a new page repeats the option names
            y = _new_page(pdf)
            y = _draw_row(layout, _row_lines(layout, rows[0], widths, size, True), widths,
                          size, y, True)
        y = _draw_row(layout, lines, widths, size, y, i == 0)
    if block.more:
        y = _draw_para(layout, _Para(MORE), size, MARGIN, y, pdf.epw)
    return y


def _draw_row(layout: _Layout, lines: list[list[str]], widths: list[float], size: float,
              y: float, head: bool) -> float:
    pdf = layout.pdf
    height = _row_height(lines, size)
    line_h = _line_height(size)
    x = MARGIN
    pdf.set_draw_color(*GRID_GREY)
    pdf.set_line_width(0.2)
    for i, (cell, w) in enumerate(zip(lines, widths, strict=True)):
        pdf.rect(x, y, w, height)
        pdf.set_font(FAMILY, "B" if head or i == 0 else "", size)
        for n, text in enumerate(cell):
            pdf.set_xy(x + CELL_PAD, y + CELL_PAD + n * line_h)
            pdf.cell(w - 2 * CELL_PAD, line_h, text, align="L", markdown=False)
        x += w
    pdf.set_draw_color(0, 0, 0)
    return y + height
