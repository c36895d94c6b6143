"""A class's heatmap of a whole article: every module on the article at once (teachers only).

Addressed through any of its modules (like the student's "what I know of this article"), so the
one module slug the other report routes take is enough.
"""

from __future__ import annotations

from flask import abort, render_template

from quizapp.auth.decorators import teacher_required
from quizapp.models import SchoolClass
from quizapp.reports import bp
from quizapp.reports import csv_export as tables
from quizapp.reports.class_routes import _class_or_404, _module_or_404
from quizapp.reports.formatting import SCORE_DIGITS
from quizapp.reports.passages import PassageReport, passage_report
from quizapp.reports.queries import Scope, all_modules
from quizapp.reports.routes import csv_response


def _article_report(class_id: int, slug: str) -> tuple[SchoolClass, PassageReport]:
    school_class = _class_or_404(class_id)
    module = _module_or_404(slug)
    if module.article is None:
        abort(404)
    siblings = [m for m in all_modules() if m.article_id == module.article_id]
    scope = Scope(class_id=school_class.id)
    return school_class, passage_report(module.article, siblings, scope)


@bp.route("/classes/<int:class_id>/modules/<slug>/article")
@teacher_required
def article_passages(class_id: int, slug: str):
    """Each passage of the module's article shaded by the class's success on every module
    quoting it."""
    school_class, report = _article_report(class_id, slug)
    return render_template(
        "reports/article_passages.html",
        school_class=school_class,
        report=report,
        digits=SCORE_DIGITS,
    )


@bp.route("/classes/<int:class_id>/modules/<slug>/article.csv")
@teacher_required
def article_passages_csv(class_id: int, slug: str):
    """The whole-article heatmap's passages table as CSV."""
    school_class, report = _article_report(class_id, slug)
    return csv_response(tables.passages_table(report, school_class.name))
