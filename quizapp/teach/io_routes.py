"""Teacher area: importing and exporting question banks, confirming suggested evidence."""

from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.exceptions import RequestEntityTooLarge

from quizapp.auth.decorators import teacher_required
from quizapp.bank.suggest import suggest_evidence
from quizapp.content import version_as_question
from quizapp.evidence import locate
from quizapp.extensions import db
from quizapp.imports import EXPORT_FORMATS, apply_import, find_module, prepare_import
from quizapp.models import Module, Question
from quizapp.teach import bp
from quizapp.teach.drafts import delete_draft, load_draft, save_draft
from quizapp.teach.io_forms import ConfirmImportForm, EvidenceForm, ImportForm
from quizapp.teach.services import add_evidence

TOO_LARGE = "The file is larger than 2 MB. Split it into smaller files and import each."


def _import_page(form: ImportForm, status: int = 200):
    modules = db.session.scalars(select(Module).order_by(Module.position)).all()
    return render_template("teach/import.html", form=form, modules=modules), status


@bp.route("/import", methods=["GET", "POST"])
@teacher_required
def import_questions():
    """Upload a bank file and see a dry-run preview of what it would create."""
    try:
        form = ImportForm()
        valid = form.validate_on_submit()
    except RequestEntityTooLarge:
        form = ImportForm(formdata=None)
        form.file.errors = [TOO_LARGE]
        return _import_page(form, 413)
    if not valid:
        return _import_page(form, 422 if form.errors else 200)
    upload = form.file.data
    raw = upload.read()
    slug, fmt = form.module.data, form.format.data or None
    plan = prepare_import(raw, upload.filename or "upload", fmt, slug)
    token = (
        save_draft(
            current_app.instance_path, current_user.id, upload.filename or "upload", fmt, slug, raw
        )
        if plan.ok
        else ""
    )
    return render_template(
        "teach/import_preview.html",
        plan=plan,
        filename=upload.filename,
        confirm=ConfirmImportForm(token=token),
    ), 200 if plan.ok else 422


@bp.route("/import/confirm", methods=["POST"])
@teacher_required
def confirm_import():
    """Write a previewed import (the same parser and checks run again)."""
    form = ConfirmImportForm()
    draft = (
        load_draft(current_app.instance_path, form.token.data, current_user.id)
        if form.validate_on_submit()
        else None
    )
    if draft is None:
        flash("That import preview has expired. Upload the file again.", "error")
        return redirect(url_for("teach.import_questions"))
    plan = prepare_import(draft.raw, draft.filename, draft.fmt, draft.module)
    if not plan.ok:
        return render_template(
            "teach/import_preview.html",
            plan=plan,
            filename=draft.filename,
            confirm=ConfirmImportForm(token=""),
        ), 422
    created = apply_import(plan, current_user, draft.filename)
    delete_draft(current_app.instance_path, draft.token)
    flash(
        f"Imported {draft.filename}: {created} question(s) created, {plan.count('update')} "
        f"updated.",
        "success",
    )
    return redirect(
        url_for("teach.evidence", slug=plan.module_slug)
        if any(q.needs_evidence for q in plan.questions)
        else url_for("teach.index")
    )


@bp.route("/modules/<slug>/export/<fmt>")
@teacher_required
def export_module(slug: str, fmt: str):
    """Download a module as YAML, GIFT or Moodle XML."""
    from quizapp.imports import export_module as export

    module = find_module(slug)
    if module is None or fmt not in EXPORT_FORMATS:
        abort(404)
    result = export(module, fmt)
    extension, mimetype = EXPORT_FORMATS[fmt]
    return Response(
        result.text,
        mimetype=f"{mimetype}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{module.slug}.{extension}"'},
    )


def _passages(module: Module) -> list:
    return list(module.article.passages) if module.article else []


@bp.route("/modules/<slug>/evidence")
@teacher_required
def evidence(slug: str):
    """Questions that need evidence, each with passages suggested by relevance (BM25)."""
    module = db.first_or_404(select(Module).where(Module.slug == slug))
    passages = _passages(module)
    texts = [p.text for p in passages]
    pending = [
        (q, suggest_evidence(version_as_question(q.current), texts))
        for q in module.questions
        if not q.retired and q.current.needs_evidence
    ]
    return render_template(
        "teach/evidence.html",
        module=module,
        pending=pending,
        passages=passages,
        form=EvidenceForm(),
    )


@bp.route("/questions/<int:question_id>/evidence", methods=["POST"])
@teacher_required
def confirm_evidence(question_id: int):
    """Attach a confirmed quote as evidence (a new version of the question)."""
    question = db.get_or_404(Question, question_id)
    form = EvidenceForm()
    passages = _passages(question.module)
    if not form.validate_on_submit() or locate(form.quote.data, [p.text for p in passages]) is None:
        flash("That quote is not in the article; nothing was changed.", "error")
        return redirect(url_for("teach.evidence", slug=question.module.slug))
    add_evidence(question, form.quote.data, by=current_user)
    flash(f"Evidence confirmed for “{question.current.prompt[:60]}”.", "success")
    return redirect(url_for("teach.evidence", slug=question.module.slug))
