"""LTI 1.3 launches from a simulated LMS: login -> launch, accounts, roles, classes, framing."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Enrollment, SchoolClass, User
from quizapp.models.lti import LtiContext, LtiLineItem, LtiUserLink
from tests.functional.lti_platform import (
    INSTRUCTOR,
    LEARNER,
    LTI,
    ROLE,
    TOOL,
    FakePlatform,
    https_client,
    launch,
    login_step,
    register,
)


def linked_user(sub: str, issuer: str = "https://lms.example.edu") -> User | None:
    link = db.session.scalar(
        select(LtiUserLink).where(LtiUserLink.issuer == issuer, LtiUserLink.subject == sub)
    )
    return link.user if link else None


def test_login_initiation_redirects_to_the_platform_with_state_and_nonce(lms_client, platform):
    auth = login_step(lms_client, platform, "student-1")
    assert auth["client_id"] == platform.client_id
    assert auth["redirect_uri"] == TOOL + "/lti/launch"
    assert auth["response_type"] == "id_token" and auth["response_mode"] == "form_post"
    assert auth["login_hint"] == "student-1" and auth["state"] and auth["nonce"]
    assert auth["prompt"] == "none" and auth["scope"] == "openid"


def test_student_launch_signs_in_and_lands_on_the_linked_module(lms_client, platform):
    response = launch(lms_client, platform, sub="student-1")
    assert response.status_code == 302
    assert urlsplit(response.location).path == "/lti/modules/history"
    page = lms_client.get("/lti/modules/history")
    assert page.status_code == 200
    assert "History" in page.text and "Start" in page.text
    assert "course's gradebook" in page.text
    user = linked_user("student-1")
    assert user is not None and user.role == "student" and user.name == "User student-1"


def test_launch_pages_may_be_framed_by_the_lms_only_and_cookie_is_cross_site(lms_client, platform):
    response = launch(lms_client, platform)
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "SameSite=None" in cookie and "Secure" in cookie and "Partitioned" in cookie
    page = lms_client.get("/lti/modules/history")
    csp = page.headers["Content-Security-Policy"]
    assert "frame-ancestors https://lms.example.edu https://school.lms.test" in csp
    assert "X-Frame-Options" not in page.headers
    # Logging out ends the embedded session: pages refuse framing again.
    lms_client.post("/auth/logout")
    login_page = lms_client.get("/auth/login")
    assert "frame-ancestors 'none'" in login_page.headers["Content-Security-Policy"]
    assert login_page.headers["X-Frame-Options"] == "DENY"


def test_normal_login_keeps_lax_cookie_and_refuses_framing(app, student):
    client = https_client(app)
    response = client.post(
        "/auth/login", data={"email": student.email, "password": "student-pass-1"}
    )
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "SameSite=Lax" in cookie and "SameSite=None" not in cookie
    page = client.get("/dashboard")
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Frame-Options"] == "DENY"


def test_second_launch_finds_the_same_account(lms_client, platform):
    launch(lms_client, platform, sub="student-1")
    launch(lms_client, platform, sub="student-1", name="Renamed Student")
    users = db.session.scalars(select(LtiUserLink).where(LtiUserLink.subject == "student-1")).all()
    assert len(users) == 1
    assert users[0].user.name == "Renamed Student"


def test_same_subject_on_another_issuer_is_another_person(app, lms_client, platform):
    launch(lms_client, platform, sub="42")
    other = register(app, FakePlatform(issuer="https://canvas.example.com"), lms_client)
    launch(lms_client, other, sub="42")
    first, second = linked_user("42"), linked_user("42", "https://canvas.example.com")
    assert first is not None and second is not None and first.id != second.id


def test_lms_email_never_takes_over_an_existing_account(lms_client, platform, student):
    launch(lms_client, platform, sub="intruder", email=student.email)
    user = linked_user("intruder")
    assert user.id != student.id and user.email.endswith("@lti.invalid")


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        (LEARNER, "student"),
        (INSTRUCTOR, "teacher"),
        ([ROLE + "TeachingAssistant"], "teacher"),
        ([ROLE + "ContentDeveloper"], "teacher"),
        (
            [
                ROLE + "Learner",
                "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Instructor",
            ],
            "student",
        ),  # Canvas sends institution roles; the course role decides
        ([], "student"),
    ],
)
def test_lms_roles_map_to_student_or_teacher(lms_client, platform, roles, expected):
    launch(lms_client, platform, sub="someone", roles=roles)
    assert linked_user("someone").role == expected


def test_teacher_launch_makes_the_course_a_class_and_students_join_it(lms_client, platform):
    launch(lms_client, platform, sub="student-early")  # before the teacher: kept as a member
    response = launch(lms_client, platform, sub="teacher-1", roles=INSTRUCTOR)
    assert response.status_code == 302
    context = db.session.scalar(select(LtiContext))
    school_class = db.session.get(SchoolClass, context.class_id)
    teacher = linked_user("teacher-1")
    assert school_class.name == "English 101" and school_class.teacher_id == teacher.id
    launch(lms_client, platform, sub="student-late")
    enrolled = set(
        db.session.scalars(select(Enrollment.user_id).where(Enrollment.class_id == school_class.id))
    )
    assert enrolled == {linked_user("student-early").id, linked_user("student-late").id}
    # The teacher sees them in the class overview report.
    launch(lms_client, platform, sub="teacher-1", roles=INSTRUCTOR)
    overview = lms_client.get(f"/reports/classes/{school_class.id}")
    assert overview.status_code == 200
    assert "User student-early" in overview.text and "User student-late" in overview.text


def test_a_student_never_sees_another_courses_class(app, lms_client, platform):
    launch(lms_client, platform, sub="teacher-1", roles=INSTRUCTOR)
    launch(
        lms_client,
        platform,
        sub="teacher-2",
        roles=INSTRUCTOR,
        **{LTI + "context": {"id": "course-2", "title": "Maths 7"}},
    )
    # Same course id on another LMS is another course.
    other = register(app, FakePlatform(issuer="https://other-lms.example.org"), lms_client)
    launch(lms_client, other, sub="teacher-3", roles=INSTRUCTOR)
    launch(lms_client, platform, sub="student-1")
    student = linked_user("student-1")
    names = set(
        db.session.scalars(
            select(SchoolClass.name)
            .join(Enrollment, Enrollment.class_id == SchoolClass.id)
            .where(Enrollment.user_id == student.id)
        )
    )
    assert names == {"English 101"}
    progress = lms_client.get("/reports/me")
    assert progress.status_code == 200
    assert "Maths 7" not in progress.text
    assert db.session.scalar(select(func.count(SchoolClass.id))) >= 3


def test_launch_without_a_module_opens_the_dashboard(lms_client, platform):
    response = launch(lms_client, platform, **{LTI + "custom": None})
    assert urlsplit(response.location).path == "/dashboard"


def test_target_link_query_names_the_module_too(lms_client, platform):
    response = launch(
        lms_client,
        platform,
        **{LTI + "custom": None, LTI + "target_link_uri": TOOL + "/lti/launch?module=arms"},
    )
    assert urlsplit(response.location).path == "/lti/modules/arms"


def test_jwks_publishes_the_tool_key(lms_client, platform):
    keys = lms_client.get("/lti/jwks").get_json()["keys"]
    assert len(keys) == 1
    assert keys[0]["kty"] == "RSA" and keys[0]["alg"] == "RS256" and keys[0]["kid"]
    assert "d" not in keys[0]  # never the private part


def test_malformed_optional_claims_never_break_a_launch(lms_client, platform):
    response = launch(
        lms_client,
        platform,
        **{
            LTI + "context": "not-an-object",
            LTI + "custom": ["module", "history"],
            LTI + "launch_presentation": 7,
            "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint": ["x"],
        },
    )
    assert response.status_code == 302
    assert urlsplit(response.location).path == "/dashboard"
    assert db.session.scalar(select(func.count(LtiContext.id))) == 0


def test_practice_and_review_links_land_without_a_grade_column(lms_client, platform):
    practice = launch(
        lms_client, platform, **{LTI + "custom": {"module": "arms", "mode": "practice"}}
    )
    assert urlsplit(practice.location).path == "/lti/modules/arms"
    assert urlsplit(practice.location).query == "mode=practice"
    page = lms_client.get(practice.location)
    assert "Practice Arms and Security" in page.text and "Start Arms" not in page.text
    review = launch(lms_client, platform, **{LTI + "custom": {"mode": "review"}})
    assert urlsplit(review.location).path == "/review"
    item = db.session.scalar(select(LtiLineItem))
    assert item.module_id is None  # a practice link sends no grade
