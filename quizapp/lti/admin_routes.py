"""The teacher's side: registrations and the values to paste into an LMS, and per LMS course the
gradebook columns, grades sent or failing (with a button to send again) and the roster sync."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import func, select

from quizapp.auth.decorators import teacher_required
from quizapp.extensions import db
from quizapp.lti import bp
from quizapp.lti.forms import ActionForm
from quizapp.lti.grades import course_grades, send_rows, unsent
from quizapp.lti.roster import RosterError, sync_roster
from quizapp.lti.services import owned_context, teacher_contexts
from quizapp.models.lti import LtiContext, LtiGradeSync, LtiLineItem, LtiPlatform


def tool_urls() -> dict[str, str]:
    """What an LMS admin pastes into the tool registration form."""
    return {
        "login": url_for("lti.login", _external=True),
        "launch": url_for("lti.launch", _external=True),
        "jwks": url_for("lti.jwks", _external=True),
        "deep_link": url_for("lti.launch", _external=True),
    }


def _failed_counts(contexts: list[LtiContext]) -> dict[int, int]:
    if not contexts:
        return {}
    rows = db.session.execute(
        select(LtiLineItem.context_id, func.count(LtiGradeSync.id))
        .join(LtiGradeSync, LtiGradeSync.line_item_id == LtiLineItem.id)
        .where(
            LtiLineItem.context_id.in_([c.id for c in contexts]),
            LtiGradeSync.status != "sent",
        )
        .group_by(LtiLineItem.context_id)
    )
    return dict(rows.all())


@bp.route("/")
@teacher_required
def index():
    """Registered platforms, the tool's URLs, and the teacher's LMS courses."""
    platforms = db.session.scalars(select(LtiPlatform).order_by(LtiPlatform.issuer)).all()
    contexts = teacher_contexts(current_user)
    return render_template(
        "lti/index.html",
        platforms=platforms,
        urls=tool_urls(),
        contexts=contexts,
        unsent=_failed_counts(contexts),
    )


def _context_or_404(context_id: int) -> LtiContext:
    context = owned_context(current_user, context_id)
    if context is None:
        abort(404)
    return context


@bp.route("/courses/<int:context_id>")
@teacher_required
def course(context_id: int):
    """One LMS course: its class, links, grades sent or owed, and the roster sync."""
    context = _context_or_404(context_id)
    items = db.session.scalars(
        select(LtiLineItem).where(LtiLineItem.context_id == context.id).order_by(LtiLineItem.id)
    ).all()
    return render_template(
        "lti/course.html",
        context=context,
        items=items,
        grades=course_grades(context),
        form=ActionForm(),
    )


@bp.route("/courses/<int:context_id>/roster", methods=["POST"])
@teacher_required
def sync(context_id: int):
    """Read the course roster from the LMS (NRPS) and enrol its students in the class."""
    context = _context_or_404(context_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        result = sync_roster(context)
    except RosterError as exc:
        flash(str(exc), "error")
    else:
        flash(
            f"Roster synced: {result.members} member(s) in the LMS course, {result.students} "
            f"student(s), {result.enrolled} newly added to the class.",
            "success",
        )
    return redirect(url_for("lti.course", context_id=context.id))


@bp.route("/courses/<int:context_id>/grades", methods=["POST"])
@teacher_required
def resend(context_id: int):
    """Send again every grade of this course that has not reached the LMS."""
    context = _context_or_404(context_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    rows = unsent(context)
    if not rows:
        flash("Every grade has reached the LMS.", "info")
    else:
        sent, failed = send_rows(rows)
        category = "error" if failed else "success"
        flash(f"{sent} grade(s) sent, {failed} still failing.", category)
    return redirect(url_for("lti.course", context_id=context.id))
