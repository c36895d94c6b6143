"""Registration, login, logout, roles and CSRF."""

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import User
from tests.conftest import STUDENT_PASSWORD, csrf_from, login


def register(client, **overrides):
    data = {
        "name": "Nia",
        "email": "nia@example.com",
        "password": "long-enough-1",
        "confirm": "long-enough-1",
    }
    data.update(overrides)
    return client.post("/auth/register", data=data, follow_redirects=True)


def test_register_creates_a_student_with_a_hashed_password(client):
    response = register(client, email="Nia@Example.com")
    assert "Your account is ready" in response.text
    user = db.session.scalar(select(User).where(User.email == "nia@example.com"))
    assert user.role == "student"
    assert user.password_hash != "long-enough-1" and user.check_password("long-enough-1")


def test_registration_cannot_make_a_teacher(client):
    register(client, role="teacher")
    assert db.session.scalar(select(User.role).where(User.email == "nia@example.com")) == "student"


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"email": "not-an-email"}, "Invalid email address."),
        ({"password": "short", "confirm": "short"}, "Use between 8 and 128 characters."),
        ({"confirm": "different-1"}, "The two passwords do not match."),
        ({"name": ""}, "This field is required."),
    ],
)
def test_bad_registration_rerenders_with_messages(client, overrides, message):
    response = register(client, **overrides)
    assert response.status_code == 422
    assert message in response.text
    assert 'aria-invalid="true"' in response.text
    assert db.session.scalar(select(User).where(User.email == "nia@example.com")) is None


def test_duplicate_email_is_refused(client, student):
    response = register(client, email=student.email.upper())
    assert "already exists" in response.text


def test_login_and_logout(client, student):
    response = login(client, student.email, STUDENT_PASSWORD)
    assert "Hello, Ada" in response.text
    response = client.post("/auth/logout", follow_redirects=True)
    assert "You are logged out" in response.text
    assert client.get("/dashboard").status_code == 302


def test_wrong_password_says_so_without_revealing_which_part(client, student):
    response = login(client, student.email, "wrong-password")
    assert response.status_code == 422
    assert "Email or password is not right." in response.text
    unknown = login(client, "nobody@example.com", "wrong-password")
    assert "Email or password is not right." in unknown.text


def test_next_is_followed_only_when_local(client, student):
    data = {"email": student.email, "password": STUDENT_PASSWORD}
    local = client.post("/auth/login?next=/history", data=data)
    assert local.headers["Location"] == "/history"
    client.post("/auth/logout")
    evil = client.post("/auth/login?next=https://evil.example/", data=data)
    assert evil.headers["Location"] == "/dashboard"


def test_logout_is_post_only(student_client):
    assert student_client.get("/auth/logout").status_code == 405


class TestCsrf:
    @pytest.fixture
    def app_config(self):
        return {"WTF_CSRF_ENABLED": True}

    def test_login_without_token_is_refused(self, client, student):
        response = client.post(
            "/auth/login", data={"email": student.email, "password": STUDENT_PASSWORD}
        )
        assert response.status_code == 400
        assert "form expired" in response.text

    def test_start_without_token_is_refused_and_with_token_works(self, client, student):
        page = client.get("/auth/login")
        client.post(
            "/auth/login",
            data={
                "email": student.email,
                "password": STUDENT_PASSWORD,
                "csrf_token": csrf_from(page.text),
            },
        )
        assert client.post("/modules/history/start").status_code == 400
        dashboard = client.get("/dashboard")
        response = client.post(
            "/modules/history/start", data={"csrf_token": csrf_from(dashboard.text)}
        )
        assert response.status_code == 302 and "/attempts/" in response.headers["Location"]


class TestRateLimit:
    @pytest.fixture
    def app_config(self):
        return {"RATELIMIT_ENABLED": True, "LOGIN_ADDRESS_LIMIT": "5 per minute"}

    def test_login_posts_from_one_address_are_limited_by_the_setting(self, client, student):
        emails = [f"u{n}@example.com" for n in range(5)]
        statuses = [login(client, email, "wrong").status_code for email in emails]
        assert statuses == [422] * 5
        refused = login(client, student.email, STUDENT_PASSWORD)
        assert refused.status_code == 429 and "Too many attempts" in refused.text
        # The per-account limits are tested in test_throttling.py.


class TestBehindAProxy:
    @pytest.fixture
    def app_config(self):
        limits = {"RATELIMIT_ENABLED": True, "LOGIN_ADDRESS_LIMIT": "2 per minute"}
        return {**limits, "TRUSTED_PROXIES": 1}

    def test_each_school_behind_the_load_balancer_has_its_own_address_limit(self, client):
        def post(address: str) -> int:
            data = {"email": "x@example.com", "password": "wrong"}
            headers = {"X-Forwarded-For": address}
            return client.post("/auth/login", data=data, headers=headers).status_code

        assert [post("203.0.113.7") for _ in range(3)] == [422, 422, 429]
        assert post("198.51.100.9") == 422


def test_pages_carry_security_headers(client):
    response = client.get("/auth/login")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_change_password(student_client, student):
    wrong = student_client.post(
        "/auth/password",
        data={"current": "not-it", "password": "brand-new-pass", "confirm": "brand-new-pass"},
    )
    assert wrong.status_code == 422 and "That is not your current password." in wrong.text
    db.session.refresh(student)
    assert student.check_password(STUDENT_PASSWORD)
    short = student_client.post(
        "/auth/password",
        data={"current": STUDENT_PASSWORD, "password": "short", "confirm": "short"},
    )
    assert short.status_code == 422 and "Use between 8 and 128 characters." in short.text
    done = student_client.post(
        "/auth/password",
        data={
            "current": STUDENT_PASSWORD,
            "password": "brand-new-pass",
            "confirm": "brand-new-pass",
        },
        follow_redirects=True,
    )
    assert "Your password is changed." in done.text
    db.session.refresh(student)
    assert student.check_password("brand-new-pass") and not student.check_password(STUDENT_PASSWORD)


def test_change_password_needs_login(client):
    response = client.get("/auth/password")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
