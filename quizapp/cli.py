"""Commands: `flask --app quizapp init-db | create-user | demo-logins | reset-password | backup`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from sqlalchemy import func, select

from quizapp.backup import BackupError, backup_sqlite, postgres_directions, sqlite_file
from quizapp.bank.loader import BankError
from quizapp.extensions import db
from quizapp.models import Module, Question
from quizapp.models.users import ROLES
from quizapp.seed import DEMO_USERS, create_user, init_database

MIN_PASSWORD = 8


@click.command("init-db")
def init_db_command() -> None:
    """Create or upgrade the schema and load the article and question banks (idempotent)."""
    try:
        counts = init_database(current_app)
    except BankError as exc:
        for problem in exc.problems:
            click.echo(f"error: {problem}", err=True)
        raise click.exceptions.Exit(1) from None
    click.echo(f"Database ready ({_safe_url()}): {_question_total()}.")
    click.echo(
        f"This run: {counts['questions_created']} question(s) added, "
        f"{counts['questions_updated']} updated from questions/"
        + (f", {counts['edits_kept']} edited in the app kept." if counts["edits_kept"] else ".")
    )


def _safe_url() -> str:
    return db.engine.url.render_as_string(hide_password=True)


def _question_total() -> str:
    modules = db.session.scalar(select(func.count(Module.id)))
    questions = db.session.scalar(
        select(func.count(Question.id)).where(Question.retired.is_(False))
    )
    return f"{modules} modules, {questions} questions"


@click.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), default="student", show_default=True)
@click.option("--name", default=None, help="Display name (defaults to the part before @).")
@click.option("--password", default=None, help="Prompted for (hidden) when not given.")
def create_user_command(email: str, role: str, name: str | None, password: str | None) -> None:
    """Create an account; teachers are created this way."""
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < MIN_PASSWORD:
        raise click.BadParameter(f"use at least {MIN_PASSWORD} characters", param_hint="password")
    if "@" not in email:
        raise click.BadParameter("not an email address", param_hint="EMAIL")
    try:
        user = create_user(email, password, role, name)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Created {user.role} {user.email}.")


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(path: Path) -> None:
    """Copy the live SQLite database to PATH while the app runs (on PostgreSQL: use pg_dump)."""
    source = sqlite_file(db.engine.url)
    if source is None:
        click.echo(postgres_directions(db.engine.url, str(path)), err=True)
        raise click.exceptions.Exit(2)
    try:
        result = backup_sqlite(source, path)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    counts = ", ".join(f"{n} {table}" for table, n in result.counts.items())
    click.echo(f"Backed up {source} to {path} ({counts}).")
    click.echo(
        f"Restore: stop the app, delete {source.name}-wal and {source.name}-shm if present, "
        f"copy {path} over {source}, start the app."
    )


@click.command("demo-logins")
def demo_logins_command() -> None:
    """Print the demo accounts created on first start."""
    for email, _name, role, password in DEMO_USERS:
        click.echo(f"  {role:8} {email}  password: {password}")


@click.command("reset-password")
@click.argument("email")
@click.option(
    "--base-url",
    default=None,
    help="Where the app is served (default: the BASE_URL setting, else http://127.0.0.1:5000).",
)
def reset_password_command(email: str, base_url: str | None) -> None:
    """Print a one-time password-reset link for an account (nothing is mailed)."""
    from flask import url_for

    from quizapp.auth.account import RESET_HOURS, issue_reset
    from quizapp.auth.services import find_user

    user = find_user(email)
    if user is None or user.deleted_at is not None:
        raise click.ClickException(f"no account for {email}")
    token = issue_reset(user)
    base = base_url or current_app.config.get("BASE_URL") or "http://127.0.0.1:5000"
    with current_app.test_request_context(base_url=base):
        link = url_for("auth.reset_password", token=token, _external=True)
    click.echo(f"One-time link for {user.email}, valid {RESET_HOURS} hours:")
    click.echo(link)


def register(app: Flask) -> None:
    from quizapp.articles.cli import ARTICLE_COMMANDS
    from quizapp.bank.cli import BANK_COMMANDS
    from quizapp.lti.cli import LTI_COMMANDS
    from quizapp.reports.cli import REPORT_COMMANDS
    from quizapp.teach.draft_cli import DRAFT_COMMANDS

    for command in (
        init_db_command,
        create_user_command,
        demo_logins_command,
        reset_password_command,
        backup_command,
        *BANK_COMMANDS,
        *REPORT_COMMANDS,
        *DRAFT_COMMANDS,
        *LTI_COMMANDS,
        *ARTICLE_COMMANDS,
    ):
        app.cli.add_command(command)
