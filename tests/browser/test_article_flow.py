"""A teacher brings a new article in Chromium, corrects its cleaning, publishes it, makes a module
and a question quoting it; a student takes it and follows the evidence into the new article."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Article, Module
from quizapp.seed import DEMO_USERS
from tests.browser.conftest import screenshot
from tests.browser.test_teach_editor import select_words
from tests.functional.articles_helpers import MEKONG

pytestmark = pytest.mark.browser
TEACHER = next((e, p) for e, _n, role, p in DEMO_USERS if role == "teacher")
STUDENT = next((e, p) for e, _n, role, p in DEMO_USERS if role == "student")
PHRASE = "say the dams hold back sediment"


def log_in(page, base: str, who: tuple[str, str]) -> None:
    page.goto(f"{base}/auth/login")
    page.fill("#email", who[0])
    page.fill("#password", who[1])
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/dashboard")


def add_and_publish(page, base: str) -> str:
    """Upload the file, split one passage in the preview, publish; the article's slug."""
    page.goto(f"{base}/teach/articles")
    page.click("text=Add an article")
    screenshot(page, "article-new")
    page.set_input_files("#file", str(MEKONG))
    page.click("button:has-text('Add and preview')")
    page.wait_for_url(f"{base}/teach/articles/*")
    assert "Article added as a draft" in page.inner_text(".flashes")
    assert "Dropped as boilerplate (5)" in page.inner_text("main")
    screenshot(page, "article-preview")

    page.locator(
        "xpath=//span[contains(@class, 'preview-line')]"
        "[starts-with(normalize-space(.), 'Stimson Center in Washington,')]"
        "/preceding-sibling::button[1]"
    ).click()
    page.wait_for_load_state()
    assert "Corrected." in page.inner_text(".flashes")
    split = page.locator(".preview-passage", has_text="Stimson Center in Washington,")
    assert "Critics, including the" not in split.inner_text()
    assert "corrected" in split.inner_text()

    page.get_by_role("button", name="Publish", exact=True).click()
    page.wait_for_load_state()
    assert "Published:" in page.inner_text(".flashes")
    screenshot(page, "article-published")
    page.click("text=Open the article as students see it")
    return page.url.rsplit("/", 1)[-1]


def make_module_and_question(page, base: str, slug: str) -> None:
    page.goto(f"{base}/teach/articles")
    screenshot(page, "teach-articles")
    page.locator(".article-list li", has_text="Mekong").locator("text=New module").click()
    page.fill("#title", "The Mekong in a dry year")
    page.fill("#slug", "mekong")
    assert page.input_value("#article") == slug
    page.click("button:has-text('Create module')")
    page.wait_for_url(f"{base}/teach/modules/mekong")

    page.goto(f"{base}/teach/modules/mekong/questions/new/true_false")
    page.fill("#prompt", "Critics say the dams keep back sediment the delta needs.")
    page.check("#answer-0")
    page.fill("#explanation", "The Stimson Center says so.")
    select_words(page, PHRASE)  # the article panel shows the new article
    page.click("[data-use-selection]")
    assert page.input_value("#evidence") == PHRASE
    page.click("button[value=save]")
    page.wait_for_url(f"{base}/teach/modules/mekong*")
    assert "Question created." in page.inner_text(".flashes")


def test_teacher_brings_an_article_student_follows_its_evidence(live_server, browser):
    base, app = live_server
    teacher = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
    log_in(teacher, base, TEACHER)
    slug = add_and_publish(teacher, base)
    make_module_and_question(teacher, base, slug)
    with app.app_context():
        article = db.session.scalar(select(Article).where(Article.slug == slug))
        module = db.session.scalar(select(Module).where(Module.slug == "mekong"))
        assert module.article_id == article.id
        texts = [p.text for p in article.passages]
        assert any(t.startswith("Stimson Center in Washington, say the dams") for t in texts)
        assert "Critics, including the" in texts

    student = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
    log_in(student, base, STUDENT)
    group = student.locator(".article-group", has_text="What a dry season means")
    assert group.locator(".module-card").count() == 1
    screenshot(student, "dashboard-by-article")
    group.locator("#module-mekong button.button-primary").click()  # graded, not practice
    student.wait_for_url(f"{base}/attempts/*")
    student.check("input[name=q1][value=true]")
    student.click("button[value=submit]")
    student.wait_for_load_state()
    assert student.locator(".evidence-list blockquote mark").inner_text() == PHRASE
    student.click("text=Read this passage in the article")
    student.wait_for_url(f"{base}/article/{slug}?*")
    assert student.locator(".passage-target mark").inner_text() == PHRASE
    assert student.locator("h1").inner_text().startswith("What a dry season means")
    screenshot(student, "new-article-highlight")
    # the teacher's reports: the class overview links a heatmap of the whole new article
    teacher.goto(f"{base}/reports/classes")
    teacher.get_by_label("Class name").fill("Geography")
    teacher.get_by_role("button", name="Create class").click()
    teacher.wait_for_load_state()
    teacher.get_by_role("link", name="What a dry season means for the Mekong river towns").click()
    teacher.wait_for_url(f"{base}/reports/classes/*/modules/mekong/article")
    assert "There are now 11 dams" in teacher.inner_text("main")
    screenshot(teacher, "class-article-heatmap")
