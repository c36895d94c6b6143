"""The quiz page read from plain rows, with each question's HTML kept per content: what one
student sees is theirs, a saved answer shows at once, and starting a module without questions
writes nothing."""

from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.learn.question_html import CACHE_SIZE
from quizapp.models import Attempt, Module
from tests.conftest import STUDENT_PASSWORD, login
from tests.functional.helpers import attempt_id_from, correct_form
from tests.functional.test_quiz_flow import start


def checked_boxes(html: str) -> int:
    return html.count(" checked") + html.count(" selected")


def test_a_saved_answer_shows_on_the_next_view_and_not_in_another_attempt(
    client, student, other_student
):
    login(client, student.email, STUDENT_PASSWORD)
    mine, page = start(client, "history")
    assert checked_boxes(page.text) == 0
    attempt = db.session.get(Attempt, mine)
    client.post(f"/attempts/{mine}", data=correct_form(attempt, action="save"))
    again = client.get(f"/attempts/{mine}")
    assert checked_boxes(again.text) > 0  # the cached blank questions were not served again
    assert "12</span> of 12 answered" in again.text

    client.post("/auth/logout", data={})
    login(client, other_student.email, STUDENT_PASSWORD)
    theirs, page = start(client, "history")
    assert theirs != mine
    assert checked_boxes(page.text) == 0  # same questions, none of the first student's answers
    assert client.get(f"/attempts/{mine}").status_code == 404


def test_the_kept_questions_are_bounded(app, student_client):
    attempt_id, _ = start(student_client, "arms")
    student_client.get(f"/attempts/{attempt_id}")
    info = app.extensions["question_html"].cache_info()
    assert info.hits >= 1 and 0 < info.currsize <= CACHE_SIZE == info.maxsize


def test_starting_a_module_without_questions_writes_nothing(app, student_client):
    db.session.add(Module(slug="empty", title="Empty module", position=99))
    db.session.commit()
    before = db.session.scalar(select(func.count(Attempt.id)))
    page = student_client.post("/modules/empty/start", follow_redirects=True)
    assert "This module has no questions yet." in page.text
    assert db.session.scalar(select(func.count(Attempt.id))) == before
    practice = student_client.post("/modules/empty/practice", follow_redirects=True)
    assert "This module has no questions yet." in practice.text
    assert db.session.scalar(select(func.count(Attempt.id))) == before


def test_a_submit_grades_the_answers_sent_with_it_over_the_saved_ones(student_client):
    attempt_id, _ = start(student_client, "gifts")
    attempt = db.session.get(Attempt, attempt_id)
    student_client.post(f"/attempts/{attempt_id}", data=correct_form(attempt, action="save"))
    page = student_client.post(
        f"/attempts/{attempt_id}", data=correct_form(attempt), follow_redirects=True
    )
    assert "your result" in page.text
    db.session.expire_all()
    attempt = db.session.get(Attempt, attempt_id)
    assert attempt.state == "submitted" and attempt.score == attempt.max_score > 0
    assert all(r.credit == 1 and r.answered_at is not None for r in attempt.responses)
    assert attempt_id_from(page) == attempt_id
