"""Practice and spaced review in Chromium, with the keyboard alone."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Attempt, Question, ReviewCard, User
from quizapp.models.users import utcnow
from quizapp.question_types import get_type
from tests.browser.conftest import screenshot
from tests.browser.test_keyboard_quiz import STUDENT, answer_with_keys, login_with_keys, tab_to

pytestmark = pytest.mark.browser
CHOICES = ("single_choice", "true_false", "multiple_response")


def pick_with_digits(page, row) -> None:
    """Press 1-9 for the full-credit choices, as they are laid out on the page."""
    version, name = row.version, f"q{row.slot}"
    qtype = get_type(version.type)
    values = qtype.form_values(version.data, row.layout, qtype.model_answer(version.data))
    wanted = values if isinstance(values, list) else [values]
    shown = page.eval_on_selector_all(f'input[name="{name}"]', "els => els.map(e => e.value)")
    for value in wanted:
        page.keyboard.press(str(shown.index(str(value)) + 1))


def test_a_practice_run_with_the_keyboard_alone(live_server, page):
    base, app = live_server
    login_with_keys(page, base)
    tab_to(page, 'form[action$="/modules/gifts/practice"] button')
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/attempts/*/q/1")
    attempt_id = int(page.url.split("/attempts/")[1].split("/")[0])
    screenshot(page, "practice-question")
    with app.app_context():
        rows = list(db.session.get(Attempt, attempt_id).responses)
        for n, row in enumerate(rows):
            if row.version.type in CHOICES:
                pick_with_digits(page, row)
            else:
                answer_with_keys(page, row)
            page.keyboard.press("Enter")  # check
            page.wait_for_url(f"{base}/attempts/{attempt_id}/q/{row.slot}?checked=1")
            live = page.locator("#result [data-live]")
            assert "Correct" in live.inner_text()
            assert page.evaluate("document.activeElement.id") == "result"
            if n == 0:
                assert page.locator("#result .evidence").count() >= 1
                screenshot(page, "practice-checked")
            page.keyboard.press("Enter")  # go on
            following = rows[n + 1].slot if n + 1 < len(rows) else 0
            page.wait_for_url(f"{base}/attempts/{attempt_id}/q/{following}")
    assert "practice done" in page.locator("h1").inner_text()
    screenshot(page, "practice-done")
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        assert attempt.mode == "practice" and attempt.is_submitted
        assert attempt.score == pytest.approx(attempt.max_score)


def test_a_wrong_check_is_announced_and_can_be_tried_again(live_server, page):
    base, app = live_server
    login_with_keys(page, base)
    page.locator('form[action$="/modules/history/practice"] button').click()
    page.wait_for_url(f"{base}/attempts/*/q/1")
    attempt_id = int(page.url.split("/attempts/")[1].split("/")[0])
    with app.app_context():
        row = db.session.get(Attempt, attempt_id).responses[0]
        assert row.version.type in CHOICES
        right = get_type(row.version.type).form_values(
            row.version.data, row.layout, get_type(row.version.type).model_answer(row.version.data)
        )
    shown = page.eval_on_selector_all('input[name="q1"]', "els => els.map(e => e.value)")
    wrong = next(i for i, v in enumerate(shown) if v != str(right))
    page.keyboard.press(str(wrong + 1))
    page.keyboard.press("Enter")
    page.wait_for_url("**/q/1?checked=1")
    assert "Incorrect" in page.locator("#result [data-live]").inner_text()
    assert "2 tries left" in page.locator("#result").inner_text()
    screenshot(page, "practice-wrong")


def test_a_review_session(live_server, page):
    base, app = live_server
    with app.app_context():
        student = db.session.scalar(select(User).where(User.email == STUDENT[0]))
        questions = db.session.scalars(select(Question).join(Question.module).limit(3)).all()
        for question in questions:
            db.session.add(
                ReviewCard(
                    user_id=student.id,
                    question_id=question.id,
                    state={},
                    due=utcnow(),
                    reviews=1,
                    last_outcome="incorrect",
                )
            )
        db.session.commit()
        student_id, first_question = student.id, questions[0].id
    login_with_keys(page, base)
    assert "3 due" in page.locator("[data-due-count]").inner_text()
    page.goto(f"{base}/review")
    assert page.locator(".due-count").inner_text() == "3"
    screenshot(page, "review-home")
    tab_to(page, 'form[action$="/review"] button')
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/attempts/*/q/1")
    assert "spaced review" in page.locator(".eyebrow").inner_text().lower()
    with page.expect_navigation():
        page.get_by_role("button", name="Show the answer").click()
    assert "correct answer" in page.locator("#result").inner_text().lower()
    screenshot(page, "review-question")
    with app.app_context():
        card = db.session.scalar(
            select(ReviewCard).where(
                ReviewCard.user_id == student_id, ReviewCard.question_id == first_question
            )
        )
        assert card.reviews == 2 and card.due > utcnow()
