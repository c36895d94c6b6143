"""The draft-question queue through the test client: draft an article, accept (into an existing
or a new module), edit in the question editor, reject; ownership and roles."""

from __future__ import annotations

import json

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from quizapp.bank.schema import normalise_question
from quizapp.extensions import db
from quizapp.models import Article, DraftQuestion, Module, Question
from tests.conftest import STUDENT_PASSWORD, TEACHER_PASSWORD, make_user
from tests.functional.test_teach_helpers import form_fields, logged_in_client


@pytest.fixture
def article(app) -> Article:
    return db.session.scalar(select(Article).order_by(Article.id))


def queue_url(article: Article) -> str:
    return f"/teach/articles/{article.slug}/drafts"


def drafted(client, article: Article, module: str = "") -> list[DraftQuestion]:
    response = client.post(f"{queue_url(article)}/new", data={"ask-module": module})
    assert response.status_code == 302
    return list(db.session.scalars(select(DraftQuestion).order_by(DraftQuestion.id)))


def decide(client, article: Article, action: str, **fields):
    return client.post(
        f"{queue_url(article)}/decide", data={"action": action, **fields}, follow_redirects=True
    )


def count(model) -> int:
    return db.session.scalar(select(func.count(model.id)))


def test_module_page_offers_the_queue(teacher_client, article):
    page = teacher_client.get("/teach/modules/history")
    assert f'href="{queue_url(article)}?module=history"' in page.text
    queue = teacher_client.get(f"{queue_url(article)}?module=history")
    assert queue.status_code == 200 and "No drafts waiting." in queue.text


def test_drafting_fills_the_teachers_queue_once(teacher_client, teacher, article):
    drafts = drafted(teacher_client, article)
    assert len(drafts) >= 40
    assert {d.type for d in drafts} >= {"cloze", "single_choice", "true_false", "numeric"}
    assert all(d.owner_id == teacher.id and d.status == "pending" for d in drafts)
    page = teacher_client.get(queue_url(article)).text
    assert f"{len(drafts)} waiting · 0 accepted · 0 rejected" in page
    assert str(escape(drafts[0].evidence)) in page
    again = drafted(teacher_client, article)  # pressing the button twice adds nothing new
    assert len(again) == len(drafts)


def test_accept_into_an_existing_module_makes_a_question_with_evidence(teacher_client, article):
    draft = next(d for d in drafted(teacher_client, article, "history") if d.type == "cloze")
    before = count(Question)
    page = decide(teacher_client, article, f"accept:{draft.id}", module="history")
    assert "1 question added to “History”." in page.text
    assert count(Question) == before + 1
    db.session.refresh(draft)
    assert draft.status == "accepted" and draft.question_id is not None
    version = db.session.get(Question, draft.question_id).current
    assert version.question.module.slug == "history"
    assert (version.type, version.prompt) == ("cloze", draft.prompt)
    assert version.data["gaps"] == normalise_question(draft.question)["gaps"]
    (evidence,) = version.evidence
    assert evidence.quote == draft.evidence
    assert evidence.passage.anchor == draft.passage_anchor
    assert evidence.passage.text[evidence.start : evidence.end] == draft.evidence
    assert f'id="draft-{draft.id}"' not in page.text  # off the queue


def test_accept_ticked_drafts_into_a_new_module(teacher_client, teacher, article):
    drafts = drafted(teacher_client, article)[:3]
    page = decide(
        teacher_client,
        article,
        "accept",
        draft=[str(d.id) for d in drafts],
        new_slug="drafted-quiz",
        new_title="Drafted quiz",
    )
    assert "3 questions added to “Drafted quiz”." in page.text
    module = db.session.scalar(select(Module).where(Module.slug == "drafted-quiz"))
    assert module.article_id == article.id and module.owner_id == teacher.id
    assert [q.current.prompt for q in module.questions] == [d.prompt for d in drafts]
    assert all(q.current.evidence for q in module.questions)


