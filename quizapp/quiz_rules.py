"""The rules of a module's quiz: who may start, until when, which questions, how it is graded.

Pure: settings and facts in, decisions out. No database, no request, no clock of its own
(every function that needs the time is given `now`).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TypeVar

T = TypeVar("T")

GRADING_METHODS = {
    "highest": "Highest grade",
    "average": "Average grade",
    "first": "First attempt",
    "last": "Last attempt",
}
REVIEW_OPTIONS = {
    "score": "The score only",
    "outcomes": "The score and which answers were right",
    "full": "Everything: right answers, explanations and evidence",
}


@dataclass(frozen=True)
class Rules:
    attempts_allowed: int | None = None  # None = unlimited
    grading_method: str = "highest"
    time_limit_minutes: int | None = None
    open_at: datetime | None = None
    close_at: datetime | None = None
    shuffle_questions: bool = False
    shuffle_choices: bool = True
    draw_count: int | None = None
    review_shows: str = "full"
    practice_enabled: bool = True
    practice_tries: int = 3
    practice_penalty: float = 1 / 3

    @property
    def shows_outcomes(self) -> bool:
        return self.review_shows in ("outcomes", "full")

    @property
    def shows_answers(self) -> bool:
        return self.review_shows == "full"


DEFAULT_RULES = Rules()


def with_override(
    rules: Rules, attempts_allowed: int | None, time_limit_minutes: int | None
) -> Rules:
    """One student's rules: an override's values replace the module's where it sets them."""
    if attempts_allowed is not None:
        rules = replace(rules, attempts_allowed=attempts_allowed)
    if time_limit_minutes is not None:
        rules = replace(rules, time_limit_minutes=time_limit_minutes)
    return rules


def why_not_start(rules: Rules, attempts_made: int, now: datetime) -> str | None:
    """Why a new graded attempt may not start now, or None when it may."""
    if rules.open_at is not None and now < rules.open_at:
        return f"This quiz opens on {rules.open_at:%d %b %Y at %H:%M} UTC."
    if rules.close_at is not None and now >= rules.close_at:
        return f"This quiz closed on {rules.close_at:%d %b %Y at %H:%M} UTC."
    if rules.attempts_allowed is not None and attempts_made >= rules.attempts_allowed:
        n = rules.attempts_allowed
        return f"You have used all {n} attempt{'s' if n != 1 else ''} allowed for this quiz."
    return None


def deadline(rules: Rules, started_at: datetime) -> datetime | None:
    """When an attempt started at `started_at` must close: its time limit or the close date."""
    limits = []
    if rules.time_limit_minutes:
        limits.append(started_at + timedelta(minutes=rules.time_limit_minutes))
    if rules.close_at is not None:
        limits.append(rules.close_at)
    return min(limits) if limits else None


def is_overdue(due_at: datetime | None, now: datetime) -> bool:
    return due_at is not None and now >= due_at


def seconds_left(due_at: datetime | None, now: datetime) -> int | None:
    if due_at is None:
        return None
    return max(0, int((due_at - now).total_seconds()))


def choose_questions(items: Sequence[T], rules: Rules, rng: random.Random) -> list[T]:
    """The questions an attempt asks, in the order asked.

    A draw keeps the module's order unless questions are shuffled too. `rng` is seeded per
    attempt by the caller, so the choice is fixed for that attempt.
    """
    chosen = list(items)
    if rules.draw_count and rules.draw_count < len(chosen):
        picked = set(rng.sample(range(len(chosen)), rules.draw_count))
        chosen = [item for n, item in enumerate(chosen) if n in picked]
    if rules.shuffle_questions:
        rng.shuffle(chosen)
    return chosen


def final_grade(method: str, percents: Sequence[float]) -> float | None:
    """A student's grade for a module from their graded attempts' percentages, oldest first."""
    if not percents:
        return None
    if method == "average":
        return sum(percents) / len(percents)
    if method == "first":
        return percents[0]
    if method == "last":
        return percents[-1]
    return max(percents)


def credit_after_try(best_so_far: float, credit: float, try_number: int, penalty: float) -> float:
    """Interactive with multiple tries, as Moodle does: each extra try costs `penalty`.

    A question earns the best over its tries of (credit of try n - penalty x (n - 1)), never
    below 0; `best_so_far` is that best over the earlier tries.
    """
    return round(max(best_so_far, credit - penalty * (try_number - 1), 0.0), 7)


def is_done(credit: float, tries_made: int, rules: Rules) -> bool:
    """A practice question is done when it is right or the tries are used up."""
    return credit >= 1 - 1e-9 or tries_made >= rules.practice_tries


def tries_left(tries_made: int, rules: Rules) -> int:
    return max(0, rules.practice_tries - tries_made)
