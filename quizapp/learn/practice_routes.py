"""Practice, retry-my-mistakes and spaced review: one question per page, checked at once."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from quizapp.clock import now
from quizapp.learn import bp
from quizapp.learn.cards import due_count, due_forecast
from quizapp.learn.forms import ActionForm
from quizapp.learn.practice import (
    AttemptLocked,
    check,
    next_slot,
    reveal,
    session_rules,
    start_practice,
    start_retry,
    start_review,
)
from quizapp.learn.practice_view import practice_slot_view, source_versions
from quizapp.learn.routes import begin, own_attempt
from quizapp.learn.services import field_name
from quizapp.question_types import ResponseError, get_type
from quizapp.quiz_rules import tries_left


def _slot_url(attempt, slot=None):
    return url_for("learn.practice", attempt_id=attempt.id, slot=slot or next_slot(attempt) or 0)


@bp.route("/modules/<slug>/practice", methods=["POST"])
@login_required
def start_practice_view(slug: str):
    """Start (or resume) practice of a module: ungraded, one question per page."""
    return begin(slug, lambda module: start_practice(current_user, module), _slot_url)


@bp.route("/attempts/<int:attempt_id>/retry", methods=["POST"])
@login_required
def retry_mistakes(attempt_id: int):
    """Practise exactly the questions missed or partly right in a graded attempt."""
    graded = own_attempt(attempt_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if not (graded.is_graded and graded.is_submitted):
        flash("Only a submitted graded attempt has mistakes to retry.", "error")
        return redirect(url_for("learn.attempt", attempt_id=graded.id))
    if not session_rules(graded).shows_outcomes or not session_rules(graded).practice_enabled:
        flash("Your teacher has not made this quiz's answers available to practise.", "info")
        return redirect(url_for("learn.attempt", attempt_id=graded.id))
    retry = start_retry(current_user, graded)
    if retry.attempt is None:
        flash("Nothing to retry: every question was right (or has been withdrawn).", "success")
        return redirect(url_for("learn.attempt", attempt_id=graded.id))
    if retry.changed:
        flash(
            f"{retry.changed} of these questions changed since your attempt; you get the "
            "current version.",
            "info",
        )
    if retry.dropped:
        flash(f"{retry.dropped} question(s) you missed were withdrawn and are left out.", "info")
    return redirect(_slot_url(retry.attempt))


@bp.route("/review")
@login_required
def review_home():
    """How many review cards are due today, and a button to start a session."""
    at = now()
    return render_template(
        "learn/review_home.html",
        due=due_count(current_user.id, at),
        forecast=due_forecast(current_user.id, at),
        form=ActionForm(),
    )


@bp.route("/review", methods=["POST"])
@login_required
def start_review_view():
    """Start a session of up to 20 due cards."""
    if not ActionForm().validate_on_submit():
        abort(400)
    attempt = start_review(current_user, now())
    if attempt is None:
        flash("Nothing is due for review right now. Well done!", "success")
        return redirect(url_for("learn.review_home"))
    return redirect(_slot_url(attempt))


@bp.route("/attempts/<int:attempt_id>/q/<int:slot>")
@login_required
def practice(attempt_id: int, slot: int):
    """One question of a practice or review session (slot 0: the summary)."""
    attempt = own_attempt(attempt_id)
    if attempt.is_graded:
        return redirect(url_for("learn.attempt", attempt_id=attempt.id))
    return _render(attempt, slot)


@bp.route("/attempts/<int:attempt_id>/q/<int:slot>", methods=["POST"])
@login_required
def practice_check(attempt_id: int, slot: int):
    """Check one answer (or show the answer) and show the result at once."""
    attempt = own_attempt(attempt_id)
    if attempt.is_graded:
        abort(404)
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    response = _response(attempt, slot)
    if attempt.is_submitted or response.finished_at is not None:
        flash("This question is already done; nothing was changed.", "info")
        return redirect(url_for("learn.practice", attempt_id=attempt.id, slot=slot))
    rules = session_rules(attempt)
    try:
        if request.form.get("action") == "reveal":
            reveal(attempt, response, now())
            return redirect(url_for("learn.practice", attempt_id=attempt.id, slot=slot))
        answer = get_type(response.version.type).read_response(
            response.version.data, response.layout, request.form, field_name(response)
        )
        if answer is None:
            return _render(
                attempt, slot, error="Choose or type an answer before you check it.", status=422
            )
        check(attempt, response, answer, rules, now())
    except ResponseError as exc:
        return _render(attempt, slot, error=str(exc), status=422)
    except AttemptLocked as exc:
        flash(str(exc), "info")
    return redirect(url_for("learn.practice", attempt_id=attempt.id, slot=slot, checked=1))


def _response(attempt, slot: int):
    response = next((r for r in attempt.responses if r.slot == slot), None)
    if response is None:
        abort(404)
    return response


def _render(attempt, slot: int, error: str | None = None, status: int = 200):
    rules = session_rules(attempt)
    if slot == 0:
        if next_slot(attempt) is not None and not attempt.is_submitted:
            return redirect(_slot_url(attempt))
        return render_template("learn/practice_done.html", attempt=attempt, form=ActionForm())
    response = _response(attempt, slot)
    view = practice_slot_view(
        attempt, response, rules, source_versions(attempt), error, request.form if error else None
    )
    return (
        render_template(
            "learn/practice.html",
            attempt=attempt,
            s=view,
            form=ActionForm(),
            tries_left=tries_left(response.tries, rules),
            rules=rules,
            just_checked=request.args.get("checked") == "1",
        ),
        status,
    )
