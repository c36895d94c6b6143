"""Hostile and malformed input, table-driven: forms, URLs and uploads.

Every case is sent by a student, a teacher or an anonymous visitor against one small world (a
class, an attempt in progress, a submitted attempt, another teacher's class and student's
attempt). Each must get a clear answer (a 4xx, or the form again with a message) and never a
500, and must leave the database exactly as it was unless the case says a change is expected.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import text
from werkzeug.security import generate_password_hash

from quizapp.classes import create_class
from quizapp.extensions import db
from quizapp.models import Attempt, User
from tests.conftest import STUDENT_PASSWORD, TEACHER_PASSWORD, csrf_from, login
from tests.functional.test_reports_fixtures import add_attempt, enrol

TABLES = ["users", "classes", "enrollments", "modules", "questions", "question_versions",
          "evidence", "attempts", "responses", "audit_log", "password_resets"]  # fmt: skip
FORMAT_DATA = Path(__file__).resolve().parents[1] / "unit" / "formats" / "data"
BIG = 2**31  # one past the largest id
HUGE = 10**30


def user(email: str, role: str = "student", password: str = STUDENT_PASSWORD) -> User:
    """An account with a cheap password hash: the table has many cases, each with its world."""
    person = User(email=email, name=email.split("@")[0].title(), role=role)
    person.password_hash = generate_password_hash(password, "pbkdf2:sha256:1000")
    db.session.add(person)
    db.session.commit()
    return person


@pytest.fixture
def world(app):
    """Tess teaches Ada in Kappa; Una teaches Bo in Theirs. Ada has a history attempt in
    progress and a submitted gifts attempt; Bo has an arms attempt in progress."""
    teacher = user("tess@example.com", "teacher", TEACHER_PASSWORD)
    student, other_student = user("ada@example.com"), user("bo@example.com")
    kappa = create_class(teacher, "Kappa")
    enrol(kappa, student)
    una = user("una@example.com", "teacher", TEACHER_PASSWORD)
    theirs = create_class(una, "Theirs")
    enrol(theirs, other_student)
    clients = SimpleNamespace(anon=app.test_client(), student=app.test_client(),
                              teacher=app.test_client())  # fmt: skip
    login(clients.student, student.email, STUDENT_PASSWORD)
    login(clients.teacher, teacher.email, TEACHER_PASSWORD)
    page = clients.student.post("/modules/history/start", follow_redirects=True)
    attempt_id = int(page.request.path.rsplit("/", 1)[1])
    slots = {}
    for row in db.session.get(Attempt, attempt_id).responses:
        slots.setdefault(row.version.type, f"q{row.slot}")
    closed = add_attempt(student, "gifts", _first_keys("gifts"))
    foreign = add_attempt(other_student, "arms", _first_keys("arms"), state="in_progress")
    question = db.session.scalar(text("SELECT min(id) FROM questions"))
    return SimpleNamespace(
        clients=clients, attempt=attempt_id, slot=slots, closed=closed.id, foreign=foreign.id,
        cls=kappa.id, other_cls=theirs.id, ada=student.id, bo=other_student.id,
        question=question, code=kappa.join_code,
    )  # fmt: skip


def _first_keys(slug: str) -> dict[str, float]:
    rows = db.session.execute(
        text(
            "SELECT q.key FROM questions q JOIN modules m ON m.id = q.module_id "
            "WHERE m.slug = :slug ORDER BY q.position LIMIT 2"
        ),
        {"slug": slug},
    )
    return {key: 1.0 for (key,) in rows}


def snapshot() -> dict[str, list]:
    db.session.expire_all()
    return {t: db.session.execute(text(f"SELECT * FROM {t} ORDER BY id")).all() for t in TABLES}


def upload(content: bytes, name: str = "bank.gift", module: str = "history", fmt: str = ""):
    return lambda w: {"file": (io.BytesIO(content), name), "module": module, "format": fmt}


Data = dict[str, Any] | Callable[[Any], dict[str, Any]] | None


@dataclass
class Case:
    id: str
    who: str  # anon | student | teacher
    method: str
    url: str  # formatted with the world's attributes
    data: Data = None
    status: tuple[int, ...] = (400, 404, 422)
    says: str | None = None  # text the response must show
    changes: bool = False  # True: the database may change (the input is harmless and kept)
    extra: dict[str, Any] = field(default_factory=dict)


def answer(slot_type: str, value: Any, action: str = "save") -> Callable[[Any], dict]:
    """Form data answering the first slot of `slot_type` in the attempt in progress."""

    def build(w) -> dict:
        name = w.slot[slot_type]
        if isinstance(value, dict):
            return {"action": action, **{f"{name}-{k}": v for k, v in value.items()}}
        return {"action": action, name: value}

    return build


ATTEMPT = "/attempts/{attempt}"
SETTINGS = {"grading_method": "highest", "review_shows": "full", "practice_tries": "3",
            "practice_penalty_percent": "33.3"}  # fmt: skip
CASES = [
    # --- answers to the attempt in progress ---------------------------------------------------
    Case("choice-out-of-range", "student", "POST", ATTEMPT, answer("single_choice", "99"),
         (422,), "answer(s) need attention"),
    Case("choice-negative", "student", "POST", ATTEMPT, answer("single_choice", "-1"), (422,)),
    Case("choice-not-a-number", "student", "POST", ATTEMPT, answer("single_choice", "<b>x</b>"),
         (422,)),
    Case("choice-superscript-digit", "student", "POST", ATTEMPT, answer("single_choice", "²"),
         (422,)),
    Case("choice-5000-digits", "student", "POST", ATTEMPT, answer("single_choice", "9" * 5000),
         (422,)),
    Case("choice-id-of-another-question", "student", "POST", ATTEMPT,
         answer("multiple_response", "7"), (422,)),
    Case("multi-same-option-twice", "student", "POST", ATTEMPT,
         lambda w: {"action": "save", w.slot["multiple_response"]: ["0", "0"]}, (422,)),
    Case("ordering-duplicate-positions", "student", "POST", ATTEMPT,
         answer("ordering", {0: "1", 1: "1", 2: "2", 3: "3"}), (422,)),
    Case("ordering-position-zero", "student", "POST", ATTEMPT,
         answer("ordering", {0: "0", 1: "1", 2: "2", 3: "3"}), (422,)),
    Case("matching-option-out-of-range", "student", "POST", ATTEMPT,
         answer("matching", {0: "42"}), (422,)),
    Case("true-false-neither", "student", "POST", ATTEMPT, answer("true_false", "maybe"),
         (422, 302)),
    Case("numeric-nan", "student", "POST", ATTEMPT, answer("numeric", "NaN"), (422,),
         "is not a number"),
    Case("numeric-infinity", "student", "POST", ATTEMPT, answer("numeric", "Infinity"), (422,)),
    Case("numeric-overflow", "student", "POST", ATTEMPT, answer("numeric", "1e309"), (422,)),
    Case("numeric-million-digits", "student", "POST", ATTEMPT, answer("numeric", "9" * 10**6),
         (422,)),
    Case("short-answer-oversized", "student", "POST", ATTEMPT,
         answer("short_answer", "x" * 100_000), (422,), "Keep the answer under"),
    Case("short-answer-nul-byte", "student", "POST", ATTEMPT, answer("short_answer", "Kim\x00"),
         (400,), "NUL character"),
    Case("short-answer-script-tag-is-kept-as-text", "student", "POST", ATTEMPT,
         answer("short_answer", "<script>alert(1)</script>"), (302,), changes=True),
    Case("short-answer-unicode-is-kept", "student", "POST", ATTEMPT,
         answer("short_answer", "블라디보스토크 \u202eevil"), (302,), changes=True),
    Case("unknown-slot-fields-are-ignored", "student", "POST", ATTEMPT,
         {"action": "save", "q999": "1", "q-1": "x", "q1-99": "3"}, (302,)),
    Case("submit-to-a-closed-attempt", "student", "POST", "/attempts/{closed}",
         lambda w: {"action": "submit", "q1": "0", "q2": "0"}, (302,)),
    Case("answer-another-students-attempt", "student", "POST", "/attempts/{foreign}",
         {"action": "submit", "q1": "0"}, (404,)),
    # Werkzeug answers 405 here: the GET rule's converter refuses the id, the POST rule's too.
    Case("attempt-id-too-large", "student", "POST", f"/attempts/{BIG}", {"q1": "0"}, (404, 405)),
    Case("attempt-id-huge", "student", "GET", f"/attempts/{HUGE}", None, (404,)),
    Case("attempt-id-negative", "student", "GET", "/attempts/-1", None, (404,)),
    Case("expired-session-mid-quiz", "anon", "POST", ATTEMPT,
         answer("short_answer", "Kim", "submit"), (302,), extra={"to": "/auth/login"}),
    Case("start-unknown-module", "student", "POST", "/modules/<script>/start", {}, (404,)),
    # --- URLs --------------------------------------------------------------------------------
    Case("article-hostile-highlight", "anon", "GET",
         "/article/kim-putin-summit?p=<script>&from=-5&to=" + "9" * 40, None, (200, 404)),
    Case("article-nul-in-address", "anon", "GET", "/article/%00", None, (400,), "NUL character"),
    Case("article-nul-in-query", "anon", "GET", "/article/x?p=%00", None, (400,)),
    Case("overview-hostile-sort", "teacher", "GET",
         "/reports/classes/{cls}?sort=<script>&dir=sideways", None, (200,)),
    Case("class-id-too-large", "teacher", "GET", f"/reports/classes/{BIG}", None, (404,)),
    Case("foreign-class-log", "teacher", "GET", "/reports/classes/{other_cls}/log", None, (404,)),
    Case("export-unknown-format", "teacher", "GET", "/teach/modules/history/export/exe", None,
         (404,)),
    Case("reset-token-forged", "anon", "GET", "/auth/reset/" + "A" * 43, None, (404,)),
    Case("reset-token-oversized", "anon", "POST", "/auth/reset/" + "A" * 5000,
         {"password": "new-password-1", "confirm": "new-password-1"}, (404,)),
    # --- account forms -----------------------------------------------------------------------
    Case("register-oversized-name", "anon", "POST", "/auth/register",
         {"name": "N" * 10_000, "email": "n@example.com", "password": "long-enough-1",
          "confirm": "long-enough-1"}, (422,)),
    Case("register-oversized-password", "anon", "POST", "/auth/register",
         {"name": "N", "email": "n@example.com", "password": "p" * 10_000,
          "confirm": "p" * 10_000}, (422,), "between 8 and 128"),
    Case("register-nul-in-name", "anon", "POST", "/auth/register",
         {"name": "Nia\x00", "email": "n@example.com", "password": "long-enough-1",
          "confirm": "long-enough-1"}, (400,), "NUL character"),
    Case("register-script-name-is-escaped", "anon", "POST", "/auth/register",
         {"name": "<script>alert(1)</script>", "email": "x@example.com",
          "password": "long-enough-1", "confirm": "long-enough-1"}, (302,), changes=True),
    Case("register-not-an-email", "anon", "POST", "/auth/register",
         {"name": "N", "email": "a@b@c", "password": "long-enough-1",
          "confirm": "long-enough-1"}, (422,)),
    Case("login-nul-and-unicode", "anon", "POST", "/auth/login",
         {"email": "ада@пример.рф\x00", "password": "x"}, (400,), "NUL character"),
    Case("login-unicode-email", "anon", "POST", "/auth/login",
         {"email": "ада@пример.рф", "password": "x" * 5000}, (422,), "not right"),
    Case("delete-account-wrong-password", "student", "POST", "/auth/account/delete",
         {"password": "wrong"}, (422,), "not your password"),
    # --- classes -----------------------------------------------------------------------------
    Case("join-code-sql", "student", "POST", "/reports/me/join", {"code": "' OR 1=1 --"},
         (422,)),
    Case("join-code-oversized", "student", "POST", "/reports/me/join", {"code": "A" * 5000},
         (422,)),
    Case("join-code-nul", "student", "POST", "/reports/me/join", {"code": "ABCD\x00EFGH"},
         (400,), "NUL character"),
    Case("class-name-oversized", "teacher", "POST", "/reports/classes", {"name": "x" * 1000},
         (422,), "at most 120"),
    Case("class-name-blank", "teacher", "POST", "/reports/classes", {"name": " \t\u3000 "},
         (422,)),
    Case("rename-foreign-class", "teacher", "POST", "/reports/classes/{other_cls}/rename",
         {"name": "Mine now"}, (404,)),
    Case("remove-foreign-student", "teacher", "POST", "/reports/classes/{cls}/students/{bo}/remove",
         {}, (404,)),
    Case("reset-link-foreign-student", "teacher", "POST",
         "/reports/classes/{cls}/students/{bo}/reset-link", {}, (404,)),
    Case("delete-foreign-class", "teacher", "POST", "/reports/classes/{other_cls}/delete", {},
         (404,)),
    # --- teacher editor ----------------------------------------------------------------------
    Case("move-sideways", "teacher", "POST", "/teach/questions/{question}/move",
         {"direction": "sideways"}, (400,)),
    Case("retire-id-too-large", "teacher", "POST", f"/teach/questions/{BIG}/retire", {}, (404,)),
    Case("editor-points-nan", "teacher", "POST", "/teach/modules/history/questions/new/numeric",
         {"prompt": "How many?", "points": "NaN", "explanation": "E",
          "answers-0-value": "1"}, (422,)),
    Case("editor-value-infinity", "teacher", "POST",
         "/teach/modules/history/questions/new/numeric",
         {"prompt": "How many?", "points": "1", "explanation": "E",
          "answers-0-value": "Infinity", "answers-0-credit": "100"}, (422,)),
    Case("editor-huge-points", "teacher", "POST",
         "/teach/modules/history/questions/new/true_false",
         {"prompt": "True?", "points": "1e308", "explanation": "E", "answer": "true"}, (422,)),
    Case("editor-oversized-prompt", "teacher", "POST",
         "/teach/modules/history/questions/new/true_false",
         {"prompt": "P" * 50_000, "points": "1", "explanation": "E", "answer": "true"}, (422,)),
    Case("editor-too-many-rows", "teacher", "POST",
         "/teach/modules/history/questions/new/ordering",
         {"prompt": "Order", "explanation": "E", **{f"items-{i}": f"i{i}" for i in range(500)}},
         (400, 422)),
    Case("new-module-path-slug", "teacher", "POST", "/teach/modules/new",
         {"slug": "../etc", "title": "T"}, (422,)),
    Case("new-module-unicode-slug", "teacher", "POST", "/teach/modules/new",
         {"slug": "мodule", "title": "T"}, (422,)),
    Case("evidence-not-in-article", "teacher", "POST", "/teach/questions/{question}/evidence",
         {"quote": "words that are nowhere in the article"}, (302,)),
    # --- quiz settings ---------------------------------------------------------------------
    Case("settings-penalty-nan", "teacher", "POST", "/teach/modules/history/settings",
         {**SETTINGS, "practice_penalty_percent": "NaN"}, (422,)),
    Case("settings-attempts-overflow", "teacher", "POST", "/teach/modules/history/settings",
         {**SETTINGS, "attempts_allowed": "1e309"}, (422,)),
    Case("settings-dates-garbage", "teacher", "POST", "/teach/modules/history/settings",
         {**SETTINGS, "open_at": "9999-99-99T99:99", "close_at": "<script>"}, (422,)),
    Case("override-foreign-student", "teacher", "POST", "/teach/modules/history/overrides",
         lambda w: {"student_id": str(w.bo), "attempts_allowed": "5"}, (422,)),
    Case("override-student-id-huge", "teacher", "POST", "/teach/modules/history/overrides",
         {"student_id": "9" * 40, "attempts_allowed": "5"}, (422,)),
    # --- uploads -----------------------------------------------------------------------------
    Case("upload-empty", "teacher", "POST", "/teach/import", upload(b""), (422,)),
    Case("upload-too-large", "teacher", "POST", "/teach/import",
         upload(b"x" * (3 * 1024 * 1024)), (413,), "larger than 2 MB"),
    Case("upload-binary", "teacher", "POST", "/teach/import",
         upload(bytes(range(256)) * 4), (422,), "not UTF-8"),
    Case("upload-utf16", "teacher", "POST", "/teach/import",
         upload((FORMAT_DATA / "encoding" / "utf16.txt").read_bytes(), "q.txt"), (422,)),
    Case("upload-entity-bomb", "teacher", "POST", "/teach/import",
         upload((FORMAT_DATA / "xml" / "entity_bomb.xml").read_bytes(), "q.xml"), (422,)),
    Case("upload-external-entity", "teacher", "POST", "/teach/import",
         upload((FORMAT_DATA / "xml" / "external_entity.xml").read_bytes(), "q.xml"), (422,)),
    Case("upload-yaml-type-mapping", "teacher", "POST", "/teach/import",
         upload(b"questions:\n- type: {a: 1}\n  prompt: P\n", "q.yaml"), (422,), "unknown type"),
    Case("upload-yaml-evidence-not-a-list", "teacher", "POST", "/teach/import",
         upload(b"questions:\n- {type: true_false, prompt: P, answer: true, evidence: true}\n",
                "q.yaml"), (422,), "must be a list of quotes"),
    Case("upload-yaml-python-tag", "teacher", "POST", "/teach/import",
         upload(b"questions: !!python/object/apply:os.system ['true']\n", "q.yaml"), (422,)),
    Case("upload-nul-in-gift", "teacher", "POST", "/teach/import",
         upload(b"Q\x00?{=a ~b}\n", "q.gift"), (422,), "NUL character"),
    Case("upload-exe-extension", "teacher", "POST", "/teach/import",
         upload(b"MZ\x90\x00", "evil.exe"), (422,)),
    Case("upload-path-module", "teacher", "POST", "/teach/import",
         upload(b"Q?{=a ~b}", module="../../etc"), (422,)),
    Case("upload-unknown-format", "teacher", "POST", "/teach/import",
         upload(b"Q?{=a ~b}", fmt="exe"), (422,)),
    Case("confirm-forged-token", "teacher", "POST", "/teach/import/confirm",
         {"token": "../../../../etc/passwd"}, (302,)),
    Case("confirm-unknown-token", "teacher", "POST", "/teach/import/confirm",
         {"token": "A" * 32}, (302,)),
]  # fmt: skip


def send(world, case: Case):
    client = getattr(world.clients, case.who)
    url = case.url.format(**vars(world))
    data = case.data(world) if callable(case.data) else case.data
    response = client.open(url, method=case.method, data=data)
    # The test client spools a large body to a temporary file that nothing closes when the app
    # refuses the body unread; close it here rather than leave a ResourceWarning to a later test.
    response.request.environ["wsgi.input"].close()
    return response


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_input_gets_a_clear_answer_and_changes_nothing(world, case):
    before = snapshot()
    response = send(world, case)
    assert response.status_code != 500
    assert response.status_code in case.status, (response.status_code, response.text[:2000])
    if case.says:
        assert case.says in response.text, response.text[:3000]
    if "to" in case.extra:
        assert case.extra["to"] in response.headers["Location"]
    if not case.changes:
        assert snapshot() == before


def test_the_table_is_broad():
    assert len(CASES) >= 40
    assert {c.who for c in CASES} == {"anon", "student", "teacher"}


def test_a_class_reference_of_odd_digits_is_a_clean_command_line_error(runner):
    args = ["report", "class-overview", "--module", "history", "--class", "²", "--format", "csv"]
    result = runner.invoke(args=args)
    assert result.exit_code != 0 and isinstance(result.exception, SystemExit), result.output


# --- with CSRF protection on, as in production -----------------------------------------------


@pytest.fixture
def csrf_on(app):
    """The test settings turn CSRF off; these cases need it on, as in production."""
    app.config["WTF_CSRF_ENABLED"] = True
    yield app
    app.config["WTF_CSRF_ENABLED"] = False


def token_of(client, url: str) -> str:
    return csrf_from(client.get(url).text)


def other_session_token(world) -> str:
    """A valid token, but of another browser's session."""
    return token_of(world.clients.anon, "/auth/login")


