"""Managing a class: rename it, issue a new join code, remove a student, delete it; who may."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from quizapp.classes import create_class, display_code
from quizapp.extensions import db
from quizapp.models import Attempt, Enrollment, SchoolClass
from tests.conftest import STUDENT_PASSWORD, TEACHER_PASSWORD, csrf_from, login, make_user
from tests.functional.test_reports_fixtures import add_attempt, enrol

QUESTIONS = {"second-visit": 1.0, "war-opponents": 0.5}


@pytest.fixture
def world(app, teacher, student, other_student):
    """Tess teaches Ada (one attempt) and Bo in Group Kappa; Una teaches Ed in Group Theirs."""
    mine = create_class(teacher, "Group Kappa")
    enrol(mine, student, other_student)
    attempt = add_attempt(student, "history", QUESTIONS)
    una = make_user("una@example.com", role="teacher", password=TEACHER_PASSWORD, name="Una")
    ed = make_user("ed@example.com", name="Ed")
    theirs = create_class(una, "Group Theirs")
    enrol(theirs, ed)
    return SimpleNamespace(
        c=mine.id, code=mine.join_code, ada=student.id, bo=other_student.id, attempt=attempt.id,
        theirs=theirs.id, theirs_code=theirs.join_code, ed=ed.id,
    )  # fmt: skip


def client_for(app, email: str, password: str = STUDENT_PASSWORD):
    """A second, independent browser session logged in as `email`."""
    other = app.test_client()
    login(other, email, password)
    return other


def enrolled(class_id: int) -> set[int]:
    return set(
        db.session.scalars(select(Enrollment.user_id).where(Enrollment.class_id == class_id))
    )


def attempts_of(user_id: int) -> int:
    return db.session.scalar(select(func.count(Attempt.id)).where(Attempt.user_id == user_id))


def settings_url(w) -> str:
    return f"/reports/classes/{w.c}/settings"


# --- settings page and rename ------------------------------------------------------------------


def test_settings_page_lists_name_code_and_students(teacher_client, world):
    page = teacher_client.get(settings_url(world))
    assert page.status_code == 200
    assert 'value="Group Kappa"' in page.text and display_code(world.code) in page.text
    assert "Students already in the class stay in it" in page.text
    assert "Ada" in page.text and "Bo" in page.text
    assert f'href="/reports/classes/{world.c}/students/{world.ada}/remove"' in page.text
    assert f'href="/reports/classes/{world.c}/delete"' in page.text
    overview = teacher_client.get(f"/reports/classes/{world.c}").text
    assert f'href="{settings_url(world)}">Class settings</a>' in overview


def test_rename_class(teacher_client, world):
    page = teacher_client.post(
        f"/reports/classes/{world.c}/rename", data={"name": "  Group   Lambda "},
        follow_redirects=True,
    )  # fmt: skip
    assert page.status_code == 200 and page.request.path == settings_url(world)
    assert "Renamed the class to “Group Lambda”." in page.text
    assert db.session.get(SchoolClass, world.c).name == "Group Lambda"


@pytest.mark.parametrize(
    ("name", "message"),
    [("", "Give the class a name."), ("   ", "Give the class a name."),
     ("x" * 121, "Use at most 120 characters.")],
)  # fmt: skip
def test_bad_names_re_render_with_the_message_and_keep_the_input(
    teacher_client, world, name, message
):
    page = teacher_client.post(f"/reports/classes/{world.c}/rename", data={"name": name})
    assert page.status_code == 422
    assert "Please check the form" in page.text and message in page.text
    assert f'value="{name}"' in page.text  # what was typed is still in the box
    assert "Ada" in page.text  # the rest of the page is there too
    assert db.session.get(SchoolClass, world.c).name == "Group Kappa"


# --- new join code ------------------------------------------------------------------------------


def test_new_code_retires_the_old_one_and_keeps_the_students(app, teacher_client, world):
    page = teacher_client.post(f"/reports/classes/{world.c}/code", follow_redirects=True)
    new_code = db.session.get(SchoolClass, world.c).join_code
    assert new_code != world.code
    assert page.request.path == settings_url(world)
    assert f"New join code for Group Kappa: {display_code(new_code)}" in page.text
    assert "students already in the class stay in it" in page.text
    assert display_code(world.code) not in page.text
    assert enrolled(world.c) == {world.ada, world.bo}

    make_user("cy@example.com", name="Cy")
    cy = client_for(app, "cy@example.com")
    refused = cy.post("/reports/me/join", data={"code": world.code})
    assert refused.status_code == 422 and "No class has this join code" in refused.text
    joined = cy.post("/reports/me/join", data={"code": new_code}, follow_redirects=True)
    assert "You joined Group Kappa." in joined.text
    assert len(enrolled(world.c)) == 3


# --- remove a student ---------------------------------------------------------------------------


def test_remove_asks_first_and_the_get_changes_nothing(teacher_client, world):
    url = f"/reports/classes/{world.c}/students/{world.ada}/remove"
    page = teacher_client.get(url)
    assert page.status_code == 200
    assert "Remove Ada from Group Kappa?" in page.text and "ada@example.com" in page.text
    assert "Their attempts and scores are kept" in page.text
    assert f'<form method="post" action="{url}"' in page.text
    assert f'href="{settings_url(world)}">Cancel</a>' in page.text
    assert enrolled(world.c) == {world.ada, world.bo}


def test_removing_a_student_keeps_their_attempts(app, teacher_client, world):
    ada = client_for(app, "ada@example.com")
    assert "Group Kappa" in ada.get("/reports/me").text
    url = f"/reports/classes/{world.c}/students/{world.ada}/remove"
    response = teacher_client.post(url)
    assert response.status_code == 302 and response.headers["Location"] == settings_url(world)
    page = teacher_client.get(settings_url(world))
    assert "Removed Ada from Group Kappa. Their attempts are kept." in page.text
    assert enrolled(world.c) == {world.bo}
    assert db.session.get(Attempt, world.attempt) is not None and attempts_of(world.ada) == 1
    overview = teacher_client.get(f"/reports/classes/{world.c}").text
    assert ">Ada</a>" not in overview and ">Bo</a>" in overview
    assert teacher_client.get(f"/reports/classes/{world.c}/students/{world.ada}").status_code == 404
    assert "Group Kappa" not in ada.get("/reports/me").text
    assert teacher_client.post(url).status_code == 404  # a second submit: not in the class now


# --- delete a class -----------------------------------------------------------------------------


def test_delete_asks_first_and_the_get_changes_nothing(teacher_client, world):
    page = teacher_client.get(f"/reports/classes/{world.c}/delete")
    assert page.status_code == 200
    assert "Delete Group Kappa?" in page.text and "2 students" in page.text
    assert "attempts and scores are kept" in page.text
    assert f'href="{settings_url(world)}">Cancel</a>' in page.text
    assert db.session.get(SchoolClass, world.c) is not None


def test_deleting_a_class_removes_enrollments_and_keeps_attempts(app, teacher_client, world):
    response = teacher_client.post(f"/reports/classes/{world.c}/delete")
    assert response.status_code == 302 and response.headers["Location"] == "/reports/classes"
    listing = teacher_client.get("/reports/classes").text
    assert "Deleted Group Kappa. Its 2 students left the class; their attempts are kept." in listing
    db.session.expire_all()
    assert db.session.get(SchoolClass, world.c) is None
    assert enrolled(world.c) == set()
    assert enrolled(world.theirs) == {world.ed}
    assert attempts_of(world.ada) == 1
    assert teacher_client.get(f"/reports/classes/{world.c}").status_code == 404
    refused = client_for(app, "ada@example.com").post("/reports/me/join", data={"code": world.code})
    assert refused.status_code == 422 and "No class has this join code" in refused.text


# --- who may --------------------------------------------------------------------------------------

ROUTES = [  # (method, url) with {c}: class id, {s}: a student id
    ("GET", "/reports/classes/{c}/settings"),
    ("POST", "/reports/classes/{c}/rename"),
    ("POST", "/reports/classes/{c}/code"),
    ("GET", "/reports/classes/{c}/students/{s}/remove"),
    ("POST", "/reports/classes/{c}/students/{s}/remove"),
    ("GET", "/reports/classes/{c}/delete"),
    ("POST", "/reports/classes/{c}/delete"),
]


def call(client, method: str, url: str, **ids):
    return client.open(url.format(**ids), method=method, data={"name": "Hijacked"})


def assert_untouched(w) -> None:
    db.session.expire_all()
    expected = [(w.c, "Group Kappa", w.code), (w.theirs, "Group Theirs", w.theirs_code)]
    for class_id, name, code in expected:
        school_class = db.session.get(SchoolClass, class_id)
        assert (school_class.name, school_class.join_code) == (name, code)
    assert enrolled(w.c) == {w.ada, w.bo} and enrolled(w.theirs) == {w.ed}


def test_anonymous_users_are_sent_to_log_in(client, world):
    for method, url in ROUTES:
        response = call(client, method, url, c=world.c, s=world.ada)
        assert response.status_code == 302, (method, url)
        assert "/auth/login" in response.headers["Location"], (method, url)
    assert_untouched(world)


def test_students_get_403(student_client, world):
    for method, url in ROUTES:
        assert call(student_client, method, url, c=world.c, s=world.ada).status_code == 403
    assert_untouched(world)


def test_another_teachers_class_is_404(teacher_client, world):
    for method, url in ROUTES:
        response = call(teacher_client, method, url, c=world.theirs, s=world.ed)
        assert response.status_code == 404, (method, url)
    assert_untouched(world)


def test_students_not_in_the_class_and_unknown_ids_are_404(teacher_client, world):
    for method, url in ROUTES:
        if "{s}" in url:
            for s in (world.ed, 999):
                assert call(teacher_client, method, url, c=world.c, s=s).status_code == 404
        assert call(teacher_client, method, url, c=999, s=world.ada).status_code == 404
    assert_untouched(world)


# --- CSRF, on as in production ----------------------------------------------------------------


def form_token(html: str, action: str) -> str:
    return re.search(rf'action="{action}".*?name="csrf_token"[^>]*value="([^"]+)"', html, re.S)[1]


class TestCsrf:
    @pytest.fixture
    def app_config(self):
        return {"WTF_CSRF_ENABLED": True}

    @pytest.fixture
    def tess(self, client, world):
        token = csrf_from(client.get("/auth/login").text)
        data = {"email": "tess@example.com", "password": TEACHER_PASSWORD, "csrf_token": token}
        client.post("/auth/login", data=data)
        return client

    def test_every_post_needs_the_token(self, tess, world):
        for method, url in ROUTES:
            if method == "POST":
                response = call(tess, method, url, c=world.c, s=world.ada)
                assert response.status_code == 400, url
                assert "Your form expired" in response.text
        assert_untouched(world)

    def test_the_pages_carry_tokens_that_work(self, tess, world):
        rename, code = (f"/reports/classes/{world.c}/{a}" for a in ("rename", "code"))
        settings = tess.get(settings_url(world)).text
        tess.post(rename, data={"name": "Renamed", "csrf_token": form_token(settings, rename)})
        assert tess.post(code, data={"csrf_token": form_token(settings, code)}).status_code == 302
        db.session.expire_all()
        school_class = db.session.get(SchoolClass, world.c)
        assert school_class.name == "Renamed" and school_class.join_code != world.code

        remove = f"/reports/classes/{world.c}/students/{world.ada}/remove"
        token = form_token(tess.get(remove).text, remove)
        assert tess.post(remove, data={"csrf_token": token}).status_code == 302
        assert enrolled(world.c) == {world.bo}

        delete = f"/reports/classes/{world.c}/delete"
        token = form_token(tess.get(delete).text, delete)
        assert tess.post(delete, data={"csrf_token": token}).status_code == 302
        assert db.session.get(SchoolClass, world.c) is None
