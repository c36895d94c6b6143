"""Every SQLite connection is tuned for a web server: WAL, NORMAL sync, a busy timeout."""

from sqlalchemy import create_engine, event, text

from quizapp.database import _set_pragmas, tune_sqlite
from quizapp.extensions import db


def pragmas(connection) -> tuple:
    return tuple(
        connection.execute(text(f"PRAGMA {name}")).scalar()
        for name in ("journal_mode", "synchronous", "busy_timeout")
    )


def test_the_app_connections_use_wal_normal_sync_and_wait_for_locks(app):
    with db.engine.connect() as connection:
        assert pragmas(connection) == ("wal", 1, 5000)  # synchronous 1 = NORMAL


def test_an_untuned_engine_keeps_sqlite_defaults(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'plain.sqlite'}")
    with engine.connect() as connection:
        assert pragmas(connection)[0] == "delete"
    tuned = create_engine(f"sqlite:///{tmp_path / 'tuned.sqlite'}")
    tune_sqlite(tuned)
    with tuned.connect() as connection:
        assert pragmas(connection) == ("wal", 1, 5000)
    engine.dispose()
    tuned.dispose()


def test_other_databases_get_no_sqlite_pragmas():
    engine = create_engine("postgresql+psycopg://nobody@localhost/none")
    tune_sqlite(engine)  # must not register a listener that would send PRAGMA to PostgreSQL
    assert not event.contains(engine, "connect", _set_pragmas)
