"""Grading and response reading for each question type (pure: no app, no database)."""

import random

import pytest
from werkzeug.datastructures import MultiDict

from quizapp.bank.schema import normalise_question, validate_question
from quizapp.grading import Asked, grade_attempt
from quizapp.question_types import REGISTRY, ResponseError, get_type
from quizapp.question_types.numeric import parse_number
from quizapp.question_types.short_answer import normalise_text


def q(type_id: str, **keys) -> dict:
    """A normalised question of `type_id` with the given type-specific keys."""
    data = {"type": type_id, "prompt": "P?", "explanation": "E.", "evidence": ["x"], **keys}
    assert validate_question(data) == [], validate_question(data)
    return normalise_question(data)


SINGLE = q(
    "single_choice",
    choices=[
        {"text": "Vladivostok", "credit": 1, "feedback": "Yes."},
        {"text": "Moscow", "credit": 0.5, "feedback": "Close: the capital."},
        {"text": "Hanoi"},
    ],
)
MULTI = q(
    "multiple_response",
    choices=[
        {"text": "shells", "credit": 0.5},
        {"text": "rockets", "credit": 0.5},
        {"text": "grain", "credit": -0.5},
        {"text": "oil", "credit": -0.5},
    ],
)
SHORT = q(
    "short_answer",
    answers=[
        {"text": "Vladivostok", "credit": 1},
        {"text": "Vladivostock", "credit": 0.5},
    ],
)
NUMERIC = q(
    "numeric",
    answers=[
        {"value": 12, "tolerance": 0, "credit": 1},
        {"value": 12, "tolerance": 2, "credit": 0.5},
    ],
)
ORDER = q("ordering", items=["Korean War", "2018 inter-Korea summit", "Hanoi", "Vladivostok"])
MATCH = q(
    "matching",
    pairs=[
        {"left": "sword", "right": "Kim"},
        {"left": "sabre", "right": "Putin"},
        {"left": "tea service", "right": "Putin"},
    ],
    distractors=["Shoigu"],
)
TF = q("true_false", answer=True, feedback_false="It is true.")


def credit(data, answer) -> float:
    return get_type(data["type"]).grade(data, answer).credit


def test_registry_has_the_eight_types():
    assert set(REGISTRY) == {
        "cloze",
        "single_choice",
        "multiple_response",
        "true_false",
        "short_answer",
        "numeric",
        "ordering",
        "matching",
    }


class TestSingleChoice:
    def test_full_partial_and_wrong_credit(self):
        assert credit(SINGLE, 0) == 1
        assert credit(SINGLE, 1) == 0.5
        assert credit(SINGLE, 2) == 0

    def test_out_of_range_or_garbage_scores_zero(self):
        assert credit(SINGLE, 7) == 0 and credit(SINGLE, "0") == 0 and credit(SINGLE, None) == 0

    def test_feedback_of_the_pick(self):
        assert get_type("single_choice").grade(SINGLE, 1).feedback == ("Close: the capital.",)

    @pytest.mark.parametrize(
        "choices, message",
        [
            ([{"text": "a", "credit": 1}, {"text": "b", "credit": 1}], "exactly one correct"),
            ([{"text": "a"}, {"text": "b"}], "exactly one correct"),
            ([{"text": "a", "credit": 1}], "at least 2"),
            ([{"text": "a", "credit": 1}, {"text": "a"}], "same text"),
            ([{"text": "a", "credit": 1}, {"text": "b", "credit": 2}], "between 0 and 1"),
        ],
    )
    def test_inconsistent_keys_are_refused(self, choices, message):
        errors = get_type("single_choice").validate({"choices": choices})
        assert any(message in e for e in errors), errors

    def test_display_order_maps_back_to_the_choice(self):
        qtype = get_type("single_choice")
        layout = {"order": [2, 0, 1]}
        assert qtype.read_response(SINGLE, layout, MultiDict({"q1": "1"}), "q1") == 0
        assert qtype.read_response(SINGLE, layout, MultiDict({"q1": ""}), "q1") is None
        with pytest.raises(ResponseError):
            qtype.read_response(SINGLE, layout, MultiDict({"q1": "9"}), "q1")


class TestMultipleResponse:
    def test_partial_credit_and_wrong_picks_cost(self):
        assert credit(MULTI, [0, 1]) == 1
        assert credit(MULTI, [0]) == 0.5
        assert credit(MULTI, [0, 1, 2]) == 0.5
        assert credit(MULTI, [0, 2]) == 0

    def test_never_below_zero(self):
        assert credit(MULTI, [2, 3]) == 0
        assert credit(MULTI, [0, 1, 2, 3]) == 0

    def test_correct_credits_must_add_up_to_one(self):
        errors = get_type("multiple_response").validate(
            {"choices": [{"text": "a", "credit": 0.5}, {"text": "b", "credit": 0.3}]}
        )
        assert any("add up to 1" in e for e in errors)

    def test_reads_every_ticked_box(self):
        qtype = get_type("multiple_response")
        form = MultiDict([("q2", "0"), ("q2", "3")])
        assert qtype.read_response(MULTI, {"order": [1, 0, 2, 3]}, form, "q2") == [1, 3]


class TestTrueFalse:
    def test_grading_and_feedback(self):
        assert credit(TF, True) == 1 and credit(TF, False) == 0
        assert get_type("true_false").grade(TF, False).feedback == ("It is true.",)

    def test_refuses_other_values(self):
        with pytest.raises(ResponseError):
            get_type("true_false").read_response(TF, {}, MultiDict({"q": "yes"}), "q")
        assert get_type("true_false").validate({"answer": "true"}) == [
            "'answer' must be true or false"
        ]


