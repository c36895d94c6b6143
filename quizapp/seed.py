"""One idempotent set-up routine, shared by `init-db`, the first start and the tests."""

from __future__ import annotations

from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import inspect, select

from quizapp.content import sync_banks
from quizapp.extensions import db
from quizapp.models import User

DEMO_USERS = (
    # email, name, role, password: printed on start so a new user can log straight in
    ("teacher@example.com", "Demo Teacher", "teacher", "teach-demo-2026"),
    ("student@example.com", "Demo Student", "student", "learn-demo-2026"),
)


def init_database(app: Flask) -> dict[str, int]:
    """Create or upgrade the schema, then load the article and the question banks."""
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        counts = sync_banks(Path(app.config["QUESTIONS_DIR"]))
        if app.config["SEED_DEMO_USERS"]:
            counts["demo_users"] = ensure_demo_users()
        return counts


def init_if_empty(app: Flask) -> bool:
    """On start: set up an empty database, or bring an older schema up to date.

    Production deployments run `init-db` before starting workers and may turn this off with
    AUTO_INIT_DB = False (several workers must not race to migrate).
    """
    with app.app_context():
        if not inspect(db.engine).has_table("alembic_version"):
            counts = init_database(app)
            app.logger.info("Initialised an empty database: %s", counts)
            return True
        if schema_is_current(app):
            return False
        upgrade(directory=app.extensions["migrate"].directory)
        app.logger.info("Upgraded the database schema to the latest migration")
        return True


def schema_is_current(app: Flask) -> bool:
    """Is the database at the newest migration?"""
    config = app.extensions["migrate"].migrate.get_config(app.extensions["migrate"].directory)
    head = ScriptDirectory.from_config(config).get_current_head()
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision() == head


def ensure_demo_users() -> int:
    created = 0
    for email, name, role, password in DEMO_USERS:
        if db.session.scalar(select(User).where(User.email == email)) is None:
            user = User(email=email, name=name, role=role)
            user.set_password(password)
            db.session.add(user)
            created += 1
    db.session.commit()
    return created


def create_user(email: str, password: str, role: str, name: str | None = None) -> User:
    """Create an account (the CLI's way to make teachers). Raises ValueError if taken."""
    email = email.strip().lower()
    if db.session.scalar(select(User).where(User.email == email)) is not None:
        raise ValueError(f"an account for {email} already exists")
    user = User(email=email, name=name or email.split("@")[0], role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user
