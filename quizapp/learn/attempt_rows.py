"""What a student's attempt pages read, as plain rows. No request objects here.

A student opens the quiz page of an attempt many times (start, reload, come back after saving),
and a class does so at once, then submits and reads the graded review. None of these pages needs
ORM objects (nothing is changed through them), so each reads its rows with a few prebuilt
statements: the quiz page the attempt with its module and every slot with the version it asks,
its JSON columns as text, which is both what the rendering cache is keyed by
(`quizapp.learn.question_html`) and only parsed when a question has to be rendered again; the
review the same with grades, explanations and the evidence quotes with their passages.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Text, bindparam, cast, select

from quizapp.extensions import db
from quizapp.models import Article, Attempt, Evidence, Module, Passage, QuestionVersion, Response


@dataclass(frozen=True)
class AttemptHead:
    """An attempt as the head of its quiz page or review shows it."""

    id: int
    user_id: int
    module_id: int | None
    number: int
    state: str
    mode: str
    due_at: datetime | None
    submitted_at: datetime | None
    score: float | None
    max_score: float
    module_title: str | None  # None for a review session, which has no module
    module_slug: str | None
    article_slug: str | None

    @property
    def percent(self) -> float | None:
        if self.score is None or not self.max_score:
            return None
        return 100.0 * self.score / self.max_score

    @classmethod
    def of(cls, attempt: Attempt) -> AttemptHead:
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
            attempt.submitted_at,
            attempt.score,
            attempt.max_score,
            module.title if module else None,
            module.slug if module else None,
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


@dataclass(frozen=True)
class GradedSlot:
    slot: int
    type: str
    data: dict[str, Any]
    answer: Any
    credit: float | None
    mark: float | None
    prompt: str
    points: float
    explanation: str | None
    version_id: int


@dataclass(frozen=True)
class Grading:
    """What a slot holds once graded, and what the review shows beside it."""

    version_id: int
    explanation: str | None
    credit: float | None
    mark: float | None


@dataclass(frozen=True)
class AttemptPage:
    head: AttemptHead
    rows: list[SlotRow]
    gradings: list[Grading]

    def slots(self) -> list[Slot]:
        return [row.parsed() for row in self.rows]

    def graded_slots(self) -> list[GradedSlot]:
        graded = []
        for row, grading in zip(self.rows, self.gradings, strict=True):
            s = row.parsed()
            graded.append(
                GradedSlot(
                    s.slot,
                    s.type,
                    s.data,
                    s.answer,
                    grading.credit,
                    grading.mark,
                    row.prompt,
                    row.points,
                    grading.explanation,
                    grading.version_id,
                )  # fmt: skip
            )
        return graded


@dataclass(frozen=True)
class QuotedPassage:
    anchor: str
    text: str


@dataclass(frozen=True)
class Quote:
    """An evidence quote: [start, end) of a passage's text (as `Evidence` has them)."""

    start: int
    end: int
    passage: QuotedPassage


# Built once: constructing a SELECT costs more than SQLite takes to run it.
_HEAD = (
    Attempt.id,
    Attempt.user_id,
    Attempt.module_id,
    Attempt.number,
    Attempt.state,
    Attempt.mode,
    Attempt.due_at,
    Attempt.submitted_at,
    Attempt.score,
    Attempt.max_score,
    Module.title,
    Module.slug,
    Article.slug,
)
_SLOT = (
    Response.slot,
    QuestionVersion.question_id,
    QuestionVersion.type,
    QuestionVersion.prompt,
    QuestionVersion.points,
    cast(QuestionVersion.data, Text),
    cast(Response.layout, Text),
    cast(Response.answer, Text),
)
_GRADING = (QuestionVersion.id, QuestionVersion.explanation, Response.credit, Response.mark)
_PAGE = (
    select(*_HEAD, *_SLOT, *_GRADING)
    .select_from(Attempt)
    .outerjoin(Module, Module.id == Attempt.module_id)
    .outerjoin(Article, Article.id == Module.article_id)
    .outerjoin(Response, Response.attempt_id == Attempt.id)
    .outerjoin(QuestionVersion, QuestionVersion.id == Response.version_id)
    .where(Attempt.id == bindparam("attempt_id"))
    .order_by(Response.slot)
)
_QUOTES = (
    select(Evidence.version_id, Evidence.start, Evidence.end, Passage.anchor, Passage.text)
    .join(Passage, Passage.id == Evidence.passage_id)
    .where(
        Evidence.version_id.in_(
            select(Response.version_id).where(Response.attempt_id == bindparam("attempt_id"))
        )
    )
    .order_by(Evidence.id)
)
_H, _S = len(_HEAD), len(_HEAD) + len(_SLOT)


def attempt_page(attempt_id: int) -> AttemptPage | None:
    """The attempt with its module and article, and every slot with its version, answer and
    grade, in slot order (one statement); None when there is no such attempt."""
    result = db.session.execute(_PAGE, {"attempt_id": attempt_id}).all()
    if not result:
        return None
    head = AttemptHead(*result[0][:_H])
    slotted = [r for r in result if r[_H] is not None]  # an attempt without slots: one empty row
    return AttemptPage(
        head,
        [SlotRow(*r[_H:_S]) for r in slotted],
        [Grading(*r[_S:]) for r in slotted],
    )


def quotes_by_version(attempt_id: int) -> dict[int, list[Quote]]:
    """The evidence quotes of every version the attempt asked, with their passages (one
    statement)."""
    found: dict[int, list[Quote]] = {}
    for version_id, start, end, anchor, text in db.session.execute(
        _QUOTES, {"attempt_id": attempt_id}
    ):
        found.setdefault(version_id, []).append(Quote(start, end, QuotedPassage(anchor, text)))
    return found
