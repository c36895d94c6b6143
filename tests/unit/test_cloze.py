"""The cloze type: validation, reading a form, grading each gap, and Moodle's cloze syntax."""

from __future__ import annotations

import random

import pytest
from werkzeug.datastructures import MultiDict

from quizapp.bank.formats import canonical_question, export, parse
from quizapp.bank.formats.cloze_syntax import parse_cloze, write_cloze
from quizapp.bank.schema import normalise_question, validate_question
from quizapp.question_types import ResponseError, get_type
from quizapp.rendering import cloze_parts

CLOZE = get_type("cloze")
QUESTION = {
    "id": "summit-cloze",
    "type": "cloze",
    "prompt": "Fill in the gaps.",
    "explanation": "From the article.",
    "evidence": ["Kim's second known visit"],
    "text": "Kim met {#1} in {#2}, his visit number {#3}.",
    "gaps": [
        {
            "kind": "short",
            "answers": [
                {"text": "Vladimir Putin", "credit": 1, "feedback": "Yes."},
                {"text": "Putin", "credit": 0.5, "feedback": "Give the full name."},
            ],
        },
        {
            "kind": "choice",
            "weight": 2,
            "display": "vertical",
            "choices": [
                {"text": "Russia", "credit": 1},
                {"text": "China", "credit": 0, "feedback": "No, Russia."},
            ],
        },
        {"kind": "numeric", "answers": [{"value": 2, "tolerance": 0, "credit": 1}]},
    ],
}


def data() -> dict:
    assert validate_question(QUESTION) == []
    return normalise_question(QUESTION)


def test_each_gap_earns_its_weighted_share():
    d = data()
    assert CLOZE.grade(d, CLOZE.model_answer(d)).credit == 1
    # full name (1) + wrong country (0, weight 2) + right number (1): 2 of 4
    assert CLOZE.grade(d, ["vladimir PUTIN ", 1, "2"]).credit == pytest.approx(0.5)
    graded = CLOZE.grade(d, ["Putin", 0, None])
    assert graded.credit == pytest.approx((0.5 + 2) / 4)
    assert graded.outcome == "partial"
    assert graded.feedback == ("Gap 1: Give the full name.",)
    assert CLOZE.grade(d, None).credit == 0
    assert CLOZE.grade(d, "not a list").credit == 0


def test_review_describes_answers_and_key_per_gap():
    d = data()
    assert CLOZE.describe_answer(d, ["Putin", 1, None]) == "Gap 1: Putin; Gap 2: China; Gap 3: —"
    assert CLOZE.describe_key(d) == "Gap 1: Vladimir Putin; Gap 2: Russia; Gap 3: 2"


def test_reads_a_form_through_the_shuffled_layout():
    d = data()
    d["gaps"][1]["shuffle"] = True
    layout = CLOZE.layout(d, random.Random(3))
    order = layout["orders"]["1"]
    russia_at = order.index(0)
    form = MultiDict({"q1-0": " Putin ", "q1-1": str(russia_at), "q1-2": "2"})
    answer = CLOZE.read_response(d, layout, form, "q1")
    assert answer == ["Putin", 0, "2"]
    assert CLOZE.form_values(d, layout, answer) == {0: "Putin", 1: russia_at, 2: "2"}
    assert CLOZE.read_response(d, layout, MultiDict({"q1-0": " "}), "q1") is None
    quiz_says_no = CLOZE.layout({**d, "shuffle": False}, random.Random(3))
    assert quiz_says_no["orders"]["1"] == [0, 1]


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"q1-2": "two"}, "Gap 3: “two” is not a number. Type digits."),
        ({"q1-1": "7"}, "Gap 2: choose one of the options shown."),
        ({"q1-0": "x" * 501}, "Gap 1: keep the answer under 500 characters."),
    ],
)
def test_unreadable_gaps_name_the_gap(form, message):
    d = data()
    with pytest.raises(ResponseError, match=message):
        CLOZE.read_response(d, CLOZE.layout(d, random.Random(0)), MultiDict(form), "q1")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"text": "No markers here."}, "gap 1: the text must hold its marker {#1} exactly once"),
        ({"text": "{#1} {#2} {#3} {#4}"}, "the text has markers with no gap: {#4}"),
        ({"gaps": []}, "a cloze question needs at least one gap"),
        ({"text": ""}, "'text' must hold the text with its gaps"),
    ],
)
def test_validation_names_the_problem(change, message):
    assert message in validate_question({**QUESTION, **change})


def test_gap_validation_errors():
    bad = {
        **QUESTION,
        "gaps": [
            {"kind": "short", "answers": [{"text": "Putin", "credit": 0.5}]},
            {"kind": "choice", "choices": [{"text": "Russia", "credit": 1}]},
            {"kind": "essay", "answers": []},
        ],
    }
    assert validate_question(bad) == [
        "gap 1: at least one accepted answer must have credit 1",
        "gap 2: a choice gap needs at least 2 choices",
        "gap 3: kind must be one of short, numeric, choice, not 'essay'",
    ]
    weight = {**QUESTION, "gaps": [{**QUESTION["gaps"][0], "weight": 0}, *QUESTION["gaps"][1:]]}
    assert validate_question(weight) == ["gap 1: weight must be between 1 and 100"]