def test_reject_takes_drafts_off_the_queue_and_writes_no_question(teacher_client, article):
    drafts = drafted(teacher_client, article)[:2]
    before = count(Question)
    page = decide(teacher_client, article, "reject", draft=[str(d.id) for d in drafts])
    assert "2 drafts rejected." in page.text
    assert count(Question) == before
    assert {d.status for d in drafts} == {"rejected"}
    assert "0 accepted · 2 rejected" in page.text


def test_edit_opens_the_editor_prefilled_and_saving_accepts(teacher_client, article):
    draft = next(d for d in drafted(teacher_client, article) if d.type == "single_choice")
    response = teacher_client.post(
        f"{queue_url(article)}/decide", data={"action": f"edit:{draft.id}", "module": "arms"}
    )
    assert response.status_code == 302
    editor_url = response.headers["Location"]
    assert editor_url.endswith(f"/teach/modules/arms/questions/new/single_choice?draft={draft.id}")
    fields = form_fields(teacher_client.get(editor_url).text)
    assert fields["prompt"] == draft.prompt and fields["evidence"] == draft.evidence
    assert fields["choices-0-text"] == draft.question["choices"][0]["text"]
    fields["prompt"] = "Who does the article name here?"
    fields["action"] = "save"
    saved = teacher_client.post(editor_url, data=fields, follow_redirects=True)
    assert "Question created." in saved.text
    db.session.refresh(draft)
    question = db.session.get(Question, draft.question_id)
    assert draft.status == "accepted" and question.module.slug == "arms"
    assert question.current.prompt == "Who does the article name here?"
    assert [e.quote for e in question.current.evidence] == [draft.evidence]


def test_another_teacher_cannot_see_or_act_on_your_drafts(app, teacher_client, article):
    drafts = drafted(teacher_client, article)
    other = make_user("other-teacher@example.com", "teacher", TEACHER_PASSWORD, name="Olu")
    them = logged_in_client(app, other.email, TEACHER_PASSWORD)
    assert "No drafts waiting." in them.get(queue_url(article)).text
    before = count(Question)
    for action in (f"accept:{drafts[0].id}", f"reject:{drafts[0].id}", f"edit:{drafts[0].id}"):
        response = them.post(
            f"{queue_url(article)}/decide", data={"action": action, "module": "history"}
        )
        assert response.status_code == 404, action
    ticked = them.post(
        f"{queue_url(article)}/decide",
        data={"action": "reject", "draft": [str(drafts[1].id)]},
    )
    assert ticked.status_code == 404
    editor = them.get(f"/teach/modules/history/questions/new/{drafts[0].type}?draft={drafts[0].id}")
    assert editor.status_code == 404
    assert count(Question) == before
    assert {d.status for d in drafts} == {"pending"}


def test_students_never_reach_drafts(app, teacher_client, student, article):
    draft = drafted(teacher_client, article)[0]
    learner = logged_in_client(app, student.email, STUDENT_PASSWORD)
    assert learner.get(queue_url(article)).status_code == 403
    assert learner.post(f"{queue_url(article)}/new").status_code == 403
    response = learner.post(
        f"{queue_url(article)}/decide", data={"action": f"accept:{draft.id}", "module": "history"}
    )
    assert response.status_code == 403
    page = learner.post("/modules/history/start", follow_redirects=True)
    assert draft.prompt.split("“")[0] not in page.text or draft.type == "cloze"
    assert str(escape(draft.evidence)) not in page.text
    db.session.refresh(draft)
    assert draft.status == "pending"


@pytest.mark.parametrize(
    "data, status",
    [
        ({"action": "publish:1"}, 400),
        ({"action": "accept:99999999"}, 404),
        ({"action": "accept:99999999999"}, 400),
        ({"action": "reject", "draft": ["abc"]}, 404),
        ({"action": "reject", "draft": ["99999999999999"]}, 404),
    ],
)
def test_bad_decisions_change_nothing(teacher_client, article, data, status):
    drafted(teacher_client, article)
    before = (count(Question), count(Module))
    response = teacher_client.post(f"{queue_url(article)}/decide", data=data)
    assert response.status_code == status
    assert (count(Question), count(Module)) == before
    assert (
        db.session.scalar(
            select(func.count(DraftQuestion.id)).where(DraftQuestion.status != "pending")
        )
        == 0
    )


