"""Where in the article students struggle: each passage's success on the questions citing it.

A response counts for a passage when the version it answered has evidence in that passage; only
each student's latest submitted attempt per module counts (what they know now). The success of a
passage is the mean credit of those responses. The same query serves a class heatmap (scope = a
class) and a student's "what I know of this article" (scope = one user); it groups by passage and
question in SQL, so its size depends on the article, never on the number of students.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import (
    Article,
    Attempt,
    Evidence,
    Module,
    Passage,
    Question,
    QuestionVersion,
    Response,
)
from quizapp.reports.formatting import heat_label, heat_level
from quizapp.reports.queries import Scope, join_latest, latest_attempts


@dataclass
class QuestionHit:
    question: Question
    module: Module
    prompt: str
    success: float | None = None  # mean credit, None when not answered in scope
    responses: int = 0
    link: tuple[int, int] | None = None  # (attempt id, slot) of a student's own latest answer


@dataclass
class PassageRow:
    passage: Passage
    questions: list[QuestionHit] = field(default_factory=list)

    @property
    def responses(self) -> int:
        return sum(q.responses for q in self.questions)

    @property
    def success(self) -> float | None:
        """Mean credit over every response counted for this passage."""
        answered = [q for q in self.questions if q.responses]
        if not answered:
            return None
        return sum(q.success * q.responses for q in answered) / self.responses

    @property
    def level(self) -> int | None:
        return heat_level(self.success)

    @property
    def label(self) -> str:
        return heat_label(self.success, len(self.questions))


@dataclass
class PassageReport:
    article: Article
    modules: list[Module]
    rows: list[PassageRow]


def passage_report(article: Article, modules: list[Module], scope: Scope) -> PassageReport:
    """Every passage of `article`, with the questions of `modules` citing it (3 queries, 4 for
    one student: the links to their own answers)."""
    module_ids = [m.id for m in modules]
    passages = list(
        db.session.scalars(
            select(Passage)
            .where(Passage.article_id == article.id, Passage.retired.is_(False))
            .order_by(Passage.position)
        )
    )
    hits = _citations(module_ids, {m.id: m for m in modules})
    for (passage_id, question_id), (success, count) in _success(scope, module_ids).items():
        hit = hits.get((passage_id, question_id))
        if hit is not None:
            hit.success, hit.responses = success, count
    if scope.user_id is not None:
        _link_own_answers(hits, scope, module_ids)
    by_passage: dict[int, list[QuestionHit]] = defaultdict(list)
    for (passage_id, _qid), hit in hits.items():
        if hit.responses or not hit.question.retired:  # retired: only where answered before
            by_passage[passage_id].append(hit)
    rows = [PassageRow(p, by_passage.get(p.id, [])) for p in passages]
    return PassageReport(article, modules, rows)


def _citations(
    module_ids: list[int], modules: dict[int, Module]
) -> dict[tuple[int, int], QuestionHit]:
    """(passage id, question id) -> hit, for every version's evidence in these modules.

    Older versions count too: a response to an old version is counted where that version's
    evidence lies. The prompt shown is the current version's.
    """
    rows = db.session.execute(
        select(Evidence.passage_id, Question, QuestionVersion.prompt, QuestionVersion.is_current)
        .join(QuestionVersion, QuestionVersion.id == Evidence.version_id)
        .join(Question, Question.id == QuestionVersion.question_id)
        .where(Question.module_id.in_(module_ids))
        .order_by(Question.module_id, Question.position, Question.id, QuestionVersion.number)
    ).all()
    prompts = {q.id: prompt for _p, q, prompt, current in rows if current}
    hits: dict[tuple[int, int], QuestionHit] = {}
    for passage_id, question, prompt, _current in rows:
        hits.setdefault(
            (passage_id, question.id),
            QuestionHit(question, modules[question.module_id], prompts.get(question.id, prompt)),
        )
    return hits


def _success(scope: Scope, module_ids: list[int]) -> dict[tuple[int, int], tuple[float, int]]:
    """One GROUP BY: mean credit and count per (passage, question) over latest attempts."""
    cited = select(Evidence.version_id, Evidence.passage_id).distinct().subquery("cited")
    stmt = (
        select(
            cited.c.passage_id,
            QuestionVersion.question_id,
            func.avg(func.coalesce(Response.credit, 0.0)),
            func.count(Response.id),
        )
        .select_from(Response)
        .join(Attempt, Attempt.id == Response.attempt_id)
        .join(QuestionVersion, QuestionVersion.id == Response.version_id)
        .join(cited, cited.c.version_id == Response.version_id)
    )
    stmt = join_latest(stmt, latest_attempts(scope, module_ids))
    stmt = stmt.group_by(cited.c.passage_id, QuestionVersion.question_id)
    return {(p, q): (float(avg), n) for p, q, avg, n in db.session.execute(stmt)}


def _link_own_answers(
    hits: dict[tuple[int, int], QuestionHit], scope: Scope, module_ids: list[int]
) -> None:
    """For one student: where each question was last answered, to link to that review."""
    stmt = (
        select(QuestionVersion.question_id, Response.attempt_id, Response.slot)
        .select_from(Response)
        .join(Attempt, Attempt.id == Response.attempt_id)
        .join(QuestionVersion, QuestionVersion.id == Response.version_id)
    )
    stmt = join_latest(stmt, latest_attempts(scope, module_ids))
    links = {
        question_id: (attempt_id, slot)
        for question_id, attempt_id, slot in db.session.execute(stmt)
    }
    for (_pid, question_id), hit in hits.items():
        hit.link = links.get(question_id)
