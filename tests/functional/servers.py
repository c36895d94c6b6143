"""Which real servers the multi-server and load tests may use.

`.ci/run` starts PostgreSQL and Redis, sets the URLs below and QUIZAPP_REQUIRE_SERVERS=1, so in
CI a missing server fails the run; elsewhere those tests are skipped with the reason.
"""

from __future__ import annotations

import os

import pytest

POSTGRES_URL = os.environ.get("QUIZAPP_TEST_POSTGRES_URL")
REDIS_URL = os.environ.get("QUIZAPP_TEST_REDIS_URL")


def needs(**servers: str | None) -> pytest.MarkDecorator:
    """Skip unless every named server URL is set; fail instead when CI requires them."""
    missing = [name for name, url in servers.items() if not url]
    if missing and os.environ.get("QUIZAPP_REQUIRE_SERVERS"):
        pytest.fail(f"QUIZAPP_REQUIRE_SERVERS is set but {', '.join(missing)} missing", False)
    reason = (
        f"needs {' and '.join(missing)}: set QUIZAPP_TEST_POSTGRES_URL (a scratch database, "
        "emptied) and QUIZAPP_TEST_REDIS_URL (a scratch Redis, flushed); .ci/run starts both"
    )
    return pytest.mark.skipif(bool(missing), reason=reason)


def flush_redis(url: str) -> None:
    """Forget limits counted by earlier runs (a scratch Redis only)."""
    import redis

    redis.Redis.from_url(url).flushdb()
