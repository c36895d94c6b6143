"""A module's quiz settings and per-student overrides. Teachers only."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from quizapp.auth.decorators import teacher_required
from quizapp.extensions import db
from quizapp.models import QuizOverride
from quizapp.teach import bp
from quizapp.teach import services as svc
from quizapp.teach import settings_services as settings
from quizapp.teach.forms import ActionForm, SelectChoice
from quizapp.teach.routes import _module
from quizapp.teach.settings_forms import OverrideForm, QuizSettingsForm


def _override_form(students) -> OverrideForm:
    form = OverrideForm(prefix="override")
    form.student_id.choices = [SelectChoice(s.id, f"{s.name} ({s.email})") for s in students]
    return form


def _page(module, form, override_form, students, status=200):
    return (
        render_template(
            "teach/settings.html",
            module=module,
            form=form,
            override_form=override_form,
            overrides=settings.overrides(module, students),
            action_form=ActionForm(),
        ),
        status,
    )


def _question_count(module) -> int:
    return sum(1 for q in svc.module_questions(module) if not q.retired)


@bp.route("/modules/<slug>/settings", methods=["GET", "POST"])
@teacher_required
def quiz_settings(slug: str):
    """Attempts, grading method, time limit, dates, shuffles, draws, what the review shows."""
    module = _module(slug)
    students = settings.teacher_students(current_user)
    form = QuizSettingsForm(
        data=None if ActionForm().is_submitted() else settings.settings_for_form(module),
        question_count=_question_count(module),
    )
    if form.validate_on_submit():
        values = {name: form[name].data for name in settings.SETTING_FIELDS if name in form}
        values["practice_penalty"] = form.practice_penalty_percent.data / 100
        settings.save_settings(module, values, by=current_user)
        flash(f"Quiz settings for “{module.title}” saved.", "success")
        return redirect(url_for("teach.quiz_settings", slug=module.slug))
    return _page(module, form, _override_form(students), students, 422 if form.errors else 200)


@bp.route("/modules/<slug>/overrides", methods=["POST"])
@teacher_required
def add_override(slug: str):
    """Give one student of the teacher's classes more attempts or more time."""
    module = _module(slug)
    students = settings.teacher_students(current_user)
    override_form = _override_form(students)
    if override_form.validate_on_submit():
        student = next(s for s in students if s.id == override_form.student_id.data)
        settings.set_override(
            module,
            student,
            override_form.attempts_allowed.data,
            override_form.time_limit_minutes.data,
            by=current_user,
        )
        flash(f"Override saved for {student.name}.", "success")
        return redirect(url_for("teach.quiz_settings", slug=module.slug))
    form = QuizSettingsForm(
        data=settings.settings_for_form(module), question_count=_question_count(module)
    )
    return _page(module, form, override_form, students, 422)


@bp.route("/modules/<slug>/overrides/<int:override_id>/delete", methods=["POST"])
@teacher_required
def delete_override(slug: str, override_id: int):
    module = _module(slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    override = db.session.get(QuizOverride, override_id)
    students = {s.id for s in settings.teacher_students(current_user)}
    if override is None or override.module_id != module.id or override.user_id not in students:
        abort(404)
    settings.delete_override(override, by=current_user)
    flash("Override removed.", "success")
    return redirect(url_for("teach.quiz_settings", slug=module.slug))
