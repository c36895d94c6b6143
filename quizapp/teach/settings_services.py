"""Saving a module's quiz settings and students' overrides."""

from __future__ import annotations

from dataclasses import asdict

from sqlalchemy import select

from quizapp import audit
from quizapp.extensions import db
from quizapp.learn.quiz_settings import RULE_FIELDS, module_rules, settings_row
from quizapp.models import Enrollment, Module, QuizOverride, QuizSettings, SchoolClass, User

SETTING_FIELDS = RULE_FIELDS


def settings_for_form(module: Module) -> dict:
    """The module's settings as form data (the defaults when it has none yet)."""
    values = asdict(module_rules(module))
    values["practice_penalty_percent"] = round(100 * values.pop("practice_penalty"), 1)
    return values


def save_settings(module: Module, values: dict, by: User | None = None) -> None:
    row = settings_row(module)
    if row is None:
        row = QuizSettings(module_id=module.id)
        db.session.add(row)
    for name in SETTING_FIELDS:
        setattr(row, name, values[name])
    chosen = {name: values[name] for name in SETTING_FIELDS}
    audit.record(by, "module.settings", module=module, settings=chosen)
    db.session.commit()


def teacher_students(teacher: User) -> list[User]:
    """Students enrolled in any of this teacher's classes, by name."""
    stmt = (
        select(User)
        .join(Enrollment, Enrollment.user_id == User.id)
        .join(SchoolClass, SchoolClass.id == Enrollment.class_id)
        .where(SchoolClass.teacher_id == teacher.id)
        .distinct()
        .order_by(User.name, User.email)
    )
    return list(db.session.scalars(stmt))


def overrides(module: Module, students: list[User]) -> list[QuizOverride]:
    """The overrides on this module for the given students (a teacher sees their own only)."""
    ids = [s.id for s in students]
    stmt = (
        select(QuizOverride)
        .where(QuizOverride.module_id == module.id, QuizOverride.user_id.in_(ids))
        .order_by(QuizOverride.id)
    )
    return list(db.session.scalars(stmt))


def set_override(
    module: Module,
    student: User,
    attempts_allowed: int | None,
    time_limit_minutes: int | None,
    by: User | None = None,
) -> QuizOverride:
    row = db.session.scalar(
        select(QuizOverride).where(
            QuizOverride.module_id == module.id, QuizOverride.user_id == student.id
        )
    )
    if row is None:
        row = QuizOverride(module_id=module.id, user_id=student.id)
        db.session.add(row)
    row.attempts_allowed, row.time_limit_minutes = attempts_allowed, time_limit_minutes
    audit.record(by, "module.override", module=module, student=student, attempts=attempts_allowed)
    db.session.commit()
    return row


def delete_override(override: QuizOverride, by: User | None = None) -> None:
    student, module = (
        db.session.get(User, override.user_id),
        db.session.get(Module, override.module_id),
    )
    audit.record(by, "module.override_removed", module=module, student=student)
    db.session.delete(override)
    db.session.commit()
