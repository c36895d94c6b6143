"""Commands: `flask --app quizapp lti-register | lti-rotate-key | lti-send-grades`."""

from __future__ import annotations

import click
from flask import current_app
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.lti.grades import send_rows, unsent
from quizapp.lti.keys import jwks, rotate, signing_key
from quizapp.lti.tool import origin, purge_expired
from quizapp.models.lti import LtiDeployment, LtiPlatform


def _url(_ctx, param, value: str | None) -> str | None:
    if value is not None and origin(value) is None:
        raise click.BadParameter("must be an http(s) URL", param=param)
    return value


def _platform(issuer: str, client_id: str) -> tuple[LtiPlatform, bool]:
    found = db.session.scalar(
        select(LtiPlatform).where(LtiPlatform.issuer == issuer, LtiPlatform.client_id == client_id)
    )
    if found is not None:
        return found, False
    platform = LtiPlatform(issuer=issuer, client_id=client_id)
    db.session.add(platform)
    return platform, True


@click.command("lti-register")
@click.option("--issuer", required=True, callback=_url, help="The platform's issuer (iss).")
@click.option("--client-id", required=True, help="The client id the platform gave this tool.")
@click.option("--auth-login-url", required=True, callback=_url, help="OIDC authorization URL.")
@click.option("--auth-token-url", required=True, callback=_url, help="OAuth2 token URL.")
@click.option("--key-set-url", required=True, callback=_url, help="The platform's JWKS URL.")
@click.option("--deployment-id", "deployment_ids", multiple=True, help="Repeat for several.")
@click.option("--auth-audience", default=None, help="Token audience, if not the token URL.")
@click.option("--name", default=None, help="A name to show teachers (e.g. 'School Moodle').")
def register_command(
    issuer: str,
    client_id: str,
    auth_login_url: str,
    auth_token_url: str,
    key_set_url: str,
    deployment_ids: tuple[str, ...],
    auth_audience: str | None,
    name: str | None,
) -> None:
    """Register an LMS (or update its URLs and add deployments): idempotent."""
    client_id = client_id.strip()
    if not client_id:
        raise click.BadParameter("must not be empty", param_hint="--client-id")
    platform, created = _platform(issuer, client_id)
    platform.auth_login_url, platform.auth_token_url = auth_login_url, auth_token_url
    platform.key_set_url, platform.auth_audience = key_set_url, auth_audience
    platform.name = name or platform.name or origin(issuer)
    known = {d.deployment_id for d in platform.deployments}
    for deployment_id in dict.fromkeys(d.strip() for d in deployment_ids if d.strip()):
        if deployment_id not in known:
            platform.deployments.append(LtiDeployment(deployment_id=deployment_id))
    db.session.commit()
    signing_key()  # the tool's key pair exists from now on
    click.echo(f"{'Registered' if created else 'Updated'} {issuer} (client id {client_id}).")
    deployments = ", ".join(d.deployment_id for d in platform.deployments) or "none yet"
    click.echo(f"Deployments: {deployments}.")
    if not platform.deployments:
        click.echo("Launches are refused until a deployment id is added (--deployment-id).")
    _echo_tool_urls()


def _echo_tool_urls() -> None:
    base = current_app.config.get("LTI_TOOL_URL") or "https://YOUR-HOST"
    click.echo("Paste into the LMS (see README, 'For LMS admins'):")
    for label, path in (
        ("Login (initiate login) URL", "/lti/login"),
        ("Launch / redirect URL", "/lti/launch"),
        ("Deep linking URL", "/lti/launch"),
        ("Public keyset (JWKS) URL", "/lti/jwks"),
    ):
        click.echo(f"  {label:28} {base.rstrip('/')}{path}")


@click.command("lti-rotate-key")
@click.option(
    "--retire-old",
    is_flag=True,
    help="Instead of adding a key, take every key but the newest out of the JWKS.",
)
def rotate_key_command(retire_old: bool) -> None:
    """Add a new signing key (old ones stay published), or retire the old ones."""
    key, retired = rotate(retire_old=retire_old)
    if retire_old:
        click.echo(f"Retired {retired} key(s); {key.kid} is the only published key.")
    else:
        count = len(jwks()["keys"])
        click.echo(f"New signing key {key.kid}; {count} key(s) published in the JWKS.")


@click.command("lti-send-grades")
def send_grades_command() -> None:
    """Send every grade still owed to an LMS (run it from cron); exit 1 if some still fail."""
    purge_expired()
    sent, failed = send_rows(unsent())
    click.echo(f"{sent} grade(s) sent, {failed} failed.")
    if failed:
        raise click.exceptions.Exit(1)


LTI_COMMANDS = (register_command, rotate_key_command, send_grades_command)
