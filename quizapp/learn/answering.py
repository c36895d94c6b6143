"""Reading, saving and grading a graded attempt's answers, on plain rows. No request objects.

A submit is the heaviest request a class sends, all at the end of a lesson. It reads the slots in
one statement (`attempt_rows.attempt_page`), grades them in Python (`quizapp.grading`, pure), and
writes in two: the attempt is claimed with its score by one conditional UPDATE, which also locks
it, then every slot's answer and mark by one executemany UPDATE. No ORM object is loaded, so
nothing has to be flushed, expired or loaded again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, bindparam, case, update

from quizapp.events import attempt_submitted
from quizapp.extensions import db
from quizapp.grading import Asked, grade_attempt
from quizapp.learn.attempt_rows import Slot
from quizapp.learn.cards import record_answers
from quizapp.models import Attempt, Response
from quizapp.models.attempts import GRADED, IN_PROGRESS, SUBMITTED
from quizapp.models.users import utcnow
from quizapp.question_types import ResponseError, get_type


@dataclass(frozen=True)
class Submitted:
    """What `attempt_submitted` listeners get: the attempt just graded and committed."""

    id: int
    user_id: int
    module_id: int | None
    mode: str = GRADED

    @property
    def is_graded(self) -> bool:
        return self.mode == GRADED


def read_slot_answers(slots: Sequence[Slot], form: Any) -> tuple[dict[int, Any], dict[int, str]]:
    """Answers by slot, and a message by slot for each answer that could not be read."""
    answers, errors = {}, {}
    for s in slots:
        try:
            answers[s.slot] = get_type(s.type).read_response(s.data, s.layout, form, f"q{s.slot}")
        except ResponseError as exc:
            errors[s.slot] = str(exc)
    return answers, errors


_LOCK = (
    update(Attempt)
    .where(Attempt.id == bindparam("attempt_id"), Attempt.state == IN_PROGRESS)
    .values(state=IN_PROGRESS)
    .execution_options(synchronize_session=False)
)
_CLAIM = (
    update(Attempt)
    .where(Attempt.id == bindparam("attempt_id"), Attempt.state == IN_PROGRESS)
    .values(
        state=SUBMITTED,
        submitted_at=bindparam("at"),
        score=bindparam("score"),
        max_score=bindparam("max_score"),
    )
    .execution_options(synchronize_session=False)
)
_responses = Response.__table__
_SAVE = (
    update(_responses)
    .where(_responses.c.attempt_id == bindparam("a_id"), _responses.c.slot == bindparam("s"))
    .values(answer=bindparam("new_answer", type_=JSON), answered_at=bindparam("at"))
)
_MARK = (
    update(_responses)
    .where(_responses.c.attempt_id == bindparam("a_id"), _responses.c.slot == bindparam("s"))
    .values(
        # an answer sent with the submit replaces the saved one; a saved one is left as it is
        answer=case(
            (bindparam("changed"), bindparam("new_answer", type_=JSON)),
            else_=_responses.c.answer,
        ),
        answered_at=case((bindparam("changed"), bindparam("at")), else_=_responses.c.answered_at),
        credit=bindparam("new_credit"),
        mark=bindparam("new_mark"),
    )
)


def store_answers(
    attempt_id: int, slots: Sequence[Slot], answers: dict[int, Any], commit: bool = True
) -> bool:
    """Store answers without grading (progress is never lost, even when a field is invalid).

    The attempt row is locked first, if it is still open (a no-op UPDATE: portable, unlike
    SELECT ... FOR UPDATE on SQLite): a submit another worker or server finished a moment ago is
    never overwritten (False, nothing written), and two requests for one attempt queue on that
    row instead of deadlocking on its responses (PostgreSQL).
    """
    if db.session.execute(_LOCK, {"attempt_id": attempt_id}).rowcount != 1:
        db.session.rollback()
        return False
    now = utcnow()
    changed = [
        {"a_id": attempt_id, "s": s.slot, "new_answer": answers[s.slot], "at": now}
        for s in slots
        if s.slot in answers and answers[s.slot] != s.answer
    ]
    if changed:
        db.session.execute(_SAVE, changed)
    if commit:
        db.session.commit()
    return True


def close_attempt(
    attempt: Submitted, slots: Sequence[Slot], answers: dict[int, Any], at: datetime | None = None
) -> bool:
    """Grade and close the attempt exactly once, with `answers` over what was saved. False when
    it was already submitted (nothing written).

    The conditional UPDATE is the one place an attempt closes: whichever request gets there
    first grades it, a racing second one changes nothing.
    """
    closed_at = at or utcnow()
    final = {s.slot: answers.get(s.slot, s.answer) for s in slots}
    result = grade_attempt(Asked(s.type, s.data, s.points, final[s.slot]) for s in slots)
    claim = {
        "attempt_id": attempt.id,
        "at": closed_at,
        "score": result.score,
        "max_score": result.max_score,
    }
    if db.session.execute(_CLAIM, claim).rowcount != 1:
        db.session.rollback()
        return False
    now = utcnow()
    marks = [
        {
            "a_id": attempt.id,
            "s": s.slot,
            "new_answer": final[s.slot],
            "changed": final[s.slot] != s.answer,
            "at": now,
            "new_credit": marked.grade.credit,
            "new_mark": marked.mark,
        }
        for s, marked in zip(slots, result.marked, strict=True)
    ]
    if marks:
        db.session.execute(_MARK, marks)
    db.session.commit()
    answered = [
        (s.question_id, m.grade.credit)
        for s, m in zip(slots, result.marked, strict=True)
        if final[s.slot] is not None
    ]
    record_answers(attempt.user_id, answered, closed_at)  # own transaction: never undoes a grade
    attempt_submitted.send(attempt)
    return True
