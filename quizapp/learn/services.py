"""Starting, saving and submitting attempts; progress summaries. No request objects here."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, inspect, select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from quizapp.extensions import db
from quizapp.learn.answering import (
    Submitted,
    close_attempt,
)
from quizapp.learn.attempt_rows import AttemptHead, Slot
from quizapp.learn.quiz_settings import rules_by_module, rules_for
from quizapp.models import (
    Article,
    Attempt,
    Evidence,
    Module,
    Question,
    QuestionVersion,
    Response,
)
from quizapp.models.attempts import GRADED
from quizapp.models.users import User, utcnow
from quizapp.question_types import get_type
from quizapp.quiz_rules import (
    GRADING_METHODS,
    Rules,
    choose_questions,
    deadline,
    final_grade,
    is_overdue,
    why_not_start,
)


def field_name(response: Response) -> str:
    return f"q{response.slot}"


def current_versions(module: Module) -> list[QuestionVersion]:
    """The versions a new attempt asks: current, not retired, in module order."""
    stmt = (
        select(QuestionVersion)
        .join(Question)
        .where(
            Question.module_id == module.id,
            Question.retired.is_(False),
            QuestionVersion.is_current.is_(True),
        )
        .order_by(Question.position, Question.id)
    )
    return list(db.session.scalars(stmt))


class QuizUnavailable(Exception):
    """A graded attempt may not start (not open yet, closed, or no attempts left)."""


def graded_attempts_made(user: User, module: Module) -> int:
    return graded_attempt_count(user.id, module.id)


def graded_attempt_count(user_id: int, module_id: int) -> int:
    return (
        db.session.scalar(
            select(func.count(Attempt.id)).where(
                Attempt.user_id == user_id, Attempt.module_id == module_id, Attempt.mode == GRADED
            )
        )
        or 0
    )


def open_attempt(user: User, module: Module, mode: str = GRADED) -> Attempt | None:
    return db.session.scalar(
        select(Attempt)
        .where(
            Attempt.user_id == user.id,
            Attempt.module_id == module.id,
            Attempt.state == "in_progress",
            Attempt.mode == mode,
        )
        .order_by(Attempt.id.desc())
        .limit(1)
    )


def start_attempt(user: User, module: Module, now: datetime | None = None) -> Attempt:
    """Resume the unfinished graded attempt, or start one that fixes the questions asked.

    Raises QuizUnavailable when the module's rules (dates, attempts allowed) refuse a new one,
    or when it has no questions yet.
    """
    now = now or utcnow()
    existing = open_attempt(user, module)
    if existing is not None and not close_if_overdue(existing, now):
        return existing
    rules = rules_for(module, user)
    made = graded_attempts_made(user, module)
    reason = why_not_start(rules, made, now)
    if reason:
        raise QuizUnavailable(reason)
    available = current_versions(module)
    if not available:
        raise QuizUnavailable(NO_QUESTIONS)
    attempt = Attempt(
        user_id=user.id,
        module_id=module.id,
        number=made + 1,
        started_at=now,
        due_at=deadline(rules, now),
    )
    db.session.add(attempt)
    db.session.flush()
    rng = random.Random(f"{attempt.id}:{user.id}")
    versions = choose_questions(available, rules, rng)
    fill_slots(attempt, versions, rng, shuffle_choices=rules.shuffle_choices)
    db.session.commit()
    return attempt


NO_QUESTIONS = "This module has no questions yet."


def id_of(attempt: Attempt) -> int:
    """The attempt's id without loading it again: a commit expires every attribute (reading
    one reloads the row), but the identity key stays."""
    return inspect(attempt).identity[0]


def fill_slots(
    attempt: Attempt, versions: list[QuestionVersion], rng: random.Random, shuffle_choices=True
) -> None:
    """One response row per question asked, with its display order fixed for this attempt.

    One bulk INSERT (no ORM objects: a start writes a dozen rows and reads none of them back);
    `attempt.responses` loads them when something asks.
    """
    attempt.max_score = sum(v.points for v in versions)
    rows = [
        {
            "attempt_id": attempt.id,
            "slot": slot,
            "version_id": v.id,
            "layout": get_type(v.type).layout(_shuffle(v, shuffle_choices), rng),
        }
        for slot, v in enumerate(versions, start=1)
    ]
    if rows:
        db.session.execute(insert(Response), rows)


def _shuffle(version: QuestionVersion, shuffle_choices: bool) -> dict[str, Any]:
    return version.data if shuffle_choices else {**version.data, "shuffle": False}


def close_if_overdue(attempt: Attempt, now: datetime | None = None) -> bool:
    """Close an attempt past its time with what was saved. True when it is (now) closed."""
    if attempt.is_submitted:
        return True
    if not is_overdue(attempt.due_at, now or utcnow()):
        return False
    submit_attempt(attempt, {}, at=attempt.due_at)
    return True


def load_attempt(attempt_id: int) -> Attempt | None:
    """The attempt with what all of its pages use: module, article slug, slots and the versions
    asked (2 statements, whatever the number of questions). Evidence only where it is shown:
    `load_evidence`."""
    return db.session.scalar(
        select(Attempt)
        .where(Attempt.id == attempt_id)
        .options(
            joinedload(Attempt.module).joinedload(Module.article).load_only(Article.slug),
            selectinload(Attempt.responses).joinedload(Response.version),
        )
    )


def load_evidence(attempt: Attempt) -> None:
    """Every asked version's evidence with its passage, in one statement (the review shows
    them; the quiz page and a submit never read them)."""
    versions = {r.version_id: r.version for r in attempt.responses}
    found: dict[int, list[Evidence]] = {version_id: [] for version_id in versions}
    rows = db.session.scalars(
        select(Evidence)
        .where(Evidence.version_id.in_(list(versions)))
        .options(joinedload(Evidence.passage))
        .order_by(Evidence.id)
    )
    for evidence in rows:
        found[evidence.version_id].append(evidence)
    for version_id, version in versions.items():
        set_committed_value(version, "evidence", found[version_id])


def slots_of(attempt: Attempt) -> list[Slot]:
    """The slots of an attempt loaded as ORM objects, as the answering functions take them."""
    return [
        Slot(
            r.slot,
            r.version.question_id,
            r.version.type,
            r.version.data,
            r.version.points,
            r.layout,
            r.answer,
        )
        for r in attempt.responses
    ]


def submitted_view(attempt: Attempt | AttemptHead) -> Submitted:
    return Submitted(attempt.id, attempt.user_id, attempt.module_id, attempt.mode)


def submit_attempt(attempt: Attempt, answers: dict[int, Any], at: datetime | None = None) -> bool:
    """Grade and close the attempt exactly once (`answering.close_attempt`). False when it was
    already submitted. The attempt's rows are reloaded when next read."""
    return close_attempt(submitted_view(attempt), slots_of(attempt), answers, at)


