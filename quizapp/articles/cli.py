"""`flask --app quizapp add-article FILE`: a draft article from a file, for a teacher to review."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from sqlalchemy import func, select

from quizapp.articles import service
from quizapp.articles.layout import Preview
from quizapp.articles.upload import FORMATS, UploadError, decode, guess_format
from quizapp.extensions import db
from quizapp.models import Article, User


def _owner(email: str | None) -> User:
    """The named teacher, or the first teacher account when none is named."""
    stmt = select(User).where(User.role == "teacher")
    if email:
        stmt = stmt.where(func.lower(User.email) == email.strip().lower())
    owner = db.session.scalar(stmt.order_by(User.id).limit(1))
    if owner is None:
        raise click.ClickException(
            f"no teacher account {email}" if email else "create a teacher account first"
        )
    return owner


def _as_json(article: Article, preview: Preview) -> dict[str, Any]:
    return {
        "article": article.slug,
        "id": article.id,
        "status": article.status,
        "title": article.title,
        "format": article.format,
        "source": article.source_url,
        "date": article.dated.isoformat() if article.dated else None,
        "passages": [
            {"kind": p.kind, "text": " ".join(x.text for x in p.lines), "lines": len(p.lines)}
            for p in preview.passages
        ],
        "dropped": [x.text for x in preview.dropped],
        "joined": preview.joined,
    }


@click.command("add-article")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--title", default=None, help="Defaults to the article's own title.")
@click.option("--source", "source_url", default="", help="Where the article comes from (URL).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Guessed when not given.")
@click.option("--owner", default=None, help="Teacher email (default: the first teacher).")
@click.option("--publish", is_flag=True, help="Publish straight away instead of leaving a draft.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def add_article_command(
    file: Path,
    title: str | None,
    source_url: str,
    fmt: str | None,
    owner: str | None,
    publish: bool,
    as_json: bool,
) -> None:
    """Add an article (raw scraped text, Markdown or a saved HTML page) as a draft."""
    teacher = _owner(owner)
    try:
        text = decode(file.read_bytes())
        fmt = fmt or guess_format(file.name, text)
        article = service.add_article(
            teacher, text, fmt, filename=file.name, title=title, source_url=source_url
        )
    except UploadError as exc:
        raise click.ClickException(str(exc)) from None
    if publish:
        service.publish(article)
    preview = service.article_preview(article)
    if as_json:
        click.echo(json.dumps(_as_json(article, preview), ensure_ascii=False, indent=2))
        return
    click.echo(
        f"Added “{article.title}” ({article.slug}, {article.status}): "
        f"{len(preview.passages)} passages, {len(preview.dropped)} boilerplate lines dropped, "
        f"{preview.joined} lines joined."
    )
    if not publish:
        click.echo("Review the cleaning and publish it under Teach → Articles.")


ARTICLE_COMMANDS = (add_article_command,)
