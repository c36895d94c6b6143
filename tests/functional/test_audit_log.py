"""The audit log: teacher changes to what students are graded on, readable per module and class."""

from __future__ import annotations

from sqlalchemy import select

from quizapp.classes import create_class
from quizapp.extensions import db
from quizapp.models import AuditEntry, Enrollment, Module, Question
from quizapp.teach.services import create_module
from tests.conftest import TEACHER_PASSWORD, login, make_user
from tests.functional.test_class_admin import client_for
from tests.functional.test_reports_fixtures import enrol


def entries(**where) -> list[AuditEntry]:
    stmt = select(AuditEntry).order_by(AuditEntry.id)
    for column, value in where.items():
        stmt = stmt.where(getattr(AuditEntry, column) == value)
    return list(db.session.scalars(stmt))


def first_question(slug: str = "history") -> Question:
    return db.session.scalar(
        select(Question).join(Module).where(Module.slug == slug).order_by(Question.position)
    )


def test_retire_and_restore_are_logged_and_shown_on_the_module_log(teacher_client, teacher):
    question = first_question()
    for _ in range(2):
        teacher_client.post(f"/teach/questions/{question.id}/retire")
    logged = entries(module_id=question.module_id)
    assert [e.action for e in logged] == ["question.retire", "question.restore"]
    assert all(e.actor_id == teacher.id for e in logged)
    assert logged[0].detail == {"question_id": question.id, "key": question.key, "version": 1}
    module_page = teacher_client.get("/teach/modules/history").text
    assert 'href="/teach/modules/history/log"' in module_page
    page = teacher_client.get("/teach/modules/history/log")
    assert page.status_code == 200
    assert page.text.count("Tess") >= 2
    assert "Retired question “" in page.text and "Restored question “" in page.text
    assert page.text.index("Restored") < page.text.index("Retired")  # newest first


def test_editing_a_question_is_logged_with_its_version(teacher_client, teacher):
    from quizapp.content import version_as_question
    from quizapp.teach.services import save_question

    question = first_question()
    qdict = version_as_question(question.current)
    qdict["prompt"] = "Reworded: " + qdict["prompt"]
    save_question(question, question.module, qdict, by=teacher)
    save_question(question, question.module, qdict, by=teacher)  # unchanged: not logged again
    (entry,) = entries(action="question.edit")
    assert entry.module_id == question.module_id and entry.detail["version"] == 1
    assert "“Reworded: " in entry.summary


def test_module_details_and_moves_are_logged(teacher_client):
    data = {"title": "History, revised", "description": "New words"}
    teacher_client.post("/teach/modules/history/edit", data=data)
    teacher_client.post(f"/teach/questions/{first_question().id}/move", data={"direction": "down"})
    actions = [e.action for e in entries()]
    assert actions == ["module.details", "question.move"]
    assert entries()[0].detail["before"]["title"] != "History, revised"


def test_an_import_from_the_command_line_is_logged_without_a_person(app, runner, teacher_client):
    from pathlib import Path

    bank = Path(__file__).parent / "data" / "summit.gift"
    result = runner.invoke(args=["import-questions", str(bank), "--module", "history"])
    assert result.exit_code == 0, result.output
    (entry,) = entries(action="module.import")
    assert entry.actor_id is None and "summit.gift" in entry.summary
    assert "command line" in teacher_client.get("/teach/modules/history/log").text


def test_a_failed_change_leaves_no_entry(teacher_client, teacher):
    school_class = create_class(teacher, "Kappa")
    before = len(entries())
    response = teacher_client.post(f"/reports/classes/{school_class.id}/rename", data={"name": ""})
    assert response.status_code == 422
    assert len(entries()) == before


def test_class_membership_and_settings_are_logged_on_the_class_log(
    app, teacher_client, teacher, student
):
    school_class = create_class(teacher, "Kappa")
    class_id, code = school_class.id, school_class.join_code
    client_for(app, student.email).post("/reports/me/join", data={"code": code})
    teacher_client.post(f"/reports/classes/{class_id}/rename", data={"name": "Kappa 2"})
    teacher_client.post(f"/reports/classes/{class_id}/code")
    teacher_client.post(f"/reports/classes/{class_id}/students/{student.id}/remove")
    assert [e.action for e in entries(class_id=class_id)] == [
        "class.create",
        "class.join",
        "class.rename",
        "class.code",
        "class.remove",
    ]
    overview = teacher_client.get(f"/reports/classes/{class_id}").text
    assert f'href="/reports/classes/{class_id}/log"' in overview
    page = teacher_client.get(f"/reports/classes/{class_id}/log").text
    assert "Ada joined “Kappa”" in page and "Removed Ada from “Kappa 2”" in page
    assert "Renamed class “Kappa” to “Kappa 2”" in page


def test_a_deleted_class_keeps_its_log(teacher_client, teacher, student):
    school_class = create_class(teacher, "Gone")
    enrol(school_class, student)
    class_id = school_class.id
    teacher_client.post(f"/reports/classes/{class_id}/delete")
    assert db.session.scalar(select(Enrollment.id)) is None
    assert [e.action for e in entries(class_id=class_id)][-1] == "class.delete"
    assert "1 students left it" in entries(class_id=class_id)[-1].summary


def test_teachers_read_only_their_own_logs(app, teacher_client, teacher):
    una = make_user("una@example.com", role="teacher", password=TEACHER_PASSWORD, name="Una")
    theirs = create_class(una, "Theirs")
    create_module("unas-module", "Una's module", "", una)
    mine = create_module("tess-module", "Tess's module", "", teacher)
    assert teacher_client.get(f"/reports/classes/{theirs.id}/log").status_code == 404
    assert teacher_client.get("/teach/modules/unas-module/log").status_code == 404
    assert "unas-module/log" not in teacher_client.get("/teach/modules/unas-module").text
    assert teacher_client.get(f"/teach/modules/{mine.slug}/log").status_code == 200
    assert teacher_client.get("/teach/modules/history/log").status_code == 200  # shared module
    other = app.test_client()
    login(other, una.email, TEACHER_PASSWORD)
    page = other.get("/teach/modules/unas-module/log").text
    assert "Created module “Una&#39;s module”" in page or "Created module “Una's module”" in page


def test_quiz_settings_and_overrides_are_logged(teacher, student):
    from datetime import datetime

    from quizapp.teach import settings_services as settings

    history = db.session.scalar(select(Module).where(Module.slug == "history"))
    values = settings.settings_for_form(history)
    values["practice_penalty"] = values.pop("practice_penalty_percent") / 100
    values["close_at"] = datetime(2027, 1, 1, 9, 0)
    settings.save_settings(history, values, by=teacher)
    override = settings.set_override(history, student, 3, None, by=teacher)
    settings.delete_override(override, by=teacher)
    logged = entries(module_id=history.id)
    assert [e.action for e in logged] == [
        "module.settings",
        "module.override",
        "module.override_removed",
    ]
    assert logged[0].detail["settings"]["close_at"] == "2027-01-01 09:00:00"
    assert (
        logged[1].summary == "Set an override on “History” for Ada"
        or "for Ada" in logged[1].summary
    )
    assert logged[2].subject_id == student.id
