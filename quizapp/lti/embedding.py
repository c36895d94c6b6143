"""Running inside the LMS's iframe, for sessions that an LTI launch started and for no others.

A launch records the platform's origins in the session. While they are there, pages may be
framed by those origins only, and the session cookie is sent SameSite=None; Secure (a Lax cookie
is not sent inside a cross-site iframe, so the student would be logged out at the first click;
Partitioned keeps it working where third-party cookies are blocked).
Any other session keeps SameSite=Lax and frame-ancestors 'none'. Logging out ends it.
"""

from __future__ import annotations

from flask import Flask, session
from flask.sessions import SecureCookieSessionInterface
from flask_login import user_logged_out

from quizapp.security import allow_embedding

FRAME_KEY = "lti_frame"


def start_embedded_session(origins: list[str]) -> None:
    """Mark this browser session as launched from an LMS that may frame it."""
    session[FRAME_KEY] = sorted({o for o in origins if o})
    allow_embedding(session[FRAME_KEY])


def embedded_origins() -> list[str]:
    return list(session.get(FRAME_KEY) or [])


class LtiAwareSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session; SameSite=None; Secure only for LTI-launched sessions."""

    def get_cookie_samesite(self, app: Flask) -> str | None:
        return "None" if session.get(FRAME_KEY) else super().get_cookie_samesite(app)

    def get_cookie_secure(self, app: Flask) -> bool:
        return True if session.get(FRAME_KEY) else super().get_cookie_secure(app)

    def get_cookie_partitioned(self, app: Flask) -> bool:
        # CHIPS: browsers that block third-party cookies still keep one per LMS site.
        return True if session.get(FRAME_KEY) else super().get_cookie_partitioned(app)


def _frame_for_session() -> None:
    # Always set (to nothing outside LTI sessions): `g` can outlive a request in tests.
    allow_embedding(embedded_origins())


def _forget_frame(_app: Flask, **_extra: object) -> None:
    session.pop(FRAME_KEY, None)


def init_app(app: Flask) -> None:
    app.session_interface = LtiAwareSessionInterface()
    app.before_request(_frame_for_session)
    user_logged_out.connect(_forget_frame, app)
