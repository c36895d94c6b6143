"""The same migrations, seed, quiz flow and reports on PostgreSQL (DATABASE_URL is not SQLite-only).

Runs when QUIZAPP_TEST_POSTGRES_URL names an empty database it may fill (`.ci/run` starts a local
PostgreSQL and sets it); otherwise it is skipped with that reason.
"""

from __future__ import annotations

import json
import os
import re

import pytest
from sqlalchemy import text

from quizapp import create_app
from quizapp.extensions import db
from quizapp.models import Attempt
from quizapp.seed import DEMO_USERS, init_database
from tests.conftest import OwnUserClient
from tests.functional.helpers import correct_form

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
    app.test_client_class = OwnUserClient
    with app.app_context():
        db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        db.session.commit()
    init_database(app)
    init_database(app)  # idempotent on PostgreSQL too
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def test_student_flow_and_reports_on_postgres(pg_app):
    assert db.engine.dialect.name == "postgresql"
    email, password = next((e, p) for e, _n, role, p in DEMO_USERS if role == "student")
    client = pg_app.test_client()
    client.post("/auth/login", data={"email": email, "password": password})
    for slug in ("history", "arms", "gifts", "quirks"):
        page = client.post(f"/modules/{slug}/start", follow_redirects=True)
        attempt = db.session.get(Attempt, int(page.request.path.rsplit("/", 1)[1]))
        review = client.post(
            f"/attempts/{attempt.id}", data=correct_form(attempt), follow_redirects=True
        )
        assert re.search(r'class="score"><strong>100%</strong>', review.text)
    assert client.get("/reports/me").status_code == 200
    runner = pg_app.test_cli_runner()
    result = runner.invoke(
        args=["report", "item-analysis", "--module", "history", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)
    assert items and all(item["facility"] == 100.0 for item in items)
