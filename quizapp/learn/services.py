"""Starting, saving and submitting attempts; progress summaries. No request objects here."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from quizapp.events import attempt_submitted
from quizapp.extensions import db
from quizapp.grading import Asked, grade_attempt
from quizapp.learn.cards import record_answers
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
from quizapp.question_types import ResponseError, get_type
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
    return (
        db.session.scalar(
            select(func.count(Attempt.id)).where(
                Attempt.user_id == user.id, Attempt.module_id == module.id, Attempt.mode == GRADED
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


def read_answers(attempt: Attempt, form: Any) -> tuple[dict[int, Any], dict[int, str]]:
    """Answers by slot, and a message by slot for each answer that could not be read."""
    answers, errors = {}, {}
    for response in attempt.responses:
        qtype = get_type(response.version.type)
        try:
            answers[response.slot] = qtype.read_response(
                response.version.data, response.layout, form, field_name(response)
            )
        except ResponseError as exc:
            errors[response.slot] = str(exc)
    return answers, errors


def save_answers(attempt: Attempt, answers: dict[int, Any], commit: bool = True) -> bool:
    """Store answers without grading (progress is never lost, even when a field is invalid).

    commit=False when a submit follows: the answers and the grades are then one transaction, and
    nothing loaded is expired in between (which would reload every slot's version one by one).
    The attempt row is locked first, if it is still open: a submit that another worker or
    server finished a moment ago is never overwritten (False, nothing written), and two submits
    of one attempt queue on that row instead of deadlocking on its responses (PostgreSQL).
    """
    if attempt.is_submitted or not _lock_open_attempt(attempt):
        db.session.rollback()
        return False
    now = utcnow()
    for response in attempt.responses:
        if response.slot in answers and answers[response.slot] != response.answer:
            response.answer = answers[response.slot]
            response.answered_at = now
    if commit:
        db.session.commit()
    else:
        db.session.flush()
    return True


def _lock_open_attempt(attempt: Attempt) -> bool:
    """Lock the attempt row for this transaction if it is still open (a no-op UPDATE: portable,
    unlike SELECT ... FOR UPDATE on SQLite)."""
    locked = db.session.execute(
        update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.state == "in_progress")
        .values(state="in_progress")
        .execution_options(synchronize_session=False)
    )
    return locked.rowcount == 1


def submit_attempt(attempt: Attempt, answers: dict[int, Any], at: datetime | None = None) -> bool:
    """Grade and close the attempt exactly once. False when it was already submitted.

    The conditional UPDATE is the one place an attempt closes: whichever request gets there
    first grades it, a racing second one changes nothing.
    """
    closed_at = at or utcnow()
    claimed = db.session.execute(
        update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.state == "in_progress")
        .values(state="submitted", submitted_at=closed_at)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        db.session.rollback()
        return False
    now = utcnow()
    for response in attempt.responses:
        if response.slot in answers and answers[response.slot] != response.answer:
            response.answer = answers[response.slot]
            response.answered_at = now
    result = grade_attempt(
        Asked(r.version.type, r.version.data, r.version.points, r.answer) for r in attempt.responses
    )
    for response, marked in zip(attempt.responses, result.marked, strict=True):
        response.credit = marked.grade.credit
        response.mark = marked.mark
    attempt.score = result.score
    attempt.max_score = result.max_score
    answered = [
        (r.version.question_id, r.credit or 0.0) for r in attempt.responses if r.answer is not None
    ]
    user_id = attempt.user_id
    db.session.commit()
    record_answers(user_id, answered, closed_at)  # its own transaction: never undoes the grade
    db.session.refresh(attempt)
    attempt_submitted.send(attempt)
    return True


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
