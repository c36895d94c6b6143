"""bench/load.py in a small configuration: real gunicorn workers, a worker killed mid-submission.

Fails on errors, lost or duplicated submissions, half-recorded attempts or "database is locked";
never on speed. The full-size figures are in bench/README.md.
"""

from __future__ import annotations

import pytest

from bench.load import Run, problems, run
from tests.functional.servers import POSTGRES_URL, REDIS_URL, flush_redis, needs


def check(result: dict) -> None:
    assert problems(result) == [], result
    assert result["final"]["submitted"] == result["students"]
    assert result["workers_killed"] == 1


def test_a_class_submits_at_once_on_sqlite_and_survives_a_killed_worker(tmp_path):
    check(run(Run(students=16, workers=2, kill_workers=1, directory=tmp_path)))


@needs(PostgreSQL=POSTGRES_URL, Redis=REDIS_URL)
@pytest.mark.parametrize("workers", [2])
def test_the_same_on_postgresql_with_limits_in_redis(tmp_path, workers):
    flush_redis(REDIS_URL)
    config = Run(16, workers, POSTGRES_URL, REDIS_URL, kill_workers=1, directory=tmp_path)
    check(run(config))
