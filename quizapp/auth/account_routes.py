"""A person's own account: reset a forgotten password with a one-time link, download one's
data, delete one's account. Every change is a CSRF-checked POST."""

from __future__ import annotations

import json

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required, logout_user

from quizapp.auth import bp
from quizapp.auth.account import delete_account, find_reset, personal_data, use_reset
from quizapp.auth.forms import DeleteAccountForm, ResetPasswordForm
from quizapp.extensions import limiter


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def reset_password(token: str):
    """Choose a new password with a one-time link from a teacher (or the command line)."""
    if find_reset(token) is None:
        return render_template("auth/reset_invalid.html"), 404
    form = ResetPasswordForm()
    if form.validate_on_submit():
        if use_reset(token, form.password.data) is None:  # used meanwhile by another submit
            return render_template("auth/reset_invalid.html"), 404
        if current_user.is_authenticated:
            logout_user()
        flash("Your new password is set. Log in with it.", "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form), 422 if form.errors else 200


@bp.route("/account/data.json")
@login_required
def my_data():
    """Everything kept about the logged-in person, as a JSON download."""
    body = json.dumps(personal_data(current_user), ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="my-data.json"'},
    )


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per minute", methods=["POST"])
def delete_me():
    """A student deletes their account after typing their password again."""
    if current_user.is_teacher:
        abort(403)
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if current_user.check_password(form.password.data):
            delete_account(current_user._get_current_object())
            logout_user()
            flash("Your account is deleted. Your answers stay only as anonymous numbers.", "info")
            return redirect(url_for("auth.login"))
        form.password.errors.append("That is not your password.")
    return render_template("auth/delete.html", form=form), 422 if form.errors else 200
