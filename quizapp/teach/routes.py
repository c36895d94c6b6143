"""Teacher area: modules, their questions, the question editor. Teachers only.

Import and export live in io_routes.py. Every state change is a CSRF-checked POST.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from quizapp import audit
from quizapp.articles.service import published_articles
from quizapp.auth.decorators import teacher_required
from quizapp.extensions import db
from quizapp.models import DraftQuestion, Module, Question
from quizapp.question_types import REGISTRY, get_type
from quizapp.teach import bp, draft_queue
from quizapp.teach import services as svc
from quizapp.teach.draft_routes import draft_for_editor
from quizapp.teach.editor_checks import check, problems
from quizapp.teach.editor_view import article_panel, preview_slot
from quizapp.teach.editors import EDITORS, Editor, form_data, lines, version_dict
from quizapp.teach.forms import ActionForm, ModuleDetailsForm, ModuleForm, QuestionForm

EXPORT_FORMATS = (("yaml", "YAML"), ("gift", "GIFT"), ("moodle-xml", "Moodle XML"))


def _module(slug: str) -> Module:
    return db.first_or_404(select(Module).where(Module.slug == slug))


def _question(question_id: int) -> Question:
    question = db.session.get(Question, question_id)
    if question is None:
        abort(404)
    return question


def _checked_action() -> None:
    """POST-only buttons carry a CSRF token in a field-less form."""
    if not ActionForm().validate_on_submit():
        abort(400)


@bp.route("/")
@teacher_required
def index():
    """The teacher's home: every module with its question counts."""
    return render_template(
        "teach/index.html",
        modules=svc.modules(),
        counts=svc.module_counts(),
        formats=EXPORT_FORMATS,
    )


@bp.route("/modules/new", methods=["GET", "POST"])
@teacher_required
def new_module():
    """Create a module on a published article (?article=SLUG picks it)."""
    articles = published_articles()
    shared = svc.shared_article()
    chosen = request.args.get("article") or (shared.slug if shared else "")
    form = ModuleForm(taken=svc.module_slugs(), article=chosen)  # posted without one: shared
    form.article.choices = [(a.slug, a.title) for a in articles]
    if form.validate_on_submit():
        article = next(a for a in articles if a.slug == form.article.data)
        module = svc.create_module(
            form.slug.data, form.title.data, form.description.data or "", current_user, article
        )
        flash(f"Module “{module.title}” created. Add its first question.", "success")
        return redirect(url_for("teach.module", slug=module.slug))
    return render_template("teach/module_form.html", form=form), 422 if form.errors else 200


@bp.route("/modules/<slug>/edit", methods=["GET", "POST"])
@teacher_required
def edit_module(slug: str):
    """Change a module's title and description; its slug is in addresses and exports, so fixed."""
    module = _module(slug)
    form = ModuleDetailsForm(obj=module)
    if form.validate_on_submit():
        changed = svc.update_module_details(
            module, form.title.data, form.description.data or "", by=current_user
        )
        flash(
            f"Module “{module.title}” saved." if changed else "Nothing changed.",
            "success" if changed else "info",
        )
        return redirect(url_for("teach.module", slug=module.slug))
    return (
        render_template("teach/module_form.html", form=form, module=module),
        422 if form.errors else 200,
    )


@bp.route("/modules/<slug>", endpoint="module")
@teacher_required
def show_module(slug: str):
    """A module's questions: type, version, evidence, how students did; actions on each."""
    module = _module(slug)
    return render_template(
        "teach/module.html",
        module=module,
        questions=svc.module_questions(module),
        stats=svc.question_stats(module),
        types=[get_type(type_id) for type_id in EDITORS],
        type_labels={qt.id: qt.label for qt in REGISTRY.values()},
        formats=EXPORT_FORMATS,
        can_read_log=_may_read_log(module),
    )


def _may_read_log(module: Module) -> bool:
    """A module's log is for its owner; the shared modules (no owner) are every teacher's."""
    return module.owner_id in (None, current_user.id)


@bp.route("/modules/<slug>/log")
@teacher_required
def module_log(slug: str):
    """Who changed what students of this module are graded on, newest first."""
    module = _module(slug)
    if not _may_read_log(module):
        abort(404)
    return render_template("teach/log.html", module=module, entries=audit.module_log(module))


