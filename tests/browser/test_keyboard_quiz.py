"""A student completes a module in Chromium with the keyboard alone, then follows a link."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Attempt
from quizapp.question_types import get_type
from quizapp.seed import DEMO_USERS
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser
STUDENT = next((e, p) for e, _n, role, p in DEMO_USERS if role == "student")
MAX_TABS = 400


def tab_to(page, selector: str) -> None:
    """Press Tab until the focused element matches `selector` (fails if it is never reached)."""
    for _ in range(MAX_TABS):
        if page.evaluate(
            "s => document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def answer_with_keys(page, row) -> None:
    """Give the full-credit answer for one slot using only key presses."""
    version, name = row.version, f"q{row.slot}"
    qtype = get_type(version.type)
    values = qtype.form_values(version.data, row.layout, qtype.model_answer(version.data))
    if version.type in ("single_choice", "true_false"):
        tab_to(page, f'input[name="{name}"]')
        target = values if version.type == "single_choice" else ["true", "false"].index(values)
        if target == 0:
            page.keyboard.press("Space")
        for _ in range(target):
            page.keyboard.press("ArrowDown")
    elif version.type == "multiple_response":
        for position in values:
            tab_to(page, f'input[name="{name}"][value="{position}"]')
            page.keyboard.press("Space")
    elif version.type in ("short_answer", "numeric"):
        tab_to(page, f'input[name="{name}"]')
        page.keyboard.type(str(values))
    else:  # ordering / matching: one <select> per row; option n is n presses of ArrowDown
        for position, value in values.items():
            tab_to(page, f'select[name="{name}-{position}"]')
            steps = value if version.type == "ordering" else value + 1
            for _ in range(steps):
                page.keyboard.press("ArrowDown")


def login_with_keys(page, base: str) -> None:
    page.goto(f"{base}/auth/login")
    tab_to(page, "#email")
    page.keyboard.type(STUDENT[0])
    page.keyboard.press("Tab")
    page.keyboard.type(STUDENT[1])
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/dashboard")


def test_student_completes_history_with_the_keyboard_alone(live_server, page):
    base, app = live_server
    login_with_keys(page, base)
    assert page.get_by_role("heading", name="History").is_visible()
    tab_to(page, 'form[action$="/modules/history/start"] button')
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/attempts/*")
    attempt_id = int(page.url.rsplit("/", 1)[1])
    screenshot(page, "take-history")
    with app.app_context():
        attempt = db.session.scalar(select(Attempt).where(Attempt.id == attempt_id))
        rows = list(attempt.responses)
        for row in rows:
            answer_with_keys(page, row)
    progress = page.locator("[data-answered]").inner_text()
    assert progress == str(len(rows))
    tab_to(page, 'button[value="submit"]')
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert page.locator(".score strong").inner_text() == "100%"
    assert page.get_by_text("Incorrect").count() == 0
    screenshot(page, "review-history")
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        assert attempt.state == "submitted" and attempt.score == attempt.max_score

    # follow the first evidence link with the keyboard: the quoted words are highlighted
    tab_to(page, "figcaption a")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/article/**")
    mark = page.locator(".passage-target mark")
    assert mark.count() == 1 and mark.inner_text().strip()
    assert page.evaluate("document.activeElement.classList.contains('passage-target')")
    screenshot(page, "article-highlight")


def test_dashboard_and_quiz_fit_a_phone(live_server, phone_page):
    base, _app = live_server
    login_with_keys(phone_page, base)
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"dashboard scrolls sideways on a phone ({width}px)"
    screenshot(phone_page, "phone-dashboard")
    phone_page.locator('form[action$="/modules/gifts/start"] button').click()
    phone_page.wait_for_url(f"{base}/attempts/*")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(phone_page, "phone-take-gifts")
