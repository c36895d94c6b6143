"""The class reports issue a fixed number of SQL statements, whatever the number of students."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from quizapp.classes import create_class
from quizapp.extensions import db
from quizapp.reports.items import item_analysis
from quizapp.reports.overview import Sort, class_overview, overview_page
from quizapp.reports.passages import passage_report
from quizapp.reports.queries import Scope, all_modules, module_by_slug
from tests.functional.helpers import counting
from tests.functional.test_reports_fixtures import class_with_students

SIZES = (5, 50)
PAGES = (
    "/reports/classes/{c}",
    "/reports/classes/{c}?sort=history&dir=desc&page=2",
    "/reports/classes/{c}/overview.csv",
    "/reports/classes/{c}/modules/history/items",
    "/reports/classes/{c}/modules/history/items.csv",
    "/reports/classes/{c}/modules/history/passages",
)


@pytest.fixture
def classes(app, teacher) -> dict[int, int]:
    """Two classes of the same teacher: 5 and 50 students, each with History taken twice."""
    return {n: class_with_students(teacher, n, ("history",), prefix=f"n{n}-")[0].id for n in SIZES}


def count(run: Callable[[], object]) -> int:
    db.session.expire_all()  # nothing cached from the other class's run
    with counting() as statements:
        run()
    return len(statements)


def test_services_run_the_same_queries_for_5_and_50_students(classes):
    """Each report loads its module(s) itself, so the count is the whole report's."""

    def passages(c: int) -> object:
        history = module_by_slug("history")
        return passage_report(history.article, [history], Scope(class_id=c))

    def page(c: int) -> object:
        return overview_page(Scope(class_id=c), all_modules(), Sort("history", "desc"), "1", 3)

    reports = {
        "overview": lambda c: class_overview(Scope(class_id=c), all_modules()),
        "overview page": page,
        "items": lambda c: item_analysis(module_by_slug("history"), Scope(class_id=c)),
        "passages": passages,
    }
    counts = {
        name: {n: count(lambda run=run, n=n: run(classes[n])) for n in SIZES}
        for name, run in reports.items()
    }
    print("statements per report (5 vs 50 students):", counts)
    for name, by_size in counts.items():
        assert by_size[5] == by_size[50], name
    # overview: modules, quiz settings, students, the cells' GROUP BY, the averages' GROUP BY;
    # a page of it: the same and a count of the students, the cells of that page only;
    # items: module, questions, marks grouped by (mark, total), attempts counted, answers grouped;
    # passages: module, article, passages, citations, one GROUP BY
    got = {name: by_size[5] for name, by_size in counts.items()}
    assert got == {"overview": 5, "overview page": 6, "items": 5, "passages": 5}


def test_pages_run_the_same_queries_for_5_and_50_students(teacher_client, classes):
    for page in PAGES:
        counts = {}
        for n in SIZES:
            url = page.format(c=classes[n])
            assert teacher_client.get(url).status_code == 200  # warm: log-in, caches
            counts[n] = count(lambda url=url: teacher_client.get(url))
        print(page, counts)
        assert counts[5] == counts[50], page
        assert counts[5] <= 12, page


def test_grading_methods_keep_the_overview_constant(classes):
    """First and last attempts are joined inside the same GROUP BYs: no query more."""
    from tests.functional.practice_helpers import set_rules

    set_rules("history", grading_method="first")
    set_rules("arms", grading_method="last")
    counts = {
        n: count(lambda n=n: class_overview(Scope(class_id=classes[n]), all_modules()))
        for n in SIZES
    }
    assert counts[5] == counts[50] == 5

    def page(n: int) -> object:
        return overview_page(Scope(class_id=classes[n]), all_modules(), Sort("history"), "2")

    pages = {n: count(lambda n=n: page(n)) for n in SIZES}
    assert pages[5] == pages[50] == 6


def test_an_empty_class_runs_the_same_queries(classes, teacher):
    """No students, no attempts: still the same statements (nothing is skipped or looped)."""
    empty = create_class(teacher, "Nobody yet").id

    def reports(c: int) -> list[int]:
        history = module_by_slug("history")
        return [
            count(lambda: overview_page(Scope(class_id=c), all_modules(), Sort(), "1")),
            count(lambda: class_overview(Scope(class_id=c), all_modules())),
            count(lambda: item_analysis(module_by_slug("history"), Scope(class_id=c))),
            count(lambda: passage_report(history.article, [history], Scope(class_id=c))),
        ]

    assert reports(empty) == reports(classes[5])
