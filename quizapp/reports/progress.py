"""One student's progress: per module, the score over attempts and what is still missed.

Three queries whatever the number of attempts: modules, the student's attempts, and the responses
of each module's latest submitted attempt that did not earn full credit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import or_, select

from quizapp.extensions import db
from quizapp.models import Attempt, Module, QuestionVersion, Response
from quizapp.models.attempts import GRADED
from quizapp.question_types import Grade
from quizapp.reports.queries import SUBMITTED, all_modules

FULL = 1 - 1e-9


@dataclass(frozen=True)
class AttemptPoint:
    attempt_id: int
    number: int
    percent: float | None
    submitted_at: datetime | None


@dataclass(frozen=True)
class MissedQuestion:
    attempt_id: int
    slot: int
    prompt: str
    outcome: str  # partial | incorrect | unanswered


@dataclass
class ModuleProgress:
    module: Module
    points: list[AttemptPoint] = field(default_factory=list)  # submitted, oldest first
    in_progress: int | None = None  # id of an open attempt
    missed: list[MissedQuestion] = field(default_factory=list)

    @property
    def best(self) -> float | None:
        scores = [p.percent for p in self.points if p.percent is not None]
        return max(scores) if scores else None

    @property
    def latest(self) -> float | None:
        return self.points[-1].percent if self.points else None

    @property
    def status(self) -> str:
        if self.points:
            return "done"
        return "in-progress" if self.in_progress else "not-started"


def student_progress(user_id: int, modules: list[Module] | None = None) -> list[ModuleProgress]:
    """The report for every module (or `modules`), in module order."""
    modules = all_modules() if modules is None else modules
    report = {m.id: ModuleProgress(m) for m in modules}
    attempts = db.session.scalars(
        select(Attempt)
        .where(
            Attempt.user_id == user_id,
            Attempt.module_id.in_(list(report)),
            Attempt.mode == GRADED,
        )
        .order_by(Attempt.number, Attempt.id)
    )
    for attempt in attempts:
        progress = report[attempt.module_id]
        if attempt.state == SUBMITTED:
            progress.points.append(
                AttemptPoint(attempt.id, attempt.number, attempt.percent, attempt.submitted_at)
            )
        else:
            progress.in_progress = attempt.id
    latest = {p.points[-1].attempt_id: p for p in report.values() if p.points}
    for missed_attempt, missed in _missed(list(latest)):
        latest[missed_attempt].missed.append(missed)
    return list(report.values())


def _missed(attempt_ids: list[int]) -> list[tuple[int, MissedQuestion]]:
    """Responses without full credit in these attempts, in slot order."""
    if not attempt_ids:
        return []
    rows = db.session.execute(
        select(Response.attempt_id, Response.slot, Response.credit, Response.answer)
        .add_columns(QuestionVersion.prompt)
        .join(QuestionVersion, QuestionVersion.id == Response.version_id)
        .where(
            Response.attempt_id.in_(attempt_ids),
            or_(Response.credit.is_(None), Response.credit < FULL),
        )
        .order_by(Response.attempt_id, Response.slot)
    )
    return [
        (
            attempt_id,
            MissedQuestion(
                attempt_id,
                slot,
                prompt,
                "unanswered" if answer is None else Grade(credit or 0.0).outcome,
            ),
        )
        for attempt_id, slot, credit, answer, prompt in rows
    ]
