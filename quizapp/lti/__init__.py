"""LTI 1.3 tool: OIDC login, launches, deep linking, grades back (AGS) and rosters (NRPS)."""

from flask import Blueprint

bp = Blueprint("lti", __name__, url_prefix="/lti")


@bp.record_once
def _setup(state) -> None:
    """Iframe sessions for launches, and grade passback on submit (connected once per app)."""
    from quizapp.events import attempt_submitted
    from quizapp.lti.embedding import init_app
    from quizapp.lti.grades import on_attempt_submitted

    init_app(state.app)
    attempt_submitted.connect(on_attempt_submitted)
    if state.app.config.get("LTI_BEHIND_PROXY"):
        # Behind a TLS-terminating proxy: see https (Secure cookies, https:// URLs in the
        # launch redirect and the deep-linking answer) from the X-Forwarded-* headers.
        from werkzeug.middleware.proxy_fix import ProxyFix

        state.app.wsgi_app = ProxyFix(state.app.wsgi_app, x_for=1, x_proto=1, x_host=1)


from quizapp.lti import admin_routes, routes  # noqa: E402, F401
