"""The item analysis from GROUP BYs gives what `quizapp.stats` gives on the responses one by one.

The reference below loads every response of the first attempts, as the report did before it
grouped in SQL, and hands the marks to `item_statistics` and `option_frequencies`. Random
classes: random points per question, questions left out of some attempts, unanswered questions,
choice answers of every shape (several picks, repeats, out of range, none), and noise the report
must ignore (later attempts, open attempts, students of another class).
"""

from __future__ import annotations

import random
from collections import defaultdict

import pytest
from sqlalchemy import select

from quizapp.classes import create_class
from quizapp.extensions import db
from quizapp.models import Attempt, Enrollment, QuestionVersion, Response
from quizapp.question_types import get_type
from quizapp.reports.items import CHOICE_TYPES, _labels, _picked_labels, item_analysis
from quizapp.reports.queries import Scope
from quizapp.stats import as_percentages, item_statistics, option_frequencies
from tests.conftest import make_user
from tests.functional.test_reports_fixtures import add_attempt, enrol, module

CREDITS = (0.0, 0.25, 0.5, 0.75, 1.0, None)  # marks that add exactly in binary floating point
THIRDS = (0.0, 1 / 3, 2 / 3, 0.1, 0.7, 1.0, None)  # marks that do not


def random_answer(rng: random.Random, version: QuestionVersion):
    if version.type == "true_false":
        return rng.choice([True, False, None])
    if version.type in CHOICE_TYPES:
        n = len(version.data.get("choices", []))
        shapes = [rng.randrange(n), [rng.randrange(n), rng.randrange(n)], [], None, n + 3]
        return rng.choice(shapes)
    return "text"


def build(rng: random.Random, teacher, credit_values=CREDITS):
    """A class of 30 with random first attempts at History, and noise around them."""
    history = module("history")
    for question in history.questions:
        question.current.points = rng.choice([1.0, 2.0, 0.5, 3.0])
    db.session.commit()
    school_class = create_class(teacher, "Random class")
    versions = {q.key: q.current for q in history.questions}
    users = [make_user(f"r{i}@example.com") for i in range(30)]
    enrol(school_class, *users)
    for user in [*users, make_user("outside@example.com")]:
        asked = [key for key in versions if rng.random() < 0.8] or [next(iter(versions))]
        credits = {key: rng.choice(credit_values) for key in asked}
        answers = {key: random_answer(rng, versions[key]) for key in asked}
        attempt = add_attempt(user, "history", {k: c or 0.0 for k, c in credits.items()}, answers)
        for response, key in zip(attempt.responses, asked, strict=True):
            response.credit = credits[key]  # None: never answered
        add_attempt(user, "history", dict.fromkeys(asked, 1.0), number=2, commit=False)
    add_attempt(users[0], "history", dict.fromkeys(versions, 0.0), number=3, state="in_progress")
    db.session.commit()
    return school_class


def reference(class_id: int):
    """Every response, one by one, through the pure functions (the report before GROUP BY)."""
    history = module("history")
    in_class = select(Enrollment.user_id).where(Enrollment.class_id == class_id)
    rows = db.session.execute(
        select(Response.attempt_id, QuestionVersion.question_id, Response.version_id)
        .add_columns(Response.credit, Response.answer)
        .join(Attempt, Attempt.id == Response.attempt_id)
        .join(QuestionVersion, QuestionVersion.id == Response.version_id)
        .where(Attempt.module_id == history.id, Attempt.number == 1)
        .where(Attempt.state == "submitted", Attempt.mode == "graded")
        .where(Attempt.user_id.in_(in_class))
    ).all()
    questions = {q.id: q for q in history.questions}
    asked = [q for q in history.questions if any(r.question_id == q.id for r in rows)]
    max_marks = {q.key: q.current.points for q in asked}
    marks: dict[int, dict[str, float]] = defaultdict(dict)
    answers = defaultdict(list)
    for r in rows:
        key = questions[r.question_id].key
        marks[r.attempt_id][key] = (r.credit or 0.0) * max_marks[key]
        answers[key].append((db.session.get(QuestionVersion, r.version_id), r.answer))
    guesses = {q.key: get_type(q.current.type).random_guess(q.current.data) for q in asked}
    stats = item_statistics(list(marks.values()), max_marks, guesses, asked_only=True)
    return len(marks), stats, {q.key: options_of(q.current, answers[q.key]) for q in asked}


def options_of(current: QuestionVersion, answers: list) -> list[tuple[str, float]] | None:
    if not any(v.type in CHOICE_TYPES for v, _a in answers):
        return None
    labels = dict(_labels(current))
    for version in sorted({v for v, _a in answers}, key=lambda v: v.id):
        for label, correct in _labels(version):
            labels.setdefault(label, correct)
    index = {label: i for i, label in enumerate(labels)}
    picks = [[index[p] for p in _picked_labels(v, a)] for v, a in answers]
    fractions = option_frequencies(picks, len(labels))
    blank = sum(1 for p in picks if not p) / len(picks)
    return [*zip(labels, fractions, strict=True), ("(no answer)", blank)]


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_grouped_sql_equals_the_pure_functions(app, teacher, seed):
    school_class = build(random.Random(seed), teacher)
    analysis = item_analysis(module("history"), Scope(class_id=school_class.id))
    attempts, stats, options = reference(school_class.id)
    assert analysis.attempts == attempts == 30
    assert [row.stats for row in analysis.rows] == stats  # exactly, every field
    got = {
        row.question.key: None
        if row.options is None
        else [(o.label, o.picked) for o in row.options]
        for row in analysis.rows
    }
    assert got == options
    assert any(s.n < 30 for s in stats) and any(o for o in options.values())


@pytest.mark.parametrize("seed", [5, 6])
def test_marks_that_do_not_add_exactly_differ_only_in_the_last_bits(app, teacher, seed):
    """The database adds each attempt's total in its own order, the pure function with fsum:
    with thirds and tenths a total can differ in its last bit, and so can the statistics, by
    far less than what the page shows (2 decimals of a percentage)."""
    school_class = build(random.Random(seed), teacher, THIRDS)
    analysis = item_analysis(module("history"), Scope(class_id=school_class.id))
    _attempts, stats, _options = reference(school_class.id)
    for row, expected in zip(analysis.rows, stats, strict=True):
        assert (row.stats.n, row.stats.flags) == (expected.n, expected.flags)
        assert as_percentages(row.stats) == as_percentages(expected)
        for name in ("facility", "sd", "effective_weight", "discrimination", "efficiency"):
            got, want = getattr(row.stats, name), getattr(expected, name)
            if want is None:
                assert got is None, (row.question.key, name)
            else:
                assert got == pytest.approx(want, rel=1e-12, abs=1e-15), (row.question.key, name)
