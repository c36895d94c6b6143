"""CSV import: the documented header, `|` lists with markers and escapes, row line numbers."""

from __future__ import annotations

from quizapp.bank.formats import parse

from .samples import by_id, issues, parse_file


def test_all_types_from_a_spreadsheet():
    result = parse_file("csv", "csv/all_types.csv")
    assert result.errors == []
    assert [q.line for q in result.questions] == [2, 3, 4, 5, 6, 7, 8, 9, 10]
    questions = by_id(result)
    assert questions["soviet-backing"]["points"] == 2
    assert questions["soviet-backing"]["choices"][1] == {
        "text": "China",
        "credit": 0,
        "feedback": "China helped later, in the Korean War.",
    }
    assert [c["credit"] for c in questions["dynasties"]["choices"]] == [0.5, 0.5, -1]
    assert questions["dynasties"]["evidence"] == ["quote one", "quote two, with a comma"]
    assert questions["treaty"]["answer"] is False
    assert [(a["text"], a["credit"]) for a in questions["founder"]["answers"]] == [
        ("Kim Il-sung", 1),
        ("김일성", 1),
        ("Kim", 0.5),
    ]
    assert questions["war-start"]["answers"][1] == {
        "value": 1950,
        "tolerance": 1,
        "credit": 0.5,
        "feedback": "Close.",
    }
    assert questions["pi"]["answers"] == [{"value": 3.1415, "tolerance": 0.0005, "credit": 1}]
    assert questions["pi"]["points"] == 0.5
    assert questions["events"]["items"] == [
        "Division of Korea",
        "Korean War begins",
        "Armistice signed",
    ]
    assert questions["leaders"]["distractors"] == ["1953-1960"]


def test_escapes_and_multi_line_cells():
    question = by_id(parse_file("csv", "csv/all_types.csv"))["escapes"]
    assert question["prompt"] == 'A prompt with "quotes", commas\nand a second line.'
    assert [c["text"] for c in question["choices"]] == [
        "a | b",
        "c # d",
        "*star",
        "50% off",
        "e -> f",
    ]
    assert [c["credit"] for c in question["choices"]] == [1, 0, 0, 0, 0]
    assert question["explanation"] == "Line one\nline two"


def test_semicolon_delimited_unicode_and_crlf():
    result = parse_file("csv", "csv/semicolon.csv")
    assert result.errors == []
    assert result.questions[0].data["prompt"] == "Où est Pyongyang ?"
    assert result.questions[1].data["answer"] is True


def test_bad_type_on_line_4():
    result = parse_file("csv", "csv/bad_type.csv")
    assert issues(result.errors) == [
        (
            4,
            "unknown question type 'multi_choice' (expected one of: single_choice, "
            "multiple_response, true_false, short_answer, numeric, ordering, matching)",
        )
    ]
    assert [q.line for q in result.questions] == [2, 5]


def test_unknown_missing_and_duplicate_columns():
    result = parse_file("csv", "csv/bad_header.csv")
    assert result.questions == []
    assert [e.line for e in result.errors] == [1, 1, 1]
    assert result.errors[0].message.startswith("unknown column(s): kind, question")
    assert result.errors[1].message == "missing required column(s): type, prompt"
    assert result.errors[2].message == "column(s) named twice: explanation"


def test_row_errors_name_their_line():
    result = parse_file("csv", "csv/row_errors.csv")
    assert issues(result.errors) == [
        (2, "Numerical answer must be a number, got 'twelve'"),
        (3, "a true_false answer must be true or false, got 'maybe'"),
        (4, "There are not enough answers for this question type"),
        (5, "Matching question answers are improperly formatted: 'c d' has no '->'"),
        (6, "the 'choices' column is not used by short_answer questions (put them in 'answer')"),
        (7, "points must be a number, got 'two'"),
        (8, "the 'unit' column is only for numeric questions"),
        (9, "the row has 7 cells but the header has 6 columns"),
    ]


def test_optional_columns_and_empty_file():
    text = "type,prompt,answer,unit,feedback_true,category\nnumeric,How far?,10,km,,Geo\n"
    question = parse("csv", text).questions[0].data
    assert (question["unit"], question["category"]) == ("km", "Geo")
    assert issues(parse("csv", "\n\n").errors) == [(1, "the file has no header row")]


def test_row_starting_after_a_multi_line_cell_has_the_right_line():
    text = 'type,prompt,answer\ntrue_false,"one\ntwo\nthree",true\nnumeric,Q,x\n'
    assert issues(parse("csv", text).errors) == [(5, "Numerical answer must be a number, got 'x'")]
