"""Teacher-side operations on modules and questions. No request objects here.

Versioning rule: a question version that any attempt has asked (a response row points at it) is
never changed; editing such a question makes a new current version, so past attempts keep their
wording, key and grade while new attempts get the new version.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, exists, func, select
from sqlalchemy.orm import joinedload, selectinload

from quizapp import audit
from quizapp.article import slugify
from quizapp.content import (
    add_version,
    content_of,
    locate_evidence,
    version_as_question,
    version_content,
)
from quizapp.extensions import db
from quizapp.models import Article, Attempt, Module, Question, QuestionVersion, Response
from quizapp.models.attempts import GRADED
from quizapp.models.users import User

FULL_CREDIT = 1 - 1e-6


@dataclass(frozen=True)
class QuestionStats:
    """How students did on a question, over the responses of submitted attempts."""

    answers: int
    right: int
    mean_credit: float

    @property
    def right_share(self) -> float:
        return self.right / self.answers if self.answers else 0.0


@dataclass(frozen=True)
class ModuleCounts:
    active: int = 0
    retired: int = 0


# --- reading -------------------------------------------------------------------------------


def modules() -> list[Module]:
    return list(
        db.session.scalars(
            select(Module).options(joinedload(Module.article)).order_by(Module.position, Module.id)
        )
    )


def module_counts() -> dict[int, ModuleCounts]:
    """Active and retired questions per module (one query)."""
    rows = db.session.execute(
        select(
            Question.module_id,
            func.sum(case((Question.retired.is_(False), 1), else_=0)),
            func.sum(case((Question.retired.is_(True), 1), else_=0)),
        ).group_by(Question.module_id)
    )
    return {module_id: ModuleCounts(int(a or 0), int(r or 0)) for module_id, a, r in rows}


def module_questions(module: Module) -> list[Question]:
    """The module's questions in order, with their versions and evidence loaded."""
    return list(
        db.session.scalars(
            select(Question)
            .where(Question.module_id == module.id)
            .options(selectinload(Question.versions).selectinload(QuestionVersion.evidence))
            .order_by(Question.position, Question.id)
        )
    )


def question_stats(module: Module) -> dict[int, QuestionStats]:
    """Per question id: answers in submitted attempts, how many got full credit, mean credit.

    One aggregate query for the whole module, over every version of each question.
    """
    full = func.sum(case((Response.credit >= FULL_CREDIT, 1), else_=0))
    stmt = (
        select(
            QuestionVersion.question_id,
            func.count(Response.id),
            full,
            func.avg(Response.credit),
        )
        .join(Response, Response.version_id == QuestionVersion.id)
        .join(Attempt, Attempt.id == Response.attempt_id)
        .join(Question, Question.id == QuestionVersion.question_id)
        .where(
            Question.module_id == module.id,
            Attempt.state == "submitted",
            Attempt.mode == GRADED,
            Response.credit.is_not(None),
        )
        .group_by(QuestionVersion.question_id)
    )
    return {
        qid: QuestionStats(int(n), int(right or 0), float(mean or 0.0))
        for qid, n, right, mean in db.session.execute(stmt)
    }


def response_count(version: QuestionVersion) -> int:
    """How many attempts asked this version (answered or not)."""
    return (
        db.session.scalar(select(func.count(Response.id)).where(Response.version_id == version.id))
        or 0
    )


def has_responses(version: QuestionVersion) -> bool:
    """True once any attempt has asked this version: from then on it must never change."""
    return bool(db.session.scalar(select(exists().where(Response.version_id == version.id))))


# --- writing -------------------------------------------------------------------------------


def save_question(
    question: Question | None, module: Module, qdict: dict[str, Any], by: User | None = None
) -> Question:
    """Create a question (version 1) or make `qdict` its content, keeping asked versions intact.

    `qdict` must come from validate_question + normalise_question (the editor does both).
    An unchanged question is left alone; a current version no attempt has asked yet is updated
    in place; otherwise a new current version is added.
    """
    if question is None:
        question = Question(
            module=module, key=unique_key(module, qdict["prompt"]), position=next_position(module)
        )
        db.session.add(question)
        add_version(question, qdict, module.article)
        audit.record(by, "question.create", question=question)
    else:
        current = question.current
        if not same_content(version_content(current), content_of(qdict)):
            if has_responses(current):
                add_version(question, qdict, module.article)
                audit.record(by, "question.new_version", question=question)
            else:
                update_in_place(current, qdict, module.article)
                audit.record(by, "question.edit", question=question)
    db.session.commit()
    return question


