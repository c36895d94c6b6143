"""In Chromium: a teacher drafts the article from a module page, accepts drafts (a cloze among
them) into a new module; a student takes it, filling the cloze's labelled gaps. axe-core finds
no WCAG A/AA problems on the queue page, the cloze editor or the cloze attempt."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import ARTIFACTS
from tests.browser.test_accessibility import log_in, violations

pytestmark = pytest.mark.browser
ARTICLE = "what-to-watch-at-the-kim-putin-summit"


@pytest.fixture
def page(browser):
    """axe-core is injected, so the page may bypass the app's Content-Security-Policy."""
    context = browser.new_context(viewport={"width": 1100, "height": 900}, bypass_csp=True)
    yield context.new_page()
    context.close()


def problems_on(page, where: str) -> list[str]:
    return [f"{where}: {v['id']} {v['help']} {v['nodes']}" for v in violations(page)]


def test_teacher_drafts_and_accepts_student_fills_the_gaps(live_server, page, browser):
    base, _app = live_server
    ARTIFACTS.mkdir(exist_ok=True)
    log_in(page, base, "teacher")
    page.goto(f"{base}/teach/modules/history")
    page.get_by_role("link", name="Draft questions").click()
    page.get_by_role("button", name="Draft questions").click()
    page.wait_for_load_state()
    assert re.search(r"\d+ new draft questions added to your queue", page.content())
    problems = problems_on(page, "queue")
    page.screenshot(path=str(ARTIFACTS / "draft-queue.png"), full_page=False)

    cloze = page.locator("li.teach-draft", has=page.locator(".badge", has_text="Cloze")).first
    cloze.screenshot(path=str(ARTIFACTS / "draft-row.png"))
    cloze.get_by_role("checkbox").check()
    for other in ("Single choice", "Numeric"):
        page.locator(
            "li.teach-draft", has=page.locator(".badge", has_text=other)
        ).first.get_by_role("checkbox").check()
    page.get_by_label("Or a new module: short name").fill("drafted")
    page.get_by_label("New module's title").fill("Drafted from the article")
    page.get_by_role("button", name="Accept ticked drafts").click()
    page.wait_for_load_state()
    assert "3 questions added to “Drafted from the article”." in page.content()
    page.goto(f"{base}/teach/modules/drafted")
    assert page.locator("li.teach-q").count() == 3
    page.locator("li.teach-q", has=page.locator(".badge", has_text="Cloze")).get_by_role(
        "link", name=re.compile("^Edit")
    ).click()
    problems += problems_on(page, "cloze editor")

    student = browser.new_context(viewport={"width": 1100, "height": 900}, bypass_csp=True)
    spage = student.new_page()
    log_in(spage, base, "student")
    spage.locator('form[action$="/modules/drafted/start"] button').click()
    spage.wait_for_url(f"{base}/attempts/*")
    gap = spage.get_by_label(re.compile(r"^Gap 1 of \d"))
    assert gap.count() == 1
    gap.fill("a wrong answer")
    problems += problems_on(spage, "cloze attempt")
    spage.screenshot(path=str(ARTIFACTS / "cloze-attempt.png"), full_page=True)
    spage.get_by_role("button", name="Submit answers").click()
    spage.wait_for_load_state()
    assert "Gap 1: a wrong answer" in spage.content()
    evidence = spage.get_by_role("link", name=re.compile("article", re.I)).first
    assert ARTICLE in (evidence.get_attribute("href") or "")
    student.close()
    assert problems == []
