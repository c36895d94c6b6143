"""Configuration: class defaults <- instance/config.py <- environment <- test mapping."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def normalise_database_url(url: str) -> str:
    """Accept the `postgres://` scheme that Heroku-style hosts hand out."""
    if url.startswith("postgres://"):
        return "postgresql://" + url[len("postgres://") :]
    return url


class Config:
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}  # pool_pre_ping is added for database servers
    QUESTIONS_DIR = str(PROJECT_ROOT / "questions")
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024  # uploads over 2 MB are refused
    WTF_CSRF_TIME_LIMIT = None  # a student may spend an hour on a quiz page
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_DURATION = timedelta(days=30)
    LOGIN_SESSION_LIFETIME = timedelta(days=30)  # a login (remembered or not) ends after this
    RATELIMIT_STORAGE_URI = "memory://"  # RATELIMIT_STORAGE_URI or REDIS_URL: shared limits
    RATELIMIT_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True  # Redis down: limits fall back to memory, logins go on
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    # Sized for a class behind one school address: failures count per account, requests per
    # address generously (60 students logging in within a minute, with typos, pass).
    LOGIN_ACCOUNT_LIMIT = "10 per 15 minutes"  # failed logins per account
    LOGIN_ADDRESS_LIMIT = "300 per minute"  # login posts per address
    REGISTER_ADDRESS_LIMIT = "120 per hour"  # registrations posted per address
    JOIN_ACCOUNT_LIMIT = "10 per hour"  # wrong join codes per account
    JOIN_ADDRESS_LIMIT = "100 per hour"  # wrong join codes per address
    AUTO_INIT_DB = True  # an empty database is created and seeded on first start
    SEED_DEMO_USERS = True
    TRUSTED_PROXIES = 0  # reverse proxies in front of the app (their X-Forwarded-For is trusted)
    PRODUCTION = False  # QUIZAPP_PRODUCTION=1: refuse to start without a real SECRET_KEY


MIN_SECRET_LENGTH = 32


def is_production(config: dict) -> bool:
    """Outside debug and tests, a deployment is production when it says so
    (QUIZAPP_PRODUCTION=1) or keeps its data in a database server rather than a local file."""
    if config.get("DEBUG") or config.get("TESTING"):
        return False
    database = config.get("SQLALCHEMY_DATABASE_URI") or "sqlite:"
    return bool(config.get("PRODUCTION")) or not database.startswith("sqlite:")


def check_secret_key(config: dict) -> None:
    """Refuse to start a production deployment without a real SECRET_KEY.

    The instance/secret_key file suits `make run` on one machine; several servers must share one
    key, and a guessable key lets anyone forge a session cookie.
    """
    if not is_production(config):
        return
    key = config.get("SECRET_KEY") or ""
    if not key:
        raise RuntimeError(
            "SECRET_KEY is not set. Production (a database server, or QUIZAPP_PRODUCTION=1) "
            "needs one key shared by every server, e.g. "
            "SECRET_KEY=\"$(python -c 'import secrets; print(secrets.token_hex(32))')\"."
        )
    if len(key) < MIN_SECRET_LENGTH:
        raise RuntimeError(
            f"SECRET_KEY is too weak: use at least {MIN_SECRET_LENGTH} random characters."
        )


def load_environment(config: dict) -> None:
    """Overlay settings taken from the environment (12-factor style)."""
    if os.environ.get("SECRET_KEY"):
        config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    if os.environ.get("DATABASE_URL"):
        config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(os.environ["DATABASE_URL"])
    storage = os.environ.get("RATELIMIT_STORAGE_URI") or os.environ.get("REDIS_URL")
    if storage:
        config["RATELIMIT_STORAGE_URI"] = storage
    if os.environ.get("QUIZAPP_PRODUCTION", "").lower() in ("1", "true", "yes"):
        config["PRODUCTION"] = True
    if os.environ.get("TRUSTED_PROXIES", "").isdigit():
        config["TRUSTED_PROXIES"] = int(os.environ["TRUSTED_PROXIES"])
    if os.environ.get("QUIZAPP_QUESTIONS_DIR"):
        config["QUESTIONS_DIR"] = os.environ["QUIZAPP_QUESTIONS_DIR"]
