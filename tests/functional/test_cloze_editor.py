"""The cloze type end to end: a teacher writes one in the editor (Moodle's syntax), previews it,
saves it; a student fills its gaps and gets part credit per gap with a review per gap."""

from __future__ import annotations

import re

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Attempt, Module, Question
from quizapp.teach import services as svc
from tests.conftest import STUDENT_PASSWORD
from tests.functional.helpers import attempt_id_from
from tests.functional.test_teach_helpers import (
    a_quote,
    form_fields,
    logged_in_client,
    submit_editor,
)

TEXT = (
    "Kim will meet {1:SHORTANSWER:=Vladimir Putin#Yes~%50%Putin#Full name, please} in "
    "{2:MULTICHOICE_V:=Russia~China#No, in Russia}, his visit number {1:NUMERICAL:=2:0}."
)


def cloze_module(teacher) -> Module:
    return svc.create_module("cloze-practice", "Cloze practice", "Gaps.", teacher)


def save_cloze(client, module: Module, text: str = TEXT, action: str = "save", **kwargs):
    values = {
        "prompt": "Fill in the gaps.",
        "explanation": "The article says so.",
        "points": "4",
        "evidence": a_quote(),
        "text": text,
    }
    url = f"/teach/modules/{module.slug}/questions/new/cloze"
    return submit_editor(client, url, values, action=action, **kwargs)


def test_teacher_writes_a_cloze_and_edits_it(teacher_client, teacher):
    module = cloze_module(teacher)
    page = teacher_client.get(f"/teach/modules/{module.slug}")
    assert "/questions/new/cloze" in page.text  # offered with the other types
    response = save_cloze(teacher_client, module, follow_redirects=True)
    assert "Question created." in response.text
    question = db.session.scalar(select(Question).where(Question.module_id == module.id))
    version = question.current
    assert version.type == "cloze"
    assert version.data["text"] == "Kim will meet {#1} in {#2}, his visit number {#3}."
    assert [g["kind"] for g in version.data["gaps"]] == ["short", "choice", "numeric"]
    assert version.data["gaps"][1]["weight"] == 2
    assert version.data["gaps"][0]["answers"][1] == {
        "text": "Putin",
        "credit": 0.5,
        "feedback": "Full name, please",
    }
    assert [e.quote for e in version.evidence] == [a_quote()]
    # the edit form shows the same syntax back, and saving it unchanged changes nothing
    url = f"/teach/questions/{question.id}/edit"
    sent = form_fields(teacher_client.get(url).text)
    assert sent["text"] == TEXT.replace("=2:0}", "=2}")  # a zero tolerance goes unsaid
    before = dict(version.data)
    submit_editor(teacher_client, url, {"prompt": "Fill the gaps."})
    db.session.refresh(question)
    assert question.current.data == before and question.current.prompt == "Fill the gaps."


def test_preview_labels_every_gap(teacher_client, teacher):
    module = cloze_module(teacher)
    response = save_cloze(teacher_client, module, action="preview")
    assert response.status_code == 200
    html = response.text
    assert 'aria-label="Gap 1 of 3"' in html
    assert 'role="radiogroup" aria-label="Gap 2 of 3"' in html
    assert 'aria-label="Gap 3 of 3, a number"' in html
    assert db.session.scalar(select(Question).where(Question.module_id == module.id)) is None


def test_bad_syntax_is_shown_on_the_text_field_and_saves_nothing(teacher_client, teacher):
    module = cloze_module(teacher)
    bad = "Kim met {1:MULTIRESPONSE:=Putin~=Shoigu} and {1:NM:=two}."
    response = save_cloze(teacher_client, module, text=bad)
    assert response.status_code == 422
    assert "Gap 1: multiple-response gaps (MULTIRESPONSE) are not supported." in response.text
    assert "Gap 2: &#39;two&#39; is not a number (value:tolerance)." in response.text
    none = save_cloze(teacher_client, module, text="No gaps at all.")
    assert none.status_code == 422
    assert "The text has no gaps such as {1:SHORTANSWER:=answer}." in none.text
    assert db.session.scalar(select(Question).where(Question.module_id == module.id)) is None


