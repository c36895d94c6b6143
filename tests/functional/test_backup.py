"""`flask --app quizapp backup PATH`: a consistent copy of the live database, and its restore."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from pathlib import Path

from sqlalchemy import select

from quizapp import create_app
from quizapp.extensions import db
from quizapp.models import Attempt
from tests.conftest import STUDENT_PASSWORD, _config, login
from tests.functional.helpers import attempt_id_from, correct_form


class Writer(threading.Thread):
    """Load while the backup runs: each transaction adds a user and that user's login session,
    so a copy that caught half a transaction would show a user without a session."""

    def __init__(self, path: Path, password_hash: str) -> None:
        super().__init__(daemon=True)
        self.path, self.password_hash = path, password_hash
        self.committed: list[str] = []
        self.stop = threading.Event()

    def run(self) -> None:
        connection = sqlite3.connect(self.path, timeout=30)
        n = 0
        while not self.stop.is_set():
            email = f"load{n}@example.com"
            with connection:
                cursor = connection.execute(
                    "INSERT INTO users (email, name, password_hash, role, created_at) "
                    "VALUES (?, 'Load', ?, 'student', CURRENT_TIMESTAMP)",
                    (email, self.password_hash),
                )
                connection.execute(
                    "INSERT INTO login_sessions (user_id, token_hash, created_at) "
                    "VALUES (?, ?, CURRENT_TIMESTAMP)",
                    (cursor.lastrowid, f"{n:064d}"),
                )
            self.committed.append(email)
            n += 1
        connection.close()


def submitted_attempt(client) -> int:
    page = client.post("/modules/history/start", follow_redirects=True)
    attempt_id = attempt_id_from(page)
    client.post(f"/attempts/{attempt_id}", data=correct_form(db.session.get(Attempt, attempt_id)))
    return attempt_id


def test_backup_under_load_then_restore_keeps_everything(app, runner, student, tmp_path):
    client = app.test_client()
    login(client, student.email, STUDENT_PASSWORD)
    attempt_id = submitted_attempt(client)
    live = Path(db.engine.url.database)
    writer = Writer(live, student.password_hash)
    writer.start()
    while len(writer.committed) < 50:  # the load is well under way
        threading.Event().wait(0.01)
    before = list(writer.committed)
    result = runner.invoke(args=["backup", str(tmp_path / "copy.sqlite")])
    after = len(writer.committed)
    writer.stop.set()
    writer.join()
    assert result.exit_code == 0, result.output
    assert f"Backed up {live} to {tmp_path / 'copy.sqlite'}" in result.output
    assert len(writer.committed) > after >= len(before)  # writes went on during and after

    # Restore as the README says: servers stopped, the copy put in place of the database.
    restored = tmp_path / "restored" / "quizapp.sqlite"
    restored.parent.mkdir()
    shutil.copy(tmp_path / "copy.sqlite", restored)
    with sqlite3.connect(restored) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        emails = {e for (e,) in copy.execute("SELECT email FROM users WHERE name = 'Load'")}
        orphans = copy.execute(
            "SELECT count(*) FROM users u LEFT JOIN login_sessions s ON s.user_id = u.id "
            "WHERE u.name = 'Load' AND s.id IS NULL"
        ).fetchone()[0]
    assert set(before) <= emails  # everything committed before the backup began is in it
    assert emails <= set(writer.committed[:after])  # nothing committed after it ended
    assert orphans == 0  # and no half transaction

    restored_app = create_app(_config(restored))
    with restored_app.app_context():
        again = restored_app.test_client()
        assert "Hello, Ada" in login(again, student.email, STUDENT_PASSWORD).text
        review = again.get(f"/attempts/{attempt_id}")
        assert "your result" in review.text and "100%" in review.text
        assert db.session.scalar(select(Attempt.score).where(Attempt.id == attempt_id))
        db.engine.dispose()


def test_backup_refuses_to_overwrite_a_file(runner, tmp_path):
    target = tmp_path / "exists.sqlite"
    target.write_text("keep me")
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 1 and "already exists; choose a new file" in result.output
    assert target.read_text() == "keep me"


def test_backup_on_postgres_says_to_use_pg_dump(tmp_path):
    url = "postgresql+psycopg://quiz:hunter2@db.invalid/quizapp"
    app = create_app(_config(tmp_path / "unused.sqlite", SQLALCHEMY_DATABASE_URI=url))
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "b.dump")])
    assert result.exit_code == 2
    assert "pg_dump --format=custom" in result.output and "pg_restore" in result.output
    assert "hunter2" not in result.output
    assert not (tmp_path / "b.dump").exists()
