"""Write articles, modules and question versions to the database (shared by CLI, editor, import)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from quizapp.article import IngestedArticle, ingest, slugify
from quizapp.bank.loader import BankError, ModuleSpec, load_banks
from quizapp.bank.schema import content_of, type_data
from quizapp.evidence import locate
from quizapp.extensions import db
from quizapp.models import Article, Evidence, Module, Passage, Question, QuestionVersion


def read_articles(questions_dir: Path) -> dict[str, IngestedArticle]:
    return {
        p.name: ingest(p.read_text(encoding="utf-8")) for p in sorted(questions_dir.glob("*.txt"))
    }


def ensure_article(source_name: str, raw: str) -> Article:
    """The article stored under this file name, created with its passages when missing."""
    article = db.session.scalar(
        select(Article).where(Article.source_name == source_name, Article.owner_id.is_(None))
    )
    if article is not None:
        return article
    ingested = ingest(raw)
    slug = unique_article_slug(slugify(ingested.title or Path(source_name).stem, words=8))
    article = Article(
        slug=slug, title=ingested.title, source_name=source_name, raw_text=raw, status="published"
    )
    article.all_passages = [
        Passage(position=b.position, anchor=b.anchor, kind=b.kind, text=b.text)
        for b in ingested.blocks
    ]
    db.session.add(article)
    db.session.flush()
    return article


def unique_article_slug(base: str) -> str:
    taken = set(db.session.scalars(select(Article.slug).where(Article.slug.like(f"{base}%"))))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def sync_banks(questions_dir: Path) -> dict[str, int]:
    """Load the article(s) and every module file; idempotent. Raises BankError, writing nothing."""
    specs = load_banks(questions_dir, read_articles(questions_dir))
    counts = {"modules": 0, "questions_created": 0, "questions_updated": 0, "edits_kept": 0}
    try:
        for spec in specs:
            raw = (questions_dir / spec.article).read_text(encoding="utf-8")
            article = ensure_article(spec.article, raw)
            for key, n in _sync_module(spec, article).items():
                counts[key] += n
            counts["modules"] += 1
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return counts


def _sync_module(spec: ModuleSpec, article: Article) -> dict[str, int]:
    """Create missing questions; refresh those whose wording still comes from the bank file."""
    module = db.session.scalar(select(Module).where(Module.slug == spec.slug))
    if module is None:
        module = Module(slug=spec.slug, position=spec.position)
        db.session.add(module)
    if not module.details_edited:  # a teacher's title and description win over the bank file
        module.title, module.description = spec.title, spec.description
    module.article = article
    db.session.flush()
    existing = {q.key: q for q in module.questions}
    counts = {"questions_created": 0, "questions_updated": 0, "edits_kept": 0}
    for index, qdict in enumerate(spec.questions):
        question = existing.get(qdict["id"])
        if question is None:
            question = Question(module=module, key=qdict["id"], position=index)
            db.session.add(question)
            add_version(question, qdict, article, source="bank")
            counts["questions_created"] += 1
        elif version_content(question.current) == content_of(qdict):
            continue
        elif question.current.source != "bank":
            counts["edits_kept"] += 1  # a teacher changed it in the app: their wording wins
        else:
            add_version(question, qdict, article, source="bank")
            counts["questions_updated"] += 1
    return counts


def version_as_question(version: QuestionVersion) -> dict[str, Any]:
    """A stored version as a question dict (the bank-file schema), for comparing and export."""
    return {
        "id": version.question.key,
        "type": version.type,
        "prompt": version.prompt,
        "explanation": version.explanation,
        "points": version.points,
        "evidence": [e.quote for e in version.evidence],
        **{k: v for k, v in version.data.items() if k != "id"},
    }


def version_content(version: QuestionVersion) -> dict[str, Any]:
    """What makes the version what it is, comparable with `content_of(question_dict)`."""
    return content_of(version_as_question(version))


def add_version(
    question: Question, qdict: dict[str, Any], article: Article | None, source: str = "editor"
) -> QuestionVersion:
    """Make `qdict` the question's current version; earlier versions stay for past attempts."""
    evidence = locate_evidence(qdict.get("evidence") or [], article)
    for old in question.versions:
        old.is_current = False
    version = QuestionVersion(
        question=question,
        number=len(question.versions) + 1,
        is_current=True,
        type=qdict["type"],
        prompt=qdict["prompt"],
        explanation=qdict.get("explanation") or "",
        points=float(qdict.get("points", 1)),
        data=type_data(qdict),
        evidence=evidence,
        source=source,
    )
    db.session.add(version)
    return version


def locate_evidence(quotes: list[str], article: Article | None) -> list[Evidence]:
    """Evidence rows for the quotes that are found; callers validate quotes before this."""
    if article is None:
        return []
    passages = article.passages
    texts = [p.text for p in passages]
    found = []
    for quote in quotes:
        hit = locate(quote, texts)
        if hit is None:
            raise BankError([f'evidence quote not found in the article: "{quote}"'])
        found.append(
            Evidence(passage=passages[hit.passage_index], quote=quote, start=hit.start, end=hit.end)
        )
    return found
