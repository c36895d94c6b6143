"""Property-based: whatever a browser sends, reading it either gives an answer or a message for
the student (ResponseError), and grading any answer gives a credit between 0 and 1.

Every question of the seeded banks is used, with the layouts attempts store, plus the unit
tests' sample of each type.
"""

from __future__ import annotations

import math
import random
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from quizapp.bank.schema import normalise_question
from quizapp.grading import Asked, grade_one
from quizapp.question_types import Grade, ResponseError, get_type
from tests.unit.test_question_types import MATCH, MULTI, NUMERIC, ORDER, SHORT, SINGLE, TF

BOUNDED = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
QUESTIONS_DIR = Path(__file__).resolve().parents[3] / "questions"


def bank_questions() -> list[dict]:
    questions = [SINGLE, MULTI, SHORT, NUMERIC, ORDER, MATCH, TF]
    for path in sorted(QUESTIONS_DIR.glob("*.yaml")):
        questions += [normalise_question(q) for q in yaml.safe_load(path.read_text())["questions"]]
    return questions


QUESTIONS = bank_questions()
HOSTILE = st.one_of(
    st.sampled_from(
        [
            "",
            "0",
            "1",
            "2",
            "-1",
            "99",
            "1.5",
            "nan",
            "NaN",
            "inf",
            "-inf",
            "1e309",
            "9" * 400,
            "²",
            "١",
            "٣",
            "🔟",
            "0x1",
            " 1",
            "1\x00",
            "\x00",
            "true",
            "on",
            "<script>alert(1)</script>",
            "12,5",
            "1_000",
            "Vladivostok",
        ]
    ),  # fmt: skip
    st.text(max_size=30),
)


@st.composite
def forms(draw, name: str) -> MultiDict:
    keys = [name, *(f"{name}-{pos}" for pos in range(8)), f"{name}-x", "q0", "action"]
    pairs = draw(st.lists(st.tuples(st.sampled_from(keys), HOSTILE), max_size=12))
    return MultiDict(pairs)


JSONISH = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=10)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=6), st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=12,
)


def assert_sound(grade: Grade) -> None:
    assert isinstance(grade, Grade)
    assert math.isfinite(grade.credit) and 0 <= grade.credit <= 1, grade


@settings(BOUNDED, max_examples=400)
@given(question=st.sampled_from(QUESTIONS), data=st.data())
def test_reading_any_form_gives_an_answer_or_a_message(question, data):
    qtype = get_type(question["type"])
    layout = qtype.layout(question, random.Random(data.draw(st.integers(0, 10**6))))
    form = data.draw(forms("q3"))
    qtype.raw_values(layout, form, "q3")  # what the page shows again when it cannot be read
    try:
        answer = qtype.read_response(question, layout, form, "q3")
    except ResponseError as exc:
        assert str(exc)  # a message for the student
        return
    if answer is not None:
        assert_sound(qtype.grade(question, answer))
        qtype.describe_answer(question, answer)
        qtype.form_values(question, layout, answer)


@pytest.mark.parametrize("type_id", sorted({q["type"] for q in QUESTIONS}))
@BOUNDED
@given(answer=JSONISH)
def test_grading_any_stored_answer_gives_a_credit_between_0_and_1(type_id, answer):
    """An answer column holds JSON; whatever it holds, grading and describing it never raise."""
    question = next(q for q in QUESTIONS if q["type"] == type_id)
    marked = grade_one(Asked(type_id, question, 2.0, answer))
    assert_sound(marked.grade)
    get_type(type_id).describe_answer(question, answer)
