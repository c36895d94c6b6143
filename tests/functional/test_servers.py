"""Two app servers (two gunicorn processes on two ports) on one PostgreSQL and one Redis."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from bench.load import PASSWORD, app_for, prepare
from bench.servers import Browser, server_env, start_gunicorn
from quizapp.extensions import db
from quizapp.learn.services import load_attempt
from quizapp.models import Attempt, User
from tests.functional.helpers import correct_form
from tests.functional.servers import POSTGRES_URL, REDIS_URL, flush_redis, needs

pytestmark = needs(PostgreSQL=POSTGRES_URL, Redis=REDIS_URL)


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    log_dir = tmp_path_factory.mktemp("servers")
    flush_redis(REDIS_URL)
    prepare(POSTGRES_URL, students=4)
    env = server_env(POSTGRES_URL, REDIS_URL)
    started = []
    try:
        for name in ("a", "b"):
            started.append(start_gunicorn(env, workers=2, log=log_dir / f"{name}.log"))
        yield started
    finally:
        for server in started:
            server.stop()
    for server in started:
        assert "Traceback" not in server.log_text(), server.log_text()[-3000:]


@pytest.fixture
def pg():
    app = app_for(POSTGRES_URL)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def email(n: int) -> str:
    return f"student{n}@load.example"


def logged_in(browser: Browser, port: int) -> bool:
    page = browser.get("/dashboard", port)
    return page.status == 200 and "Hello, Student" in page.text


def test_a_session_opened_on_one_server_works_on_the_other(servers):
    a, b = servers
    browser = Browser(a.port)
    assert browser.log_in(email(0), PASSWORD).location == "/dashboard"
    assert logged_in(browser, a.port) and logged_in(browser, b.port)


def test_logout_on_one_server_ends_the_session_on_both(servers):
    a, b = servers
    browser = Browser(a.port)
    browser.log_in(email(0), PASSWORD)
    copy = Browser(a.port, cookies=dict(browser.cookies))
    token = browser.get("/dashboard", b.port).csrf()
    assert browser.post("/auth/logout", {"csrf_token": token}, b.port).location == "/auth/login"
    assert not logged_in(copy, a.port) and not logged_in(copy, b.port)


def test_the_login_limit_is_shared_by_both_servers(servers):
    a, b = servers
    for n in range(10):
        page = Browser(a.port).log_in(email(1), "wrong-password", (a, b)[n % 2].port)
        assert page.status == 422
    for server in servers:
        refused = Browser(server.port).log_in(email(1), PASSWORD)
        assert refused.status == 429 and "Too many failed logins" in refused.text


def test_one_attempt_submitted_to_both_servers_at_once_is_graded_once(servers, pg):
    a, b = servers
    browser = Browser(a.port)
    browser.log_in(email(2), PASSWORD)
    user_id = db.session.scalar(select(User.id).where(User.email == email(2)))
    for round_ in range(6):
        module = ("history", "arms", "gifts", "quirks")[round_ % 4]
        token = browser.get("/dashboard").csrf()
        attempt_id = int(
            browser.post(f"/modules/{module}/start", {"csrf_token": token}).location.rsplit("/", 1)[
                1
            ]
        )
        token = browser.get(f"/attempts/{attempt_id}").csrf()
        attempt = load_attempt(attempt_id)
        skipped = attempt.responses[0].slot
        forms = {  # all right on one server, the first question left out on the other
            a.port: [*correct_form(attempt).items(multi=True), ("csrf_token", token)],
            b.port: [*correct_form(attempt, skip=skipped).items(multi=True), ("csrf_token", token)],
        }
        db.session.rollback()
        statuses = submit_together(browser, attempt_id, forms)
        assert statuses == [302, 302]
        db.session.expire_all()
        graded = db.session.get(Attempt, attempt_id)
        first = graded.responses[0]
        assert graded.state == "submitted" and all(r.credit is not None for r in graded.responses)
        # Exactly one submission is recorded, whole: its answers and its grade go together.
        if first.answer is None:
            assert graded.score == graded.max_score - first.version.points and first.mark == 0
        else:
            assert graded.score == graded.max_score
        db.session.rollback()
    count = db.session.scalar(select(db.func.count(Attempt.id)).where(Attempt.user_id == user_id))
    assert count == 6


def submit_together(browser: Browser, attempt_id: int, forms: dict[int, list]) -> list[int]:
    """POST the two forms to the two servers at the same moment."""
    gate = threading.Barrier(len(forms))
    statuses: dict[int, int] = {}

    def send(port: int) -> None:
        twin = Browser(port, cookies=dict(browser.cookies))
        gate.wait()
        statuses[port] = twin.post(f"/attempts/{attempt_id}", forms[port]).status

    threads = [threading.Thread(target=send, args=(port,)) for port in forms]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [statuses[port] for port in forms]
