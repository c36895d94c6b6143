from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from quizapp.auth import bp
from quizapp.auth.forms import ChangePasswordForm, LoginForm, LogoutForm, RegisterForm
from quizapp.auth.services import authenticate, change_password, register_student
from quizapp.extensions import limiter


def _safe_next(default: str) -> str:
    """Follow `next` only when it stays on this site (a relative path)."""
    target = request.args.get("next", "")
    parts = urlsplit(target)
    if target.startswith("/") and not target.startswith("//") and not parts.netloc:
        return target
    return default


def _home() -> str:
    return url_for("learn.dashboard")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
def login():
    """Log in by email and password."""
    if current_user.is_authenticated:
        return redirect(_home())
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            flash(f"Welcome back, {user.name}.", "success")
            return redirect(_safe_next(_home()))
        form.password.errors.append("Email or password is not right.")
    return render_template("auth/login.html", form=form), 422 if form.errors else 200


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def register():
    """Create a student account and log straight in."""
    if current_user.is_authenticated:
        return redirect(_home())
    form = RegisterForm()
    if form.validate_on_submit():
        user = register_student(form.name.data, form.email.data, form.password.data)
        login_user(user)
        flash("Your account is ready. Pick a module to start.", "success")
        return redirect(_home())
    status = 422 if form.errors else 200
    return render_template("auth/register.html", form=form), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Log out (POST only, with CSRF)."""
    if LogoutForm().validate_on_submit():
        logout_user()
        flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per minute", methods=["POST"])
def password():
    """Change one's own password (the current one is asked again)."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if change_password(current_user, form.current.data, form.password.data):
            flash("Your password is changed.", "success")
            return redirect(_home())
        form.current.errors.append("That is not your current password.")
    return render_template("auth/password.html", form=form), 422 if form.errors else 200
