"""What a validated launch means here: the account, the course's class, the link's module.

Everything in this module runs after pylti1p3 has validated the id_token; nothing here reads a
request. The grade sent to the LMS comes from `score_for_passback` and nowhere else.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

from pylti1p3.roles import DesignerRole, StaffRole, TeacherRole, TeachingAssistantRole
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from quizapp.classes import create_class, is_enrolled
from quizapp.extensions import db
from quizapp.learn.quiz_settings import rules_for
from quizapp.models import Attempt, Enrollment, Module, SchoolClass, User
from quizapp.models.attempts import GRADED
from quizapp.models.lti import LtiContext, LtiLineItem, LtiMember, LtiPlatform, LtiUserLink
from quizapp.models.users import utcnow
from quizapp.quiz_rules import final_grade

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
ROLES_CLAIM = LTI + "roles"
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS_CLAIM = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
MODES = ("module", "practice", "review")
SCORE_MAXIMUM = 100.0


def claim(claims: dict[str, Any], name: str) -> dict[str, Any]:
    """An object claim, or {} when it is absent or not an object (never an error page)."""
    value = claims.get(name)
    return value if isinstance(value, dict) else {}


@dataclass(frozen=True)
class LaunchResult:
    user: User
    role: str  # "teacher" or "student": the role in this course
    context: LtiContext | None
    module: Module | None
    mode: str


def role_from_lms(roles: list[str]) -> str:
    """Instructors, teaching assistants, content developers and admins teach; others learn."""
    body = {ROLES_CLAIM: list(roles or [])}
    teaches = (TeacherRole, TeachingAssistantRole, DesignerRole, StaffRole)
    return "teacher" if any(cls(body).check() for cls in teaches) else "student"


def display_name(claims: dict[str, Any]) -> str:
    name = " ".join(str(claims.get("name") or "").split())
    if not name:
        parts = (claims.get("given_name"), claims.get("family_name"))
        name = " ".join(str(p).strip() for p in parts if p)
    return (name or "LMS user")[:120]


def _free_email(issuer: str, subject: str, email: Any) -> str:
    """The LMS's email when no account has it; otherwise an address that cannot collide."""
    if isinstance(email, str) and "@" in email and len(email) <= 254:
        email = email.strip().lower()
        taken = db.session.scalar(select(User.id).where(func.lower(User.email) == email))
        if taken is None:
            return email
    digest = hashlib.sha256(f"{issuer}\n{subject}".encode()).hexdigest()[:24]
    return f"lti-{digest}@lti.invalid"


def user_for(issuer: str, subject: str, claims: dict[str, Any], role: str) -> User:
    """The account linked to issuer + subject, made on first sight. Never matched by email:
    an LMS must not be able to take over an account that signed up here."""
    link = db.session.scalar(
        select(LtiUserLink).where(LtiUserLink.issuer == issuer, LtiUserLink.subject == subject)
    )
    if link is not None:
        user = link.user
        if claims.get("name") or claims.get("given_name"):
            user.name = display_name(claims)
    else:
        user = User(
            email=_free_email(issuer, subject, claims.get("email")),
            name=display_name(claims),
            role=role,
        )
        user.set_password(secrets.token_urlsafe(32))  # LMS users never log in with a password
        db.session.add(user)
        db.session.flush()
        db.session.add(LtiUserLink(issuer=issuer, subject=subject, user_id=user.id))
    if role == "teacher" and user.role != "teacher":
        user.role = "teacher"  # promoted, never demoted: one account may teach one course
    db.session.flush()
    return user


def context_for(platform: LtiPlatform, deployment_id: str, claims: dict[str, Any]):
    """The course this launch came from (None for a launch outside any course)."""
    course = claim(claims, LTI + "context")
    context_id = _id(course.get("id"))
    if not context_id:
        return None
    context = db.session.scalar(
        select(LtiContext).where(
            LtiContext.platform_id == platform.id, LtiContext.context_id == context_id
        )
    )
    if context is None:
        context = LtiContext(platform_id=platform.id, context_id=context_id, ags_scopes=[])
        db.session.add(context)
    context.deployment_id = deployment_id
    context.title = str(course.get("title") or course.get("label") or context.title or "LMS course")
    context.title = context.title[:255]
    nrps = claim(claims, NRPS_CLAIM)
    context.memberships_url = _url(nrps.get("context_memberships_url")) or context.memberships_url
    ags = claim(claims, AGS_CLAIM)
    if ags:
        context.lineitems_url = _url(ags.get("lineitems")) or context.lineitems_url
        scopes = ags.get("scope")
        context.ags_scopes = [str(s) for s in scopes] if isinstance(scopes, list) else []
    db.session.flush()
    return context


def _id(value: Any) -> str:
    """An LTI identifier as text; the spec caps them at 255 characters, and so do the columns."""
    return str(value if value is not None else "")[:255]


def _url(value: Any) -> str | None:
    """A service URL from a claim, if it is one (and fits the column)."""
    if isinstance(value, str) and value.startswith(("https://", "http://")) and len(value) <= 1000:
        return value
    return None


