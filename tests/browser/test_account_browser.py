"""In Chromium, with CSRF on: a teacher hands a student a reset link, the student uses it, and
the class's change log shows it; a student downloads their data and deletes their account."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quizapp.classes import create_class
from quizapp.extensions import db
from tests.browser.conftest import screenshot
from tests.browser.test_reports_pages import log_in
from tests.conftest import STUDENT_PASSWORD, TEACHER_PASSWORD, make_user
from tests.functional.test_reports_fixtures import enrol

pytestmark = pytest.mark.browser
NEW_PASSWORD = "chosen-in-browser-1"


@pytest.fixture
def site(live_server):
    base, app = live_server
    with app.app_context():
        teacher = make_user("tess@example.com", role="teacher", password=TEACHER_PASSWORD)
        student = make_user("ada@example.com", name="Ada")
        school_class = create_class(teacher, "Kappa")
        enrol(school_class, student)
        ids = {"class": school_class.id, "student": student.id}
        db.session.remove()
    return base, ids


def test_a_reset_link_from_the_teacher_lets_the_student_in(site, browser):
    base, ids = site
    teacher = browser.new_context().new_page()
    log_in(teacher, base, "tess@example.com", TEACHER_PASSWORD)
    teacher.goto(f"{base}/reports/classes/{ids['class']}/students/{ids['student']}")
    teacher.click("text=Password-reset link")
    link = teacher.input_value("#reset-link")
    assert link.startswith(f"{base}/auth/reset/")
    screenshot(teacher, "reset-link")
    student = browser.new_context().new_page()
    student.goto(link)
    student.fill("#password", NEW_PASSWORD)
    student.fill("#confirm", NEW_PASSWORD)
    student.click("button[type=submit]")
    student.wait_for_url(f"{base}/auth/login")
    log_in(student, base, "ada@example.com", NEW_PASSWORD)
    teacher.goto(f"{base}/reports/classes/{ids['class']}/log")
    assert "Issued a password-reset link for Ada" in teacher.inner_text("#audit-table")
    screenshot(teacher, "class-change-log")


def test_a_student_downloads_their_data_then_deletes_the_account(site, page):
    base, _ids = site
    log_in(page, base, "ada@example.com", STUDENT_PASSWORD)
    page.goto(f"{base}/auth/password")
    with page.expect_download() as download:
        page.click("text=Download all your data")
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["account"]["email"] == "ada@example.com"
    page.click("text=Delete my account")
    page.fill("#password", STUDENT_PASSWORD)
    screenshot(page, "delete-account")
    page.click("button:has-text('Delete my account')")
    page.wait_for_url(f"{base}/auth/login")
    assert "Your account is deleted" in page.inner_text("main")
