"""Helpers shared by the teacher-area tests: read a rendered form as a browser would send it,
and scan a page for active content. No tests here."""

from __future__ import annotations

from html.parser import HTMLParser

from flask import g
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict

from quizapp.extensions import db
from quizapp.models import Evidence, Module
from tests.conftest import login


class _FormReader(HTMLParser):
    """The fields of one <form> (by id) with the values a browser would submit."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.fields = form_id, False, []
        self._textarea: tuple[str, list[str]] | None = None
        self._select: str | None = None
        self._select_value: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        if not self.inside or "name" not in a and tag != "option":
            return
        if tag == "input" and a.get("type") not in ("submit", "button"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value", "on")))
        elif tag == "textarea":
            self._textarea = (a["name"], [])
        elif tag == "select":
            self._select, self._select_value = a["name"], None
        elif tag == "option" and self._select and "selected" in a:
            self._select_value = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "textarea" and self._textarea:
            name, parts = self._textarea
            self.fields.append((name, "".join(parts).removeprefix("\r\n").removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select:
            self.fields.append((self._select, self._select_value or ""))
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self._textarea[1].append(data)


def form_fields(html: str, form_id: str = "editor-form") -> MultiDict:
    """What submitting the form unchanged would send."""
    reader = _FormReader(form_id)
    reader.feed(html)
    assert reader.fields, f"no form #{form_id} on the page"
    return MultiDict(reader.fields)


def fill(fields: MultiDict, values: dict, action: str = "save") -> MultiDict:
    """The form with some fields changed (single-valued), plus the button pressed."""
    out = MultiDict(fields)
    for name, value in values.items():
        if isinstance(value, list):
            out.setlist(name, value)
        else:
            out[name] = value
    out["action"] = action
    return out


def submit_editor(client, url: str, values: dict, action: str = "save", **kwargs):
    """Open the editor at `url`, change `values`, press a button."""
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    return client.post(url, data=fill(form_fields(page.text), values, action), **kwargs)


def a_quote(slug: str = "history") -> str:
    """A quote known to be in the article (from the seeded evidence)."""
    module = db.session.query(Module).filter_by(slug=slug).one()
    question = module.questions[0]
    return db.session.query(Evidence).filter_by(version_id=question.current.id).first().quote


class _ActiveContent(HTMLParser):
    """Collects scripts, event handlers and javascript: URLs found in real tags."""

    URL_ATTRS = ("href", "src", "action", "formaction", "xlink:href", "data")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and not (a.get("src") or "").startswith("/static/"):
            self.found.append(f"<script> {a}")
        if tag in ("iframe", "object", "embed", "svg", "img", "math", "style"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}={value}")
            if name in self.URL_ATTRS and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"{tag} {name}={value}")


def active_content(html: str) -> list[str]:
    """Everything on the page that could run script (empty for a safe page)."""
    scanner = _ActiveContent()
    scanner.feed(html)
    return scanner.found


class OwnUserClient(FlaskClient):
    """A test client that never sees another client's user.

    The tests run inside one app context, where Flask-Login caches the user in `g`; two
    clients (a student and a teacher) would otherwise share whoever logged in first.
    """

    def open(self, *args, **kwargs):
        g.pop("_login_user", None)
        return super().open(*args, **kwargs)


def logged_in_client(app, email: str, password: str) -> FlaskClient:
    client = OwnUserClient(app, app.response_class, use_cookies=True)
    login(client, email, password)
    return client
