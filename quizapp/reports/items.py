"""Item analysis of one module, from first attempts, as Moodle's quiz statistics computes it.

Two queries whatever the number of students: every response of the first attempts in scope, and
the module's questions with all their versions. The statistics themselves are `quizapp.stats`.

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

from sqlalchemy import Text, case, select, type_coerce

from quizapp.extensions import db
from quizapp.models import Attempt, Module, Question, QuestionVersion, Response
from quizapp.models.attempts import GRADED
from quizapp.question_types import get_type
from quizapp.reports.queries import SUBMITTED, Scope, student_ids
from quizapp.stats import FLAG_LABELS, ItemStats, as_percentages, item_statistics
from quizapp.stats import option_frequencies as frequencies

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


class _Answer(NamedTuple):  # a tuple, not a dataclass: there is one per response analysed
    attempt_id: int
    question_id: int
    version_id: int
    credit: float | None
    answer: Any  # only for choice types (NULL otherwise: no JSON to decode)


def item_analysis(module: Module, scope: Scope) -> ItemAnalysis:
    """Per-question statistics and option frequencies over the first attempts in `scope`."""
    answers = _first_attempt_answers(module, scope)
    questions, versions = _questions(module)
    asked = {a.question_id for a in answers}
    analysed = [q for q in questions if q.id in asked]
    current = {q.id: _current(q, versions) for q in analysed}
    max_marks = {q.key: current[q.id].points for q in analysed}
    keys = {q.id: q.key for q in analysed}
    marks: dict[int, dict[str, float]] = defaultdict(dict)
    for a in answers:
        key = keys[a.question_id]
        marks[a.attempt_id][key] = (a.credit or 0.0) * max_marks[key]
    guesses = {
        q.key: get_type(current[q.id].type).random_guess(current[q.id].data) for q in analysed
    }
    # A question added to the bank after some students attempted is judged only on the
    # attempts that asked it, not scored as 0 in the others.
    stats = {
        s.key: s for s in item_statistics(list(marks.values()), max_marks, guesses, asked_only=True)
    }
    by_question: dict[int, list[_Answer]] = defaultdict(list)
    for a in answers:
        by_question[a.question_id].append(a)
    rows = [
        ItemRow(
            q, current[q.id], stats[q.key], _options(current[q.id], by_question[q.id], versions)
        )
        for q in analysed
    ]
    return ItemAnalysis(module, len(marks), rows)


def _first_attempt_answers(module: Module, scope: Scope) -> list[_Answer]:
    stmt = (
        select(
            Response.attempt_id,
            QuestionVersion.question_id,
            Response.version_id,
            Response.credit,
            # the raw JSON text, decoded once per distinct answer below (answers repeat a lot)
            type_coerce(case((QuestionVersion.type.in_(CHOICE_TYPES), Response.answer)), Text),
        )
        .join(Attempt, Attempt.id == Response.attempt_id)
        .join(QuestionVersion, QuestionVersion.id == Response.version_id)
        .where(
            Attempt.module_id == module.id,
            Attempt.number == 1,
            Attempt.state == SUBMITTED,
            Attempt.mode == GRADED,
            Attempt.user_id.in_(student_ids(scope)),
        )
    )
    return [
        _Answer(attempt_id, question_id, version_id, credit, _decode(answer))
        for attempt_id, question_id, version_id, credit, answer in db.session.execute(stmt)
    ]


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
    current: QuestionVersion, answers: list[_Answer], versions: Mapping[int, QuestionVersion]
) -> list[OptionRow] | None:
    """How often each option was picked, labelled by the version each response answered."""
    if not any(versions[a.version_id].type in CHOICE_TYPES for a in answers):
        return None
    labels: dict[str, bool] = dict(_labels(current))
    for version_id in dict.fromkeys(a.version_id for a in answers):
        for label, correct in _labels(versions[version_id]):
            labels.setdefault(label, correct)
    picks = [_picked_labels(versions[a.version_id], a.answer) for a in answers]
    order = list(labels)
    index = {label: i for i, label in enumerate(order)}
    fractions = frequencies(([index[p] for p in picked] for picked in picks), len(order))
    rows = [OptionRow(label, labels[label], f) for label, f in zip(order, fractions, strict=True)]
    blank = sum(1 for picked in picks if not picked)
    rows.append(OptionRow(NO_ANSWER, False, blank / len(picks) if picks else 0.0))
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
