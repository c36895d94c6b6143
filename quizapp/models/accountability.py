"""The teachers' audit log and one-time password-reset links."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.extensions import db
from quizapp.models.users import User, utcnow


class AuditEntry(db.Model):
    """One change to what students are graded on: who, when, what, and on which module or class.

    `class_id` and `subject_id` are plain integers, not foreign keys: the log outlives a deleted
    class, and a deleted student's entries are scrubbed rather than removed.
    """

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: command line
    action: Mapped[str] = mapped_column(String(40))
    module_id: Mapped[int | None] = mapped_column(ForeignKey("modules.id"), index=True)
    class_id: Mapped[int | None] = mapped_column(Integer, index=True)
    subject_id: Mapped[int | None] = mapped_column(Integer, index=True)  # the student concerned
    summary: Mapped[str] = mapped_column(String(300))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    actor: Mapped[User | None] = relationship()


class PasswordReset(db.Model):
    """A one-time link to choose a new password; only a hash of its token is stored."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column()

    user: Mapped[User] = relationship(foreign_keys=[user_id])
