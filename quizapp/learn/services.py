"""Starting, saving and submitting attempts; progress summaries. No request objects here."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from quizapp.extensions import db
from quizapp.grading import Asked, grade_attempt
from quizapp.models import Attempt, Evidence, Module, Question, QuestionVersion, Response
from quizapp.models.users import User, utcnow
from quizapp.question_types import ResponseError, get_type


def field_name(response: Response) -> str:
    return f"q{response.slot}"


def current_versions(module: Module) -> list[QuestionVersion]:
    """The versions a new attempt asks: current, not retired, in module order."""
    stmt = (
        select(QuestionVersion)
        .join(Question)
        .where(
            Question.module_id == module.id,
            Question.retired.is_(False),
            QuestionVersion.is_current.is_(True),
        )
        .order_by(Question.position, Question.id)
    )
    return list(db.session.scalars(stmt))


def open_attempt(user: User, module: Module) -> Attempt | None:
    return db.session.scalar(
        select(Attempt).where(
            Attempt.user_id == user.id,
            Attempt.module_id == module.id,
            Attempt.state == "in_progress",
        )
    )


def start_attempt(user: User, module: Module) -> Attempt:
    """Resume the unfinished attempt, or start a new one that fixes the versions asked."""
    existing = open_attempt(user, module)
    if existing is not None:
        return existing
    versions = current_versions(module)
    number = 1 + (
        db.session.scalar(
            select(func.count(Attempt.id)).where(
                Attempt.user_id == user.id, Attempt.module_id == module.id
            )
        )
        or 0
    )
    attempt = Attempt(
        user=user, module=module, number=number, max_score=sum(v.points for v in versions)
    )
    db.session.add(attempt)
    db.session.flush()
    rng = random.Random(f"{attempt.id}:{user.id}")
    attempt.responses = [
        Response(slot=slot, version=v, layout=get_type(v.type).layout(v.data, rng))
        for slot, v in enumerate(versions, start=1)
    ]
    db.session.commit()
    return attempt


def load_attempt(attempt_id: int) -> Attempt | None:
    return db.session.scalar(
        select(Attempt)
        .where(Attempt.id == attempt_id)
        .options(
            selectinload(Attempt.responses)
            .selectinload(Response.version)
            .selectinload(QuestionVersion.evidence)
            .selectinload(Evidence.passage),
            selectinload(Attempt.responses)
            .selectinload(Response.version)
            .selectinload(QuestionVersion.question),
            selectinload(Attempt.module),
        )
    )


def read_answers(attempt: Attempt, form: Any) -> tuple[dict[int, Any], dict[int, str]]:
    """Answers by slot, and a message by slot for each answer that could not be read."""
    answers, errors = {}, {}
    for response in attempt.responses:
        qtype = get_type(response.version.type)
        try:
            answers[response.slot] = qtype.read_response(
                response.version.data, response.layout, form, field_name(response)
            )
        except ResponseError as exc:
            errors[response.slot] = str(exc)
    return answers, errors


def save_answers(attempt: Attempt, answers: dict[int, Any]) -> None:
    """Store answers without grading (progress is never lost, even when a field is invalid)."""
    if attempt.is_submitted:
        return
    now = utcnow()
    for response in attempt.responses:
        if response.slot in answers and answers[response.slot] != response.answer:
            response.answer = answers[response.slot]
            response.answered_at = now
    db.session.commit()


def submit_attempt(attempt: Attempt, answers: dict[int, Any]) -> bool:
    """Grade and close the attempt exactly once. False when it was already submitted."""
    claimed = db.session.execute(
        update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.state == "in_progress")
        .values(state="submitted", submitted_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        db.session.rollback()
        return False
    for response in attempt.responses:
        if response.slot in answers:
            response.answer = answers[response.slot]
    result = grade_attempt(
        Asked(r.version.type, r.version.data, r.version.points, r.answer) for r in attempt.responses
    )
    for response, marked in zip(attempt.responses, result.marked, strict=True):
        response.credit = marked.grade.credit
        response.mark = marked.mark
    attempt.score = result.score
    attempt.max_score = result.max_score
    db.session.commit()
    db.session.refresh(attempt)
    return True


@dataclass
class ModuleProgress:
    module: Module
    question_count: int
    attempts: int
    best: float | None
    latest: float | None
    in_progress: Attempt | None


def module_progress(user: User) -> list[ModuleProgress]:
    """Per module: questions, submitted attempts, best and latest percentage (3 queries)."""
    modules = list(db.session.scalars(select(Module).order_by(Module.position, Module.id)))
    counts = dict(
        db.session.execute(
            select(Question.module_id, func.count(Question.id))
            .where(Question.retired.is_(False))
            .group_by(Question.module_id)
        ).all()
    )
    attempts = list(
        db.session.scalars(select(Attempt).where(Attempt.user_id == user.id).order_by(Attempt.id))
    )
    progress = []
    for module in modules:
        if not counts.get(module.id):
            continue  # a module a teacher has only just created: nothing to take yet
        mine = [a for a in attempts if a.module_id == module.id]
        done = [a.percent for a in mine if a.is_submitted and a.percent is not None]
        progress.append(
            ModuleProgress(
                module=module,
                question_count=counts.get(module.id, 0),
                attempts=len(done),
                best=max(done) if done else None,
                latest=done[-1] if done else None,
                in_progress=next((a for a in mine if not a.is_submitted), None),
            )
        )
    return progress


def attempt_history(user: User) -> list[Attempt]:
    return list(
        db.session.scalars(
            select(Attempt)
            .where(Attempt.user_id == user.id)
            .options(selectinload(Attempt.module))
            .order_by(Attempt.started_at.desc(), Attempt.id.desc())
        )
    )
