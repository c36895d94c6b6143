"""Teachers' LTI pages, roster sync (NRPS), the lti-register command and key rotation."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Attempt, Enrollment, User
from quizapp.models.lti import LtiContext, LtiDeployment, LtiPlatform, LtiUserLink
from tests.conftest import TEACHER_PASSWORD, login
from tests.functional.helpers import attempt_id_from, correct_form
from tests.functional.lti_platform import (
    INSTRUCTOR,
    LEARNER,
    LTI,
    ROLE,
    FakePlatform,
    https_client,
    launch,
)


@pytest.fixture
def course(lms_client, platform) -> LtiContext:
    launch(lms_client, platform, sub="teacher-1", roles=INSTRUCTOR)
    return db.session.scalar(select(LtiContext))


def member(sub: str, roles: list[str], status: str = "Active") -> dict:
    return {"user_id": sub, "roles": roles, "status": status, "name": f"Member {sub}"}


def class_names(context: LtiContext) -> set[str]:
    return set(
        db.session.scalars(
            select(User.name)
            .join(Enrollment, Enrollment.user_id == User.id)
            .where(Enrollment.class_id == context.class_id)
        )
    )


def test_roster_sync_enrols_the_lms_students(lms_client, platform, course):
    platform.members = [
        member("teacher-1", INSTRUCTOR),
        member("s1", LEARNER),
        member("s2", [ROLE + "Learner"]),
        member("gone", LEARNER, status="Inactive"),
    ]
    response = lms_client.post(f"/lti/courses/{course.id}/roster", follow_redirects=True)
    assert "Roster synced: 3 member(s)" in response.text
    assert "2 newly added to the class" in response.text
    assert class_names(course) == {"Member s1", "Member s2"}
    # Synced students are the accounts their launches find later.
    launch(lms_client, platform, sub="s1")
    links = db.session.scalars(select(LtiUserLink).where(LtiUserLink.subject == "s1")).all()
    assert len(links) == 1 and links[0].user.name == "User s1"
    # Syncing again adds nobody twice.
    launch(lms_client, platform, sub="teacher-1", roles=INSTRUCTOR)
    again = lms_client.post(f"/lti/courses/{course.id}/roster", follow_redirects=True)
    assert "0 newly added" in again.text


def test_synced_students_appear_in_the_class_report(lms_client, platform, course):
    platform.members = [member("s1", LEARNER)]
    lms_client.post(f"/lti/courses/{course.id}/roster")
    report = lms_client.get(f"/reports/classes/{course.class_id}")
    assert "Member s1" in report.text


def test_roster_sync_without_the_service_says_so(lms_client, platform):
    nrps = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
    launch(lms_client, platform, sub="teacher-1", roles=INSTRUCTOR, **{nrps: None})
    context = db.session.scalar(select(LtiContext))
    response = lms_client.post(f"/lti/courses/{context.id}/roster", follow_redirects=True)
    assert "did not offer its roster service" in response.text


def test_lti_pages_are_for_the_course_teacher_only(app, lms_client, platform, course):
    assert lms_client.get("/lti/").status_code == 200
    assert "English 101" in lms_client.get("/lti/").text
    assert lms_client.get(f"/lti/courses/{course.id}").status_code == 200

    other_teacher = https_client(app)
    launch(
        other_teacher,
        platform,
        sub="teacher-2",
        roles=INSTRUCTOR,
        **{LTI + "context": {"id": "course-2", "title": "Maths"}},
    )
    assert other_teacher.get(f"/lti/courses/{course.id}").status_code == 404
    assert other_teacher.post(f"/lti/courses/{course.id}/roster").status_code == 404
    assert other_teacher.post(f"/lti/courses/{course.id}/grades").status_code == 404

    student = https_client(app)
    launch(student, platform, sub="s1")
    assert student.get("/lti/").status_code == 403
    assert student.get(f"/lti/courses/{course.id}").status_code == 403
    assert student.post(f"/lti/courses/{course.id}/roster").status_code == 403

    anonymous = https_client(app)
    assert anonymous.get("/lti/").status_code == 302


def test_registrations_page_lists_platforms_and_values_to_paste(app, platform, teacher):
    client = https_client(app)
    login(client, teacher.email, TEACHER_PASSWORD)
    page = client.get("/lti/")
    assert platform.issuer in page.text and platform.client_id in page.text
    assert platform.deployment_id in page.text
    assert "https://tool.test/lti/login" in page.text
    assert "https://tool.test/lti/launch" in page.text
    assert "https://tool.test/lti/jwks" in page.text


def test_register_command_is_idempotent_and_adds_deployments(app, platform):
    runner = app.test_cli_runner()
    result = runner.invoke(args=[*platform.cli_args, "--deployment-id", "deployment-2"])
    assert result.exit_code == 0 and "Updated" in result.output
    assert "deployment-1, deployment-2" in result.output
    assert len(db.session.scalars(select(LtiPlatform)).all()) == 1
    assert len(db.session.scalars(select(LtiDeployment)).all()) == 2


def test_register_command_rejects_bad_urls_and_warns_without_deployment(app):
    runner = app.test_cli_runner()
    args = FakePlatform(issuer="https://new.example.org").cli_args[:-2]  # no deployment id
    result = runner.invoke(args=args)
    assert result.exit_code == 0
    assert "Launches are refused until a deployment id is added" in result.output
    bad = [a if a != "https://new.example.org/jwks" else "ftp://x" for a in args]
    result = runner.invoke(args=bad)
    assert result.exit_code == 2 and "must be an http(s) URL" in result.output


def test_key_rotation_keeps_old_keys_published_until_retired(app, lms_client, platform):
    old = lms_client.get("/lti/jwks").get_json()["keys"][0]["kid"]
    result = app.test_cli_runner().invoke(args=["lti-rotate-key"])
    assert result.exit_code == 0 and "2 key(s) published" in result.output
    keys = [k["kid"] for k in lms_client.get("/lti/jwks").get_json()["keys"]]
    assert len(keys) == 2 and keys[1] == old
    new = keys[0]
    platform.tool_jwks = lms_client.get("/lti/jwks").get_json()

    # The new key signs: the LMS's token endpoint sees its kid (and verifies it).
    launch(lms_client, platform, sub="teacher-1", roles=INSTRUCTOR)
    lms_client.post("/auth/logout")
    launch(lms_client, platform, sub="s1")
    page = lms_client.post("/modules/history/start", follow_redirects=True)
    attempt = db.session.get(Attempt, attempt_id_from(page))
    lms_client.post(f"/attempts/{attempt.id}", data=correct_form(attempt))
    assert platform.scores
    assert platform.token_requests[-1]["kid"] == new  # verified by the LMS with the new key

    result = app.test_cli_runner().invoke(args=["lti-rotate-key", "--retire-old"])
    assert result.exit_code == 0 and "Retired 1 key(s)" in result.output
    assert [k["kid"] for k in lms_client.get("/lti/jwks").get_json()["keys"]] == [new]


PUBLIC = {"lti.jwks", "lti.login", "lti.launch"}  # what an LMS reaches without a session
SIGNED_IN = {"lti.module_page"}
TEACHER = {"lti.index", "lti.course", "lti.sync", "lti.resend", "lti.deep_link"}


def lti_rules(app):
    return [r for r in app.url_map.iter_rules() if r.endpoint.startswith("lti.")]


def test_every_lti_route_is_classified_and_guarded(app, lms_client, platform, course):
    assert {r.endpoint for r in lti_rules(app)} == PUBLIC | SIGNED_IN | TEACHER
    urls = {
        r.endpoint: (r.rule.replace("<int:context_id>", str(course.id)).replace("<slug>", "arms"))
        for r in lti_rules(app)
    }
    anonymous, student = https_client(app), https_client(app)
    launch(student, platform, sub="s1")
    for endpoint in SIGNED_IN | TEACHER:
        method = (
            "GET"
            if "GET" in next(r for r in lti_rules(app) if r.endpoint == endpoint).methods
            else "POST"
        )
        assert anonymous.open(urls[endpoint], method=method).status_code == 302, endpoint
        if endpoint in TEACHER:
            assert student.open(urls[endpoint], method=method).status_code == 403, endpoint
