from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, logout_user

from quizapp.auth import bp
from quizapp.auth.forms import ChangePasswordForm, LoginForm, LogoutForm, RegisterForm
from quizapp.auth.login import log_in
from quizapp.auth.services import authenticate, change_password, register_student
from quizapp.auth.sessions import end_session, end_sessions, live_sessions
from quizapp.auth.throttle import LOGIN_ACCOUNT, in_words
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


def setting(name: str):
    """A limit read from the app's settings when the request comes (tests and deployments
    change it)."""
    return lambda: current_app.config[name]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(setting("LOGIN_ADDRESS_LIMIT"), methods=["POST"])
def login():
    """Log in by email and password; an account with too many failures must wait."""
    if current_user.is_authenticated:
        return redirect(_home())
    form = LoginForm()
    if form.validate_on_submit():
        account = form.email.data.strip().lower()
        wait = LOGIN_ACCOUNT.wait(account)
        if wait:
            form.password.errors.append(
                f"Too many failed logins for this account. Wait {in_words(wait)} and try "
                "again, or ask your teacher for a new password."
            )
            return render_template("auth/login.html", form=form), 429
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            LOGIN_ACCOUNT.clear(account)
            log_in(user, remember=form.remember.data)
            flash(f"Welcome back, {user.name}.", "success")
            return redirect(_safe_next(_home()))
        LOGIN_ACCOUNT.failed(account)
        form.password.errors.append("Email or password is not right.")
    return render_template("auth/login.html", form=form), 422 if form.errors else 200


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(setting("REGISTER_ADDRESS_LIMIT"), methods=["POST"])
def register():
    """Create a student account and log straight in."""
    if current_user.is_authenticated:
        return redirect(_home())
    form = RegisterForm()
    if form.validate_on_submit():
        user = register_student(form.name.data, form.email.data, form.password.data)
        log_in(user)
        flash("Your account is ready. Pick a module to start.", "success")
        return redirect(_home())
    status = 422 if form.errors else 200
    return render_template("auth/register.html", form=form), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Log out (POST only, with CSRF)."""
    if LogoutForm().validate_on_submit():
        end_session(current_user.session_token)
        logout_user()
        flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/logout-everywhere", methods=["POST"])
@login_required
def logout_everywhere():
    """End every session of this account, on every device (POST only, with CSRF)."""
    if not LogoutForm().validate_on_submit():
        return redirect(url_for("auth.password"))
    ended = end_sessions(current_user)
    logout_user()
    flash(f"You are logged out everywhere ({ended} session(s) ended).", "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per minute", methods=["POST"])
def password():
    """Change one's own password (the current one is asked again)."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if change_password(current_user, form.current.data, form.password.data):
            ended = end_sessions(current_user, keep=current_user.session_token)
            others = f" You were logged out on {ended} other device(s)." if ended else ""
            flash("Your password is changed." + others, "success")
            return redirect(_home())
        form.current.errors.append("That is not your current password.")
    return _account_page(form, 422 if form.errors else 200)


def _account_page(form: ChangePasswordForm, status: int = 200):
    return render_template(
        "auth/password.html",
        form=form,
        sessions=live_sessions(current_user),
        logout_form=LogoutForm(),
    ), status
