"""The class overview: students x modules, grade and attempts, sortable, paged, with averages.

The database sorts and pages the students and aggregates the attempts, so the number of
statements does not grow with the class and only one page of students is loaded: the count of
students, the quiz settings (grading methods), one GROUP BY for the class averages, the page of
students in order (sorting by a module joins that module's grades), one GROUP BY for the cells
of that page. `class_overview` gives every student at once, for the CSV and the command line.

A cell's grade follows its module's grading method: highest (the default), average, first or
last submitted attempt; all four are computed in SQL (`_grades`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from sqlalchemy import Select, Subquery, and_, case, func, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from quizapp.extensions import db
from quizapp.learn.quiz_settings import rules_by_module
from quizapp.models import Attempt, Module, User
from quizapp.models.attempts import GRADED
from quizapp.reports.queries import SUBMITTED, Scope, percent_expr, student_ids

SORT_NAME = "name"
DIRECTIONS = ("asc", "desc")
PER_PAGE = 50
_SHOWN_CHARS = 20  # of a refused ?page= value, quoted back in the message


class Cell(NamedTuple):  # a tuple, not a dataclass: a CSV of 10,000 students makes 40,000
    best: float | None = None  # the grade, by the module's grading method (highest by default)
    attempts: int = 0  # submitted graded attempts
    in_progress: bool = False

    @property
    def status(self) -> str:
        if self.attempts:
            return "done"
        return "in-progress" if self.in_progress else "not-started"


NOT_STARTED = Cell()


class Student(NamedTuple):
    """What the overview shows of a student (no ORM object: a CSV may list thousands)."""

    id: int
    name: str
    email: str


@dataclass
class StudentRow:
    user: Student
    cells: dict[int, Cell]  # by module id; every module has a cell


@dataclass
class ModuleAverage:
    module: Module
    best: float | None  # mean of grades over students who submitted at least once
    started: int
    attempts: int


@dataclass
class Overview:
    modules: list[Module]
    rows: list[StudentRow]  # every student, or one page of them
    averages: list[ModuleAverage] = field(default_factory=list)
    students: int = 0  # in the whole class, whatever `rows` holds


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


@dataclass(frozen=True)
class Page:
    """One page of the students: `number` counts from 1 and is always a page that exists."""

    number: int = 1
    size: int = PER_PAGE
    total: int = 0  # students in the class
    error: str | None = None  # set when the requested page was refused

    @property
    def count(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def first(self) -> int:
        """1-based position of the first student shown (0 when there is none)."""
        return min(self.offset + 1, self.total)

    @property
    def last(self) -> int:
        return min(self.offset + self.size, self.total)


def parse_page(raw: str | None, total: int, size: int = PER_PAGE) -> Page:
    """Validate ?page=N against the class size: a page that is not a number or does not
    exist shows the nearest page that does, with a message (never an error)."""
    last = Page(1, size, total).count
    if raw is None or raw == "":
        return Page(1, size, total)
    shown = raw if len(raw) <= _SHOWN_CHARS else raw[: _SHOWN_CHARS - 1] + "…"
    try:
        number = int(raw)
    except ValueError:
        return Page(1, size, total, f"“{shown}” is not a page number; showing page 1.")
    if number < 1:
        return Page(1, size, total, f"There is no page {shown}; showing page 1.")
    if number > last:
        pages = f"{last} page{'' if last == 1 else 's'}"
        return Page(last, size, total, f"There is no page {shown} (the class fills {pages}).")
    return Page(number, size, total)


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


def overview_page(
    scope: Scope, modules: list[Module], sort: Sort, page: str | None, size: int = PER_PAGE
) -> tuple[Overview, Page]:
    """One page of the matrix (`page` as the request gave it), with the whole class's averages."""
    total = db.session.scalar(select(func.count()).select_from(_in_scope(scope).subquery()))
    shown = parse_page(page, total or 0, size)
    methods = _methods(modules)
    ordered = _ordered(scope, sort, modules, methods).limit(shown.size).offset(shown.offset)
    students = _students(ordered)
    cells = _cells([s.id for s in students], methods)
    averages = _averages(scope, modules, methods)
    return Overview(modules, _rows(students, modules, cells), averages, shown.total), shown


def class_overview(scope: Scope, modules: list[Module], sort: Sort | None = None) -> Overview:
    """The matrix for everyone in `scope` over `modules`, in `sort` order (by name)."""
    methods = _methods(modules)
    students = _students(_ordered(scope, sort or Sort(), modules, methods))
    cells = _cells(student_ids(scope), methods)
    averages = _averages(scope, modules, methods)
    return Overview(modules, _rows(students, modules, cells), averages, len(students))


def _methods(modules: Sequence[Module]) -> dict[int, str]:
    """Each module's grading method (one query)."""
    return {m: r.grading_method for m, r in rules_by_module([m.id for m in modules]).items()}


