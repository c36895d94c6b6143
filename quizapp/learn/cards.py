"""Spaced-review cards: one per student and question, moved by every answer they give."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError

from quizapp.extensions import db
from quizapp.models import Attempt, Module, Question, QuizSettings, ReviewCard
from quizapp.models.attempts import PRACTICE
from quizapp.scheduling import schedule


def record_answers(user_id: int, answers: Sequence[tuple[int, float]], now: datetime) -> None:
    """Schedule each (question id, credit) answered at `now`, in one transaction.

    Runs after the answers themselves are committed: a card that could not be written (a
    concurrent first answer to the same question) never undoes a grade, it is tried once more.
    """
    if not answers:
        return
    for _try in range(2):
        try:
            _schedule_all(user_id, answers, now)
            db.session.commit()
            return
        except IntegrityError:
            db.session.rollback()


def _schedule_all(user_id: int, answers: Sequence[tuple[int, float]], now: datetime) -> None:
    """Two statements whatever the number of answers: one bulk INSERT, one bulk UPDATE."""
    ids = [question_id for question_id, _credit in answers]
    cards = {
        card.question_id: card
        for card in db.session.scalars(
            select(ReviewCard).where(ReviewCard.user_id == user_id, ReviewCard.question_id.in_(ids))
        )
    }
    new_rows: dict[int, dict] = {}
    changed_rows: dict[int, dict] = {}
    for question_id, credit in answers:
        card = cards.get(question_id)
        earlier = changed_rows.get(question_id) or new_rows.get(question_id)
        state = earlier["state"] if earlier else (card.state if card else None)
        reviews = earlier["reviews"] if earlier else (card.reviews if card else 0)
        scheduled = schedule(state, credit, now)
        row = {
            "state": scheduled.state,
            "due": scheduled.due,
            "last_outcome": scheduled.outcome,
            "reviews": reviews + 1,
            "last_reviewed_at": now,
        }
        if card is None:
            new_rows[question_id] = {"user_id": user_id, "question_id": question_id, **row}
        else:
            changed_rows[question_id] = {"id": card.id, **row}
    if new_rows:
        db.session.execute(insert(ReviewCard), list(new_rows.values()))
    if changed_rows:
        db.session.execute(update(ReviewCard), list(changed_rows.values()))


def _due_filter(user_id: int, now: datetime):
    """Cards due by the end of today (UTC) of questions still asked, in modules open to practice.

    A card missed this morning (due ten minutes later) counts as due today, and may be
    reviewed now: FSRS takes an early review into account.
    """
    practice_off = select(QuizSettings.module_id).where(QuizSettings.practice_enabled.is_(False))
    return (
        select(ReviewCard)
        .join(Question, Question.id == ReviewCard.question_id)
        .join(Module, Module.id == Question.module_id)
        .where(
            ReviewCard.user_id == user_id,
            ReviewCard.due < end_of_day(now),
            Question.retired.is_(False),
            Module.id.not_in(practice_off),
        )
    )


def end_of_day(now: datetime) -> datetime:
    return datetime.combine(now.date(), time.min) + timedelta(days=1)


def due_count(user_id: int, now: datetime) -> int:
    stmt = _due_filter(user_id, now).with_only_columns(func.count(ReviewCard.id))
    return db.session.scalar(stmt) or 0


def due_cards(user_id: int, now: datetime, limit: int) -> list[ReviewCard]:
    """The most overdue cards first."""
    stmt = _due_filter(user_id, now).order_by(ReviewCard.due, ReviewCard.id).limit(limit)
    return list(db.session.scalars(stmt))


@dataclass(frozen=True)
class PracticeSummary:
    """A student's ungraded work: practice sessions per module and where their cards stand."""

    sessions: dict[int, int]  # module id -> finished practice sessions
    outcomes: dict[str, int]  # last outcome of each card: correct / partial / incorrect
    due_today: int

    @property
    def cards(self) -> int:
        return sum(self.outcomes.values())


def practice_summary(user_id: int, now: datetime) -> PracticeSummary:
    """Three queries, whatever the number of sessions and cards."""
    sessions = db.session.execute(
        select(Attempt.module_id, func.count(Attempt.id))
        .where(
            Attempt.user_id == user_id,
            Attempt.mode == PRACTICE,
            Attempt.state == "submitted",
        )
        .group_by(Attempt.module_id)
    )
    outcomes = db.session.execute(
        select(ReviewCard.last_outcome, func.count(ReviewCard.id))
        .where(ReviewCard.user_id == user_id)
        .group_by(ReviewCard.last_outcome)
    )
    return PracticeSummary(dict(sessions.all()), dict(outcomes.all()), due_count(user_id, now))


def due_forecast(user_id: int, now: datetime, days: int = 7) -> list[tuple[date, int]]:
    """How many cards fall due on each of the next `days` days (today counts what is overdue)."""
    horizon = end_of_day(now) + timedelta(days=days - 1)
    dues = db.session.scalars(_due_filter(user_id, horizon).with_only_columns(ReviewCard.due))
    counts = Counter(max(due.date(), now.date()) for due in dues)
    return [
        (now.date() + timedelta(days=n), counts[now.date() + timedelta(days=n)])
        for n in range(days)
    ]
