"""Spaced review with FSRS: wrong comes back sooner than right; right comes back later each time."""

from __future__ import annotations

from datetime import datetime, timedelta

from quizapp.scheduling import rating_for, schedule

NOW = datetime(2026, 12, 2, 9, 0)


def test_ratings_follow_the_credit():
    assert rating_for(0.0).name == "Again"
    assert rating_for(0.5).name == "Hard"
    assert rating_for(1.0).name == "Good"


def test_a_wrong_answer_is_due_sooner_than_a_right_one():
    wrong = schedule(None, 0.0, NOW)
    partly = schedule(None, 0.5, NOW)
    right = schedule(None, 1.0, NOW)
    assert NOW < wrong.due <= partly.due < right.due
    assert wrong.due - NOW <= timedelta(hours=1)
    assert right.due - NOW >= timedelta(days=1)
    assert (wrong.outcome, partly.outcome, right.outcome) == ("incorrect", "partial", "correct")


def test_known_cards_come_back_later_and_later():
    first = schedule(None, 1.0, NOW)
    second = schedule(first.state, 1.0, first.due)
    third = schedule(second.state, 1.0, second.due)
    assert (second.due - first.due) > (first.due - NOW)
    assert (third.due - second.due) > (second.due - first.due)


def test_forgetting_brings_a_card_back_soon():
    known = schedule(schedule(None, 1.0, NOW).state, 1.0, NOW + timedelta(days=2))
    forgot = schedule(known.state, 0.0, known.due)
    assert forgot.due - known.due <= timedelta(hours=1)


def test_times_stay_naive_utc_and_state_round_trips():
    card = schedule(None, 1.0, NOW)
    assert card.due.tzinfo is None
    assert schedule(card.state, 1.0, card.due).due > card.due