@bp.route("/modules/<slug>/questions/new/<type_id>", methods=["GET", "POST"])
@teacher_required
def new_question(slug: str, type_id: str):
    """Write a new question of one type."""
    module = _module(slug)
    if type_id not in EDITORS:
        abort(404)
    draft = draft_for_editor(request.args.get("draft"), type_id)
    if draft is not None and draft.article_id != module.article_id:
        abort(404)
    return _edit(EDITORS[type_id], module, None, draft)


@bp.route("/questions/<int:question_id>/edit", methods=["GET", "POST"])
@teacher_required
def edit_question(question_id: int):
    """Edit a question; once students have been asked it, saving makes a new version."""
    question = _question(question_id)
    type_id = question.current.type
    if type_id not in EDITORS:
        abort(404)
    return _edit(EDITORS[type_id], question.module, question)


def _edit(
    editor: Editor, module: Module, question: Question | None, draft: DraftQuestion | None = None
):
    """GET shows the form (filled from a draft question, if opened from one); POST previews or
    saves, or shows what to fix (422)."""
    if request.method == "GET":
        stored = version_dict(question.current) if question else None
        form = editor.form_class(data=form_data(editor, draft.question if draft else stored))
        return _editor_page(editor, module, question, form, draft=draft)
    form = editor.form_class()
    qdict = check(editor, form, module.article)
    if qdict is None:
        return _editor_page(editor, module, question, form, draft=draft), 422
    if request.form.get("action") == "preview":
        return _editor_page(editor, module, question, form, qdict, draft=draft)
    version_before = question.current.number if question else 0
    saved = svc.save_question(question, module, qdict, by=current_user)
    if draft is not None:
        draft_queue.accept_edited(draft, saved)
    flash(_saved_message(saved, version_before), "success")
    return redirect(url_for("teach.module", slug=module.slug, _anchor=f"q-{saved.id}"))


def _saved_message(question: Question, version_before: int) -> str:
    number = question.current.number
    if version_before == 0:
        return "Question created."
    if number > version_before:
        return (
            f"Saved as version {number}. Past attempts keep version {version_before}; "
            "new attempts use the new one."
        )
    return "Question saved."


def _editor_page(
    editor: Editor,
    module: Module,
    question: Question | None,
    form: QuestionForm,
    preview: dict[str, Any] | None = None,
    draft: DraftQuestion | None = None,
) -> str:
    qtype = get_type(editor.type_id)
    current = question.current if question else None
    article = module.article
    panel = article_panel(article, lines(form.evidence.data)) if article else []
    return render_template(
        "teach/editor.html",
        editor=editor,
        qtype=qtype,
        module=module,
        question=question,
        form=form,
        problems=problems(editor, form),
        asked=svc.response_count(current) if current else 0,
        article=article,
        panel=panel,
        preview=preview_slot(preview, article) if preview else None,
        preview_key=qtype.describe_key(preview) if preview else None,
        preview_data=preview,
        draft=draft,
    )


@bp.route("/questions/<int:question_id>/move", methods=["POST"])
@teacher_required
def move_question(question_id: int):
    """Move a question one place up or down in its module."""
    question = _question(question_id)
    _checked_action()
    step = {"up": -1, "down": 1}.get(request.form.get("direction", ""))
    if step is None:
        abort(400)
    if not svc.move_question(question, step, by=current_user):
        flash(f"That question is already {'first' if step < 0 else 'last'}.", "info")
    return redirect(url_for("teach.module", slug=question.module.slug, _anchor=f"q-{question.id}"))


@bp.route("/questions/<int:question_id>/retire", methods=["POST"])
@teacher_required
def retire_question(question_id: int):
    """Retire a question (new attempts no longer ask it) or bring it back."""
    question = _question(question_id)
    _checked_action()
    retired = svc.toggle_retired(question, by=current_user)
    flash(
        "Question retired: new attempts will not ask it; past attempts are unchanged."
        if retired
        else "Question restored: new attempts will ask it again.",
        "success",
    )
    return redirect(url_for("teach.module", slug=question.module.slug, _anchor=f"q-{question.id}"))
