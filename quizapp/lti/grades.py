"""Grades back to the LMS (Assignment and Grade Services), through a queue that never drops one.

A submit queues one row per gradebook column the module is linked to in the student's courses,
then tries to send it at once. A failure stays queued with its error, shown to the teacher, and
is retried by the next submit, the teacher's "Send again" button or `flask lti-send-grades`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from flask import current_app
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.exception import LtiException
from pylti1p3.grade import Grade
from pylti1p3.lineitem import LineItem
from requests import RequestException
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.lti.services import SCORE_MAXIMUM, score_for_passback
from quizapp.lti.tool import connector_for
from quizapp.models.lti import LtiContext, LtiGradeSync, LtiLineItem, LtiMember, LtiUserLink
from quizapp.models.users import utcnow

MAX_ERROR = 500


def line_items_for(user_id: int, module_id: int) -> list[LtiLineItem]:
    """The gradebook columns this module fills in the courses where the user is a student."""
    return list(
        db.session.scalars(
            select(LtiLineItem)
            .join(LtiMember, LtiMember.context_id == LtiLineItem.context_id)
            .where(
                LtiLineItem.module_id == module_id,
                LtiMember.user_id == user_id,
                LtiMember.role == "student",
            )
        )
    )


def queue_grades(user_id: int, module_id: int) -> list[LtiGradeSync]:
    """Mark the user's grade for this module as owed to each linked column (committed)."""
    items = line_items_for(user_id, module_id)
    if not items:
        return []  # not an LTI student of this module: nothing written, nothing expired
    rows = []
    for item in items:
        row = db.session.scalar(
            select(LtiGradeSync).where(
                LtiGradeSync.line_item_id == item.id, LtiGradeSync.user_id == user_id
            )
        )
        if row is None:
            row = LtiGradeSync(line_item_id=item.id, user_id=user_id, tries=0)
            db.session.add(row)
        row.status, row.queued_at = "pending", utcnow()
        rows.append(row)
    db.session.commit()
    return rows


def _subject(row: LtiGradeSync) -> str:
    issuer = row.line_item.context.platform.issuer
    subject = db.session.scalar(
        select(LtiUserLink.subject).where(
            LtiUserLink.issuer == issuer, LtiUserLink.user_id == row.user_id
        )
    )
    if subject is None:
        raise LtiException("this student has no LMS account linked")
    return subject


def _grade(row: LtiGradeSync, score: float) -> Grade:
    return (
        Grade()
        .set_score_given(score)
        .set_score_maximum(SCORE_MAXIMUM)
        .set_timestamp(datetime.now(UTC).isoformat(timespec="seconds"))
        .set_activity_progress("Completed")
        .set_grading_progress("FullyGraded")
        .set_user_id(_subject(row))
    )


def _column(ags: AssignmentsGradesService, item: LtiLineItem) -> LineItem | None:
    """The line item to post to: the one the launch named, else one found or made by tag."""
    if item.lineitem_url:
        return LineItem({"id": item.lineitem_url})
    if not item.context.lineitems_url:
        raise LtiException("the LMS gave no gradebook column for this link")
    wanted = (
        LineItem()
        .set_tag(f"closereading:{item.module.slug}")
        .set_resource_link_id(item.resource_link_id)
        .set_label(item.title or item.module.title)
        .set_score_maximum(SCORE_MAXIMUM)
    )
    found = ags.find_or_create_lineitem(wanted, find_by="resource_link_id")
    item.lineitem_url = found.get_id()
    return found


def send_one(row: LtiGradeSync) -> bool:
    """Post the current grade for one queued row; record success or the error. True if sent."""
    item, context = row.line_item, row.line_item.context
    row.tries += 1
    try:
        score = score_for_passback(row.user, item.module)
        if score is None:
            raise LtiException("no submitted attempt to grade yet")
        ags = AssignmentsGradesService(
            connector_for(context.platform),
            {
                "scope": list(context.ags_scopes or []),
                "lineitems": context.lineitems_url or "",
                "lineitem": item.lineitem_url or "",
            },
        )
        ags.put_grade(_grade(row, score), _column(ags, item))
    except (LtiException, RequestException, AssertionError, KeyError, ValueError) as exc:
        row.status, row.last_error = "failed", (str(exc) or type(exc).__name__)[:MAX_ERROR]
        db.session.commit()
        return False
    row.status, row.last_error, row.score_sent, row.sent_at = "sent", None, score, utcnow()
    db.session.commit()
    return True


def send_rows(rows: Iterable[LtiGradeSync]) -> tuple[int, int]:
    """Send each row; (sent, failed)."""
    sent = failed = 0
    for row in rows:
        if send_one(row):
            sent += 1
        else:
            failed += 1
    return sent, failed


def unsent(context: LtiContext | None = None) -> list[LtiGradeSync]:
    """Rows still owed (pending or failed), oldest first; for one course when given."""
    stmt = select(LtiGradeSync).where(LtiGradeSync.status != "sent")
    if context is not None:
        stmt = stmt.join(LtiLineItem).where(LtiLineItem.context_id == context.id)
    return list(db.session.scalars(stmt.order_by(LtiGradeSync.queued_at, LtiGradeSync.id)))


def course_grades(context: LtiContext) -> list[LtiGradeSync]:
    """Every grade row of the course, failures first, for the teacher's page."""
    rows = db.session.scalars(
        select(LtiGradeSync)
        .join(LtiLineItem)
        .where(LtiLineItem.context_id == context.id)
        .order_by(LtiGradeSync.queued_at.desc(), LtiGradeSync.id.desc())
    )
    order = {"failed": 0, "pending": 1, "sent": 2}
    return sorted(rows, key=lambda r: order.get(r.status, 3))


def on_attempt_submitted(attempt) -> None:
    """Signal receiver: queue and send the grade of an LTI student's submitted attempt
    (`attempt` has id, user_id, module_id and is_graded).

    The student's submit is already committed: nothing here may undo it or show them an error.
    A grade that cannot be sent stays queued with its error for the teacher to see."""
    if not attempt.is_graded or attempt.module_id is None:
        return  # practice and review send nothing
    try:
        rows = queue_grades(attempt.user_id, attempt.module_id)
        if rows:
            send_rows(rows)
    except Exception:  # noqa: BLE001 (a broken gradebook must never fail the student's submit)
        db.session.rollback()
        current_app.logger.exception("LTI grade passback for attempt %s", attempt.id)
