"""The class overview in pages: order across pages, averages over the whole class, bad ?page=,
links, and a CSV that still lists everyone."""

from __future__ import annotations

import csv
import io
import random
import re

import pytest

from quizapp.classes import create_class
from quizapp.extensions import db
from quizapp.models import Enrollment, User
from quizapp.reports.overview import PER_PAGE, Sort, class_overview, overview_page
from quizapp.reports.queries import Scope, all_modules
from tests.conftest import TEACHER_PASSWORD, login, make_user
from tests.functional.practice_helpers import set_rules
from tests.functional.test_reports_fixtures import add_attempt, table_cells

KEYS = ("second-visit", "war-opponents", "war-aid")  # History, 1 point each
SIZE = PER_PAGE + 7  # two pages


def students(school_class, n: int, prefix: str) -> list[User]:
    users = [User(email=f"{prefix}{i:03d}@example.com", name=f"{prefix} {i:03d}") for i in range(n)]
    for user in users:
        user.password_hash = "x"
    db.session.add_all(users)
    db.session.flush()
    db.session.add_all(Enrollment(class_id=school_class.id, user_id=u.id) for u in users)
    db.session.commit()
    return users


def right_of(n: int) -> dict[str, float]:
    return {key: float(j < n) for j, key in enumerate(KEYS)}


