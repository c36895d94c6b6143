"""Check an uploaded file and decode it: UTF-8 (with or without a BOM) text, nothing else (pure)."""

from __future__ import annotations

import re
from pathlib import PurePath

MAX_BYTES = 2 * 1024 * 1024
FORMATS = ("text", "markdown", "html")
SCRIPT = re.compile(r"<\s*(script|style|iframe|object|embed)\b|javascript:", re.IGNORECASE)
# C0 control characters other than tab, line feed, form feed and carriage return
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class UploadError(ValueError):
    """A file refused, with a message for the teacher."""


def decode(data: bytes) -> str:
    """The text of an uploaded file; UploadError when it is empty, too big, binary or not UTF-8."""
    if len(data) > MAX_BYTES:
        raise UploadError("The file is larger than 2 MB; save only the article's text.")
    if data.startswith(UTF16_BOMS):
        raise UploadError("The file is saved as UTF-16; save it as UTF-8 and upload it again.")
    if b"\x00" in data:
        raise UploadError(
            "This is not a text file (a PDF, an image or a word-processor file?). "
            "Save the article as plain text, Markdown or HTML."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UploadError(
            f"The file is not UTF-8 text (byte {exc.start + 1} is not). "
            "Save it as UTF-8 and upload it again."
        ) from None
    return checked_text(text)


def checked_text(text: str) -> str:
    """Pasted or decoded text, refused when empty or holding control characters."""
    if not text.strip():
        raise UploadError("The file is empty.")
    if CONTROL.search(text):
        raise UploadError(
            "The text holds control characters, so it is probably not a text file. "
            "Save the article as plain text, Markdown or HTML."
        )
    return text


def guess_format(filename: str | None, text: str) -> str:
    """text, markdown or html from the file name, or from the text itself."""
    suffix = PurePath(filename or "").suffix.lower()
    if suffix in (".md", ".markdown"):
        return "markdown"
    if suffix in (".html", ".htm", ".xhtml"):
        return "html"
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html")):
        return "html"
    return "text"


def check_scripts(text: str, fmt: str) -> None:
    """Plain text and Markdown must not carry scripts; an HTML page's are dropped on reading."""
    if fmt != "html" and (match := SCRIPT.search(text)):
        raise UploadError(
            f"The text contains web-page code ({match.group(0).strip()}…). If it is a saved web "
            "page, choose the HTML format, which keeps only the article's text."
        )
