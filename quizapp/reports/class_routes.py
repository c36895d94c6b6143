"""Progress reports, the teacher side: classes, overview, drill-down, item analysis, heatmap.

Every view checks the role (teacher_required) and then ownership: a class id that is not the
teacher's own, a student not enrolled in it, or an attempt not that student's is a plain 404,
so nothing hints that it exists.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from quizapp.auth.decorators import teacher_required
from quizapp.classes import (
    ClassError,
    create_class,
    display_code,
    enrolled_student,
    owned_class,
    teacher_classes,
)
from quizapp.clock import now
from quizapp.learn.attempt_rows import AttemptHead
from quizapp.learn.review import review_items
from quizapp.learn.services import close_if_overdue, load_attempt, load_evidence
from quizapp.models import Module, SchoolClass, User
from quizapp.reports import bp
from quizapp.reports import csv_export as tables
from quizapp.reports import overview as ov
from quizapp.reports.charts import bar_chart
from quizapp.reports.formatting import SCORE_DIGITS, STAT_DIGITS, number
from quizapp.reports.forms import ClassForm
from quizapp.reports.items import FLAG_SHORT, item_analysis
from quizapp.reports.passages import passage_report
from quizapp.reports.progress import student_progress
from quizapp.reports.queries import Scope, all_modules, module_by_slug
from quizapp.reports.routes import csv_response, score_chart
from quizapp.stats import FLAG_LABELS


def _class_or_404(class_id: int) -> SchoolClass:
    school_class = owned_class(current_user, class_id)
    if school_class is None:
        abort(404)
    return school_class


def _module_or_404(slug: str) -> Module:
    module = module_by_slug(slug)
    if module is None:
        abort(404)
    return module


def _student_or_404(school_class: SchoolClass, user_id: int) -> User:
    student = enrolled_student(school_class, user_id)
    if student is None:
        abort(404)
    return student


def _classes_page(form: ClassForm, status: int = 200):
    return render_template(
        "reports/classes.html",
        classes=teacher_classes(current_user),
        form=form,
        display_code=display_code,
    ), status


@bp.route("/classes")
@teacher_required
def classes():
    """The teacher's classes with their join codes, and a form to create one."""
    return _classes_page(ClassForm())


@bp.route("/classes", methods=["POST"])
@teacher_required
def create():
    """Create a class (post/redirect/get)."""
    form = ClassForm()
    if form.validate_on_submit():
        try:
            school_class = create_class(current_user, form.name.data)
        except ClassError as exc:
            form.name.errors = [*form.name.errors, str(exc)]
        else:
            flash(
                f"Created {school_class.name}. Students join with the code "
                f"{display_code(school_class.join_code)}.",
                "success",
            )
            return redirect(url_for("reports.class_overview", class_id=school_class.id))
    return _classes_page(form, 422)


def _sort(modules: list[Module]) -> ov.Sort:
    return ov.parse_sort(request.args.get("sort"), request.args.get("dir"), modules)


@bp.route("/classes/<int:class_id>")
@teacher_required
def class_overview(class_id: int):
    """Students x modules: best score and attempts, sortable, paged, with class averages."""
    school_class = _class_or_404(class_id)
    modules = all_modules()
    sort = _sort(modules)
    overview, page = ov.overview_page(
        Scope(class_id=school_class.id), modules, sort, request.args.get("page")
    )
    chart = bar_chart(
        [(a.module.title, a.best) for a in overview.averages],
        title=f"{school_class.name}: class average of best scores",
        desc="; ".join(
            f"{a.module.title}: {number(a.best, SCORE_DIGITS) or 'no scores'}"
            for a in overview.averages
        ),
    )
    return render_template(
        "reports/class_overview.html",
        school_class=school_class,
        code=display_code(school_class.join_code),
        overview=overview,
        sort=sort,
        page=page,
        chart=chart,
        best_text=tables.best_text,
        digits=SCORE_DIGITS,
    )


@bp.route("/classes/<int:class_id>/overview.csv")
@teacher_required
def class_overview_csv(class_id: int):
    """The overview table as CSV: every student, in the order the pages show."""
    school_class = _class_or_404(class_id)
    modules = all_modules()
    overview = ov.class_overview(Scope(class_id=school_class.id), modules, _sort(modules))
    return csv_response(tables.overview_table(overview, school_class.name))


