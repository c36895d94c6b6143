"""Practice: one question per page, checked at once, tries with penalties, evidence every time."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm.attributes import set_committed_value

from quizapp.extensions import db
from quizapp.learn.practice import AttemptLocked, check, session_rules
from quizapp.models import Attempt, Response
from tests.conftest import make_user
from tests.functional.practice_helpers import (
    CHOICE_TYPES,
    answer_form,
    attempt_from,
    right_answer,
    set_rules,
    slot_path,
    wrong_answer,
)


def start(client, slug="gifts"):
    page = client.post(f"/modules/{slug}/practice", follow_redirects=True)
    assert page.status_code == 200, page.text
    return page, attempt_from(page)


def first_choice_slot(attempt: Attempt) -> Response:
    return next(r for r in attempt.responses if r.version.type in CHOICE_TYPES)


def test_practice_shows_one_question_with_a_progress_bar(student_client):
    page, attempt = start(student_client)
    assert attempt.mode == "practice" and attempt.module.slug == "gifts"
    assert page.request.path == slot_path(attempt, 1)
    assert f"Question 1 of {len(attempt.responses)}" in page.text
    assert 'role="progressbar"' in page.text
    assert "Practice · not graded" in page.text
    # nothing of the answer is on the page before a check
    assert "Correct answer" not in page.text and "From the article" not in page.text


def test_wrong_then_right_shows_feedback_each_time_and_costs_a_penalty(student_client):
    _page, attempt = start(student_client)
    row = first_choice_slot(attempt)
    path = slot_path(attempt, row.slot)
    page = student_client.post(
        path, data=answer_form(row, wrong_answer(row)), follow_redirects=True
    )
    assert "Incorrect" in page.text and "2 tries left" in page.text
    assert "From the article" in page.text  # the evidence, to look again
    assert "Correct answer" not in page.text  # not given away while tries remain
    page = student_client.post(
        path, data=answer_form(row, right_answer(row)), follow_redirects=True
    )
    assert "✓</span> Correct" in page.text and "Correct answer" in page.text
    assert "Read this passage in the article" in page.text
    db.session.expire_all()
    row = db.session.get(Response, row.id)
    assert row.tries == 2 and row.finished_at is not None
    assert row.mark == pytest.approx(row.version.points * 2 / 3, abs=1e-6)
    assert (
        f'href="{slot_path(attempt, row.slot + 1)}"' in page.text or "See how it went" in page.text
    )


def test_out_of_tries_shows_the_answer_and_earns_nothing(student_client):
    _page, attempt = start(student_client)
    row = first_choice_slot(attempt)
    for _ in range(3):
        page = student_client.post(
            slot_path(attempt, row.slot),
            data=answer_form(row, wrong_answer(row)),
            follow_redirects=True,
        )
    assert "Correct answer" in page.text and "0 / " in page.text
    db.session.expire_all()
    row = db.session.get(Response, row.id)
    assert (row.tries, row.mark) == (3, 0.0)
    again = student_client.post(
        slot_path(attempt, row.slot),
        data=answer_form(row, right_answer(row)),
        follow_redirects=True,
    )
    assert "already done; nothing was changed" in again.text
    db.session.expire_all()
    assert db.session.get(Response, row.id).tries == 3


def test_an_empty_check_is_refused_with_a_message(student_client):
    _page, attempt = start(student_client)
    page = student_client.post(slot_path(attempt, 1), data={"action": "check"})
    assert page.status_code == 422 and "before you check it" in page.text
    db.session.expire_all()
    assert db.session.get(Attempt, attempt.id).responses[0].tries == 0


def test_a_whole_practice_ends_on_a_summary_and_never_counts_as_graded(student_client):
    _page, attempt = start(student_client, "gifts")
    for row in attempt.responses:
        student_client.post(slot_path(attempt, row.slot), data=answer_form(row, right_answer(row)))
    page = student_client.get(slot_path(attempt, 0))
    assert "practice done" in page.text
    db.session.expire_all()
    done = db.session.get(Attempt, attempt.id)
    assert done.is_submitted and done.percent == pytest.approx(100)
    dashboard = student_client.get("/dashboard").text
    card = dashboard.split('id="module-gifts"')[1].split("</li>")[0]
    assert "<dt>Attempts</dt><dd>0" in card  # practice is not a graded attempt
    history = student_client.get("/history").text
    assert "Practice" in history


def test_the_same_check_twice_at_once_is_graded_once(student_client, student):
    _page, attempt = start(student_client)
    row = first_choice_slot(attempt)
    stale = db.session.get(Response, row.id)
    tries_seen = stale.tries
    rules = session_rules(attempt)
    check(attempt, stale, wrong_answer(stale), rules)
    # a second request that read the row before the first one wrote it
    set_committed_value(stale, "tries", tries_seen)
    set_committed_value(stale, "finished_at", None)
    with pytest.raises(AttemptLocked):
        check(attempt, stale, wrong_answer(stale), rules)
    db.session.expire_all()
    assert db.session.get(Response, row.id).tries == 1


def test_another_students_practice_is_a_404(student_client, app):
    _page, attempt = start(student_client)
    other = make_user("eve@example.com", name="Eve")
    from tests.conftest import STUDENT_PASSWORD, login

    client = app.test_client()
    login(client, other.email, STUDENT_PASSWORD)
    row = attempt.responses[0]
    assert client.get(slot_path(attempt, 1)).status_code == 404
    assert (
        client.post(slot_path(attempt, 1), data=answer_form(row, right_answer(row))).status_code
        == 404
    )
    db.session.expire_all()
    assert db.session.get(Response, row.id).tries == 0


def test_practice_can_be_turned_off_by_the_teacher(student_client):
    set_rules("gifts", practice_enabled=False)
    page = student_client.post("/modules/gifts/practice", follow_redirects=True)
    assert "turned practice off" in page.text
    assert db.session.scalar(select(Attempt).where(Attempt.mode == "practice")) is None
