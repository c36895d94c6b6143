"""People's data: one-time reset links (teacher and command line), data download, deletion."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from sqlalchemy import func, select

from quizapp.auth.account import issue_reset
from quizapp.classes import create_class
from quizapp.extensions import db
from quizapp.models import AuditEntry, Enrollment, PasswordReset, Response, User
from quizapp.models.users import utcnow
from quizapp.reports.items import item_analysis
from quizapp.reports.queries import Scope, module_by_slug
from tests.conftest import STUDENT_PASSWORD, TEACHER_PASSWORD, login, make_user
from tests.functional.test_class_admin import client_for
from tests.functional.test_reports_fixtures import add_attempt, enrol

NEW_PASSWORD = "brand-new-pass-9"
QUESTIONS = {"second-visit": 1.0, "war-opponents": 0.5}


def link_on(page: str) -> str:
    return re.search(r'value="(http://localhost/auth/reset/[^"]+)"', page)[1]


def choose(client, link: str, password: str = NEW_PASSWORD):
    data = {"password": password, "confirm": password}
    return client.post(link.removeprefix("http://localhost"), data=data)


def test_a_teacher_hands_a_student_a_one_time_link(app, teacher_client, teacher, student):
    school_class = create_class(teacher, "Kappa")
    enrol(school_class, student)
    url = f"/reports/classes/{school_class.id}/students/{student.id}"
    assert "reset-link" in teacher_client.get(url).text
    page = teacher_client.post(url + "/reset-link")
    assert page.status_code == 200 and "Ada" in page.text
    assert page.headers["Cache-Control"] == "no-store"
    link = link_on(page.text)
    token = link.rsplit("/", 1)[1]
    stored = db.session.scalar(select(PasswordReset.token_hash))
    assert token not in stored and len(stored) == 64  # only a hash is kept
    browser = app.test_client()
    assert "Choose a new password" in browser.get(link).text
    assert choose(browser, link).status_code == 302
    assert "Hello, Ada" in login(browser, student.email, NEW_PASSWORD).text
    assert (
        "Email or password is not right"
        in login(app.test_client(), student.email, STUDENT_PASSWORD).text
    )
    again = choose(app.test_client(), link, "another-pass-77")
    assert again.status_code == 404 and "does not work" in again.text  # single use
    assert db.session.get(User, student.id).check_password(NEW_PASSWORD)
    (entry,) = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "student.reset_link")
    )
    assert entry.class_id == school_class.id and entry.actor_id == teacher.id


def test_links_expire_and_a_new_one_replaces_the_old(app, student, client):
    first = issue_reset(student)
    second = issue_reset(student)
    assert client.get(f"/auth/reset/{first}").status_code == 404
    assert client.get(f"/auth/reset/{second}").status_code == 200
    db.session.scalar(select(PasswordReset)).expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert choose(client, f"/auth/reset/{second}").status_code == 404
    assert db.session.get(User, student.id).check_password(STUDENT_PASSWORD)


def test_a_mismatched_new_password_is_refused_and_the_link_still_works(client, student):
    token = issue_reset(student)
    data = {"password": NEW_PASSWORD, "confirm": "something-else"}
    page = client.post(f"/auth/reset/{token}", data=data)
    assert page.status_code == 422 and "do not match" in page.text
    assert choose(client, f"/auth/reset/{token}").status_code == 302


def test_teachers_issue_links_only_for_their_own_students(teacher_client, teacher, student):
    una = make_user("una@example.com", role="teacher", password=TEACHER_PASSWORD, name="Una")
    theirs, mine = create_class(una, "Theirs"), create_class(teacher, "Mine")
    enrol(theirs, student)
    assert (
        teacher_client.post(
            f"/reports/classes/{theirs.id}/students/{student.id}/reset-link"
        ).status_code
        == 404
    )
    assert (
        teacher_client.post(
            f"/reports/classes/{mine.id}/students/{student.id}/reset-link"
        ).status_code
        == 404
    )
    assert db.session.scalar(select(func.count(PasswordReset.id))) == 0


def test_the_command_line_prints_a_link(runner, client, student):
    result = runner.invoke(
        args=["reset-password", "ADA@example.com", "--base-url", "https://quiz.school.example"]
    )
    assert result.exit_code == 0, result.output
    link = re.search(r"https://quiz\.school\.example/auth/reset/(\S+)", result.output)
    assert link and client.get(f"/auth/reset/{link[1]}").status_code == 200
    missing = runner.invoke(args=["reset-password", "nobody@example.com"])
    assert missing.exit_code != 0 and "no account" in missing.output


def test_a_student_downloads_all_their_data(student_client, student, teacher):
    school_class = create_class(teacher, "Kappa")
    enrol(school_class, student)
    add_attempt(student, "history", QUESTIONS, answers={"second-visit": "b"})
    response = student_client.get("/auth/account/data.json")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.text)
    assert data["account"]["email"] == "ada@example.com" and data["account"]["name"] == "Ada"
    assert data["classes"] == [
        {"class": "Kappa", "teacher": "Tess", "joined_at": data["classes"][0]["joined_at"]}
    ]
    (attempt,) = data["attempts"]
    assert attempt["score"] == 1.5 and len(attempt["responses"]) == 2
    assert attempt["responses"][0]["answer"] == "b" and attempt["responses"][0]["credit"] == 1.0
    assert "Download all your data" in student_client.get("/auth/password").text


def test_deleting_an_account_erases_the_person_and_keeps_the_statistics(
    app, student_client, student, teacher
):
    school_class = create_class(teacher, "Kappa")
    enrol(school_class, student)
    add_attempt(student, "history", QUESTIONS)
    issue_reset(student)
    other_device = client_for(app, student.email)
    history = module_by_slug("history")
    before = item_analysis(history, Scope(class_id=school_class.id))
    assert before.attempts == 1 and len(before.rows) == 2

    wrong = student_client.post("/auth/account/delete", data={"password": "not-my-password"})
    assert wrong.status_code == 422 and "not your password" in wrong.text
    assert db.session.get(User, student.id).email == "ada@example.com"

    done = student_client.post("/auth/account/delete", data={"password": STUDENT_PASSWORD})
    assert done.status_code == 302
    user = db.session.get(User, student.id)
    assert user.email != "ada@example.com" and "Ada" not in user.name and user.deleted_at
    assert not user.check_password(STUDENT_PASSWORD)
    assert db.session.scalar(select(func.count(PasswordReset.id))) == 0
    assert db.session.scalar(select(func.count(Response.id)).where(Response.mark.is_not(None))) >= 2
    assert db.session.scalar(select(Enrollment.user_id)) == student.id  # still counted
    after = item_analysis(history, Scope(class_id=school_class.id))
    assert after == before
    assert student_client.get("/dashboard").status_code == 302  # logged out here
    assert other_device.get("/dashboard").status_code == 302  # and on every other device
    assert "not right" in login(app.test_client(), "ada@example.com", STUDENT_PASSWORD).text
    summaries = db.session.scalars(select(AuditEntry.summary)).all()
    assert summaries and not any("Ada" in s for s in summaries)


def test_teachers_cannot_delete_their_account_here(teacher_client):
    assert teacher_client.get("/auth/account/delete").status_code == 403
    assert (
        teacher_client.post("/auth/account/delete", data={"password": TEACHER_PASSWORD}).status_code
        == 403
    )
    assert "Delete my account" not in teacher_client.get("/auth/password").text


def test_students_cannot_issue_links(student_client, student, teacher):
    school_class = create_class(teacher, "Kappa")
    enrol(school_class, student)
    url = f"/reports/classes/{school_class.id}/students/{student.id}/reset-link"
    assert student_client.post(url).status_code == 403
    assert db.session.scalar(select(func.count(PasswordReset.id))) == 0
