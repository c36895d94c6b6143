"""GIFT import: every feature of the reference, and Moodle's errors with their lines."""

from __future__ import annotations

import pytest

from quizapp.bank.formats import parse

from .samples import by_id, issues, parse_file


@pytest.fixture(scope="module")
def basics():
    return parse_file("gift", "gift/korea_basics.gift")


def test_basics_reads_every_question_with_its_line(basics):
    assert basics.errors == [] and basics.skipped == []
    assert [q.line for q in basics.questions] == [8, 15, 17, 19, 24, 26, 32, 37]


def test_title_becomes_id_and_comment_adds_evidence(basics):
    question = basics.questions[0].data
    assert question == {
        "id": "soviet-backing",
        "type": "single_choice",
        "prompt": "With whose backing was North Korea formed?",
        "points": 1,
        "choices": [
            {
                "text": "The Soviet Union",
                "credit": 1,
                "feedback": "Right: it was formed in the early Cold War.",
            },
            {"text": "China", "credit": 0, "feedback": "China helped later, in the Korean War."},
            {"text": "Japan", "credit": 0},
        ],
        "explanation": "The Soviet Union backed the new state from 1948.",
        "evidence": [
            "formed in the early days of the Cold War with the backing of the Soviet Union"
        ],
        "category": "$course$/top/Korea/History",
    }


def test_categories_switch_and_are_listed(basics):
    assert basics.categories == ["$course$/top/Korea/History", "$course$/top/Korea/Geography"]
    assert by_id(basics)["founder"]["category"] == "$course$/top/Korea/History"
    assert by_id(basics)["dmz-width"]["category"] == "$course$/top/Korea/Geography"


def test_missing_word_block_becomes_a_blank(basics):
    question = by_id(basics)["capital-missing-word"]
    assert question["prompt"] == (
        "The capital of North Korea is _____ and it lies on the Taedong river."
    )
    assert [c["credit"] for c in question["choices"]] == [1, 0, 0]


def test_true_false_feedback_goes_to_the_value_that_was_picked(basics):
    question = by_id(basics)["armistice"]
    assert question["answer"] is False
    # {FALSE#fb1#fb2}: fb1 is shown to whoever picked the wrong value, here "true".
    assert question["feedback_true"] == "Wrong: there was only an armistice."
    assert question["feedback_false"] == "Right: no treaty was ever signed."


def test_true_false_true_answer_mapping():
    question = parse("gift", "Sun is a star.{TRUE#Wrong pick#Right pick}").questions[0].data
    assert (question["answer"], question["feedback_true"], question["feedback_false"]) == (
        True,
        "Right pick",
        "Wrong pick",
    )


def test_short_answer_with_unicode(basics):
    answers = by_id(basics)["founder"]["answers"]
    assert [a["text"] for a in answers] == ["Kim", "김일성", "Kim Il-sung"]
    assert {a["credit"] for a in answers} == {1}


def test_numeric_value_and_tolerance(basics):
    assert by_id(basics)["dmz-width"]["answers"] == [{"value": 4, "tolerance": 0.5, "credit": 1}]


def test_matching_with_distractor(basics):
    question = by_id(basics)["match-cities"]
    assert question["pairs"] == [
        {"left": "Pyongyang", "right": "North Korea"},
        {"left": "Seoul", "right": "South Korea"},
    ]
    assert question["distractors"] == ["Japan"]


def test_escapes(basics):
    question = by_id(basics)["escapes"]
    assert question["prompt"] == (
        "Braces { and }, an equals sign = , tilde ~, hash #, colon : and a backslash \\ - then "
        "a\nnew line."
    )
    assert question["choices"] == [
        {"text": "a=b {x}", "credit": 1, "feedback": "fb with # hash"},
        {"text": "c~d", "credit": 0},
    ]


def test_unicode_and_accents(basics):
    question = by_id(basics)["unicode"]
    assert question["prompt"] == "Quelle est la capitale de la Corée du Sud? 대한민국의 수도는?"
    assert question["choices"][0] == {"text": "서울", "credit": 1, "feedback": "맞아요!"}
    assert question["choices"][2]["text"] == "Séoul-à-côté"


