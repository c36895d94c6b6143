"""Answering practice questions through the test client: right or wrong on purpose."""

from __future__ import annotations

import re

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from quizapp.extensions import db
from quizapp.models import Attempt, Module, QuizSettings, Response
from quizapp.question_types import get_type
from tests.functional.helpers import form_fields

CHOICE_TYPES = ("single_choice", "true_false")


def wrong_answer(row: Response):
    """An answer worth nothing for a single-choice or true/false slot."""
    data = row.version.data
    if row.version.type == "true_false":
        return not get_type("true_false").model_answer(data)
    return next(n for n, c in enumerate(data["choices"]) if c["credit"] == 0)


def answer_form(row: Response, answer) -> MultiDict:
    return MultiDict([("action", "check"), *form_fields(row, answer)])


def right_answer(row: Response):
    return get_type(row.version.type).model_answer(row.version.data)


def slot_path(attempt: Attempt, slot: int) -> str:
    return f"/attempts/{attempt.id}/q/{slot}"


def attempt_from(page) -> Attempt:
    match = re.search(r"/attempts/(\d+)", page.request.path)
    assert match, page.request.path
    return db.session.get(Attempt, int(match.group(1)))


def module(slug: str) -> Module:
    return db.session.scalar(select(Module).where(Module.slug == slug))


def set_rules(slug: str, **values) -> QuizSettings:
    """Save quiz settings for a module straight into the database."""
    row = QuizSettings(module_id=module(slug).id)
    defaults = dict(
        grading_method="highest",
        shuffle_questions=False,
        shuffle_choices=True,
        review_shows="full",
        practice_enabled=True,
        practice_tries=3,
        practice_penalty=1 / 3,
    )
    for name, value in {**defaults, **values}.items():
        setattr(row, name, value)
    db.session.add(row)
    db.session.commit()
    return row
