"""Login sessions kept on the server, so that logging out really ends them.

The browser's signed cookie (and the remember-me cookie) only carries a random token; the row
here is what makes it valid. Deleting the row ends the session on every server at once, even for
a copy of the cookie taken before.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import ForeignKey, String, bindparam, select
from sqlalchemy.orm import Mapped, mapped_column

from quizapp.extensions import db, login_manager
from quizapp.models.users import TOKEN_PREFIX, User, utcnow


class LoginSession(db.Model):
    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # sha256 of the token: a copy of the database alone does not let anyone in.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# Every request of a logged-in user runs this: built once, bound per request.
_SESSION_USER = (
    select(User)
    .join(LoginSession, LoginSession.user_id == User.id)
    .where(LoginSession.token_hash == bindparam("token_hash"))
    .where(LoginSession.created_at > bindparam("since"))
    .where(User.deleted_at.is_(None))  # a deleted account never comes back
)


def user_for_token(token: str) -> User | None:
    """The user whose live session this token names (one query, as a plain user look-up)."""
    row = db.session.execute(
        _SESSION_USER,
        {"token_hash": token_hash(token), "since": utcnow() - session_lifetime()},
    ).first()
    if row is None:
        return None
    user = row[0]
    user.session_token = token
    return user


def session_lifetime() -> timedelta:
    """A session row outlives neither the remember-me cookie nor this setting."""
    return current_app.config["LOGIN_SESSION_LIFETIME"]


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """Flask-Login stores the session token (User.get_id) in the cookie; a bare user id from
    before server-side sessions, or a token whose row was deleted, is nobody."""
    if not session_id.startswith(TOKEN_PREFIX):
        return None
    return user_for_token(session_id[len(TOKEN_PREFIX) :])