def test_partial_credit_weights_and_negative_weights():
    result = parse_file("gift", "gift/partial_credit.txt")
    questions = by_id(result)
    assert result.errors == []
    dynasties = questions["which-are-korean-dynasties"]
    assert dynasties["type"] == "multiple_response"
    assert [c["credit"] for c in dynasties["choices"]] == [0.5, 0.5, -1, -0.3333333]
    assert questions["thirds"]["type"] == "multiple_response"
    assert [c["credit"] for c in questions["thirds"]["choices"]] == [0.3333333] * 3 + [-0.5]
    single = questions["single-with-partial"]
    assert single["type"] == "single_choice"
    assert [c["credit"] for c in single["choices"]] == [1, 0.5, 0]
    surname = questions["surname-weighted"]["answers"]
    assert [(a["text"], a["credit"]) for a in surname] == [
        ("Kim Jong-il", 1),
        ("Kim", 0.5),
        ("Kim Il-sung", 0),
    ]


def test_numeric_ranges_weights_and_catch_all():
    result = parse_file("gift", "gift/partial_credit.txt")
    questions = by_id(result)
    assert questions["range"]["answers"] == [{"value": 3.1415, "tolerance": 0.0005, "credit": 1}]
    assert questions["weighted-numbers"]["answers"] == [
        {"value": 1950, "tolerance": 0, "credit": 1, "feedback": "Exactly."},
        {"value": 1950, "tolerance": 1, "credit": 0.5, "feedback": "Within a year."},
    ]
    assert questions["negative-numbers"]["answers"] == [
        {"value": -26.5, "tolerance": 1.5, "credit": 1}
    ]
    assert issues(result.warnings) == [
        (34, "catch-all wrong-answer feedback (~#...) dropped: the app has no catch-all answer")
    ]


def test_moodle_export_html_formats_essay_and_description_skipped():
    result = parse_file("gift", "gift/moodle_export.txt")
    assert result.errors == []
    assert issues(result.skipped) == [
        (15, "essay questions are not supported"),
        (19, "description (no answer block)"),
    ]
    questions = by_id(result)
    assert questions["division"]["prompt"] == (
        "<p>In which year was Korea divided into two states?</p>"
    )
    assert questions["division"]["choices"][0] == {
        "text": "<p>1948</p>",
        "credit": 1,
        "feedback": "<p>Correct.</p>",
    }
    assert questions["armistice-year"]["explanation"] == "<p>27 July 1953.</p>"
    assert questions["leader"]["prompt"] == "Who is the current leader?"
    assert questions["population"]["prompt"] == "Population of North Korea, in millions?"
    assert result.categories == ["$course$/top/Default for KOR101"]


def test_id_comes_from_id_comment_when_there_is_no_title():
    text = "// [id:KOR-7] [tag:war]\nWhen did the war end?{#1953}\n"
    assert parse("gift", text).questions[0].data["id"] == "kor-7"


def test_question_without_title_has_no_id():
    assert "id" not in parse("gift", "Is it?{T}").questions[0].data


def test_unclosed_brace_reports_line_7():
    result = parse_file("gift", "gift/unclosed_brace.gift")
    assert issues(result.errors) == [
        (7, "Could not find {...} around answers: this '{' is never closed")
    ]
    assert [q.data["id"] for q in result.questions] == ["good", "also-good"]


def test_structural_errors_with_moodle_messages_and_lines():
    result = parse_file("gift", "gift/structural_errors.gift")
    assert result.questions == []
    assert issues(result.errors) == [
        (1, "There are not enough answers for this question type"),
        (3, "Matching question answers are improperly formatted"),
        (5, "Numerical answer must be a number, got 'abc'"),
        (7, "No answers found for numerical question"),
        (9, "Could not find {...} around answers: '}' without an opening '{'"),
        (11, "Answer weight %150% must be between -100% and 100%"),
        (13, "Question name is not closed with '::'"),
    ]


