"""Deep linking from the simulated LMS, with CSRF on as in production: the teacher picks a module
and the LMS gets a signed link back that it verifies with the tool's JWKS."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from tests.conftest import csrf_from
from tests.functional.lti_platform import (
    INSTRUCTOR,
    LEARNER,
    LTI,
    TOOL,
    launch,
    login_step,
)

# Over HTTPS Flask-WTF also checks that the Referer is this site, as a browser sends it.
SAME_ORIGIN = {"Referer": TOOL + "/lti/launch"}
CONTENT_ITEMS = "https://purl.imsglobal.org/spec/lti-dl/claim/content_items"


@pytest.fixture
def app_config():
    return {"WTF_CSRF_ENABLED": True}


def deep_link_launch(client, platform, sub="teacher-1", roles=INSTRUCTOR):
    auth = login_step(client, platform, sub)
    token = platform.sign(platform.deep_link_claims(auth["nonce"], sub, roles))
    return client.post("/lti/launch", data={"id_token": token, "state": auth["state"]})


def pick(client, picker_html: str, choice: str):
    launch_id = re.search(r'name="launch_id" type="hidden" value="([^"]+)"', picker_html)
    data = {"csrf_token": csrf_from(picker_html), "launch_id": launch_id.group(1)}
    return client.post("/lti/deep-link", data={**data, "choice": choice}, headers=SAME_ORIGIN)


def returned_jwt(html: str) -> str:
    return re.search(r'name="JWT" value="([^"]+)"', html).group(1)


def test_teacher_picks_a_module_and_the_lms_gets_a_signed_link(lms_client, platform):
    picker = deep_link_launch(lms_client, platform)
    assert picker.status_code == 200
    assert "Pick what the link opens" in picker.text
    assert 'value="module:arms"' in picker.text and 'value="practice:arms"' in picker.text
    assert "frame-ancestors https://lms.example.edu" in picker.headers["Content-Security-Policy"]

    answer = pick(lms_client, picker.text, "module:arms")
    assert answer.status_code == 200
    assert f'action="{platform.url("/deep-link-return")}"' in answer.text
    assert platform.issuer in answer.headers["Content-Security-Policy"].split("form-action")[1]

    claims = platform.verify_from_tool(returned_jwt(answer.text), audience=platform.issuer)
    assert claims["iss"] == platform.client_id
    assert claims[LTI + "message_type"] == "LtiDeepLinkingResponse"
    assert claims[LTI + "deployment_id"] == platform.deployment_id
    assert claims["https://purl.imsglobal.org/spec/lti-dl/claim/data"] == "opaque-platform-data"
    [item] = claims[CONTENT_ITEMS]
    assert item["type"] == "ltiResourceLink" and item["url"] == TOOL + "/lti/launch"
    assert item["custom"] == {"mode": "module", "module": "arms"}
    assert item["lineItem"]["scoreMaximum"] == 100

    # The LMS now launches that link: the student lands on the module picked.
    out = {"csrf_token": csrf_from(answer.text)}
    assert lms_client.post("/auth/logout", data=out, headers=SAME_ORIGIN).status_code == 302
    landed = launch(lms_client, platform, sub="student-1", **{LTI + "custom": item["custom"]})
    assert urlsplit(landed.location).path == "/lti/modules/arms"


def test_practice_and_review_links(lms_client, platform):
    picker = deep_link_launch(lms_client, platform)
    answer = pick(lms_client, picker.text, "practice:gifts")
    [item] = platform.verify_from_tool(returned_jwt(answer.text), platform.issuer)[CONTENT_ITEMS]
    assert item["custom"] == {"mode": "practice", "module": "gifts"} and "lineItem" not in item

    picker = deep_link_launch(lms_client, platform)
    answer = pick(lms_client, picker.text, "review:")
    [item] = platform.verify_from_tool(returned_jwt(answer.text), platform.issuer)[CONTENT_ITEMS]
    assert item["custom"] == {"mode": "review"} and item["title"] == "Spaced review"


def test_a_choice_that_is_not_offered_is_refused(lms_client, platform):
    picker = deep_link_launch(lms_client, platform)
    assert pick(lms_client, picker.text, "module:no-such-module").status_code == 400


def test_deep_link_without_csrf_token_is_refused(lms_client, platform):
    picker = deep_link_launch(lms_client, platform)
    launch_id = re.search(r'name="launch_id" type="hidden" value="([^"]+)"', picker.text)
    data = {"launch_id": launch_id.group(1), "choice": "module:arms"}
    response = lms_client.post("/lti/deep-link", data=data, headers=SAME_ORIGIN)
    assert response.status_code == 400 and "JWT" not in response.text


def test_students_cannot_add_content(lms_client, platform):
    response = deep_link_launch(lms_client, platform, sub="student-1", roles=LEARNER)
    assert response.status_code == 403
    assert "Only teachers can add" in response.text
