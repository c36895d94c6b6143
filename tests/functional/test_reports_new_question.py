"""A question added to a module after some students attempted it is judged on the attempts that
asked it, not counted as 0 in the others."""

from sqlalchemy import select

from quizapp.content import add_version
from quizapp.extensions import db
from quizapp.models import Attempt, Module, Question
from quizapp.reports.items import item_analysis
from quizapp.reports.queries import Scope
from tests.conftest import STUDENT_PASSWORD, login, make_user
from tests.functional.helpers import attempt_id_from, correct_form

NEW = {
    "id": "bodyguards-count",
    "type": "numeric",
    "prompt": "How many bodyguards jogged beside Kim's car in 2018?",
    "explanation": "Twelve, in dark suits.",
    "evidence": ["12 male bodyguards in dark suits"],
    "answers": [{"value": 12.0, "tolerance": 0.0, "credit": 1.0}],
    "points": 1.0,
}


def take_history_with_full_marks(client, email: str) -> None:
    make_user(email)
    login(client, email, STUDENT_PASSWORD)
    page = client.post("/modules/history/start", follow_redirects=True)
    attempt = db.session.get(Attempt, attempt_id_from(page))
    client.post(f"/attempts/{attempt.id}", data=correct_form(attempt))
    client.post("/auth/logout")


def test_a_late_question_is_not_scored_zero_in_attempts_that_never_asked_it(client):
    take_history_with_full_marks(client, "early1@example.com")
    take_history_with_full_marks(client, "early2@example.com")
    module = db.session.scalar(select(Module).where(Module.slug == "history"))
    question = Question(module=module, key=NEW["id"], position=99)
    db.session.add(question)
    add_version(question, NEW, module.article)
    db.session.commit()
    take_history_with_full_marks(client, "late@example.com")

    analysis = item_analysis(module, Scope())
    rows = {row.question.key: row.stats for row in analysis.rows}
    assert analysis.attempts == 3
    assert (rows["bodyguards-count"].n, rows["bodyguards-count"].facility) == (1, 1.0)
    assert all(s.n == 3 and s.facility == 1.0 for k, s in rows.items() if k != NEW["id"])
