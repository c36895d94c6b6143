"""Moodle XML import: all types, Moodle's grade list, and unsafe or broken XML."""

from __future__ import annotations

import pytest

from quizapp.bank.formats import parse

from .samples import by_id, issues, parse_file


@pytest.fixture(scope="module")
def export():
    return parse_file("moodle-xml", "xml/moodle_export.xml")


def test_reads_every_type_at_its_question_line(export):
    assert export.errors == []
    assert [(q.line, q.data["type"]) for q in export.questions] == [
        (15, "single_choice"),
        (67, "true_false"),
        (96, "short_answer"),
        (126, "numeric"),
        (178, "matching"),
        (217, "ordering"),
    ]


def test_multichoice_html_kept_points_evidence_category(export):
    question = by_id(export)["q1-war-start"]
    assert question == {
        "id": "q1-war-start",
        "type": "single_choice",
        "prompt": "<p>In which year did the <strong>Korean War</strong> start?</p>",
        "points": 2,
        "choices": [
            {"text": "<p>1950</p>", "credit": 1, "feedback": "<p>Yes.</p>"},
            {"text": "<p>1949</p>", "credit": 0.5},
            {"text": "1953", "credit": 0, "feedback": "That is the armistice."},
        ],
        "explanation": "<p>North Korea invaded on 25 June 1950.</p>",
        "evidence": ["North Korea invaded South Korea in June 1950"],
        "category": "$course$/top/Default for KOR101/Korean War",
    }
    assert export.categories == ["$course$/top/Default for KOR101/Korean War"]


def test_truefalse_feedback_follows_the_answer_it_belongs_to(export):
    question = by_id(export)["q2-treaty"]
    assert (question["answer"], question["feedback_true"], question["feedback_false"]) == (
        False,
        "No: only an armistice was signed.",
        "Right.",
    )


def test_numerical_tolerance_unit_and_dropped_catch_all(export):
    question = by_id(export)["q4-dmz-length"]
    assert question["answers"] == [
        {"value": 250, "tolerance": 10, "credit": 1},
        {"value": 250, "tolerance": 50, "credit": 0.3333333, "feedback": "Roughly."},
    ]
    assert question["unit"] == "km"
    assert issues(export.warnings) == [
        (154, "catch-all answer (*) dropped: the app has no catch-all"),
        (170, "unit 'mi' dropped: only one unit (multiplier 1) is supported"),
    ]


def test_matching_empty_subquestion_is_a_distractor(export):
    question = by_id(export)["q5-leaders"]
    assert question["pairs"] == [
        {"left": "Kim Il-sung", "right": "1948-1994"},
        {"left": "Kim Jong-il", "right": "1994-2011"},
    ]
    assert question["distractors"] == ["1953-1960"]
    assert question["points"] == 3


def test_ordering_follows_the_fractions_not_the_file_order(export):
    assert by_id(export)["q6-events"]["items"] == [
        "Division of Korea",
        "Korean War begins",
        "Armistice signed",
    ]


def test_essay_and_description_skipped_with_lines(export):
    assert issues(export.skipped) == [
        (249, "essay questions are not supported"),
        (260, "description (no answer)"),
    ]


def test_multiple_response_rounded_fractions_negatives_unicode():
    result = parse_file("moodle-xml", "xml/multiresponse.xml")
    assert result.errors == []
    dynasties, single = (q.data for q in result.questions)
    assert "id" not in dynasties  # a name in Hangul gives no [a-z0-9-] id
    assert dynasties["type"] == "multiple_response"
    assert dynasties["prompt"] == "Which were **Korean** dynasties? (한국)"
    assert [c["credit"] for c in dynasties["choices"]] == [
        0.3333333,
        0.3333333,
        0.3333333,
        -1,
        -0.1666667,
    ]
    assert dynasties["shuffle"] is False
    assert single["type"] == "single_choice" and "shuffle" not in single
    assert single["prompt"] == "Where is Pyongyang? <North> & more"


def test_fraction_outside_moodles_list_is_an_error_at_its_answer():
    result = parse_file("moodle-xml", "xml/fraction_37.xml")
    assert result.questions == []
    assert len(result.errors) == 1
    assert result.errors[0].line == 10
    assert result.errors[0].message.startswith("answer fraction 37 is not one of Moodle's grades")


@pytest.mark.parametrize(("name", "line"), [("entity_bomb.xml", 2), ("external_entity.xml", 3)])
def test_dtd_and_entities_are_refused_not_expanded(name, line):
    result = parse_file("moodle-xml", f"xml/{name}")
    assert result.questions == []
    assert issues(result.errors) == [
        (
            line,
            "The XML declares a DTD, entities or external "
            "references, which are not allowed (DTDForbidden)",
        )
    ]


def test_malformed_xml_reports_the_parser_line():
    result = parse_file("moodle-xml", "xml/malformed.xml")
    assert issues(result.errors) == [(8, "The XML is not well-formed: mismatched tag")]


def test_unknown_type_and_bad_answers():
    result = parse_file("moodle-xml", "xml/type_errors.xml")
    assert issues(result.errors) == [
        (3, "Unknown question type 'multichoise'"),
        (14, "Numerical answer must be a number, got 'twelve'"),
        (16, "No answers found for numerical question"),
        (21, "There are not enough answers for this question type"),
    ]
    assert issues(result.skipped) == [(7, "calculated questions are not supported")]
    assert [q.data["id"] for q in result.questions] == ["good-one"]


def test_root_must_be_quiz():
    result = parse_file("moodle-xml", "xml/not_quiz.xml")
    assert issues(result.errors) == [(2, "The root element must be <quiz>, not <questions>")]


def test_undefined_entity_and_empty_input():
    assert parse("moodle-xml", "<quiz>\n&nbsp;</quiz>").errors[0].line == 2
    assert parse("moodle-xml", "").errors[0].line == 1


def test_bad_defaultgrade_and_truefalse_without_false():
    text = """<quiz>
<question type="truefalse"><defaultgrade>lots</defaultgrade></question>
<question type="truefalse">
  <answer fraction="100"><text>true</text></answer>
</question>
</quiz>"""
    assert issues(parse("moodle-xml", text).errors) == [
        (2, "defaultgrade must be a number, got 'lots'"),
        (3, "A true/false question needs a 'true' and a 'false' answer"),
    ]
