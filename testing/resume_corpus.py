"""Hostile saved-answers files: the security review's 101 resume attacks (2026-12), rebuilt.

Each case is a name and the bytes a person (or an attacker) could upload, grouped as the review
grouped them: size, nesting, encodings, numbers, versions, crafted text, other pathways and
hidden answers, own questions, FHIR responses, and files that are not JSON at all. They are
built from real files of the example pathway so most get past the first checks.
``ECHO_MARKERS`` are strings that must never come back in a message (the review saw URLs
become links, ``$…$`` become maths, and 200 KB echoed into one box).
"""

from __future__ import annotations

import copy
import gzip
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from decision_aid.formats import fhir, saved
from decision_aid.load import read

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = read(ROOT / "tests" / "fixtures" / "example.yaml")
ANSWERS = {"warning_signs": ["none"], "coping": True, "duration": "over_3_months",
           "long_term_detail": "Worse at night", "tried_exercise": "helped", "goal": "Walk"}
ECHO_MARKERS = ("evil-example", "$x^2$", "URGENT", "javascript:", "<script", "9999999999")
URL = "https://evil-example.com/help www.evil-example.com"


def native(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(saved.dumps(EXAMPLE, ANSWERS))
    doc.update(changes)
    return doc


def fhir_doc(**changes: Any) -> dict[str, Any]:
    doc = copy.deepcopy(fhir.response(EXAMPLE, ANSWERS))
    doc.update(changes)
    return doc


def own(*items: Any) -> dict[str, Any]:
    return native(my_questions={"hidden": [], "order": [], "own": list(items)})


def answers(**values: Any) -> dict[str, Any]:
    return native(answers={**ANSWERS, **values})


def _j(doc: Any) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def _nested(depth: int, leaf: str = "1") -> str:
    return '{"a": ' * depth + leaf + "}" * depth


def _zip(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("answers.json", data)
    return out.getvalue()


def _build() -> dict[str, bytes]:
    good = _j(native())
    text = good.decode("utf-8")
    cases: dict[str, bytes | Callable[[], bytes]] = {
        # size
        "empty": b"",
        "one_space": b" ",
        "just_under_limit": good[:-2] + b" " * (saved.MAX_BYTES - len(good)) + good[-2:],
        "just_over_limit": b" " * (saved.MAX_BYTES + 1),
        "huge_text_answer": _j(answers(goal="x" * 200_000)),
        "long_own_list_text": _j(own(*({"id": f"own_{i}", "text": "y" * 300}
                                       for i in range(1, 21)))),
        "two_megabytes": b"[" + b"0," * 1_000_000 + b"0]",
        # nesting
        "deep_arrays": b"[" * 200_000,
        "deep_objects": _nested(50_000).encode(),
        "deep_answers": _j(native()).replace(b'"answers": {', b'"answers": {"x": '
                                             + _nested(900).encode() + b", ", 1),
        "deep_list_answer": _j(answers(warning_signs=json.loads("[" * 900 + "]" * 900))),
        "deep_own": _j(own(json.loads("[" * 500 + "]" * 500))),
        # encodings
        "utf8_bom": b"\xef\xbb\xbf" + good,
        "utf16_le_bom": text.encode("utf-16"),
        "utf16_be_bom": b"\xfe\xff" + text.encode("utf-16-be"),
        "utf32_bom": text.encode("utf-32"),
        "utf16_no_bom": text.encode("utf-16-le"),
        "latin1_accents": _j(answers(goal="café")).decode("utf-8").encode("latin-1"),
        "bad_utf8": good.replace(b'"Walk"', b'"W\xffalk"'),
        "lone_surrogate_escape": good.replace(b'"Walk"', b'"W\\ud800alk"'),
        "nul_escape": good.replace(b'"Walk"', b'"W\\u0000alk"'),
        # numbers
        "nan_version": good.replace(b'"format_version": 1', b'"format_version": NaN'),
        "infinity_version": good.replace(b'"format_version": 1', b'"format_version": Infinity'),
        "float_version": good.replace(b'"format_version": 1', b'"format_version": 1.0'),
        "version_six_point_o": good.replace(b'"format_version": 1', b'"format_version": 6.0'),
        "bool_version": _j(native(format_version=True)),
        "string_version": _j(native(format_version="1")),
        "version_zero": _j(native(format_version=0)),
        "version_negative": _j(native(format_version=-5)),
        "version_huge": _j(native(format_version=10**30)),
        "version_4000_digits": good.replace(b'"format_version": 1',
                                            b'"format_version": ' + b"9" * 4000),
        "scale_1e400": _j(answers()).replace(b'"coping": true', b'"coping": true, '
                                             b'"pain_average": 1e400'),
        "scale_true": _j(answers(pain_average=True)),
        "scale_float": _j(answers(pain_average=5.0)),
        "scale_big": _j(answers(pain_average=10**40)),
        # versions
        "future_format": _j(native(format_version=saved.FORMAT_VERSION + 1)),
        "future_pathway_version": _j(native(pathway_version="99.0.0")),
        "pathway_version_url": _j(native(pathway_version=f"URGENT: call 0800 000 000 or {URL}")),
        "pathway_version_maths": _j(native(pathway_version="$x^2$")),
        "pathway_version_200k": _j(native(pathway_version="v" * 200_000)),
        "pathway_version_number": _j(native(pathway_version=2)),
        # crafted text in places that are echoed
        "pathway_id_url": _j(native(pathway=URL)),
        "pathway_id_maths": _j(native(pathway="$x^2$")),
        "pathway_id_200k": _j(native(pathway="p" * 200_000)),
        "answer_id_url": _j(native(answers={URL: 1})),
        "answer_value_script": _j(answers(duration="<script>alert(1)</script>")),
        "answer_list_200k": _j(answers(warning_signs=["9999999999"] * 20_000)),
        # other pathways, unknown pathway, hidden answers
        "other_pathway": _j(native(pathway="mid_back_pain")),
        "unknown_pathway": _j(native(pathway="knee_pain")),
        "pathway_missing": _j({k: v for k, v in native().items() if k != "pathway"}),
        "pathway_null": _j(native(pathway=None)),
        "pathway_list": _j(native(pathway=["example"])),
        "hidden_long_term_detail": _j(answers(duration="under_6_weeks")),
        "hidden_tried_exercise": _j(native(answers={"duration": "under_6_weeks",
                                                    "tried_exercise": "helped"})),
        "answers_list": _j(native(answers=[1, 2])),
        "answers_null": _j(native(answers=None)),
        "unknown_question": _j(answers(not_a_question="x")),
        "unknown_choice": _j(answers(duration="forever")),
        "duplicate_keys": good.replace(b'"coping": true', b'"coping": true, "coping": false'),
        # own questions
        "own_dup_ids": _j(own({"id": "own_1", "text": "a"}, {"id": "own_1", "text": "b"})),
        "own_id_is_library_id": _j(own({"id": "ask_options", "text": "a"})),
        "own_id_empty": _j(own({"id": "", "text": "a"})),
        "own_id_space": _j(own({"id": "own 1", "text": "a"})),
        "own_id_long": _j(own({"id": "o" * 500, "text": "a"})),
        "own_21": _j(own(*({"id": f"own_{i}", "text": "q"} for i in range(1, 22)))),
        "own_text_301": _j(own({"id": "own_1", "text": "q" * 301})),
        "own_text_control": _j(own({"id": "own_1", "text": "a\x00b\x1b[31mc\u202ed"})),
        "own_text_surrogate": _j(own({"id": "own_1", "text": "a"})).replace(b'"a"', b'"\\udfff"'),
        "own_not_list": _j(native(my_questions={"own": "x"})),
        "own_item_not_object": _j(own("own_1")),
        "hidden_not_strings": _j(native(my_questions={"hidden": [1], "order": [], "own": []})),
        "order_repeats": _j(native(my_questions={"hidden": [], "order": ["own_1"] * 50,
                                                 "own": [{"id": "own_1", "text": "a"}]})),
        # FHIR QuestionnaireResponse
        "fhir_good": _j(fhir_doc()),
        "fhir_wrong_questionnaire": _j(fhir_doc(questionnaire=URL)),
        "fhir_no_questionnaire": _j({k: v for k, v in fhir_doc().items()
                                     if k != "questionnaire"}),
        "fhir_future_version": _j(fhir_doc(questionnaire=fhir_doc()["questionnaire"].split("|")[0]
                                           + "|99.0")),
        "fhir_version_maths": _j(fhir_doc(questionnaire=fhir_doc()["questionnaire"].split("|")[0]
                                          + "|$x^2$")),
        "fhir_questionnaire_resource": _j(fhir.questionnaire(EXAMPLE)),
        "fhir_items_not_list": _j(fhir_doc(item={"linkId": "x"})),
        "fhir_deep_items": _j(fhir_doc(item=json.loads('[{"item": ' * 300 + "[]" + "}]" * 300))),
        "fhir_unknown_link": _j(fhir_doc(item=[{"linkId": URL, "answer": [{"valueString": "x"}]}])),
        "fhir_duplicate_items": _j(fhir_doc(item=fhir_doc()["item"] * 2)),
        "fhir_wrong_system": _j(fhir_doc(item=[{"linkId": "duration", "answer": [
            {"valueCoding": {"system": URL, "code": "over_3_months"}}]}])),
        "fhir_hidden_answer": _j(fhir_doc(item=[
            {"linkId": "duration", "answer": [{"valueCoding": {"code": "under_6_weeks"}}]},
            {"linkId": "long_term_detail", "answer": [{"valueString": "x"}]}])),
        "fhir_answer_surrogate": _j(fhir_doc()).replace(b'"Walk"', b'"\\ud800"'),
        "fhir_answers_not_list": _j(fhir_doc(item=[{"linkId": "goal", "answer": "x"}])),
        "fhir_resource_type_only": b'{"resourceType": "QuestionnaireResponse"}',
        # not JSON at all
        "zip_of_good_file": _zip(good),
        "zip_bomb_like": _zip(b"0" * 5_000_000),
        "gzip_bomb_like": gzip.compress(b"0" * 5_000_000),
        "yaml": b"format: thoracic-decision-aid/answers\nformat_version: 1\n",
        "yaml_alias_bomb": b'a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\nd: [*c,*c]\n',
        "binary": bytes(range(256)) * 4,
        "png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
        "truncated": good[: len(good) // 2],
        "trailing_garbage": good + b"garbage",
        "two_documents": good + good,
        "json_comments": b"// saved\n" + good,
        "json_array": b"[1, 2, 3]",
        "json_string": b'"hello"',
        "json_null": b"null",
    }
    return {name: (v() if callable(v) else v) for name, v in cases.items()}


CORPUS: dict[str, bytes] = _build()


# --- The second review's files (2026-12-07), built on the SHIPPED pathways ------------------------
#
# The first corpus above is built on the test fixture, which has none of the shipped pathways'
# migrations (moved warning-sign ticks, retired ratings and questions); three files the review
# built on a shipped pathway crashed the upload. These are rebuilt from real saved and FHIR files
# of each shipped pathway, with its retired questions. ``CRAFTED_IDS`` must never be named back.

SHIPPED = {p.id: p for p in (read(f) for f in sorted((ROOT / "pathways").glob("*.yaml")))}
CRAFTED_IDS = ("urgent_call_999_now", "your_pain_may_be_cancer", "visit_evil_example_com",
               "ignore_the_advice_above", "stop_all_your_medicines", "do_not_see_a_doctor")
OLD = "0.1.0"
"""A version of each pathway before the shared warning-sign screen (moved ticks apply)."""


def _screen(p: Any) -> list[str]:
    # The screen's tick lists (its yes/no "checked since" questions show only after a tick).
    return [q.id for s in p.steps if s.kind == "safety" for q in s.questions
            if q.kind == "multiple"]


def shipped_answers(p: Any) -> dict[str, Any]:
    """Answers a person could really have saved: 'none' on the screen, a goal."""
    return {**{q: ["none"] for q in _screen(p)}, "goal": "Walk"}


def shipped_native(p: Any, version: str | None = None, **answers_: Any) -> bytes:
    doc = json.loads(saved.dumps(p, shipped_answers(p)))
    doc["answers"].update(answers_)
    if version is not None:
        doc["pathway_version"] = version
    return _j(doc)


def shipped_fhir(p: Any, version: str | None = None, extra: list[Any] | None = None,
                 **root: Any) -> bytes:
    doc = fhir.response(p, shipped_answers(p))
    if version is not None:
        doc["questionnaire"] = doc["questionnaire"].split("|")[0] + "|" + version
    doc["item"] = [*doc["item"], *(extra or [])]
    doc.update(root)
    return _j(doc)


def _shipped_cases(p: Any) -> dict[str, bytes]:
    first = _screen(p)[0]
    big = int("9" * 4000)
    return {
        # answers (the review's three crashes first)
        "other_version_screen_nested_list": shipped_native(p, OLD, **{first: [["chest_pain"]]}),
        "other_version_screen_dict_in_list": shipped_native(p, OLD, **{first: [{"a": [1]}]}),
        "other_version_screen_null_in_list": shipped_native(p, OLD, **{first: [None, 1, 2.5]}),
        "v010_emergency_signs_nested": shipped_native(p, OLD, emergency_signs=[["chest_pain"]]),
        "v010_emergency_signs_doubled": shipped_native(
            p, OLD, emergency_signs=["chest_pain", "chest_pain", "breathless"]),
        "v010_team_signs_object": shipped_native(p, OLD, team_signs={"not_coping": True}),
        "crafted_ids_other_version": shipped_native(p, OLD, **dict.fromkeys(CRAFTED_IDS, 1)),
        "crafted_ids_this_version": shipped_native(p, None, **dict.fromkeys(CRAFTED_IDS, 1)),
        "retired_values_4000_digits_x13": shipped_native(
            p, "0.3.0", **dict.fromkeys((q.id for q in p.retired.questions if q.rating), big)),
        "retired_values_odd_types": shipped_native(
            p, "0.3.0", value_cost=-1, value_time=11, value_mri=5.5, value_control=True,
            value_evidence="9999999999", value_upkeep=[7]),
        "retired_questions_objects": shipped_native(
            p, "0.3.0", spread={"legs": [1]}, sleep=[["a_lot"]], work=None,
            decision_role="<script>x</script>", pattern=big),
        "none_plus_a_sign": shipped_native(p, None, **{first: ["none", "chest_pain"]}),
        "duplicate_ticks": shipped_native(p, None, **{first: ["none", "none"]}),
        "true_as_scale": shipped_native(p, None, pain_average=True),
        "controls_in_text": shipped_native(p, None, goal="a\x00b\x1b[31mc\x07d\u202ee"),
        "astral_300": shipped_native(p, None, goal="\U0001F600" * 300),
        "maths_and_url": shipped_native(p, None, goal=f"$x^2$ {URL}"),
        # versions and format
        "version_full_width": shipped_native(p, "０.１.０"),
        "version_rtl": shipped_native(p, "0.1.0\u202e"),
        "version_markup": shipped_native(p, "<b>URGENT</b> [x](javascript:alert(1))"),
        "version_newline": shipped_native(p, "0.1.0\n"),
        "proto_key": shipped_native(p, None, __proto__={"polluted": True}),
        "nul_in_key": shipped_native(p, None, **{"a\x00b": 1}),
        "nan_scale": shipped_native(p, None).replace(b'"goal": "Walk"',
                                                     b'"goal": "Walk", "pain_average": NaN'),
        "huge_float": shipped_native(p, None).replace(b'"goal": "Walk"',
                                                      b'"goal": "Walk", "pain_average": 1e308'),
        # FHIR responses
        "fhir_crafted_ids_other_version": shipped_fhir(p, OLD, [
            {"linkId": i, "answer": [{"valueBoolean": True}]} for i in CRAFTED_IDS]),
        "fhir_retired_rating_4000_digits": shipped_fhir(p, "0.3.0", [
            {"linkId": "value_cost", "answer": [{"valueInteger": big}]}]),
        "fhir_value_integer_true": shipped_fhir(p, "0.3.0", [
            {"linkId": "value_cost", "answer": [{"valueInteger": True}]}]),
        "fhir_nested_screen_other_version": shipped_fhir(p, OLD, [
            {"linkId": first, "answer": [{"valueCoding": {"code": ["x"]}}]}]),
        "fhir_empty_items_5000": shipped_fhir(p, None, [{}] * 5000),
        "fhir_unknown_ids_2500": shipped_fhir(p, OLD, [
            {"linkId": f"id_{n}", "answer": [{"valueString": "x"}]} for n in range(2500)]),
        "fhir_own_questions_linkids": shipped_fhir(p, None, [
            {"linkId": "own_questions", "answer": [{"valueString": "q" * 300}]}] * 3),
        "fhir_version_markup": shipped_fhir(p, "<b>URGENT</b>"),
        "fhir_own_group_50_long": shipped_fhir(p, None, [{"linkId": "my_questions", "item": [
            {"linkId": "my_questions.own",
             "answer": [{"valueString": f"{URL} " * 40} for _ in range(50)]}]}]),
        "fhir_own_group_odd_values": shipped_fhir(p, None, [{"linkId": "my_questions", "item": [
            {"linkId": "my_questions.own", "answer": [{"valueString": 7}, {"valueInteger": 1},
                                                      {"valueString": "   "}]}]}]),
    }


SHIPPED_CORPUS: dict[str, bytes] = {
    f"{pid}:{name}": data for pid, p in SHIPPED.items() for name, data in _shipped_cases(p).items()
}
