"""A teacher sets a time limit in Chromium; a student then sees the clock count down."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import QuizSettings
from tests.browser.conftest import screenshot
from tests.browser.test_keyboard_quiz import login_with_keys
from tests.browser.test_teach_editor import log_in

pytestmark = pytest.mark.browser


def test_time_limit_set_by_a_teacher_counts_down_for_a_student(live_server, page, browser):
    base, app = live_server
    log_in(page, base)
    page.goto(f"{base}/teach/modules/quirks")
    page.get_by_role("link", name="Quiz settings").click()
    page.get_by_label("Time limit (minutes)").fill("0")
    page.get_by_role("button", name="Save settings").click()
    assert "from 1 to 1440" in page.locator(".error-summary").inner_text()
    page.get_by_label("Time limit (minutes)").fill("15")
    page.get_by_label("Attempts allowed").fill("2")
    page.get_by_label("Grading method").select_option("last")
    page.get_by_label("The score and which answers were right").check()
    page.get_by_role("button", name="Save settings").click()
    assert "saved" in page.locator(".flashes").inner_text()
    screenshot(page, "teach-quiz-settings")
    with app.app_context():
        row = db.session.scalar(select(QuizSettings))
        assert (row.time_limit_minutes, row.attempts_allowed, row.grading_method) == (15, 2, "last")

    student = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
    login_with_keys(student, base)
    card = student.locator("#module-quirks")
    assert "Time limit: 15 min" in card.inner_text() and "last attempt" in card.inner_text()
    screenshot(student, "dashboard-with-settings")
    card.get_by_role("button", name="Start").click()
    student.wait_for_url(f"{base}/attempts/*")
    timer = student.locator("[data-timer-text]")
    first = timer.inner_text()
    assert first.startswith("15 min") or first.startswith("14 min")
    student.wait_for_function(
        "t => document.querySelector('[data-timer-text]').textContent !== t", arg=first
    )
    screenshot(student, "take-with-timer")
