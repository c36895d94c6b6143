"""Shared fixtures: an app over a temporary SQLite copy of a database seeded once per session."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from flask import g
from flask.testing import FlaskClient
from sqlalchemy import select

from quizapp import create_app
from quizapp.extensions import db
from quizapp.models import User
from quizapp.seed import DEMO_USERS, init_database

ROOT = Path(__file__).resolve().parent.parent
STUDENT_PASSWORD = "student-pass-1"
TEACHER_PASSWORD = "teacher-pass-1"


def _config(db_path: Path, **extra) -> dict:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "AUTO_INIT_DB": False,
    }
    config.update(extra)
    return config


class OwnUserClient(FlaskClient):
    """A test client whose requests never see another client's user.

    The `app` fixture keeps one app context open for the whole test, and Flask-Login caches the
    user in `g` (which lives on that context), so without this a second client would act as
    whoever logged in first. Flask-WTF caches the CSRF token there too: without dropping it, a
    page would show another session's token.
    """

    def open(self, *args, **kwargs):
        g.pop("_login_user", None)
        g.pop("csrf_token", None)
        return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory) -> Path:
    """A database migrated and seeded once (article, four modules, demo users)."""
    path = tmp_path_factory.mktemp("template") / "seeded.sqlite"
    app = create_app(_config(path))
    init_database(app)
    with app.app_context():
        db.engine.dispose()
    return path


@pytest.fixture
def app_config() -> dict:
    """Override in a test module to change settings."""
    return {}


@pytest.fixture
def app(seeded_db, tmp_path, app_config):
    path = tmp_path / "test.sqlite"
    shutil.copy(seeded_db, path)
    app = create_app(_config(path, **app_config))
    app.test_client_class = OwnUserClient
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def make_user(
    email: str, role: str = "student", password: str = STUDENT_PASSWORD, name: str | None = None
) -> User:
    user = User(email=email, name=name or email.split("@")[0].title(), role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


def login(client, email: str, password: str):
    return client.post(
        "/auth/login", data={"email": email, "password": password}, follow_redirects=True
    )


@pytest.fixture
def student(app) -> User:
    return make_user("ada@example.com", name="Ada")


@pytest.fixture
def other_student(app) -> User:
    return make_user("bo@example.com", name="Bo")


@pytest.fixture
def teacher(app) -> User:
    return make_user("tess@example.com", role="teacher", password=TEACHER_PASSWORD, name="Tess")


@pytest.fixture
def student_client(client, student):
    response = login(client, student.email, STUDENT_PASSWORD)
    assert "Hello, Ada" in response.text
    return client


@pytest.fixture
def teacher_client(client, teacher):
    login(client, teacher.email, TEACHER_PASSWORD)
    return client


@pytest.fixture
def demo_teacher(app) -> User:
    email = next(e for e, _n, role, _p in DEMO_USERS if role == "teacher")
    return db.session.scalar(select(User).where(User.email == email))


def login_with_csrf(client, email: str, password: str):
    """Log in through the real form when CSRF protection is on."""
    token = csrf_from(client.get("/auth/login").text)
    data = {"email": email, "password": password, "csrf_token": token}
    assert client.post("/auth/login", data=data).status_code == 302
    return client


def csrf_from(html: str) -> str:
    """The CSRF token of the first form on a page."""
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert match, "no CSRF token on the page"
    return match.group(1)
