"""Grading an attempt: pure functions from what was asked and answered to marks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from quizapp.question_types import Grade, get_type


@dataclass(frozen=True)
class Asked:
    """One slot of an attempt as the grader needs it."""

    type: str
    data: Mapping[str, Any]
    points: float
    answer: Any


@dataclass(frozen=True)
class Marked:
    grade: Grade
    mark: float
    points: float


@dataclass(frozen=True)
class AttemptResult:
    marked: tuple[Marked, ...]

    @property
    def score(self) -> float:
        return sum(m.mark for m in self.marked)

    @property
    def max_score(self) -> float:
        return sum(m.points for m in self.marked)

    @property
    def percent(self) -> float:
        return 100.0 * self.score / self.max_score if self.max_score else 0.0


def grade_one(asked: Asked) -> Marked:
    grade = (
        Grade(0.0) if asked.answer is None else get_type(asked.type).grade(asked.data, asked.answer)
    )
    return Marked(grade=grade, mark=round(grade.credit * asked.points, 7), points=asked.points)


def grade_attempt(slots: Iterable[Asked]) -> AttemptResult:
    """Marks for every slot; an unanswered slot earns 0."""
    return AttemptResult(tuple(grade_one(s) for s in slots))
