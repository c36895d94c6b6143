"""What a practice or review page shows for one question, in each of its states."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.learn.review import TYPED_ANSWERS, SlotView, slot_view
from quizapp.models import Attempt, Evidence, Response
from quizapp.question_types import Grade, get_type
from quizapp.quiz_rules import Rules


@dataclass
class PracticeSlot:
    slot: SlotView
    total: int
    done_count: int
    checked: bool  # tried at least once
    finished: bool
    outcome: str | None  # of the last try
    feedback: tuple[str, ...]
    your_answer: str
    correct_answer: str | None  # only once the question is done
    evidence: list[Evidence]
    article_slug: str | None
    module_title: str
    changed_since: bool  # retry: the question changed since the graded attempt
    markdown: bool

    @property
    def response(self) -> Response:
        return self.slot.response


def source_versions(attempt: Attempt) -> dict[int, int]:
    """For a retry: question id -> the version asked in the graded attempt it repeats."""
    if attempt.source_attempt_id is None:
        return {}
    from quizapp.models import QuestionVersion

    rows = db.session.execute(
        select(QuestionVersion.question_id, Response.version_id)
        .join(QuestionVersion, QuestionVersion.id == Response.version_id)
        .where(Response.attempt_id == attempt.source_attempt_id)
    )
    return dict(rows.all())


def _outcome(response: Response) -> str | None:
    """Of the last try; a question given up on before any try is "unanswered"."""
    if response.tries:
        return Grade(response.credit or 0.0).outcome
    return "unanswered" if response.finished_at is not None else None


def practice_slot_view(
    attempt: Attempt,
    response: Response,
    rules: Rules,
    sources: dict[int, int],
    error: str | None = None,
    form: Any = None,
) -> PracticeSlot:
    version = response.version
    qtype = get_type(version.type)
    slot = slot_view(response, response.answer, error, form)
    grade = qtype.grade(version.data, response.answer) if response.answer is not None else Grade(0)
    finished = response.finished_at is not None
    module = version.question.module
    source = sources.get(version.question_id)
    return PracticeSlot(
        slot=slot,
        total=len(attempt.responses),
        done_count=sum(1 for r in attempt.responses if r.finished_at is not None),
        checked=response.tries > 0 or finished,
        finished=finished,
        outcome=_outcome(response),
        feedback=grade.feedback,
        your_answer=qtype.describe_answer(version.data, response.answer)
        if response.answer is not None
        else "",
        correct_answer=qtype.describe_key(version.data) if finished else None,
        evidence=list(version.evidence),
        article_slug=module.article.slug if module.article else None,
        module_title=module.title,
        changed_since=source is not None and source != version.id,
        markdown=version.type not in TYPED_ANSWERS,
    )
