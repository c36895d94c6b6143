"""Accounts."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_login import UserMixin
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from quizapp.extensions import db

ROLES = ("student", "teacher")
TOKEN_PREFIX = "s:"  # what Flask-Login stores is a session token, never a bare user id


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="student")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set when a student deletes their account: personal data is gone, attempts stay anonymous.
    deleted_at: Mapped[datetime | None] = mapped_column()

    session_token = None  # the login session this request belongs to (set when it is loaded)

    def get_id(self) -> str:
        """What Flask-Login keeps in the cookies: the login session, which the server can end."""
        return f"{TOKEN_PREFIX}{self.session_token}" if self.session_token else ""

    def __eq__(self, other: object) -> bool:
        # UserMixin compares get_id(), which is now per session: compare accounts instead.
        if not isinstance(other, User):
            return NotImplemented
        return self is other or (self.id is not None and self.id == other.id)

    __hash__ = object.__hash__

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_teacher(self) -> bool:
        return self.role == "teacher"

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"
