"""Teacher area: articles teachers bring, the cleaning preview, publishing. Owners only."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from quizapp.articles import service
from quizapp.articles.layout import KIND_LABELS, KINDS, CorrectionError
from quizapp.articles.upload import UploadError, checked_text, decode, guess_format
from quizapp.auth.decorators import teacher_required
from quizapp.models import MAX_ID, Article
from quizapp.teach import bp
from quizapp.teach.article_forms import ArticleForm, DetailsForm
from quizapp.teach.forms import ActionForm

TOO_LARGE = "The file is larger than 2 MB; save only the article's text."


def _own(article_id: int) -> Article:
    """The current teacher's article; 404 for anyone else's (no hint that it exists)."""
    article = service.owned_article(article_id, current_user) if article_id <= MAX_ID else None
    if article is None:
        abort(404)
    return article


@bp.route("/articles")
@teacher_required
def articles():
    """The teacher's articles, and every published article modules can be made on."""
    return render_template(
        "teach/articles.html",
        mine=service.teacher_articles(current_user),
        published=service.published_articles(),
    )


def _new_page(form: ArticleForm, status: int = 200):
    return render_template("teach/article_new.html", form=form), status


@bp.route("/articles/new", methods=["GET", "POST"])
@teacher_required
def new_article():
    """Upload or paste an article; it becomes a draft to review before publishing."""
    try:
        form = ArticleForm()
        valid = form.validate_on_submit()
    except RequestEntityTooLarge:
        form = ArticleForm(formdata=None)
        form.file.errors = [TOO_LARGE]
        return _new_page(form, 413)
    if not valid:
        return _new_page(form, 422 if form.errors else 200)
    upload = form.file.data
    try:
        if upload and upload.filename:
            filename, text = upload.filename, decode(upload.read())
        elif (form.text.data or "").strip():
            filename, text = None, checked_text(form.text.data)
        else:
            raise UploadError("Choose a file or paste the article's text.")
        fmt = form.format.data or guess_format(filename, text)
        article = service.add_article(
            current_user,
            text,
            fmt,
            filename=filename,
            title=form.title.data,
            source_url=form.source_url.data or "",
        )
    except UploadError as exc:
        (form.file if upload and upload.filename else form.text).errors = [str(exc)]
        return _new_page(form, 422)
    flash("Article added as a draft. Check how it was cleaned, then publish it.", "success")
    return redirect(url_for("teach.article", article_id=article.id))


@bp.route("/articles/<int:article_id>")
@teacher_required
def article(article_id: int):
    """The cleaning preview: passages, headings, captions, dropped and joined lines."""
    article = _own(article_id)
    return _preview_page(article, DetailsForm(obj=article))


def _preview_page(article: Article, details: DetailsForm, status: int = 200):
    return render_template(
        "teach/article_preview.html",
        article=article,
        view=service.article_preview(article),
        details=details,
        action=ActionForm(),
        kinds=[(k, KIND_LABELS[k]) for k in KINDS],
        changed=service.has_unpublished_changes(article),
        broken=service.broken_quotes(article) if article.is_published else [],
    ), status


@bp.route("/articles/<int:article_id>/correct", methods=["POST"])
@teacher_required
def correct_article(article_id: int):
    """One correction: relabel a line, split a passage at a line, merge with the passage before."""
    article = _own(article_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    op, _, rest = (request.form.get("op") or "").partition(":")
    index_text, _, kind = rest.partition(":")
    if op == "kind":
        kind = request.form.get(f"kind-{index_text}", "")
    try:
        service.correct(article, op, int(index_text) if index_text.isdigit() else -1, kind)
    except CorrectionError as exc:
        flash(str(exc), "error")
    else:
        flash(
            "Corrected. Publish again for students to see it."
            if article.is_published
            else "Corrected.",
            "success",
        )
    anchor = f"#line-{index_text}" if index_text.isdigit() else ""
    return redirect(url_for("teach.article", article_id=article.id) + anchor)


@bp.route("/articles/<int:article_id>/details", methods=["POST"])
@teacher_required
def article_details(article_id: int):
    """Edit the title, source address and date."""
    article = _own(article_id)
    form = DetailsForm()
    if not form.validate_on_submit():
        return _preview_page(article, form, 422)
    service.update_details(article, form.title.data, form.source_url.data or "", form.dated.data)
    flash("Details saved.", "success")
    return redirect(url_for("teach.article", article_id=article.id))


@bp.route("/articles/<int:article_id>/publish", methods=["POST"])
@teacher_required
def publish_article(article_id: int):
    """Publish (or re-publish) the article; quotes are re-located, lost ones listed."""
    article = _own(article_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    result = service.publish(article)
    message = (
        f"Published: {result.kept + result.added} passages "
        f"({result.added} new, {result.kept} unchanged, {result.retired} replaced)"
    )
    if result.relocated:
        message += f"; {result.relocated} evidence quote(s) found in their new place"
    flash(message + ".", "success")
    if result.broken:
        flash(
            f"{len(result.broken)} quote(s) no longer match the article: fix them below.", "error"
        )
    return redirect(url_for("teach.article", article_id=article.id))
