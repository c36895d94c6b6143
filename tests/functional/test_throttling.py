"""Limits that fit a school: failures count per account, a whole class shares one address."""

from __future__ import annotations

import os
import re
import time

import pytest
from sqlalchemy import select

from quizapp import create_app
from quizapp.classes import create_class
from quizapp.extensions import db
from quizapp.models import Enrollment, User
from tests.conftest import STUDENT_PASSWORD, login, make_user

REDIS_URL = os.environ.get("QUIZAPP_TEST_REDIS_URL")


@pytest.fixture
def app_config():
    return {"RATELIMIT_ENABLED": True}


def fail_logins(client, email: str, times: int) -> list[int]:
    return [login(client, email, "not-the-password").status_code for _ in range(times)]


def test_ten_failed_logins_make_the_account_wait_even_with_the_right_password(client, student):
    assert fail_logins(client, student.email, 10) == [422] * 10
    refused = login(client, student.email, STUDENT_PASSWORD)
    assert refused.status_code == 429
    assert "Too many failed logins for this account. Wait 15 minutes" in refused.text
    assert client.get("/dashboard").status_code == 302
    other = make_user("cy@example.com")
    assert "Hello, Cy" in login(client, other.email, STUDENT_PASSWORD).text  # same address


def test_the_account_limit_ignores_how_the_email_is_typed(client, student):
    fail_logins(client, student.email.upper(), 5)
    fail_logins(client, "Ada@Example.com", 5)
    assert login(client, student.email, STUDENT_PASSWORD).status_code == 429


def test_an_unknown_email_is_throttled_like_a_real_one(client):
    assert fail_logins(client, "nobody@example.com", 11)[-1] == 429


class TestTheWaitEnds:
    @pytest.fixture
    def app_config(self):
        return {"RATELIMIT_ENABLED": True, "LOGIN_ACCOUNT_LIMIT": "3 per 2 seconds"}

    def test_after_the_wait_the_right_password_works(self, client, student):
        fail_logins(client, student.email, 3)
        refused = login(client, student.email, STUDENT_PASSWORD)
        assert refused.status_code == 429
        assert re.search(r"Wait [12] seconds? and try again", refused.text)
        time.sleep(2.1)
        assert "Hello, Ada" in login(client, student.email, STUDENT_PASSWORD).text

    def test_a_good_login_forgets_earlier_failures(self, client, student):
        fail_logins(client, student.email, 2)
        assert "Hello, Ada" in login(client, student.email, STUDENT_PASSWORD).text
        client.post("/auth/logout")
        assert fail_logins(client, student.email, 2) == [422, 422]
        assert "Hello, Ada" in login(client, student.email, STUDENT_PASSWORD).text


def test_sixty_students_behind_one_address_log_in_within_a_minute(app):
    template = make_user("s0@example.com")
    users = [User(email=f"s{n}@example.com", name=f"S{n}", role="student") for n in range(1, 60)]
    for user in users:
        user.password_hash = template.password_hash  # one hash: the test is about the limit
    db.session.add_all(users)
    db.session.commit()
    started = time.monotonic()
    for n in range(60):
        client = app.test_client()
        if n % 3 == 0:  # every third student mistypes once first
            assert fail_logins(client, f"s{n}@example.com", 1) == [422]
        assert login(client, f"s{n}@example.com", STUDENT_PASSWORD).status_code == 200
        assert client.get("/dashboard").status_code == 200
    assert time.monotonic() - started < 60


class TestRegistration:
    @pytest.fixture
    def app_config(self):
        return {"RATELIMIT_ENABLED": True, "REGISTER_ADDRESS_LIMIT": "3 per hour"}

    def test_registrations_from_one_address_are_limited(self, app):
        statuses = []
        for n in range(4):
            password = "long-enough-1"
            data = {"name": "N", "email": f"n{n}@example.com", "password": password}
            statuses.append(app.test_client().post("/auth/register", data=data).status_code)
        assert statuses == [422, 422, 422, 429]  # without "confirm" every one was refused...
        assert db.session.scalar(select(User).where(User.email.like("n%"))) is None


def join(client, code: str):
    return client.post("/reports/me/join", data={"code": code})


def test_guessing_join_codes_is_slow(app, student_client, student):
    teacher = make_user("tess@example.com", role="teacher")
    real = create_class(teacher, "History A").join_code
    wrong = [join(student_client, "ABCD-EFGH").status_code for _ in range(10)]
    assert wrong == [422] * 10
    refused = join(student_client, real)
    assert refused.status_code == 429
    assert "Too many wrong join codes. Wait 60 minutes" in refused.text
    assert db.session.scalar(select(Enrollment).where(Enrollment.user_id == student.id)) is None


def test_join_code_guesses_count_per_address_across_accounts(app):
    teacher = make_user("tess@example.com", role="teacher")
    real = create_class(teacher, "History A").join_code
    app.config["JOIN_ADDRESS_LIMIT"] = "12 per hour"
    for n in range(4):
        make_user(f"g{n}@example.com")
        client = app.test_client()
        login(client, f"g{n}@example.com", STUDENT_PASSWORD)
        statuses = [join(client, "ABCD-EFGH").status_code for _ in range(3)]
        assert statuses == [422, 422, 422]
    client = app.test_client()
    make_user("last@example.com")
    login(client, "last@example.com", STUDENT_PASSWORD)
    assert join(client, real).status_code == 429


def test_a_right_code_and_typos_of_form_do_not_count(student_client, student):
    teacher = make_user("tess@example.com", role="teacher")
    real = create_class(teacher, "History A").join_code
    for _ in range(12):
        assert join(student_client, "").status_code == 422  # nothing typed: not a guess
    assert join(student_client, real).status_code == 302


@pytest.mark.skipif(
    not REDIS_URL, reason="set QUIZAPP_TEST_REDIS_URL to a scratch Redis (.ci/run starts one)"
)
def test_two_apps_on_one_redis_share_the_login_limit(app, student, tmp_path):
    config = {k: app.config[k] for k in ("SQLALCHEMY_DATABASE_URI", "SECRET_KEY", "TESTING")}
    config |= {"RATELIMIT_STORAGE_URI": REDIS_URL, "RATELIMIT_KEY_PREFIX": f"t{time.time_ns()}"}
    config |= {"AUTO_INIT_DB": False, "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": True}
    first, second = create_app(config), create_app(config)
    for n in range(10):
        server = first if n % 2 else second
        assert fail_logins(server.test_client(), student.email, 1) == [422]
    for server in (first, second):
        assert login(server.test_client(), student.email, STUDENT_PASSWORD).status_code == 429


class TestRedisDown:
    @pytest.fixture
    def app_config(self):
        return {"RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:9/0"}

    def test_logins_and_join_codes_still_work_when_the_limit_store_is_down(self, client, student):
        assert fail_logins(client, student.email, 1) == [422]
        assert "Hello, Ada" in login(client, student.email, STUDENT_PASSWORD).text
        assert join(client, "ABCD-EFGH").status_code == 422  # a message, not a 500