@pytest.fixture
def big_class(app, teacher):
    """57 students: every third has no History attempt; the others score 0, 1, 2 or 3 of 3 on a
    first attempt (many ties), the even ones also on a second (so the grade depends on the
    grading method)."""
    school_class = create_class(teacher, "Big class")
    users = students(school_class, SIZE, "Pupil")
    for i, user in enumerate(users):
        if i % 3 == 0:
            continue
        add_attempt(user, "history", right_of(i % 4), commit=False)
        if i % 2 == 0:
            add_attempt(user, "history", right_of(i // 5 % 4), number=2, commit=False)
    db.session.commit()
    return school_class


def expected_order(overview, slug: str, direction: str) -> list[str]:
    """The order the overview promises, worked out in Python from every student's cell."""
    module_id = next(m.id for m in overview.modules if m.slug == slug)
    by_name = sorted(overview.rows, key=lambda r: (r.user.name.lower(), r.user.email))
    scored = [r for r in by_name if r.cells[module_id].best is not None]
    rest = [r for r in by_name if r.cells[module_id].best is None]
    scored.sort(key=lambda r: r.cells[module_id].best, reverse=direction == "desc")  # stable
    return [r.user.email for r in scored + rest]


@pytest.mark.parametrize("method", ["highest", "average", "first", "last"])
@pytest.mark.parametrize("direction", ["asc", "desc"])
def test_pages_follow_the_sort_across_pages(big_class, method, direction):
    """Small pages of 7, read one after another, give the whole class in order: ties by
    name, students without a grade last in both directions, whatever the grading method."""
    if method != "highest":
        set_rules("history", grading_method=method)
    modules, scope = all_modules(), Scope(class_id=big_class.id)
    everyone = class_overview(scope, modules)
    paged = []
    for number in range(1, 10):
        overview, page = overview_page(scope, modules, Sort("history", direction), str(number), 7)
        assert page.number == number and page.count == 9 and overview.students == SIZE
        paged += [row.user.email for row in overview.rows]
    assert paged == expected_order(everyone, "history", direction)
    grades = {row.user.email: row.cells[modules[0].id].best for row in everyone.rows}
    assert len(set(grades.values())) > 3  # ties and gaps: the order above is not trivial


def test_name_order_both_ways(big_class):
    modules, scope = all_modules(), Scope(class_id=big_class.id)
    asc = [r.user.name for r in class_overview(scope, modules, Sort("name", "asc")).rows]
    desc = [r.user.name for r in class_overview(scope, modules, Sort("name", "desc")).rows]
    assert asc == sorted(asc) and desc == asc[::-1] and len(asc) == SIZE
    overview, _page = overview_page(scope, modules, Sort("name", "desc"), "2", 50)
    assert [r.user.name for r in overview.rows] == desc[50:]


def rows_on(client, url: str) -> tuple[str, list[list[str]]]:
    page = client.get(url)
    assert page.status_code == 200, url
    return page.text, table_cells(page.text, "overview-table")["tbody"]


def test_the_page_shows_fifty_with_averages_over_everyone(teacher_client, big_class):
    base = f"/reports/classes/{big_class.id}"
    html, rows = rows_on(teacher_client, base)
    assert len(rows) == PER_PAGE and rows[0][0].startswith("Pupil 000")
    assert f"· {SIZE} students" in html and f"Students 1–{PER_PAGE} of {SIZE}" in html
    footer = table_cells(html, "overview-table")["tfoot"]
    started = footer[1][1]
    assert started == f"{SIZE - len(range(0, SIZE, 3))} of {SIZE}"  # everyone, not this page
    html2, rows2 = rows_on(teacher_client, f"{base}?page=2")
    assert len(rows2) == SIZE - PER_PAGE and rows2[-1][0].startswith(f"Pupil {SIZE - 1:03d}")
    assert table_cells(html2, "overview-table")["tfoot"] == footer


def test_pagination_links_keep_the_sort(teacher_client, big_class):
    base = f"/reports/classes/{big_class.id}"
    html, _rows = rows_on(teacher_client, f"{base}?sort=history&dir=desc")
    nav = re.search(r'<nav class="pagination".*?</nav>', html, re.S)[0]
    assert 'rel="next"' in nav and 'rel="prev"' not in nav
    assert re.search(r'href="[^"]*sort=history[^"]*dir=desc[^"]*page=2"', nav)
    assert re.search(r'aria-current="page"><span class="visually-hidden">Page </span>1<', nav)
    html, _rows = rows_on(teacher_client, f"{base}?sort=history&dir=desc&page=2")
    nav = re.search(r'<nav class="pagination".*?</nav>', html, re.S)[0]
    assert 'rel="prev"' in nav and 'rel="next"' not in nav
    assert re.search(r'aria-current="page"><span class="visually-hidden">Page </span>2<', nav)


@pytest.mark.parametrize(
    ("query", "shown", "message"),
    [
        ("?page=abc", 1, "“abc” is not a page number; showing page 1."),
        ("?page=-1", 1, "There is no page -1; showing page 1."),
        ("?page=0", 1, "There is no page 0; showing page 1."),
        ("?page=99999", 2, "There is no page 99999 (the class fills 2 pages)."),
        ("?page=" + "9" * 6000, 1, "is not a page number; showing page 1."),
        ("?page=2&sort=nonsense", 2, "Cannot sort by"),
    ],
)
def test_bad_pages_show_a_real_page_and_say_so(teacher_client, big_class, query, shown, message):
    html, rows = rows_on(teacher_client, f"/reports/classes/{big_class.id}{query}")
    assert "flash-warning" in html and message in html
    first = 1 + (shown - 1) * PER_PAGE
    assert f"Students {first}–" in html and rows


def test_csv_lists_every_student_in_the_pages_order(teacher_client, big_class):
    response = teacher_client.get(f"/reports/classes/{big_class.id}/overview.csv?sort=history")
    lines = list(csv.reader(io.StringIO(response.text)))
    emails = [line[1] for line in lines[1:-2]]
    modules = all_modules()
    everyone = class_overview(Scope(class_id=big_class.id), modules)
    assert emails == expected_order(everyone, "history", "asc") and len(emails) == SIZE


def test_another_teachers_class_is_not_found_on_any_page(client, big_class):
    make_user("una@example.com", role="teacher", password=TEACHER_PASSWORD)
    login(client, "una@example.com", TEACHER_PASSWORD)
    for query in ("", "?page=2", "?page=abc"):
        assert client.get(f"/reports/classes/{big_class.id}{query}").status_code == 404


def test_random_names_sort_like_python(app, teacher):
    """Mixed case, shared prefixes and equal names (then by email) sort as Python sorts."""
    rng = random.Random(5)
    school_class = create_class(teacher, "Names")
    names = ["ada", "Ada", "ADA b", "bo", "Bo", "cy", "al", "Al", "zed", "Zoe"]
    users = students(school_class, 12, "n")
    for user in users:
        user.name = rng.choice(names)
    db.session.commit()
    rows = class_overview(Scope(class_id=school_class.id), all_modules()).rows
    got = [(r.user.name, r.user.email) for r in rows]
    assert got == sorted(got, key=lambda pair: (pair[0].lower(), pair[1]))
