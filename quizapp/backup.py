"""Backups of the live database: SQLite's online backup API, or directions for PostgreSQL."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL

COUNTED = ("users", "attempts", "responses", "questions")


class BackupError(RuntimeError):
    """A backup that cannot be made; the message says why."""


@dataclass(frozen=True)
class BackupResult:
    source: Path
    target: Path
    counts: dict[str, int]


def sqlite_file(url: URL) -> Path | None:
    """The database file of a SQLite URL; None for other databases or an in-memory one."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def backup_sqlite(source: Path, target: Path) -> BackupResult:
    """A consistent copy of a SQLite database that other processes may be writing meanwhile.

    The copy is taken in one step of the online backup API, so it is one committed state (a
    transaction is in it whole or not at all); it is written beside the target, checked, and
    only then renamed into place.
    """
    if target.exists():
        raise BackupError(f"{target} already exists; choose a new file.")
    if not source.exists():
        raise BackupError(f"there is no database at {source}.")
    draft = target.with_name(target.name + ".part")
    draft.unlink(missing_ok=True)
    with _connect(source) as live, _connect(draft) as copy:
        live.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        problems = copy.execute("PRAGMA integrity_check").fetchone()[0]
        counts = {t: copy.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COUNTED}
    if problems != "ok":
        draft.unlink()
        raise BackupError(f"the copy failed its integrity check: {problems}")
    draft.rename(target)
    return BackupResult(source=source, target=target, counts=counts)


class _connect:
    """sqlite3 connection that is closed (not only committed) when the block ends."""

    def __init__(self, path: Path) -> None:
        self.connection = sqlite3.connect(path, timeout=30)

    def __enter__(self) -> sqlite3.Connection:
        return self.connection

    def __exit__(self, *exc) -> None:
        self.connection.close()


def postgres_directions(url: URL, target: str) -> str:
    """What to run instead on PostgreSQL, where pg_dump takes a consistent snapshot."""
    libpq = url.set(drivername="postgresql").render_as_string(hide_password=True)
    return (
        "This database is PostgreSQL: back it up with pg_dump, which copies one consistent "
        "snapshot while the app keeps running:\n"
        f"  pg_dump --format=custom --file '{target}' '{libpq}'\n"
        "Restore (servers stopped) into an empty database with:\n"
        f"  pg_restore --clean --if-exists --no-owner --dbname '{libpq}' '{target}'"
    )