def test_accept_needs_a_module_and_a_free_new_slug(teacher_client, article):
    draft = drafted(teacher_client, article)[0]
    before = (count(Question), count(Module))
    page = decide(teacher_client, article, f"accept:{draft.id}")
    assert "Choose a module of this article, or name a new one." in page.text
    page = decide(teacher_client, article, f"accept:{draft.id}", new_slug="history")
    assert "A module called “history” already exists" in page.text
    page = decide(teacher_client, article, f"accept:{draft.id}", new_slug="Not A Slug")
    assert page.status_code == 400
    assert (count(Question), count(Module)) == before
    assert draft.status == "pending"


def test_unknown_article_is_404(teacher_client):
    assert teacher_client.get("/teach/articles/no-such-article/drafts").status_code == 404
    assert teacher_client.post("/teach/articles/no-such-article/drafts/new").status_code == 404


def test_cli_prints_drafts_as_json_and_can_queue_them(runner, article, teacher):
    result = runner.invoke(args=["draft-questions", "--article", article.slug, "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["article"] == article.slug
    assert len(payload["drafts"]) >= 40
    first = payload["drafts"][0]
    assert {"type", "prompt", "key", "evidence", "passage"} <= set(first)
    assert len({d["type"] for d in payload["drafts"]}) >= 4
    assert count(DraftQuestion) == 0  # printing queues nothing
    queued = runner.invoke(
        args=["draft-questions", "--article", article.slug, "--teacher", teacher.email]
    )
    assert queued.exit_code == 0
    assert f"draft(s) added to {teacher.email}'s review queue." in queued.output
    assert count(DraftQuestion) == len(payload["drafts"])


def test_cli_refuses_unknown_article_module_or_teacher(runner, article, student):
    bad = runner.invoke(args=["draft-questions", "--article", "nope"])
    assert bad.exit_code == 1 and "no article 'nope'" in bad.output
    bad = runner.invoke(args=["draft-questions", "--article", article.slug, "--module", "nope"])
    assert bad.exit_code == 1 and "no module 'nope'" in bad.output
    bad = runner.invoke(
        args=["draft-questions", "--article", article.slug, "--teacher", student.email]
    )
    assert bad.exit_code == 1 and "no teacher" in bad.output
    assert count(DraftQuestion) == 0


def test_a_draft_whose_sentence_left_the_article_stays_waiting(teacher_client, article):
    draft = drafted(teacher_client, article)[0]
    passage = next(p for p in article.passages if p.anchor == draft.passage_anchor)
    passage.text = "Rewritten since the draft was made."
    db.session.commit()
    before = count(Question)
    page = decide(teacher_client, article, f"accept:{draft.id}", module="history")
    assert page.status_code == 200
    assert "1 draft(s) kept waiting: their sentence is no longer in the article." in page.text
    assert count(Question) == before
    db.session.refresh(draft)
    assert draft.status == "pending"


def test_another_teachers_draft_article_cannot_be_drafted(app, teacher_client):
    """A draft article is its owner's alone: its queue and the draft button are 404s."""
    from quizapp.articles import service
    from tests.functional.articles_helpers import MEKONG

    una = make_user("una@example.com", role="teacher", name="Una")
    article = service.add_article(una, MEKONG.read_text(encoding="utf-8"), "text")
    assert not article.is_published
    assert teacher_client.get(f"/teach/articles/{article.slug}/drafts").status_code == 404
    page = teacher_client.post(f"/teach/articles/{article.slug}/drafts/new", data={"module": ""})
    assert page.status_code == 404
    assert db.session.scalar(select(func.count(DraftQuestion.id))) == 0
