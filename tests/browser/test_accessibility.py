"""axe-core (vendored, MPL-2.0) finds no WCAG 2 A/AA violations on the main pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from quizapp.classes import create_class
from quizapp.extensions import db
from quizapp.models import User
from quizapp.seed import DEMO_USERS
from tests.functional.test_reports_paging import students

pytestmark = pytest.mark.browser
AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
LOGINS = {role: (email, password) for email, _n, role, password in DEMO_USERS}
RUN_AXE = """async () => {
  const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""


@pytest.fixture
def page(browser):
    """A page that may inject axe-core despite the app's Content-Security-Policy."""
    context = browser.new_context(viewport={"width": 1100, "height": 900}, bypass_csp=True)
    yield context.new_page()
    context.close()


def violations(page) -> list[dict]:
    page.add_script_tag(content=AXE)
    return page.evaluate(RUN_AXE)


def log_in(page, base: str, role: str) -> None:
    email, password = LOGINS[role]
    page.goto(f"{base}/auth/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/dashboard")


def audit(page, url: str) -> list[str]:
    page.goto(url)
    return [
        f"{url}: {v['id']} ({v['impact']}) {v['help']} at {v['nodes']}" for v in violations(page)
    ]


def test_public_pages(live_server, page):
    base, _app = live_server
    problems = []
    for path in (
        "/",
        "/auth/login",
        "/auth/register",
        "/article/what-to-watch-at-the-kim-putin-summit",
    ):
        problems += audit(page, base + path)
    page.goto(f"{base}/auth/register")
    page.get_by_role("button", name="Create account").click()  # the form with its errors
    problems += [f"register errors: {v['id']} {v['help']}" for v in violations(page)]
    assert problems == []


def test_student_pages(live_server, page):
    base, _app = live_server
    log_in(page, base, "student")
    problems = audit(page, f"{base}/dashboard")
    page.locator('form[action$="/modules/history/start"] button').click()
    page.wait_for_url(f"{base}/attempts/*")
    attempt_url = page.url
    problems += [f"take: {v['id']} {v['help']} {v['nodes']}" for v in violations(page)]
    page.get_by_role("button", name="Submit answers").click()
    page.wait_for_load_state()
    problems += audit(page, attempt_url)
    for path in ("/history", "/reports/me", "/reports/me/article", "/auth/password", "/review"):
        problems += audit(page, base + path)
    # practice: a question, then the same question after a check (result panel, live region)
    page.goto(f"{base}/dashboard")
    page.locator('form[action$="/modules/gifts/practice"] button').click()
    page.wait_for_url(f"{base}/attempts/*/q/1")
    problems += [f"practice: {v['id']} {v['help']} {v['nodes']}" for v in violations(page)]
    page.locator('input[name="q1"]').first.check()
    page.get_by_role("button", name="Check", exact=True).click()
    page.wait_for_url("**?checked=1")
    problems += [f"checked: {v['id']} {v['help']} {v['nodes']}" for v in violations(page)]
    assert problems == []


def test_teacher_pages(live_server, page):
    base, _app = live_server
    log_in(page, base, "teacher")
    problems = []
    for path in (
        "/teach/",
        "/teach/modules/history",
        "/teach/modules/history/questions/new/matching",
        "/teach/import",
        "/teach/modules/new",
        "/teach/modules/history/settings",
        "/reports/classes",
    ):
        problems += audit(page, base + path)
    page.goto(f"{base}/reports/classes")
    page.get_by_label("Class name").fill("Audit class")
    page.get_by_role("button", name="Create class").click()
    page.wait_for_load_state()
    overview = page.url
    problems += [f"overview: {v['id']} {v['help']} {v['nodes']}" for v in violations(page)]
    for suffix in (
        "/modules/history/items",
        "/modules/history/passages",
        "/modules/history/article",
        "/settings",
    ):
        problems += audit(page, overview + suffix)
    assert problems == []


def test_paged_class_overview(live_server, page):
    """The overview of a class of 60 with its pager (two navigation landmarks, one per end)."""
    base, app = live_server
    with app.app_context():
        teacher = db.session.scalar(select(User).where(User.email == LOGINS["teacher"][0]))
        school_class = create_class(teacher, "Sixty")
        students(school_class, 60, "Pupil")
        class_id = school_class.id
    log_in(page, base, "teacher")
    assert audit(page, f"{base}/reports/classes/{class_id}?page=2") == []


def test_article_pages(live_server, page):
    """Adding an article, its cleaning preview (draft and published) and the student's page."""
    from tests.functional.articles_helpers import MEKONG

    base, _app = live_server
    log_in(page, base, "teacher")
    problems = audit(page, f"{base}/teach/articles") + audit(page, f"{base}/teach/articles/new")
    page.set_input_files("#file", str(MEKONG))
    page.get_by_role("button", name="Add and preview").click()
    page.wait_for_url(f"{base}/teach/articles/*")
    preview = page.url
    problems += [f"draft preview: {v['id']} {v['help']} {v['nodes']}" for v in violations(page)]
    page.get_by_role("button", name="Publish", exact=True).click()
    page.wait_for_load_state()
    problems += audit(page, preview)
    page.get_by_role("link", name="Open the article as students see it").click()
    page.wait_for_load_state()
    problems += [f"article: {v['id']} {v['help']} {v['nodes']}" for v in violations(page)]
    assert problems == []