def test_error_line_points_at_the_answer_inside_a_block():
    text = "::Q::Year?{#\n=1950\n=%50%nineteen fifty\n}"
    assert issues(parse("gift", text).errors) == [
        (3, "Numerical answer must be a number, got 'nineteen fifty'")
    ]


def test_second_brace_before_closing_is_an_error_at_the_opening_line():
    result = parse("gift", "Which?\n{=a ~b\n{=c}")
    assert issues(result.errors) == [
        (
            2,
            "Could not find {...} around answers: this '{' is not "
            "closed before the next '{' on line 3",
        )
    ]


def test_ordering_extension_is_skipped_not_misread():
    result = parse_file("gift", "gift/ordering_extension.gift")
    assert issues(result.skipped) == [
        (2, "ordering questions ({>...}, the qtype_ordering GIFT extension) are not supported")
    ]
    assert [q.data["id"] for q in result.questions] == ["fine"]


@pytest.mark.parametrize(
    ("block", "qtype"),
    [
        ("{=a ~b}", "single_choice"),
        ("{~%100%a ~b}", "multiple_response"),
        ("{=a =b}", "short_answer"),
        ("{cat}", "short_answer"),
        ("{=a -> b =c -> d}", "matching"),
        ("{T}", "true_false"),
        ("{FALSE}", "true_false"),
        ("{true}", "short_answer"),  # Moodle only knows T, TRUE, F, FALSE
        ("{#5}", "numeric"),
    ],
)
def test_type_detection_follows_moodle_order(block, qtype):
    assert parse("gift", "Q " + block).questions[0].data["type"] == qtype


def test_full_credit_marker_may_carry_an_explicit_weight():
    choices = parse("gift", "Q{=%100%a ~b}").questions[0].data["choices"]
    assert choices == [{"text": "a", "credit": 1}, {"text": "b", "credit": 0}]


def test_format_markers_are_dropped_and_text_kept():
    question = parse("gift", "[markdown]**Bold** question{=[plain]yes ~no####[html]<b>x</b>}")
    data = question.questions[0].data
    assert data["prompt"] == "**Bold** question"
    assert data["choices"][0]["text"] == "yes"
    assert data["explanation"] == "<b>x</b>"


def test_app_comment_extensions_points_unit_shuffle():
    text = (
        "// points: 2.5\n// unit: km\n::Far::How far?{#10}\n\n"
        "// shuffle: false\n::Pick::Pick{=a ~b}\n\n// points: lots\n::Bad::Q{T}\n"
    )
    result = parse("gift", text)
    far, pick = (q.data for q in result.questions)
    assert (far["points"], far["unit"]) == (2.5, "km")
    assert pick["shuffle"] is False
    assert issues(result.errors) == [(8, "points must be a number, got 'lots'")]


def test_evidence_comment_separated_by_blank_line_is_reported():
    result = parse("gift", "// evidence: lost quote\n\nQ{T}")
    assert result.questions[0].data["evidence"] == []
    assert result.warnings[0].line == 1


def test_crlf_and_trailing_spaces():
    result = parse("gift", "::A::One?{T}  \r\n\r\n::B::Two?{F}\r\n")
    assert [(q.line, q.data["id"]) for q in result.questions] == [(1, "a"), (3, "b")]


def test_reserved_private_use_character_is_refused():
    result = parse("gift", "Q{T}\n\nBad \U000f003d here{T}")
    assert result.errors[0].line == 3


def test_category_line_followed_by_a_question_in_the_same_paragraph():
    result = parse("gift", "$CATEGORY: Geo\n::Q::Is Seoul in the south?{T}\n")
    assert result.categories == ["Geo"]
    assert [(q.line, q.data["category"]) for q in result.questions] == [(2, "Geo")]


def test_format_marker_on_the_right_of_a_matching_pair_is_text_as_in_moodle():
    pairs = parse("gift", "M{=[html]a -> [html]b =c -> d}").questions[0].data["pairs"]
    assert pairs[0] == {"left": "a", "right": "[html]b"}
