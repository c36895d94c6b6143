"""Role rules: every teacher route (every endpoint starting with 'teach.') is for teachers only,
and every state change needs a CSRF token."""

from __future__ import annotations

import pytest
from flask import url_for

from quizapp.extensions import db
from quizapp.models import Question
from tests.conftest import TEACHER_PASSWORD, csrf_from, login_with_csrf
from tests.functional.test_teach_helpers import fill, form_fields

ARGUMENTS = {
    "slug": "history",
    "question_id": 1,
    "type_id": "single_choice",
    "fmt": "yaml",
    "override_id": 1,
    "article_id": 1,
}
SKIP_METHODS = {"HEAD", "OPTIONS"}


def teach_routes(app) -> list[tuple[str, str, str]]:
    """(endpoint, method, url) for every teacher route, built from the URL map."""
    routes = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if not rule.endpoint.startswith("teach."):
                continue
            url = url_for(rule.endpoint, **{name: ARGUMENTS[name] for name in rule.arguments})
            routes += [(rule.endpoint, m, url) for m in sorted(rule.methods - SKIP_METHODS)]
    return routes


def test_the_sweep_covers_the_teacher_area(app):
    endpoints = {endpoint for endpoint, _m, _u in teach_routes(app)}
    assert {
        "teach.index",
        "teach.new_module",
        "teach.module",
        "teach.new_question",
        "teach.edit_question",
        "teach.move_question",
        "teach.retire_question",
        "teach.import_questions",
        "teach.export_module",
        "teach.quiz_settings",
        "teach.add_override",
        "teach.delete_override",
        "teach.draft_queue",
        "teach.draft_article",
        "teach.decide_drafts",
    } <= endpoints
    assert any(method == "POST" for _e, method, _u in teach_routes(app))


def test_anonymous_users_are_sent_to_log_in(app, client):
    for endpoint, method, url in teach_routes(app):
        response = client.open(url, method=method)
        assert response.status_code == 302, (endpoint, method)
        assert "/auth/login" in response.headers["Location"], (endpoint, method)


def test_students_get_403_everywhere(app, student_client):
    question = db.session.get(Question, 1)
    state = (question.position, question.retired, question.current.prompt)
    for endpoint, method, url in teach_routes(app):
        data = {"direction": "up", "prompt": "hacked", "slug": "hacked", "title": "hacked"}
        response = student_client.open(url, method=method, data=data)
        assert response.status_code == 403, (endpoint, method)
    db.session.refresh(question)
    assert (question.position, question.retired, question.current.prompt) == state


def test_teachers_reach_every_page(teacher_client):
    for url in (
        "/teach/",
        "/teach/modules/new",
        "/teach/modules/history",
        "/teach/modules/history/questions/new/matching",
        "/teach/questions/1/edit",
    ):
        assert teacher_client.get(url).status_code == 200, url


def test_state_changes_are_post_only(teacher_client):
    assert teacher_client.get("/teach/questions/1/move").status_code == 405
    assert teacher_client.get("/teach/questions/1/retire").status_code == 405


class TestWithCsrf:
    @pytest.fixture
    def app_config(self):
        return {"WTF_CSRF_ENABLED": True}

    @pytest.fixture
    def teacher_client(self, client, teacher):
        return login_with_csrf(client, teacher.email, TEACHER_PASSWORD)

    def test_posts_without_a_token_are_refused(self, teacher_client):
        for url in (
            "/teach/questions/1/retire",
            "/teach/questions/2/move",
            "/teach/modules/new",
            "/teach/questions/1/edit",
        ):
            response = teacher_client.post(url, data={"direction": "up", "slug": "x"})
            assert response.status_code == 400, url
        assert db.session.get(Question, 1).retired is False

    def test_the_rendered_token_works(self, teacher_client):
        page = teacher_client.get("/teach/modules/history")
        response = teacher_client.post(
            "/teach/questions/1/retire", data={"csrf_token": csrf_from(page.text)}
        )
        assert response.status_code == 302
        assert db.session.get(Question, 1).retired is True

    def test_the_editor_saves_with_its_token(self, teacher_client):
        page = teacher_client.get("/teach/questions/1/edit")
        fields = fill(form_fields(page.text), {"prompt": "Reworded with a token?"})
        assert fields["csrf_token"]
        response = teacher_client.post("/teach/questions/1/edit", data=fields)
        assert response.status_code == 302
        assert db.session.get(Question, 1).current.prompt == "Reworded with a token?"
