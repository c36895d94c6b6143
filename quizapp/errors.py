"""Friendly error pages; a bad request never shows a stack trace."""

from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError

from quizapp.extensions import db

MESSAGES = {
    400: ("Bad request", "The request could not be understood."),
    403: ("Not allowed", "You do not have access to this page."),
    404: ("Not found", "There is nothing at this address."),
    405: ("Not allowed", "That action is not available here."),
    413: ("File too large", "Uploads are limited to 2 MB. Split the file or remove images."),
    429: ("Slow down", "Too many attempts. Wait a minute and try again."),
    500: ("Something went wrong", "The error has been logged. Your saved work is safe."),
}


def _page(code: int, detail: str | None = None):
    title, message = MESSAGES.get(code, MESSAGES[500])
    return render_template(
        "errors/error.html", code=code, title=title, message=detail or message
    ), code


def register(app: Flask) -> None:
    for code in MESSAGES:
        if code == 500:
            continue
        app.register_error_handler(code, lambda exc, code=code: _page(code))

    @app.errorhandler(CSRFError)
    def csrf_error(exc):
        return _page(
            400,
            "Your form expired or was sent from elsewhere. Go back, reload the "
            "page and send it again; nothing was saved.",
        )

    @app.errorhandler(500)
    def server_error(exc):
        db.session.rollback()
        return _page(500)


def error_page(code: int, detail: str | None = None):
    """The friendly error page and its status, for a refusal made outside a view."""
    return _page(code, detail)
