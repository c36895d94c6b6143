"""Signing a user in: a server-side session row, and its token in the cookie.

Shared by the login form and LTI launches, so every way in makes a session that logout,
a password change and "log out everywhere" can end.
"""

from __future__ import annotations

from flask_login import current_user, login_user

from quizapp.auth.sessions import end_session, start_session
from quizapp.models import User


def log_in(user: User, remember: bool = False) -> None:
    """Open a server-side session for `user` and put its token in the cookie."""
    start_session(user)
    login_user(user, remember=remember)


def end_current_session() -> None:
    """End the session this browser holds, if any (before another user signs in on it)."""
    if current_user.is_authenticated:
        end_session(getattr(current_user, "session_token", None))
