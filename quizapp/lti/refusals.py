"""A refused launch gets a page saying why in plain words, and what to do about it."""

from __future__ import annotations

from flask import render_template

from quizapp.security import allow_embedding

# (words in the library's message, what the person in front of the screen is told)
REASONS = [
    ("has expired", "This launch has expired. Go back to your course and open the link again."),
    (
        "signature verification failed",
        "The launch was not signed by the LMS this app knows: its signature does not match "
        "the LMS's published keys.",
    ),
    ("unable to find public key", "The launch was signed with a key the LMS does not publish."),
    ("nonce", "This launch was already used. Go back to your course and open the link again."),
    (
        ("state", "missing cookie"),
        "The launch did not come back to the browser that started it. Open the link again; if "
        "it keeps failing, allow cookies for this site or open the tool in a new window.",
    ),
    ("is not recognised", "This deployment of the tool is not registered here."),
    (
        "wrong audience",
        "The launch was meant for another tool (its audience is not this app's client id).",
    ),
    (
        "client id not registered",
        "The launch was meant for another tool (its audience is not this app's client id).",
    ),
    ("registration", "This LMS is not registered with this app."),
    ("only teachers", "Only teachers can add this tool's content to a course."),
    ("launch data not found", "This page expired. Start again from your course."),
]
MISSING = "The launch is missing information this app needs (a required claim)."
GENERIC = "The launch from your LMS could not be accepted."
MISSING_WORDS = ("missing", "must have", "incorrect version", "empty", "not set", "message type")


def reason_for(message: str) -> str:
    """A sentence for people, from the library's technical message."""
    text = message.lower()
    for words, reason in REASONS:
        if any(w in text for w in ((words,) if isinstance(words, str) else words)):
            return reason
    if any(words in text for words in MISSING_WORDS):
        return MISSING
    return GENERIC


def refusal_page(exc: Exception, status: int = 400):
    """The refusal page; framable by any HTTPS page, since it is what the LMS iframe shows
    and it carries no action to click-jack."""
    allow_embedding(["https:"])
    detail = str(exc) or type(exc).__name__
    return render_template("lti/refused.html", reason=reason_for(detail), detail=detail), status
