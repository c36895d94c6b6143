"""pylti1p3 wired to this app: registrations from the database, OIDC state in the database, and
one HTTP session for everything the tool asks of a platform (keys, tokens, grades, rosters).

The library does the protocol (JWT signature, audience, expiry, nonce, deployment, claims); this
module only tells it where things are stored.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import requests
from flask import current_app
from pylti1p3.contrib.flask import (
    FlaskCookieService,
    FlaskMessageLaunch,
    FlaskOIDCLogin,
    FlaskRequest,
    FlaskSessionService,
)
from pylti1p3.deployment import Deployment
from pylti1p3.exception import LtiMessageValidationException
from pylti1p3.launch_data_storage.base import LaunchDataStorage
from pylti1p3.registration import Registration
from pylti1p3.service_connector import ServiceConnector
from pylti1p3.tool_config.abstract import ToolConfAbstract
from sqlalchemy import delete, select

from quizapp.extensions import db
from quizapp.lti.keys import signing_key
from quizapp.models.lti import LtiDeployment, LtiLaunchData, LtiPlatform
from quizapp.models.users import utcnow

HTTP_TIMEOUT = 10  # seconds for any one request to a platform
# Claims a launch must carry besides what the library checks (sub, version, roles, link id).
REQUIRED_CLAIMS = ["iss", "aud", "sub", "exp", "iat", "nonce"]


class _TimeoutSession(requests.Session):
    """requests has no default timeout: a platform that hangs must not hang a request here."""

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", HTTP_TIMEOUT)
        return super().request(*args, **kwargs)


def http_session() -> requests.Session:
    """The session for calls to platforms; tests plug a simulated platform in through config."""
    factory = current_app.config.get("LTI_HTTP_SESSION_FACTORY")
    session = factory() if factory else _TimeoutSession()
    session.headers.setdefault("User-Agent", "CloseReading-LTI")
    return session


def find_platform(issuer: str, client_id: str | None) -> LtiPlatform | None:
    """The registration for this issuer and client id (or the only one of the issuer)."""
    stmt = select(LtiPlatform).where(LtiPlatform.issuer == issuer)
    if client_id:
        return db.session.scalar(stmt.where(LtiPlatform.client_id == client_id))
    found = list(db.session.scalars(stmt.limit(2)))
    return found[0] if len(found) == 1 else None


def _issuer_known(issuer: str) -> bool:
    return (
        db.session.scalar(select(LtiPlatform.id).where(LtiPlatform.issuer == issuer).limit(1))
        is not None
    )


def registration_for(platform: LtiPlatform) -> Registration:
    """The library's view of a platform, signing with the tool's current key."""
    key = signing_key()
    registration = (
        Registration()
        .set_issuer(platform.issuer)
        .set_client_id(platform.client_id)
        .set_key_set_url(platform.key_set_url)
        .set_auth_login_url(platform.auth_login_url)
        .set_auth_token_url(platform.auth_token_url)
        .set_tool_private_key(key.private_pem)
        .set_tool_public_key(key.public_pem)
    )
    if platform.auth_audience:
        registration.set_auth_audience(platform.auth_audience)
    return registration


class DbToolConf(ToolConfAbstract):
    """Registrations and deployments as stored by `flask lti-register`."""

    def check_iss_has_one_client(self, iss: str) -> bool:
        return False

    def check_iss_has_many_clients(self, iss: str) -> bool:
        return True

    def find_registration_by_issuer(self, iss: str, *args: Any, **kwargs: Any):
        return self.find_registration_by_params(iss, None)

    def find_registration_by_params(self, iss: str, client_id: str | None, *args, **kwargs):
        platform = find_platform(iss, client_id)
        if platform is None and client_id and _issuer_known(iss):
            raise LtiMessageValidationException(
                f'Wrong audience: "{client_id}" is not this tool\'s client id at {iss}'
            )
        return registration_for(platform) if platform else None

    def find_deployment(self, iss: str, deployment_id: str) -> Deployment | None:
        return self.find_deployment_by_params(iss, deployment_id, None)

    def find_deployment_by_params(self, iss, deployment_id, client_id, *args, **kwargs):
        platform = find_platform(iss, client_id)
        if platform is None or not deployment_id:
            return None
        found = db.session.scalar(
            select(LtiDeployment).where(
                LtiDeployment.platform_id == platform.id,
                LtiDeployment.deployment_id == deployment_id,
            )
        )
        return Deployment().set_deployment_id(deployment_id) if found else None


class DbLaunchDataStorage(LaunchDataStorage):
    """OIDC state kept in the database, bound to the browser by the library's session-id cookie
    (SameSite=None, so it survives the cross-site POST from the platform). A nonce is deleted
    as it is checked, so a replayed id_token is refused."""

    def get_session_cookie_name(self) -> str | None:
        # Over plain HTTP the SameSite=None cookie cannot be set: fall back to unbound keys
        # (development only; LTI platforms require HTTPS).
        return super().get_session_cookie_name() if self._request.is_secure() else None

    def can_set_keys_expiration(self) -> bool:
        return True

    def _row(self, key: str) -> LtiLaunchData | None:
        return db.session.scalar(
            select(LtiLaunchData).where(
                LtiLaunchData.key == self._prepare_key(key), LtiLaunchData.expires_at > utcnow()
            )
        )

    def get_value(self, key: str) -> Any:
        row = self._row(key)
        return row.value if row else None

    def set_value(self, key: str, value: Any, exp: int | None = None) -> None:
        full = self._prepare_key(key)
        expires = utcnow() + timedelta(seconds=exp or 86400)
        db.session.execute(delete(LtiLaunchData).where(LtiLaunchData.key == full))
        db.session.add(LtiLaunchData(key=full, value=value, expires_at=expires))
        db.session.commit()

    def check_value(self, key: str) -> bool:
        """Whether the key is there; a nonce is used up by being checked."""
        row = self._row(key)
        if row is not None and "-nonce-" in key:
            db.session.delete(row)
            db.session.commit()
        return row is not None


def purge_expired() -> int:
    """Delete OIDC state past its lifetime; the number of rows removed."""
    result = db.session.execute(delete(LtiLaunchData).where(LtiLaunchData.expires_at <= utcnow()))
    db.session.commit()
    return result.rowcount or 0


class DbServiceConnector(ServiceConnector):
    """Access tokens are cached for one batch of calls only (one connector per batch)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._tokens: dict[str, str] = {}

    def _get_cached_access_token(self, scope_key: str) -> str | None:
        return self._tokens.get(scope_key)

    def _cache_access_token(self, scope_key: str, access_token: str, expires_in: float) -> None:
        self._tokens[scope_key] = access_token


