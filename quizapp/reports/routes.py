"""Progress reports, the student side: my progress, joining a class, what I know of the article.

Teachers' class reports live in `class_routes`; domain logic lives in plain modules beside these.
"""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required

from quizapp.auth.throttle import JOIN_ACCOUNT, JOIN_ADDRESS, first_wait, in_words
from quizapp.classes import ClassError, UnknownJoinCode, join_class, student_classes
from quizapp.clock import now
from quizapp.learn.cards import practice_summary
from quizapp.models import Module
from quizapp.reports import bp
from quizapp.reports.charts import LineChart, line_chart
from quizapp.reports.csv_export import Table, my_progress_table, passages_table, to_csv
from quizapp.reports.formatting import SCORE_DIGITS, STUDENT_DIGITS, number
from quizapp.reports.forms import JoinForm
from quizapp.reports.passages import passage_report
from quizapp.reports.progress import ModuleProgress, student_progress
from quizapp.reports.queries import Scope, all_modules


@bp.app_template_filter("report_number")
def report_number(value: float | None, digits: int = 1) -> str:
    """The number as CSV writes it, or an en dash when there is none."""
    return number(value, digits) or "–"


def csv_response(table: Table) -> Response:
    """A CSV download with an attachment file name."""
    return Response(
        to_csv(table),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{table.filename}"'},
    )


def score_chart(progress: ModuleProgress, digits: int) -> LineChart:
    """The line chart of one module's scores over attempts, with a text description."""
    values = [(f"Attempt {p.number}", p.percent) for p in progress.points]
    said = ", ".join(f"attempt {p.number}: {number(p.percent, digits)}%" for p in progress.points)
    return line_chart(
        values,
        title=f"{progress.module.title}: score over attempts",
        desc=f"Scores in order: {said}." if said else "No submitted attempts yet.",
        digits=digits,
    )


def article_modules(
    slug: str | None, article_slug: str | None = None
) -> tuple[list[Module], list[Module], Module | None]:
    """The modules sharing an article, those to cover (all of them, or the chosen one) and
    the chosen one. Without a slug: the named article's modules, or the first module's article.
    An unknown slug or article is a 404."""
    with_article = [m for m in all_modules() if m.article_id is not None]
    chosen = next((m for m in with_article if m.slug == slug), None) if slug else None
    if slug and chosen is None:
        abort(404)
    anchor = chosen or (with_article[0] if with_article else None)
    if article_slug and not chosen:
        anchor = next((m for m in with_article if m.article.slug == article_slug), None)
        if anchor is None:
            abort(404)
    siblings = [m for m in with_article if anchor and m.article_id == anchor.article_id]
    return siblings, [chosen] if chosen else siblings, chosen


def _progress_page(form: JoinForm, status: int = 200):
    progress = student_progress(current_user.id)
    return render_template(
        "reports/my_progress.html",
        progress=progress,
        charts={p.module.id: score_chart(p, STUDENT_DIGITS) for p in progress},
        classes=student_classes(current_user),
        form=form,
        digits=STUDENT_DIGITS,
        practice=practice_summary(current_user.id, now()),
    ), status


@bp.route("/me")
@login_required
def my_progress():
    """The current user's progress per module, and the classes they joined."""
    return _progress_page(JoinForm())


@bp.route("/me/join", methods=["POST"])
@login_required
def join():
    """Join a class with the code the teacher gave; wrong codes are throttled (no guessing)."""
    form = JoinForm()
    if form.validate_on_submit():
        checks = [(JOIN_ACCOUNT, str(current_user.id)), (JOIN_ADDRESS, get_remote_address())]
        wait = first_wait(checks)
        if wait:
            form.code.errors = [
                f"Too many wrong join codes. Wait {in_words(wait)} and try again; check "
                "the code with your teacher meanwhile."
            ]
            return _progress_page(form, 429)
        try:
            school_class = join_class(current_user, form.code.data)
        except ClassError as exc:
            if isinstance(exc, UnknownJoinCode):
                for throttle, key in checks:
                    throttle.failed(key)
            form.code.errors = [*form.code.errors, str(exc)]
        else:
            flash(f"You joined {school_class.name}.", "success")
            return redirect(url_for("reports.my_progress"))
    return _progress_page(form, 422)


@bp.route("/me/progress.csv")
@login_required
def my_progress_csv():
    """The summary table of my progress page as CSV."""
    return csv_response(my_progress_table(student_progress(current_user.id)))


@bp.route("/me/article")
@login_required
def my_article():
    """What I know of this article: each passage shaded by my latest answers to its questions."""
    siblings, modules, chosen = article_modules(
        request.args.get("module"), request.args.get("article")
    )
    if not modules:
        flash("No module has an article yet.", "info")
        return redirect(url_for("reports.my_progress"))
    report = passage_report(modules[0].article, modules, Scope(user_id=current_user.id))
    return render_template(
        "reports/my_article.html",
        report=report,
        chosen=chosen,
        modules=siblings,
        digits=SCORE_DIGITS,
    )


@bp.route("/me/article.csv")
@login_required
def my_article_csv():
    """The passages table of "what I know of this article" as CSV."""
    _siblings, modules, _chosen = article_modules(
        request.args.get("module"), request.args.get("article")
    )
    if not modules:
        abort(404)
    report = passage_report(modules[0].article, modules, Scope(user_id=current_user.id))
    return csv_response(passages_table(report, "my"))


from quizapp.reports import article_routes, class_routes  # noqa: E402, F401  (teacher routes)
