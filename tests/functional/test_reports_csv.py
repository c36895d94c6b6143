"""Every table's CSV download holds exactly the numbers its page shows (parsed from both)."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Module
from tests.conftest import STUDENT_PASSWORD, login, make_user
from tests.functional.test_reports_fixtures import (
    add_attempt,
    class_with_students,
    enrol,
    table_cells,
)
from tests.unit.test_reports_items import HAND, build_known


@pytest.fixture
def data(app, teacher):
    """Six students with two attempts at History and Arms, one with an open attempt, one idle."""
    school_class, users = class_with_students(teacher, 6, ("history", "arms"))
    idle, busy = make_user("idle@example.com", name="Idle"), make_user("busy@example.com")
    enrol(school_class, idle, busy)
    add_attempt(busy, "gifts", {}, state="in_progress")
    return {"class": school_class.id, "student": users[3]}


def download(client, url: str, filename_part: str) -> list[list[str]]:
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment; filename=") and filename_part in disposition
    return list(csv.reader(io.StringIO(response.text)))


def page_number(text: str) -> str:
    """A page cell's number as the CSV writes it: "72.5%" -> "72.5", "–" -> ""."""
    return "" if text == "–" else text.removesuffix("%")


def split_cell(text: str) -> tuple[str, str]:
    """An overview cell -> (best as CSV writes it, attempts)."""
    if text == "Not started":
        return "not started", "0"
    if text.startswith("In progress"):
        return "in progress", text.split()[2]
    best, attempts = text.split(" ", 1)
    return page_number(best), attempts.split()[0]


@pytest.mark.parametrize("query", ["", "?sort=history&dir=desc", "?sort=arms&dir=asc"])
def test_overview_csv_equals_page(teacher_client, data, query):
    base = f"/reports/classes/{data['class']}"
    cells = table_cells(teacher_client.get(base + query).text, "overview-table")
    rows = download(teacher_client, f"{base}/overview.csv{query}", "-overview.csv")
    header, body, (average, started) = rows[0], rows[1:-2], rows[-2:]
    assert header[:4] == ["Student", "Email", "history best %", "history attempts"]
    assert len(body) == len(cells["tbody"]) == 8
    for page_row, csv_row in zip(cells["tbody"], body, strict=True):
        assert page_row[0] == f"{csv_row[0]} {csv_row[1]}"
        assert [split_cell(c) for c in page_row[1:]] == list(
            zip(csv_row[2::2], csv_row[3::2], strict=True)
        )
    page_average, page_started = cells["tfoot"]
    assert [split_cell(c) for c in page_average[1:]] == list(
        zip(average[2::2], average[3::2], strict=True)
    )
    assert [c.split(" of ")[0] for c in page_started[1:]] == started[2::2]
    assert average[2] != "" and started[6] == "1"  # the busy student started Gifts


def test_item_analysis_and_options_csv_equal_page(teacher_client, data):
    base = f"/reports/classes/{data['class']}/modules/history"
    html = teacher_client.get(f"{base}/items").text
    page_rows = table_cells(html, "items-table")["tbody"]
    rows = download(teacher_client, f"{base}/items.csv", "-history-item-analysis.csv")
    assert len(rows) - 1 == len(page_rows) == 12
    for page_row, csv_row in zip(page_rows, rows[1:], strict=True):
        assert page_row[0] == csv_row[0] and page_row[1].startswith(csv_row[1] + " · ")
        assert page_row[2] == csv_row[4]  # attempts
        assert [page_number(c) for c in page_row[3:10]] == csv_row[5:12]
    options = download(teacher_client, f"{base}/options.csv", "-history-options.csv")[1:]
    keys = list(dict.fromkeys(row[0] for row in options))
    assert keys == ["second-visit", "war-opponents", "war-aid", "soviet-aid", "balancing-act",
                    "cool-start", "sanctions-support"]  # fmt: skip
    for key in keys:
        page = table_cells(html, f"options-{key}")["tbody"]
        mine = [row for row in options if row[0] == key]
        assert [(r[0], page_number(r[2])) for r in page] == [(r[1], r[3]) for r in mine]
        assert [r[1] == "✓" for r in page] == [r[2] == "yes" for r in mine]


def test_passages_csv_equals_page(teacher_client, data):
    base = f"/reports/classes/{data['class']}/modules/arms"
    page_rows = table_cells(teacher_client.get(f"{base}/passages").text, "passages-table")["tbody"]
    rows = download(teacher_client, f"{base}/passages.csv", "-arms-passages.csv")
    assert rows[0][:6] == ["Anchor", "Kind", "Passage", "Questions", "Responses", "Success %"]
    assert len(page_rows) == len(rows) - 1
    for page_row, csv_row in zip(page_rows, rows[1:], strict=True):
        assert page_row[1:4] == csv_row[1:2] + csv_row[3:5]
        assert page_number(page_row[4]) == csv_row[5]
    assert any(row[5] for row in rows[1:]) and any(not row[5] for row in rows[1:])


def test_student_attempts_csv_equals_page(teacher_client, data):
    student = data["student"]
    base = f"/reports/classes/{data['class']}/students/{student.id}"
    html = teacher_client.get(base).text
    rows = download(teacher_client, f"{base}/attempts.csv", "-attempts.csv")
    for slug in ("history", "arms"):
        page = table_cells(html, f"attempts-{slug}")["tbody"]
        mine = [row for row in rows[1:] if row[0] == slug]
        assert [(f"Attempt {r[1]}", r[2], r[3]) for r in mine] == [
            (p[0], p[1], page_number(p[2])) for p in page
        ]


def test_my_progress_and_article_csv_equal_page(client, data):
    student = data["student"]
    student.set_password(STUDENT_PASSWORD)
    db.session.commit()
    login(client, student.email, STUDENT_PASSWORD)
    page = table_cells(client.get("/reports/me").text, "progress-table")["tbody"]
    rows = download(client, "/reports/me/progress.csv", "my-progress.csv")
    titles = {m.slug: m.title for m in db.session.scalars(select(Module))}
    assert [[titles[r[0]], *r[1:]] for r in rows[1:]] == [
        [p[0], p[1], page_number(p[2]), page_number(p[3]), page_number(p[4])] for p in page
    ]
    page = table_cells(client.get("/reports/me/article?module=history").text, "passages-table")
    rows = download(client, "/reports/me/article.csv?module=history", "history-passages.csv")
    assert [page_number(p[4]) for p in page["tbody"]] == [r[5] for r in rows[1:]]


def test_hand_computed_fixture_on_the_page_and_in_the_csv(teacher_client, teacher):
    """The item-analysis page and its CSV show the values worked out by hand (unit tests)."""
    known = build_known(teacher)
    base = f"/reports/classes/{known.id}/modules/history"
    page_rows = table_cells(teacher_client.get(f"{base}/items").text, "items-table")["tbody"]
    rows = download(teacher_client, f"{base}/items.csv", "item-analysis.csv")
    columns = ["facility", "sd", "random_guess", "intended_weight", "effective_weight",
               "discrimination", "efficiency"]  # fmt: skip
    for page_row, csv_row in zip(page_rows, rows[1:], strict=True):
        hand = HAND[csv_row[1]]
        expected = ["" if hand[c] is None else f"{hand[c]:.2f}" for c in columns]
        assert [page_number(c) for c in page_row[3:10]] == expected == csv_row[5:12]
        assert ("Negative discrimination" in page_row[10]) == bool(hand["flags"])
