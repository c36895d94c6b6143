"""Adding and publishing articles in functional tests, as a teacher would."""

from __future__ import annotations

import io
import re
from pathlib import Path

from sqlalchemy import select
from werkzeug.test import EnvironBuilder

from quizapp.content import add_version
from quizapp.extensions import db
from quizapp.models import Article, Module, Question

DATA = Path(__file__).resolve().parents[1] / "data" / "articles"
MEKONG = DATA / "mekong_scraped.txt"


def upload(client, data: bytes, filename: str = "article.txt", **fields):
    """POST the add-article form with a file."""
    form = {"file": (io.BytesIO(data), filename), "format": "", "title": "", "source_url": ""}
    form.update(fields)
    # Build the environ ourselves: a body over 500 kB is spooled to a temporary file that the
    # test client never closes when the app refuses the upload unread.
    environ = EnvironBuilder(
        path="/teach/articles/new", method="POST", data=form, content_type="multipart/form-data"
    ).get_environ()
    try:
        return client.open(environ)
    finally:
        environ["wsgi.input"].close()


def article_id_from(response) -> int:
    match = re.search(r"/teach/articles/(\d+)", response.headers.get("Location", ""))
    assert match, response.headers.get("Location")
    return int(match.group(1))


def latest_article() -> Article:
    return db.session.scalar(select(Article).order_by(Article.id.desc()).limit(1))


def module_with_questions(article: Article, slug: str, quotes: dict[str, str]) -> Module:
    """A module on `article` with one true/false question per (key, quote)."""
    module = Module(slug=slug, title=slug.title(), article=article, position=10)
    db.session.add(module)
    for position, (key, quote) in enumerate(quotes.items()):
        question = Question(module=module, key=key, position=position)
        db.session.add(question)
        qdict = {
            "id": key,
            "type": "true_false",
            "prompt": f"True or false: {quote}?",
            "answer": True,
            "explanation": "It says so.",
            "evidence": [quote],
        }
        add_version(question, qdict, article)
    db.session.commit()
    return module
