"""Versions: editing a question students were asked makes a new version; past attempts keep
their wording, key, grade and review page; new attempts ask the new version; a version that
any attempt asked is never changed."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Attempt, Module, Question, QuestionVersion, Response
from tests.conftest import STUDENT_PASSWORD, TEACHER_PASSWORD, make_user
from tests.functional.helpers import attempt_id_from, correct_form
from tests.functional.test_teach_helpers import logged_in_client, submit_editor


@pytest.fixture
def clients(app, student, teacher):
    """A logged-in student and a logged-in teacher, side by side."""
    return (
        logged_in_client(app, student.email, STUDENT_PASSWORD),
        logged_in_client(app, teacher.email, TEACHER_PASSWORD),
    )


def take(client, slug: str = "history", submit: bool = True) -> Attempt:
    """Start an attempt and, unless told otherwise, submit it with full-credit answers."""
    response = client.post(f"/modules/{slug}/start", follow_redirects=True)
    attempt = db.session.get(Attempt, attempt_id_from(response))
    if submit:
        client.post(f"/attempts/{attempt.id}", data=correct_form(attempt))
        db.session.refresh(attempt)
    return attempt


def first_of(slug: str, type_id: str) -> Question:
    return db.session.scalars(
        select(Question)
        .join(Module)
        .join(QuestionVersion)
        .where(Module.slug == slug, QuestionVersion.type == type_id)
        .order_by(Question.position)
    ).first()


def snapshot(version: QuestionVersion) -> tuple:
    return (
        version.id,
        version.number,
        version.type,
        version.prompt,
        version.explanation,
        version.points,
        repr(version.data),
        [(e.id, e.passage_id, e.quote, e.start, e.end) for e in version.evidence],
    )


def answered_versions() -> dict[int, tuple]:
    ids = set(db.session.scalars(select(Response.version_id)))
    return {
        v.id: snapshot(v)
        for v in db.session.scalars(select(QuestionVersion).where(QuestionVersion.id.in_(ids)))
    }


def test_edit_after_an_attempt_makes_a_new_version(clients):
    student, teacher = clients
    question = first_of("history", "single_choice")
    old = question.current
    old_state = snapshot(old)
    attempt = take(student)
    score, review_before = attempt.score, student.get(f"/attempts/{attempt.id}").text
    assert old.prompt in review_before and attempt.percent == 100

    new_key = {"choices-0-credit": "0", "choices-1-credit": "100"}
    response = submit_editor(
        teacher,
        f"/teach/questions/{question.id}/edit",
        {"prompt": "A reworded question?", **new_key},
        follow_redirects=True,
    )
    assert "Saved as version 2" in response.text
    db.session.expire_all()
    assert question.current.number == 2 and question.current.prompt == "A reworded question?"
    assert snapshot(db.session.get(QuestionVersion, old.id)) == old_state
    assert not db.session.get(QuestionVersion, old.id).is_current

    review_after = student.get(f"/attempts/{attempt.id}").text
    assert review_after == review_before  # what the student saw, their key and grade
    assert db.session.get(Attempt, attempt.id).score == score

    again = take(student, submit=False)
    asked = [r.version for r in again.responses]
    assert question.current in asked and old not in asked
    page = student.get(f"/attempts/{again.id}").text
    assert "A reworded question?" in page and old.prompt not in page


def test_edit_page_warns_that_a_new_version_will_be_made(clients):
    student, teacher = clients
    question = first_of("history", "true_false")
    take(student)
    page = teacher.get(f"/teach/questions/{question.id}/edit").text
    assert "Saving changes creates version 2" in page


def test_an_attempt_in_progress_keeps_the_version_it_asked(clients):
    student, teacher = clients
    question = first_of("history", "numeric")
    attempt = take(student, submit=False)
    asked = next(r for r in attempt.responses if r.version.question_id == question.id).version
    old_state = snapshot(asked)
    submit_editor(teacher, f"/teach/questions/{question.id}/edit", {"answers-0-value": "1"})
    db.session.expire_all()
    assert snapshot(db.session.get(QuestionVersion, asked.id)) == old_state
    assert question.current.number == 2
    student.post(f"/attempts/{attempt.id}", data=correct_form(db.session.get(Attempt, attempt.id)))
    assert db.session.get(Attempt, attempt.id).percent == 100  # graded on the version it asked


def test_a_version_nobody_was_asked_is_updated_in_place(teacher_client):
    question = first_of("arms", "ordering")
    version_id = question.current.id
    submit_editor(teacher_client, f"/teach/questions/{question.id}/edit", {"prompt": "Order?"})
    db.session.expire_all()
    assert [v.id for v in question.versions] == [version_id]
    assert question.current.prompt == "Order?"


def test_saving_without_changes_makes_no_version(clients):
    student, teacher = clients
    take(student)
    question = first_of("history", "multiple_response")
    response = submit_editor(teacher, f"/teach/questions/{question.id}/edit", {})
    assert response.status_code == 302
    db.session.expire_all()
    assert len(question.versions) == 1


def test_no_answered_version_is_ever_changed(clients):
    """Edit every question of a module after attempts, twice; asked versions stay as they were."""
    student, teacher = clients
    take(student, "gifts")
    take(student, "gifts", submit=False)
    before = answered_versions()
    module = db.session.scalar(select(Module).where(Module.slug == "gifts"))
    for round_number in (1, 2):
        for question in module.questions:
            submit_editor(
                teacher,
                f"/teach/questions/{question.id}/edit",
                {"prompt": f"Round {round_number}: {question.key}?", "points": "3"},
            )
    db.session.expire_all()
    assert {vid: snap for vid, snap in answered_versions().items() if vid in before} == before
    for question in module.questions:
        assert question.current.number == 2  # one new version, then updated in place
        assert question.current.prompt.startswith("Round 2")


def test_a_second_teacher_sees_the_same_bank(app, clients):
    _student, teacher = clients
    other = make_user("tom@example.com", role="teacher", password=TEACHER_PASSWORD)
    client = logged_in_client(app, other.email, TEACHER_PASSWORD)
    question = first_of("quirks", "short_answer")
    submit_editor(teacher, f"/teach/questions/{question.id}/edit", {"prompt": "Edited by Tess?"})
    assert "Edited by Tess?" in client.get("/teach/modules/quirks").text
