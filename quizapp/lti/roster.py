"""Names and Role Provisioning Services: bring the LMS course's roster into its class."""

from __future__ import annotations

from dataclasses import dataclass

from pylti1p3.exception import LtiException
from pylti1p3.names_roles import NamesRolesProvisioningService
from requests import RequestException
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.lti.services import enrol_students, join_course, role_from_lms, touch_synced, user_for
from quizapp.lti.tool import connector_for
from quizapp.models import Enrollment
from quizapp.models.lti import LtiContext


class RosterError(RuntimeError):
    """The roster could not be read; the message is shown to the teacher."""


@dataclass(frozen=True)
class SyncResult:
    members: int
    students: int
    teachers: int
    enrolled: int


def fetch_members(context: LtiContext) -> list[dict]:
    if not context.memberships_url:
        raise RosterError(
            "The LMS did not offer its roster service for this course. Launch the tool once "
            "from the course (with Names and Role Provisioning enabled) and try again."
        )
    service = NamesRolesProvisioningService(
        connector_for(context.platform), {"context_memberships_url": context.memberships_url}
    )
    try:
        return list(service.get_members())
    except (LtiException, RequestException, ValueError, KeyError) as exc:
        raise RosterError(f"The LMS refused the roster request: {exc}") from exc


def sync_roster(context: LtiContext) -> SyncResult:
    """Create or update an account for every active member; enrol the students in the class."""
    members = [
        m
        for m in fetch_members(context)
        if isinstance(m, dict) and m.get("status", "Active") == "Active"
    ]
    before = _class_size(context)
    counts = {"student": 0, "teacher": 0}
    issuer = context.platform.issuer
    for member in members:
        subject = str(member.get("user_id") or "")[:255]
        if not subject:
            continue
        role = role_from_lms(member.get("roles") or [])
        user = user_for(issuer, subject, dict(member), role)
        join_course(context, user, role)
        counts[role] += 1
    enrol_students(context)
    touch_synced(context)
    db.session.commit()
    enrolled = _class_size(context) - before
    return SyncResult(len(members), counts["student"], counts["teacher"], enrolled)


def _class_size(context: LtiContext) -> int:
    if context.class_id is None:
        return 0
    return db.session.scalar(
        select(func.count(Enrollment.id)).where(Enrollment.class_id == context.class_id)
    )
