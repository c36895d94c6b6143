"""Every ordering question's key follows from the article alone.

Practice shows the evidence after each check, so each item's order must be stated by the
article: the evidence quotes (one per item, in key order) carry strictly increasing years,
and an undated item may only come last, as something the article says is still to come.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

QUESTIONS = Path(__file__).resolve().parents[2] / "questions"
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)s?\b")
STILL_TO_COME = ("will be", "coming days")


def ordering_questions():
    for bank in sorted(QUESTIONS.glob("*.yaml")):
        for question in yaml.safe_load(bank.read_text())["questions"]:
            if question["type"] == "ordering":
                yield pytest.param(question, id=f"{bank.stem}:{question['id']}")


@pytest.mark.parametrize("question", list(ordering_questions()))
def test_the_article_states_the_order(question):
    quotes = question["evidence"]
    assert len(quotes) == len(question["items"]), "one evidence quote per item, in key order"
    years = [int(m.group(1)) if (m := YEAR.search(q)) else None for q in quotes]
    dated = [y for y in years if y is not None]
    assert dated == sorted(dated) and len(set(dated)) == len(dated), (
        f"years {years}: two items in the same year are not ordered by the article"
    )
    for position, (year, quote) in enumerate(zip(years, quotes, strict=True)):
        if year is None:
            assert position == len(quotes) - 1, f"undated item before the last: {quote!r}"
            assert any(marker in quote for marker in STILL_TO_COME), quote


def test_the_history_timeline_no_longer_orders_two_2019_meetings():
    history = yaml.safe_load((QUESTIONS / "history.yaml").read_text())["questions"]
    timeline = next(q for q in history if q["id"] == "timeline")
    assert not any("Hanoi" in item for item in timeline["items"])
