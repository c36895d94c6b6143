"""Shared query pieces for reports: who is in scope, modules, latest attempts. No requests here.

Every report takes a `Scope`: the students of one class, or every student. Scopes are SQL
subqueries, so a report filters by them inside its one aggregate query instead of looping.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.sql.elements import ColumnElement

from quizapp.extensions import db
from quizapp.models import Attempt, Enrollment, Module, User
from quizapp.models.attempts import GRADED

SUBMITTED = "submitted"


@dataclass(frozen=True)
class Scope:
    """The students a report covers: one class (`class_id`), every student, or one user."""

    class_id: int | None = None
    user_id: int | None = None

    @property
    def label(self) -> str:
        if self.user_id is not None:
            return "one student"
        return "every student" if self.class_id is None else f"class {self.class_id}"


def student_ids(scope: Scope) -> Select:
    """SELECT of the user ids in scope, for `IN (...)` filters."""
    if scope.user_id is not None:
        return select(User.id).where(User.id == scope.user_id)
    if scope.class_id is not None:
        return select(Enrollment.user_id).where(Enrollment.class_id == scope.class_id)
    return select(User.id).where(User.role == "student")


def all_modules() -> list[Module]:
    return list(db.session.scalars(select(Module).order_by(Module.position, Module.id)))


def module_by_slug(slug: str) -> Module | None:
    return db.session.scalar(select(Module).where(Module.slug == slug))


def percent_expr(attempt: Any = Attempt) -> ColumnElement:
    """An attempt's score as a percentage, computed like `Attempt.percent` (NULL when no max).
    `attempt` may be an alias of Attempt."""
    return case((attempt.max_score > 0, 100.0 * attempt.score / attempt.max_score), else_=None)


def latest_attempts(scope: Scope, module_ids: list[int] | None = None):
    """Subquery (user_id, module_id, number) of each student's latest submitted attempt."""
    stmt = select(
        Attempt.user_id, Attempt.module_id, func.max(Attempt.number).label("number")
    ).where(
        Attempt.state == SUBMITTED,
        Attempt.mode == GRADED,
        Attempt.user_id.in_(student_ids(scope)),
    )
    if module_ids is not None:
        stmt = stmt.where(Attempt.module_id.in_(module_ids))
    return stmt.group_by(Attempt.user_id, Attempt.module_id).subquery("latest")


def join_latest(stmt: Select, latest) -> Select:
    """Restrict a SELECT that includes `Attempt` to the attempts in `latest`."""
    return stmt.join(
        latest,
        and_(
            latest.c.user_id == Attempt.user_id,
            latest.c.module_id == Attempt.module_id,
            latest.c.number == Attempt.number,
        ),
    )
