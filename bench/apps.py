"""The two WSGI apps bench/attempts.py serves under gunicorn: the quiz app and a bare baseline.

gunicorn --pythonpath bench 'apps:quiz()'     # QUIZAPP_BENCH_DB names the SQLite file
gunicorn --pythonpath bench 'apps:signed_in()'  # the same, plus a page that only checks the login
gunicorn --pythonpath bench 'apps:hello()'
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from flask import Flask

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def quiz_config(db_path: str) -> dict:
    """The app as deployed (CSRF on), minus the log-in throttle: every benchmark client logs in
    from 127.0.0.1, which the per-address limit would (rightly) stop."""
    return {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}",
        "SECRET_KEY": "bench-secret-key",
        "RATELIMIT_ENABLED": False,
        "AUTO_INIT_DB": False,
        "SEED_DEMO_USERS": False,
    }


def quiz() -> Flask:
    """The quiz app over the database the benchmark prepared."""
    from quizapp import create_app

    return create_app(quiz_config(os.environ["QUIZAPP_BENCH_DB"]))


def signed_in() -> Flask:
    """The quiz app with one more page that does nothing but require a login: what every page a
    student sees costs at least (the session cookie, the session row and its user, one SQL
    statement), the floor under the quiz page."""
    from flask_login import current_user, login_required

    app = quiz()

    @app.get("/bench/signed-in")
    @login_required
    def signed_in_page() -> str:
        return f"Hello, {current_user.name}"

    return app


def hello() -> Flask:
    """The baseline: a bare Flask page, served by the same gunicorn settings."""
    app = Flask(__name__)

    @app.get("/")
    def index() -> str:
        return "Hello, World!"

    return app
