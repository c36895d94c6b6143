"""Export then import gives back the same question dicts, for every type and format."""

from __future__ import annotations

import copy
import xml.etree.ElementTree as ET

import pytest

from quizapp.bank.formats import canonical_question, export, parse

from .samples import MODULE, QUESTIONS, parse_file

GIFT_TYPES = {
    "single_choice",
    "multiple_response",
    "true_false",
    "short_answer",
    "numeric",
    "matching",
}


def roundtrip(fmt: str, module: dict) -> tuple[list[dict], object]:
    exported = export(fmt, module)
    result = parse(fmt, exported.text)
    assert result.errors == [], result.errors
    return [q.data for q in result.questions], (exported, result)


# 7 types in YAML and Moodle XML, 6 in GIFT (ordering has no GIFT form, tested below).
@pytest.mark.parametrize(
    ("fmt", "question"),
    [
        pytest.param(fmt, q, id=f"{fmt}-{q['type']}")
        for fmt in ("yaml", "gift", "moodle-xml")
        for q in QUESTIONS
        if fmt != "gift" or q["type"] in GIFT_TYPES
    ],
)
def test_each_type_round_trips(fmt, question):
    got, (exported, _) = roundtrip(fmt, {**MODULE, "questions": [question]})
    assert got == [canonical_question(question)]
    assert exported.warnings == []


@pytest.mark.parametrize("fmt", ["yaml", "gift", "moodle-xml"])
def test_whole_module_round_trips_with_its_metadata(fmt):
    got, (_, result) = roundtrip(fmt, MODULE)
    expected = [canonical_question(q) for q in QUESTIONS]
    if fmt == "gift":
        expected = [q for q in expected if q["type"] in GIFT_TYPES]
    assert got == expected
    assert {k: result.module[k] for k in ("slug", "title", "description")} == {
        k: MODULE[k] for k in ("slug", "title", "description")
    }


def test_credits_survive_within_1e_6():
    for fmt in ("yaml", "gift", "moodle-xml"):
        got, _ = roundtrip(fmt, {**MODULE, "questions": [QUESTIONS[1]]})
        credits = [c["credit"] for c in got[0]["choices"]]
        expected = [c["credit"] for c in QUESTIONS[1]["choices"]]
        assert credits == pytest.approx(expected, abs=1e-6)


def test_gift_ordering_is_a_comment_and_a_warning():
    exported = export("gift", {**MODULE, "questions": [QUESTIONS[5]]})
    assert "// ordering question events cannot be written as GIFT" in exported.text
    assert exported.warnings == [
        "question 1 (events): ordering questions cannot be written as GIFT; left out"
    ]
    assert parse("gift", exported.text).questions == []


def test_gift_export_looks_like_moodles():
    text = export("gift", MODULE).text
    assert "// question: 1  name: soviet-backing\n" in text
    assert "$CATEGORY: $course$/top/History // Politics\n" in text
    assert "::soviet-backing::[markdown]With whose backing was {\n" in text
    assert "\t~%33.33333%China#Later, in the Korean War.\n" in text
    assert "\t=%100%Kim Il-sung\n" in text
    assert "{FALSE#No\\: only an armistice.#Right.}" in text
    assert "\t=%100%250:10#Yes.\n" in text
    assert "\t= -> 1953-1960\n" in text
    assert "// evidence: a back\\\\slash quote\n" in text
    assert "\t####In the author's words\\:\\n\\n* Markdown \\~ allowed \\= yes\n" in text


def test_moodle_xml_export_is_well_formed_with_moodle_fields():
    text = export("moodle-xml", MODULE).text
    root = ET.fromstring(text)
    assert root.tag == "quiz"
    category, *questions = root.findall("question")
    assert category.get("type") == "category"
    assert category.findtext("category/text") == "$course$/top/History // Politics"
    assert [q.get("type") for q in questions] == [
        "multichoice",
        "multichoice",
        "truefalse",
        "shortanswer",
        "numerical",
        "ordering",
        "matching",
    ]
    first = questions[0]
    assert first.find("questiontext").get("format") == "markdown"
    assert first.findtext("defaultgrade") == "2"
    assert [a.get("fraction") for a in first.findall("answer")] == ["100", "33.33333", "0"]
    assert first.findtext("evidence/text") == "formed in the early days of the Cold War"
    assert questions[4].findtext("answer/tolerance") == "10"
    assert questions[4].findtext("units/unit/unit_name") == "km"
    assert [a.get("fraction") for a in questions[5].findall("answer")] == ["1", "2", "3"]
    assert questions[6].findall("subquestion")[2].findtext("text") == ""


def test_credit_outside_moodles_list_is_written_with_a_warning():
    question = copy.deepcopy(QUESTIONS[1])
    question["choices"][0]["credit"] = 0.35
    exported = export("moodle-xml", {**MODULE, "questions": [question]})
    assert 'fraction="35"' in exported.text
    assert "not one of Moodle's grades" in exported.warnings[0]


def test_question_categories_are_written_and_read_back():
    questions = [{**QUESTIONS[2], "category": "$course$/top/Extra"}, QUESTIONS[3]]
    for fmt in ("gift", "moodle-xml"):
        got, (exported, result) = roundtrip(fmt, {**MODULE, "questions": questions})
        assert got == [canonical_question(q) for q in questions]
        assert result.categories == ["$course$/top/History // Politics", "$course$/top/Extra"]
        assert "category" not in got[1]  # back in the module's own category


@pytest.mark.parametrize(
    ("fmt", "relative"),
    [
        ("gift", "gift/korea_basics.gift"),
        ("gift", "gift/partial_credit.txt"),
        ("moodle-xml", "xml/moodle_export.xml"),
        ("moodle-xml", "xml/multiresponse.xml"),
        ("aiken", "aiken/capitals.txt"),
        ("csv", "csv/all_types.csv"),
        ("yaml", "yaml/module.yaml"),
    ],
)
@pytest.mark.parametrize("target", ["yaml", "gift", "moodle-xml"])
def test_imported_fixtures_survive_re_export(fmt, relative, target):
    questions = [q.data for q in parse_file(fmt, relative).questions]
    if target == "gift":
        questions = [q for q in questions if q["type"] in GIFT_TYPES]
    got, _ = roundtrip(target, {"slug": "m", "title": "M", "questions": questions})
    if target == "moodle-xml":
        # Moodle needs a name: a question without an id is named after its prompt, and comes
        # back with the id made from that name.
        got = [
            g if "id" in q else {k: v for k, v in g.items() if k != "id"}
            for g, q in zip(got, questions, strict=True)
        ]
    assert got == questions