def _in_scope(scope: Scope) -> Select:
    return select(User.id, User.name, User.email).where(User.id.in_(student_ids(scope)))


def _students(stmt: Select) -> list[Student]:
    return [Student(*row) for row in db.session.execute(stmt)]


def _rows(
    students: list[Student], modules: list[Module], cells: dict[tuple[int, int], Cell]
) -> list[StudentRow]:
    ids = [m.id for m in modules]
    get = cells.get
    return [StudentRow(s, {m: get((s.id, m), NOT_STARTED) for m in ids}) for s in students]


def _cells(users: Select | list[int], methods: dict[int, str]) -> dict[tuple[int, int], Cell]:
    """(user id, module id) -> Cell for every student with a graded attempt at a module."""
    grades = _grades(users, methods)
    return {
        (user_id, module_id): Cell(grade, done, open_ > 0)
        for user_id, module_id, grade, done, open_ in db.session.execute(select(grades))
    }


def _grades(users: Select | list[int], methods: dict[int, str]) -> Subquery:
    """Subquery (user_id, module_id, grade, done, open) per student and module with a graded
    attempt: the grade by the module's method, submitted and open attempts.

    One GROUP BY over attempts computes highest and average grades itself; modules graded by
    their first or last attempt also join that attempt (by its number) to read its score.
    """
    submitted = Attempt.state == SUBMITTED
    percent = case((submitted, percent_expr()))
    number = case((submitted, Attempt.number))
    by_method = {
        name: [m for m, method in methods.items() if method == name]
        for name in ("average", "first", "last")
    }
    grade: ColumnElement = func.max(percent)
    if by_method["average"]:
        grade = case((Attempt.module_id.in_(by_method["average"]), func.avg(percent)), else_=grade)
    cells = select(
        Attempt.user_id,
        Attempt.module_id,
        grade.label("grade"),
        func.count(case((submitted, 1))).label("done"),
        func.count(case((~submitted, 1))).label("open"),
    )
    picked = by_method["first"] + by_method["last"]
    if picked:
        first = Attempt.module_id.in_(by_method["first"])
        chosen = case((first, func.min(number)), else_=func.max(number))
        cells = cells.add_columns(chosen.label("n"))
    cells = cells.where(
        Attempt.user_id.in_(users), Attempt.module_id.in_(list(methods)), Attempt.mode == GRADED
    ).group_by(Attempt.user_id, Attempt.module_id)
    return _with_chosen_attempt(cells.subquery("cells"), picked) if picked else cells.subquery()


def _with_chosen_attempt(cells: Subquery, module_ids: list[int]) -> Subquery:
    """`cells` with the grade of `module_ids` taken from the attempt numbered `n` (the first
    or the last submitted one)."""
    chosen = aliased(Attempt, name="chosen")
    on_chosen = and_(
        chosen.user_id == cells.c.user_id,
        chosen.module_id == cells.c.module_id,
        chosen.mode == GRADED,
        chosen.state == SUBMITTED,
        chosen.number == cells.c.n,
        cells.c.module_id.in_(module_ids),
    )
    grade = case((cells.c.module_id.in_(module_ids), percent_expr(chosen)), else_=cells.c.grade)
    return (
        select(cells.c.user_id, cells.c.module_id, grade.label("grade"), cells.c.done, cells.c.open)
        .select_from(cells)
        .outerjoin(chosen, on_chosen)
        .subquery("grades")
    )


def _averages(scope: Scope, modules: list[Module], methods: dict[int, str]) -> list[ModuleAverage]:
    """Per module over the whole class: mean grade, students started, submitted attempts."""
    grades = _grades(student_ids(scope), methods)
    stmt = select(
        grades.c.module_id, func.avg(grades.c.grade), func.count(), func.sum(grades.c.done)
    ).group_by(grades.c.module_id)
    # int(): PostgreSQL sums integers as numeric
    found = {m: (best, started, int(done)) for m, best, started, done in db.session.execute(stmt)}
    return [ModuleAverage(m, *found.get(m.id, (None, 0, 0))) for m in modules]


def _ordered(scope: Scope, sort: Sort, modules: list[Module], methods: dict[int, str]) -> Select:
    """The students in scope in `sort` order: by name, or by grade in one module (ties by name;
    students without a grade there always last, whichever the direction)."""
    stmt = _in_scope(scope)
    by_name = (func.lower(User.name), User.email, User.id)
    descending = sort.direction == "desc"
    if sort.key == SORT_NAME:
        return stmt.order_by(*(key.desc() for key in by_name) if descending else by_name)
    module_id = next(m.id for m in modules if m.slug == sort.key)
    grades = _grades(student_ids(scope), {module_id: methods[module_id]})
    grade = grades.c.grade
    return stmt.outerjoin(grades, grades.c.user_id == User.id).order_by(
        case((grade.is_(None), 1), else_=0), grade.desc() if descending else grade.asc(), *by_name
    )
