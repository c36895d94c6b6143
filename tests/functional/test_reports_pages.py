"""The report pages through the test client: overview, sorting, drill-down, heatmaps, progress."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from quizapp.classes import create_class
from quizapp.extensions import db
from quizapp.models import Attempt
from tests.conftest import STUDENT_PASSWORD, TEACHER_PASSWORD, login, make_user
from tests.functional.helpers import attempt_id_from, correct_form
from tests.functional.test_reports_fixtures import add_attempt, enrol, table_cells

Q = ("second-visit", "war-opponents", "war-aid")


@pytest.fixture
def scene(app, student, other_student, teacher):
    """Tess's class: Ada (2 attempts), Bo (1), Cy (open attempt only), Di (nothing).

    Una, another teacher, has Ed in her class.
    """
    school_class = create_class(teacher, "Year 10")
    cy, di = make_user("cy@example.com", name="Cy"), make_user("di@example.com", name="Di")
    enrol(school_class, student, other_student, cy, di)
    ada1 = add_attempt(student, "history", dict(zip(Q, (1.0, 0.5, 0.0), strict=True)))
    add_attempt(other_student, "history", dict(zip(Q, (0.0, 0.5, 0.0), strict=True)))
    add_attempt(cy, "history", dict.fromkeys(Q, 0.0), state="in_progress")
    una = make_user("una@example.com", role="teacher", password=TEACHER_PASSWORD, name="Una")
    ed = make_user("ed@example.com", name="Ed")
    other_class = create_class(una, "Una's class")
    enrol(other_class, ed)
    ed1 = add_attempt(ed, "history", dict.fromkeys(Q, 1.0))
    return {"class": school_class, "ada1": ada1, "cy": cy, "other": other_class, "ed1": ed1}


def take_history_fully(client) -> int:
    """Ada's second attempt, through the real quiz: full marks."""
    page = client.post("/modules/history/start", follow_redirects=True)
    attempt_id = attempt_id_from(page)
    client.post(f"/attempts/{attempt_id}", data=correct_form(db.session.get(Attempt, attempt_id)))
    return attempt_id


@pytest.fixture
def tess(client, scene, student):
    """Ada took History a second time (full marks), then Tess logs in on the same client."""
    login(client, student.email, STUDENT_PASSWORD)
    scene["ada2"] = take_history_fully(client)
    client.post("/auth/logout")
    login(client, "tess@example.com", TEACHER_PASSWORD)
    return client


def overview(client, class_id: int, query: str = "") -> tuple[str, dict]:
    page = client.get(f"/reports/classes/{class_id}{query}")
    assert page.status_code == 200
    return page.text, table_cells(page.text, "overview-table")


def test_overview_matrix_shows_best_attempts_and_not_started(tess, scene):
    html, cells = overview(tess, scene["class"].id)
    rows = {row[0].split()[0]: row[1:] for row in cells["tbody"]}
    assert list(rows) == ["Ada", "Bo", "Cy", "Di"]  # Ed is Una's student
    assert rows["Ada"][0] == "100.0% 2 attempts"  # best of 50 % and 100 %
    assert rows["Bo"][0] == "16.7% 1 attempt"  # .5 of 3 marks
    assert rows["Cy"][0] == "In progress 0 attempts"
    assert rows["Di"][0] == "Not started"
    assert all(cell == "Not started" for row in rows.values() for cell in row[1:])
    average, started = cells["tfoot"]
    assert average[:2] == ["Class average", "58.3% 3 attempts"]  # (100 + 16.7) / 2
    assert average[2] == "– 0 attempts"
    assert started[:2] == ["Students started", "3 of 4"]
    assert "Ed" not in html and "ed@example.com" not in html


def test_overview_sorts_on_the_server_with_aria_sort(tess, scene):
    html, cells = overview(tess, scene["class"].id, "?sort=history&dir=desc")
    assert [r[0].split()[0] for r in cells["tbody"]] == ["Ada", "Bo", "Cy", "Di"]
    assert re.findall(r'aria-sort="(\w+)"', html) == ["descending"]
    header = re.search(r'<th scope="col" class="num" aria-sort="descending">(.*?)</th>', html, re.S)
    assert "History" in header[1] and "dir=asc" in header[1]  # clicking again flips
    _html, cells = overview(tess, scene["class"].id, "?sort=history&dir=asc")
    assert [r[0].split()[0] for r in cells["tbody"]] == ["Bo", "Ada", "Cy", "Di"]
    _html, cells = overview(tess, scene["class"].id, "?sort=name&dir=desc")
    assert [r[0].split()[0] for r in cells["tbody"]] == ["Di", "Cy", "Bo", "Ada"]


