"""Issue 8 end to end in Chromium: a teacher adds an article from a file, corrects one passage in
the preview, publishes, drafts questions, accepts some into a new module; a student takes it and
follows an evidence link into the new article."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Article, Module
from tests.browser.conftest import screenshot
from tests.browser.test_article_flow import STUDENT, TEACHER, add_and_publish, log_in

pytestmark = pytest.mark.browser


def test_new_article_to_drafted_module_to_student_evidence(live_server, browser):
    base, app = live_server
    teacher = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
    log_in(teacher, base, TEACHER)
    slug = add_and_publish(teacher, base)  # upload, split one passage, publish

    teacher.goto(f"{base}/teach/articles")
    teacher.get_by_role("link", name=re.compile("^Draft questions")).last.click()
    teacher.wait_for_url(f"{base}/teach/articles/{slug}/drafts*")
    teacher.get_by_role("button", name="Draft questions").click()
    teacher.wait_for_load_state()
    assert re.search(r"\d+ new draft questions added to your queue", teacher.content())
    drafts = teacher.locator("li.teach-draft")
    assert drafts.count() >= 5
    for n in range(3):
        drafts.nth(n).get_by_role("checkbox").check()
    teacher.get_by_label("Or a new module: short name").fill("mekong-drafts")
    teacher.get_by_label("New module's title").fill("The Mekong, drafted")
    teacher.get_by_role("button", name="Accept ticked drafts").click()
    teacher.wait_for_load_state()
    assert "3 questions added to “The Mekong, drafted”." in teacher.content()
    screenshot(teacher, "article-drafts-accepted")
    with app.app_context():
        module = db.session.scalar(select(Module).where(Module.slug == "mekong-drafts"))
        article = db.session.scalar(select(Article).where(Article.slug == slug))
        assert module.article_id == article.id and len(module.questions) == 3
        assert all(q.current.evidence for q in module.questions)

    student = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
    log_in(student, base, STUDENT)
    student.locator('form[action$="/modules/mekong-drafts/start"] button').click()
    student.wait_for_url(f"{base}/attempts/*")
    student.get_by_role("button", name="Submit answers").click()
    student.wait_for_load_state()
    assert student.locator(".evidence-list blockquote mark").count() >= 3
    student.get_by_role("link", name="Read this passage in the article").first.click()
    student.wait_for_url(f"{base}/article/{slug}?*")
    assert student.locator(".passage-target mark").count() == 1
    screenshot(student, "drafted-evidence-in-new-article")
