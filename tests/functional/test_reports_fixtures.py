"""Building report data straight in the database: attempts with known credits, classes.

Shared by the report tests (unit and functional); it holds one sanity test of its own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from html.parser import HTMLParser
from typing import Any

from sqlalchemy import select

from quizapp.classes import create_class
from quizapp.extensions import db
from quizapp.models import (
    Attempt,
    Enrollment,
    Module,
    Question,
    QuestionVersion,
    Response,
    SchoolClass,
    User,
)
from tests.conftest import make_user

T0 = datetime(2026, 3, 2, 9, 0)


def module(slug: str) -> Module:
    return db.session.scalar(select(Module).where(Module.slug == slug))


def version_of(slug: str, key: str) -> QuestionVersion:
    """The current version of question `key` in module `slug`."""
    return db.session.scalar(
        select(QuestionVersion)
        .join(Question)
        .join(Module)
        .where(Module.slug == slug, Question.key == key, QuestionVersion.is_current.is_(True))
    )


def add_attempt(
    user: User,
    slug: str,
    credits: Mapping[str, float],
    answers: Mapping[str, Any] | None = None,
    number: int = 1,
    state: str = "submitted",
    cache: dict[str, QuestionVersion] | None = None,
    commit: bool = True,
) -> Attempt:
    """An attempt asking exactly the questions in `credits` (key -> credit), in that order."""
    answers = answers or {}
    cache = {} if cache is None else cache
    versions = [cache.get(key) or cache.setdefault(key, version_of(slug, key)) for key in credits]
    attempt = Attempt(
        user_id=user.id,
        module_id=module(slug).id,
        number=number,
        state=state,
        started_at=T0 + timedelta(hours=number),
        submitted_at=T0 + timedelta(hours=number, minutes=20) if state == "submitted" else None,
        max_score=sum(v.points for v in versions),
    )
    attempt.responses = [
        Response(
            slot=slot,
            version_id=v.id,
            layout={},
            answer=answers.get(key, "x"),
            credit=credits[key] if state == "submitted" else None,
            mark=credits[key] * v.points if state == "submitted" else None,
        )
        for slot, (key, v) in enumerate(zip(credits, versions, strict=True), start=1)
    ]
    if state == "submitted":
        attempt.score = sum(r.mark for r in attempt.responses)
    db.session.add(attempt)
    if commit:
        db.session.commit()
    return attempt


def enrol(school_class: SchoolClass, *users: User) -> None:
    for user in users:
        db.session.add(Enrollment(class_id=school_class.id, user_id=user.id))
    db.session.commit()


def class_with_students(
    teacher: User, n: int, slugs: Sequence[str] = ("history",), prefix: str = "s"
) -> tuple[SchoolClass, list[User]]:
    """A class of `n` students, each with two submitted attempts per module (all questions).

    Credits vary by student and question so that no statistic is degenerate.
    """
    school_class = create_class(teacher, f"Class {prefix}{n}")
    users = []
    for i in range(n):
        user = User(email=f"{prefix}{i}@example.com", name=f"Student {prefix}{i:03d}")
        user.password_hash = "x"
        users.append(user)
    db.session.add_all(users)
    db.session.commit()
    enrol(school_class, *users)
    for slug in slugs:
        keys, cache = [q.key for q in module(slug).questions], {}
        for i, user in enumerate(users):
            for number in (1, 2):
                credits = {k: _credit(i, j, number) for j, k in enumerate(keys)}
                versions = {
                    k: cache.get(k) or cache.setdefault(k, version_of(slug, k)) for k in keys
                }
                answers = {k: answer_for(versions[k], c) for k, c in credits.items()}
                add_attempt(user, slug, credits, answers, number, cache=cache, commit=False)
    db.session.commit()
    return school_class, users


def _credit(student: int, question: int, number: int) -> float:
    """Stronger students (higher index mod 10) do better; later questions are harder."""
    ability = (student % 10) / 9
    difficulty = (question % 5) / 4
    noise = ((student * 13 + question * 7 + number * 5) % 7 - 3) / 10
    score = 0.45 + ability - 0.8 * difficulty + noise + 0.1 * (number - 1)
    return min(1.0, max(0.0, round(score * 4) / 4))


def answer_for(version: QuestionVersion, credit: float) -> Any:
    """A stored answer consistent with `credit` for choice questions ("x" for the others)."""
    if version.type == "true_false":
        return version.data["answer"] if credit >= 1 else not version.data["answer"]
    choices = version.data.get("choices", [])
    if version.type == "single_choice":
        near = min(range(len(choices)), key=lambda i: abs(choices[i]["credit"] - credit))
        return near
    if version.type == "multiple_response":
        right = [i for i, c in enumerate(choices) if c["credit"] > 0]
        wrong = [i for i, c in enumerate(choices) if c["credit"] <= 0]
        if credit >= 1:
            return right
        return right[:1] if credit > 0 else wrong[:1]
    return "x"


class _TableParser(HTMLParser):
    """Collects the text of each cell of one <table id=...>, by section (thead/tbody/tfoot)."""

    def __init__(self, table_id: str) -> None:
        super().__init__()
        self.table_id, self.depth, self.section = table_id, 0, "tbody"
        self.sections: dict[str, list[list[str]]] = {"thead": [], "tbody": [], "tfoot": []}
        self.cell: list[str] | None = None
        self.hidden = 0  # inside class="visually-hidden": not shown on screen

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attrs_ = dict(attrs)
        if tag == "table" and (self.depth or attrs_.get("id") == self.table_id):
            self.depth += 1
        elif not self.depth:
            return
        if tag in self.sections:
            self.section = tag
        elif tag == "tr":
            self.sections[self.section].append([])
        elif tag in ("td", "th"):
            self.cell = []
        elif tag == "span" and (self.hidden or "visually-hidden" in (attrs_.get("class") or "")):
            self.hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if not self.depth:
            return
        if tag == "table":
            self.depth -= 1
        elif tag in ("td", "th") and self.cell is not None:
            text = re.sub(r"\s+", " ", "".join(self.cell)).strip()
            self.sections[self.section][-1].append(text)
            self.cell = None
        elif tag == "span" and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and self.cell is not None and not self.hidden:
            self.cell.append(data)


def table_cells(html: str, table_id: str) -> dict[str, list[list[str]]]:
    """The visible text of every cell of the table with this id, by section."""
    parser = _TableParser(table_id)
    parser.feed(html)
    assert parser.sections["tbody"], f"no table #{table_id} with rows on the page"
    return parser.sections


def test_add_attempt_scores_by_points(app):
    user = make_user("fixture@example.com")
    attempt = add_attempt(user, "history", {"war-opponents": 0.5, "war-aid": 1.0})
    assert attempt.max_score == 2 and attempt.score == 1.5 and attempt.percent == 75
