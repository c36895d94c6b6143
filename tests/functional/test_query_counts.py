"""The student pages run a fixed number of SQL statements, however many questions a module has."""

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Attempt, Module
from tests.functional.helpers import attempt_id_from, correct_form, counting


def statements_for(client, slug: str) -> dict[str, int]:
    page = client.post(f"/modules/{slug}/start", follow_redirects=True)
    attempt_id = attempt_id_from(page)
    with counting() as take:
        assert client.get(f"/attempts/{attempt_id}").status_code == 200
    form = correct_form(db.session.get(Attempt, attempt_id))
    with counting() as submit:
        client.post(f"/attempts/{attempt_id}", data=form)
    db.session.expire_all()  # what the test itself loaded must not hide a lazy load
    with counting() as review:
        assert "your result" in client.get(f"/attempts/{attempt_id}").text
    return {"take": len(take), "submit": len(submit), "review": len(review)}


def test_take_submit_and_review_do_not_grow_with_questions(student_client):
    sizes = {
        slug: len(db.session.scalar(select(Module).where(Module.slug == slug)).questions)
        for slug in ("history", "arms")
    }
    assert sizes["history"] != sizes["arms"]
    history = statements_for(student_client, "history")
    arms = statements_for(student_client, "arms")
    assert history == arms, (history, arms)


def test_dashboard_is_a_few_queries(student_client):
    with counting() as statements:
        student_client.get("/dashboard")
    assert len(statements) <= 6
