"""HTTP security headers: defence in depth behind the HTML sanitiser."""

from __future__ import annotations

from flask import Flask, Response, g

# Scripts only from our own files: even if teacher-written HTML slipped past the sanitiser, an
# inline script or event handler would not run. Inline style attributes are allowed because the
# progress bars and charts set widths and colours from data.
CSP_DIRECTIVES = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
]
CONTENT_SECURITY_POLICY = "; ".join(
    [*CSP_DIRECTIVES, "form-action 'self'", "frame-ancestors 'none'"]
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def allow_embedding(frame_ancestors: list[str], form_targets: list[str] = ()) -> None:
    """Let this response be framed by these origins (an LMS launching the app) and post forms
    to these origins (a deep-linking answer). Only the LTI blueprint calls this."""
    g.frame_ancestors = [o for o in frame_ancestors if o]
    g.form_targets = [o for o in form_targets if o]


def _embedded_headers() -> dict[str, str] | None:
    ancestors, targets = g.get("frame_ancestors"), g.get("form_targets")
    if not ancestors and not targets:
        return None
    csp = "; ".join(
        [
            *CSP_DIRECTIVES,
            " ".join(["form-action 'self'", *(targets or [])]),
            " ".join(["frame-ancestors", *(ancestors or ["'none'"])]),
        ]
    )
    headers = {**HEADERS, "Content-Security-Policy": csp}
    if ancestors:
        del headers["X-Frame-Options"]  # it cannot name an origin; the CSP above does
    return headers


def add_security_headers(response: Response) -> Response:
    for name, value in (_embedded_headers() or HEADERS).items():
        response.headers.setdefault(name, value)
    return response


def register(app: Flask) -> None:
    app.after_request(add_security_headers)
