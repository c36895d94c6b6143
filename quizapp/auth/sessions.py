"""Starting and ending login sessions on the server. No request objects here."""

from __future__ import annotations

import secrets

from sqlalchemy import delete, func, select

from quizapp.extensions import db
from quizapp.models import LoginSession, User
from quizapp.models.sessions import session_lifetime, token_hash
from quizapp.models.users import utcnow


def start_session(user: User) -> str:
    """A new session for `user` (its token goes into the cookie via User.get_id)."""
    token = secrets.token_urlsafe(32)
    # Sessions past their lifetime no longer work; drop this user's old rows as we go.
    db.session.execute(
        delete(LoginSession).where(
            LoginSession.user_id == user.id,
            LoginSession.created_at <= utcnow() - session_lifetime(),
        )
    )
    db.session.add(LoginSession(user_id=user.id, token_hash=token_hash(token)))
    db.session.commit()
    user.session_token = token
    return token


def end_session(token: str | None) -> None:
    """End one session: its cookie, and every copy of it, stops working."""
    if token:
        db.session.execute(delete(LoginSession).where(LoginSession.token_hash == token_hash(token)))
        db.session.commit()


def end_sessions(user: User, keep: str | None = None) -> int:
    """End every session of `user` but `keep`; how many were ended."""
    stmt = delete(LoginSession).where(LoginSession.user_id == user.id)
    if keep:
        stmt = stmt.where(LoginSession.token_hash != token_hash(keep))
    ended = db.session.execute(stmt).rowcount
    db.session.commit()
    return ended


def live_sessions(user: User) -> int:
    """How many browsers or devices `user` is logged in on."""
    return db.session.scalar(
        select(func.count(LoginSession.id)).where(
            LoginSession.user_id == user.id,
            LoginSession.created_at > utcnow() - session_lifetime(),
        )
    )
