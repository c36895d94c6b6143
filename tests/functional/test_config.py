"""Settings that must be right before the app serves anyone."""

from __future__ import annotations

import pytest

from quizapp import _instance_secret, create_app

SERVER_DB = "postgresql+psycopg://quiz@db.invalid/quizapp"
REAL_KEY = "k" * 40


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in ("SECRET_KEY", "DATABASE_URL", "QUIZAPP_PRODUCTION", "FLASK_DEBUG"):
        monkeypatch.delenv(name, raising=False)


def build(**config):
    return create_app({"AUTO_INIT_DB": False, **config})


def test_a_database_server_without_a_secret_key_refuses_to_start():
    with pytest.raises(RuntimeError, match="SECRET_KEY is not set"):
        build(SQLALCHEMY_DATABASE_URI=SERVER_DB)


def test_the_production_flag_refuses_to_start_without_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.setenv("QUIZAPP_PRODUCTION", "1")
    with pytest.raises(RuntimeError, match="SECRET_KEY is not set"):
        build(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/q.sqlite")


def test_a_short_secret_key_is_refused_in_production(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "dev")
    with pytest.raises(RuntimeError, match="too weak"):
        build(SQLALCHEMY_DATABASE_URI=SERVER_DB)


def test_a_real_secret_key_from_the_environment_starts(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", REAL_KEY)
    assert build(SQLALCHEMY_DATABASE_URI=SERVER_DB).config["SECRET_KEY"] == REAL_KEY


def test_debug_and_tests_may_use_the_instance_key():
    assert build(SQLALCHEMY_DATABASE_URI=SERVER_DB, DEBUG=True).config["SECRET_KEY"]
    assert build(SQLALCHEMY_DATABASE_URI=SERVER_DB, TESTING=True).config["SECRET_KEY"]


def test_the_instance_key_is_made_once_and_kept_private(tmp_path):
    key = _instance_secret(tmp_path)
    assert len(key) == 64 and _instance_secret(tmp_path) == key
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]


def test_redis_url_moves_the_limits_to_redis(monkeypatch, tmp_path):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")
    app = build(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/q.sqlite", TESTING=True)
    assert app.config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:1/0"
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "memory://")
    app = build(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/q.sqlite", TESTING=True)
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"
