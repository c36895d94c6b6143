"""Practice, retry-my-mistakes and spaced-review sessions: one question at a time, checked at
once, with tries and penalties as in Moodle's interactive behaviour. Never graded for reports."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update

from quizapp.extensions import db
from quizapp.grading import Asked, grade_one
from quizapp.learn.cards import due_cards, record_answers
from quizapp.learn.quiz_settings import module_rules
from quizapp.learn.services import (
    NO_QUESTIONS,
    QuizUnavailable,
    current_versions,
    fill_slots,
    open_attempt,
)
from quizapp.models import Attempt, Module, Question, QuestionVersion, Response, User
from quizapp.models.attempts import PRACTICE, REVIEW
from quizapp.models.users import utcnow
from quizapp.question_types import Grade
from quizapp.quiz_rules import DEFAULT_RULES, Rules, credit_after_try, is_done
from quizapp.scheduling import SESSION_SIZE


class AttemptLocked(Exception):
    """A check that may not change the attempt (finished, or checked by another request)."""


@dataclass(frozen=True)
class Retry:
    attempt: Attempt | None
    changed: int  # questions whose wording changed since the graded attempt
    dropped: int  # questions retired since


def _new_session(user: User, module: Module | None, mode: str, versions, rules: Rules) -> Attempt:
    if not versions:
        raise QuizUnavailable(NO_QUESTIONS)
    made = db.session.scalar(
        select(func.count(Attempt.id)).where(
            Attempt.user_id == user.id,
            Attempt.module_id == (module.id if module else None),
            Attempt.mode == mode,
        )
    )
    attempt = Attempt(user=user, module=module, mode=mode, number=(made or 0) + 1)
    db.session.add(attempt)
    db.session.flush()
    rng = random.Random(f"{mode}:{attempt.id}:{user.id}")
    fill_slots(attempt, list(versions), rng, shuffle_choices=rules.shuffle_choices)
    return attempt


def start_practice(user: User, module: Module) -> Attempt:
    """Resume this module's unfinished practice, or start one over all its questions."""
    rules = module_rules(module)
    if not rules.practice_enabled:
        raise QuizUnavailable("Your teacher has turned practice off for this module.")
    existing = open_attempt(user, module, PRACTICE)
    if existing is not None and existing.source_attempt_id is None:
        return existing
    attempt = _new_session(user, module, PRACTICE, current_versions(module), rules)
    db.session.commit()
    return attempt


def start_retry(user: User, graded: Attempt) -> Retry:
    """A practice of exactly the questions missed or partly right in a graded attempt.

    Each is asked in its current wording; those changed since are counted so the page can say
    so, those retired since are left out.
    """
    missed = [r for r in graded.responses if (r.credit or 0.0) < 1 - 1e-9]
    question_ids = [r.version.question_id for r in missed]
    current = {
        v.question_id: v
        for v in db.session.scalars(
            select(QuestionVersion)
            .join(Question)
            .where(
                QuestionVersion.question_id.in_(question_ids),
                QuestionVersion.is_current.is_(True),
                Question.retired.is_(False),
            )
        )
    }
    versions = [current[q] for q in question_ids if q in current]
    changed = sum(
        1
        for r in missed
        if r.version.question_id in current and current[r.version.question_id].id != r.version_id
    )
    if not versions:
        return Retry(None, 0, len(missed))
    rules = module_rules(graded.module)
    attempt = _new_session(user, graded.module, PRACTICE, versions, rules)
    attempt.source_attempt_id = graded.id
    db.session.commit()
    return Retry(attempt, changed, len(missed) - len(versions))


def start_review(user: User, now: datetime | None = None) -> Attempt | None:
    """A session of up to 20 due cards across modules, or None when nothing is due."""
    now = now or utcnow()
    cards = due_cards(user.id, now, SESSION_SIZE)
    if not cards:
        return None
    ids = [c.question_id for c in cards]
    current = {
        v.question_id: v
        for v in db.session.scalars(
            select(QuestionVersion).where(
                QuestionVersion.question_id.in_(ids), QuestionVersion.is_current.is_(True)
            )
        )
    }
    versions = [current[q] for q in ids if q in current]
    if not versions:
        return None
    attempt = _new_session(user, None, REVIEW, versions, DEFAULT_RULES)
    db.session.commit()
    return attempt


def session_rules(attempt: Attempt) -> Rules:
    return module_rules(attempt.module) if attempt.module is not None else DEFAULT_RULES


def check(
    attempt: Attempt, response: Response, answer: Any, rules: Rules, now: datetime | None = None
) -> Grade:
    """Grade one try at one question, exactly once even when the same check races.

    The UPDATE only matches while the row still has the tries this request saw: a second,
    concurrent check of the same try changes nothing and raises AttemptLocked.
    """
    now = now or utcnow()
    version = response.version
    marked = grade_one(Asked(version.type, version.data, version.points, answer))
    tries = response.tries + 1
    best = (response.mark or 0.0) / version.points if version.points else 0.0
    credit = credit_after_try(best, marked.grade.credit, tries, rules.practice_penalty)
    done = is_done(marked.grade.credit, tries, rules)
    _claim(
        response,
        tries,
        answer=answer,
        credit=marked.grade.credit,
        mark=round(credit * version.points, 7),
        answered_at=now,
        finished_at=now if done else None,
    )
    if done:
        _finish_question(attempt, response, credit, now)
    return marked.grade


def reveal(attempt: Attempt, response: Response, now: datetime | None = None) -> None:
    """Give up on a question: it is done with what it has earned so far."""
    now = now or utcnow()
    _claim(response, response.tries, finished_at=now)
    best = (response.mark or 0.0) / response.version.points if response.version.points else 0.0
    _finish_question(attempt, response, best, now)


def _claim(response: Response, tries: int, **values: Any) -> None:
    claimed = db.session.execute(
        update(Response)
        .where(
            Response.id == response.id,
            Response.tries == response.tries,
            Response.finished_at.is_(None),
        )
        .values(tries=tries, **values)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        db.session.rollback()
        raise AttemptLocked("This question was already checked; here is where it stands.")
    db.session.commit()
    db.session.refresh(response)


def _finish_question(attempt: Attempt, response: Response, credit: float, now: datetime) -> None:
    record_answers(attempt.user_id, [(response.version.question_id, credit)], now)
    db.session.refresh(attempt)
    if all(r.finished_at is not None for r in attempt.responses):
        db.session.execute(
            update(Attempt)
            .where(Attempt.id == attempt.id, Attempt.state == "in_progress")
            .values(
                state="submitted",
                submitted_at=now,
                score=sum(r.mark or 0.0 for r in attempt.responses),
            )
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
        db.session.refresh(attempt)


def next_slot(attempt: Attempt) -> int | None:
    """The first question not yet done with, or None when the session is complete."""
    return next((r.slot for r in attempt.responses if r.finished_at is None), None)
