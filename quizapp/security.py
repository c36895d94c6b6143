"""HTTP security headers: defence in depth behind the HTML sanitiser."""

from __future__ import annotations

from collections.abc import Iterable

from flask import Flask, Response, current_app, g, request

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


NUL_MESSAGE = (
    "The request contained a NUL character (\\0), which is never part of text. Remove it (it "
    "often comes from copying out of another program) and send the form again; nothing was saved."
)


def _has_nul(values: Iterable[str | None]) -> bool:
    return any(value is not None and "\x00" in value for value in values)


def reject_nul_characters():
    """A 400 for any NUL in the address, query or form fields, before a view sees them.

    SQLite stores NUL but PostgreSQL refuses it in text columns (the driver raises), so without
    this a name or answer holding one would save on one database and be a 500 on the other.
    """
    if "\x00" in request.path or _has_nul(request.args.values()):
        return _nul_page()
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return None  # no form fields or files to look at
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if request.content_length and limit and request.content_length > limit:
        return None  # too large: the view (or the 413 handler) says so
    if _has_nul(request.form.keys()) or _has_nul(request.form.values()):
        return _nul_page()
    if _has_nul(request.files.keys()) or _has_nul(f.filename for f in request.files.values()):
        return _nul_page()
    return None


def _nul_page():
    from quizapp.errors import error_page

    return error_page(400, NUL_MESSAGE)


def register(app: Flask) -> None:
    app.before_request(reject_nul_characters)
    app.after_request(add_security_headers)
