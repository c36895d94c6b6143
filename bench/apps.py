"""The two WSGI apps bench/attempts.py serves under gunicorn: the quiz app and a bare baseline.

gunicorn --pythonpath bench 'apps:quiz()'     # QUIZAPP_BENCH_DB names the SQLite file
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


def hello() -> Flask:
    """The baseline: a bare Flask page, served by the same gunicorn settings."""
    app = Flask(__name__)

    @app.get("/")
    def index() -> str:
        return "Hello, World!"

    return app