@bp.route("/classes/<int:class_id>/students/<int:user_id>")
@teacher_required
def student(class_id: int, user_id: int):
    """One student of the class: progress per module and every submitted attempt."""
    school_class = _class_or_404(class_id)
    student = _student_or_404(school_class, user_id)
    progress = student_progress(student.id)
    return render_template(
        "reports/student.html",
        school_class=school_class,
        student=student,
        progress=progress,
        charts={p.module.id: score_chart(p, SCORE_DIGITS) for p in progress},
        digits=SCORE_DIGITS,
    )


@bp.route("/classes/<int:class_id>/students/<int:user_id>/attempts.csv")
@teacher_required
def student_csv(class_id: int, user_id: int):
    """A student's attempts table as CSV."""
    school_class = _class_or_404(class_id)
    student = _student_or_404(school_class, user_id)
    return csv_response(tables.attempts_table(student_progress(student.id), student.name))


@bp.route("/classes/<int:class_id>/students/<int:user_id>/attempts/<int:attempt_id>")
@teacher_required
def student_attempt(class_id: int, user_id: int, attempt_id: int):
    """The graded review of one submitted attempt, as the student sees it."""
    school_class = _class_or_404(class_id)
    student = _student_or_404(school_class, user_id)
    attempt = load_attempt(attempt_id)
    if attempt is None or attempt.user_id != student.id or not attempt.is_graded:
        abort(404)
    close_if_overdue(attempt, now())  # a teacher looking is someone touching it too
    if not attempt.is_submitted:
        abort(404)
    load_evidence(attempt)
    return render_template(
        "reports/attempt_review.html",
        attempt=AttemptHead.of(attempt),
        items=review_items(attempt),
        school_class=school_class,
        student=student,
    )


@bp.route("/classes/<int:class_id>/modules/<slug>/items")
@teacher_required
def items(class_id: int, slug: str):
    """Item analysis of a module over the class's first attempts."""
    school_class = _class_or_404(class_id)
    module = _module_or_404(slug)
    analysis = item_analysis(module, Scope(class_id=school_class.id))
    chart = bar_chart(
        [
            (f"{n}. {row.question.key}", _pct(row.stats.facility))
            for n, row in enumerate(analysis.rows, 1)
        ],
        title=f"{module.title}: facility index per question",
        desc="Facility of each question; the lines at 10% and 90% mark too hard and too easy.",
        digits=STAT_DIGITS,
        guides=(10, 90),
        width=720,
    )
    return render_template(
        "reports/item_analysis.html",
        school_class=school_class,
        module=module,
        modules=all_modules(),
        analysis=analysis,
        chart=chart,
        digits=STAT_DIGITS,
        columns=tables.STAT_COLUMNS,
        stat_cells=tables.stat_cells,
        flag_short=FLAG_SHORT,
        flag_labels=FLAG_LABELS,
    )


def _pct(fraction: float | None) -> float | None:
    return None if fraction is None else 100 * fraction


@bp.route("/classes/<int:class_id>/modules/<slug>/items.csv")
@teacher_required
def items_csv(class_id: int, slug: str):
    """The question statistics table as CSV."""
    school_class = _class_or_404(class_id)
    analysis = item_analysis(_module_or_404(slug), Scope(class_id=school_class.id))
    return csv_response(tables.items_table(analysis, school_class.name))


@bp.route("/classes/<int:class_id>/modules/<slug>/options.csv")
@teacher_required
def options_csv(class_id: int, slug: str):
    """The option frequencies of every choice question as CSV."""
    school_class = _class_or_404(class_id)
    analysis = item_analysis(_module_or_404(slug), Scope(class_id=school_class.id))
    return csv_response(tables.options_table(analysis, school_class.name))


def _class_passages(school_class: SchoolClass, module: Module):
    if module.article is None:
        abort(404)
    return passage_report(module.article, [module], Scope(class_id=school_class.id))


@bp.route("/classes/<int:class_id>/modules/<slug>/passages")
@teacher_required
def passages(class_id: int, slug: str):
    """The article heatmap: each passage shaded by the class's success on its questions."""
    school_class = _class_or_404(class_id)
    module = _module_or_404(slug)
    return render_template(
        "reports/passages.html",
        school_class=school_class,
        module=module,
        modules=all_modules(),
        report=_class_passages(school_class, module),
        digits=SCORE_DIGITS,
    )


@bp.route("/classes/<int:class_id>/modules/<slug>/passages.csv")
@teacher_required
def passages_csv(class_id: int, slug: str):
    """The heatmap's passages table as CSV."""
    school_class = _class_or_404(class_id)
    report = _class_passages(school_class, _module_or_404(slug))
    return csv_response(tables.passages_table(report, school_class.name))


from quizapp.reports import class_admin_routes  # noqa: E402, F401  (class management, same bp)
