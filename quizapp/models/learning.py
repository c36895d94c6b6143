"""Quiz settings per module, per-student overrides, and spaced-review cards."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, String, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.extensions import db
from quizapp.models.content import Module
from quizapp.models.users import User, utcnow

GRADING_METHODS = ("highest", "average", "first", "last")
REVIEW_OPTIONS = ("score", "outcomes", "full")  # what a graded review shows after submission


class QuizSettings(db.Model):
    """How a module's graded quiz runs. A module without a row uses the defaults below."""

    __tablename__ = "quiz_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id"), unique=True)
    attempts_allowed: Mapped[int | None] = mapped_column(Integer)  # None = unlimited
    grading_method: Mapped[str] = mapped_column(String(16), default="highest")
    time_limit_minutes: Mapped[int | None] = mapped_column(Integer)
    open_at: Mapped[datetime | None] = mapped_column()
    close_at: Mapped[datetime | None] = mapped_column()
    shuffle_questions: Mapped[bool] = mapped_column(Boolean, default=False)
    shuffle_choices: Mapped[bool] = mapped_column(Boolean, default=True)
    draw_count: Mapped[int | None] = mapped_column(Integer)  # None = every question
    review_shows: Mapped[str] = mapped_column(String(16), default="full")
    practice_enabled: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    practice_tries: Mapped[int] = mapped_column(Integer, default=3)
    practice_penalty: Mapped[float] = mapped_column(Float, default=1 / 3)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    module: Mapped[Module] = relationship()


class QuizOverride(db.Model):
    """One student's exception to a module's settings (more attempts, more time)."""

    __tablename__ = "quiz_overrides"
    __table_args__ = (UniqueConstraint("module_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    attempts_allowed: Mapped[int | None] = mapped_column(Integer)
    time_limit_minutes: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    module: Mapped[Module] = relationship()
    user: Mapped[User] = relationship()


class ReviewCard(db.Model):
    """A student's memory of one question, scheduled by FSRS (state kept as fsrs's dict)."""

    __tablename__ = "review_cards"
    __table_args__ = (UniqueConstraint("user_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"), index=True)
    state: Mapped[dict[str, Any]] = mapped_column(JSON)
    due: Mapped[datetime] = mapped_column(index=True)
    reviews: Mapped[int] = mapped_column(Integer, default=0)
    last_outcome: Mapped[str] = mapped_column(String(16), default="")
    last_reviewed_at: Mapped[datetime | None] = mapped_column()
