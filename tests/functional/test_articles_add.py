"""Teachers add articles: upload or paste, every format, bad files refused, drafts are private."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from quizapp.articles.upload import MAX_BYTES
from quizapp.extensions import db
from quizapp.models import Article, Passage
from tests.conftest import TEACHER_PASSWORD, login, make_user
from tests.functional.articles_helpers import DATA, MEKONG, article_id_from, upload


def _count() -> int:
    return db.session.scalar(select(func.count(Article.id)))


def test_a_scraped_file_becomes_a_draft_with_a_cleaning_preview(teacher_client, teacher):
    response = upload(teacher_client, MEKONG.read_bytes(), "mekong.txt")
    assert response.status_code == 302
    article = db.session.get(Article, article_id_from(response))
    assert (article.status, article.owner_id, article.format) == ("draft", teacher.id, "text")
    assert article.title == "What a dry season means for the Mekong river towns"
    assert article.all_passages == []  # passages are written on publishing
    page = teacher_client.get(f"/teach/articles/{article.id}").text
    assert "Who is most at risk?" in page and "Heading 5" in page
    assert "Dateline <strong>VIENTIANE/PHNOM PENH</strong>" in page
    assert "Dropped as boilerplate (5)" in page
    assert '<s class="preview-line-text">Advertisement</s>' in page
    assert "2 lines joined" not in page and "lines joined to the line before" in page
    assert 'value="split:' in page  # a joined line can be split


def test_pasted_markdown_and_an_uploaded_html_page(teacher_client):
    pasted = (DATA / "lantern_festival.md").read_text(encoding="utf-8")
    response = teacher_client.post(
        "/teach/articles/new",
        data={"text": pasted, "format": "markdown", "title": "", "source_url": ""},
    )
    article = db.session.get(Article, article_id_from(response))
    assert (article.title, article.format, article.source_name) == (
        "Lanterns return to the old port",
        "markdown",
        "pasted text",
    )
    response = upload(
        teacher_client,
        (DATA / "harbour_page.html").read_bytes(),
        "harbour.html",
        source_url="https://coast.example/harbour",
    )
    article = db.session.get(Article, article_id_from(response))
    assert article.format == "html" and article.dated.isoformat() == "2025-03-14"
    assert article.source_url == "https://coast.example/harbour"
    page = teacher_client.get(f"/teach/articles/{article.id}").text
    assert "Ms Maria Okafor" in page
    assert "tracker" not in page and "Injected by a script" not in page


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "empty.txt", "The file is empty."),
        (b"   \n\n", "blank.txt", "The file is empty."),
        (b"%PDF-1.7\x00\x00\x01binary", "paper.pdf", "not a text file"),
        ("Crème brûlée\nLong text".encode("latin-1"), "latin.txt", "not UTF-8"),
        ("Title\nBody".encode("utf-16"), "wide.txt", "UTF-16"),
        (b"Title\n\n<script>steal()</script>\nBody text.", "evil.md", "web-page code"),
        (b"Only a title\nSign up now\nAdvertisement", "hollow.txt", "No passages of text"),
        (b"<html><body><script>x()</script></body></html>", "empty.html", "No passages of text"),
    ],
)
def test_bad_files_change_nothing_and_say_why(teacher_client, data, filename, message):
    before = _count()
    response = upload(teacher_client, data, filename)
    assert response.status_code == 422
    assert message in response.text
    assert _count() == before


def test_a_file_over_two_megabytes_is_refused(teacher_client):
    before = _count()
    response = upload(teacher_client, b"word " * (MAX_BYTES // 5 + 10), "huge.txt")
    assert response.status_code == 413
    assert "larger than 2 MB" in response.text
    assert _count() == before


def test_utf8_with_a_bom_is_accepted(teacher_client):
    response = upload(teacher_client, b"\xef\xbb\xbf" + MEKONG.read_bytes(), "bom.txt")
    article = db.session.get(Article, article_id_from(response))
    assert article.title.startswith("What a dry season")


def test_drafts_are_private_to_their_teacher(app, teacher_client, client):
    article_id = article_id_from(upload(teacher_client, MEKONG.read_bytes(), "m.txt"))
    slug = db.session.get(Article, article_id).slug
    assert teacher_client.get(f"/article/{slug}").status_code == 200  # the owner previews it
    make_user("other@example.com", role="teacher", password=TEACHER_PASSWORD)
    other = app.test_client()
    login(other, "other@example.com", TEACHER_PASSWORD)
    for url in (f"/teach/articles/{article_id}", f"/article/{slug}"):
        assert other.get(url).status_code == 404, url
    for url in ("correct", "details", "publish"):
        response = other.post(f"/teach/articles/{article_id}/{url}", data={"op": "split:3"})
        assert response.status_code == 404, url
    assert db.session.get(Article, article_id).status == "draft"
    anonymous = app.test_client()
    assert anonymous.get(f"/article/{slug}").status_code == 404
    # the seed article belongs to no one: nobody edits it
    assert teacher_client.get("/teach/articles/1").status_code == 404
    assert teacher_client.get("/teach/articles/99999999999999999999").status_code == 404
    assert db.session.scalar(select(func.count(Passage.id)).where(Passage.article_id == 1)) == 31


def test_nothing_chosen_nothing_pasted(teacher_client):
    before = _count()
    response = teacher_client.post("/teach/articles/new", data={"text": "  ", "format": ""})
    assert response.status_code == 422
    assert "Choose a file or paste the article" in response.text
    assert _count() == before
