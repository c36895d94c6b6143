"""Account look-ups and registration, free of request objects."""

from __future__ import annotations

from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import User


def find_user(email: str | None) -> User | None:
    if not email:
        return None
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def register_student(name: str, email: str, password: str) -> User:
    """Self-registration only ever creates students."""
    user = User(name=name.strip(), email=email.strip().lower(), role="student")
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


def authenticate(email: str, password: str) -> User | None:
    user = find_user(email)
    return user if user is not None and user.check_password(password) else None


def change_password(user: User, current: str, new: str) -> bool:
    """Set a new password when the current one is right; False (and nothing changed) otherwise."""
    if not user.check_password(current):
        return False
    user.set_password(new)
    db.session.commit()
    return True
