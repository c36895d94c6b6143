"""Retry my mistakes, spaced review across modules, and practice kept out of teachers' reports."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from quizapp.classes import create_class, join_class
from quizapp.extensions import db
from quizapp.models import Attempt, QuestionVersion, ReviewCard
from tests.conftest import TEACHER_PASSWORD, login
from tests.functional.helpers import attempt_id_from, correct_form
from tests.functional.practice_helpers import answer_form, attempt_from, right_answer, slot_path
from tests.functional.test_quiz_settings import Clock

T0 = datetime(2026, 12, 2, 9, 0)


@pytest.fixture
def clock(app) -> Clock:
    clock = Clock(T0)
    app.config["CLOCK"] = clock
    return clock


def graded(client, slug="history", skip=(), wrong=()) -> Attempt:
    """A graded attempt with the slots in `skip` left blank."""
    attempt_id = attempt_id_from(client.post(f"/modules/{slug}/start", follow_redirects=True))
    attempt = db.session.get(Attempt, attempt_id)
    form = correct_form(attempt)
    for slot in skip:
        for key in [k for k in form if k == f"q{slot}" or k.startswith(f"q{slot}-")]:
            del form[key]
    client.post(f"/attempts/{attempt_id}", data=form)
    db.session.expire_all()
    return db.session.get(Attempt, attempt_id)


def due_today(client) -> int:
    """The due count the Review page shows."""
    match = re.search(
        r'<span class="due-count">(\d+)</span> cards? due today', client.get("/review").text
    )
    assert match
    return int(match.group(1))


def asked(attempt: Attempt) -> list[int]:
    return [r.version.question_id for r in attempt.responses]


def test_retry_contains_exactly_the_missed_questions(student_client):
    attempt = graded(student_client, skip=(2, 5, 7))
    missed = [r.version.question_id for r in attempt.responses if (r.credit or 0) < 1]
    assert len(missed) == 3
    review = student_client.get(f"/attempts/{attempt.id}").text
    assert "Retry my 3 mistakes" in review
    page = student_client.post(f"/attempts/{attempt.id}/retry", follow_redirects=True)
    retry = attempt_from(page)
    assert retry.mode == "practice" and retry.source_attempt_id == attempt.id
    assert asked(retry) == missed
    assert "Retry my mistakes" in page.text
    assert "changed since" not in page.text


def test_retry_uses_the_current_version_and_says_it_changed(student_client):
    attempt = graded(student_client, skip=(1,))
    old = attempt.responses[0].version
    old.is_current = False
    new = QuestionVersion(
        question_id=old.question_id,
        number=old.number + 1,
        type=old.type,
        prompt=old.prompt + " (reworded)",
        explanation=old.explanation,
        points=old.points,
        data=old.data,
        source="editor",
    )
    db.session.add(new)
    db.session.commit()
    page = student_client.post(f"/attempts/{attempt.id}/retry", follow_redirects=True)
    assert "1 of these questions changed since your attempt" in page.text
    assert "changed since your graded attempt" in page.text and "(reworded)" in page.text
    assert attempt_from(page).responses[0].version_id == new.id


def test_nothing_to_retry_after_a_perfect_attempt(student_client):
    attempt = graded(student_client)
    assert "Retry my" not in student_client.get(f"/attempts/{attempt.id}").text
    page = student_client.post(f"/attempts/{attempt.id}/retry", follow_redirects=True)
    assert "Nothing to retry" in page.text
    assert db.session.scalar(select(func.count(Attempt.id)).where(Attempt.mode == "practice")) == 0


def test_cannot_retry_someone_elses_attempt(student_client, app, other_student):
    attempt = graded(student_client, skip=(1,))
    client = app.test_client()
    login(client, other_student.email, "student-pass-1")
    assert client.post(f"/attempts/{attempt.id}/retry").status_code == 404


def test_answers_become_cards_and_due_counts_move_with_the_clock(student_client, student, clock):
    attempt = graded(student_client, skip=(1, 2))
    cards = list(db.session.scalars(select(ReviewCard).where(ReviewCard.user_id == student.id)))
    assert len(cards) == len(attempt.responses) - 2  # blanks were not answered
    assert due_today(student_client) == 0
    dashboard = student_client.get("/dashboard").text
    assert "0 due" in dashboard
    # a wrong answer comes back the same day; right ones only days later
    practice = attempt_from(student_client.post("/modules/gifts/practice", follow_redirects=True))
    row = next(r for r in practice.responses if r.version.type in ("single_choice", "true_false"))
    from tests.functional.practice_helpers import wrong_answer

    for _ in range(3):
        student_client.post(slot_path(practice, row.slot), data=answer_form(row, wrong_answer(row)))
    card = db.session.scalar(
        select(ReviewCard).where(ReviewCard.question_id == row.version.question_id)
    )
    assert card.last_outcome == "incorrect" and card.due <= T0 + timedelta(hours=1)
    assert due_today(student_client) == 1
    right_due = min(c.due for c in cards)
    assert right_due >= T0 + timedelta(days=1)
    clock.at = right_due + timedelta(hours=1)
    end_of_day = datetime.combine(clock.at.date(), datetime.min.time()) + timedelta(days=1)
    due_then = db.session.scalar(
        select(func.count(ReviewCard.id)).where(ReviewCard.due < end_of_day)
    )
    assert due_today(student_client) == due_then > 1


def test_a_review_session_runs_in_practice_style_and_reschedules(student_client, student, clock):
    graded(student_client, slug="gifts")
    clock.at = T0 + timedelta(days=30)
    page = student_client.post("/review", follow_redirects=True)
    session = attempt_from(page)
    assert session.mode == "review" and session.module_id is None
    assert 1 <= len(session.responses) <= 20
    assert "Spaced review" in page.text
    row = session.responses[0]
    before = db.session.scalar(
        select(ReviewCard).where(ReviewCard.question_id == row.version.question_id)
    )
    due_before, reviews_before = before.due, before.reviews
    page = student_client.post(
        slot_path(session, row.slot),
        data=answer_form(row, right_answer(row)),
        follow_redirects=True,
    )
    assert "From the article" in page.text and "Read this passage in the article" in page.text
    db.session.expire_all()
    after = db.session.get(ReviewCard, before.id)
    assert after.reviews == reviews_before + 1 and after.due > due_before
    assert after.due > clock.at + timedelta(days=2)


def test_review_with_nothing_due_says_so(student_client):
    page = student_client.post("/review", follow_redirects=True)
    assert "Nothing is due for review right now" in page.text


def test_practice_never_counts_in_overview_or_item_analysis(student_client, student, teacher, app):
    school_class = create_class(teacher, "Set P")
    join_class(student, school_class.join_code)
    practice = attempt_from(student_client.post("/modules/gifts/practice", follow_redirects=True))
    for row in practice.responses:
        student_client.post(slot_path(practice, row.slot), data=answer_form(row, right_answer(row)))
    db.session.expire_all()
    assert db.session.get(Attempt, practice.id).is_submitted
    tclient = app.test_client()
    login(tclient, teacher.email, TEACHER_PASSWORD)
    overview = tclient.get(f"/reports/classes/{school_class.id}/overview.csv").text
    row = next(line for line in overview.splitlines() if line.startswith("Ada"))
    assert "not started" in row.lower() or ",0," in row
    items = tclient.get(f"/reports/classes/{school_class.id}/modules/gifts/items").text
    assert (
        "No submitted attempts" in items or "0 attempts" in items or "no attempts" in items.lower()
    )
    teach = tclient.get("/teach/modules/gifts").text
    assert "100%" not in teach


def test_my_progress_shows_practice_and_cards_but_grades_ignore_practice(student_client):
    page = student_client.get("/reports/me").text
    assert "No review cards yet" in page
    practice = attempt_from(student_client.post("/modules/gifts/practice", follow_redirects=True))
    for row in practice.responses:
        student_client.post(slot_path(practice, row.slot), data=answer_form(row, right_answer(row)))
    page = student_client.get("/reports/me").text
    n = len(practice.responses)
    assert f"<strong>{n}</strong> questions in your review deck" in page
    assert f"{n} right" in page
    gifts_row = page.split('id="practice-table"')[1].split("Gifts")[1].split("</tr>")[0]
    assert '<td class="num">1</td>' in gifts_row
    summary = page.split('id="progress-table"')[1].split("</table>")[0]
    assert "Gifts" in summary and summary.split("Gifts")[1].split("</tr>")[0].count(">0<") == 1


def test_review_page_forecasts_the_week(student_client, clock):
    graded(student_client, slug="gifts", skip=(1,))
    page = student_client.get("/review").text
    rows = re.findall(
        r'<th scope="row">([^<]+)</th>\s*<td><span class="forecast-bar"[^>]*></span>'
        r'<span class="forecast-count">(\d+)</span>',
        page,
    )
    assert len(rows) == 7 and rows[0][0] == "Today"
    cards = db.session.scalar(select(func.count(ReviewCard.id)))
    assert sum(int(n) for _day, n in rows) == db.session.scalar(
        select(func.count(ReviewCard.id)).where(ReviewCard.due < datetime(2026, 12, 9))
    )
    assert cards > 0
