"""A teacher writes a question in Chromium: picks evidence by selecting words in the article
panel, previews it, saves it; the teacher pages fit a phone."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Module
from quizapp.seed import DEMO_USERS
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser
TEACHER = next((e, p) for e, _n, role, p in DEMO_USERS if role == "teacher")
PHRASE = "the backing of the Soviet Union"


def log_in(page, base: str) -> None:
    page.goto(f"{base}/auth/login")
    page.fill("#email", TEACHER[0])
    page.fill("#password", TEACHER[1])
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/dashboard")


def select_words(page, phrase: str) -> None:
    """Select `phrase` inside the article panel, as a mouse drag would."""
    found = page.evaluate(
        """phrase => {
          for (const el of document.querySelectorAll('[data-passage]')) {
            const node = el.firstChild, at = node && node.textContent.indexOf(phrase);
            if (node && at >= 0) {
              const range = document.createRange();
              range.setStart(node, at);
              range.setEnd(node, at + phrase.length);
              const sel = window.getSelection();
              sel.removeAllRanges();
              sel.addRange(range);
              return true;
            }
          }
          return false;
        }""",
        phrase,
    )
    assert found, f"{phrase!r} is not in the article panel"


def test_teacher_picks_evidence_previews_and_saves(live_server, page):
    base, app = live_server
    log_in(page, base)
    page.goto(f"{base}/teach/modules/history/questions/new/true_false")
    page.fill("#prompt", "North Korea was formed with **Soviet** backing.")
    page.check("#answer-0")
    page.fill("#explanation", "The article says so in its history section.")
    select_words(page, PHRASE)
    page.click("[data-use-selection]")
    assert page.input_value("#evidence") == PHRASE
    assert "Added" in page.inner_text("[data-selection-status]")
    page.click("[data-use-selection]")  # nothing selected any more: a hint, no duplicate
    assert page.input_value("#evidence") == PHRASE

    page.click("button[value=preview]")
    page.wait_for_selector("[data-preview]")
    assert page.locator("[data-preview] legend strong").inner_text() == "Soviet"
    assert page.locator("[data-preview] input[name=q1]").count() == 2
    assert page.locator(".teach-passages mark").first.inner_text() == PHRASE
    screenshot(page, "teach-editor-preview")

    page.click("button[value=save]")
    page.wait_for_url(f"{base}/teach/modules/history*")
    assert "Question created." in page.inner_text(".flashes")
    with app.app_context():
        module = db.session.scalar(select(Module).where(Module.slug == "history"))
        assert [e.quote for e in module.questions[-1].current.evidence] == [PHRASE]
    screenshot(page, "teach-module")


def test_teacher_pages_fit_a_phone(live_server, phone_page):
    base, _app = live_server
    log_in(phone_page, base)
    for name, path in (
        ("teach-index", "/teach/"),
        ("teach-module", "/teach/modules/history"),
        ("teach-editor", "/teach/modules/history/questions/new/numeric"),
        ("teach-new-module", "/teach/modules/new"),
    ):
        phone_page.goto(base + path)
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{path} scrolls sideways on a phone ({width}px)"
        screenshot(phone_page, f"phone-{name}")
