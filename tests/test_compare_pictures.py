"""Pictures that compare: drawn from an option's figures only, one denominator and time frame,
the same whole numbers in the sentence and the picture, the figure's population and funding in
the sentence, a harm beside every benefit, and benefits told from harms by shape and words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from decision_aid import figures
from decision_aid.errors import PathwayError
from decision_aid.formats.pdf import pdf_lines
from decision_aid.formats.summary import to_markdown
from decision_aid.load import from_text, read
from decision_aid.plan import plan
from decision_aid.rules.figure_lint import picture_issues
from decision_aid_ui import assets, cards, compare_page, icons

ROOT = Path(__file__).resolve().parent.parent
SCS = ROOT / "pathways" / "spinal-cord-stimulation.yaml"
WITH_PICTURES = [ROOT / "pathways" / "mid-back-pain.yaml", SCS]


def _filled(markup: str) -> list[int]:
    return [len(re.findall(r'class="i on"', block)) for block in markup.split("<figure>")[1:]]


@pytest.mark.parametrize("path", WITH_PICTURES, ids=lambda p: p.stem)
def test_sentence_and_picture_show_the_figures_whole_numbers(path: Path) -> None:
    pathway = read(path)
    assert pathway.compare is not None and pathway.compare.pictures
    for pic in pathway.compare.pictures:
        f = figures.picture_figure(pathway, pic)
        markup = compare_page.picture_html(pathway, pic)
        arms = figures.picture_arms(pathway, pic)
        assert arms[0].count == f.n  # the figure's own number, never a copy
        assert _filled(markup) == [a.count for a in arms]
        icons_drawn = re.findall(r"class=\"i( on| rng)?\"", markup)
        assert len(icons_drawn) == len(arms) * figures.PICTURE_SIZE  # one denominator
        lines = figures.picture_sentences(pathway, pic)
        for i, (arm, sentence) in enumerate(zip(arms, lines, strict=False)):
            assert sentence.startswith(f"{arm.label}: about {arm.count}")
            counted = f"{figures.COUNTED[f.unit]} " if figures.COUNTED[f.unit] else ""
            # what was counted is said once, for the first group; the others give a number
            assert sentence.endswith(f" in 100 {counted}{f.event}." if i == 0 else " in 100.")
            assert compare_page._e(sentence) in markup
        # who, when and who paid travel with the picture, in the figure's own words
        assert lines[len(arms)] == " ".join(figures.context(f))
        assert f"Who: {f.population}. When: {f.time_frame}." in lines[len(arms)]
        assert compare_page._e(lines[len(arms)]) in markup


def test_a_range_is_drawn_light_and_said_as_a_range() -> None:
    pathway = read(SCS)
    assert pathway.compare is not None
    harm = next(p for p in pathway.compare.pictures if p.figure == "scs_complications")
    markup = compare_page.picture_html(pathway, harm)
    assert markup.count('class="i on"') == 15 and markup.count('class="i rng"') == 12
    assert 'aria-label="15 to 27 in 100 shaded"' in markup
    first = figures.picture_sentences(pathway, harm)[0]
    assert first.startswith("With a stimulator: about 15 to 27")
    assert "Dark: how many had this. Light: it may be this many." in markup
    # the pooled studies counted people and problems: the key says so, not '1 person'
    assert "Each diamond is 1 in 100 (some studies counted people, some counted problems)" in markup


def test_funding_travels_with_the_picture() -> None:
    pathway = read(SCS)
    assert pathway.compare is not None
    benefit = next(p for p in pathway.compare.pictures if p.figure == "scs_relief")
    lines = figures.picture_sentences(pathway, benefit)
    assert lines[-1].endswith("When: after 12 months. A device maker paid for the trial.")
    assert "A device maker paid for the trial." in compare_page.picture_html(pathway, benefit)


@pytest.mark.parametrize("path", WITH_PICTURES, ids=lambda p: p.stem)
def test_every_benefit_picture_has_a_harm_picture_and_no_words_only_figure_is_drawn(
    path: Path,
) -> None:
    pathway = read(path)
    assert picture_issues(pathway) == []
    assert pathway.compare is not None
    assert all(p.option != "other_neuromod" for p in pathway.compare.pictures)


def test_benefits_and_harms_differ_in_shape_and_words() -> None:
    assert 'class="ia benefit"' in icons.array_html(3, "benefit")
    assert 'class="ia harm"' in icons.array_html(3, "harm")
    assert compare_page.KIND_WORDS == {"benefit": "A possible benefit", "harm": "A possible harm"}
    pathway = read(SCS)
    assert pathway.compare is not None
    heads = [
        re.findall(r'<p class="pic-head">(.*?)</p>', compare_page.picture_html(pathway, p))
        for p in pathway.compare.pictures
    ]
    assert ["A possible benefit: A permanent stimulator implant"] in heads  # a heading: no stop
    assert all(not h.endswith(".") for [h] in heads)
    relief = figures.by_id(pathway, "scs_relief")
    harm = figures.by_id(pathway, "scs_complications")
    assert compare_page.picture_key(relief).startswith("Each circle is ")
    assert compare_page.picture_key(harm).startswith("Each diamond is ")
    assert ".ia.benefit .i { border-radius: 50%; }" in assets.style("compare")
    assert ".ia.harm .i { transform: rotate(45deg)" in assets.style("compare")


def test_the_array_takes_whole_numbers_only() -> None:
    with pytest.raises(TypeError):
        icons.array_html("<b>", "benefit")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        icons.array_html(3.5, "benefit")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        icons.array_html(3, "benefit", 4.5)  # type: ignore[arg-type]
    assert icons.array_html(250, "x").count('class="i on"') == 100


def test_rounding_is_shared() -> None:
    assert [figures.whole(n) for n in (55.7, 81.2, 0.4, 120)] == [56, 81, 0, 100]


def test_a_picture_needs_a_figure_of_its_own_option() -> None:
    text = SCS.read_text(encoding="utf-8")
    old = "{option: scs_implant, figure: scs_relief,"
    with pytest.raises(PathwayError, match="'scs_relif' is not the id of any figure"):
        from_text(text.replace(old, old.replace("scs_relief", "scs_relif"), 1), str(SCS))
    with pytest.raises(PathwayError, match="belongs to option 'other_neuromod', not 'scs_implant'"):
        from_text(text.replace(old, old.replace("scs_relief", "drg_relief"), 1), str(SCS))
    bad = text.replace(old, "{option: other_neuromod, figure: drg_relief,", 1)
    with pytest.raises(PathwayError, match="picture: false"):
        from_text(bad, str(SCS))


def test_summary_and_pdf_carry_the_picture_sentences_with_population_and_funding() -> None:
    pathway = read(SCS)
    p = plan(pathway, {"shortlist": ["scs_implant"]})
    line = "With usual care alone: about 7 in 100."  # what was counted: said for the first group
    who = (
        "Who: adults in one trial with nerve-type leg pain after back surgery (not mid-back "
        "pain). When: after 12 months. A device maker paid for the trial."
    )
    assert line in pdf_lines(p) and who in pdf_lines(p)
    md = to_markdown(p)
    assert "- With a stimulator\\: about 34 in 100 people had at least half" in md
    assert "- With usual care alone\\: about 7 in 100.\n" in md
    assert "- With a stimulator\\: about 15 to 27 in 100 had a complication" in md
    assert "- Who\\: adults in one trial with nerve-type leg pain after back surgery" in md


@pytest.mark.parametrize("path", WITH_PICTURES, ids=lambda p: p.stem)
def test_the_pictures_key_says_the_cards_words_for_the_shades(path: Path) -> None:
    # The same picture is read with the same words on the cards and in the comparison: only
    # the shape differs (benefits circles, harms diamonds), never the names of the shades.
    pathway = read(path)
    assert pathway.compare is not None
    for pic in pathway.compare.pictures:
        f = figures.picture_figure(pathway, pic)
        key = compare_page.picture_key(f)
        assert key.replace("diamond", "circle") == cards.icon_key(f)
        assert "Dark: " in key and "Filled" not in key
