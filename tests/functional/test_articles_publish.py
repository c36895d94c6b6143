"""The cleaning preview's corrections, publishing, re-publishing with quotes re-located, and the
library: a new article's modules, article page and per-article reports."""

from __future__ import annotations

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.learn.services import start_attempt, submit_attempt
from quizapp.models import Article, Evidence, Module, Passage, SchoolClass
from tests.conftest import STUDENT_PASSWORD, login
from tests.functional.articles_helpers import (
    MEKONG,
    article_id_from,
    module_with_questions,
    upload,
)

DAMS = "There are now 11 dams on the main stream of the river"
CRITICS = "say the dams hold back sediment"
MINISTERS = "Ministers from Cambodia, Laos, Thailand and Vietnam are due to meet"


def _student_client(app, student):
    client = app.test_client()
    login(client, student.email, STUDENT_PASSWORD)
    return client


def _added(teacher_client) -> Article:
    return db.session.get(Article, article_id_from(upload(teacher_client, MEKONG.read_bytes())))


def _line_of(article: Article, text: str) -> int:
    from quizapp.articles.service import source_lines

    return next(i for i, line in enumerate(source_lines(article)) if line.text.startswith(text))


def _correct(client, article: Article, op: str, **extra):
    response = client.post(f"/teach/articles/{article.id}/correct", data={"op": op, **extra})
    assert response.status_code == 302
    db.session.refresh(article)
    return response


def _publish(client, article: Article):
    response = client.post(f"/teach/articles/{article.id}/publish", follow_redirects=True)
    assert response.status_code == 200
    db.session.expire_all()
    return response


def test_corrections_split_merge_relabel_then_publish(teacher_client):
    article = _added(teacher_client)
    joined = _line_of(article, "Stimson Center in Washington,")
    _correct(teacher_client, article, f"split:{joined}")
    page = teacher_client.get(f"/teach/articles/{article.id}").text
    assert "corrected" in page
    heading = _line_of(article, "What happens next?")
    _correct(teacher_client, article, f"kind:{heading}", **{f"kind-{heading}": "text"})
    ad = _line_of(article, "Advertisement")
    _correct(teacher_client, article, f"kind:{ad}", **{f"kind-{ad}": "caption"})
    caption = _line_of(article, "Water levels at Pakse")
    _correct(teacher_client, article, f"merge:{_line_of(article, 'VIENTIANE')}")
    assert article.corrections["kinds"][str(caption)] == "text"
    teacher_client.post(
        f"/teach/articles/{article.id}/details",
        data={"title": "Mekong: a dry year", "source_url": "https://news.example/mekong",
              "dated": "2024-11-02"},
    )  # fmt: skip
    flash = _publish(teacher_client, article).text
    assert "Published:" in flash
    db.session.refresh(article)
    assert (article.status, article.title, str(article.dated)) == (
        "published", "Mekong: a dry year", "2024-11-02",
    )  # fmt: skip
    texts = {p.text: p for p in article.passages}
    assert "Critics, including the" in texts and "Stimson Center in Washington," not in texts
    assert any(t.startswith("Stimson Center in Washington, say the dams") for t in texts)
    assert texts["What happens next?"].kind == "paragraph"
    assert texts["Advertisement"].kind == "caption"
    assert any(
        t.startswith("Water levels at Pakse fell") and "Why are the river" in t for t in texts
    )
    anchors = [p.anchor for p in article.passages]
    assert len(set(anchors)) == len(anchors) and all(
        a.startswith(("p-", "h-", "c-")) for a in anchors
    )
    student_page = teacher_client.get(f"/article/{article.slug}").text
    assert "Original article" in student_page and "2 November 2024" in student_page


def test_a_stale_or_impossible_correction_changes_nothing(teacher_client):
    article = _added(teacher_client)
    before = dict(article.corrections)
    response = _correct(teacher_client, article, "merge:9999")
    assert article.corrections == before
    first = _line_of(article, "FILE PHOTO")
    response = teacher_client.post(
        f"/teach/articles/{article.id}/correct",
        data={"op": f"merge:{first}"},
        follow_redirects=True,
    )
    assert "no passage before this one" in response.text
    for line in range(40):  # dropping every line would leave nothing to quote
        teacher_client.post(
            f"/teach/articles/{article.id}/correct",
            data={"op": f"kind:{line}", f"kind-{line}": "drop"},
        )
    db.session.refresh(article)
    from quizapp.articles.service import pending_blocks

    assert any(b.kind == "paragraph" for b in pending_blocks(article))
    assert (
        teacher_client.post(
            f"/teach/articles/{article.id}/details", data={"title": "", "source_url": "nope"}
        ).status_code
        == 422
    )