def logged_out_token(world) -> str:
    """Ada's own token from the quiz page, after which she logs out: the session is over."""
    token = token_of(world.clients.student, f"/attempts/{world.attempt}")
    world.clients.student.post("/auth/logout", data={"csrf_token": token})
    return token


CSRF_CASES = [
    # (id, who, url, form without token, how to get the token: None = none sent, statuses)
    ("answer-without-token", "student", ATTEMPT, answer("short_answer", "Kim", "submit"), None,
     (400,)),
    ("answer-with-forged-token", "student", ATTEMPT, answer("short_answer", "Kim", "submit"),
     lambda w: "forged.token.value", (400,)),
    ("answer-with-another-sessions-token", "student", ATTEMPT,
     answer("short_answer", "Kim", "submit"), other_session_token, (400,)),
    ("answer-after-logging-out-mid-quiz", "student", ATTEMPT,
     answer("short_answer", "Kim", "submit"), logged_out_token, (302, 400)),
    ("join-without-token", "student", "/reports/me/join", lambda w: {"code": w.code}, None,
     (400,)),
    ("delete-account-without-token", "student", "/auth/account/delete",
     {"password": STUDENT_PASSWORD}, None, (400,)),
    ("reset-link-with-another-sessions-token", "teacher",
     "/reports/classes/{cls}/students/{ada}/reset-link", {}, other_session_token, (400,)),
    ("retire-without-token", "teacher", "/teach/questions/{question}/retire", {}, None, (400,)),
    ("upload-without-token", "teacher", "/teach/import", upload(b"Q?{=a ~b}"), None, (400,)),
]  # fmt: skip


@pytest.mark.parametrize("case", CSRF_CASES, ids=[c[0] for c in CSRF_CASES])
def test_missing_or_stale_csrf_tokens_change_nothing(world, csrf_on, case):
    _id, who, url, data, get_token, statuses = case
    form = data(world) if callable(data) else dict(data)
    if get_token is not None:
        form["csrf_token"] = get_token(world)
    before = snapshot()
    response = getattr(world.clients, who).post(url.format(**vars(world)), data=form)
    assert response.status_code in statuses, response.status_code
    if response.status_code == 400:
        assert "Your form expired" in response.text
    else:
        assert "/auth/login" in response.headers["Location"]
    assert snapshot() == before