def connector_for(platform: LtiPlatform) -> DbServiceConnector:
    return DbServiceConnector(registration_for(platform), http_session())


def _adapters() -> tuple[FlaskRequest, FlaskCookieService, FlaskSessionService]:
    request = FlaskRequest()
    return request, FlaskCookieService(request), FlaskSessionService(request)


def oidc_login() -> FlaskOIDCLogin:
    request, cookies, session = _adapters()
    return FlaskOIDCLogin(
        request,
        DbToolConf(),
        session_service=session,
        cookie_service=cookies,
        launch_data_storage=DbLaunchDataStorage(),
    )


def message_launch() -> FlaskMessageLaunch:
    request, cookies, session = _adapters()
    launch = FlaskMessageLaunch(
        request,
        DbToolConf(),
        session_service=session,
        cookie_service=cookies,
        launch_data_storage=DbLaunchDataStorage(),
        requests_session=http_session(),
        service_connector_cls=DbServiceConnector,
    )
    launch.set_jwt_verify_options({"verify_aud": False, "require": REQUIRED_CLAIMS})
    return launch


def cached_launch(launch_id: str) -> FlaskMessageLaunch:
    """A launch validated earlier in this browser (the deep-linking picker posts its id)."""
    request, cookies, session = _adapters()
    return FlaskMessageLaunch.from_cache(
        launch_id,
        request,
        DbToolConf(),
        session_service=session,
        cookie_service=cookies,
        launch_data_storage=DbLaunchDataStorage(),
        requests_session=http_session(),
        service_connector_cls=DbServiceConnector,
    )


def origin(url: str | None) -> str | None:
    """scheme://host[:port] of a URL, or None when it is not an http(s) URL."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"
