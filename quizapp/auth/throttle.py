"""Counting failures (wrong passwords, wrong join codes) against limits that fit a school.

Flask-Limiter's decorators count every request; these count only failures, keyed by account or
address, in the same storage as the decorators (memory in one process, Redis when configured, so
that every worker and server shares the count). Limits are settings, e.g. "10 per 15 minutes".
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import current_app
from limits import parse
from limits.strategies import MovingWindowRateLimiter

from quizapp.extensions import limiter


@dataclass(frozen=True)
class Throttle:
    name: str  # namespaces the keys in the shared storage
    setting: str  # the config key holding the limit

    def _strategy(self) -> MovingWindowRateLimiter | None:
        if not current_app.config.get("RATELIMIT_ENABLED", True):
            return None
        return MovingWindowRateLimiter(limiter.storage)

    def _item(self):
        return parse(current_app.config[self.setting])

    def wait(self, key: str) -> int:
        """Seconds until `key` may try again; 0 when it may try now."""
        strategy = self._strategy()
        if strategy is None:
            return 0
        with _storage_down_is_no_limit():
            if strategy.test(self._item(), self.name, key):
                return 0
            reset = strategy.get_window_stats(self._item(), self.name, key).reset_time
            return max(1, math.ceil(reset - time.time()))
        return 0

    def failed(self, key: str) -> None:
        """Count one failure for `key`."""
        strategy = self._strategy()
        if strategy is not None:
            with _storage_down_is_no_limit():
                strategy.hit(self._item(), self.name, key)

    def clear(self, key: str) -> None:
        """Forget `key`'s failures (after a success)."""
        strategy = self._strategy()
        if strategy is not None:
            with _storage_down_is_no_limit():
                strategy.clear(self._item(), self.name, key)


@contextmanager
def _storage_down_is_no_limit() -> Iterator[None]:
    """A Redis outage must not lock a whole school out: log it and let the request through
    (the address limits fall back to each process's memory meanwhile)."""
    try:
        yield
    except Exception:  # the storage backends raise their own connection errors
        current_app.logger.warning("rate-limit storage unavailable", exc_info=True)


LOGIN_ACCOUNT = Throttle("login-fail-account", "LOGIN_ACCOUNT_LIMIT")
JOIN_ACCOUNT = Throttle("join-fail-account", "JOIN_ACCOUNT_LIMIT")
JOIN_ADDRESS = Throttle("join-fail-address", "JOIN_ADDRESS_LIMIT")


def first_wait(checks: list[tuple[Throttle, str]]) -> int:
    """The longest wait among (throttle, key) pairs; 0 when none is exhausted."""
    return max((throttle.wait(key) for throttle, key in checks), default=0)


def in_words(seconds: int) -> str:
    """'3 minutes', '1 minute', '40 seconds': how long to wait, for a message."""
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
