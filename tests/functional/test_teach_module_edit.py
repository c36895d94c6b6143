"""Editing a module's title and description: the form, its rules, and init-db keeping the edit."""

from __future__ import annotations

import re

import pytest
from markupsafe import escape
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Module
from tests.conftest import STUDENT_PASSWORD, TEACHER_PASSWORD, csrf_from, login_with_csrf
from tests.functional.test_teach_helpers import logged_in_client

URL = "/teach/modules/history/edit"


def module(slug: str) -> Module:
    return db.session.scalar(select(Module).where(Module.slug == slug))


def test_the_module_page_links_to_the_edit_form(teacher_client):
    page = teacher_client.get("/teach/modules/history").text
    assert f'href="{URL}">Edit title and description</a>' in page


def test_the_form_shows_the_details_and_the_fixed_slug(teacher_client):
    history = module("history")
    page = teacher_client.get(URL).text
    assert f'value="{escape(history.title)}"' in page
    assert str(escape(history.description)) in page
    assert re.search(r'<code id="slug"[^>]*>history</code>', page)
    assert 'name="slug"' not in page  # shown as text, never a field to submit


def test_edit_saves_and_students_see_it(app, teacher, student):
    teacher_client = logged_in_client(app, teacher.email, TEACHER_PASSWORD)
    data = {"title": "  Seventy years of history  ", "description": "Kim and Putin, then."}
    response = teacher_client.post(URL, data=data)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/teach/modules/history")
    page = teacher_client.get(response.headers["Location"]).text
    assert "Module “Seventy years of history” saved." in page
    assert "<h1>Seventy years of history</h1>" in page and "Kim and Putin, then." in page
    history = module("history")
    assert (history.title, history.description) == ("Seventy years of history", data["description"])
    assert history.details_edited is True
    dashboard = logged_in_client(app, student.email, STUDENT_PASSWORD).get("/dashboard").text
    assert "Seventy years of history" in dashboard and "Kim and Putin, then." in dashboard


def test_saving_unchanged_details_does_not_mark_them_edited(teacher_client):
    history = module("history")
    data = {"title": history.title, "description": history.description}
    response = teacher_client.post(URL, data=data, follow_redirects=True)
    assert response.status_code == 200 and "Nothing changed." in response.text
    assert module("history").details_edited is False


def test_posting_a_slug_does_not_change_it(teacher_client):
    history_id = module("history").id
    data = {"title": "Renamed", "slug": "hacked", "description": ""}
    assert teacher_client.post(URL, data=data).status_code == 302
    db.session.expire_all()
    assert module("hacked") is None
    renamed = db.session.get(Module, history_id)
    assert (renamed.slug, renamed.title) == ("history", "Renamed")
    assert teacher_client.get("/teach/modules/history").status_code == 200


@pytest.mark.parametrize(
    "data, message",
    [
        ({"title": "", "description": "Fine."}, "This field is required."),
        ({"title": "   ", "description": "Fine."}, "This field is required."),
        ({"title": "x" * 201, "description": ""}, "Field cannot be longer than 200 characters."),
        ({"title": "Fine", "description": "x" * 2001}, "cannot be longer than 2000 characters."),
    ],
)
def test_bad_input_comes_back_with_messages(teacher_client, data, message):
    before = (module("history").title, module("history").description)
    response = teacher_client.post(URL, data=data)
    assert response.status_code == 422
    assert message in response.text and "Please check the form" in response.text
    assert 'aria-invalid="true"' in response.text
    db.session.expire_all()
    history = module("history")
    assert (history.title, history.description) == before and not history.details_edited


def test_limits_are_inclusive(teacher_client):
    data = {"title": "t" * 200, "description": "d" * 2000}
    assert teacher_client.post(URL, data=data).status_code == 302
    assert module("history").title == "t" * 200


def test_unknown_module_is_404(teacher_client):
    assert teacher_client.get("/teach/modules/nope/edit").status_code == 404
    assert teacher_client.post("/teach/modules/nope/edit", data={"title": "x"}).status_code == 404


def test_init_db_keeps_the_edit_and_refreshes_unedited_modules(teacher_client, runner):
    teacher_client.post(URL, data={"title": "Kept title", "description": "Kept description."})
    arms = module("arms")
    bank_title, bank_description = arms.title, arms.description
    arms.title, arms.description = "Stale title", "Stale description."  # unedited: bank wins
    db.session.commit()
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    history, arms = module("history"), module("arms")
    assert (history.title, history.description) == ("Kept title", "Kept description.")
    assert history.details_edited is True
    assert (arms.title, arms.description) == (bank_title, bank_description)
    assert arms.details_edited is False


def test_students_get_403_and_anonymous_users_log_in(app, client, student):
    for method in ("GET", "POST"):
        response = client.open(URL, method=method, data={"title": "hacked"})
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    student_client = logged_in_client(app, student.email, STUDENT_PASSWORD)
    for method in ("GET", "POST"):
        response = student_client.open(URL, method=method, data={"title": "hacked"})
        assert response.status_code == 403
    assert module("history").title != "hacked"


class TestWithCsrf:
    @pytest.fixture
    def app_config(self):
        return {"WTF_CSRF_ENABLED": True}

    @pytest.fixture
    def teacher_client(self, client, teacher):
        return login_with_csrf(client, teacher.email, TEACHER_PASSWORD)

    def test_a_post_without_a_token_is_refused(self, teacher_client):
        before = module("history").title
        response = teacher_client.post(URL, data={"title": "No token", "description": ""})
        assert response.status_code == 400
        db.session.expire_all()
        assert module("history").title == before and not module("history").details_edited

    def test_the_rendered_token_works(self, teacher_client):
        token = csrf_from(teacher_client.get(URL).text)
        data = {"title": "With a token", "description": "", "csrf_token": token}
        assert teacher_client.post(URL, data=data).status_code == 302
        assert module("history").title == "With a token"
