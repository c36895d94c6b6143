"""`flask --app quizapp draft-questions`: draft questions from an article, offline."""

from __future__ import annotations

import json
from collections import Counter

import click
from sqlalchemy import select

from quizapp.drafting import Draft
from quizapp.extensions import db
from quizapp.models import Article, Module, User
from quizapp.teach import draft_queue


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    raise click.exceptions.Exit(1)


def _lookup(article_slug: str, module_slug: str | None, teacher: str | None):
    article = draft_queue.article_by_slug(article_slug)
    if article is None:
        known = ", ".join(db.session.scalars(select(Article.slug).order_by(Article.id)))
        _fail(f"no article '{article_slug}' (known: {known or 'none'})")
    module = None
    if module_slug is not None:
        module = db.session.scalar(select(Module).where(Module.slug == module_slug))
        if module is None or module.article_id != article.id:
            _fail(f"no module '{module_slug}' on the article '{article_slug}'")
    owner = None
    if teacher is not None:
        owner = db.session.scalar(select(User).where(User.email == teacher.strip().lower()))
        if owner is None or owner.role != "teacher":
            _fail(f"no teacher with the email '{teacher}'")
    return article, module, owner


@click.command("draft-questions")
@click.option("--article", "article_slug", required=True, help="The article's slug.")
@click.option(
    "--module", "module_slug", default=None, help="Leave out what this module already asks."
)
@click.option("--teacher", default=None, help="Also put the drafts in this teacher's review queue.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def draft_questions_command(
    article_slug: str, module_slug: str | None, teacher: str | None, as_json: bool
) -> None:
    """Draft questions from an article, each with its evidence quote (nothing leaves the
    machine). Without --module, what any module of the article asks is left out."""
    article, module, owner = _lookup(article_slug, module_slug, teacher)
    drafts = draft_queue.draft_article(article, module)
    if owner is not None:
        queued = draft_queue.queue_drafts(article, module, owner)
        if not as_json:
            click.echo(f"{len(queued)} draft(s) added to {owner.email}'s review queue.")
    if as_json:
        payload = {"article": article.slug, "drafts": [_json(d) for d in drafts]}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    for n, draft in enumerate(drafts, start=1):
        click.echo(f"{n}. [{draft.type}] {draft.prompt} {draft.question.get('text', '')}".rstrip())
        click.echo(f"   key: {draft.key}")
        click.echo(f"   evidence ({draft.passage}): {draft.evidence}")
    types = Counter(d.type for d in drafts)
    summary = ", ".join(f"{n} {t}" for t, n in types.most_common())
    click.echo(f"{len(drafts)} draft(s): {summary or 'none'}.")


def _json(draft: Draft) -> dict:
    out = draft.as_json()
    return {k: out[k] for k in ("type", "prompt", "key", "evidence", "passage")} | {
        "distractors": out["distractors"],
        "question": out["question"],
    }


DRAFT_COMMANDS = (draft_questions_command,)
