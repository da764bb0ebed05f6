"""Pictures that compare: both arms, one denominator and time frame, the same whole numbers in
the sentence and the picture, and benefits told from harms by shape and words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from decision_aid import compare
from decision_aid.errors import PathwayError
from decision_aid.evaluate import plan
from decision_aid.export.pdf import pdf_lines
from decision_aid.load import from_text, read
from decision_aid.summary import to_markdown
from decision_aid_ui import compare_page, icons

ROOT = Path(__file__).resolve().parent.parent
SCS = ROOT / "pathways" / "spinal-cord-stimulation.yaml"
WITH_PICTURES = [ROOT / "pathways" / "mid-back-pain.yaml", SCS]


def _filled(markup: str) -> list[int]:
    return [len(re.findall(r'class="i on"', block)) for block in markup.split("<figure>")[1:]]


@pytest.mark.parametrize("path", WITH_PICTURES, ids=lambda p: p.stem)
def test_sentence_and_picture_show_the_same_whole_number(path: Path) -> None:
    pathway = read(path)
    assert pathway.compare is not None and pathway.compare.pictures
    for pic in pathway.compare.pictures:
        markup = compare_page.picture_html(pathway, pic)
        counts = [compare.whole(a.n) for a in pic.arms]
        assert _filled(markup) == counts
        icons_drawn = re.findall(r"class=\"i( on)?\"", markup)
        assert len(icons_drawn) == 2 * compare.PICTURE_SIZE  # one denominator
        for sentence, n in zip(compare.picture_sentences(pic), counts, strict=True):
            assert f": {n} in 100 {pic.event} {pic.time_frame}." in sentence  # one time frame
            assert sentence in markup
            assert f'aria-label="{n} in 100 shaded"' in markup


def test_benefits_and_harms_differ_in_shape_and_words() -> None:
    assert 'class="ia benefit"' in icons.array_html(3, "benefit")
    assert 'class="ia harm"' in icons.array_html(3, "harm")
    assert compare_page.KIND_WORDS == {"benefit": "A possible benefit", "harm": "A possible harm"}
    assert "circle" in compare_page.KEY["benefit"] and "diamond" in compare_page.KEY["harm"]
    assert ".ia.benefit .i { border-radius: 50%; }" in compare_page._STYLE
    assert ".ia.harm .i { transform: rotate(45deg)" in compare_page._STYLE


def test_the_array_takes_whole_numbers_only() -> None:
    with pytest.raises(TypeError):
        icons.array_html("<b>", "benefit")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        icons.array_html(3.5, "benefit")  # type: ignore[arg-type]
    assert icons.array_html(250, "x").count('class="i on"') == 100


def test_rounding_is_shared() -> None:
    assert [compare.whole(n) for n in (55.7, 81.2, 0.4, 120)] == [56, 81, 0, 100]


def test_a_picture_needs_two_arms_and_a_known_option() -> None:
    text = SCS.read_text(encoding="utf-8")
    one_arm = text.replace("        - {label: With usual care alone, n: 7}\n", "", 1)
    with pytest.raises(PathwayError, match="arms"):
        from_text(one_arm, str(SCS))
    old = "    - option: scs_implant\n      kind: benefit"
    bad = text.replace(old, old.replace("scs_implant", "scs"), 1)
    with pytest.raises(PathwayError, match="'scs' is not the id of any option"):
        from_text(bad, str(SCS))


def test_summary_and_pdf_carry_the_picture_sentences() -> None:
    pathway = read(SCS)
    p = plan(pathway, {"shortlist": ["scs_implant"]})
    line = "With usual care alone: 7 in 100 had at least half their leg pain relieved after 12 "
    line += "months."
    assert line in pdf_lines(p)
    assert "- With usual care alone\\: 7 in 100 had at least half their leg pain" in to_markdown(p)
