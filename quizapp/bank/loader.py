"""Read and check the module files in questions/ (pure: files in, specs or errors out)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from quizapp.article import IngestedArticle
from quizapp.bank.schema import normalise_question, validate_question
from quizapp.evidence import locate

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DEFAULT_ARTICLE = "000_f9639f57da9db820.txt"


class BankError(Exception):
    """One or more problems in the bank files; nothing is loaded."""

    def __init__(self, problems: Sequence[str]):
        super().__init__("\n".join(problems))
        self.problems = list(problems)


@dataclass
class ModuleSpec:
    slug: str
    title: str
    description: str
    article: str
    path: str
    position: int = 0
    questions: list[dict[str, Any]] = field(default_factory=list)


def module_files(questions_dir: Path) -> list[Path]:
    return sorted(p for p in questions_dir.glob("*.yaml") if p.is_file())


def load_banks(questions_dir: Path, articles: dict[str, IngestedArticle]) -> list[ModuleSpec]:
    """Load every module file; raise BankError listing every problem in every file."""
    specs, problems = [], []
    for path in module_files(questions_dir):
        spec, errors = load_module_file(path, articles)
        problems += errors
        if spec:
            specs.append(spec)
    slugs = [s.slug for s in specs]
    for slug in {s for s in slugs if slugs.count(s) > 1}:
        problems.append(f"module slug '{slug}' is used by more than one file")
    if problems:
        raise BankError(problems)
    return sorted(specs, key=lambda s: (s.position, s.slug))


def load_module_file(
    path: Path, articles: dict[str, IngestedArticle]
) -> tuple[ModuleSpec | None, list[str]]:
    """Parse one module file. Errors read `questions/arms.yaml: question 'x': ...`."""
    where = f"{path.parent.name}/{path.name}"
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        return None, [f"{where}: not valid YAML: {exc}"]
    if not isinstance(doc, dict):
        return None, [f"{where}: expected a mapping with slug, title, description and questions"]
    errors = [
        f"{where}: missing required key '{key}'"
        for key in ("slug", "title", "questions")
        if not doc.get(key)
    ]
    if doc.get("slug") and not SLUG.match(str(doc["slug"])):
        errors.append(f"{where}: slug '{doc['slug']}' must use lower-case letters, digits, dashes")
    article_name = str(doc.get("article") or DEFAULT_ARTICLE)
    article = articles.get(article_name)
    if article is None:
        errors.append(f"{where}: article '{article_name}' not found in questions/")
    if errors or not isinstance(doc["questions"], list):
        return None, errors or [f"{where}: 'questions' must be a list"]
    spec = ModuleSpec(
        slug=str(doc["slug"]),
        title=str(doc["title"]),
        description=str(doc.get("description") or ""),
        article=article_name,
        path=where,
        position=int(doc.get("position") or 0),
    )
    passages = [b.text for b in article.blocks]
    seen: set[str] = set()
    for number, question in enumerate(doc["questions"], start=1):
        label = (
            f"question '{question.get('id')}'"
            if isinstance(question, dict) and question.get("id")
            else f"question {number}"
        )
        problems = _question_problems(question, passages, seen)
        errors += [f"{where}: {label}: {p}" for p in problems]
        if not problems:
            spec.questions.append(normalise_question(question))
    return (None if errors else spec), errors


def _question_problems(question: Any, passages: list[str], seen: set[str]) -> list[str]:
    problems = validate_question(question)
    if not isinstance(question, dict):
        return problems
    if not question.get("id"):
        problems.append("missing required key 'id'")
    elif question["id"] in seen:
        problems.append("the same id is used twice in this file")
    else:
        seen.add(question["id"])
    for quote in question.get("evidence") or []:
        if isinstance(quote, str) and quote.strip() and locate(quote, passages) is None:
            problems.append(f'evidence quote not found in the article: "{quote.strip()}"')
    return problems
