"""Progress reports: a student's own progress, and teachers' class reports."""

from flask import render_template
from flask_login import login_required

from quizapp.auth.decorators import teacher_required
from quizapp.reports import bp


@bp.route("/me")
@login_required
def my_progress():
    """The current student's progress."""
    return render_template("reports/my_progress.html")


@bp.route("/classes")
@teacher_required
def classes():
    """A teacher's classes."""
    return render_template("reports/classes.html")
