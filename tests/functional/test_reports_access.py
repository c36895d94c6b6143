"""Who may open which report: every report route swept for every role.

Anonymous -> log in; students -> 403 on teacher reports; teachers -> only their own classes, the
students enrolled in them and those students' attempts (anything else is a 404, like a wrong id).
"""

from __future__ import annotations

import pytest
from flask import url_for

from quizapp.classes import create_class
from tests.conftest import STUDENT_PASSWORD, TEACHER_PASSWORD, login, make_user
from tests.functional.test_reports_fixtures import add_attempt, enrol

QUESTIONS = {"second-visit": 1.0, "war-opponents": 0.5}
STUDENT_ROUTES = ["/reports/me", "/reports/me/progress.csv", "/reports/me/article",
                  "/reports/me/article.csv"]  # fmt: skip
TEACHER_ROUTES = [  # {c}: class id, {s}: student id, {a}: attempt id
    "/reports/classes",
    "/reports/classes/{c}",
    "/reports/classes/{c}/overview.csv",
    "/reports/classes/{c}/students/{s}",
    "/reports/classes/{c}/students/{s}/attempts.csv",
    "/reports/classes/{c}/students/{s}/attempts/{a}",
    "/reports/classes/{c}/modules/history/items",
    "/reports/classes/{c}/modules/history/items.csv",
    "/reports/classes/{c}/modules/history/options.csv",
    "/reports/classes/{c}/modules/history/passages",
    "/reports/classes/{c}/modules/history/passages.csv",
    "/reports/classes/{c}/modules/history/article",
    "/reports/classes/{c}/modules/history/article.csv",
    "/reports/classes/{c}/settings",
    "/reports/classes/{c}/students/{s}/remove",
    "/reports/classes/{c}/delete",
    "/reports/classes/{c}/log",
]


@pytest.fixture
def world(app, teacher, student):
    """Tess teaches Ada; Una teaches Ed. Both students have one attempt."""
    una = make_user("una@example.com", role="teacher", password=TEACHER_PASSWORD, name="Una")
    ed = make_user("ed@example.com", name="Ed")
    mine, theirs = create_class(teacher, "Mine"), create_class(una, "Theirs")
    enrol(mine, student)
    enrol(theirs, ed)
    return {
        "mine": {"c": mine.id, "s": student.id, "a": add_attempt(student, "history", QUESTIONS).id},
        "theirs": {"c": theirs.id, "s": ed.id, "a": add_attempt(ed, "history", QUESTIONS).id},
    }


def test_every_report_route_is_in_the_sweep(app):
    """A new report route must be added to the lists above."""
    swept = {r.split("?")[0] for r in STUDENT_ROUTES + TEACHER_ROUTES}
    rules = {
        rule.rule.replace("<int:class_id>", "{c}")
        .replace("<int:user_id>", "{s}")
        .replace("<int:attempt_id>", "{a}")
        .replace("<slug>", "history")
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("reports.") and "GET" in rule.methods
    }
    assert rules == swept


def statuses(client, routes: list[str], ids: dict) -> dict[str, int]:
    return {route: client.get(route.format(**ids)).status_code for route in routes}


def test_anonymous_users_are_sent_to_log_in(client, world):
    for route in STUDENT_ROUTES + TEACHER_ROUTES:
        response = client.get(route.format(**world["mine"]))
        assert response.status_code == 302, route
        assert "/auth/login" in response.headers["Location"], route


def test_students_get_403_on_teacher_reports_and_200_on_their_own(student_client, world):
    assert set(statuses(student_client, TEACHER_ROUTES, world["mine"]).values()) == {403}
    assert set(statuses(student_client, STUDENT_ROUTES, {}).values()) == {200}


def test_teacher_opens_their_own_class(teacher_client, world):
    assert set(statuses(teacher_client, TEACHER_ROUTES, world["mine"]).values()) == {200}


def test_teacher_cannot_open_another_teachers_class(teacher_client, world):
    assert set(statuses(teacher_client, TEACHER_ROUTES[1:], world["theirs"]).values()) == {404}


def test_teacher_cannot_reach_a_student_outside_their_class(teacher_client, world):
    """Their own class id with the other class's student (or that student's attempt): 404."""
    ids = dict(world["mine"], s=world["theirs"]["s"], a=world["theirs"]["a"])
    routes = [r for r in TEACHER_ROUTES if "{s}" in r]
    assert set(statuses(teacher_client, routes, ids).values()) == {404}


def test_teacher_cannot_open_another_students_attempt_through_own_student(teacher_client, world):
    ids = dict(world["mine"], a=world["theirs"]["a"])
    url = "/reports/classes/{c}/students/{s}/attempts/{a}".format(**ids)
    assert teacher_client.get(url).status_code == 404


def test_unknown_ids_are_404(teacher_client, world):
    routes = [
        "/reports/classes/{c}/modules/nope/items",
        "/reports/classes/{c}/modules/nope/passages",
        "/reports/classes/{c}/modules/nope/items.csv",
        "/reports/classes/999/overview.csv",
        "/reports/classes/{c}/students/999",
        "/reports/classes/{c}/students/{s}/attempts/999",
    ]
    assert set(statuses(teacher_client, routes, world["mine"]).values()) == {404}


def test_other_teacher_sees_their_class_but_not_mine(client, world):
    login(client, "una@example.com", TEACHER_PASSWORD)
    assert client.get("/reports/classes/{c}".format(**world["theirs"])).status_code == 200
    assert client.get("/reports/classes/{c}".format(**world["mine"])).status_code == 404


def test_a_student_cannot_see_another_students_attempt_from_the_reports(client, world):
    login(client, "ed@example.com", STUDENT_PASSWORD)
    page = client.get("/reports/me")
    assert page.status_code == 200
    with client.application.test_request_context():
        mine = url_for("learn.attempt", attempt_id=world["mine"]["a"])
    assert mine not in page.text
    assert client.get(mine).status_code == 404
