"""Plan an import: parsed questions checked against the app's rules and the article (pure).

The preview and the import itself run this same plan; nothing is written unless the plan has no
errors, so a broken file never half-imports.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from quizapp.article import slugify
from quizapp.bank.formats import ImportIssue, ParseResult
from quizapp.bank.schema import content_of, normalise_question, validate_question
from quizapp.bank.suggest import Suggestion, suggest_evidence
from quizapp.evidence import locate


@dataclass
class PlannedQuestion:
    line: int
    key: str
    data: dict[str, Any]
    action: str  # "create" | "update" | "unchanged"
    suggestions: list[Suggestion] = field(default_factory=list)

    @property
    def needs_evidence(self) -> bool:
        return not self.data.get("evidence")


@dataclass
class ImportPlan:
    format: str
    module_slug: str
    module_title: str
    module_exists: bool
    questions: list[PlannedQuestion] = field(default_factory=list)
    skipped: list[ImportIssue] = field(default_factory=list)
    warnings: list[ImportIssue] = field(default_factory=list)
    errors: list[ImportIssue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, action: str) -> int:
        return sum(1 for q in self.questions if q.action == action)

    def as_json(self, created: int) -> dict[str, Any]:
        """The `import-questions --json` object."""
        return {
            "format": self.format,
            "module": self.module_slug,
            "questions": [
                {
                    "type": q.data["type"],
                    "prompt": q.data["prompt"],
                    "line": q.line,
                    "id": q.key,
                    "action": q.action,
                    "needs_evidence": q.needs_evidence,
                }
                for q in self.questions
            ],
            "skipped": [{"line": s.line, "reason": s.message} for s in self.skipped],
            "warnings": [{"line": w.line, "message": w.message} for w in self.warnings],
            "errors": [{"line": e.line, "message": e.message} for e in self.errors],
            "created": created,
        }


def plan_import(
    parsed: ParseResult,
    module_slug: str,
    existing: Mapping[str, dict[str, Any]],
    passages: Sequence[str],
    module_exists: bool = True,
) -> ImportPlan:
    """Check each parsed question; give it a stable key; say whether it creates or updates.

    `existing` maps the module's question keys to their current content (from `content_of`).
    """
    title = str(
        parsed.module.get("title")
        or _category_title(parsed.categories)
        or module_slug.replace("-", " ").title()
    )
    plan = ImportPlan(
        parsed.format,
        module_slug,
        title,
        module_exists,
        skipped=list(parsed.skipped),
        warnings=list(parsed.warnings),
        errors=list(parsed.errors),
    )
    taken: set[str] = set()
    for item in parsed.questions:
        problems = _problems(item.data, passages)
        if problems:
            plan.errors += [ImportIssue(item.line, message) for message in problems]
            continue
        data = normalise_question(item.data)
        key = _key_for(data, taken)
        data["id"] = key
        plan.questions.append(
            PlannedQuestion(
                line=item.line,
                key=key,
                data=data,
                action=_action(key, data, existing),
                suggestions=[] if data["evidence"] else suggest_evidence(data, passages),
            )
        )
    if not parsed.questions and not parsed.errors:
        plan.errors.append(ImportIssue(None, "the file holds no questions to import"))
    return plan


def _category_title(categories: Sequence[str]) -> str:
    """The last part of the file's first category, e.g. "$course$/top/Summit" -> "Summit"."""
    return categories[0].rstrip("/").rsplit("/", 1)[-1].strip() if categories else ""


def _problems(data: Mapping[str, Any], passages: Sequence[str]) -> list[str]:
    problems = validate_question(data, require_evidence=False, require_explanation=False)
    evidence = data.get("evidence")
    for quote in evidence if isinstance(evidence, list) else []:  # else validate_question says so
        if isinstance(quote, str) and quote.strip() and locate(quote, passages) is None:
            problems.append(f'evidence quote not found in the article: "{quote.strip()}"')
    return problems


def _key_for(data: Mapping[str, Any], taken: set[str]) -> str:
    """The question's id, or one made from its prompt; unique within the file."""
    base = str(data.get("id") or slugify(data["prompt"], words=6))[:70]
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}-{n}"
    taken.add(key)
    return key


def _action(key: str, data: Mapping[str, Any], existing: Mapping[str, dict[str, Any]]) -> str:
    if key not in existing:
        return "create"
    return "unchanged" if existing[key] == content_of(dict(data)) else "update"
