"""Importing banks in the browser and on the command line; exporting them; confirming evidence."""

import io
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from werkzeug.test import EnvironBuilder

from quizapp.extensions import db
from quizapp.imports import module_as_dict
from quizapp.models import Attempt, Module, Question, QuestionVersion
from tests.conftest import STUDENT_PASSWORD, login

DATA = Path(__file__).parent / "data"


def counts() -> tuple[int, int, int]:
    return (
        db.session.scalar(select(func.count(Module.id))),
        db.session.scalar(select(func.count(Question.id))),
        db.session.scalar(select(func.count(QuestionVersion.id))),
    )


def upload(client, name: str, module: str = "summit-extras", fmt: str = "", content=None):
    raw = content if content is not None else (DATA / name).read_bytes()
    # Build the environ ourselves: a body over 500 kB is spooled to a temporary file that the
    # test client never closes when the app refuses the upload unread.
    environ = EnvironBuilder(
        path="/teach/import",
        method="POST",
        data={
            "file": (io.BytesIO(raw), name),
            "module": module,
            "format": fmt,
        },
        content_type="multipart/form-data",
    ).get_environ()
    try:
        return client.open(environ)
    finally:
        environ["wsgi.input"].close()


def test_gift_upload_previews_then_confirm_creates_and_a_student_takes_it(teacher_client, student):
    before = counts()
    preview = upload(teacher_client, "summit.gift")
    assert preview.status_code == 200
    assert "Preview: summit.gift" in preview.text
    assert "How many bodyguards" in preview.text and "needs evidence" in preview.text
    assert (
        "skipped: essay questions are not supported" in preview.text.lower()
        or "essay" in preview.text.lower()
    )
    assert counts() == before  # the preview writes nothing
    token = preview.text.split('name="token" type="hidden" value="')[1].split('"')[0]
    done = teacher_client.post(
        "/teach/import/confirm", data={"token": token}, follow_redirects=True
    )
    assert "3 question(s) created" in done.text
    module = db.session.scalar(select(Module).where(Module.slug == "summit-extras"))
    assert [q.key for q in module.questions] == ["guards", "ashtray", "train"]
    assert module.questions[0].current.evidence[0].quote == "12 male bodyguards in dark suits"
    again = teacher_client.post(
        "/teach/import/confirm", data={"token": token}, follow_redirects=True
    )
    assert "expired" in again.text  # a confirmed preview cannot be replayed
    assert counts()[1] == before[1] + 3

    teacher_client.post("/auth/logout")
    login(teacher_client, student.email, STUDENT_PASSWORD)
    page = teacher_client.post("/modules/summit-extras/start", follow_redirects=True)
    assert "Who held the crystal ashtray" in page.text
    attempt = db.session.scalar(select(Attempt).where(Attempt.user_id == student.id))
    assert len(attempt.responses) == 3


def test_broken_file_lists_every_problem_by_line_and_writes_nothing(teacher_client):
    before = counts()
    response = upload(teacher_client, "broken.gift")
    assert response.status_code == 422
    assert "nothing was imported" in response.text
    assert "Line 3:" in response.text and "Line 5:" in response.text
    assert 'name="token"' not in response.text
    assert counts() == before


