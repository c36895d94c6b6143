"""Sessions end on the server: logout, log out everywhere and a password change."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from quizapp.extensions import db
from quizapp.models import LoginSession
from tests.conftest import STUDENT_PASSWORD, csrf_from, login, login_with_csrf


def copy_cookies(source, target, names=("session", "remember_token")) -> None:
    """What someone who copied this browser's cookies would send."""
    for name in names:
        cookie = source.get_cookie(name)
        if cookie is not None:
            target.set_cookie(name, cookie.value)


def is_logged_in(client) -> bool:
    response = client.get("/dashboard")
    return response.status_code == 200 and "Hello, Ada" in response.text


def sessions_of(user) -> int:
    return db.session.scalar(select(func.count()).where(LoginSession.user_id == user.id))


def test_a_cookie_copied_before_logout_stops_working(app, client, student):
    login(client, student.email, STUDENT_PASSWORD)
    thief = app.test_client()
    copy_cookies(client, thief)
    assert is_logged_in(thief)
    assert "You are logged out" in client.post("/auth/logout", follow_redirects=True).text
    assert not is_logged_in(thief)
    assert thief.get("/dashboard").headers["Location"].startswith("/auth/login")
    assert sessions_of(student) == 0


def test_a_copied_remember_me_cookie_stops_working_after_logout(app, client, student):
    data = {"email": student.email, "password": STUDENT_PASSWORD, "remember": "y"}
    client.post("/auth/login", data=data)
    assert client.get_cookie("remember_token") is not None
    thief = app.test_client()
    copy_cookies(client, thief, names=("remember_token",))
    assert is_logged_in(thief)  # the remember cookie alone logs in, as it should
    client.post("/auth/logout")
    fresh = app.test_client()
    copy_cookies(thief, fresh, names=("remember_token",))
    assert not is_logged_in(fresh)


def test_logout_ends_only_this_session(app, client, student):
    login(client, student.email, STUDENT_PASSWORD)
    phone = app.test_client()
    login(phone, student.email, STUDENT_PASSWORD)
    client.post("/auth/logout")
    assert is_logged_in(phone) and not is_logged_in(client)


def test_log_out_everywhere_ends_every_session(app, client, student):
    login(client, student.email, STUDENT_PASSWORD)
    phone = app.test_client()
    login(phone, student.email, STUDENT_PASSWORD)
    account = client.get("/auth/password")
    assert "You are logged in on 2 browsers or devices" in account.text
    assert "Log out everywhere" in account.text
    done = client.post("/auth/logout-everywhere", follow_redirects=True)
    assert "You are logged out everywhere (2 session(s) ended)." in done.text
    assert not is_logged_in(client) and not is_logged_in(phone)
    assert sessions_of(student) == 0


def test_password_change_keeps_only_the_current_session(app, client, student):
    login(client, student.email, STUDENT_PASSWORD)
    phone, thief = app.test_client(), app.test_client()
    login(phone, student.email, STUDENT_PASSWORD)
    copy_cookies(phone, thief)
    new = "brand-new-pass"
    done = client.post(
        "/auth/password",
        data={"current": STUDENT_PASSWORD, "password": new, "confirm": new},
        follow_redirects=True,
    )
    assert "Your password is changed. You were logged out on 1 other device(s)." in done.text
    assert is_logged_in(client)
    assert not is_logged_in(phone) and not is_logged_in(thief)
    assert sessions_of(student) == 1


def test_a_cookie_from_before_server_sessions_logs_nobody_in(client, student):
    with client.session_transaction() as session:
        session["_user_id"] = str(student.id)
        session["_fresh"] = True
    assert client.get("/dashboard").status_code == 302


def test_a_session_past_its_lifetime_ends(app, client, student):
    login(client, student.email, STUDENT_PASSWORD)
    old = app.config["LOGIN_SESSION_LIFETIME"] + timedelta(minutes=1)
    db.session.execute(update(LoginSession).values(created_at=LoginSession.created_at - old))
    db.session.commit()
    assert not is_logged_in(client)
    login(client, student.email, STUDENT_PASSWORD)
    assert is_logged_in(client)
    assert sessions_of(student) == 1  # the stale row went when the new session started


def test_logout_everywhere_is_post_only_and_needs_login(client, student):
    assert client.post("/auth/logout-everywhere").status_code == 302
    login(client, student.email, STUDENT_PASSWORD)
    assert client.get("/auth/logout-everywhere").status_code == 405
    assert is_logged_in(client)


class TestCsrf:
    @pytest.fixture
    def app_config(self):
        return {"WTF_CSRF_ENABLED": True}

    def test_log_out_everywhere_without_a_token_ends_nothing(self, client, student):
        login_with_csrf(client, student.email, STUDENT_PASSWORD)
        assert client.post("/auth/logout-everywhere").status_code == 400
        assert is_logged_in(client) and sessions_of(student) == 1
        token = csrf_from(client.get("/auth/password").text)
        client.post("/auth/logout-everywhere", data={"csrf_token": token})
        assert not is_logged_in(client) and sessions_of(student) == 0