def join_course(context: LtiContext, user: User, role: str) -> None:
    """Record the member; a teacher's first launch makes the class, students are enrolled."""
    member = db.session.scalar(
        select(LtiMember).where(LtiMember.context_id == context.id, LtiMember.user_id == user.id)
    )
    if member is None:
        db.session.add(LtiMember(context_id=context.id, user_id=user.id, role=role))
    else:
        member.role = role
    db.session.flush()
    if context.class_id is None and role == "teacher":
        db.session.commit()  # create_class commits (and may retry) on its own
        context.class_id = create_class(user, context.title[:120]).id
        db.session.flush()
    enrol_students(context)


def enrol_students(context: LtiContext) -> int:
    """Put the course's student members in its class; the number newly enrolled."""
    if context.class_id is None:
        return 0
    added = 0
    members = db.session.scalars(
        select(LtiMember).where(LtiMember.context_id == context.id, LtiMember.role == "student")
    )
    for member in members:
        if not is_enrolled(context.class_id, member.user_id):
            db.session.add(Enrollment(class_id=context.class_id, user_id=member.user_id))
            added += 1
    db.session.flush()
    return added


def module_for(claims: dict[str, Any]) -> tuple[Module | None, str]:
    """The module and mode a link points at: custom parameters (set by deep linking), else the
    target link's ?module=slug&mode=... query."""
    custom = claim(claims, LTI + "custom")
    query = parse_qs(urlsplit(str(claims.get(LTI + "target_link_uri") or "")).query)
    slug = custom.get("module") or (query.get("module") or [None])[0]
    mode = custom.get("mode") or (query.get("mode") or ["module"])[0]
    mode = mode if mode in MODES else "module"
    module = None
    if isinstance(slug, str) and slug:
        module = db.session.scalar(select(Module).where(Module.slug == slug))
    return module, mode


def link_for(context: LtiContext, claims: dict[str, Any], module: Module | None) -> None:
    """Remember the resource link, the graded module it opens and its gradebook column (AGS).
    Practice and review links send no grade, so they name no module here."""
    link = claim(claims, LTI + "resource_link")
    link_id = _id(link.get("id"))
    if not link_id:
        return
    item = db.session.scalar(
        select(LtiLineItem).where(
            LtiLineItem.context_id == context.id, LtiLineItem.resource_link_id == link_id
        )
    )
    if item is None:
        item = LtiLineItem(context_id=context.id, resource_link_id=link_id)
        db.session.add(item)
    item.title = str(link.get("title") or item.title or "")[:255]
    if module is not None:
        item.module_id = module.id
    item.lineitem_url = _url(claim(claims, AGS_CLAIM).get("lineitem")) or item.lineitem_url
    db.session.flush()


def accept_launch(platform: LtiPlatform, claims: dict[str, Any], resource: bool) -> LaunchResult:
    """Apply a validated launch: account, course, class, membership and link, in one commit."""
    try:
        return _accept(platform, claims, resource)
    except IntegrityError:  # two first launches of one user or course raced: the other won
        db.session.rollback()
        return _accept(platform, claims, resource)


def _accept(platform: LtiPlatform, claims: dict[str, Any], resource: bool) -> LaunchResult:
    role = role_from_lms(claims.get(ROLES_CLAIM) or [])
    user = user_for(platform.issuer, _id(claims.get("sub")), claims, role)
    deployment_id = _id(claims.get(LTI + "deployment_id"))
    context = context_for(platform, deployment_id, claims)
    module, mode = module_for(claims)
    if context is not None:
        join_course(context, user, role)
        if resource:
            link_for(context, claims, module if mode == "module" else None)
    db.session.commit()
    return LaunchResult(user=user, role=role, context=context, module=module, mode=mode)


def score_for_passback(user: User, module: Module) -> float | None:
    """The grade (0-100) the LMS gets for this module: the module's grading method (highest,
    average, first or last) over the submitted graded attempts, as the app's reports show it;
    None before any. Practice and review attempts never count."""
    attempts = db.session.scalars(
        select(Attempt)
        .where(
            Attempt.user_id == user.id,
            Attempt.module_id == module.id,
            Attempt.mode == GRADED,
            Attempt.state == "submitted",
        )
        .order_by(Attempt.number, Attempt.id)
    )
    percents = [a.percent for a in attempts if a.percent is not None]
    grade = final_grade(rules_for(module, user).grading_method, percents)
    return None if grade is None else round(float(grade), 4)


def teacher_contexts(teacher: User) -> list[LtiContext]:
    """The LMS courses whose class this teacher owns."""
    return list(
        db.session.scalars(
            select(LtiContext)
            .join(SchoolClass, SchoolClass.id == LtiContext.class_id)
            .where(SchoolClass.teacher_id == teacher.id)
            .order_by(LtiContext.title, LtiContext.id)
        )
    )


def owned_context(teacher: User, context_id: int) -> LtiContext | None:
    """The course if the teacher owns its class; None otherwise (a plain 404 for the view)."""
    return db.session.scalar(
        select(LtiContext)
        .join(SchoolClass, SchoolClass.id == LtiContext.class_id)
        .where(LtiContext.id == context_id, SchoolClass.teacher_id == teacher.id)
    )


def touch_synced(context: LtiContext) -> None:
    context.synced_at = utcnow()
