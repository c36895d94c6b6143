"""A module's quiz settings and a student's override, read as `quiz_rules.Rules`."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Module, QuizOverride, QuizSettings, User
from quizapp.quiz_rules import DEFAULT_RULES, Rules, with_override

RULE_FIELDS = tuple(Rules.__dataclass_fields__)


def rules_from_row(row: QuizSettings | None) -> Rules:
    if row is None:
        return DEFAULT_RULES
    return Rules(**{name: getattr(row, name) for name in RULE_FIELDS})


def settings_row(module: Module) -> QuizSettings | None:
    return db.session.scalar(select(QuizSettings).where(QuizSettings.module_id == module.id))


def module_rules(module: Module) -> Rules:
    return rules_from_row(settings_row(module))


def rules_for(module: Module, user: User) -> Rules:
    """The rules that apply to this student: the module's, with their override on top."""
    return rules_for_ids(module.id, user.id)


def rules_for_ids(module_id: int, user_id: int) -> Rules:
    """`rules_for` by ids (one statement: both rows, either of which may be missing)."""
    row = db.session.execute(
        select(QuizSettings, QuizOverride)
        .select_from(Module)
        .outerjoin(QuizSettings, QuizSettings.module_id == Module.id)
        .outerjoin(
            QuizOverride, (QuizOverride.module_id == Module.id) & (QuizOverride.user_id == user_id)
        )
        .where(Module.id == module_id)
    ).first()
    settings, override = row if row is not None else (None, None)
    rules = rules_from_row(settings)
    if override is None:
        return rules
    return with_override(rules, override.attempts_allowed, override.time_limit_minutes)


def rules_by_module(module_ids: Iterable[int]) -> dict[int, Rules]:
    """Rules for many modules in one query (modules without settings get the defaults)."""
    ids = list(module_ids)
    rows = db.session.scalars(select(QuizSettings).where(QuizSettings.module_id.in_(ids)))
    found = {row.module_id: rules_from_row(row) for row in rows}
    return {module_id: found.get(module_id, DEFAULT_RULES) for module_id in ids}
