"""Reading quizzes built from a news article: the application factory."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter

from quizapp.config import PROJECT_ROOT, Config, check_secret_key, load_environment
from quizapp.database import tune_sqlite
from quizapp.extensions import csrf, db, limiter, login_manager, migrate

MIGRATIONS_DIR = str(Path(__file__).resolve().parent / "migrations")


class DatabaseId(IntegerConverter):
    """`<int:...>` in URLs, capped at the largest id a database column holds: a longer number
    is a plain 404 instead of an overflow inside the database driver."""

    def __init__(self, url_map, *args, **kwargs):
        from quizapp.models import MAX_ID

        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: settings, extensions, blueprints, commands, error pages."""
    app = Flask(
        __name__,
        instance_path=str(PROJECT_ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    configure(app, config)
    trust_proxies(app)
    app.url_map.converters["int"] = DatabaseId
    register_extensions(app)
    register_blueprints(app)
    register_template_helpers(app)
    register_errorhandlers(app)
    register_commands(app)
    if app.config["AUTO_INIT_DB"]:
        from quizapp.seed import init_if_empty

        init_if_empty(app)
    return app


def configure(app: Flask, config: Mapping[str, Any] | None) -> None:
    app.config.from_object(Config)
    app.config.from_pyfile("config.py", silent=True)
    load_environment(app.config)
    if config:
        app.config.update(config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + str(
            Path(app.instance_path) / "quizapp.sqlite"
        )
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app.config)
    check_secret_key(app.config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path))


def engine_options(config: Mapping[str, Any]) -> dict[str, Any]:
    """A database server's pooled connections are pinged before use (it may have closed them);
    a SQLite file cannot go away, so its connections skip that extra statement per request."""
    options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    if not str(config["SQLALCHEMY_DATABASE_URI"]).startswith("sqlite:"):
        options.setdefault("pool_pre_ping", True)
    return options


def trust_proxies(app: Flask) -> None:
    """Behind N reverse proxies (TRUSTED_PROXIES), take the client's address from
    X-Forwarded-For, so per-address limits count schools, not the load balancer."""
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def _instance_secret(instance: Path) -> str:
    """A random key kept in instance/ so sessions survive restarts without any set-up.

    Several workers may start at once: the key is written aside and linked into place, so the
    first one wins and every worker reads the same key.
    """
    import os
    import secrets

    path = instance / "secret_key"
    if not path.exists():
        draft = instance / f".secret_key.{os.getpid()}"
        draft.write_text(secrets.token_hex(32))
        draft.chmod(0o600)
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()


def register_extensions(app: Flask) -> None:
    from quizapp import models  # noqa: F401  (models must be imported before migrations run)

    db.init_app(app)
    with app.app_context():
        tune_sqlite(db.engine)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to continue."
    login_manager.login_message_category = "info"


def register_blueprints(app: Flask) -> None:
    from quizapp.auth import bp as auth_bp
    from quizapp.learn import bp as learn_bp
    from quizapp.lti import bp as lti_bp
    from quizapp.reports import bp as reports_bp
    from quizapp.teach import bp as teach_bp

    for blueprint in (auth_bp, learn_bp, teach_bp, reports_bp, lti_bp):
        app.register_blueprint(blueprint)


def register_template_helpers(app: Flask) -> None:
    from quizapp.rendering import register_filters
    from quizapp.static_files import register as register_static_files

    register_filters(app)
    register_static_files(app)


def register_errorhandlers(app: Flask) -> None:
    from quizapp.errors import register
    from quizapp.security import register as register_security_headers

    register(app)
    register_security_headers(app)


def register_commands(app: Flask) -> None:
    from quizapp.cli import register

    register(app)
