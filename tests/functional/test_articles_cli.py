"""`flask add-article`: every format, --json, --publish, and refusals that write nothing."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Article
from tests.functional.articles_helpers import DATA, MEKONG


def _count() -> int:
    return db.session.scalar(select(func.count(Article.id)))


def test_add_article_json_for_a_scraped_file(runner, teacher):
    result = runner.invoke(
        args=["add-article", str(MEKONG), "--source", "https://news.example/m", "--json"]
        + ["--owner", teacher.email]
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["status"] == "draft" and out["format"] == "text"
    assert out["title"] == "What a dry season means for the Mekong river towns"
    assert out["source"] == "https://news.example/m"
    assert "Advertisement" in out["dropped"] and out["joined"] >= 4
    kinds = [p["kind"] for p in out["passages"]]
    assert kinds.count("heading") == 3 and kinds.count("caption") == 2
    article = db.session.get(Article, out["id"])
    assert article.owner_id == teacher.id and article.slug == out["article"]


def test_markdown_and_html_with_title_and_publish(runner, teacher):
    result = runner.invoke(
        args=["add-article", str(DATA / "lantern_festival.md"), "--title", "Lanterns", "--publish"]
    )
    assert result.exit_code == 0, result.output
    assert "Added “Lanterns”" in result.output and "published" in result.output
    article = db.session.scalar(select(Article).where(Article.title == "Lanterns"))
    assert article.is_published and len(article.passages) == 8
    result = runner.invoke(
        args=["add-article", str(DATA / "harbour_page.html"), "--format", "html", "--json"]
    )
    out = json.loads(result.output)
    assert out["date"] == "2025-03-14"
    assert not any("tracker" in p["text"] for p in out["passages"])


def test_refusals_exit_non_zero_and_write_nothing(runner, teacher, tmp_path):
    before = _count()
    cases = {
        "latin.txt": "Crème brûlée\nLong enough text.".encode("latin-1"),
        "empty.txt": b"",
        "evil.md": b"# T\n\n<script>x()</script>\n\nBody.",
        "hollow.txt": b"Title\nAdvertisement",
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        result = runner.invoke(args=["add-article", str(path)])
        assert result.exit_code == 1, (name, result.output)
        assert "Error:" in result.output, name
    result = runner.invoke(args=["add-article", str(MEKONG), "--owner", "nobody@example.com"])
    assert result.exit_code == 1 and "no teacher account" in result.output
    assert _count() == before
