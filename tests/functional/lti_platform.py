"""A simulated LMS for the LTI tests: its own RSA key, JWKS, signed id_tokens, an OAuth2 token
endpoint that checks the tool's signed client assertion against the tool's JWKS, and AGS / NRPS
endpoints that record what the tool sends. It is reached through a requests adapter, so the tool
makes real HTTP requests (as the `requests` library sees them) without any network."""

from __future__ import annotations

import itertools
import json
import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from flask import g
from jwt.algorithms import RSAAlgorithm
from requests.adapters import BaseAdapter

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
ROLE = "http://purl.imsglobal.org/vocab/lis/v2/membership#"
LEARNER = [ROLE + "Learner"]
INSTRUCTOR = [ROLE + "Instructor"]
AGS_SCOPES = [
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
    "https://purl.imsglobal.org/spec/lti-ags/scope/score",
]
TOOL = "https://tool.test"

_KEYS = [rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(2)]


def public_jwk(private_key, kid: str) -> dict[str, Any]:
    jwk = json.loads(RSAAlgorithm.to_jwk(private_key.public_key()))
    return {**jwk, "kid": kid, "alg": "RS256", "use": "sig"}


@dataclass
class FakePlatform:
    issuer: str = "https://lms.example.edu"
    client_id: str = "tool-client-1"
    deployment_id: str = "deployment-1"
    key: Any = field(default_factory=lambda: _KEYS[0])
    kid: str = "platform-key-1"
    tool_jwks: dict[str, Any] = field(default_factory=dict)
    scores: list[tuple[str, dict]] = field(default_factory=list)
    created_lineitems: list[dict] = field(default_factory=list)
    token_requests: list[dict] = field(default_factory=list)
    members: list[dict] = field(default_factory=list)
    fail_scores: int = 0  # how many score posts to refuse (HTTP 503) before accepting
    _ids: Any = field(default_factory=lambda: itertools.count(1))

    # -- URLs ---------------------------------------------------------------------------------
    def url(self, path: str) -> str:
        return self.issuer + path

    @property
    def cli_args(self) -> list[str]:
        return [
            "lti-register",
            "--issuer",
            self.issuer,
            "--client-id",
            self.client_id,
            "--auth-login-url",
            self.url("/auth"),
            "--auth-token-url",
            self.url("/token"),
            "--key-set-url",
            self.url("/jwks"),
            "--deployment-id",
            self.deployment_id,
        ]

    def jwks(self) -> dict[str, Any]:
        return {"keys": [public_jwk(self.key, self.kid)]}

    # -- messages the platform signs ----------------------------------------------------------
    def claims(self, nonce: str, sub: str, roles: list[str], **extra: Any) -> dict[str, Any]:
        now = int(time.time())
        body = {
            "iss": self.issuer,
            "aud": self.client_id,
            "sub": sub,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            "name": f"User {sub}",
            LTI + "message_type": "LtiResourceLinkRequest",
            LTI + "version": "1.3.0",
            LTI + "deployment_id": self.deployment_id,
            LTI + "target_link_uri": TOOL + "/lti/launch",
            LTI + "resource_link": {"id": "link-1", "title": "History quiz"},
            LTI + "roles": roles,
            LTI + "context": {"id": "course-1", "title": "English 101"},
            LTI + "custom": {"module": "history"},
            LTI + "launch_presentation": {"return_url": "https://school.lms.test/course/1"},
            "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint": {
                "scope": AGS_SCOPES,
                "lineitems": self.url("/courses/course-1/lineitems"),
                "lineitem": self.url("/courses/course-1/lineitems/1"),
            },
            "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice": {
                "context_memberships_url": self.url("/courses/course-1/memberships"),
                "service_versions": ["2.0"],
            },
        }
        body.update(extra)
        return {k: v for k, v in body.items() if v is not None}  # None removes a claim

    def sign(self, claims: dict[str, Any], key=None, kid: str | None = None) -> str:
        headers = {"kid": kid or self.kid}
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers=headers)

    def deep_link_claims(self, nonce: str, sub: str, roles: list[str], **extra) -> dict:
        settings = {
            "deep_link_return_url": self.url("/deep-link-return"),
            "accept_types": ["ltiResourceLink"],
            "accept_presentation_document_targets": ["iframe", "window"],
            "data": "opaque-platform-data",
        }
        return self.claims(
            nonce,
            sub,
            roles,
            **{
                LTI + "message_type": "LtiDeepLinkingRequest",
                LTI + "resource_link": None,
                LTI + "custom": None,
                "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings": settings,
                **extra,
            },
        )

    # -- what the tool's signatures are checked against ---------------------------------------
    def verify_from_tool(self, token: str, audience: str) -> dict[str, Any]:
        """Check a JWT the tool signed, with the tool's published JWKS (as a real LMS does)."""
        kid = jwt.get_unverified_header(token)["kid"]
        jwk = next(k for k in self.tool_jwks["keys"] if k["kid"] == kid)
        return jwt.decode(
            token, RSAAlgorithm.from_jwk(json.dumps(jwk)), algorithms=["RS256"], audience=audience
        )

    # -- the HTTP side -----------------------------------------------------------------------

    def handle(self, method: str, url: str, headers, body: str) -> tuple[int, Any]:
        path = urlsplit(url).path
        if method == "GET" and path == "/jwks":
            return 200, self.jwks()
        if method == "POST" and path == "/token":
            return self._token(parse_qs(body))
        if headers.get("Authorization", "") != "Bearer platform-token":
            return 401, {"error": "no token"}
        if path.endswith("/scores") and method == "POST":
            return self._score(url, json.loads(body))
        if path.endswith("/lineitems") and method == "GET":
            return 200, self.created_lineitems
        if path.endswith("/lineitems") and method == "POST":
            item = {**json.loads(body), "id": url + f"/{100 + next(self._ids)}"}
            self.created_lineitems.append(item)
            return 201, item
        if path.endswith("/memberships") and method == "GET":
            return 200, {"id": url, "context": {"id": "course-1"}, "members": self.members}
        return 404, {"error": path}

    def _token(self, form: dict[str, list[str]]) -> tuple[int, Any]:
        assertion = form["client_assertion"][0]
        claims = self.verify_from_tool(assertion, audience=self.url("/token"))
        assert claims["iss"] == claims["sub"] == self.client_id
        kid = jwt.get_unverified_header(assertion)["kid"]
        self.token_requests.append({"scope": form["scope"][0], "claims": claims, "kid": kid})
        return 200, {"access_token": "platform-token", "token_type": "Bearer", "expires_in": 3600}

    def _score(self, url: str, score: dict) -> tuple[int, Any]:
        if self.fail_scores:
            self.fail_scores -= 1
            return 503, {"error": "gradebook is down"}
        self.scores.append((url.removesuffix("/scores"), score))
        return 200, {}


