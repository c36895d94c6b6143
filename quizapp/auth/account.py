"""A person's own data: one-time password-reset links, a copy of everything kept about a
student, and deleting a student's account. No request objects here."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import selectinload

from quizapp import audit
from quizapp.auth.sessions import end_sessions
from quizapp.extensions import db
from quizapp.models import (
    Attempt,
    Enrollment,
    PasswordReset,
    QuestionVersion,
    Response,
    SchoolClass,
    User,
)
from quizapp.models.users import utcnow

RESET_HOURS = 72  # a teacher may hand the link over at the next lesson
UNUSABLE_PASSWORD = "!"  # never a valid werkzeug hash: no password opens a deleted account


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_reset(
    user: User,
    by: User | None = None,
    school_class: SchoolClass | None = None,
    hours: int = RESET_HOURS,
) -> str:
    """A fresh one-time token for `user`; earlier unused ones stop working. Only a hash is kept."""
    token = secrets.token_urlsafe(32)
    db.session.execute(
        delete(PasswordReset).where(
            PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None)
        )
    )
    expires = utcnow() + timedelta(hours=hours)
    db.session.add(
        PasswordReset(
            user_id=user.id,
            token_hash=_digest(token),
            created_by_id=by.id if by else None,
            expires_at=expires,
        )
    )
    if school_class is not None:
        audit.record(by, "student.reset_link", school_class=school_class, student=user)
    db.session.commit()
    return token


def find_reset(token: str) -> PasswordReset | None:
    """The unused, unexpired reset for this token, or None."""
    if not token or len(token) > 100:
        return None
    reset = db.session.scalar(
        select(PasswordReset).where(PasswordReset.token_hash == _digest(token))
    )
    if reset is None or reset.used_at is not None or reset.expires_at <= utcnow():
        return None
    return None if reset.user.deleted_at is not None else reset


def use_reset(token: str, new_password: str) -> User | None:
    """Set a new password with a reset token, exactly once; None if the token is not valid.

    The conditional UPDATE claims the token, so two submits of the same link set it only once.
    """
    reset = find_reset(token)
    if reset is None:
        return None
    claimed = db.session.execute(
        update(PasswordReset)
        .where(PasswordReset.id == reset.id, PasswordReset.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        db.session.rollback()
        return None
    user = reset.user
    user.set_password(new_password)
    db.session.commit()
    end_sessions(user)  # whoever held the old password is logged out everywhere
    return user


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() + "Z" if moment else None


def personal_data(user: User) -> dict[str, Any]:
    """Everything kept about this person: account, classes, attempts and every response."""
    return {
        "exported_at": _iso(utcnow()),
        "account": {
            "email": user.email,
            "name": user.name,
            "role": user.role,
            "created_at": _iso(user.created_at),
        },
        "classes": [_class_entry(e) for e in _enrollments(user)],
        "attempts": [_attempt_entry(a) for a in _attempts(user)],
    }


def _enrollments(user: User) -> list[Enrollment]:
    return list(
        db.session.scalars(
            select(Enrollment)
            .where(Enrollment.user_id == user.id)
            .options(selectinload(Enrollment.school_class).selectinload(SchoolClass.teacher))
            .order_by(Enrollment.joined_at, Enrollment.id)
        )
    )


def _class_entry(enrollment: Enrollment) -> dict[str, Any]:
    school_class = enrollment.school_class
    return {
        "class": school_class.name,
        "teacher": school_class.teacher.name,
        "joined_at": _iso(enrollment.joined_at),
    }


def _attempts(user: User) -> list[Attempt]:
    return list(
        db.session.scalars(
            select(Attempt)
            .where(Attempt.user_id == user.id)
            .options(
                selectinload(Attempt.module),
                selectinload(Attempt.responses)
                .selectinload(Response.version)
                .selectinload(QuestionVersion.question),
            )
            .order_by(Attempt.started_at, Attempt.id)
        )
    )


def _attempt_entry(attempt: Attempt) -> dict[str, Any]:
    return {
        "module": attempt.module.title,
        "number": attempt.number,
        "state": attempt.state,
        "started_at": _iso(attempt.started_at),
        "submitted_at": _iso(attempt.submitted_at),
        "score": attempt.score,
        "max_score": attempt.max_score,
        "responses": [
            {
                "slot": r.slot,
                "question": r.version.prompt,
                "type": r.version.type,
                "answer": r.answer,
                "credit": r.credit,
                "mark": r.mark,
                "answered_at": _iso(r.answered_at),
            }
            for r in attempt.responses
        ],
    }


def delete_account(user: User) -> None:
    """Erase a student's personal data; their attempts stay, attached to an anonymous account.

    Class statistics stay right because the account row, its class memberships and its responses
    remain; what identified the person (email, name, password, reset links, their name in the
    audit log) is gone, and the account can never log in again.
    """
    if user.is_teacher:
        raise ValueError("teacher accounts own modules and classes; they are not deleted here")
    audit.forget_student(user)
    db.session.execute(delete(PasswordReset).where(PasswordReset.user_id == user.id))
    user.email = f"deleted-{user.id}@deleted.invalid"
    user.name = f"Deleted account {user.id}"
    user.password_hash = UNUSABLE_PASSWORD
    user.deleted_at = utcnow()
    db.session.commit()
    end_sessions(user)