def update_in_place(
    version: QuestionVersion, qdict: dict[str, Any], article: Article | None
) -> None:
    """Rewrite a version nobody has been asked yet (callers check `has_responses`)."""
    content = content_of(qdict)
    version.type = content["type"]
    version.prompt = content["prompt"]
    version.explanation = content["explanation"]
    version.points = content["points"]
    version.data = content["data"]
    version.evidence = locate_evidence(content["evidence"], article)
    version.source = "editor"


def same_content(a: Any, b: Any) -> bool:
    """Equal up to float noise (credits round-trip through percentages in the editor)."""
    return _rounded(a) == _rounded(b)


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    return value


def unique_key(module: Module, prompt: str) -> str:
    """A stable id for a new question, from the first words of its prompt."""
    base = slugify(prompt, words=6)[:60].strip("-") or "question"
    taken = set(db.session.scalars(select(Question.key).where(Question.module_id == module.id)))
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}-{n}"
    return key


def next_position(module: Module) -> int:
    top = db.session.scalar(
        select(func.max(Question.position)).where(Question.module_id == module.id)
    )
    return 0 if top is None else top + 1


def move_question(question: Question, step: int, by: User | None = None) -> bool:
    """Swap the question with its neighbour (step -1 up, +1 down). False at either end."""
    siblings = module_questions(question.module)
    index = next(i for i, q in enumerate(siblings) if q.id == question.id)
    target = index + step
    if not 0 <= target < len(siblings):
        return False
    siblings[index], siblings[target] = siblings[target], siblings[index]
    for position, sibling in enumerate(siblings):
        sibling.position = position
    audit.record(by, "question.move", question=question, direction="up" if step < 0 else "down")
    db.session.commit()
    return True


def toggle_retired(question: Question, by: User | None = None) -> bool:
    """Retire (hide from new attempts) or restore a question; returns the new state."""
    question.retired = not question.retired
    action = "question.retire" if question.retired else "question.restore"
    audit.record(by, action, question=question)
    db.session.commit()
    return question.retired


def shared_article() -> Article | None:
    """The article new modules use: the one the existing modules quote."""
    return db.session.scalar(
        select(Article)
        .join(Module, Module.article_id == Article.id)
        .order_by(Module.position, Module.id)
        .limit(1)
    ) or db.session.scalar(select(Article).order_by(Article.id).limit(1))


def create_module(
    slug: str, title: str, description: str, owner: User, article: Article | None = None
) -> Module:
    """A new module, last in order, on `article` (by default the shared article)."""
    top = db.session.scalar(select(func.max(Module.position)))
    module = Module(
        slug=slug,
        title=title,
        description=description.strip(),
        position=(top or 0) + 1,
        article=article or shared_article(),
        owner_id=owner.id,
    )
    db.session.add(module)
    audit.record(owner, "module.create", module=module)
    db.session.commit()
    return module


def update_module_details(
    module: Module, title: str, description: str, by: User | None = None
) -> bool:
    """Give a module a new title and description; False when nothing changed.

    A change marks the module `details_edited`, so init-db no longer refreshes them from the bank.
    """
    title, description = title.strip(), description.strip()
    if (module.title, module.description) == (title, description):
        return False
    old = {"title": module.title, "description": module.description}
    module.title, module.description, module.details_edited = title, description, True
    audit.record(by, "module.details", module=module, before=old)
    db.session.commit()
    return True


def add_evidence(question: Question, quote: str, by: User | None = None) -> None:
    """Attach a confirmed quote to the question as a new version."""
    qdict = version_as_question(question.current)
    qdict["evidence"] = [*qdict["evidence"], " ".join(quote.split())]
    add_version(question, qdict, question.module.article)
    audit.record(by, "question.evidence", question=question)
    db.session.commit()


def module_slugs() -> set[str]:
    return set(db.session.scalars(select(Module.slug)))