@dataclass
class ModuleProgress:
    module: Module
    question_count: int
    attempts: int
    grade: float | None  # by the module's grading method
    latest: float | None
    in_progress: Attempt | None
    rules: Rules
    attempts_left: int | None  # None = unlimited

    @property
    def grading_label(self) -> str:
        return GRADING_METHODS[self.rules.grading_method]


def module_progress(user: User) -> list[ModuleProgress]:
    """Per module (with its article): questions, graded attempts, grade and latest percentage
    (4 queries)."""
    modules = list(
        db.session.scalars(
            select(Module).options(joinedload(Module.article)).order_by(Module.position, Module.id)
        )
    )
    counts = dict(
        db.session.execute(
            select(Question.module_id, func.count(Question.id))
            .where(Question.retired.is_(False))
            .group_by(Question.module_id)
        ).all()
    )
    attempts = list(
        db.session.scalars(
            select(Attempt)
            .where(Attempt.user_id == user.id, Attempt.mode == GRADED)
            .order_by(Attempt.number, Attempt.id)
        )
    )
    rules = rules_by_module(m.id for m in modules)
    progress = []
    for module in modules:
        if not counts.get(module.id):
            continue  # a module a teacher has only just created: nothing to take yet
        mine = [a for a in attempts if a.module_id == module.id]
        done = [a.percent for a in mine if a.is_submitted and a.percent is not None]
        allowed = rules[module.id].attempts_allowed
        progress.append(
            ModuleProgress(
                module=module,
                question_count=counts.get(module.id, 0),
                attempts=len(done),
                grade=final_grade(rules[module.id].grading_method, done),
                latest=done[-1] if done else None,
                in_progress=next((a for a in mine if not a.is_submitted), None),
                rules=rules[module.id],
                attempts_left=None if allowed is None else max(0, allowed - len(mine)),
            )
        )
    return progress


@dataclass
class ArticleGroup:
    article: Article | None
    items: list[ModuleProgress]


def group_by_article(progress: list[ModuleProgress]) -> list[ArticleGroup]:
    """Modules grouped by the article they quote, in module order (modules with none last)."""
    groups: dict[int | None, ArticleGroup] = {}
    for item in progress:
        key = item.module.article_id
        groups.setdefault(key, ArticleGroup(item.module.article, [])).items.append(item)
    return sorted(groups.values(), key=lambda g: g.article is None)


def attempt_history(user: User) -> list[Attempt]:
    return list(
        db.session.scalars(
            select(Attempt)
            .where(Attempt.user_id == user.id)
            .options(selectinload(Attempt.module))
            .order_by(Attempt.started_at.desc(), Attempt.id.desc())
        )
    )
