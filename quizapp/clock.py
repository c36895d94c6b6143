"""The time a request acts at: real UTC time, or the app's CLOCK setting (tests move it)."""

from __future__ import annotations

from datetime import datetime

from flask import current_app

from quizapp.models.users import utcnow


def now() -> datetime:
    """Naive UTC, as the database stores times. Set app.config["CLOCK"] to a callable to fake it."""
    clock = current_app.config.get("CLOCK")
    return clock() if clock else utcnow()
