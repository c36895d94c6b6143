"""A student registers, takes each module, and reviews graded answers with evidence links."""

import re

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Attempt, Module, Response
from tests.functional.helpers import attempt_id_from, correct_form

MODULES = ["history", "arms", "gifts", "quirks"]


def start(client, slug):
    response = client.post(f"/modules/{slug}/start", follow_redirects=True)
    assert response.status_code == 200
    return attempt_id_from(response), response


def register(client, email="new@example.com"):
    return client.post(
        "/auth/register",
        data={
            "name": "Nia",
            "email": email,
            "password": "long-enough-1",
            "confirm": "long-enough-1",
        },
        follow_redirects=True,
    )


def test_register_then_take_every_module_with_full_marks(client):
    response = register(client)
    assert "Hello, Nia" in response.text
    for slug in MODULES:
        attempt_id, page = start(client, slug)
        assert "Submit answers" in page.text
        attempt = db.session.get(Attempt, attempt_id)
        review = client.post(
            f"/attempts/{attempt_id}", data=correct_form(attempt), follow_redirects=True
        )
        assert review.status_code == 200
        assert "<strong>100%</strong>" in review.text
        assert "Incorrect" not in review.text
        db.session.refresh(attempt)
        assert attempt.state == "submitted" and attempt.score == attempt.max_score > 0
        assert all(r.credit == 1 for r in attempt.responses)
    dashboard = client.get("/dashboard").text
    assert dashboard.count(">100%</dd>") == 2 * len(MODULES)  # best and latest per module


def test_take_page_has_no_answer_key(student_client):
    attempt_id, page = start(student_client, "gifts")
    attempt = db.session.get(Attempt, attempt_id)
    assert "From the article" not in page.text and "?p=" not in page.text  # no evidence links
    for row in attempt.responses:
        version = row.version
        assert version.explanation[:40] not in page.text
        if version.type == "short_answer":
            assert f'value="{version.data["answers"][0]["text"]}"' not in page.text
    assert "credit" not in page.text


def test_review_shows_answers_explanations_and_passage_links(student_client):
    attempt_id, _ = start(student_client, "quirks")
    review = student_client.post(
        f"/attempts/{attempt_id}", data={"action": "submit"}, follow_redirects=True
    )
    attempt = db.session.get(Attempt, attempt_id)
    assert "<strong>0%</strong>" in review.text
    assert review.text.count("Not answered") >= len(attempt.responses)
    first = attempt.responses[0].version
    assert first.explanation.split()[0] in review.text
    links = re.findall(r'href="(/article/[^"]+)"', review.text)
    assert len(links) >= len(attempt.responses)
    ev = first.evidence[0]
    expected = f"p={ev.passage.anchor}&amp;from={ev.start}&amp;to={ev.end}#{ev.passage.anchor}"
    assert any(expected in link for link in links)
    article = student_client.get(links[0].replace("&amp;", "&"))
    assert article.status_code == 200
    assert f'id="{ev.passage.anchor}"' in article.text
    assert f"<mark>{ev.passage.text[ev.start : ev.end]}</mark>" in article.text.replace(
        "&#39;", "'"
    )


def test_partial_answers_are_graded_and_shown(student_client):
    attempt_id, _ = start(student_client, "history")
    attempt = db.session.get(Attempt, attempt_id)
    first_slot = attempt.responses[0]
    form = correct_form(attempt, skip=first_slot.slot)
    review = student_client.post(f"/attempts/{attempt_id}", data=form, follow_redirects=True)
    db.session.refresh(attempt)
    assert attempt.responses[0].answer is None and attempt.responses[0].mark == 0
    assert attempt.score == attempt.max_score - first_slot.version.points
    assert "Not answered" in review.text


def test_double_submit_is_harmless(student_client):
    attempt_id, _ = start(student_client, "arms")
    attempt = db.session.get(Attempt, attempt_id)
    form = correct_form(attempt)
    student_client.post(f"/attempts/{attempt_id}", data=form)
    again = student_client.post(
        f"/attempts/{attempt_id}", data={"action": "submit"}, follow_redirects=True
    )
    assert "already submitted" in again.text
    db.session.refresh(attempt)
    assert attempt.score == attempt.max_score
    count = db.session.scalar(
        select(func.count(Attempt.id)).where(Attempt.user_id == attempt.user_id)
    )
    assert count == 1


def test_start_twice_resumes_the_same_attempt(student_client):
    first, _ = start(student_client, "arms")
    second, _ = start(student_client, "arms")
    assert first == second


def test_save_keeps_answers_for_later(student_client):
    attempt_id, _ = start(student_client, "history")
    attempt = db.session.get(Attempt, attempt_id)
    form = correct_form(attempt, action="save")
    page = student_client.post(f"/attempts/{attempt_id}", data=form, follow_redirects=True)
    assert "Your answers are saved" in page.text
    db.session.refresh(attempt)
    assert attempt.state == "in_progress"
    assert all(r.answer is not None for r in attempt.responses)
    assert f"{len(attempt.responses)}</span> of {len(attempt.responses)} answered" in page.text
    assert page.text.count('class="is-answered"') == len(attempt.responses)  # the navigator