def test_student_gets_part_credit_per_gap(app, teacher_client, teacher, student):
    module = cloze_module(teacher)
    save_cloze(teacher_client, module)
    learner = logged_in_client(app, student.email, STUDENT_PASSWORD)
    page = learner.post(f"/modules/{module.slug}/start", follow_redirects=True)
    attempt_id = attempt_id_from(page)
    assert 'aria-label="Gap 1 of 3"' in page.text
    attempt = db.session.get(Attempt, attempt_id)
    row = attempt.responses[0]
    options = re.findall(r'id="q1-1-o(\d)"[^>]*><label for="q1-1-o\d">([^<]+)<', page.text)
    china = next(pos for pos, text in options if text == "China")
    form = {"action": "submit", "q1-0": "putin", "q1-1": china, "q1-2": "2"}
    review = learner.post(f"/attempts/{attempt_id}", data=form, follow_redirects=True)
    db.session.refresh(row)
    # (0.5 × 1 + 0 × 2 + 1 × 1) / 4 of 4 points
    assert row.credit == 0.375 and row.mark == 1.5
    assert "Gap 1: putin; Gap 2: China; Gap 3: 2" in review.text
    assert "Gap 1: Vladimir Putin; Gap 2: Russia; Gap 3: 2" in review.text
    assert "Gap 2: No, in Russia" in review.text


def test_moodle_xml_cloze_imports_into_a_module_and_exports_back(runner, tmp_path, app):
    quote = a_quote()
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="cloze">
    <name><text>kim-visit</text></name>
    <questiontext format="markdown"><text>Fill in the gaps.

Kim will meet {{1:SA:=Vladimir Putin~%50%Putin}} in {{2:MCH:=Russia~China}}.</text></questiontext>
    <generalfeedback format="markdown"><text>The article says so.</text></generalfeedback>
    <defaultgrade>3</defaultgrade>
    <evidence><text>{quote}</text></evidence>
  </question>
</quiz>"""
    path = tmp_path / "cloze.xml"
    path.write_text(xml, encoding="utf-8")
    result = runner.invoke(args=["import-questions", str(path), "--module", "history"])
    assert result.exit_code == 0, result.output
    question = db.session.scalar(
        select(Question).join(Module).where(Module.slug == "history", Question.key == "kim-visit")
    )
    version = question.current
    assert (version.type, version.prompt, version.points) == ("cloze", "Fill in the gaps.", 3)
    assert version.data["text"] == "Kim will meet {#1} in {#2}."
    assert version.data["gaps"][1]["display"] == "horizontal"
    assert [e.quote for e in version.evidence] == [quote]
    out = tmp_path / "out.xml"
    exported = runner.invoke(
        args=["export-questions", "--module", "history", "--format", "moodle-xml", "-o", str(out)]
    )
    assert exported.exit_code == 0, exported.output
    text = out.read_text(encoding="utf-8")
    assert "{1:SHORTANSWER:=Vladimir Putin~%50%Putin} in {2:MULTICHOICE_H:=Russia~China}" in text


def test_a_cloze_in_practice_is_checked_gap_by_gap(app, teacher_client, teacher, student):
    module = cloze_module(teacher)
    save_cloze(teacher_client, module)
    learner = logged_in_client(app, student.email, STUDENT_PASSWORD)
    page = learner.post(f"/modules/{module.slug}/practice", follow_redirects=True)
    assert page.status_code == 200 and 'aria-label="Gap 1 of 3"' in page.text
    attempt = db.session.get(Attempt, attempt_id_from(page))
    options = re.findall(r'id="q1-1-o(\d)"[^>]*><label for="q1-1-o\d">([^<]+)<', page.text)
    russia = next(pos for pos, text in options if text == "Russia")
    form = {"action": "check", "q1-0": "Putin", "q1-1": russia, "q1-2": "2"}
    checked = learner.post(page.request.path, data=form, follow_redirects=True)
    assert checked.status_code == 200
    assert "Gap 1: Full name, please" in checked.text
    db.session.expire_all()
    row = db.session.get(Attempt, attempt.id).responses[0]
    assert row.answer == ["Putin", 0, "2"] and row.tries == 1
