"""The question editor through the test client: create and edit every type, validation
messages, evidence checks and the preview."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Evidence, Module, Question, QuestionVersion, Response
from tests.functional.test_teach_helpers import a_quote, form_fields, submit_editor

NEW = "/teach/modules/history/questions/new/{}"

CREATE_CASES = {
    "single_choice": (
        {
            "choices-0-text": "The Soviet Union",
            "choices-0-credit": "100",
            "choices-1-text": "China",
            "choices-1-credit": "50",
            "choices-1-feedback": "China helped later.",
            "choices-2-text": "Japan",
        },
        {
            "choices": [
                {"text": "The Soviet Union", "credit": 1.0},
                {"text": "China", "credit": 0.5, "feedback": "China helped later."},
                {"text": "Japan", "credit": 0.0},
            ],
            "shuffle": True,
        },
    ),
    "multiple_response": (
        {
            "choices-0-text": "Russia",
            "choices-0-credit": "50",
            "choices-2-text": "China",  # a blank row in between is ignored
            "choices-2-credit": "50",
            "choices-3-text": "Japan",
            "choices-3-credit": "-50",
            "shuffle": [],  # unticked
        },
        {
            "choices": [
                {"text": "Russia", "credit": 0.5},
                {"text": "China", "credit": 0.5},
                {"text": "Japan", "credit": -0.5},
            ],
            "shuffle": False,
        },
    ),
    "true_false": (
        {"answer": "false", "feedback_true": "Read the second paragraph again."},
        {"answer": False, "feedback_true": "Read the second paragraph again."},
    ),
    "short_answer": (
        {
            "answers-0-text": "Vladivostok",
            "answers-1-text": "Vladivostock",
            "answers-1-credit": "50",
            "answers-1-feedback": "Check the spelling.",
        },
        {
            "answers": [
                {"text": "Vladivostok", "credit": 1.0},
                {"text": "Vladivostock", "credit": 0.5, "feedback": "Check the spelling."},
            ]
        },
    ),
    "numeric": (
        {
            "answers-0-value": "1953",
            "answers-1-value": "1,950",
            "answers-1-tolerance": "2",
            "answers-1-credit": "50",
            "unit": "year",
        },
        {
            "answers": [
                {"value": 1953.0, "tolerance": 0.0, "credit": 1.0},
                {"value": 1950.0, "tolerance": 2.0, "credit": 0.5},
            ],
            "unit": "year",
        },
    ),
    "ordering": (
        {"items-0": "Cold War", "items-1": "Korean War", "items-2": "Hanoi summit"},
        {"items": ["Cold War", "Korean War", "Hanoi summit"]},
    ),
    "matching": (
        {
            "pairs-0-left": "Sword",
            "pairs-0-right": "Putin",
            "pairs-1-left": "Sabre",
            "pairs-1-right": "Kim",
            "pairs-2-left": "Tea set",
            "pairs-2-right": "Kim",
            "distractors": "Xi\nTrump",
        },
        {
            "pairs": [
                {"left": "Sword", "right": "Putin"},
                {"left": "Sabre", "right": "Kim"},
                {"left": "Tea set", "right": "Kim"},
            ],
            "distractors": ["Xi", "Trump"],
        },
    ),
}


def common(prompt: str = "A *new* question?", quote: str | None = None) -> dict:
    return {
        "prompt": prompt,
        "points": "2",
        "explanation": "Because the article **says so**.",
        "evidence": quote or a_quote(),
    }


def question_count() -> int:
    return db.session.scalar(select(func.count(Question.id)))


@pytest.mark.parametrize("type_id", list(CREATE_CASES))
def test_create_each_type(teacher_client, type_id):
    values, expected = CREATE_CASES[type_id]
    before = question_count()
    response = submit_editor(
        teacher_client, NEW.format(type_id), {**common(), **values}, follow_redirects=True
    )
    assert response.status_code == 200, response.text
    assert "Question created." in response.text
    assert question_count() == before + 1
    question = db.session.scalars(select(Question).order_by(Question.id.desc())).first()
    version = question.current
    assert (version.number, version.type, version.points) == (1, type_id, 2.0)
    assert version.prompt == "A *new* question?"
    assert version.data == expected
    assert [e.quote for e in version.evidence] == [a_quote()]
    assert version.evidence[0].passage.text[version.evidence[0].start :].startswith(a_quote()[:5])
    assert question.module.slug == "history" and not question.retired
    assert "<em>new</em>" in response.text  # the list renders the prompt's Markdown


def seeded_question(type_id: str) -> Question:
    return db.session.scalars(
        select(Question)
        .join(QuestionVersion)
        .where(QuestionVersion.type == type_id, QuestionVersion.is_current.is_(True))
        .order_by(Question.id)
    ).first()


@pytest.mark.parametrize("type_id", list(CREATE_CASES))
def test_edit_form_shows_the_stored_question_and_saves_unchanged_data(teacher_client, type_id):
    question = seeded_question(type_id)
    before = dict(question.current.data)
    url = f"/teach/questions/{question.id}/edit"
    page = teacher_client.get(url)
    assert page.status_code == 200
    sent = form_fields(page.text)
    assert sent["prompt"] == question.current.prompt
    assert sent.getlist("evidence")[0].splitlines() == [e.quote for e in question.current.evidence]
    response = submit_editor(teacher_client, url, {"prompt": "Reworded?"}, follow_redirects=True)
    assert response.status_code == 200 and "Question saved." in response.text
    db.session.refresh(question)
    assert question.current.prompt == "Reworded?"
    assert question.current.number == 1  # nobody answered it yet: updated in place
    assert question.current.data == before  # the form round-trips every key


def test_edit_changes_the_answer_key(teacher_client):
    question = seeded_question("numeric")
    url = f"/teach/questions/{question.id}/edit"
    submit_editor(teacher_client, url, {"answers-0-value": "42", "answers-0-tolerance": "0.5"})
    db.session.refresh(question)
    assert question.current.data["answers"][0]["value"] == 42.0
    assert question.current.data["answers"][0]["tolerance"] == 0.5


INVALID_CASES = [
    (
        "single_choice",
        {
            "choices-0-text": "A",
            "choices-0-credit": "100",
            "choices-1-text": "B",
            "choices-1-credit": "100",
        },
        "A single-choice question needs exactly one correct choice (credit 100%), found 2",
        "choices",
    ),
    (
        "single_choice",
        {"choices-0-text": "A", "choices-1-text": "B"},
        "needs exactly one correct choice (credit 100%), found 0",
        "choices",
    ),
    (
        "single_choice",
        {"choices-1-text": "A", "choices-1-credit": "150", "choices-2-text": "B"},
        "Choice 2: credit must be between 0% and 100%, not 150%",
        "choices-1-credit",
    ),
    (
        "single_choice",
        {"choices-0-text": "A", "choices-0-credit": "lots", "choices-1-text": "B"},
        "Enter a number, e.g. 50, -12.5 or 20,000.",
        "choices-0-credit",
    ),
    (
        "multiple_response",
        {
            "choices-0-text": "A",
            "choices-0-credit": "100",
            "choices-1-text": "B",
            "choices-1-credit": "50",
        },
        "The credits of the correct choices must add up to 100%, they add up to 150%",
        "choices",
    ),
    (
        "numeric",
        {"answers-0-value": "1953", "answers-0-tolerance": "-1"},
        "Answer 1: tolerance cannot be negative",
        "answers-0-tolerance",
    ),
    (
        "numeric",
        {"answers-0-tolerance": "1"},
        "Answer 1: value must be a number",
        "answers-0-value",
    ),
    (
        "ordering",
        {"items-0": "First", "items-1": "Second"},
        "An ordering needs at least 3 items",
        "items",
    ),
    (
        "matching",
        {"pairs-0-left": "Sword", "pairs-0-right": "Putin"},
        "A matching question needs at least 2 pairs",
        "pairs",
    ),
    (
        "matching",
        {"pairs-0-left": "Sword", "pairs-1-left": "Sabre", "pairs-1-right": "Kim"},
        "Pair 1 needs both a left and a right text",
        "pairs-0-left",
    ),
    (
        "short_answer",
        {"answers-0-text": "Hanoi", "answers-0-credit": "50"},
        "At least one accepted answer must have credit 100%",
        "answers",
    ),
    ("true_false", {}, "Choose whether the statement is true or false.", "answer"),
    (
        "true_false",
        {"answer": "false", "prompt": "  "},
        "Write the question.",
        "prompt",
    ),
    (
        "true_false",
        {"answer": "true", "points": "0"},
        "Points must be a number above 0 and at most 100",
        "points",
    ),
    (
        "true_false",
        {"answer": "true", "evidence": ""},
        "Add at least one quote from the article as evidence.",
        "evidence",
    ),
]


@pytest.mark.parametrize("type_id, values, message, target", INVALID_CASES)
def test_invalid_questions_come_back_with_messages(
    teacher_client, type_id, values, message, target
):
    before = question_count()
    typed = {**common(prompt="Keep what I typed, please"), **values}
    response = submit_editor(teacher_client, NEW.format(type_id), typed)
    assert response.status_code == 422
    assert message in response.text
    assert f'href="#{target}"' in response.text  # the error summary links to the field
    assert question_count() == before
    kept = form_fields(response.text)
    for name, value in values.items():
        if name != "answer":
            assert kept[name] == value.strip() or kept[name] == value  # nothing typed is lost


def test_a_quote_must_be_verbatim(teacher_client):
    quote = a_quote()
    bent = quote.replace(" ", " really ", 1)
    values = {**common(quote=f"{quote}\n{bent}"), "answer": "true"}
    response = submit_editor(teacher_client, NEW.format("true_false"), values)
    assert response.status_code == 422
    assert f"Quote not found in the article: &#34;{bent}&#34;" in response.text
    assert 'id="evidence-error"' in response.text


def test_quotes_ignore_whitespace_and_quote_marks(teacher_client):
    quote = "  " + a_quote().replace(" ", "\u00a0 ", 1) + "  "
    values = {**common(quote=quote), "answer": "true"}
    response = submit_editor(teacher_client, NEW.format("true_false"), values)
    assert response.status_code == 302


def row_counts() -> tuple[int, ...]:
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Question, QuestionVersion, Evidence, Response)
    )


def test_preview_renders_the_student_input_and_saves_nothing(teacher_client):
    values, _ = CREATE_CASES["single_choice"]
    before = row_counts()
    response = submit_editor(
        teacher_client, NEW.format("single_choice"), {**common(), **values}, action="preview"
    )
    assert response.status_code == 200
    html = response.text
    assert "Preview" in html and "not saved yet" in html
    assert html.count('type="radio" id="q1-o') == 3 and 'name="q1"' in html  # student template
    assert '<legend class="question-prompt">' in html and "A <em>new</em> question?" in html
    assert "The Soviet Union" in html and "Correct answer" in html
    assert "<mark>" in html  # the evidence, highlighted in its passage
    assert row_counts() == before
    assert form_fields(html)["choices-1-feedback"] == "China helped later."


@pytest.mark.parametrize("type_id", list(CREATE_CASES))
def test_preview_every_type(teacher_client, type_id):
    values, _ = CREATE_CASES[type_id]
    response = submit_editor(
        teacher_client, NEW.format(type_id), {**common(), **values}, action="preview"
    )
    assert response.status_code == 200
    assert "data-preview" in response.text and 'name="q1' in response.text


def test_unknown_type_or_question_is_404(teacher_client):
    assert teacher_client.get(NEW.format("essay")).status_code == 404
    assert teacher_client.get("/teach/modules/nope/questions/new/numeric").status_code == 404
    assert teacher_client.get("/teach/questions/99999/edit").status_code == 404


def test_editor_shows_the_article_passages(teacher_client):
    page = teacher_client.get(NEW.format("numeric")).text
    module = db.session.scalar(select(Module).where(Module.slug == "history"))
    assert page.count("data-passage>") == len(module.article.passages)
    assert "Use selected words" in page
    assert '<label class="label" for="answers-0-tolerance">' in page
    assert "<legend" in page and "Accepted values" in page


def test_full_rows_get_a_blank_row_back(teacher_client):
    values = {f"items-{i}": f"Step {i}" for i in range(8)}
    response = submit_editor(
        teacher_client, NEW.format("ordering"), {**common(), **values}, action="preview"
    )
    assert 'name="items-8"' in response.text