def test_unreadable_answer_rerenders_with_message_and_keeps_the_rest(student_client):
    attempt_id, _ = start(student_client, "quirks")
    attempt = db.session.get(Attempt, attempt_id)
    numeric = next(r for r in attempt.responses if r.version.type == "numeric")
    form = correct_form(attempt, skip=numeric.slot)
    form.add(f"q{numeric.slot}", "a dozen")
    page = student_client.post(f"/attempts/{attempt_id}", data=form)
    assert page.status_code == 422
    assert "is not a number" in page.text
    assert 'value="a dozen"' in page.text  # what was typed is shown again, not lost
    db.session.refresh(attempt)
    assert attempt.state == "in_progress"
    saved = [r for r in attempt.responses if r.slot != numeric.slot]
    assert all(r.answer is not None for r in saved)


def test_history_lists_attempts_and_reopens_review(student_client):
    attempt_id, _ = start(student_client, "gifts")
    student_client.post(f"/attempts/{attempt_id}", data={"action": "submit"})
    history = student_client.get("/history")
    assert f'href="/attempts/{attempt_id}"' in history.text and "Submitted" in history.text
    assert "your result" in student_client.get(f"/attempts/{attempt_id}").text


def test_responses_are_rows_pointing_at_versions(student_client):
    attempt_id, _ = start(student_client, "history")
    module = db.session.scalar(select(Module).where(Module.slug == "history"))
    rows = db.session.scalars(select(Response).where(Response.attempt_id == attempt_id)).all()
    assert len(rows) == len(module.questions)
    assert {r.version.question.module_id for r in rows} == {module.id}


@pytest.mark.parametrize("path", ["/dashboard", "/history", "/attempts/1"])
def test_anonymous_users_are_sent_to_log_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/auth/login?next=" in response.headers["Location"]


def test_anonymous_cannot_start(client):
    response = client.post("/modules/history/start")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_a_student_cannot_open_or_answer_another_students_attempt(client, student, other_student):
    from tests.conftest import STUDENT_PASSWORD, login

    login(client, other_student.email, STUDENT_PASSWORD)
    attempt_id, _ = start(client, "history")
    client.post("/auth/logout")
    login(client, student.email, STUDENT_PASSWORD)
    assert client.get(f"/attempts/{attempt_id}").status_code == 404
    assert client.post(f"/attempts/{attempt_id}", data={"action": "submit"}).status_code == 404
    assert db.session.get(Attempt, attempt_id).state == "in_progress"


def test_unknown_module_is_404(student_client):
    assert student_client.post("/modules/nope/start").status_code == 404


def test_review_offers_to_try_again_with_a_fresh_attempt(student_client):
    attempt_id, _ = start(student_client, "gifts")
    review = student_client.post(
        f"/attempts/{attempt_id}", data={"action": "submit"}, follow_redirects=True
    )
    assert 'action="/modules/gifts/start"' in review.text
    second, _ = start(student_client, "gifts")
    assert second != attempt_id
    assert db.session.get(Attempt, second).number == 2


def test_ids_too_large_for_the_database_are_not_found(student_client):
    huge = "9" * 25
    assert student_client.get(f"/attempts/{huge}").status_code == 404
    # Werkzeug answers a POST here with 405 (its method check runs before the converter's
    # range check); either way, no database query runs and nothing breaks.
    assert student_client.post(f"/attempts/{huge}", data={"action": "submit"}).status_code in (
        404,
        405,
    )
    assert student_client.get(f"/attempts/{2**31}").status_code == 404


def test_a_second_submit_racing_the_first_is_refused_by_the_database(student_client):
    """Two requests that both read the attempt while it was open: only one may grade it."""
    from quizapp.learn.answering import close_attempt, read_slot_answers
    from quizapp.learn.attempt_rows import attempt_page
    from quizapp.learn.services import submitted_view

    attempt_id, _ = start(student_client, "history")
    attempt = db.session.get(Attempt, attempt_id)
    page = attempt_page(attempt_id)  # what both requests read, before either wrote
    slots = page.slots()
    right, _ = read_slot_answers(slots, correct_form(attempt))
    assert close_attempt(submitted_view(page.head), slots, right) is True
    assert close_attempt(submitted_view(page.head), slots, {}) is False
    db.session.expire_all()
    fresh = db.session.get(Attempt, attempt_id)
    assert fresh.score == fresh.max_score > 0
    assert all(r.answer is not None and r.credit == 1 for r in fresh.responses)


def test_a_save_racing_a_submit_leaves_the_graded_answers_alone(student_client):
    """A save that read the attempt while open, arriving after another server graded it."""
    from quizapp.learn.answering import close_attempt, read_slot_answers, store_answers
    from quizapp.learn.attempt_rows import attempt_page
    from quizapp.learn.services import submitted_view

    attempt_id, _ = start(student_client, "history")
    attempt = db.session.get(Attempt, attempt_id)
    page = attempt_page(attempt_id)
    slots = page.slots()
    right, _ = read_slot_answers(slots, correct_form(attempt))
    assert close_attempt(submitted_view(page.head), slots, right) is True
    db.session.expire_all()
    graded = {r.slot: r.answer for r in db.session.get(Attempt, attempt_id).responses}
    assert store_answers(attempt_id, slots, {s.slot: None for s in slots}) is False
    db.session.expire_all()
    fresh = db.session.get(Attempt, attempt_id)
    assert {r.slot: r.answer for r in fresh.responses} == graded
    assert all(answer is not None for answer in graded.values())