def test_republishing_relocates_quotes_lists_broken_ones_and_old_reviews_still_render(
    app, teacher_client, student
):
    student_client = _student_client(app, student)
    article = _added(teacher_client)
    _publish(teacher_client, article)
    module = module_with_questions(
        article, "mekong-dams", {"dams": DAMS, "critics": CRITICS, "ministers": MINISTERS}
    )
    attempt = start_attempt(student, module)
    submit_attempt(attempt, {r.slot: True for r in attempt.responses})
    evidence = {e.quote: e for r in attempt.responses for e in r.version.evidence}
    dams_passage = evidence[DAMS].passage_id
    ministers_passage = evidence[MINISTERS].passage_id

    # merge the dams paragraph into the heading before it, drop the ministers' paragraph
    _correct(teacher_client, article, f"merge:{_line_of(article, 'There are now 11 dams')}")
    ministers = _line_of(article, "Ministers from")
    _correct(teacher_client, article, f"kind:{ministers}", **{f"kind-{ministers}": "drop"})
    page = _publish(teacher_client, article).text
    assert "1 evidence quote(s) found in their new place" in page
    assert "1 quote(s) no longer match the article" in page
    assert "Quotes that no longer match (1)" in page
    assert f"“{MINISTERS}”" in page and "Edit question ministers" in page

    moved = db.session.get(Evidence, evidence[DAMS].id)
    assert moved.passage_id != dams_passage and not moved.passage.retired
    assert moved.passage.text[moved.start : moved.end] == DAMS
    assert moved.passage.text.startswith("What do the dams change? There are now 11 dams")
    kept = db.session.get(Evidence, evidence[CRITICS].id)
    assert kept.passage.text[kept.start : kept.end] == CRITICS
    lost = db.session.get(Evidence, evidence[MINISTERS].id)
    assert lost.passage_id == ministers_passage and lost.passage.retired
    live = {p.id for p in db.session.get(Article, article.id).passages}
    assert ministers_passage not in live and moved.passage_id in live

    review = student_client.get(f"/attempts/{attempt.id}")
    assert review.status_code == 200
    assert MINISTERS in review.text and DAMS in review.text
    article_page = student_client.get(f"/article/{article.slug}").text
    assert "Ministers from Cambodia" not in article_page
    assert f'id="{moved.passage.anchor}"' in article_page

    # undoing the change revives the same passage (same anchor) and the quote is found again
    _correct(teacher_client, article, f"kind:{ministers}", **{f"kind-{ministers}": "text"})
    page = _publish(teacher_client, article).text
    assert "Quotes that no longer match" not in page
    revived = db.session.get(Passage, ministers_passage)
    assert not revived.retired
    assert db.session.get(Evidence, evidence[MINISTERS].id).passage_id == ministers_passage


def test_teachers_make_modules_on_a_published_article_students_see_it_grouped(
    app, teacher_client, student, teacher
):
    student_client = _student_client(app, student)
    article = _added(teacher_client)
    form = teacher_client.get("/teach/modules/new").text
    assert article.title not in form  # a draft cannot have modules
    _publish(teacher_client, article)
    form = teacher_client.get(f"/teach/modules/new?article={article.slug}").text
    assert f'<option selected value="{article.slug}">' in form or (
        f'value="{article.slug}" selected' in form
    )
    response = teacher_client.post(
        "/teach/modules/new",
        data={"slug": "mekong", "title": "The Mekong", "description": "", "article": article.slug},
    )
    assert response.status_code == 302
    module = db.session.scalar(select(Module).where(Module.slug == "mekong"))
    assert module.article_id == article.id
    module_with_questions(article, "mekong-more", {"dams": DAMS})

    dashboard = student_client.get("/dashboard").text
    seed_at = dashboard.index("What to watch at the Kim-Putin summit")
    new_at = dashboard.index("What a dry season means for the Mekong river towns")
    assert seed_at < dashboard.index('id="module-quirks"') < new_at
    assert new_at < dashboard.index('id="module-mekong-more"')
    assert f'href="/article/{article.slug}"' in dashboard
    assert f'href="/reports/me/article?article={article.slug}"' in dashboard

    attempt = start_attempt(
        student, db.session.scalar(select(Module).where(Module.slug == "mekong-more"))
    )
    submit_attempt(attempt, {r.slot: False for r in attempt.responses})
    mine = student_client.get(f"/reports/me/article?article={article.slug}").text
    assert "What a dry season means" in mine and "There are now 11 dams" in mine
    assert "Kim Jong Un" not in mine  # only this article's passages
    seed = student_client.get("/reports/me/article?module=history").text
    assert "Mekong" not in seed
    assert student_client.get("/reports/me/article?article=nope").status_code == 404

    school_class = SchoolClass(name="Geo 9", teacher_id=teacher.id, join_code="GEO9GEO9")
    db.session.add(school_class)
    db.session.commit()
    student_client.post("/reports/me/join", data={"code": "GEO9GEO9"})
    heat = teacher_client.get(f"/reports/classes/{school_class.id}/modules/mekong-more/passages")
    assert heat.status_code == 200
    assert "What a dry season means" in heat.text and "There are now 11 dams" in heat.text
    assert "Kim Jong Un" not in heat.text
    overview = teacher_client.get(f"/reports/classes/{school_class.id}").text
    assert "What a dry season means for the Mekong river towns</a>" in overview
    whole = teacher_client.get(f"/reports/classes/{school_class.id}/modules/mekong/article").text
    assert "The Mekong, Mekong-More" in whole  # every module on the article, none of the seed's
    assert "There are now 11 dams" in whole and "Kim Jong Un" not in whole
    seed = teacher_client.get(f"/reports/classes/{school_class.id}/modules/quirks/article").text
    assert "History, Arms and Security, Gifts, Toasts and Songs, Quirks and Candid Moments" in seed
    assert "Mekong" not in seed
