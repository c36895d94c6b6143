"""The pure quiz rules: grading methods, attempt limits, time limits, shuffles, draws, penalties."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from quizapp.quiz_rules import (
    DEFAULT_RULES,
    choose_questions,
    credit_after_try,
    deadline,
    final_grade,
    is_done,
    is_overdue,
    seconds_left,
    why_not_start,
    with_override,
)

NOW = datetime(2026, 12, 2, 9, 0)


@pytest.mark.parametrize(
    ("method", "expected"),
    [("highest", 90.0), ("average", 60.0), ("first", 40.0), ("last", 50.0)],
)
def test_grading_methods(method, expected):
    assert final_grade(method, [40.0, 90.0, 50.0]) == pytest.approx(expected)


def test_no_attempts_no_grade():
    assert final_grade("average", []) is None


def test_attempt_limit_refuses_once_used_up():
    rules = replace(DEFAULT_RULES, attempts_allowed=2)
    assert why_not_start(rules, 1, NOW) is None
    assert "all 2 attempts" in why_not_start(rules, 2, NOW)
    assert why_not_start(DEFAULT_RULES, 500, NOW) is None  # unlimited


def test_override_gives_more_attempts_and_time():
    rules = replace(DEFAULT_RULES, attempts_allowed=1, time_limit_minutes=10)
    mine = with_override(rules, 3, None)
    assert (mine.attempts_allowed, mine.time_limit_minutes) == (3, 10)
    assert why_not_start(mine, 1, NOW) is None
    assert with_override(rules, None, 25).time_limit_minutes == 25


def test_open_and_close_dates():
    rules = replace(
        DEFAULT_RULES, open_at=NOW + timedelta(hours=1), close_at=NOW + timedelta(days=1)
    )
    assert "opens" in why_not_start(rules, 0, NOW)
    assert why_not_start(rules, 0, NOW + timedelta(hours=2)) is None
    assert "closed" in why_not_start(rules, 0, NOW + timedelta(days=1))


def test_time_limit_with_a_controllable_clock():
    rules = replace(DEFAULT_RULES, time_limit_minutes=20)
    due = deadline(rules, NOW)
    assert due == NOW + timedelta(minutes=20)
    assert not is_overdue(due, NOW + timedelta(minutes=19, seconds=59))
    assert is_overdue(due, NOW + timedelta(minutes=20))
    assert seconds_left(due, NOW + timedelta(minutes=15)) == 300
    assert seconds_left(due, NOW + timedelta(hours=1)) == 0


def test_close_date_cuts_a_time_limit_short():
    rules = replace(DEFAULT_RULES, time_limit_minutes=60, close_at=NOW + timedelta(minutes=5))
    assert deadline(rules, NOW) == NOW + timedelta(minutes=5)
    assert deadline(DEFAULT_RULES, NOW) is None
    assert not is_overdue(None, NOW + timedelta(days=999))


def test_shuffle_and_draw_are_fixed_by_the_seed():
    items = list(range(12))
    rules = replace(DEFAULT_RULES, shuffle_questions=True, draw_count=5)
    first = choose_questions(items, rules, random.Random("attempt-7"))
    again = choose_questions(items, rules, random.Random("attempt-7"))
    other = [choose_questions(items, rules, random.Random(f"attempt-{n}")) for n in range(8, 14)]
    assert first == again
    assert len(first) == 5 and len(set(first)) == 5 and set(first) <= set(items)
    assert any(o != first for o in other)


def test_draw_without_shuffle_keeps_module_order():
    rules = replace(DEFAULT_RULES, draw_count=4)
    chosen = choose_questions(list(range(10)), rules, random.Random(3))
    assert chosen == sorted(chosen) and len(chosen) == 4
    assert choose_questions([1, 2, 3], DEFAULT_RULES, random.Random(3)) == [1, 2, 3]


def test_penalties_over_several_tries():
    penalty = 1 / 3
    best = credit_after_try(0.0, 0.0, 1, penalty)  # wrong first
    assert best == 0
    best = credit_after_try(best, 0.5, 2, penalty)  # half right on the second: 0.5 - 1/3
    assert best == pytest.approx(1 / 6, abs=1e-6)
    best = credit_after_try(best, 1.0, 3, penalty)  # right on the third: 1 - 2/3
    assert best == pytest.approx(1 / 3, abs=1e-6)
    assert credit_after_try(0.0, 1.0, 1, penalty) == 1.0
    assert credit_after_try(0.0, 1.0, 5, penalty) == 0.0  # never below zero
    assert credit_after_try(0.9, 0.2, 2, penalty) == 0.9  # a worse later try never lowers it


def test_a_question_is_done_when_right_or_out_of_tries():
    assert is_done(1.0, 1, DEFAULT_RULES)
    assert not is_done(0.5, 2, DEFAULT_RULES)
    assert is_done(0.0, 3, DEFAULT_RULES)