def test_upload_over_2_mb_is_refused_with_a_message(teacher_client):
    big = b"// padding\n" * (2 * 1024 * 1024 // 11 + 10)
    response = upload(teacher_client, "big.gift", content=big)
    assert response.status_code == 413
    assert "larger than 2 MB" in response.text


def test_unexpected_file_type_is_refused(teacher_client):
    before = counts()
    response = upload(teacher_client, "questions.exe", content=b"MZ\x90\x00")
    assert response.status_code == 422
    assert "Upload a .yaml, .txt (GIFT or Aiken)" in response.text
    assert counts() == before


def test_students_cannot_import(student_client):
    assert upload(student_client, "summit.gift").status_code == 403


def test_cli_json_dry_run_then_import(runner, tmp_path):
    before = counts()
    path = DATA / "summit.gift"
    result = runner.invoke(
        args=["import-questions", str(path), "--module", "summit-extras", "--dry-run", "--json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["format"] == "gift" and report["created"] == 0
    assert [(q["type"], q["line"]) for q in report["questions"]] == [
        ("numeric", 5),
        ("single_choice", 7),
        ("true_false", 13),
    ]
    assert report["skipped"][0]["line"] == 15 and "essay" in report["skipped"][0]["reason"]
    assert report["errors"] == []
    assert counts() == before
    result = runner.invoke(
        args=["import-questions", str(path), "--module", "summit-extras", "--json"]
    )
    assert json.loads(result.output)["created"] == 3
    assert counts()[0] == before[0] + 1  # the module was created


def test_cli_errors_exit_non_zero_and_write_nothing(runner):
    before = counts()
    result = runner.invoke(
        args=["import-questions", str(DATA / "broken.gift"), "--module", "history", "--json"]
    )
    assert result.exit_code != 0
    errors = json.loads(result.output)["errors"]
    assert {e["line"] for e in errors} >= {3, 5}
    assert counts() == before


def test_cli_sniffs_aiken_in_a_txt_file(runner, tmp_path):
    path = tmp_path / "quiz.txt"
    path.write_text(
        "Where did Kim take a cigarette break?\nA) Hanoi\nB) Nanning\nC) Moscow\nANSWER: B\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        args=["import-questions", str(path), "--module", "quirks", "--dry-run", "--json"]
    )
    report = json.loads(result.output)
    assert report["format"] == "aiken" and report["questions"][0]["type"] == "single_choice"


@pytest.mark.parametrize("fmt", ["yaml", "gift", "moodle-xml"])
def test_export_round_trips_through_import(runner, tmp_path, fmt):
    out = tmp_path / f"history.{fmt}"
    result = runner.invoke(
        args=["export-questions", "--module", "history", "--format", fmt, "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        args=["import-questions", str(out), "--module", "history-copy", "--format", fmt]
    )
    assert result.exit_code == 0, result.output
    original = module_as_dict(db.session.scalar(select(Module).where(Module.slug == "history")))
    copy = module_as_dict(db.session.scalar(select(Module).where(Module.slug == "history-copy")))
    expected = [q for q in original["questions"] if fmt != "gift" or q["type"] != "ordering"]
    assert copy["questions"] == expected
    if fmt == "gift":
        assert "ordering" in result.output or len(expected) < len(original["questions"])


def test_export_download_in_the_browser(teacher_client):
    response = teacher_client.get("/teach/modules/gifts/export/moodle-xml")
    assert response.status_code == 200
    assert 'filename="gifts.xml"' in response.headers["Content-Disposition"]
    assert response.text.startswith("<?xml") and "<quiz>" in response.text
    assert teacher_client.get("/teach/modules/gifts/export/pdf").status_code == 404


def test_reimporting_an_unchanged_file_creates_nothing(runner):
    path = DATA / "summit.gift"
    runner.invoke(args=["import-questions", str(path), "--module", "summit-extras"])
    before = counts()
    result = runner.invoke(
        args=["import-questions", str(path), "--module", "summit-extras", "--json"]
    )
    assert json.loads(result.output)["created"] == 0
    assert counts() == before


def test_needs_evidence_suggestions_and_confirmation(runner, teacher_client):
    runner.invoke(args=["import-questions", str(DATA / "summit.gift"), "--module", "summit-extras"])
    page = teacher_client.get("/teach/modules/summit-extras/evidence")
    assert page.status_code == 200
    assert "Who held the crystal ashtray" in page.text
    # BM25 puts the sentence about the ashtray first
    first = page.text.split('name="quote" value="')[1].split('"')[0]
    assert "crystal ashtray" in first
    question = db.session.scalar(select(Question).where(Question.key == "ashtray"))
    response = teacher_client.post(
        f"/teach/questions/{question.id}/evidence",
        data={"quote": first.replace("&#39;", "'")},
        follow_redirects=True,
    )
    assert "Evidence confirmed" in response.text
    db.session.refresh(question)
    assert question.current.number == 2 and not question.current.needs_evidence
    bogus = teacher_client.post(
        f"/teach/questions/{question.id}/evidence",
        data={"quote": "Kim rode a unicorn"},
        follow_redirects=True,
    )
    assert "not in the article" in bogus.text
