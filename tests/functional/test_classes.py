"""Classes: a teacher creates them, students join with the code, in as many as they like."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from quizapp.classes import create_class, display_code
from quizapp.extensions import db
from quizapp.models import Enrollment, SchoolClass
from tests.conftest import TEACHER_PASSWORD, make_user


def create(client, name: str):
    return client.post("/reports/classes", data={"name": name}, follow_redirects=True)


def join(client, code: str):
    return client.post("/reports/me/join", data={"code": code}, follow_redirects=True)


def test_teacher_creates_a_class_and_sees_its_code(teacher_client, teacher):
    page = create(teacher_client, "  Year 10   History ")
    assert page.status_code == 200
    school_class = db.session.scalar(select(SchoolClass))
    assert school_class.name == "Year 10 History" and school_class.teacher_id == teacher.id
    code = display_code(school_class.join_code)
    assert f"Students join with the code {code}" in page.text
    assert page.request.path == f"/reports/classes/{school_class.id}"
    listing = teacher_client.get("/reports/classes").text
    assert "Year 10 History" in listing and code in listing and "0 students" in listing


@pytest.mark.parametrize("name", ["", "   ", "x" * 121])
def test_bad_class_names_get_a_message_not_a_class(teacher_client, name):
    page = create(teacher_client, name)
    assert page.status_code == 422
    assert "Please check the form" in page.text
    assert "Give the class a name." in page.text or "at most 120 characters" in page.text
    assert db.session.scalar(select(func.count(SchoolClass.id))) == 0


def test_student_joins_several_classes_with_forgiving_codes(student_client, student, app):
    tess = make_user("tess@example.com", role="teacher", password=TEACHER_PASSWORD)
    una = make_user("una@example.com", role="teacher", password=TEACHER_PASSWORD, name="Una")
    first, second = create_class(tess, "History A"), create_class(una, "Arms B")
    page = join(student_client, display_code(first.join_code).lower())
    assert "You joined History A." in page.text
    page = join(student_client, " " + first.join_code[:4] + " " + first.join_code[4:])
    assert page.status_code == 422 and "You are already in History A." in page.text
    page = join(student_client, second.join_code)
    assert "You joined Arms B." in page.text
    assert "History A" in page.text and "(teacher: Una)" in page.text
    joined = db.session.scalars(select(Enrollment.class_id).where(Enrollment.user_id == student.id))
    assert sorted(joined) == sorted([first.id, second.id])


@pytest.mark.parametrize(
    ("code", "message"),
    [("", "Type the join code"), ("NOPE-NOPE", "No class has this join code"),
     ("x" * 40, "A join code has 8 letters")],
)  # fmt: skip
def test_bad_join_codes_get_a_clear_message(student_client, code, message):
    page = join(student_client, code)
    assert page.status_code == 422
    assert message in page.text
    assert db.session.scalar(select(func.count(Enrollment.id))) == 0


def test_teachers_do_not_join_classes(teacher_client, teacher):
    school_class = create_class(teacher, "Mine")
    page = join(teacher_client, school_class.join_code)
    assert page.status_code == 422 and "Teachers do not join classes" in page.text


def test_student_cannot_create_classes(student_client):
    assert student_client.post("/reports/classes", data={"name": "Mine"}).status_code == 403
    assert student_client.get("/reports/classes").status_code == 403


def test_teacher_lists_only_their_own_classes(teacher_client, teacher):
    other = make_user("una@example.com", role="teacher", password=TEACHER_PASSWORD)
    create_class(teacher, "Mine")
    theirs = create_class(other, "Theirs")
    listing = teacher_client.get("/reports/classes").text
    assert "Mine" in listing and "Theirs" not in listing and theirs.join_code not in listing