def test_moodle_syntax_reads_every_gap_form():
    text = (
        r"A {1:SHORTANSWER:=Paris#Yes~%50%paris\} fr#close~*#No} B {2:NM:=2.5:0.5~%50%2:1~*} "
        r"C {:MCVS:France~=Spain\#1#ok} D {3:SAC:=Kim} E {1:MCH:=a~b} F {1:MC:=c~d}"
    )
    read = parse_cloze(text)
    assert read.errors == []
    assert read.text == "A {#1} B {#2} C {#3} D {#4} E {#5} F {#6}"
    assert read.gaps[0]["answers"][1] == {"text": "paris} fr", "credit": 0.5, "feedback": "close"}
    assert read.gaps[1] == {
        "kind": "numeric",
        "weight": 2,
        "answers": [
            {"value": 2.5, "tolerance": 0.5, "credit": 1},
            {"value": 2, "tolerance": 1, "credit": 0.5},
        ],
    }
    assert read.gaps[2]["choices"][1] == {"text": "Spain#1", "credit": 1, "feedback": "ok"}
    assert (read.gaps[2]["display"], read.gaps[2]["shuffle"]) == ("vertical", True)
    assert [g["kind"] for g in read.gaps] == ["short", "numeric", "choice", "short"] + [
        "choice"
    ] * 2
    assert [g.get("display") for g in read.gaps[4:]] == ["horizontal", "dropdown"]
    assert read.warnings == [
        "gap 2: catch-all answer (*) dropped: the app has no catch-all",
        "gap 4: case-sensitive matching is not supported; case ignored",
    ]
    # and the gaps it reads are valid cloze data
    question = {**QUESTION, "text": read.text, "gaps": read.gaps}
    assert validate_question(question) == []


def test_moodle_syntax_errors():
    assert parse_cloze("{1:MULTIRESPONSE:=a~=b}").errors == [
        "gap 1: multiple-response gaps (MULTIRESPONSE) are not supported"
    ]
    assert parse_cloze("{1:ESSAY:=a}").errors == ["gap 1: unknown gap type 'ESSAY'"]
    assert parse_cloze("{1:NM:=ten}").errors == ["gap 1: 'ten' is not a number (value:tolerance)"]
    assert parse_cloze("no gaps").errors == ["the text has no gaps such as {1:SHORTANSWER:=answer}"]


def test_moodle_syntax_writes_what_it_reads():
    d = data()
    written = write_cloze(d["text"], d["gaps"])
    assert "{1:SHORTANSWER:=Vladimir Putin#Yes.~%50%Putin#Give the full name.}" in written
    assert "{2:MULTICHOICE_V:=Russia~China#No, Russia.}" in written
    read = parse_cloze(written)
    assert normalise_question({**QUESTION, "text": read.text, "gaps": read.gaps}) == d


def test_moodle_xml_round_trip():
    module = {"slug": "cloze-mod", "title": "Cloze", "description": "", "questions": [QUESTION]}
    exported = export("moodle-xml", module)
    assert exported.warnings == []
    assert '<question type="cloze">' in exported.text
    result = parse("moodle-xml", exported.text)
    assert result.errors == []
    assert [q.data for q in result.questions] == [canonical_question(QUESTION)]


def test_moodle_xml_import_of_a_moodle_cloze():
    xml = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="cloze">
    <name><text>Capitals</text></name>
    <questiontext format="html"><text><![CDATA[<p>Paris is in {1:MCV:=France~Spain}, \
{2:NUMERICAL:=2.1:0.1} million live there.</p>]]></text></questiontext>
    <generalfeedback format="html"><text></text></generalfeedback>
    <penalty>0.3333333</penalty>
    <hidden>0</hidden>
  </question>
  <question type="cloze">
    <name><text>Bad</text></name>
    <questiontext format="html"><text>{1:MR:=a~=b}</text></questiontext>
  </question>
</quiz>"""
    result = parse("moodle-xml", xml)
    assert [(e.line, e.message) for e in result.errors] == [
        (10, "gap 1: multiple-response gaps (MR) are not supported")
    ]
    (question,) = [q.data for q in result.questions]
    assert question["prompt"] == "Fill in the gaps."
    assert question["text"] == "<p>Paris is in {#1}, {#2} million live there.</p>"
    assert question["gaps"][1] == {
        "kind": "numeric",
        "weight": 2,
        "answers": [{"value": 2.1, "tolerance": 0.1, "credit": 1}],
    }


def test_every_gap_gets_its_input_in_the_rendered_text():
    parts = cloze_parts('**Kim** met {#1} in [x](http://a.b "{#2}").', 2)
    assert [gap for _, gap in parts] == [0, None, 1]
    assert str(parts[0][0]) == "<p><strong>Kim</strong> met "


def test_yaml_round_trip_and_gift_leaves_cloze_out_with_a_warning():
    module = {"slug": "cloze-mod", "title": "Cloze", "description": "", "questions": [QUESTION]}
    result = parse("yaml", export("yaml", module).text)
    assert [q.data for q in result.questions] == [canonical_question(QUESTION)]
    gift = export("gift", module)
    assert gift.warnings == [
        "question 1 (summit-cloze): cloze questions cannot be written as GIFT; left out"
    ]
