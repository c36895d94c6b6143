from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from quizapp.articles.service import visible_to
from quizapp.clock import now
from quizapp.extensions import db
from quizapp.learn import bp
from quizapp.learn.answering import close_attempt, read_slot_answers, store_answers
from quizapp.learn.attempt_rows import AttemptHead, AttemptPage, attempt_page, quotes_by_version
from quizapp.learn.cards import due_count
from quizapp.learn.forms import ActionForm
from quizapp.learn.question_html import QuizQuestion, quiz_questions
from quizapp.learn.question_html import quiz_questions_from_views as quiz_from_views
from quizapp.learn.quiz_settings import rules_for_ids
from quizapp.learn.review import input_view, review_items_from_rows
from quizapp.learn.services import (
    QuizUnavailable,
    attempt_history,
    graded_attempt_count,
    group_by_article,
    id_of,
    load_attempt,
    module_progress,
    start_attempt,
    submitted_view,
)
from quizapp.models import Article, Module
from quizapp.models.attempts import GRADED, IN_PROGRESS
from quizapp.quiz_rules import is_overdue, seconds_left, why_not_start


def own_attempt(attempt_id: int):
    """The attempt if it belongs to the current user; 404 otherwise (no hint it exists)."""
    attempt = load_attempt(attempt_id)
    if attempt is None or attempt.user_id != current_user.id:
        abort(404)
    return attempt


@bp.route("/")
def index():
    """Landing page: the dashboard for users, a welcome for visitors."""
    if current_user.is_authenticated:
        return redirect(url_for("learn.dashboard"))
    modules = db.session.scalars(select(Module).order_by(Module.position)).all()
    return render_template("learn/welcome.html", modules=modules)


@bp.route("/dashboard")
@login_required
def dashboard():
    """The modules with this student's progress, grouped by article."""
    return render_template(
        "learn/dashboard.html",
        groups=group_by_article(module_progress(current_user)),
        form=ActionForm(),
        due=due_count(current_user.id, now()),
    )


@bp.route("/modules/<slug>/start", methods=["POST"])
@login_required
def start(slug: str):
    """Start (or resume) a graded attempt at a module."""
    return begin(
        slug,
        lambda module: start_attempt(current_user, module, now()),
        lambda attempt: url_for("learn.attempt", attempt_id=id_of(attempt)),
    )


def begin(slug: str, start_session, destination):
    """Start a graded attempt or a practice of a module, or say why it cannot start."""
    module = db.first_or_404(select(Module).where(Module.slug == slug))
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        attempt = start_session(module)
    except QuizUnavailable as exc:
        flash(str(exc), "error")
        return redirect(url_for("learn.dashboard"))
    return redirect(destination(attempt))


@bp.route("/attempts/<int:attempt_id>")
@login_required
def attempt(attempt_id: int):
    """Take an attempt in progress, or review a submitted one."""
    page = _own_page(attempt_id)
    head = page.head
    if head.mode != GRADED:
        return redirect(url_for("learn.practice", attempt_id=head.id, slot=0))
    if head.state == IN_PROGRESS and not is_overdue(head.due_at, now()):
        # The quiz page, the page a whole class opens at once: plain rows, cached questions.
        return _take_page(head, quiz_questions(page.rows))
    if head.state == IN_PROGRESS:  # past its time: closed now with what was saved
        close_attempt(submitted_view(head), page.slots(), {}, at=head.due_at)
        page = attempt_page(attempt_id)
    return _review_page(page)


def _own_page(attempt_id: int) -> AttemptPage:
    """The attempt's rows if it belongs to the current user; 404 otherwise (no hint it exists)."""
    page = attempt_page(attempt_id)
    if page is None or page.head.user_id != current_user.id:
        abort(404)
    return page


def _review_page(page: AttemptPage):
    """The graded review, from plain rows (5 statements with the session's user)."""
    head = page.head
    rules = rules_for_ids(head.module_id, current_user.id)
    made = graded_attempt_count(current_user.id, head.module_id)
    return render_template(
        "learn/review.html",
        attempt=head,
        items=review_items_from_rows(page.graded_slots(), quotes_by_version(head.id)),
        rules=rules,
        can_retake=why_not_start(rules, made, now()) is None,
    )


def _take_page(attempt: AttemptHead, slots: list[QuizQuestion]):
    """The quiz page, with the time left when the attempt has a deadline."""
    return render_template(
        "learn/take.html",
        attempt=attempt,
        slots=slots,
        seconds_left=seconds_left(attempt.due_at, now()),
    )


@bp.route("/attempts/<int:attempt_id>", methods=["POST"])
@login_required
def answer(attempt_id: int):
    """Save answers, and submit them when the student asked to (plain rows, no ORM objects:
    a whole class submits at once)."""
    page = _own_page(attempt_id)
    found = page.head
    if found.mode != GRADED:
        abort(404)
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    back = redirect(url_for("learn.attempt", attempt_id=attempt_id))
    if found.state != IN_PROGRESS:
        flash(ALREADY_SUBMITTED, "info")
        return back
    slots = page.slots()
    if is_overdue(found.due_at, now()):
        close_attempt(submitted_view(found), slots, {}, at=found.due_at)
        flash(
            "Time was up: your attempt was closed with the answers saved before the time limit. "
            "The answers just sent were not recorded.",
            "error",
        )
        return back
    answers, errors = read_slot_answers(slots, request.form)
    if request.form.get("action") == "submit" and not errors:
        if not close_attempt(submitted_view(found), slots, answers):
            flash(SUBMITTED_MEANWHILE, "info")
        return back
    if not store_answers(attempt_id, slots, answers):
        flash(SUBMITTED_MEANWHILE, "info")
        return back
    if errors:
        flash(
            f"{len(errors)} answer(s) need attention before you submit. Your other answers "
            "are saved.",
            "error",
        )
        return _take_page(found, _questions_after_errors(slots, answers, errors)), 422
    flash("Your answers are saved. Come back any time to finish.", "success")
    return back


ALREADY_SUBMITTED = "This attempt was already submitted; nothing was changed. Here is its result."
SUBMITTED_MEANWHILE = "This attempt was already submitted; here is its result."


def _questions_after_errors(slots, answers, errors) -> list[QuizQuestion]:
    """Every question as sent: a readable answer filled in, an unreadable one shown as typed
    beside its message."""
    views = []
    for s in slots:
        view = input_view(
            s.type, s.data, s.layout, answers.get(s.slot, s.answer), s.slot,
            errors.get(s.slot), request.form,
        )  # fmt: skip
        views.append(view)
    return quiz_from_views(views)


@bp.route("/history")
@login_required
def history():
    """All of this student's attempts."""
    return render_template("learn/history.html", attempts=attempt_history(current_user))


@bp.route("/article/<slug>")
def article(slug: str):
    """The clean article; ?p=ANCHOR&from=N&to=M highlights a quote in that passage.

    A draft is only shown to the teacher who owns it."""
    article = db.first_or_404(select(Article).where(Article.slug == slug))
    if not visible_to(article, current_user if current_user.is_authenticated else None):
        abort(404)
    mark = {
        "anchor": request.args.get("p", ""),
        "start": request.args.get("from", type=int),
        "end": request.args.get("to", type=int),
    }
    return render_template("learn/article.html", article=article, mark=mark)
