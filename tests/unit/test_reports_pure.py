"""The pure pieces of the reports: number formatting, shading, charts, sorting, join codes, CSV."""

from __future__ import annotations

import csv
import io
from types import SimpleNamespace

import pytest

from quizapp.classes import (
    CODE_ALPHABET,
    CODE_LENGTH,
    display_code,
    new_join_code,
    normalise_code,
)
from quizapp.reports.charts import bar_chart, line_chart
from quizapp.reports.csv_export import Table, slugify, to_csv
from quizapp.reports.formatting import heat_label, heat_level, number, rounded
from quizapp.reports.overview import Page, Sort, parse_page, parse_sort


@pytest.mark.parametrize(
    ("value", "digits", "text"),
    [(None, 1, ""), (72.25, 1, "72.2"), (72.35, 2, "72.35"), (100, 0, "100"), (-0.001, 1, "0.0"),
     (-14.0, 2, "-14.00"), (2 / 3 * 100, 1, "66.7")],
)  # fmt: skip
def test_number(value, digits, text):
    assert number(value, digits) == text
    assert rounded(value, digits) == (None if value is None else float(text))


def test_heat_levels_and_labels():
    assert [heat_level(x) for x in (0, 0.19, 0.2, 0.5, 0.79, 0.8, 1.0)] == [0, 0, 1, 2, 3, 4, 4]
    assert heat_level(None) is None
    assert heat_label(0.7234, 3) == "72.3 % right, 3 questions"
    assert heat_label(1.0, 1) == "100.0 % right, 1 question"
    assert heat_label(None, 2) == "Not answered yet, 2 questions"
    assert heat_label(None, 0) == "No questions cite this passage"


def test_line_chart_geometry():
    chart = line_chart([("Attempt 1", 0.0), ("Attempt 2", 50.0), ("Attempt 3", 100.0)], "t", "d")
    xs, ys = [m.x for m in chart.marks], [m.y for m in chart.marks]
    assert xs == sorted(xs) and xs[0] == chart.left
    assert ys[0] == chart.bottom and ys[2] < ys[1] < ys[0]  # higher score, higher on the chart
    assert [m.value for m in chart.marks] == ["0%", "50%", "100%"]
    assert chart.path.count(",") == 3
    assert [label for _y, label in chart.y_ticks] == ["0%", "25%", "50%", "75%", "100%"]


def test_line_chart_single_and_missing_points():
    one = line_chart([("Attempt 1", 40.0)], "t", "d")
    assert len(one.marks) == 1 and one.marks[0].tick == "1"
    gap = line_chart([("a", 10.0), ("b", None), ("c", 30.0)], "t", "d")
    assert [m.tick for m in gap.marks] == ["1", "3"]


def test_bar_chart_lengths_labels_and_guides():
    chart = bar_chart(
        [("History", 50.0), ("A very long module title indeed", None), ("x", 120.0)],
        "t",
        "d",
        guides=(10, 90),
    )
    lengths = [b.length for b in chart.bars]
    assert lengths == [chart.plot / 2, 0, chart.plot]  # clamped to 0..100 %
    assert chart.bars[1].label.endswith("…") and chart.bars[1].value == "no score"
    assert [label for _x, label in chart.guides] == ["10%", "90%"]


def _modules():
    return [SimpleNamespace(id=1, slug="history"), SimpleNamespace(id=2, slug="arms")]


def test_parse_sort_refuses_unknown_keys_with_a_message():
    modules = _modules()
    assert parse_sort("arms", "desc", modules) == Sort("arms", "desc")
    assert parse_sort(None, None, modules) == Sort("name", "asc")
    bad = parse_sort("'; drop table", "asc", modules)
    assert bad.key == "name" and "Cannot sort by" in bad.error and "history" in bad.error
    assert parse_sort("arms", "sideways", modules).direction == "asc"
    assert Sort("arms", "desc").next_direction("arms") == "asc"
    assert Sort("name", "asc").next_direction("arms") == "desc"


@pytest.mark.parametrize(
    ("raw", "number", "message"),
    [(None, 1, None), ("", 1, None), ("2", 2, None), ("3", 3, None),
     ("abc", 1, "“abc” is not a page number; showing page 1."),
     ("0", 1, "There is no page 0; showing page 1."),
     ("-1", 1, "There is no page -1; showing page 1."),
     ("99999", 3, "There is no page 99999 (the class fills 3 pages)."),
     ("1.5", 1, "“1.5” is not a page number; showing page 1."),
     ("9" * 5000, 1, "“9999999999999999999…” is not a page number; showing page 1.")],
)  # fmt: skip
def test_parse_page_clamps_with_a_message(raw, number, message):
    """101 students at 50 a page fill 3 pages; anything else shows the nearest real page."""
    page = parse_page(raw, 101)
    assert (page.number, page.error) == (number, message)
    assert 1 <= page.first <= page.last <= 101


def test_page_bounds():
    assert (Page(3, 50, 101).first, Page(3, 50, 101).last, Page(3, 50, 101).count) == (101, 101, 3)
    empty = parse_page("2", 0)
    assert (empty.number, empty.count, empty.first, empty.last) == (1, 1, 0, 0)
    assert empty.error == "There is no page 2 (the class fills 1 page)."


def test_join_codes():
    codes = {new_join_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(c) == CODE_LENGTH and set(c) <= set(CODE_ALPHABET) for c in codes)
    assert not set("01OIL5S") & set(CODE_ALPHABET)
    assert normalise_code(" abcd-efgh ") == "ABCDEFGH"
    assert normalise_code(None) == ""
    assert display_code("ABCDEFGH") == "ABCD-EFGH"


def test_csv_quotes_and_file_names():
    table = Table("x.csv", ["Question", "Facility %"], [['Say "hi", then, go', "70.00"]])
    text = to_csv(table)
    assert list(csv.reader(io.StringIO(text))) == [table.header, table.rows[0]]
    assert slugify("Year 9 – History, B!") == "year-9-history-b" and slugify("–") == "report"
