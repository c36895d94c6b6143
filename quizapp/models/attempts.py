"""Attempts and their responses, one row per question asked."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.extensions import db
from quizapp.models.content import Module, QuestionVersion
from quizapp.models.users import User, utcnow

GRADED, PRACTICE, REVIEW = "graded", "practice", "review"
IN_PROGRESS, SUBMITTED = "in_progress", "submitted"


class Attempt(db.Model):
    __tablename__ = "attempts"
    # Every report and progress query picks a student's attempts at a module by mode and state,
    # then reads number and score: this index answers them without touching the table.
    __table_args__ = (
        Index(
            "ix_attempts_user_module",
            "user_id", "module_id", "mode", "state", "number", "score", "max_score",
        ),
    )  # fmt: skip

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # None only for a spaced-review session, whose questions come from several modules.
    module_id: Mapped[int | None] = mapped_column(ForeignKey("modules.id"), index=True)
    number: Mapped[int] = mapped_column(Integer, default=1)  # 1 = the student's first attempt
    state: Mapped[str] = mapped_column(String(16), default="in_progress")  # or "submitted"
    # "graded" counts in grades and reports; "practice" and "review" never do.
    mode: Mapped[str] = mapped_column(String(16), default=GRADED, server_default=GRADED)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    due_at: Mapped[datetime | None] = mapped_column()  # time limit or close date, if any
    # For "retry my mistakes": the graded attempt whose misses this practice repeats.
    source_attempt_id: Mapped[int | None] = mapped_column(ForeignKey("attempts.id"))
    submitted_at: Mapped[datetime | None] = mapped_column()
    score: Mapped[float | None] = mapped_column(Float)  # marks obtained
    max_score: Mapped[float] = mapped_column(Float, default=0.0)

    user: Mapped[User] = relationship()
    module: Mapped[Module | None] = relationship()
    responses: Mapped[list[Response]] = relationship(
        back_populates="attempt", order_by="Response.slot", cascade="all, delete-orphan"
    )

    @property
    def is_submitted(self) -> bool:
        return self.state == "submitted"

    @property
    def is_graded(self) -> bool:
        return self.mode == GRADED

    @property
    def percent(self) -> float | None:
        if self.score is None or not self.max_score:
            return None
        return 100.0 * self.score / self.max_score


class Response(db.Model):
    """What was asked in one slot of an attempt and, once answered, the answer and its mark."""

    __tablename__ = "responses"
    __table_args__ = (UniqueConstraint("attempt_id", "slot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id"), index=True)
    slot: Mapped[int] = mapped_column(Integer)
    version_id: Mapped[int] = mapped_column(ForeignKey("question_versions.id"), index=True)
    layout: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # display order chosen
    answer: Mapped[Any | None] = mapped_column(JSON)
    credit: Mapped[float | None] = mapped_column(Float)  # fraction of the question's points
    mark: Mapped[float | None] = mapped_column(Float)
    answered_at: Mapped[datetime | None] = mapped_column()
    # Practice and review: checks made so far, and when the question was done with.
    tries: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    finished_at: Mapped[datetime | None] = mapped_column()

    attempt: Mapped[Attempt] = relationship(back_populates="responses")
    version: Mapped[QuestionVersion] = relationship()
