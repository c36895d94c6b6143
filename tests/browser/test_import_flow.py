"""A teacher imports a GIFT file in Chromium, previews, confirms; a student then takes it."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.seed import DEMO_USERS
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser
GIFT = Path(__file__).resolve().parents[1] / "functional" / "data" / "summit.gift"
LOGINS = {role: (email, password) for email, _n, role, password in DEMO_USERS}


def log_in(page, base: str, role: str) -> None:
    email, password = LOGINS[role]
    page.goto(f"{base}/auth/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/dashboard")


def test_teacher_imports_gift_and_student_takes_it(live_server, page):
    base, _app = live_server
    log_in(page, base, "teacher")
    page.goto(f"{base}/teach/import")
    page.get_by_label("Question file").set_input_files(str(GIFT))
    page.get_by_label("Module").fill("summit-extras")
    page.get_by_role("button", name="Preview import").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Preview: summit.gift").is_visible()
    rows = page.locator("table tbody tr")
    assert rows.count() == 3
    assert "needs evidence" in rows.nth(1).inner_text()
    assert "essay" in page.locator("body").inner_text().lower()
    screenshot(page, "teacher-import-preview")
    page.get_by_role("button", name="Import 3 question(s)").click()
    page.wait_for_load_state()
    assert "3 question(s) created" in page.locator(".flashes").inner_text()
    screenshot(page, "teacher-evidence-suggestions")
    page.get_by_role("button", name="Log out").click()

    log_in(page, base, "student")
    card = page.locator("#module-summit-extras")
    assert card.get_by_role("heading").inner_text() == "Summit extras"
    card.get_by_role("button", name="Start").click()
    page.wait_for_url(f"{base}/attempts/*")
    page.get_by_label("Your answer (a number)").fill("12")
    page.get_by_label("Kim Yo Jong").check()
    page.get_by_label("True", exact=True).check()
    page.get_by_role("button", name="Submit answers").click()
    page.wait_for_load_state()
    assert page.locator(".score strong").inner_text() == "100%"
    screenshot(page, "student-review-imported")