def platforms_session(platforms: list[FakePlatform]) -> requests.Session:
    """A requests session that reaches these simulated platforms and nothing else."""
    session = requests.Session()
    session.mount("http://", _Offline())
    session.mount("https://", _Offline())
    for platform in platforms:
        session.mount(platform.issuer, _Adapter(platform))
    return session


class _Offline(BaseAdapter):
    """Any other URL: a connection error, never the network."""

    def send(self, request, **_kwargs):
        raise requests.ConnectionError(f"no route to {request.url} in tests")

    def close(self) -> None:
        pass


class _Adapter(BaseAdapter):
    def __init__(self, platform: FakePlatform) -> None:
        super().__init__()
        self.platform = platform

    def send(self, request, **_kwargs) -> requests.Response:
        body = request.body.decode() if isinstance(request.body, bytes) else request.body or ""
        status, payload = self.platform.handle(request.method, request.url, request.headers, body)
        response = requests.Response()
        response.status_code = status
        response._content = json.dumps(payload).encode()
        response.headers["Content-Type"] = "application/json"
        response.url = request.url
        response.request = request
        return response

    def close(self) -> None:
        pass


def new_nonce() -> str:
    return uuid.uuid4().hex


def other_key():
    """A key the platform does not publish (a forged launch)."""
    return _KEYS[1]


# -- driving the tool as the LMS and the browser would ----------------------------------------
def https_client(app):
    """A test client that talks HTTPS to the tool (LTI cookies are SameSite=None; Secure)."""
    from tests.conftest import OwnUserClient

    class HttpsClient(OwnUserClient):
        def open(self, *args, **kwargs):
            g.pop("csrf_token", None)  # per request in production; the test app context is shared
            kwargs.setdefault("base_url", TOOL)
            return super().open(*args, **kwargs)

    app.test_client_class = HttpsClient
    return app.test_client()


def register(app, platform: FakePlatform, client) -> FakePlatform:
    """Register the platform through the CLI, as an admin would, and learn the tool's JWKS."""
    platforms = app.extensions.setdefault("fake_lti_platforms", [])
    platforms.append(platform)
    app.config["LTI_HTTP_SESSION_FACTORY"] = lambda: platforms_session(platforms)
    result = app.test_cli_runner().invoke(args=platform.cli_args)
    assert result.exit_code == 0, result.output
    platform.tool_jwks = client.get("/lti/jwks").get_json()
    return platform


def login_step(client, platform: FakePlatform, sub: str) -> dict[str, str]:
    """OIDC login initiation; the parameters the tool sends the browser to the platform with."""
    response = client.post(
        "/lti/login",
        data={
            "iss": platform.issuer,
            "login_hint": sub,
            "target_link_uri": TOOL + "/lti/launch",
            "client_id": platform.client_id,
            "lti_deployment_id": platform.deployment_id,
        },
    )
    assert response.status_code == 302, response.text
    assert response.location.startswith(platform.url("/auth?"))
    return {k: v[0] for k, v in parse_qs(urlsplit(response.location).query).items()}


def launch(client, platform: FakePlatform, sub="student-1", roles=LEARNER, **claims):
    """Login initiation then the signed launch POST, as the platform's auto-submitted form."""
    auth = login_step(client, platform, sub)
    token = platform.sign(platform.claims(auth["nonce"], sub, roles, **claims))
    return client.post("/lti/launch", data={"id_token": token, "state": auth["state"]})
