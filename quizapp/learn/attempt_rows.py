"""What the quiz page reads, as plain rows: the hottest page of the app. No request objects here.

A student opens the quiz page of an attempt many times (start, reload, come back after saving),
and a class does so at once. The page shows no evidence, explanation or grade, so it needs no
ORM objects: two statements fetch the attempt with its module and every slot with the version it
asks, and the JSON columns come back as text, which is both what the rendering cache is keyed by
(`quizapp.learn.question_html`) and only parsed when a question has to be rendered again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Text, bindparam, cast, select

from quizapp.extensions import db
from quizapp.models import Article, Attempt, Module, QuestionVersion, Response


@dataclass(frozen=True)
class TakeAttempt:
    """The attempt as the quiz page shows it."""

    id: int
    user_id: int
    module_id: int | None
    number: int
    state: str
    mode: str
    due_at: datetime | None
    module_title: str | None  # None for a review session, which has no module
    article_slug: str | None

    @classmethod
    def of(cls, attempt: Attempt) -> TakeAttempt:
        """The same view of an attempt already loaded as an ORM object."""
        module = attempt.module
        article = module.article if module else None
        return cls(
            attempt.id,
            attempt.user_id,
            attempt.module_id,
            attempt.number,
            attempt.state,
            attempt.mode,
            attempt.due_at,
            module.title if module else None,
            article.slug if article else None,
        )


@dataclass(frozen=True)
class Slot:
    """One slot of an attempt with the version it asks, as Python values."""

    slot: int
    question_id: int
    type: str
    data: dict[str, Any]
    points: float
    layout: dict[str, Any]
    answer: Any


@dataclass(frozen=True)
class SlotRow:
    """One slot with the version it asks; `data`, `layout` and `answer` as stored JSON text."""

    slot: int
    question_id: int
    type: str
    prompt: str
    points: float
    data: str
    layout: str
    answer: str | None

    @property
    def answered(self) -> bool:
        return self.answer is not None and self.answer != "null"

    def parsed(self) -> Slot:
        """The slot as Python values."""
        answer = json.loads(self.answer) if self.answer is not None else None
        data, layout = json.loads(self.data), json.loads(self.layout or "{}")
        return Slot(self.slot, self.question_id, self.type, data, self.points, layout, answer)


# Built once: constructing a SELECT costs more than SQLite takes to run it.
_ATTEMPT = (
    select(
        Attempt.id,
        Attempt.user_id,
        Attempt.module_id,
        Attempt.number,
        Attempt.state,
        Attempt.mode,
        Attempt.due_at,
        Module.title,
        Article.slug,
    )
    .outerjoin(Module, Module.id == Attempt.module_id)
    .outerjoin(Article, Article.id == Module.article_id)
    .where(Attempt.id == bindparam("attempt_id"))
)
_SLOTS = (
    select(
        Response.slot,
        QuestionVersion.question_id,
        QuestionVersion.type,
        QuestionVersion.prompt,
        QuestionVersion.points,
        cast(QuestionVersion.data, Text),
        cast(Response.layout, Text),
        cast(Response.answer, Text),
    )
    .join(QuestionVersion, QuestionVersion.id == Response.version_id)
    .where(Response.attempt_id == bindparam("attempt_id"))
    .order_by(Response.slot)
)


def find_take_attempt(attempt_id: int) -> TakeAttempt | None:
    """The attempt with its module title and article slug (one statement)."""
    row = db.session.execute(_ATTEMPT, {"attempt_id": attempt_id}).first()
    return TakeAttempt(*row) if row is not None else None


def slot_rows(attempt_id: int) -> list[SlotRow]:
    """Every slot of the attempt in order, with its version (one statement)."""
    return [SlotRow(*row) for row in db.session.execute(_SLOTS, {"attempt_id": attempt_id})]


def load_slots(attempt_id: int) -> list[Slot]:
    """Every slot of the attempt in order, parsed (one statement)."""
    return [row.parsed() for row in slot_rows(attempt_id)]
