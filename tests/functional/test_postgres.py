"""The same migrations, seed, quiz flow and reports on PostgreSQL (DATABASE_URL is not SQLite-only).

Runs when QUIZAPP_TEST_POSTGRES_URL names an empty database it may fill (`.ci/run` starts a local
PostgreSQL and sets it); otherwise it is skipped with that reason.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re

import pytest
from sqlalchemy import func, select, text

from quizapp import create_app
from quizapp.extensions import db
from quizapp.models import Attempt, ReviewCard, User
from quizapp.models.lti import LtiGradeSync
from quizapp.reports.items import item_analysis
from quizapp.reports.overview import DIRECTIONS as DIRS
from quizapp.reports.overview import Sort, class_overview, overview_page
from quizapp.reports.queries import Scope, all_modules
from quizapp.seed import DEMO_USERS, init_database
from tests.conftest import TEACHER_PASSWORD, OwnUserClient, login, make_user
from tests.functional.helpers import attempt_id_from, correct_form
from tests.functional.lti_platform import INSTRUCTOR, FakePlatform, https_client, launch, register
from tests.functional.practice_helpers import (
    answer_form,
    attempt_from,
    right_answer,
    set_rules,
    slot_path,
)
from tests.functional.test_reports_fixtures import module
from tests.functional.test_reports_items_sql import build, reference

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


def test_practice_review_cards_and_grading_methods_on_postgres(pg_app):
    """The conditional UPDATE of a practice check, bulk card writes and first/last grades."""
    email, password = next((e, p) for e, _n, role, p in DEMO_USERS if role == "student")
    client = pg_app.test_client()
    client.post("/auth/login", data={"email": email, "password": password})
    page = client.post("/modules/gifts/practice", follow_redirects=True)
    practice = attempt_from(page)
    for row in practice.responses:
        client.post(slot_path(practice, row.slot), data=answer_form(row, right_answer(row)))
    db.session.expire_all()
    assert db.session.get(Attempt, practice.id).is_submitted
    student = db.session.scalar(select(User).where(User.email == email))
    cards = db.session.scalar(
        select(func.count(ReviewCard.id)).where(ReviewCard.user_id == student.id)
    )
    assert cards >= len(practice.responses)
    set_rules("quirks", grading_method="last")
    page = client.post("/modules/quirks/start", follow_redirects=True)
    attempt = attempt_from(page)
    client.post(f"/attempts/{attempt.id}", data={"action": "submit"})
    card = client.get("/dashboard").text.split('id="module-quirks"')[1].split("</li>")[0]
    assert "<dt>Grade</dt><dd>0%" in card  # the last (empty) attempt, not the best
    review = client.post("/review", follow_redirects=True)
    assert review.status_code == 200


def test_audit_log_resets_deletion_and_nul_refusal_on_postgres(pg_app):
    from sqlalchemy.exc import DataError

    from quizapp.auth.account import delete_account, issue_reset, use_reset
    from quizapp.classes import create_class, join_class
    from quizapp.models import AuditEntry

    teacher = next(u for u in db.session.scalars(select(User)) if u.is_teacher)
    student = next(u for u in db.session.scalars(select(User)) if not u.is_teacher)
    school_class = create_class(teacher, "Kappa")
    join_class(student, school_class.join_code)
    token = issue_reset(student, by=teacher, school_class=school_class)
    assert use_reset(token, "pg-new-password") is not None and use_reset(token, "x" * 9) is None
    delete_account(student)
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [e.action for e in entries] == ["class.create", "class.join", "student.reset_link"]
    assert all("a deleted student" in e.summary for e in entries[1:])
    # What the NUL refusal protects against: PostgreSQL will not store the character at all.
    user = db.session.get(User, teacher.id)
    user.name = "Tess\x00"
    with pytest.raises(DataError):
        db.session.commit()
    db.session.rollback()
    page = pg_app.test_client().post("/auth/register", data={"name": "Nia\x00", "email": "n@x.io"})
    assert page.status_code == 400 and "NUL character" in page.text


def test_articles_on_postgres(pg_app):
    """A teacher's article: added, published, corrected and published again on PostgreSQL."""
    from quizapp.articles import service
    from quizapp.models import Article
    from tests.functional.articles_helpers import MEKONG, module_with_questions

    runner = pg_app.test_cli_runner()
    result = runner.invoke(args=["add-article", str(MEKONG), "--publish", "--json"])
    assert result.exit_code == 0, result.output
    article = db.session.get(Article, json.loads(result.output)["id"])
    module_with_questions(article, "mekong", {"dams": "There are now 11 dams"})
    line = next(i for i, x in enumerate(service.source_lines(article)) if x.text == "Advertisement")
    service.correct(article, "kind", line, "text")
    assert service.publish(article).added == 1 and service.broken_quotes(article) == []
    assert pg_app.test_client().get(f"/article/{article.slug}").status_code == 200


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


def test_class_reports_on_postgres(pg_app):
    """The item analysis's GROUP BYs (JSON answers grouped as text) equal the pure functions,
    and the overview's pages follow its sort for every grading method, on PostgreSQL too."""
    teacher = make_user("pg-teacher@example.com", role="teacher", password=TEACHER_PASSWORD)
    school_class = build(random.Random(7), teacher)
    scope, modules = Scope(class_id=school_class.id), all_modules()
    analysis = item_analysis(module("history"), scope)
    attempts, stats, _options = reference(school_class.id)
    assert analysis.attempts == attempts and [row.stats for row in analysis.rows] == stats
    rules = set_rules("history")
    for method, direction in itertools.product(("highest", "average", "first", "last"), DIRS):
        rules.grading_method = method
        db.session.commit()
        sort = Sort("history", direction)
        everyone = [row.user.id for row in class_overview(scope, modules, sort).rows]
        pages = [overview_page(scope, modules, sort, str(n), 8)[0].rows for n in (1, 2, 3, 4)]
        assert [row.user.id for page in pages for row in page] == everyone
    client = pg_app.test_client()
    login(client, "pg-teacher@example.com", TEACHER_PASSWORD)
    base = f"/reports/classes/{school_class.id}"
    for url in (
        f"{base}?page=abc",
        f"{base}?sort=history&dir=desc&page=-1",
        f"{base}/overview.csv",
        f"{base}/modules/history/items",
        f"{base}/modules/history/options.csv",
    ):
        assert client.get(url).status_code == 200, url
