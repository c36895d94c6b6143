"""Teacher-written Markdown is rendered and sanitised: scripts, event handlers and javascript:
links written in the editor never reach a student's page (or a teacher's)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Attempt, Module
from tests.conftest import STUDENT_PASSWORD, TEACHER_PASSWORD
from tests.functional.helpers import attempt_id_from, correct_form
from tests.functional.test_teach_helpers import (
    a_quote,
    active_content,
    logged_in_client,
    submit_editor,
)

SCRIPT = '<script>alert("s")</script>'
IMG = '<img src=x onerror="alert(1)">'
JS_LINK = "[click me](javascript:alert(2))"
RAW_LINK = '<a href="javascript:alert(3)" onclick="alert(4)">raw link</a>'
SVG = '<svg onload="alert(5)"><circle/></svg>'
IFRAME = '<iframe src="javascript:alert(6)"></iframe>'
STYLE = '<p style="background:url(javascript:alert(7))" onmouseover="alert(8)">styled</p>'
EVIL = " ".join([SCRIPT, IMG, JS_LINK, RAW_LINK, SVG, IFRAME, STYLE, "**kept bold**"])

QUESTIONS = {
    "single_choice": {
        "choices-0-text": "Right " + IMG + " *kept em*",
        "choices-0-credit": "100",
        "choices-0-feedback": RAW_LINK + SCRIPT,
        "choices-1-text": "Wrong " + SCRIPT,
        "choices-1-feedback": JS_LINK,
    },
    "multiple_response": {
        "choices-0-text": "Yes " + SVG,
        "choices-0-credit": "100",
        "choices-0-feedback": EVIL,
        "choices-1-text": "No " + IFRAME,
    },
    "true_false": {"answer": "true", "feedback_true": EVIL, "feedback_false": EVIL},
    "short_answer": {"answers-0-text": "Hanoi", "answers-0-feedback": EVIL},
    "numeric": {"answers-0-value": "1953", "answers-0-feedback": EVIL, "unit": SCRIPT},
    "ordering": {"items-0": "First " + IMG, "items-1": "Second " + SCRIPT, "items-2": JS_LINK},
    "matching": {
        "pairs-0-left": '<b onmouseover="alert(9)">Sword</b>',
        "pairs-0-right": "Putin " + SCRIPT,
        "pairs-1-left": "Sabre " + RAW_LINK,
        "pairs-1-right": "Kim " + IMG,
        "distractors": "Xi " + SVG,
    },
}


@pytest.fixture
def evil_module(app, teacher):
    """A module whose every question is full of active content, written in the editor."""
    client = logged_in_client(app, teacher.email, TEACHER_PASSWORD)
    client.post("/teach/modules/new", data={"title": "Trap " + SCRIPT, "slug": "trap"})
    for type_id, values in QUESTIONS.items():
        common = {"prompt": f"{type_id} " + EVIL, "explanation": EVIL, "evidence": a_quote()}
        url = f"/teach/modules/trap/questions/new/{type_id}"
        preview = submit_editor(client, url, {**common, **values}, action="preview")
        assert preview.status_code == 200, type_id
        assert active_content(preview.text) == [], type_id
        assert submit_editor(client, url, {**common, **values}).status_code == 302, type_id
    module = db.session.scalar(select(Module).where(Module.slug == "trap"))
    assert len(module.questions) == len(QUESTIONS)
    return client


def test_students_never_get_active_content(app, student, evil_module):
    client = logged_in_client(app, student.email, STUDENT_PASSWORD)
    assert active_content(client.get("/dashboard").text) == []
    started = client.post("/modules/trap/start", follow_redirects=True)
    take = started.text
    assert take.count('class="card question') == len(QUESTIONS)
    assert active_content(take) == []
    assert "<strong>kept bold</strong>" in take and "<em>kept em</em>" in take  # Markdown works
    attempt = db.session.get(Attempt, attempt_id_from(started))
    review = client.post(
        f"/attempts/{attempt.id}", data=correct_form(attempt), follow_redirects=True
    ).text
    assert "<strong>100%</strong>" in review
    assert review.count("<strong>kept bold</strong>") >= len(QUESTIONS)  # explanations
    assert "raw link" in review  # feedback shown, as text without its link
    assert active_content(review) == []


def test_teacher_pages_are_clean_too(evil_module):
    client = evil_module
    module_page = client.get("/teach/modules/trap").text
    assert active_content(module_page) == []
    assert active_content(client.get("/teach/").text) == []
    module = db.session.scalar(select(Module).where(Module.slug == "trap"))
    for question in module.questions:
        assert active_content(client.get(f"/teach/questions/{question.id}/edit").text) == []


def test_the_scanner_finds_what_it_should(app):
    """Guard the guard: the checker flags each kind of active content."""
    found = active_content(
        SCRIPT + IMG + '<a href=" JavaScript:alert(1)">x</a><div onclick="x()"></div>'
    )
    assert len(found) >= 4
