"""Grades back to the simulated LMS (AGS): the right score, retries, failures shown to teachers."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.lti.services import score_for_passback
from quizapp.models import Attempt, Module
from quizapp.models.learning import QuizSettings
from quizapp.models.lti import LtiGradeSync, LtiUserLink
from tests.functional.helpers import attempt_id_from, correct_form
from tests.functional.lti_platform import (
    AGS_SCOPES,
    INSTRUCTOR,
    https_client,
    launch,
)

SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"


@pytest.fixture
def course(lms_client, platform):
    """A course whose teacher has opened the tool, and a student who opened the history link."""
    launch(lms_client, platform, sub="teacher-1", roles=INSTRUCTOR)
    lms_client.post("/auth/logout")
    launch(lms_client, platform, sub="student-1")
    return platform


def take(client, slug: str = "history", skip: int | None = None) -> Attempt:
    page = client.post(f"/modules/{slug}/start", follow_redirects=True)
    attempt = db.session.get(Attempt, attempt_id_from(page))
    client.post(f"/attempts/{attempt.id}", data=correct_form(attempt, skip=skip))
    db.session.expire_all()
    return db.session.get(Attempt, attempt.id)


def user_of(sub: str):
    return db.session.scalar(select(LtiUserLink).where(LtiUserLink.subject == sub)).user


def test_submit_sends_the_score_to_the_line_item(lms_client, course):
    attempt = take(lms_client, skip=1)
    assert 0 < attempt.percent < 100
    [(url, score)] = course.scores
    assert url == course.url("/courses/course-1/lineitems/1")
    assert score["userId"] == "student-1"
    assert score["scoreGiven"] == pytest.approx(attempt.percent)
    assert score["scoreMaximum"] == 100
    assert score["activityProgress"] == "Completed"
    assert score["gradingProgress"] == "FullyGraded"
    # The service token was asked for with a client assertion signed by the tool's key.
    assert SCORE_SCOPE in course.token_requests[0]["scope"].split()


def test_the_best_percentage_is_what_the_lms_gets(lms_client, course):
    first = take(lms_client, skip=1)
    take(lms_client)  # full marks
    take(lms_client, skip=2)  # worse than the best
    sent = [s["scoreGiven"] for _url, s in course.scores]
    assert sent == [pytest.approx(first.percent), 100.0, 100.0]
    module = db.session.scalar(select(Module).where(Module.slug == "history"))
    assert score_for_passback(user_of("student-1"), module) == 100.0


@pytest.mark.parametrize(
    ("method", "expected"),
    [("highest", "best"), ("average", "mean"), ("first", "first"), ("last", "last")],
)
def test_the_module_grading_method_decides_the_score(lms_client, course, method, expected):
    module = db.session.scalar(select(Module).where(Module.slug == "history"))
    db.session.add(QuizSettings(module_id=module.id, grading_method=method))
    db.session.commit()
    percents = [take(lms_client, skip=1).percent, take(lms_client).percent]
    page = lms_client.post("/modules/history/start", follow_redirects=True)
    blank = attempt_id_from(page)
    lms_client.post(f"/attempts/{blank}", data={"action": "submit"})  # nothing answered
    db.session.expire_all()
    percents.append(db.session.get(Attempt, blank).percent)
    assert percents[1] == 100.0 and percents[2] == 0.0 and 0 < percents[0] < 100
    want = {
        "best": max(percents),
        "mean": sum(percents) / 3,
        "first": percents[0],
        "last": percents[2],
    }[expected]
    assert course.scores[-1][1]["scoreGiven"] == pytest.approx(want, abs=1e-3)


def test_practice_attempts_send_nothing(lms_client, course):
    page = lms_client.post("/modules/history/practice", follow_redirects=True)
    assert page.status_code == 200
    assert course.scores == []


def test_a_module_not_linked_in_the_course_sends_nothing(lms_client, course):
    take(lms_client, slug="arms")
    assert course.scores == []


def test_students_who_did_not_come_from_the_lms_send_nothing(app, course, student_client):
    take(student_client)
    assert course.scores == [] and course.token_requests == []
    assert db.session.scalars(select(LtiGradeSync)).all() == []


def test_failure_is_kept_shown_to_the_teacher_and_sent_again(app, lms_client, course):
    course.fail_scores = 1
    attempt = take(lms_client)
    assert attempt.is_submitted  # the student's submit is never the victim
    row = db.session.scalar(select(LtiGradeSync))
    assert row.status == "failed" and row.tries == 1 and "503" in row.last_error
    assert course.scores == []

    teacher = https_client(app)
    launch(teacher, course, sub="teacher-1", roles=INSTRUCTOR)
    page = teacher.get("/lti/")
    assert ">1</strong>" in page.text  # one grade not yet sent, on the course's row
    context_page = teacher.get(f"/lti/courses/{row.line_item.context_id}")
    assert "have not reached the LMS" in context_page.text
    assert "failed" in context_page.text and "503" in context_page.text

    response = teacher.post(
        f"/lti/courses/{row.line_item.context_id}/grades", follow_redirects=True
    )
    assert "1 grade(s) sent, 0 still failing" in response.text
    db.session.expire_all()
    row = db.session.get(LtiGradeSync, row.id)
    assert row.status == "sent" and row.tries == 2 and row.last_error is None
    assert [s["scoreGiven"] for _u, s in course.scores] == [100.0]


def test_send_grades_command_retries_what_failed(app, lms_client, course):
    course.fail_scores = 2
    take(lms_client)
    result = app.test_cli_runner().invoke(args=["lti-send-grades"])
    assert result.exit_code == 1 and "0 grade(s) sent, 1 failed" in result.output
    result = app.test_cli_runner().invoke(args=["lti-send-grades"])
    assert result.exit_code == 0 and "1 grade(s) sent, 0 failed" in result.output
    assert len(course.scores) == 1


def test_gradebook_column_is_made_when_the_launch_names_none(lms_client, platform):
    ags = {"scope": AGS_SCOPES, "lineitems": platform.url("/courses/course-1/lineitems")}
    launch(lms_client, platform, sub="teacher-1", roles=INSTRUCTOR, **{AGS: ags})
    lms_client.post("/auth/logout")
    launch(lms_client, platform, sub="student-1", **{AGS: ags})
    take(lms_client)
    [item] = platform.created_lineitems
    assert item["tag"] == "closereading:history" and item["resourceLinkId"] == "link-1"
    assert item["scoreMaximum"] == 100
    [(url, score)] = platform.scores
    assert url == item["id"] and score["scoreGiven"] == 100.0
