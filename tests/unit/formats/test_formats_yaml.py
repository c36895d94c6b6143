"""YAML import: module files and bare lists, with each question's line."""

from __future__ import annotations

from quizapp.bank.formats import parse

from .samples import issues, parse_file


def test_module_file_fills_defaults_and_keeps_module_keys():
    result = parse_file("yaml", "yaml/module.yaml")
    assert result.errors == []
    assert result.module == {
        "slug": "history",
        "title": "History",
        "description": "One or two sentences shown on the module card.",
        "article": "000_f9639f57da9db820.txt",
    }
    assert [q.line for q in result.questions] == [6, 19, 29]
    first = result.questions[0].data
    assert first["choices"][2] == {"text": "Japan", "credit": 0}
    assert first["explanation"] == (
        "In the author's words: why the answer is right. Markdown is allowed."
    )
    numeric = result.questions[2].data
    assert numeric["answers"][1] == {"value": 1948, "tolerance": 1, "credit": 1}
    assert numeric["explanation"] == "1948"


def test_bare_list_with_category():
    result = parse_file("yaml", "yaml/bare_list.yaml")
    assert [q.line for q in result.questions] == [2, 12]
    assert result.questions[0].data["explanation"] == "Only an armistice\nwas signed."
    assert result.categories == ["History"]


def test_syntax_error_names_both_lines():
    result = parse_file("yaml", "yaml/syntax_error.yaml")
    assert issues(result.errors) == [
        (
            8,
            "YAML syntax error: found unexpected end of stream (while scanning a quoted "
            "scalar started on line 6)",
        )
    ]


def test_question_that_is_not_a_mapping():
    result = parse_file("yaml", "yaml/bad_shape.yaml")
    assert issues(result.errors) == [(3, "question 1 is not a mapping of keys to values")]
    assert [q.line for q in result.questions] == [4]


def test_wrong_top_level_shapes():
    assert issues(parse("yaml", "").errors) == [(1, "the file is empty")]
    assert parse("yaml", "42").errors[0].line == 1
    assert parse("yaml", "slug: x\n").errors[0].message == "the module has no 'questions' list"
    assert parse("yaml", "a: 1\n---\nb: 2\n").errors[0].line == 2


def test_unknown_keys_are_kept_for_the_app_to_judge():
    text = "- {type: true_false, prompt: Q, answer: true, colour: red}\n"
    assert parse("yaml", text).questions[0].data["colour"] == "red"