class TestShortAnswer:
    @pytest.mark.parametrize(
        "typed", ["Vladivostok", "  vladivostok ", "VLADIVOSTOK!", "Vladivóstok", "«Vladivostok»"]
    )
    def test_case_spaces_punctuation_and_diacritics_do_not_count(self, typed):
        assert credit(SHORT, typed) == 1

    def test_misspelling_for_part_credit_and_wrong_for_none(self):
        assert credit(SHORT, "vladivostock") == 0.5
        assert credit(SHORT, "Moscow") == 0
        assert credit(SHORT, "") == 0

    def test_wildcard(self):
        data = q("short_answer", answers=[{"text": "Kim Yo*", "credit": 1}])
        assert credit(data, "kim yo jong") == 1 and credit(data, "Kim Jong Un") == 0

    def test_normalise_text(self):
        assert normalise_text("  Ms. Kim-Yo  Jong ") == "ms kim yo jong"

    def test_needs_a_full_credit_answer(self):
        errors = get_type("short_answer").validate({"answers": [{"text": "a", "credit": 0.5}]})
        assert errors == ["at least one accepted answer must have credit 1"]


class TestNumeric:
    def test_exact_close_and_far(self):
        assert credit(NUMERIC, "12") == 1
        assert credit(NUMERIC, "13.5") == 0.5
        assert credit(NUMERIC, "14") == 0.5
        assert credit(NUMERIC, "15") == 0

    @pytest.mark.parametrize(
        "text, value",
        [("12", 12), (" 12.5 ", 12.5), ("20,000", 20000), ("−3", -3), ("1e3", 1000), (".5", 0.5)],
    )
    def test_parse_number(self, text, value):
        assert parse_number(text) == value

    @pytest.mark.parametrize("text", ["twelve", "12abc", "1,2,3", "", "-", "inf", "nan"])
    def test_not_numbers(self, text):
        assert parse_number(text) is None

    def test_non_number_is_a_clear_response_error(self):
        with pytest.raises(ResponseError, match="is not a number"):
            get_type("numeric").read_response(NUMERIC, {}, MultiDict({"q": "twelve"}), "q")

    def test_negative_tolerance_is_refused(self):
        errors = get_type("numeric").validate({"answers": [{"value": 1, "tolerance": -1}]})
        assert "answer 1: tolerance cannot be negative" in errors


class TestOrdering:
    def test_exact_order_is_full_credit(self):
        assert credit(ORDER, [0, 1, 2, 3]) == 1

    def test_pairs_in_order_give_part_credit(self):
        assert credit(ORDER, [1, 0, 2, 3]) == pytest.approx(5 / 6)
        assert credit(ORDER, [3, 2, 1, 0]) == 0

    def test_not_a_permutation_scores_zero(self):
        assert credit(ORDER, [0, 0, 1, 2]) == 0 and credit(ORDER, [0, 1]) == 0

    def test_needs_three_items(self):
        assert get_type("ordering").validate({"items": ["a", "b"]}) == [
            "an ordering needs at least 3 items"
        ]

    def test_never_starts_in_the_right_order(self):
        qtype = get_type("ordering")
        for seed in range(50):
            assert qtype.layout(ORDER, random.Random(seed))["order"] != [0, 1, 2, 3]

    def test_reads_positions_and_refuses_duplicates(self):
        qtype = get_type("ordering")
        layout = {"order": [2, 0, 3, 1]}
        form = MultiDict({"q-0": "3", "q-1": "1", "q-2": "4", "q-3": "2"})
        assert qtype.read_response(ORDER, layout, form, "q") == [0, 1, 2, 3]
        dup = MultiDict({"q-0": "1", "q-1": "1", "q-2": "4", "q-3": "2"})
        with pytest.raises(ResponseError, match="different position"):
            qtype.read_response(ORDER, layout, dup, "q")


class TestMatching:
    def test_each_correct_pair_counts(self):
        assert credit(MATCH, [0, 1, 1]) == 1
        assert credit(MATCH, [0, 1, 2]) == pytest.approx(2 / 3)
        assert credit(MATCH, [2, 2, 2]) == 0
        assert credit(MATCH, [0, None, None]) == pytest.approx(1 / 3)

    def test_shared_right_answers_are_offered_once(self):
        view = get_type("matching").view(MATCH, {"left": [0, 1, 2], "right": [0, 1, 2]})
        assert sorted(text for _pos, text in view["options"]) == ["Kim", "Putin", "Shoigu"]

    def test_needs_two_pairs(self):
        errors = get_type("matching").validate({"pairs": [{"left": "a", "right": "b"}]})
        assert errors == ["a matching question needs at least 2 pairs"]


@pytest.mark.parametrize(
    "data", [SINGLE, MULTI, SHORT, NUMERIC, ORDER, MATCH, TF], ids=lambda d: d["type"]
)
def test_model_answer_earns_full_credit_and_view_hides_the_key(data):
    qtype = get_type(data["type"])
    assert credit(data, qtype.model_answer(data)) == 1
    view = repr(qtype.view(data, qtype.layout(data, random.Random(1))))
    assert "credit" not in view and "feedback" not in view and "'answer'" not in view


def test_grade_attempt_sums_marks_with_points():
    result = grade_attempt(
        [
            Asked("single_choice", SINGLE, 2.0, 1),  # half of 2 points
            Asked("true_false", TF, 1.0, True),
            Asked("numeric", NUMERIC, 1.0, None),  # unanswered
        ]
    )
    assert [m.mark for m in result.marked] == [1.0, 1.0, 0.0]
    assert (result.score, result.max_score) == (2.0, 4.0)
    assert result.percent == 50.0
