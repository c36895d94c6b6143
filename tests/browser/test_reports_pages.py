"""Every report page in Chromium: it renders, fits the window, its charts are named."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Attempt, SchoolClass
from tests.browser.conftest import screenshot
from tests.conftest import STUDENT_PASSWORD, TEACHER_PASSWORD, make_user
from tests.functional.test_reports_fixtures import class_with_students
from tests.functional.test_reports_paging import students

pytestmark = pytest.mark.browser


@pytest.fixture
def report_site(live_server):
    """A teacher with a class of 12 students who took History and Arms twice."""
    base, app = live_server
    with app.app_context():
        teacher = make_user("tess@example.com", role="teacher", password=TEACHER_PASSWORD)
        school_class, users = class_with_students(teacher, 12, ("history", "arms"))
        student = users[4]
        student.set_password(STUDENT_PASSWORD)
        db.session.commit()
        attempt_id = db.session.scalar(
            select(Attempt.id).where(Attempt.user_id == student.id).order_by(Attempt.id)
        )
        ids = {"class": school_class.id, "student": student.id, "attempt": attempt_id}
        ids["email"] = student.email
    return base, ids


# The elements sticking out of the viewport, to say what makes a page scroll sideways.
WIDEST = """[...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .slice(0, 5).map(e => e.tagName + '.' + e.className)"""


def log_in(page, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/auth/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/dashboard")


def check(page, url: str, name: str) -> None:
    page.goto(url)
    assert page.locator("h1").count() == 1
    for svg in page.locator("svg[role=img]").all():  # every chart is named and described
        assert svg.locator("title").count() >= 1 and svg.locator("desc").count() == 1
    wide = page.evaluate(WIDEST)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1100, "\n".join(wide)
    screenshot(page, name)


def test_teacher_report_pages(report_site, page):
    base, ids = report_site
    log_in(page, base, "tess@example.com", TEACHER_PASSWORD)
    cls = f"{base}/reports/classes/{ids['class']}"
    check(page, f"{base}/reports/classes", "reports-classes")
    check(page, f"{cls}?sort=history&dir=desc", "reports-class-overview")
    assert page.locator("th[aria-sort=descending]").text_content().strip().startswith("History")
    check(page, f"{cls}/students/{ids['student']}", "reports-student")
    check(page, f"{cls}/students/{ids['student']}/attempts/{ids['attempt']}", "reports-review")
    assert page.get_by_text("Teacher view.").is_visible()
    check(page, f"{cls}/modules/history/items", "reports-item-analysis")
    check(page, f"{cls}/modules/history/passages", "reports-heatmap")
    page.locator(".heat-details summary").first.click()
    assert page.locator(".heat-details[open] a").first.is_visible()


def test_student_report_pages(report_site, page):
    base, ids = report_site
    log_in(page, base, ids["email"], STUDENT_PASSWORD)
    check(page, f"{base}/reports/me", "reports-my-progress")
    assert page.locator(".report-module svg[role=img]").count() == 2
    check(page, f"{base}/reports/me/article", "reports-my-article")


@pytest.fixture
def paged_site(report_site, live_server):
    """The class of 12 and 50 students more, who have not started: two pages."""
    base, ids = report_site
    with live_server[1].app_context():
        students(db.session.get(SchoolClass, ids["class"]), 50, "Later")
    return base, ids


def test_paged_overview(paged_site, page):
    """The pager fits the window and its links keep the sort and move between pages."""
    base, ids = paged_site
    log_in(page, base, "tess@example.com", TEACHER_PASSWORD)
    cls = f"{base}/reports/classes/{ids['class']}"
    check(page, f"{cls}?sort=history&dir=desc", "reports-class-overview-paged")
    pager = page.get_by_role("navigation", name="Pages of students", exact=True)
    assert pager.get_by_text("Students 1–50 of 62").is_visible()
    pager.get_by_role("link", name="Next").click()
    page.wait_for_url("**page=2")
    assert "sort=history" in page.url and page.locator("#overview-table tbody tr").count() == 12
    assert page.locator("#overview-table tbody tr").first.text_content().count("Not started") == 4
