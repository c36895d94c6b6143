"""The class overview: students x modules, best score and attempts, sortable, with averages.

Three queries whatever the class size: the students, the modules, and one GROUP BY over attempts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import case, func, select

from quizapp.extensions import db
from quizapp.learn.quiz_settings import rules_by_module
from quizapp.models import Attempt, Module, User
from quizapp.models.attempts import GRADED
from quizapp.reports.queries import SUBMITTED, Scope, percent_expr, student_ids, students

SORT_NAME = "name"
DIRECTIONS = ("asc", "desc")


@dataclass(frozen=True)
class Cell:
    best: float | None = None  # the grade, by the module's grading method (highest by default)
    attempts: int = 0  # submitted graded attempts
    in_progress: bool = False

    @property
    def status(self) -> str:
        if self.attempts:
            return "done"
        return "in-progress" if self.in_progress else "not-started"


NOT_STARTED = Cell()


@dataclass
class StudentRow:
    user: User
    cells: dict[int, Cell]  # by module id; every module has a cell


@dataclass
class ModuleAverage:
    module: Module
    best: float | None  # mean of best scores over students who submitted at least once
    started: int
    attempts: int


@dataclass
class Overview:
    modules: list[Module]
    rows: list[StudentRow]
    averages: list[ModuleAverage] = field(default_factory=list)


@dataclass(frozen=True)
class Sort:
    key: str = SORT_NAME
    direction: str = "asc"
    error: str | None = None  # set when the requested sort was refused

    def next_direction(self, key: str) -> str:
        """Clicking the sorted column flips it; a new column starts ascending (name) or
        descending (scores, best first)."""
        if key == self.key:
            return "desc" if self.direction == "asc" else "asc"
        return "asc" if key == SORT_NAME else "desc"


def class_overview(scope: Scope, modules: list[Module]) -> Overview:
    """The matrix for everyone in `scope` over `modules`."""
    module_ids = [m.id for m in modules]
    cells = _cells(scope, module_ids)
    rows = []
    for user in students(scope):
        user_id = user.id
        rows.append(StudentRow(user, {m: cells.get((user_id, m), NOT_STARTED) for m in module_ids}))
    return Overview(modules, rows, [_average(m, rows) for m in modules])


def _cells(scope: Scope, module_ids: list[int]) -> dict[tuple[int, int], Cell]:
    """One GROUP BY over graded attempts per cell, plus one query per first/last method used.

    A cell's grade follows its module's grading method: highest, average, first or last.
    """
    submitted = Attempt.state == SUBMITTED
    percent = case((submitted, percent_expr()))
    stmt = (
        select(
            Attempt.user_id,
            Attempt.module_id,
            func.max(percent),
            func.avg(percent),
            func.count(case((submitted, Attempt.id))),
            func.count(case((~submitted, Attempt.id))),
        )
        .where(
            Attempt.user_id.in_(student_ids(scope)),
            Attempt.module_id.in_(module_ids),
            Attempt.mode == GRADED,
        )
        .group_by(Attempt.user_id, Attempt.module_id)
    )
    methods = {m: r.grading_method for m, r in rules_by_module(module_ids).items()}
    picked = {}
    for method, pick in (("first", func.min), ("last", func.max)):
        chosen = [m for m in module_ids if methods[m] == method]
        if chosen:
            picked.update(_percent_of_attempt(scope, chosen, pick))
    cells = {}
    for user_id, module_id, best, mean, done, open_ in db.session.execute(stmt):
        method = methods[module_id]
        grade = mean if method == "average" else best
        if method in ("first", "last"):
            grade = picked.get((user_id, module_id))
        cells[(user_id, module_id)] = Cell(grade, done, open_ > 0)
    return cells


def _percent_of_attempt(scope: Scope, module_ids: list[int], pick) -> dict[tuple[int, int], float]:
    """The percentage of each student's first (pick=min) or last (max) submitted attempt."""
    chosen = (
        select(Attempt.user_id, Attempt.module_id, pick(Attempt.number).label("number"))
        .where(
            Attempt.state == SUBMITTED,
            Attempt.mode == GRADED,
            Attempt.user_id.in_(student_ids(scope)),
            Attempt.module_id.in_(module_ids),
        )
        .group_by(Attempt.user_id, Attempt.module_id)
        .subquery("chosen")
    )
    stmt = (
        select(Attempt.user_id, Attempt.module_id, percent_expr())
        .join(
            chosen,
            (chosen.c.user_id == Attempt.user_id)
            & (chosen.c.module_id == Attempt.module_id)
            & (chosen.c.number == Attempt.number),
        )
        .where(Attempt.mode == GRADED)
    )
    return {(u, m): pct for u, m, pct in db.session.execute(stmt)}


def _average(module: Module, rows: list[StudentRow]) -> ModuleAverage:
    bests = [row.cells[module.id].best for row in rows if row.cells[module.id].attempts]
    bests = [b for b in bests if b is not None]
    return ModuleAverage(
        module=module,
        best=sum(bests) / len(bests) if bests else None,
        started=sum(1 for row in rows if row.cells[module.id].status != "not-started"),
        attempts=sum(row.cells[module.id].attempts for row in rows),
    )


def parse_sort(key: str | None, direction: str | None, modules: list[Module]) -> Sort:
    """Validate ?sort=name|<module-slug>&dir=asc|desc; unknown values fall back with a message."""
    keys = [SORT_NAME, *(m.slug for m in modules)]
    key = key or SORT_NAME
    direction = direction or "asc"
    if key not in keys:
        return Sort(error=f"Cannot sort by “{key}”; sorted by name. Sort by: {', '.join(keys)}.")
    if direction not in DIRECTIONS:
        return Sort(key, "asc", f"Unknown direction “{direction}”; sorted ascending.")
    return Sort(key, direction)


def sort_rows(rows: list[StudentRow], sort: Sort, modules: list[Module]) -> list[StudentRow]:
    """Rows sorted by name, or by best score in a module (ties by name).

    Students without a score in that module always come last, whichever the direction.
    """
    by_name = sorted(rows, key=lambda r: (r.user.name.lower(), r.user.email))
    if sort.key == SORT_NAME:
        return by_name[::-1] if sort.direction == "desc" else by_name
    module_id = next(m.id for m in modules if m.slug == sort.key)
    scored = [r for r in by_name if r.cells[module_id].best is not None]
    rest = [r for r in by_name if r.cells[module_id].best is None]
    # sorted() is stable even with reverse=True, so equal scores stay in name order
    scored = sorted(scored, key=lambda r: r.cells[module_id].best, reverse=sort.direction == "desc")
    return scored + rest
