"""With CSRF protection on, as in production: class forms need their token."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from quizapp.classes import create_class
from quizapp.extensions import db
from quizapp.models import Enrollment, SchoolClass
from tests.conftest import STUDENT_PASSWORD, TEACHER_PASSWORD, csrf_from


@pytest.fixture
def app_config():
    return {"WTF_CSRF_ENABLED": True}


def log_in(client, email: str, password: str) -> None:
    token = csrf_from(client.get("/auth/login").text)
    client.post("/auth/login", data={"email": email, "password": password, "csrf_token": token})


def form_token(html: str, action: str) -> str:
    return re.search(rf'action="{action}".*?name="csrf_token"[^>]*value="([^"]+)"', html, re.S)[1]


def test_create_class_needs_the_token(client, teacher):
    log_in(client, teacher.email, TEACHER_PASSWORD)
    refused = client.post("/reports/classes", data={"name": "No token"})
    assert refused.status_code == 400 and "Your form expired" in refused.text
    token = form_token(client.get("/reports/classes").text, "/reports/classes")
    page = client.post("/reports/classes", data={"name": "Token", "csrf_token": token})
    assert page.status_code == 302
    assert db.session.scalar(select(SchoolClass.name)) == "Token"


def test_join_needs_the_token(client, student, teacher):
    school_class = create_class(teacher, "Joinable")
    log_in(client, student.email, STUDENT_PASSWORD)
    assert client.post("/reports/me/join", data={"code": school_class.join_code}).status_code == 400
    token = form_token(client.get("/reports/me").text, "/reports/me/join")
    page = client.post(
        "/reports/me/join", data={"code": school_class.join_code, "csrf_token": token}
    )
    assert page.status_code == 302
    assert db.session.scalar(select(Enrollment.user_id)) == student.id
