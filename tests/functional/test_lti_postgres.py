"""The LTI launch and grade passback on PostgreSQL (JSON columns, the score query, the queue)."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import select, text

from quizapp import create_app
from quizapp.extensions import db
from quizapp.models import Attempt
from quizapp.models.lti import LtiGradeSync
from quizapp.seed import init_database
from tests.functional.helpers import attempt_id_from, correct_form
from tests.functional.lti_platform import INSTRUCTOR, FakePlatform, https_client, launch, register

URL = os.environ.get("QUIZAPP_TEST_POSTGRES_URL")
pytestmark = pytest.mark.skipif(
    not URL, reason="set QUIZAPP_TEST_POSTGRES_URL to a scratch PostgreSQL database (.ci/run does)"
)


@pytest.fixture
def pg_app():
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": URL,
            "SECRET_KEY": "pg",
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "AUTO_INIT_DB": False,
        }
    )
    with app.app_context():
        db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        db.session.commit()
    init_database(app)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def test_launch_and_grade_passback_on_postgres(pg_app):
    assert db.engine.dialect.name == "postgresql"
    client = https_client(pg_app)
    platform = register(pg_app, FakePlatform(), client)
    launch(client, platform, sub="teacher-1", roles=INSTRUCTOR)
    client.post("/auth/logout")
    assert launch(client, platform, sub="student-1").status_code == 302
    page = client.post("/modules/history/start", follow_redirects=True)
    attempt = db.session.get(Attempt, attempt_id_from(page))
    client.post(f"/attempts/{attempt.id}", data=correct_form(attempt, skip=1))
    db.session.expire_all()
    attempt = db.session.get(Attempt, attempt.id)
    [(_url, score)] = platform.scores
    assert score["scoreGiven"] == pytest.approx(attempt.percent)
    assert db.session.scalar(select(LtiGradeSync.status)) == "sent"
