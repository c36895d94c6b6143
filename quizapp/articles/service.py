"""Articles in the database: add a draft, correct its cleaning, publish it (re-locating quotes).

Drafts have no passages: the preview is rebuilt from the stored original text and the
teacher's corrections. Publishing writes the passages; a re-publish keeps every passage whose
text is unchanged (same row, same anchor), adds the new ones and retires the rest, then moves
each evidence quote that sat in a retired passage to where it now is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from quizapp.article import Block, Line, slugify
from quizapp.articles import layout
from quizapp.articles.sources import Source, read_source
from quizapp.articles.upload import UploadError, check_scripts
from quizapp.content import unique_article_slug
from quizapp.evidence import locate
from quizapp.extensions import db
from quizapp.models import Article, Evidence, Passage, Question, QuestionVersion
from quizapp.models.users import User, utcnow

NO_PASSAGES = "No passages of text were found, so there is nothing to quote. Nothing was saved."


@dataclass
class BrokenQuote:
    question: Question
    quote: str


@dataclass
class PublishResult:
    kept: int = 0
    added: int = 0
    retired: int = 0
    relocated: int = 0
    broken: list[BrokenQuote] = field(default_factory=list)


def read(text: str, fmt: str) -> Source:
    """The article read from text in a format; UploadError when it is unusable."""
    check_scripts(text, fmt)
    source = read_source(text, fmt)
    if not any(b.kind == "paragraph" for b in layout.blocks(source.title, source.lines, None)):
        raise UploadError(NO_PASSAGES)
    return source


def add_article(
    owner: User,
    text: str,
    fmt: str,
    *,
    filename: str | None = None,
    title: str | None = None,
    source_url: str = "",
) -> Article:
    """A new draft article owned by `owner`; UploadError (nothing saved) when unusable."""
    source = read(text, fmt)
    title = (title or "").strip() or source.title or "Untitled article"
    article = Article(
        slug=unique_article_slug(slugify(title, words=8)),
        title=title[:300],
        source_name=(filename or "pasted text")[:255],
        raw_text=text,
        status="draft",
        owner_id=owner.id,
        format=fmt,
        source_url=source_url.strip()[:500],
        dated=_date(source.date),
        corrections={},
    )
    db.session.add(article)
    db.session.commit()
    return article


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def source_lines(article: Article) -> list[Line]:
    return read_source(article.raw_text, article.format).lines


def article_preview(article: Article) -> layout.Preview:
    return layout.preview(source_lines(article), article.corrections)


def correct(article: Article, op: str, index: int, kind: str = "") -> None:
    """Apply one correction (kind, split, merge); CorrectionError changes nothing."""
    lines = source_lines(article)
    if op == "kind":
        fixed = layout.set_kind(article.corrections, lines, index, kind)
    elif op == "split":
        fixed = layout.split_before(article.corrections, lines, index)
    elif op == "merge":
        fixed = layout.merge_with_previous(article.corrections, lines, index)
    else:
        raise layout.CorrectionError("Unknown correction.")
    if not any(b.kind == "paragraph" for b in layout.blocks(article.title, lines, fixed)):
        raise layout.CorrectionError("That would leave no passage of text; nothing was changed.")
    article.corrections = fixed
    db.session.commit()


def update_details(article: Article, title: str, source_url: str, dated: date | None) -> None:
    article.title, article.source_url, article.dated = title.strip(), source_url.strip(), dated
    db.session.commit()


def pending_blocks(article: Article) -> list[Block]:
    return layout.blocks(article.title, source_lines(article), article.corrections)


def has_unpublished_changes(article: Article) -> bool:
    """True for a draft, or when the corrected text differs from the live passages."""
    if not article.is_published:
        return True
    live = [(p.kind, p.text) for p in article.passages]
    return live != [(b.kind, b.text) for b in pending_blocks(article)]


def publish(article: Article) -> PublishResult:
    """Write the passages, keep unchanged ones, re-locate quotes; list the quotes now lost."""
    result = PublishResult()
    pool = sorted(article.all_passages, key=lambda p: (p.retired, p.position))
    taken = {p.anchor for p in article.all_passages}
    used: set[int] = set()
    for block in pending_blocks(article):
        row = next(
            (p for p in pool if p.id not in used and (p.kind, p.text) == (block.kind, block.text)),
            None,
        )
        if row is None:
            row = Passage(kind=block.kind, text=block.text, anchor=_free(block.anchor, taken))
            article.all_passages.append(row)
            result.added += 1
        else:
            result.kept += 1
        row.position, row.retired = block.position, False
        db.session.flush()
        used.add(row.id)
    for row in article.all_passages:
        if row.id not in used and not row.retired:
            row.retired = True
            result.retired += 1
    article.status, article.published_at = "published", utcnow()
    db.session.flush()
    db.session.expire(article, ["passages"])
    result.relocated = _relocate(article)
    result.broken = broken_quotes(article)
    db.session.commit()
    return result


def _free(anchor: str, taken: set[str]) -> str:
    """The anchor, or the first `anchor-N` no passage of the article (live or retired) holds."""
    candidate, n = anchor, 1
    while candidate in taken:
        n += 1
        candidate = f"{anchor}-{n}"
    taken.add(candidate)
    return candidate


def _relocate(article: Article) -> int:
    """Move the quotes that sat in retired passages to where the live text holds them."""
    live = list(article.passages)
    texts = [p.text for p in live]
    moved = 0
    stranded = db.session.scalars(
        select(Evidence)
        .join(Passage, Passage.id == Evidence.passage_id)
        .where(Passage.article_id == article.id, Passage.retired.is_(True))
    )
    for evidence in stranded:
        hit = locate(evidence.quote, texts)
        if hit is not None:
            evidence.passage = live[hit.passage_index]
            evidence.start, evidence.end = hit.start, hit.end
            moved += 1
    return moved


def broken_quotes(article: Article) -> list[BrokenQuote]:
    """Quotes of current questions that no longer match the published text, to fix."""
    rows = db.session.execute(
        select(Question, Evidence.quote)
        .join(QuestionVersion, QuestionVersion.question_id == Question.id)
        .join(Evidence, Evidence.version_id == QuestionVersion.id)
        .join(Passage, Passage.id == Evidence.passage_id)
        .where(
            Passage.article_id == article.id,
            Passage.retired.is_(True),
            QuestionVersion.is_current.is_(True),
            Question.retired.is_(False),
        )
        .options(selectinload(Question.module))
        .order_by(Question.module_id, Question.position, Question.id)
    ).all()
    return [BrokenQuote(question, quote) for question, quote in rows]


def owned_article(article_id: int, user: User) -> Article | None:
    """The article if `user` owns it (the seed article has no owner, so none may edit it)."""
    article = db.session.get(Article, article_id)
    return article if article is not None and article.owner_id == user.id else None


def teacher_articles(user: User) -> list[Article]:
    """The teacher's own articles, newest first."""
    return list(
        db.session.scalars(
            select(Article).where(Article.owner_id == user.id).order_by(Article.id.desc())
        )
    )


def published_articles() -> list[Article]:
    """Every article a module can be made on, oldest first (the seed first)."""
    return list(
        db.session.scalars(
            select(Article).where(Article.status == "published").order_by(Article.id)
        )
    )


def visible_to(article: Article, user: User | None) -> bool:
    """Published articles are public; a draft only to its owner."""
    if article.is_published:
        return True
    return user is not None and getattr(user, "id", None) == article.owner_id
