"""The LMS-facing side: JWKS, OIDC login initiation, launch, module landing, deep linking."""

from __future__ import annotations

from flask import (
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.exception import LtiException, OIDCException
from pylti1p3.lineitem import LineItem
from sqlalchemy import select
from werkzeug.routing import BuildError

from quizapp.auth.decorators import teacher_required
from quizapp.auth.login import end_current_session, log_in
from quizapp.extensions import csrf, db, limiter
from quizapp.learn.forms import ActionForm
from quizapp.learn.services import module_progress
from quizapp.lti import bp, tool
from quizapp.lti.embedding import embedded_origins, start_embedded_session
from quizapp.lti.forms import DeepLinkForm
from quizapp.lti.keys import jwks as tool_jwks
from quizapp.lti.refusals import refusal_page
from quizapp.lti.services import LTI, SCORE_MAXIMUM, LaunchResult, accept_launch, claim
from quizapp.models import Module
from quizapp.security import allow_embedding

DEEP_LINKING = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
# Where a spaced-review link opens (the first endpoint the app has wins).
REVIEW_ENDPOINTS = ("learn.review_home", "learn.dashboard")


@bp.route("/jwks")
def jwks():
    """The tool's public keys (JWKS), for the platforms to verify what the tool signs."""
    response = jsonify(tool_jwks())
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@bp.route("/login", methods=["GET", "POST"])
@csrf.exempt
@limiter.limit("60 per minute")
def login():
    """OIDC third-party login initiation: send the browser back to the platform to sign in."""
    tool.purge_expired()  # each login stores a nonce; old ones go here, not in a cron job
    try:
        return tool.oidc_login().redirect(url_for("lti.launch", _external=True))
    except (OIDCException, LtiException) as exc:
        return refusal_page(exc)


@bp.route("/launch", methods=["POST"])
@csrf.exempt
@limiter.limit("60 per minute")
def launch():
    """Validate the id_token (pylti1p3), then sign the user in and open what the link points at."""
    try:
        message = tool.message_launch()
        message.validate()
        claims = dict(message.get_launch_data())
        platform = tool.find_platform(message.get_iss(), message.get_client_id())
        if platform is None:  # validated against a registration deleted meanwhile
            raise LtiException("Registration not found.")
        deep_link = message.is_deep_link_launch()
        if not deep_link and not message.is_resource_launch():
            raise LtiException("Unrecognized message type")
    except (LtiException, OIDCException) as exc:
        return refusal_page(exc)
    result = accept_launch(platform, claims, resource=not deep_link)
    _sign_in(result, platform, claims)
    if deep_link:
        return _picker(result, message.get_launch_id(), claims)
    return redirect(_landing(result))


def _sign_in(result: LaunchResult, platform, claims: dict) -> None:
    end_current_session()  # whoever used this browser before, the LMS now says who this is
    session.clear()
    log_in(result.user)
    presentation = claim(claims, LTI + "launch_presentation")
    settings = claim(claims, DEEP_LINKING)
    start_embedded_session(
        [
            tool.origin(platform.issuer),
            tool.origin(platform.auth_login_url),
            tool.origin(presentation.get("return_url")),
            tool.origin(settings.get("deep_link_return_url")),
        ]
    )


def _landing(result: LaunchResult) -> str:
    """The page the link opens: the module, its practice, or the review of missed questions."""
    slug = {"slug": result.module.slug} if result.module else {}
    if result.mode == "review":
        return _first_url(REVIEW_ENDPOINTS, {})
    if result.module is None:
        return url_for("learn.dashboard")
    if result.mode == "practice":
        return url_for("lti.module_page", mode="practice", **slug)
    return url_for("lti.module_page", **slug)


def _first_url(endpoints: tuple[str, ...], values: dict[str, str]) -> str:
    for endpoint in endpoints:
        if endpoint in current_app.view_functions:
            try:
                return url_for(endpoint, **values)
            except BuildError:
                continue
    return url_for("learn.dashboard")


@bp.route("/modules/<slug>")
@login_required
def module_page(slug: str):
    """Where a link to a module lands: the module with this student's grade and Start (or
    Practice first, for a practice link)."""
    module = db.first_or_404(select(Module).where(Module.slug == slug))
    progress = next((p for p in module_progress(current_user) if p.module.id == module.id), None)
    practice = request.args.get("mode") == "practice"
    return render_template(
        "lti/module.html", module=module, progress=progress, form=ActionForm(), practice=practice
    )


def _choices() -> list[tuple[str, str]]:
    modules = [p.module for p in module_progress(current_user)]
    return (
        [(f"module:{m.slug}", f"{m.title} (graded)") for m in modules]
        + [(f"practice:{m.slug}", f"Practice: {m.title}") for m in modules]
        + [("review:", "Spaced review of missed questions")]
    )


def _picker(result: LaunchResult, launch_id: str, claims: dict, form=None, status=200):
    if result.role != "teacher":
        return refusal_page(LtiException("Only teachers can add content"), status=403)
    form = form or DeepLinkForm(launch_id=launch_id)
    form.choice.choices = _choices()
    settings = claim(claims, DEEP_LINKING)
    return render_template("lti/deep_link.html", form=form, settings=settings), status


@bp.route("/deep-link", methods=["POST"])
@teacher_required
def deep_link():
    """Answer the platform's deep-linking request with the link the teacher picked (signed)."""
    form = DeepLinkForm()
    form.choice.choices = _choices()
    if not form.validate_on_submit():
        abort(400)
    try:
        message = tool.cached_launch(form.launch_id.data)
        claims = dict(message.get_launch_data())
        if not message.is_deep_link_launch():
            raise LtiException("Unrecognized message type")
    except (LtiException, OIDCException) as exc:
        return refusal_page(exc)
    resource = _resource(form.choice.data)
    if resource is None:
        abort(400)
    token = message.get_deep_link().get_response_jwt([resource])
    return_url = claim(claims, DEEP_LINKING).get("deep_link_return_url", "")
    allow_embedding(embedded_origins(), [tool.origin(return_url)])
    return render_template("lti/deep_link_return.html", return_url=return_url, token=token)


def _resource(choice: str) -> DeepLinkResource | None:
    mode, _, slug = choice.partition(":")
    module = db.session.scalar(select(Module).where(Module.slug == slug)) if slug else None
    if mode not in ("module", "practice", "review") or (mode != "review" and module is None):
        return None
    custom = {"mode": mode, **({"module": module.slug} if module else {})}
    title = {
        "module": module.title if module else "",
        "practice": f"Practice: {module.title}" if module else "",
        "review": "Spaced review",
    }[mode]
    resource = (
        DeepLinkResource()
        .set_url(url_for("lti.launch", _external=True))
        .set_title(title)
        .set_custom_params(custom)
    )
    if mode == "module":
        resource.set_lineitem(
            LineItem()
            .set_score_maximum(SCORE_MAXIMUM)
            .set_label(title)
            .set_resource_id(module.slug)
            .set_tag(f"closereading:{module.slug}")
        )
    return resource
