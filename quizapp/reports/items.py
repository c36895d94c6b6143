"""Item analysis of one module, from first attempts, as Moodle's quiz statistics computes it.

Four queries whatever the number of students: the module's questions with all their versions,
two GROUP BYs over the responses of the first attempts in scope (each question's attempts
grouped by (mark, attempt total), each choice version's answers grouped by answer) and a count
of those attempts. Marks take
few distinct values, so a class of 10,000 brings back a few hundred rows instead of one row per
response; `quizapp.stats.grouped_item_statistics` computes the statistics from the groups and
gives exactly what `item_statistics` gives on the same responses one by one.

Choices made here (the reference leaves them open):
- a question is analysed when at least one analysed attempt asked it; an attempt that did not ask
  it counts 0 for it, as `item_statistics` does for a missing mark;
- a question's maximum mark is the points of its current version, and x_i = credit x that
  maximum, so a question re-weighted between versions is compared on one scale;
- option labels come from the version each response answered; options with the same text in
  two versions are counted as one option.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Select, Text, case, cast, func, select

from quizapp.extensions import db
from quizapp.models import Attempt, Module, Question, QuestionVersion, Response
from quizapp.models.attempts import GRADED
from quizapp.question_types import get_type
from quizapp.reports.queries import SUBMITTED, Scope, student_ids
from quizapp.stats import (
    FLAG_LABELS,
    ItemStats,
    MarkGroup,
    as_percentages,
    counted_option_frequencies,
    grouped_item_statistics,
)

CHOICE_TYPES = ("single_choice", "multiple_response", "true_false")
NO_ANSWER = "(no answer)"
FLAG_SHORT = {
    "too_easy": "Too easy",
    "too_hard": "Too hard",
    "negative_discrimination": "Negative discrimination",
    "low_efficiency": "Low efficiency",
}


@dataclass(frozen=True)
class OptionRow:
    label: str
    correct: bool  # earns credit
    picked: float  # fraction of the question's responses that picked it


@dataclass
class ItemRow:
    question: Question
    version: QuestionVersion  # the current version: prompt and type shown
    stats: ItemStats
    options: list[OptionRow] | None  # None for types without options

    @property
    def flag_labels(self) -> list[str]:
        return [FLAG_LABELS[f] for f in self.stats.flags]


@dataclass
class ItemAnalysis:
    module: Module
    attempts: int  # first attempts analysed
    rows: list[ItemRow]


class _Answers(NamedTuple):
    """`count` responses to one choice version that stored the same answer."""

    version_id: int
    answer: Any
    count: int


def item_analysis(module: Module, scope: Scope) -> ItemAnalysis:
    """Per-question statistics and option frequencies over the first attempts in `scope`."""
    questions, versions = _questions(module)
    current = {q.id: _current(q, versions) for q in questions}
    points = {question_id: v.points for question_id, v in current.items()}
    groups = _mark_groups(module, scope, points)
    # A question added to the bank after some students attempted is judged only on the
    # attempts that asked it (its groups), not scored as 0 in the others.
    analysed = [q for q in questions if q.id in groups]
    guesses = {
        q.key: get_type(current[q.id].type).random_guess(current[q.id].data) for q in analysed
    }
    stats = grouped_item_statistics(
        {q.key: groups[q.id] for q in analysed}, {q.key: points[q.id] for q in analysed}, guesses
    )
    answers = _answer_groups(module, scope)
    rows = [
        ItemRow(q, current[q.id], s, _options(current[q.id], answers.get(q.id, []), s.n, versions))
        for q, s in zip(analysed, stats, strict=True)
    ]
    return ItemAnalysis(module, _attempts_analysed(module, scope), rows)


def _first_attempt_filter(module: Module, scope: Scope) -> tuple[ColumnElement[bool], ...]:
    """The first submitted graded attempts at `module` of the students in scope."""
    return (
        Attempt.module_id == module.id,
        Attempt.number == 1,
        Attempt.state == SUBMITTED,
        Attempt.mode == GRADED,
        Attempt.user_id.in_(student_ids(scope)),
    )


def _in_first_attempts(stmt: Select, module: Module, scope: Scope) -> Select:
    """Restrict a SELECT over responses to those of the first submitted attempts in scope."""
    return (
        stmt.join(Attempt, Attempt.id == Response.attempt_id)
        .join(QuestionVersion, QuestionVersion.id == Response.version_id)
        .where(*_first_attempt_filter(module, scope))
    )


def _mark_groups(
    module: Module, scope: Scope, points: Mapping[int, float]
) -> dict[int, list[MarkGroup]]:
    """Each question's responses grouped by (mark, the attempt's total). One statement: a
    window sums each attempt's marks, a GROUP BY counts the pairs."""
    if not points:
        return {}
    mark = func.coalesce(Response.credit, 0.0) * case(points, value=QuestionVersion.question_id)
    per_response = _in_first_attempts(
        select(
            QuestionVersion.question_id.label("question_id"),
            mark.label("mark"),
            func.sum(mark).over(partition_by=Response.attempt_id).label("total"),
        ),
        module,
        scope,
    ).subquery("per_response")
    c = per_response.c
    stmt = select(c.question_id, c.mark, c.total, func.count()).group_by(
        c.question_id, c.mark, c.total
    )
    groups: dict[int, list[MarkGroup]] = defaultdict(list)
    for question_id, x, total, count in db.session.execute(stmt):
        groups[question_id].append(MarkGroup(x, total, count))
    return groups


