"""The editor registry: every type round-trips through its form, and schema messages land on
the right field in the editor's own terms."""

from __future__ import annotations

from pathlib import Path

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import FieldList

from quizapp.bank.loader import load_banks
from quizapp.content import read_articles
from quizapp.question_types import REGISTRY
from quizapp.teach.editor_checks import check, friendly, problems
from quizapp.teach.editor_view import _marked
from quizapp.teach.editors import EDITORS, build, form_data
from quizapp.teach.services import same_content

QUESTIONS_DIR = Path(__file__).resolve().parents[2] / "questions"
BANK = [
    q for spec in load_banks(QUESTIONS_DIR, read_articles(QUESTIONS_DIR)) for q in spec.questions
]


def browser_formdata(form) -> MultiDict:
    """What a browser sends for a rendered form: every input's shown value."""
    fields = []

    def leaves(field):
        if isinstance(field, FieldList):
            for entry in field.entries:
                yield from (entry.form if hasattr(entry, "form") else [entry])
        else:
            yield field

    for top in form:
        for field in leaves(top):
            if field.type == "BooleanField":
                fields += [(field.name, "y")] if field.data else []
            elif field.type == "RadioField":
                fields += [(field.name, field.data)] if field.data else []
            elif field.type != "CSRFTokenField":
                fields.append((field.name, field._value()))
    return MultiDict(fields)


def submitted(app, type_id: str, formdata: MultiDict):
    with app.test_request_context(method="POST", data=formdata):
        return EDITORS[type_id].form_class(meta={"csrf": False})


def test_every_type_has_an_editor():
    assert set(EDITORS) == set(REGISTRY)


@pytest.mark.parametrize("question", BANK, ids=lambda q: q["id"])
def test_bank_questions_round_trip_through_the_form(app, question):
    editor = EDITORS[question["type"]]
    with app.test_request_context():
        shown = editor.form_class(data=form_data(editor, question), meta={"csrf": False})
        formdata = browser_formdata(shown)
    form = submitted(app, question["type"], formdata)
    with app.test_request_context(method="POST", data=formdata):
        qdict = check(editor, form, article=None)
    assert problems(editor, form) == []
    expected = {k: v for k, v in question.items() if k != "id"}
    assert same_content(qdict, expected), (qdict, expected)


def test_blank_rows_are_ignored_and_messages_name_the_form_row(app):
    formdata = MultiDict(
        {
            "prompt": "Q?",
            "explanation": "E",
            "points": "1",
            "choices-0-text": "",
            "choices-1-text": "Right",
            "choices-1-credit": "100",
            "choices-2-text": "",
            "choices-3-text": "Too good",
            "choices-3-credit": "150",
        }
    )
    editor = EDITORS["single_choice"]
    form = submitted(app, "single_choice", formdata)
    with app.test_request_context(method="POST", data=formdata):
        assert build(editor, form)[1] == [1, 3]
        assert check(editor, form, article=None) is None
    assert form.choices[3].form.credit.errors == [
        "Choice 4: credit must be between 0% and 100%, not 150%"
    ]
    assert [(p.target, p.label) for p in problems(editor, form)] == [
        ("choices-3-credit", "Choice 4: Credit %")
    ]


def test_a_field_that_is_not_a_number_keeps_one_clear_message(app):
    formdata = MultiDict({"prompt": "Q?", "explanation": "E", "points": "two", "answer": "true"})
    editor = EDITORS["true_false"]
    form = submitted(app, "true_false", formdata)
    with app.test_request_context(method="POST", data=formdata):
        assert check(editor, form, article=None) is None
    assert form.points.errors == ["Enter a number, e.g. 50, -12.5 or 20,000."]


@pytest.mark.parametrize(
    "message, shown",
    [
        (
            "a single-choice question needs exactly one correct choice (credit 1), found 2",
            "A single-choice question needs exactly one correct choice (credit 100%), found 2",
        ),
        (
            "the credits of the correct choices must add up to 1, they add up to 0.75",
            "The credits of the correct choices must add up to 100%, they add up to 75%",
        ),
        (
            ": credit must be between -1 and 1, not -1.5",
            ": credit must be between -100% and 100%, not -150%",
        ),
        ("missing required key 'prompt'", "Write the question."),
        (
            "'points' must be a number above 0 and at most 100",
            "Points must be a number above 0 and at most 100",
        ),
        (
            'Quote not found in the article: "it\'s 1 credit"',
            'Quote not found in the article: "it\'s 1 credit"',
        ),
    ],
)
def test_friendly_messages(message, shown):
    assert friendly(message) == shown


def test_numbers_are_read_as_people_type_them(app):
    formdata = MultiDict(
        {"answers-0-value": "20,000", "answers-0-tolerance": "−5", "answers-0-credit": "50%"}
    )
    form = submitted(app, "numeric", formdata)
    row = form.answers[0].form
    assert (row.value.data, row.tolerance.data, row.credit.data) == (20000.0, -5.0, 50.0)
    assert form_data(EDITORS["numeric"], {"answers": [{"value": 1953.0}]})["answers"][0] == {
        "value": 1953.0,
        "tolerance": 0.0,
        "credit": 100.0,
        "feedback": "",
    }


def test_marked_passages_escape_and_merge_overlapping_quotes():
    text = "Kim & Putin <met> in Vladivostok"
    assert str(_marked(text, [(0, 11), (6, 17)])) == (
        "<mark>Kim &amp; Putin</mark><mark> &lt;met&gt;</mark> in Vladivostok"
    )
    assert str(_marked(text, [])) == "Kim &amp; Putin &lt;met&gt; in Vladivostok"
