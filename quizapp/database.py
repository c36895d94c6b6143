"""Engine settings: SQLite tuned for a web server on every connection it opens."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

# WAL lets readers carry on while one request writes (and a commit appends to the log instead of
# rewriting pages); NORMAL syncs at checkpoints rather than at every commit, which WAL keeps safe
# from corruption; the busy timeout makes a writer wait for the lock instead of failing at once
# with "database is locked" when two workers commit together.
SQLITE_PRAGMAS = ("journal_mode=WAL", "synchronous=NORMAL", "busy_timeout=5000")


def tune_sqlite(engine: Engine) -> None:
    """Run the pragmas on every new connection of a SQLite engine; other databases untouched."""
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _set_pragmas)


def _set_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(f"PRAGMA {pragma}")
    finally:
        cursor.close()
