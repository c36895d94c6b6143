"""Import and export question banks against the database (the web upload and the CLI share it)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from quizapp import audit
from quizapp.bank.formats import ExportResult, export, parse_bytes, sniff_format
from quizapp.bank.importer import ImportPlan, plan_import
from quizapp.content import add_version, version_as_question, version_content
from quizapp.extensions import db
from quizapp.models import Article, Module, Question, User

IMPORT_FORMATS = ("yaml", "gift", "aiken", "moodle-xml", "csv")
EXPORT_FORMATS = {
    "yaml": ("yaml", "application/x-yaml"),
    "gift": ("gift.txt", "text/plain"),
    "moodle-xml": ("xml", "application/xml"),
}


def find_module(slug: str) -> Module | None:
    return db.session.scalar(select(Module).where(Module.slug == slug))


def default_article() -> Article | None:
    return db.session.scalar(select(Article).order_by(Article.id))


def prepare_import(raw: bytes, filename: str, fmt: str | None, slug: str) -> ImportPlan:
    """Parse and check an upload for module `slug`; writes nothing."""
    if not fmt:
        fmt = sniff_format(filename, raw.decode("utf-8", errors="replace"))
    parsed = parse_bytes(raw, fmt)
    module = find_module(slug)
    article = (module.article if module else None) or default_article()
    passages = [p.text for p in article.passages] if article else []
    existing = {q.key: version_content(q.current) for q in (module.questions if module else [])}
    return plan_import(parsed, slug, existing, passages, module_exists=module is not None)


def apply_import(plan: ImportPlan, owner: User | None = None, filename: str = "a file") -> int:
    """Write a plan with no errors in one transaction; returns the number of questions created."""
    if not plan.ok:
        raise ValueError("an import with errors is never written")
    try:
        module = find_module(plan.module_slug) or _new_module(plan, owner)
        by_key = {q.key: q for q in module.questions}
        next_position = max((q.position for q in module.questions), default=-1) + 1
        created = 0
        for planned in plan.questions:
            question = by_key.get(planned.key)
            if question is None:
                question = Question(module=module, key=planned.key, position=next_position)
                next_position += 1
                db.session.add(question)
                created += 1
            elif planned.action == "unchanged":
                continue
            add_version(question, planned.data, module.article, source="import")
        counts = {"created": created, "updated": plan.count("update")}
        audit.record(owner, "module.import", module=module, filename=filename, **counts)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return created


def _new_module(plan: ImportPlan, owner: User | None) -> Module:
    last = db.session.scalar(select(Module.position).order_by(Module.position.desc()).limit(1))
    module = Module(
        slug=plan.module_slug,
        title=plan.module_title,
        description="",
        position=(last or 0) + 1,
        article=default_article(),
        owner_id=owner.id if owner else None,
    )
    db.session.add(module)
    db.session.flush()
    return module


def module_as_dict(module: Module) -> dict[str, Any]:
    """A module and its questions in use (not retired), current versions, in order."""
    return {
        "slug": module.slug,
        "title": module.title,
        "description": module.description,
        "questions": [version_as_question(q.current) for q in module.questions if not q.retired],
    }


def export_module(module: Module, fmt: str) -> ExportResult:
    return export(fmt, module_as_dict(module))
