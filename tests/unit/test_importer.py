"""Planning an import (pure): keys, actions, article checks and BM25 suggestions."""

from pathlib import Path

import pytest

from quizapp.bank.formats import parse
from quizapp.bank.importer import plan_import
from quizapp.bank.schema import content_of, normalise_question
from quizapp.bank.suggest import sentences, suggest_evidence
from quizapp.content import read_articles

QUESTIONS = Path(__file__).resolve().parents[2] / "questions"


@pytest.fixture(scope="module")
def passages():
    article = read_articles(QUESTIONS)["000_f9639f57da9db820.txt"]
    return [b.text for b in article.blocks]


GIFT = """::guards::How many bodyguards jogged beside Kim's car? {#12}

Which city hosted Kim's cigarette break? {=Nanning}

Which city hosted Kim's cigarette break? {=Nanning =Nanning station}
"""


def test_keys_come_from_ids_or_prompts_and_are_unique(passages):
    plan = plan_import(parse("gift", GIFT), "quirks-extra", {}, passages, module_exists=False)
    assert plan.ok
    assert [q.key for q in plan.questions] == [
        "guards",
        "which-city-hosted-kim-s-cigarette",
        "which-city-hosted-kim-s-cigarette-2",
    ]
    assert all(q.action == "create" for q in plan.questions)
    assert plan.module_title == "Quirks Extra"


def test_existing_questions_are_updated_or_left_unchanged(passages):
    parsed = parse("gift", GIFT)
    first = normalise_question({**parsed.questions[0].data, "id": "guards"})
    changed = {**first, "prompt": "An older wording?"}
    unchanged = plan_import(parsed, "m", {"guards": content_of(first)}, passages)
    updated = plan_import(parsed, "m", {"guards": content_of(changed)}, passages)
    assert unchanged.questions[0].action == "unchanged"
    assert updated.questions[0].action == "update"


def test_quotes_must_be_in_the_article_and_rules_are_checked(passages):
    text = """// evidence: Kim rode a unicorn
::a::Where? {=Hanoi}

::b::Pick {~one ~two}
"""
    plan = plan_import(parse("gift", text), "m", {}, passages)
    assert not plan.ok
    messages = {(e.line, e.message) for e in plan.errors}
    assert (2, 'evidence quote not found in the article: "Kim rode a unicorn"') in messages
    assert any(line == 4 and "add up to 1" in m for line, m in messages)
    assert plan.questions == [q for q in plan.questions if q.line not in (2, 4)]


def test_empty_file_is_an_error(passages):
    plan = plan_import(parse("gift", "// only a comment\n"), "m", {}, passages)
    assert [e.message for e in plan.errors] == ["the file holds no questions to import"]


def test_suggestions_rank_the_right_sentence_first(passages):
    question = {
        "prompt": "Who held a crystal ashtray while Kim smoked at the station?",
        "choices": [{"text": "A railway official"}, {"text": "A bodyguard"}],
    }
    best, *others = suggest_evidence(question, passages)
    assert "crystal ashtray" in best.quote
    assert best.quote in passages[best.passage_index]
    assert len(others) == 2 and all(o.score < best.score for o in others)


def test_no_shared_words_means_no_suggestion(passages):
    assert suggest_evidence({"prompt": "Photosynthesis?"}, passages) == []


def test_sentences_split_on_sentence_ends():
    assert sentences("One. Two? “Three,” he said. four") == [
        "One.",
        "Two?",
        "“Three,” he said. four",
    ]
