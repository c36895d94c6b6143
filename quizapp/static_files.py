"""Static files under fingerprinted names: `css/app.css` is linked as `css/app.<hash>.css`, which
browsers may keep for a year without asking again; a changed file gets a new name.

`url_for('static', filename=...)` adds the fingerprint by itself, so templates need no change.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from flask import Flask, Response, abort, current_app, send_from_directory
from werkzeug.security import safe_join

ONE_YEAR = 365 * 24 * 3600
DIGITS = 12
FINGERPRINTED = re.compile(rf"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{{{DIGITS}}})(?P<ext>\.[^./]+)$")

_digests: dict[str, tuple[int, int, str]] = {}  # path -> (mtime_ns, size, digest)
_names: dict[tuple[str, str], str] = {}  # (static folder, filename) -> fingerprinted name


def file_digest(path: Path) -> str:
    """The first hex digits of the file's SHA-256, kept until the file changes on disk."""
    stat = path.stat()
    key = str(path)
    cached = _digests.get(key)
    if cached and cached[:2] == (stat.st_mtime_ns, stat.st_size):
        return cached[2]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:DIGITS]
    _digests[key] = (stat.st_mtime_ns, stat.st_size, digest)
    return digest


def fingerprinted_name(static_folder: str, filename: str) -> str:
    """`css/app.css` -> `css/app.<digest>.css`; unchanged if there is no such file."""
    path = safe_join(static_folder, filename)
    if path is None or not Path(path).is_file():
        return filename
    stem, dot, ext = filename.rpartition(".")
    if not dot or "/" in ext:
        return f"{filename}.{file_digest(Path(path))}"
    return f"{stem}.{file_digest(Path(path))}.{ext}"


def add_fingerprint(endpoint: str | None, values: dict) -> None:
    """url_defaults hook: every link to a static file carries its fingerprint."""
    if endpoint == "static" and "filename" in values:
        values["filename"] = _linked_name(current_app.static_folder, values["filename"])


def _linked_name(folder: str, filename: str) -> str:
    """In debug mode every link looks at the file again (it may have just been edited); a
    deployed app's files only change with a restart, so each name is worked out once."""
    if current_app.debug:
        return fingerprinted_name(folder, filename)
    key = (folder, filename)
    name = _names.get(key)
    if name is None:
        name = _names[key] = fingerprinted_name(folder, filename)
    return name


def send_static(filename: str) -> Response:
    """Serve a static file; under its current fingerprint it may be cached for a year."""
    folder = current_app.static_folder
    match = FINGERPRINTED.match(filename)
    if match:
        real = match["stem"] + match["ext"]
        path = safe_join(folder, real)
        if path is not None and Path(path).is_file():
            if file_digest(Path(path)) != match["digest"]:
                # a page from before a deploy: today's file, but not cached as that name
                return send_from_directory(folder, real)
            response = send_from_directory(folder, real, max_age=ONE_YEAR)
            response.cache_control.public = True
            response.cache_control.immutable = True
            return response
    if safe_join(folder, filename) is None:
        abort(404)
    return send_from_directory(folder, filename)


def register(app: Flask) -> None:
    app.url_defaults(add_fingerprint)
    app.view_functions["static"] = send_static
