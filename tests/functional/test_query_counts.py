"""The student pages run a fixed number of SQL statements, however many questions a module has
and however many students a class has; the quiz page and a save or submit never read evidence."""

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Attempt, Module
from tests.conftest import make_user
from tests.functional.helpers import attempt_id_from, correct_form, counting
from tests.functional.test_reports_fixtures import class_with_students, enrol

PAGES = ("take", "save", "submit", "review", "dashboard")


def run_attempt(client, slug: str) -> dict[str, list[str]]:
    """Every statement of each step of one whole attempt at `slug`, then of the dashboard."""
    page = client.post(f"/modules/{slug}/start", follow_redirects=True)
    url = f"/attempts/{attempt_id_from(page)}"
    attempt = db.session.get(Attempt, attempt_id_from(page))
    forms = {"save": correct_form(attempt, action="save"), "submit": correct_form(attempt)}
    steps = {}
    for step in PAGES:
        db.session.expire_all()  # what the test itself loaded must not hide a lazy load
        with counting() as statements:
            if step in forms:
                response = client.post(url, data=forms[step])
                assert response.status_code == 302, step
            else:
                response = client.get("/dashboard" if step == "dashboard" else url)
                assert response.status_code == 200, step
        if step == "review":
            assert "your result" in response.text
        steps[step] = statements
    return steps


def counts(steps: dict[str, list[str]]) -> dict[str, int]:
    return {step: len(statements) for step, statements in steps.items()}


def size(slug: str) -> int:
    return len(db.session.scalar(select(Module).where(Module.slug == slug)).questions)


def test_statements_do_not_grow_with_questions(student_client):
    assert size("history") != size("arms")
    history = counts(run_attempt(student_client, "history"))
    arms = counts(run_attempt(student_client, "arms"))
    assert history == arms, (history, arms)
    # measured when this was written; a new statement here is a deliberate choice, not a slip.
    # take: the session's user; the attempt with its module and every slot with its version.
    # save: + lock the open attempt (a save racing a submit elsewhere writes nothing; two
    #   requests of one attempt on PostgreSQL queue instead of deadlocking), + one executemany.
    # submit: the user, the attempt with its slots, the claim with the score, one executemany of
    #   answers and marks, the review cards (read, insert, update), whether an LMS gradebook
    #   column waits for this module.
    # review: the user, the attempt with its graded slots, its rules, the attempts made (may it
    #   be taken again), the evidence quotes with their passages.
    limits = {"take": 2, "save": 4, "submit": 8, "review": 5, "dashboard": 6}
    assert all(history[step] <= limit for step, limit in limits.items()), history


def test_statements_do_not_grow_with_the_class(student_client, student, teacher):
    school_class, _ = class_with_students(teacher, 3, ("history",), prefix="few-")
    enrol(school_class, student)
    small = counts(run_attempt(student_client, "history"))
    more, _ = class_with_students(teacher, 40, ("history", "arms"), prefix="many-")
    enrol(more, student)
    make_user("late@example.com")
    large = counts(run_attempt(student_client, "history"))
    assert small == large, (small, large)


def test_quiz_page_save_and_submit_load_only_what_they_use(student_client):
    steps = run_attempt(student_client, "history")
    # the signed-in user; the attempt with its module, article slug and slots with versions
    assert len(steps["take"]) == 2, steps["take"]
    for step in ("take", "save", "submit"):
        for statement in steps[step]:
            assert "evidence" not in statement and "passages" not in statement, (step, statement)
            assert "raw_text" not in statement, (step, statement)
    # the review shows every quote: evidence and passages come in one statement
    assert sum("FROM evidence" in s for s in steps["review"]) == 1


def test_dashboard_is_a_few_queries(student_client):
    with counting() as statements:
        student_client.get("/dashboard")
    # One look-up of the login session on every request (a server-side session that logout
    # ends; before, the test's identity map hid the user query), and a few for the page.
    session = [s for s in statements if "login_sessions" in s]
    assert len(session) == 1
    assert len(statements) - len(session) <= 6
