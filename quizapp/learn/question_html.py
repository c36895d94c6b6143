"""The quiz page's questions as HTML, each rendered once per distinct content.

A question's HTML on the quiz page is a pure function of its slot, its version (type, prompt,
points, data), the display order fixed for the attempt and the saved answer: the same text in,
the same HTML out. So it is kept, per app and bounded, under exactly those values as the database
stores them. Reloading the page, or coming back after saving one answer, renders only what
changed; an edited question is a new version with new content, so a kept HTML is never stale.
What differs per request (CSRF token, time left, flash messages) is outside these fragments.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from flask import Flask, current_app, render_template
from markupsafe import Markup

from quizapp.learn.attempt_rows import SlotRow
from quizapp.learn.review import SlotView, input_view

QUESTION_TEMPLATE = "learn/_question.html"
CACHE_SIZE = 4096  # questions; a few KB each


def question_html(row: SlotRow) -> Markup:
    """The `<li>` of one question of the quiz page, filled with its saved answer."""
    return current_app.extensions["question_html"](row)


def render_question(view: SlotView) -> Markup:
    """Render one question (uncached): after an unreadable answer, it shows what was sent."""
    return Markup(render_template(QUESTION_TEMPLATE, s=view))  # noqa: S704 (autoescaped)


def _render_row(row: SlotRow) -> Markup:
    slot = row.parsed()
    view = input_view(slot.type, slot.data, slot.layout, slot.answer, slot.slot)
    view.prompt, view.points = row.prompt, row.points
    return render_question(view)


def init_app(app: Flask) -> None:
    app.extensions["question_html"] = lru_cache(maxsize=CACHE_SIZE)(_render_row)


@dataclass(frozen=True)
class QuizQuestion:
    """A question of the quiz page: its place, its state for the progress bar, its HTML."""

    slot: int
    answered: bool
    error: str | None
    html: Markup


def quiz_questions(rows: list[SlotRow]) -> list[QuizQuestion]:
    """The quiz page's questions from stored rows (cached HTML)."""
    return [QuizQuestion(r.slot, r.answered, None, question_html(r)) for r in rows]


def quiz_questions_from_views(views: list[SlotView]) -> list[QuizQuestion]:
    """The quiz page's questions after a form that could not be read (rendered afresh)."""
    return [QuizQuestion(v.slot, v.answered, v.error, render_question(v)) for v in views]
