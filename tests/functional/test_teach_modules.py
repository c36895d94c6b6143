"""The teacher's lists: modules, questions with type, version, evidence and how students did;
reordering, retiring and new modules."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event, select

from quizapp.extensions import db
from quizapp.models import Attempt, Module, Question
from quizapp.teach import services
from tests.conftest import STUDENT_PASSWORD, TEACHER_PASSWORD
from tests.functional.helpers import attempt_id_from, correct_form
from tests.functional.test_teach_helpers import a_quote, logged_in_client, submit_editor


def module(slug: str) -> Module:
    return db.session.scalar(select(Module).where(Module.slug == slug))


def order(slug: str) -> list[int]:
    return [q.id for q in services.module_questions(module(slug))]


def test_index_lists_every_module_with_links(teacher_client):
    page = teacher_client.get("/teach/").text
    for slug in ("history", "arms", "gifts", "quirks"):
        assert f'href="/teach/modules/{slug}"' in page
        for fmt in ("yaml", "gift", "moodle-xml"):
            assert f'href="/teach/modules/{slug}/export/{fmt}"' in page
    assert 'href="/teach/import"' in page and 'href="/teach/modules/new"' in page


def test_module_page_shows_type_version_evidence_and_actions(teacher_client):
    history = module("history")
    page = teacher_client.get("/teach/modules/history").text
    assert page.count('class="card teach-q') == len(history.questions)
    assert "Single choice" in page and "Version 1" in page and "evidence quote" in page
    assert "Not answered yet" in page and "Needs evidence" not in page
    assert page.count(">Edit <") == len(history.questions)
    for type_id in ("single_choice", "matching", "numeric"):
        assert f'href="/teach/modules/history/questions/new/{type_id}"' in page


def test_a_version_without_evidence_is_flagged(teacher_client):
    question = module("history").questions[0]
    for ev in list(question.current.evidence):
        db.session.delete(ev)
    db.session.commit()
    assert "Needs evidence" in teacher_client.get("/teach/modules/history").text


def test_share_right_counts_submitted_attempts(app, teacher, student, other_student):
    for user, full in ((student, True), (other_student, False)):
        client = logged_in_client(app, user.email, STUDENT_PASSWORD)
        started = client.post("/modules/quirks/start", follow_redirects=True)
        attempt = db.session.get(Attempt, attempt_id_from(started))
        data = correct_form(attempt) if full else {"action": "submit"}
        client.post(f"/attempts/{attempt.id}", data=data)
    in_progress = logged_in_client(app, "student@example.com", "learn-demo-2026")
    in_progress.post("/modules/quirks/start")  # not submitted: not counted
    stats = services.question_stats(module("quirks"))
    assert len(stats) == len(module("quirks").questions)
    assert all(s.answers == 2 and s.right == 1 and s.right_share == 0.5 for s in stats.values())
    teacher_client = logged_in_client(app, teacher.email, TEACHER_PASSWORD)
    page = teacher_client.get("/teach/modules/quirks").text
    assert page.count("<strong>50%</strong> right") == len(stats)
    assert "1 of 2 answers" in page


def test_question_stats_is_one_query(app):
    history = module("history")
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        services.question_stats(history)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert len(statements) == 1 and "GROUP BY" in statements[0]


def test_move_up_and_down(teacher_client):
    first, second, third = order("history")[:3]
    response = teacher_client.post(
        f"/teach/questions/{second}/move", data={"direction": "up"}, follow_redirects=True
    )
    assert response.status_code == 200
    assert order("history")[:3] == [second, first, third]
    teacher_client.post(f"/teach/questions/{second}/move", data={"direction": "down"})
    teacher_client.post(f"/teach/questions/{second}/move", data={"direction": "down"})
    assert order("history")[:3] == [first, third, second]


def test_moving_the_first_question_up_changes_nothing(teacher_client):
    before = order("history")
    response = teacher_client.post(
        f"/teach/questions/{before[0]}/move", data={"direction": "up"}, follow_redirects=True
    )
    assert "already first" in response.text
    assert order("history") == before


def test_new_attempts_follow_the_new_order(app, teacher_client, student):
    """(The teacher acts first: see OwnUserClient for why clients are mixed with care.)"""
    ids = order("arms")
    teacher_client.post(f"/teach/questions/{ids[-1]}/move", data={"direction": "up"})
    client = logged_in_client(app, student.email, STUDENT_PASSWORD)
    attempt = db.session.get(
        Attempt, attempt_id_from(client.post("/modules/arms/start", follow_redirects=True))
    )
    asked = [r.version.question_id for r in attempt.responses]
    assert asked == ids[:-2] + [ids[-1], ids[-2]]


def test_retire_hides_from_new_attempts_and_restore_brings_back(app, teacher, student):
    teacher_client = logged_in_client(app, teacher.email, TEACHER_PASSWORD)
    question_id = order("gifts")[0]
    response = teacher_client.post(f"/teach/questions/{question_id}/retire", follow_redirects=True)
    assert "Question retired" in response.text and "Retired</span>" in response.text
    assert db.session.get(Question, question_id).retired is True
    client = logged_in_client(app, student.email, STUDENT_PASSWORD)
    started = client.post("/modules/gifts/start", follow_redirects=True)
    attempt = db.session.get(Attempt, attempt_id_from(started))
    assert question_id not in [r.version.question_id for r in attempt.responses]
    response = teacher_client.post(f"/teach/questions/{question_id}/retire", follow_redirects=True)
    assert "Question restored" in response.text
    assert db.session.get(Question, question_id).retired is False


def test_create_a_module_and_a_first_question(app, teacher, student):
    teacher_client = logged_in_client(app, teacher.email, TEACHER_PASSWORD)
    response = teacher_client.post(
        "/teach/modules/new",
        data={"title": "The summit", "slug": "summit", "description": "What to expect."},
        follow_redirects=True,
    )
    assert response.status_code == 200 and "Module “The summit” created" in response.text
    created = module("summit")
    assert created.owner_id == teacher.id
    assert created.article_id == module("history").article_id
    assert created.position > module("quirks").position
    values = {
        "prompt": "Is this a new module?",
        "explanation": "Yes.",
        "evidence": a_quote(),
        "answer": "true",
    }
    url = "/teach/modules/summit/questions/new/true_false"
    assert submit_editor(teacher_client, url, values).status_code == 302
    dashboard = logged_in_client(app, student.email, STUDENT_PASSWORD).get("/dashboard").text
    assert "The summit" in dashboard and "What to expect." in dashboard


@pytest.mark.parametrize(
    "data, message",
    [
        ({"title": "X", "slug": "Has Spaces"}, "Use lower-case letters, digits and dashes"),
        ({"title": "X", "slug": "history"}, "A module called “history” already exists."),
        ({"title": "", "slug": "fine"}, "This field is required."),
    ],
)
def test_bad_module_forms_come_back_with_messages(teacher_client, data, message):
    response = teacher_client.post("/teach/modules/new", data=data)
    assert response.status_code == 422
    assert message in response.text
    assert re.search(r'aria-invalid="true"', response.text)
    assert len(services.modules()) == 4