@pytest.mark.parametrize("query", ["?sort=nonsense", "?sort=history&dir=up", "?sort=<b>"])
def test_bad_sort_keys_get_a_message_not_an_error(tess, scene, query):
    html, cells = overview(tess, scene["class"].id, query)
    assert "flash-warning" in html and "<b>" not in html
    assert [r[0].split()[0] for r in cells["tbody"]][:2] in (["Ada", "Bo"], ["Bo", "Ada"])


def test_drill_down_to_a_students_graded_review(tess, scene, student):
    base = f"/reports/classes/{scene['class'].id}"
    page = tess.get(f"{base}/students/{student.id}")
    assert page.status_code == 200 and "Ada" in page.text
    review_url = f"{base}/students/{student.id}/attempts/{scene['ada1'].id}"
    assert f'href="{review_url}"' in page.text
    assert re.search(rf'href="{review_url}#slot-\d+"', page.text) is None  # latest has no misses
    assert "Missed in the latest attempt (0)" in page.text
    review = tess.get(review_url)
    assert review.status_code == 200
    assert "Teacher view." in review.text and "History: your result" in review.text
    assert "Partly correct" in review.text and "From the article" in review.text
    assert "/modules/history/start" not in review.text  # no "try again" for the teacher
    assert tess.get(f"{base}/students/{student.id}/attempts/{scene['ada2']}").status_code == 200


def test_open_attempts_have_no_review(tess, scene):
    open_attempt = db.session.scalar(select(Attempt).where(Attempt.user_id == scene["cy"].id))
    url = f"/reports/classes/{scene['class'].id}/students/{scene['cy'].id}"
    assert tess.get(url).status_code == 200
    assert tess.get(f"{url}/attempts/{open_attempt.id}").status_code == 404


def test_item_analysis_page(tess, scene):
    page = tess.get(f"/reports/classes/{scene['class'].id}/modules/history/items")
    assert page.status_code == 200
    assert "2 attempts analysed" in page.text  # first attempts of Ada and Bo only
    cells = table_cells(page.text, "items-table")["tbody"]
    assert [row[1].split(" · ")[0] for row in cells] == list(Q)
    assert cells[0][2] == "2" and cells[0][3] == "50.00%"  # second-visit: Ada 1, Bo 0
    assert 'role="img"' in page.text and "<desc" in page.text
    gifts = tess.get(f"/reports/classes/{scene['class'].id}/modules/gifts/items")
    assert "has submitted a first attempt at Gifts" in gifts.text


def test_class_heatmap_shades_passages_and_links_questions(tess, scene):
    class_id = scene["class"].id
    page = tess.get(f"/reports/classes/{class_id}/modules/history/passages")
    assert page.status_code == 200
    assert "No questions cite this passage" in page.text
    labels = re.findall(r'class="heat-label">([^<]+)<', page.text)
    assert labels and all(re.fullmatch(r"[\d.]+ % right, \d+ questions?", x) for x in labels)
    assert re.search(r'class="heat-passage heat-[0-4] ', page.text)
    assert f"/reports/classes/{class_id}/modules/history/items#q-" in page.text
    assert "Revisit first" in page.text


def test_student_progress_page(client, scene, student):
    login(client, student.email, STUDENT_PASSWORD)
    page = client.get("/reports/me")
    assert page.status_code == 200
    summary = table_cells(page.text, "progress-table")["tbody"]
    assert summary[0] == ["History", "1", "50%", "50%", "2"]  # .5 + 1 of 3 marks
    assert summary[1] == ["Arms and Security", "0", "–", "–", "–"]
    assert page.text.count('role="img"') == 1  # one chart per module with attempts
    assert re.search(r"<desc [^>]*>Scores in order: attempt 1: 50%.</desc>", page.text)
    ada1 = scene["ada1"].id
    assert f'href="/attempts/{ada1}#slot-2"' in page.text  # part credit: still missed
    assert f'href="/attempts/{ada1}#slot-1"' not in page.text  # full credit
    assert "Year 10" in page.text  # my classes


def test_what_i_know_of_the_article(client, scene, student):
    login(client, student.email, STUDENT_PASSWORD)
    page = client.get("/reports/me/article?module=history")
    assert page.status_code == 200
    ada1 = scene["ada1"].id
    assert re.search(rf'href="/attempts/{ada1}#slot-1">', page.text)
    assert "100.0 % right" in page.text or "% right, 2 questions" in page.text
    assert "Not answered yet" in page.text  # history questions Ada was not asked
    assert client.get("/reports/me/article").status_code == 200  # all modules
    assert client.get("/reports/me/article?module=nope").status_code == 404
