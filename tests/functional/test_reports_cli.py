"""`flask --app quizapp report NAME --module SLUG [--class CLASS] --format csv|json`."""

from __future__ import annotations

import csv
import io
import json

import pytest

from quizapp.classes import display_code
from tests.unit.test_reports_items import HAND, build_known


@pytest.fixture
def known(app, teacher):
    return build_known(teacher)


def invoke(runner, *args: str):
    return runner.invoke(args=["report", *args])


def test_item_analysis_json_is_one_object_per_question_in_percent(runner, known):
    result = invoke(runner, "item-analysis", "--module", "history", "--class", str(known.id),
                    "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert isinstance(data, list) and [d["key"] for d in data] == list(HAND)[:1] + [
        "war-end-year",
        "cool-start",
    ]
    for item in data:
        assert item["prompt"] and item["n"] == 5
        for name, value in HAND[item["key"]].items():
            assert item[name] == value, (item["key"], name)
    assert data[0]["options"][0] == {
        "label": "The South and its US and UN allies",
        "correct": True,
        "picked": 60.0,
    }


def test_class_by_join_code_and_csv_matches_the_download(runner, known, teacher_client):
    code = display_code(known.join_code).lower()
    result = invoke(runner, "item-analysis", "--module", "history", "--class", code)
    assert result.exit_code == 0, result.output
    download = teacher_client.get(f"/reports/classes/{known.id}/modules/history/items.csv")
    assert result.output.splitlines() == download.text.splitlines()  # the runner folds \r\n
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert rows[0]["Facility %"] == "70.00" and rows[2]["Discrimination %"] == "-14.00"


def test_without_a_class_every_student_counts(runner, known):
    result = invoke(runner, "item-analysis", "--module", "history", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.output)[0]["n"] == 6  # G is in no class


def test_class_overview_csv_and_json(runner, known):
    result = invoke(runner, "class-overview", "--module", "history", "--class", str(known.id))
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.output)))
    assert rows[0] == ["Student", "Email", "history best %", "history attempts"]
    assert rows[1] == ["A", "a@example.com", "75.0", "2"]  # 3 of 4 marks; 2 submitted attempts
    assert ["F", "f@example.com", "in progress", "0"] in rows
    everything = invoke(runner, "class-overview", "--class", str(known.id), "--format", "json")
    data = json.loads(everything.output)
    assert data["modules"] == ["history", "arms", "gifts", "quirks"]
    assert data["students"][0]["modules"]["history"] == {
        "best": 75.0,
        "attempts": 2,
        "status": "done",
    }
    assert data["students"][0]["modules"]["arms"]["status"] == "not-started"
    assert data["averages"]["history"]["started"] == 6


def test_passages_json(runner, known):
    result = invoke(runner, "passages", "--module", "history", "--class", str(known.id),
                    "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    cited = [p for p in data if p["questions"]]
    assert cited and all(p["label"] for p in data)
    assert any(p["success"] is not None for p in cited)
    assert all(p["success"] is None for p in data if not p["questions"])
    csv_result = invoke(runner, "passages", "--module", "history", "--class", str(known.id))
    assert csv_result.output.startswith("Anchor,Kind,Passage,Questions,Responses,Success %")


@pytest.mark.parametrize(
    ("args", "message"),
    [(["item-analysis", "--module", "nope"], "no module 'nope'"),
     (["item-analysis"], "needs --module"),
     (["passages", "--module", "history", "--class", "ZZZZ-ZZZZ"], "no class with id or join"),
     (["class-overview", "--class", "9999"], "no class with id or join code '9999'")],
)  # fmt: skip
def test_unknown_module_or_class_exits_with_1(runner, known, args, message):
    result = invoke(runner, *args)
    assert result.exit_code == 1
    assert message in result.output


def test_unknown_report_name_is_a_usage_error(runner, app):
    result = invoke(runner, "nonsense", "--module", "history")
    assert result.exit_code == 2 and "nonsense" in result.output


def test_a_class_number_too_large_is_a_clean_error(runner):
    result = runner.invoke(
        args=["report", "class-overview", "--class", "9" * 25, "--format", "csv"]
    )
    assert result.exit_code == 1
    assert "no class with id or join code" in result.output
