"""CI's smoke run of bench/attempts.py: real gunicorn workers, real HTTP, a small load. It fails
on any error and on any attempt or answer lost or stored twice, never on speed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
SMOKE = ["--clients", "4", "--attempts", "10", "--requests", "40", "--submits", "8"]


@pytest.fixture(scope="module")
def bench():
    sys.path.insert(0, str(BENCH))
    try:
        import attempts

        yield attempts
    finally:
        sys.path.remove(str(BENCH))


def test_small_run_stores_every_answer_exactly_once():
    run = subprocess.run(
        [sys.executable, str(BENCH / "attempts.py"), *SMOKE, "--seconds", "120"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "4 concurrent client(s)" in run.stdout
    for step in ("bare page", "signed-in page", "quiz page", "submit", "full attempt", "review"):
        assert step in run.stdout, step
    # 8 lone submits and 10 full attempts (the first 4 resume those opened for the quiz page
    # phase), 12 questions each
    assert "18 attempts started, 18 submitted with 216 answers: all stored exactly once." in (
        run.stdout
    )
    assert "Errors: 0" in run.stdout


def row(**values):
    defaults = {"id": 7, "state": "submitted", "score": 9.0, "slots": 12, "answered": 12}
    return SimpleNamespace(**{**defaults, "graded": 12, **values})


def test_the_check_catches_a_lost_a_doubled_or_an_ungraded_answer(bench):
    assert bench.check_attempt(row(), 12, 12) == []
    assert bench.check_attempt(row(state="in_progress", answered=0, graded=0), None, 12) == []
    assert bench.check_attempt(row(answered=11), 12, 12)  # one answer lost
    assert bench.check_attempt(row(slots=13, answered=13, graded=13), 12, 12)  # a slot twice
    assert bench.check_attempt(row(graded=10), 12, 12)  # submitted but not all graded
    assert bench.check_attempt(row(score=None), 12, 12)
    assert bench.check_attempt(row(state="in_progress"), 12, 12)  # submit not recorded
