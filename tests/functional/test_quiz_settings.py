"""Quiz settings: attempts, grading methods, time limits, dates, shuffles, draws, review options,
overrides, and the rules that keep an attempt closed once it is closed."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from quizapp.classes import create_class, join_class
from quizapp.extensions import db
from quizapp.models import Attempt, QuizOverride, QuizSettings, Response
from tests.conftest import TEACHER_PASSWORD, login
from tests.functional.helpers import attempt_id_from, correct_form
from tests.functional.practice_helpers import module, set_rules

T0 = datetime(2026, 12, 2, 9, 0)


class Clock:
    def __init__(self, at: datetime):
        self.at = at

    def __call__(self) -> datetime:
        return self.at


@pytest.fixture
def clock(app) -> Clock:
    clock = Clock(T0)
    app.config["CLOCK"] = clock
    return clock


def start(client, slug="history"):
    return client.post(f"/modules/{slug}/start", follow_redirects=True)


def graded(client, slug="history", skip=None) -> Attempt:
    attempt_id = attempt_id_from(start(client, slug))
    attempt = db.session.get(Attempt, attempt_id)
    client.post(f"/attempts/{attempt_id}", data=correct_form(attempt, skip=skip))
    db.session.expire_all()
    return db.session.get(Attempt, attempt_id)


def test_attempt_limit_then_an_override(student_client, student, teacher, app):
    set_rules("history", attempts_allowed=1)
    graded(student_client)
    page = start(student_client)
    assert "used all 1 attempt allowed" in page.text
    assert db.session.scalar(select(func.count(Attempt.id))) == 1
    assert "No graded attempts left." in student_client.get("/dashboard").text
    # the teacher gives this student (in their class) one more attempt
    school_class = create_class(teacher, "Year 9")
    join_class(student, school_class.join_code)
    tclient = app.test_client()
    login(tclient, teacher.email, TEACHER_PASSWORD)
    history = module("history")
    page = tclient.post(
        "/teach/modules/history/overrides",
        data={"override-student_id": student.id, "override-attempts_allowed": 2},
        follow_redirects=True,
    )
    assert "Override saved for Ada" in page.text
    assert db.session.scalar(select(QuizOverride)).attempts_allowed == 2
    page = start(student_client)
    assert "Attempt 2" in page.text and history.title in page.text


def test_override_only_for_the_teachers_own_students(teacher_client, student):
    page = teacher_client.post(
        "/teach/modules/history/overrides",
        data={"override-student_id": student.id, "override-attempts_allowed": 5},
    )
    assert page.status_code == 422 and "Not a valid choice" in page.text
    assert db.session.scalar(select(QuizOverride)) is None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("attempts_allowed", "-1", "from 1 to 100"),
        ("attempts_allowed", "many", "Not a valid integer"),
        ("time_limit_minutes", "0", "from 1 to 1440"),
        ("draw_count", "999", "draw at most that many"),
        ("practice_tries", "0", "1 to 10 tries"),
        ("practice_penalty_percent", "150", "0 to 100"),
        ("close_at", "2026-01-01T10:00", "after the open date"),
    ],
)
def test_settings_reject_impossible_values_next_to_the_field(teacher_client, field, value, message):
    data = {
        "grading_method": "highest",
        "review_shows": "full",
        "practice_tries": "3",
        "practice_penalty_percent": "33.3",
        "open_at": "2026-02-01T10:00",
        field: value,
    }
    page = teacher_client.post("/teach/modules/history/settings", data=data)
    assert page.status_code == 422
    assert message in page.text and "Please check the form" in page.text
    assert db.session.scalar(select(QuizSettings)) is None


def test_teacher_saves_settings_in_the_browser(teacher_client):
    data = {
        "attempts_allowed": "2",
        "grading_method": "average",
        "time_limit_minutes": "15",
        "shuffle_questions": "y",
        "draw_count": "5",
        "review_shows": "outcomes",
        "practice_enabled": "y",
        "practice_tries": "2",
        "practice_penalty_percent": "50",
    }
    page = teacher_client.post("/teach/modules/history/settings", data=data, follow_redirects=True)
    assert "Quiz settings for" in page.text and "saved" in page.text
    row = db.session.scalar(select(QuizSettings))
    assert (row.attempts_allowed, row.grading_method, row.time_limit_minutes) == (2, "average", 15)
    assert row.shuffle_questions and not row.shuffle_choices and row.draw_count == 5
    assert (row.review_shows, row.practice_tries, row.practice_penalty) == ("outcomes", 2, 0.5)


def test_students_cannot_reach_settings(student_client):
    assert student_client.get("/teach/modules/history/settings").status_code in (302, 403)
    student_client.post("/teach/modules/history/settings", data={"grading_method": "last"})
    assert db.session.scalar(select(QuizSettings)) is None


def test_time_limit_is_shown_and_enforced_on_the_server(student_client, clock):
    set_rules("history", time_limit_minutes=10)
    page = start(student_client)
    attempt = db.session.get(Attempt, attempt_id_from(page))
    assert attempt.due_at == T0 + timedelta(minutes=10)
    assert 'data-seconds-left="600"' in page.text and ">10 min 00 s<" in page.text
    assert "until 09:10 UTC" in page.text and "data-timer-announce" in page.text
    # answers saved in time are kept
    early = correct_form(attempt, action="save", skip=2)
    student_client.post(f"/attempts/{attempt.id}", data=early)
    clock.at = T0 + timedelta(minutes=11)
    late = correct_form(attempt)  # now with slot 2 too, and a submit
    page = student_client.post(f"/attempts/{attempt.id}", data=late, follow_redirects=True)
    assert "Time was up" in page.text and "were not recorded" in page.text
    db.session.expire_all()
    closed = db.session.get(Attempt, attempt.id)
    assert closed.is_submitted and closed.submitted_at == attempt.due_at
    slot2 = next(r for r in closed.responses if r.slot == 2)
    assert slot2.answer is None and slot2.mark == 0
    assert closed.score == pytest.approx(closed.max_score - slot2.version.points)
    # and it never changes again
    again = student_client.post(f"/attempts/{attempt.id}", data=late, follow_redirects=True)
    assert "already submitted; nothing was changed" in again.text
    db.session.expire_all()
    assert db.session.get(Attempt, attempt.id).score == closed.score


def test_an_overdue_attempt_is_closed_by_whoever_opens_it(student_client, clock):
    set_rules("history", time_limit_minutes=5)
    attempt_id = attempt_id_from(start(student_client))
    clock.at = T0 + timedelta(hours=3)
    page = student_client.get(f"/attempts/{attempt_id}")
    assert "your result" in page.text
    assert db.session.get(Attempt, attempt_id).is_submitted


def test_open_and_close_dates(student_client, clock):
    set_rules("history", open_at=T0 + timedelta(days=1), close_at=T0 + timedelta(days=2))
    assert "This quiz opens on 03 Dec 2026" in start(student_client).text
    clock.at = T0 + timedelta(days=1, hours=1)
    page = start(student_client)
    attempt = db.session.get(Attempt, attempt_id_from(page))
    assert attempt.due_at == T0 + timedelta(days=2)  # closes with the quiz
    clock.at = T0 + timedelta(days=3)
    assert "your result" in student_client.get(f"/attempts/{attempt.id}").text
    assert "This quiz closed on" in start(student_client).text


def test_shuffles_and_draws_are_fixed_per_attempt_and_grade_right(student_client):
    set_rules("history", shuffle_questions=True, draw_count=4)
    page = start(student_client)
    attempt = db.session.get(Attempt, attempt_id_from(page))
    asked = [r.version.question_id for r in attempt.responses]
    assert len(asked) == 4
    reload = student_client.get(f"/attempts/{attempt.id}").text
    first = [line for line in page.text.splitlines() if "question-number" in line]
    assert first == [line for line in reload.splitlines() if "question-number" in line]
    student_client.post(f"/attempts/{attempt.id}", data=correct_form(attempt))
    db.session.expire_all()
    done = db.session.get(Attempt, attempt.id)
    assert done.percent == pytest.approx(100)
    assert done.max_score == sum(r.version.points for r in done.responses)


def test_choices_keep_their_order_when_shuffling_is_off(student_client):
    set_rules("gifts", shuffle_choices=False)
    attempt = db.session.get(Attempt, attempt_id_from(start(student_client, "gifts")))
    choice_types = ("single_choice", "multiple_response")
    layouts = [r.layout["order"] for r in attempt.responses if r.version.type in choice_types]
    assert layouts and all(order == sorted(order) for order in layouts)


@pytest.mark.parametrize(
    ("method", "expected"),
    [("highest", 100.0), ("average", None), ("first", None), ("last", 100.0)],
)
def test_grading_method_on_dashboard_and_class_overview(
    student_client, student, teacher, app, method, expected
):
    set_rules("history", grading_method=method)
    first = graded(student_client, skip=1)
    second = graded(student_client)
    scores = [first.percent, second.percent]
    want = {
        "highest": max(scores),
        "average": sum(scores) / 2,
        "first": scores[0],
        "last": scores[1],
    }
    grade = want[method]
    assert expected is None or grade == pytest.approx(expected)
    card = student_client.get("/dashboard").text.split('id="module-history"')[1].split("</li>")[0]
    assert f"<dt>Grade</dt><dd>{grade:.0f}%" in card or f"<dt>Grade</dt><dd>{grade:.1f}%" in card
    school_class = create_class(teacher, "Set A")
    join_class(student, school_class.join_code)
    tclient = app.test_client()
    login(tclient, teacher.email, TEACHER_PASSWORD)
    csv = tclient.get(f"/reports/classes/{school_class.id}/overview.csv").text
    row = next(line for line in csv.splitlines() if line.startswith("Ada"))
    assert f"{grade:.1f}" in row


def test_review_shows_only_what_the_teacher_allows(student_client):
    set_rules("history", review_shows="score")
    attempt = graded(student_client, skip=1)
    page = student_client.get(f"/attempts/{attempt.id}").text
    assert "shows only the score" in page and "Correct answer" not in page
    assert "From the article" not in page and "Retry my" not in page
    set_rules_row = db.session.scalar(select(QuizSettings))
    set_rules_row.review_shows = "outcomes"
    db.session.commit()
    page = student_client.get(f"/attempts/{attempt.id}").text
    assert (
        "Not answered" in page and "Correct answer" not in page and "From the article" not in page
    )
    set_rules_row.review_shows = "full"
    db.session.commit()
    page = student_client.get(f"/attempts/{attempt.id}").text
    assert "Correct answer" in page and "From the article" in page


def test_a_foreign_attempt_refuses_changes(student_client, app, other_student):
    attempt_id = attempt_id_from(start(student_client))
    client = app.test_client()
    login(client, other_student.email, "student-pass-1")
    attempt = db.session.get(Attempt, attempt_id)
    assert client.post(f"/attempts/{attempt_id}", data=correct_form(attempt)).status_code == 404
    db.session.expire_all()
    assert all(r.answer is None for r in db.session.scalars(select(Response)))


def test_a_teacher_opening_an_overdue_attempt_closes_it(
    student_client, student, teacher, app, clock
):
    set_rules("history", time_limit_minutes=5)
    attempt_id = attempt_id_from(start(student_client))
    school_class = create_class(teacher, "Set T")
    join_class(student, school_class.join_code)
    tclient = app.test_client()
    login(tclient, teacher.email, TEACHER_PASSWORD)
    url = f"/reports/classes/{school_class.id}/students/{student.id}/attempts/{attempt_id}"
    assert tclient.get(url).status_code == 404  # still open: nothing to review yet
    clock.at = T0 + timedelta(minutes=6)
    page = tclient.get(url)
    assert page.status_code == 200 and "History" in page.text
    assert db.session.get(Attempt, attempt_id).is_submitted


def test_teachers_never_open_practice_or_review_sessions_as_graded(
    student_client, student, teacher, app
):
    practice = student_client.post("/modules/gifts/practice", follow_redirects=True)
    practice_id = attempt_id_from(practice)
    school_class = create_class(teacher, "Set R")
    join_class(student, school_class.join_code)
    tclient = app.test_client()
    login(tclient, teacher.email, TEACHER_PASSWORD)
    url = f"/reports/classes/{school_class.id}/students/{student.id}/attempts/{practice_id}"
    assert tclient.get(url).status_code == 404
