"""The draft-question queue in the browser: draft an article, then accept, edit or reject.

Teachers only; each teacher sees and decides only their own drafts (others' are a 404).
"""

from __future__ import annotations

import re

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from quizapp.articles.service import visible_to
from quizapp.auth.decorators import teacher_required
from quizapp.models import MAX_ID, Article, DraftQuestion
from quizapp.question_types import REGISTRY
from quizapp.teach import bp
from quizapp.teach import draft_queue as queue
from quizapp.teach import services as svc
from quizapp.teach.draft_forms import DraftDecisionForm, DraftRequestForm

BUTTON = re.compile(r"^(accept|reject|edit)(?::(\d{1,10}))?$")


def _article(slug: str) -> Article:
    article = queue.article_by_slug(slug)
    if article is None or not visible_to(article, current_user):
        abort(404)  # another teacher's draft article is not there for anyone else
    return article


def _forms(article: Article) -> tuple[DraftRequestForm, DraftDecisionForm]:
    modules = queue.article_modules(article)
    ask = DraftRequestForm(prefix="ask")
    ask.module.choices = [("", "Any module of the article")] + [(m.slug, m.title) for m in modules]
    decide = DraftDecisionForm()
    decide.module.choices = [("", "Choose a module…")] + [(m.slug, m.title) for m in modules]
    return ask, decide


@bp.route("/articles/<slug>/drafts")
@teacher_required
def draft_queue(slug: str):
    """The teacher's pending drafts of an article, with the buttons to decide on them."""
    article = _article(slug)
    ask, decide = _forms(article)
    chosen = request.args.get("module", "")
    if chosen in dict(decide.module.choices):
        ask.module.data = decide.module.data = chosen
    return render_template(
        "teach/drafts.html",
        article=article,
        drafts=queue.pending(article, current_user),
        decided=queue.decided_counts(article, current_user),
        ask=ask,
        decide=decide,
        type_labels={qt.id: qt.label for qt in REGISTRY.values()},
    )


@bp.route("/articles/<slug>/drafts/new", methods=["POST"])
@teacher_required
def draft_article(slug: str):
    """Draft the article into the teacher's queue (offline; takes a second or two)."""
    article = _article(slug)
    ask, _decide = _forms(article)
    if not ask.validate_on_submit():
        abort(400)
    module = next((m for m in queue.article_modules(article) if m.slug == ask.module.data), None)
    added = queue.queue_drafts(article, module, current_user)
    flash(
        f"{len(added)} new draft question{'s' if len(added) != 1 else ''} added to your queue."
        if added
        else "No new drafts: everything the drafter found is already asked or waiting here.",
        "success" if added else "info",
    )
    return redirect(url_for("teach.draft_queue", slug=article.slug, module=ask.module.data or None))


@bp.route("/articles/<slug>/drafts/decide", methods=["POST"])
@teacher_required
def decide_drafts(slug: str):
    """Accept, reject or edit the chosen drafts (one row's button, or the ticked rows)."""
    article = _article(slug)
    _ask, form = _forms(article)
    button = BUTTON.match(request.form.get("action", ""))
    if not form.validate_on_submit() or button is None:
        abort(400)
    action, one = button.groups()
    ids = [int(one)] if one else _ticked()
    drafts = queue.owned_drafts(ids, current_user)
    if drafts is None or (action == "edit" and len(drafts) != 1):
        abort(404)
    back = redirect(
        url_for("teach.draft_queue", slug=article.slug, module=form.module.data or None)
    )
    if not drafts:
        flash("Tick the drafts first, or use the buttons on one draft.", "info")
        return back
    if action == "reject":
        queue.reject(drafts)
        flash(f"{len(drafts)} draft{'s' if len(drafts) != 1 else ''} rejected.", "success")
        return back
    module = _target(article, form)
    if module is None:
        return back
    if action == "edit":
        return redirect(
            url_for(
                "teach.new_question", slug=module.slug, type_id=drafts[0].type, draft=drafts[0].id
            )
        )
    questions = queue.accept(drafts, module)
    flash(
        f"{len(questions)} question{'s' if len(questions) != 1 else ''} added to “{module.title}”.",
        "success",
    )
    if len(questions) < len(drafts):
        flash(
            f"{len(drafts) - len(questions)} draft(s) kept waiting: their sentence is no longer "
            "in the article. Edit or reject them.",
            "warning",
        )
    return back


def _ticked() -> list[int]:
    ids = []
    for raw in request.form.getlist("draft"):
        if not raw.isdigit() or not 0 < int(raw) <= MAX_ID:
            abort(404)
        ids.append(int(raw))
    return ids


def _target(article: Article, form: DraftDecisionForm):
    """The module chosen or created on the form; None (with a message) when there is none."""
    if form.new_slug.data and form.new_slug.data in svc.module_slugs():
        flash(f"A module called “{form.new_slug.data}” already exists: choose it above.", "error")
        return None
    module = queue.target_module(
        article, form.module.data, form.new_slug.data, form.new_title.data, current_user
    )
    if module is None:
        flash("Choose a module of this article, or name a new one.", "error")
    return module


def draft_for_editor(raw: str | None, type_id: str) -> DraftQuestion | None:
    """The teacher's own pending draft the editor was opened from (?draft=id), if any."""
    if raw is None:
        return None
    if not raw.isdigit() or not 0 < int(raw) <= MAX_ID:
        abort(404)
    drafts = queue.owned_drafts([int(raw)], current_user)
    if not drafts or drafts[0].type != type_id:
        abort(404)
    return drafts[0]
