"""Aiken import, with Moodle's error messages and line numbers (blank lines count)."""

from __future__ import annotations

from quizapp.bank.formats import parse

from .samples import issues, parse_file


def test_capitals_all_option_styles():
    result = parse_file("aiken", "aiken/capitals.txt")
    assert result.errors == []
    assert [q.line for q in result.questions] == [1, 7, 15]
    first = result.questions[0].data
    assert first == {
        "type": "single_choice",
        "prompt": "What is the capital of North Korea?",
        "points": 1,
        "choices": [
            {"text": "Pyongyang", "credit": 1},
            {"text": "Seoul", "credit": 0},
            {"text": "Kaesong", "credit": 0},
        ],
        "explanation": "",
        "evidence": [],
    }
    river = result.questions[1].data["choices"]
    assert [c["text"] for c in river] == ["Han", "Yalu", "Taedong", "Imjin"]
    assert [c["credit"] for c in river] == [0, 1, 0, 0]
    # "A)1950": no space after the label is valid.
    assert [c["text"] for c in result.questions[2].data["choices"]] == ["1950", "1953"]


def test_unicode():
    result = parse_file("aiken", "aiken/korean.txt")
    assert result.errors == []
    assert result.questions[0].data["prompt"] == "북한의 수도는 어디입니까?"
    assert result.questions[0].data["choices"][0] == {"text": "평양", "credit": 1}
    assert result.questions[1].data["choices"][1]["text"] == "La mer de l'Est (mer du Japon)"


def test_missing_answer_before_next_question():
    result = parse_file("aiken", "aiken/missing_answer.txt")
    assert issues(result.errors) == [
        (10, "Question not completed before next question start on line 10")
    ]


def test_missing_answer_at_end_of_file_is_an_error_not_silently_dropped():
    result = parse_file("aiken", "aiken/missing_answer_at_end.txt")
    assert issues(result.errors) == [
        (
            6,
            "Question not completed: the question on line 6 has no ANSWER line before the end "
            "of file",
        )
    ]


def test_one_option_is_not_enough():
    result = parse_file("aiken", "aiken/one_option.txt")
    assert issues(result.errors) == [(3, "Question must have at least 2 answers on line 3")]


def test_option_before_any_question():
    result = parse_file("aiken", "aiken/not_started.txt")
    assert issues(result.errors)[0] == (2, "Question not started on line 2")


def test_letters_out_of_sequence_and_unknown_answer_letter():
    result = parse_file("aiken", "aiken/bad_letters.txt")
    assert issues(result.errors) == [
        (3, "Option C on line 3 is out of sequence (expected B)"),
        (4, "ANSWER on line 4 must be one of the option letters (A, B), got 'C'"),
        (9, "ANSWER on line 9 must be one of the option letters (A, B), got 'E'"),
    ]


def test_answer_naming_two_letters_is_refused():
    result = parse("aiken", "Q?\nA) x\nB) y\nANSWER: A, B\n")
    assert result.errors[0].line == 4 and result.questions == []