def _attempts_analysed(module: Module, scope: Scope) -> int:
    """First attempts in scope that asked at least one question."""
    asked = select(Response.id).where(Response.attempt_id == Attempt.id).exists()
    stmt = select(func.count(Attempt.id)).where(*_first_attempt_filter(module, scope), asked)
    return db.session.scalar(stmt) or 0


def _answer_groups(module: Module, scope: Scope) -> dict[int, list[_Answers]]:
    """Each choice question's responses grouped by version and stored answer (its JSON text:
    PostgreSQL cannot group JSON values), by question."""
    answer = cast(Response.answer, Text)
    stmt = _in_first_attempts(
        select(QuestionVersion.question_id, Response.version_id, answer, func.count()),
        module,
        scope,
    )
    stmt = (
        stmt.where(QuestionVersion.type.in_(CHOICE_TYPES))
        .group_by(QuestionVersion.question_id, Response.version_id, answer)
        .order_by(Response.version_id)
    )
    out: dict[int, list[_Answers]] = defaultdict(list)
    for question_id, version_id, text, count in db.session.execute(stmt):
        out[question_id].append(_Answers(version_id, _decode(text), count))
    return out


@lru_cache(maxsize=4096)
def _decode_text(text: str) -> Any:
    value = json.loads(text)
    return tuple(value) if isinstance(value, list) else value  # immutable: it is shared


def _decode(raw: Any) -> Any:
    """A stored answer from its JSON text (PostgreSQL drivers may hand it over decoded)."""
    return _decode_text(raw) if isinstance(raw, str) else raw


def _questions(module: Module) -> tuple[list[Question], dict[int, QuestionVersion]]:
    """The module's questions in order, and every version of them by id (one query)."""
    rows = db.session.execute(
        select(Question, QuestionVersion)
        .join(QuestionVersion, QuestionVersion.question_id == Question.id)
        .where(Question.module_id == module.id)
        .order_by(Question.position, Question.id, QuestionVersion.number)
    ).all()
    questions = list(dict.fromkeys(q for q, _v in rows))
    return questions, {v.id: v for _q, v in rows}


def _current(question: Question, versions: Mapping[int, QuestionVersion]) -> QuestionVersion:
    mine = [v for v in versions.values() if v.question_id == question.id]
    return next((v for v in mine if v.is_current), max(mine, key=lambda v: v.number))


def _options(
    current: QuestionVersion,
    answers: list[_Answers],
    responses: int,
    versions: Mapping[int, QuestionVersion],
) -> list[OptionRow] | None:
    """How often each option was picked, labelled by the version each response answered;
    `responses` is every response to the question, choice versions or not."""
    if not answers:
        return None
    labels: dict[str, bool] = dict(_labels(current))
    for version_id in dict.fromkeys(a.version_id for a in answers):
        for label, correct in _labels(versions[version_id]):
            labels.setdefault(label, correct)
    order = list(labels)
    index = {label: i for i, label in enumerate(order)}
    picks = [
        ([index[p] for p in _picked_labels(versions[a.version_id], a.answer)], a.count)
        for a in answers
    ]
    picks.append(([], responses - sum(a.count for a in answers)))  # other versions' types
    fractions = counted_option_frequencies(picks, len(order))
    rows = [OptionRow(label, labels[label], f) for label, f in zip(order, fractions, strict=True)]
    blank = sum(count for picked, count in picks if not picked)
    rows.append(OptionRow(NO_ANSWER, False, blank / responses if responses else 0.0))
    return rows


def _labels(version: QuestionVersion) -> list[tuple[str, bool]]:
    """(label, earns credit) for each option of a choice version; [] for other types."""
    if version.type == "true_false":
        key = bool(version.data.get("answer"))
        return [("True", key), ("False", not key)]
    if version.type in CHOICE_TYPES:
        return [(c["text"], c.get("credit", 0) > 0) for c in version.data.get("choices", [])]
    return []


def _picked_labels(version: QuestionVersion, answer: Any) -> list[str]:
    """The labels an answer picked (answers hold original choice indexes, or a bool)."""
    if version.type == "true_false":
        return [] if not isinstance(answer, bool) else ["True" if answer else "False"]
    if version.type not in CHOICE_TYPES or answer is None:
        return []
    picked = answer if isinstance(answer, list | tuple) else [answer]
    choices = version.data.get("choices", [])
    return [
        choices[i]["text"]
        for i in dict.fromkeys(picked)
        if isinstance(i, int) and not isinstance(i, bool) and 0 <= i < len(choices)
    ]


def as_json(analysis: ItemAnalysis) -> list[dict[str, Any]]:
    """One object per question: its prompt and the statistics as percentages (2 decimals)."""
    out = []
    for row in analysis.rows:
        item = as_percentages(row.stats)
        item.update(
            question_id=row.question.id,
            prompt=row.version.prompt,
            type=row.version.type,
            flag_labels=row.flag_labels,
        )
        if row.options is not None:
            item["options"] = [
                {"label": o.label, "correct": o.correct, "picked": round(100 * o.picked, 2) + 0.0}
                for o in row.options
            ]
        out.append(item)
    return out
