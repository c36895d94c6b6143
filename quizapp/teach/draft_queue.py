"""The review queue of drafted questions: draft an article, then accept, edit or reject.

Drafts belong to the teacher who asked for them; callers check ownership with `owned_draft`.
Accepting goes through `services.save_question`, so an accepted draft is an ordinary question
whose evidence rows point at the article's passages. No request objects here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select

from quizapp.bank.schema import normalise_question, validate_question
from quizapp.drafting import Draft, ExistingQuestion, draft_questions
from quizapp.evidence import locate
from quizapp.extensions import db
from quizapp.models import Article, DraftQuestion, Module, Question
from quizapp.models.users import User, utcnow
from quizapp.question_types import get_type
from quizapp.teach import services as svc


def article_by_slug(slug: str) -> Article | None:
    return db.session.scalar(select(Article).where(Article.slug == slug))


def article_modules(article: Article) -> list[Module]:
    """The modules whose evidence comes from this article, in order."""
    return list(
        db.session.scalars(
            select(Module).where(Module.article_id == article.id).order_by(Module.position)
        )
    )


def existing_questions(modules: Iterable[Module]) -> list[ExistingQuestion]:
    """What the modules already ask, as the drafter compares drafts with it."""
    found = []
    for module in modules:
        for question in module.questions:
            version = question.current
            wording = f"{version.prompt} {version.data.get('text', '')}".strip()
            key = get_type(version.type).describe_key(version.data)
            found.append(ExistingQuestion(wording, key, tuple(e.quote for e in version.evidence)))
    return found


def _pending_as_existing(drafts: Sequence[DraftQuestion]) -> list[ExistingQuestion]:
    return [
        ExistingQuestion(f"{d.prompt} {d.question.get('text', '')}".strip(), d.key, (d.evidence,))
        for d in drafts
    ]


def draft_article(article: Article, module: Module | None) -> list[Draft]:
    """Drafts for the article that repeat no question of `module` (or of any of the article's
    modules when none is given)."""
    modules = [module] if module is not None else article_modules(article)
    return draft_questions(article.passages, existing_questions(modules))


def queue_drafts(article: Article, module: Module | None, owner: User) -> list[DraftQuestion]:
    """Draft the article into `owner`'s queue; drafts already waiting there are not added twice."""
    waiting = pending(article, owner)
    modules = [module] if module is not None else article_modules(article)
    existing = existing_questions(modules) + _pending_as_existing(waiting)
    rows = [
        DraftQuestion(
            article_id=article.id,
            module_id=module.id if module else None,
            owner_id=owner.id,
            type=d.type,
            prompt=d.prompt,
            key=d.key,
            evidence=d.evidence,
            passage_anchor=d.passage,
            question=d.question,
        )
        for d in draft_questions(article.passages, existing)
    ]
    db.session.add_all(rows)
    db.session.commit()
    return rows


def pending(article: Article, owner: User) -> list[DraftQuestion]:
    return list(
        db.session.scalars(
            select(DraftQuestion)
            .where(
                DraftQuestion.article_id == article.id,
                DraftQuestion.owner_id == owner.id,
                DraftQuestion.status == "pending",
            )
            .order_by(DraftQuestion.id)
        )
    )


def decided_counts(article: Article, owner: User) -> dict[str, int]:
    counts = {"accepted": 0, "rejected": 0}
    for status in db.session.scalars(
        select(DraftQuestion.status).where(
            DraftQuestion.article_id == article.id, DraftQuestion.owner_id == owner.id
        )
    ):
        if status in counts:
            counts[status] += 1
    return counts


def owned_drafts(ids: Iterable[int], owner: User) -> list[DraftQuestion] | None:
    """The owner's pending drafts with these ids; None when any id is not one of them."""
    wanted = sorted(set(ids))
    if not wanted:
        return []
    rows = list(
        db.session.scalars(
            select(DraftQuestion)
            .where(DraftQuestion.id.in_(wanted), DraftQuestion.owner_id == owner.id)
            .order_by(DraftQuestion.id)
        )
    )
    if len(rows) != len(wanted) or any(r.status != "pending" for r in rows):
        return None
    return rows


def target_module(
    article: Article, module_slug: str | None, new_slug: str, new_title: str, owner: User
) -> Module | None:
    """The module drafts go into: an existing module of the article, or a new one."""
    if new_slug:
        return svc.create_module(new_slug, new_title or new_slug, "", owner, article=article)
    module = db.session.scalar(select(Module).where(Module.slug == (module_slug or "")))
    return module if module is not None and module.article_id == article.id else None


def accept(drafts: Sequence[DraftQuestion], module: Module) -> list[Question]:
    """Each draft becomes a question of `module` with its evidence; the draft is accepted."""
    questions = []
    texts = [p.text for p in module.article.passages] if module.article else []
    for draft in drafts:
        if validate_question(draft.question) or locate(draft.evidence, texts) is None:
            continue  # the article changed since drafting: the evidence is gone, keep it waiting
        question = svc.save_question(
            None, module, normalise_question(draft.question), by=draft.owner
        )
        mark(draft, "accepted", question)
        questions.append(question)
    db.session.commit()
    return questions


def mark(draft: DraftQuestion, status: str, question: Question | None = None) -> None:
    draft.status = status
    draft.decided_at = utcnow()
    if question is not None:
        draft.question_id = question.id
        draft.module_id = question.module_id


def accept_edited(draft: DraftQuestion, question: Question) -> None:
    """A draft a teacher edited and saved in the question editor."""
    mark(draft, "accepted", question)
    db.session.commit()


def reject(drafts: Sequence[DraftQuestion]) -> None:
    for draft in drafts:
        mark(draft, "rejected")
    db.session.commit()
