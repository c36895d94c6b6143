"""Managing a class, teacher side: rename it, issue a new join code, remove a student, delete it.

Same rules as the class reports: teacher_required, then ownership (another teacher's class or a
student not enrolled in it is a plain 404). Every change is a POST with CSRF; removing a student
and deleting a class first show a confirmation page that works without JavaScript.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from quizapp import audit
from quizapp.auth.account import RESET_HOURS, issue_reset
from quizapp.auth.decorators import teacher_required
from quizapp.classes import (
    ClassError,
    class_roster,
    delete_class,
    display_code,
    regenerate_code,
    remove_student,
    rename_class,
)
from quizapp.models import SchoolClass
from quizapp.reports import bp
from quizapp.reports.class_routes import _class_or_404, _student_or_404
from quizapp.reports.forms import ActionForm, RenameClassForm


def _settings_page(school_class: SchoolClass, form: RenameClassForm, status: int = 200):
    return render_template(
        "reports/class_settings.html",
        school_class=school_class,
        form=form,
        action_form=ActionForm(),
        code=display_code(school_class.join_code),
        roster=class_roster(school_class),
    ), status


def _students(n: int) -> str:
    return f"{n} student{'' if n == 1 else 's'}"


def _to_settings(school_class: SchoolClass):
    return redirect(url_for("reports.class_settings", class_id=school_class.id))


@bp.route("/classes/<int:class_id>/settings")
@teacher_required
def class_settings(class_id: int):
    """Rename, new join code, the students with remove links, and a way to delete the class."""
    school_class = _class_or_404(class_id)
    return _settings_page(school_class, RenameClassForm(name=school_class.name))


@bp.route("/classes/<int:class_id>/log")
@teacher_required
def class_log(class_id: int):
    """Who joined or left the class and what its teacher changed, newest first."""
    school_class = _class_or_404(class_id)
    return render_template(
        "reports/class_log.html", school_class=school_class, entries=audit.class_log(class_id)
    )


@bp.route("/classes/<int:class_id>/students/<int:user_id>/reset-link", methods=["POST"])
@teacher_required
def student_reset_link(class_id: int, user_id: int):
    """Issue a one-time password-reset link for a student of the class and show it once."""
    school_class = _class_or_404(class_id)
    student = _student_or_404(school_class, user_id)
    if student.deleted_at is not None or not ActionForm().validate_on_submit():
        return redirect(url_for("reports.student", class_id=class_id, user_id=user_id))
    token = issue_reset(student, by=current_user, school_class=school_class)
    return render_template(
        "reports/reset_link.html",
        school_class=school_class,
        student=student,
        link=url_for("auth.reset_password", token=token, _external=True),
        hours=RESET_HOURS,
    ), {"Cache-Control": "no-store"}  # the link is shown once; no copy in the browser's cache


@bp.route("/classes/<int:class_id>/rename", methods=["POST"])
@teacher_required
def class_rename(class_id: int):
    """Rename the class; a bad name re-renders the page with the message and 422."""
    school_class = _class_or_404(class_id)
    form = RenameClassForm()
    if form.validate_on_submit():
        try:
            rename_class(school_class, form.name.data)
        except ClassError as exc:
            form.name.errors = [*form.name.errors, str(exc)]
        else:
            flash(f"Renamed the class to “{school_class.name}”.", "success")
            return _to_settings(school_class)
    return _settings_page(school_class, form, 422)


@bp.route("/classes/<int:class_id>/code", methods=["POST"])
@teacher_required
def class_new_code(class_id: int):
    """Replace the join code; students already in the class stay in it."""
    school_class = _class_or_404(class_id)
    if ActionForm().validate_on_submit():
        try:
            code = regenerate_code(school_class)
        except ClassError as exc:
            flash(str(exc), "error")
        else:
            flash(
                f"New join code for {school_class.name}: {display_code(code)}. The old code no "
                "longer works; students already in the class stay in it.",
                "success",
            )
    return _to_settings(school_class)


@bp.route("/classes/<int:class_id>/students/<int:user_id>/remove")
@teacher_required
def student_remove_confirm(class_id: int, user_id: int):
    """Ask before taking a student out of the class."""
    school_class = _class_or_404(class_id)
    student = _student_or_404(school_class, user_id)
    return render_template(
        "reports/confirm.html",
        school_class=school_class,
        form=ActionForm(),
        eyebrow="Remove a student",
        title=f"Remove {student.name} from {school_class.name}?",
        subject=f"{student.name} ({student.email})",
        points=[
            f"{student.name} leaves this class: they no longer appear in its overview, item "
            "analysis or heatmap.",
            "Their attempts and scores are kept; they still see them on their own progress page.",
            "They can join again later with the class’s join code.",
        ],
        action=url_for("reports.student_remove", class_id=class_id, user_id=user_id),
        button=f"Remove {student.name} from the class",
        cancel=url_for("reports.class_settings", class_id=class_id),
    )


@bp.route("/classes/<int:class_id>/students/<int:user_id>/remove", methods=["POST"])
@teacher_required
def student_remove(class_id: int, user_id: int):
    """Take the student out of the class (their attempts stay), then back to the settings."""
    school_class = _class_or_404(class_id)
    student = _student_or_404(school_class, user_id)
    if ActionForm().validate_on_submit():
        remove_student(school_class, student.id)
        flash(
            f"Removed {student.name} from {school_class.name}. Their attempts are kept.",
            "success",
        )
    return _to_settings(school_class)


@bp.route("/classes/<int:class_id>/delete")
@teacher_required
def class_delete_confirm(class_id: int):
    """Ask before deleting the class."""
    school_class = _class_or_404(class_id)
    students = len(class_roster(school_class))
    return render_template(
        "reports/confirm.html",
        school_class=school_class,
        form=ActionForm(),
        eyebrow="Delete a class",
        title=f"Delete {school_class.name}?",
        subject=f"{school_class.name}, join code {display_code(school_class.join_code)}, "
        f"{_students(students)}",
        points=[
            "The class and its reports go; its join code stops working.",
            f"Its {_students(students)} {'leaves' if students == 1 else 'leave'} the class. "
            "Their accounts, attempts and scores are kept, and other classes they joined are "
            "untouched.",
            "This cannot be undone.",
        ],
        action=url_for("reports.class_delete", class_id=class_id),
        button="Delete the class",
        cancel=url_for("reports.class_settings", class_id=class_id),
    )


@bp.route("/classes/<int:class_id>/delete", methods=["POST"])
@teacher_required
def class_delete(class_id: int):
    """Delete the class and its enrollments (attempts stay), then back to the class list."""
    school_class = _class_or_404(class_id)
    if not ActionForm().validate_on_submit():
        return _to_settings(school_class)
    name = school_class.name
    removed = delete_class(school_class)
    flash(
        f"Deleted {name}. Its {_students(removed)} left the class; their attempts are kept.",
        "success",
    )
    return redirect(url_for("reports.classes"))
