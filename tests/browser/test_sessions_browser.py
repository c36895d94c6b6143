"""Log out everywhere, as a student who left a school computer logged in would use it."""

import pytest

from quizapp.seed import DEMO_USERS
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

EMAIL, PASSWORD = next((e, p) for e, _n, role, p in DEMO_USERS if role == "student")


def log_in(page, base: str) -> None:
    page.goto(f"{base}/auth/login")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/dashboard")


def test_log_out_everywhere_from_the_account_page(live_server, browser):
    base, _app = live_server
    school, home = browser.new_context(), browser.new_context()
    school_page, home_page = school.new_page(), home.new_page()
    try:
        log_in(school_page, base)
        log_in(home_page, base)
        home_page.get_by_role("link", name="Account").click()
        assert home_page.get_by_text("You are logged in on 2 browsers or devices").is_visible()
        screenshot(home_page, "account-sessions")
        home_page.get_by_role("button", name="Log out everywhere").click()
        home_page.wait_for_url(f"{base}/auth/login")
        assert home_page.get_by_text("You are logged out everywhere").is_visible()
        school_page.goto(f"{base}/dashboard")
        assert school_page.url.startswith(f"{base}/auth/login")
    finally:
        school.close()
        home.close()
