"""Every bad launch is refused with a page that says why, and creates nothing."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Enrollment, SchoolClass, User
from quizapp.models.lti import LtiContext, LtiLineItem, LtiMember, LtiUserLink
from tests.functional.lti_platform import (
    LEARNER,
    LTI,
    FakePlatform,
    https_client,
    login_step,
    other_key,
)

COUNTED = (User, LtiUserLink, LtiContext, LtiMember, LtiLineItem, SchoolClass, Enrollment)


def counts() -> dict[str, int]:
    return {m.__name__: db.session.scalar(select(func.count(m.id))) for m in COUNTED}


def assert_refused(client, response, reason: str, before: dict[str, int]) -> None:
    assert response.status_code in (400, 403), response.status_code
    assert "could not be opened" in response.text
    assert reason in response.text, response.text
    assert "Nothing was created or changed" in response.text
    assert counts() == before
    assert client.get("/dashboard").status_code == 302  # nobody was signed in


def send(client, platform, claims_change=None, key=None, kid=None, sub="student-1"):
    auth = login_step(client, platform, sub)
    claims = platform.claims(auth["nonce"], sub, LEARNER)
    claims.update(claims_change or {})
    claims = {k: v for k, v in claims.items() if v is not None}
    token = platform.sign(claims, key=key, kid=kid)
    return client.post("/lti/launch", data={"id_token": token, "state": auth["state"]})


def test_bad_signature(lms_client, platform):
    before = counts()
    response = send(lms_client, platform, key=other_key())
    assert_refused(lms_client, response, "its signature does not match", before)


def test_key_the_platform_does_not_publish(lms_client, platform):
    before = counts()
    response = send(lms_client, platform, key=other_key(), kid="unknown-key")
    assert_refused(lms_client, response, "a key the LMS does not publish", before)


def test_wrong_audience(lms_client, platform):
    before = counts()
    response = send(lms_client, platform, {"aud": "some-other-tool"})
    assert_refused(lms_client, response, "meant for another tool", before)


def test_unknown_issuer(lms_client, platform):
    before = counts()
    auth = login_step(lms_client, platform, "student-1")
    stranger = FakePlatform(issuer="https://stranger.example.net")
    token = stranger.sign(stranger.claims(auth["nonce"], "student-1", LEARNER))
    response = lms_client.post("/lti/launch", data={"id_token": token, "state": auth["state"]})
    assert_refused(lms_client, response, "This LMS is not registered", before)


def test_unknown_issuer_at_login_initiation(lms_client, platform):
    before = counts()
    response = lms_client.post(
        "/lti/login", data={"iss": "https://stranger.example.net", "login_hint": "x"}
    )
    assert_refused(lms_client, response, "This LMS is not registered", before)


def test_unknown_deployment(lms_client, platform):
    before = counts()
    response = send(lms_client, platform, {LTI + "deployment_id": "deployment-unknown"})
    assert_refused(lms_client, response, "deployment of the tool is not registered", before)


def test_expired_token(lms_client, platform):
    before = counts()
    past = int(time.time()) - 3600
    response = send(lms_client, platform, {"iat": past - 300, "exp": past})
    assert_refused(lms_client, response, "This launch has expired", before)


def test_replayed_launch_is_refused(lms_client, platform):
    auth = login_step(lms_client, platform, "student-1")
    token = platform.sign(platform.claims(auth["nonce"], "student-1", LEARNER))
    data = {"id_token": token, "state": auth["state"]}
    assert lms_client.post("/lti/launch", data=data).status_code == 302
    lms_client.post("/auth/logout")
    before = counts()
    response = lms_client.post("/lti/launch", data=data)
    assert_refused(lms_client, response, "already used", before)


def test_nonce_the_tool_never_issued(lms_client, platform):
    before = counts()
    response = send(lms_client, platform, {"nonce": "made-up-nonce"})
    assert_refused(lms_client, response, "already used", before)


def test_state_from_another_browser(app, lms_client, platform):
    auth = login_step(lms_client, platform, "student-1")
    token = platform.sign(platform.claims(auth["nonce"], "student-1", LEARNER))
    before = counts()
    elsewhere = https_client(app)  # no state cookie from the login step
    response = elsewhere.post("/lti/launch", data={"id_token": token, "state": auth["state"]})
    assert_refused(elsewhere, response, "did not come back to the browser", before)


@pytest.mark.parametrize(
    "claim",
    [
        "sub",
        "exp",
        "iat",
        LTI + "roles",
        LTI + "version",
        LTI + "resource_link",
        LTI + "message_type",
        LTI + "deployment_id",
    ],
)
def test_missing_claims(lms_client, platform, claim):
    before = counts()
    response = send(lms_client, platform, {claim: None})
    assert_refused(lms_client, response, "missing information", before)


def test_not_a_jwt(lms_client, platform):
    auth = login_step(lms_client, platform, "student-1")
    before = counts()
    response = lms_client.post("/lti/launch", data={"id_token": "abc", "state": auth["state"]})
    assert_refused(lms_client, response, "could not be accepted", before)


def test_refusal_page_shows_inside_the_lms_frame(lms_client, platform):
    response = send(lms_client, platform, key=other_key())
    assert "frame-ancestors https:" in response.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in response.headers
