"""The drafter's guarantees, on every article in the tests: evidence verbatim in its passage, the
key inside the evidence sentence, no distractor inside it, valid questions of registered types,
no duplicates of each other or of the module's existing questions."""

from __future__ import annotations

from collections import Counter
from itertools import combinations
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from quizapp.article import ingest
from quizapp.bank.loader import load_banks
from quizapp.bank.schema import normalise_question, validate_question
from quizapp.content import read_articles
from quizapp.drafting import ExistingQuestion, PassageText, draft_questions
from quizapp.drafting.dedup import key_parts, norm, same_draft
from quizapp.evidence import locate
from quizapp.question_types import REGISTRY, get_type

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "questions" / "000_f9639f57da9db820.txt"
ARTICLES = [SEED, *sorted((ROOT / "tests").glob("**/data/*.txt"))]
ARTICLES = [p for p in ARTICLES if "encoding" not in p.parts]  # decoding fixtures, not articles


def passages(path: Path) -> list[PassageText]:
    return [PassageText(b.anchor, b.kind, b.text) for b in ingest(path.read_text("utf-8")).blocks]


def drafts_of(path: Path, existing=()):
    return draft_questions(passages(path), existing)


@pytest.fixture(scope="module", params=ARTICLES, ids=lambda p: p.name)
def article(request):
    path = request.param
    return path, {p.anchor: p.text for p in passages(path)}, drafts_of(path)


def test_there_are_at_least_two_articles():
    assert len(ARTICLES) >= 2 and SEED in ARTICLES


def test_evidence_is_verbatim_in_its_passage(article):
    _path, texts, drafts = article
    assert drafts
    for draft in drafts:
        assert draft.evidence in texts[draft.passage], draft
        assert draft.question["evidence"] == [draft.evidence]
        hit = locate(draft.evidence, list(texts.values()))
        assert hit is not None


def test_every_key_is_inside_its_evidence_and_no_distractor_is(article):
    _path, _texts, drafts = article
    for draft in drafts:
        assert draft.keys and all(key in draft.evidence for key in draft.keys), draft
        for wrong in draft.distractors:
            assert wrong.casefold() not in draft.evidence.casefold(), draft
            assert wrong not in draft.keys


def test_drafts_are_valid_questions_of_registered_types(article):
    _path, _texts, drafts = article
    for draft in drafts:
        assert draft.type in REGISTRY and draft.question["type"] == draft.type
        assert validate_question(draft.question) == [], draft
        data = normalise_question(draft.question)
        qtype = get_type(draft.type)
        assert qtype.grade(data, qtype.model_answer(data)).credit == 1


def test_the_key_is_what_the_question_asks(article):
    _path, _texts, drafts = article
    for draft in drafts:
        q = draft.question
        if draft.type == "single_choice":
            right = [c["text"] for c in q["choices"] if c["credit"] == 1]
            assert right == [draft.key]
            assert {c["text"] for c in q["choices"]} - {draft.key} == set(draft.distractors)
        elif draft.type == "cloze":
            answers = [g["answers"][0].get("text", g["answers"][0].get("value")) for g in q["gaps"]]
            assert len(answers) == len(draft.keys)
        elif draft.type == "true_false" and not q["answer"]:
            (wrong,) = draft.distractors
            assert wrong in draft.prompt and draft.evidence not in draft.prompt
        elif draft.type == "true_false":
            assert draft.evidence in draft.prompt and not draft.distractors
        if draft.type in ("numeric", "single_choice", "short_answer"):
            shown = draft.prompt.split("“", 1)[1]
            assert "_____" in shown and draft.key.casefold() not in shown.casefold()


def test_no_two_drafts_repeat_each_other(article):
    _path, _texts, drafts = article
    signatures = [(d.type, d.prompt, d.question.get("text")) for d in drafts]
    assert len(set(signatures)) == len(signatures)
    for a, b in combinations(drafts, 2):
        assert not same_draft(a, b), (a, b)


def test_the_seed_article_yields_forty_drafts_of_four_types():
    drafts = drafts_of(SEED)
    types = Counter(d.type for d in drafts)
    assert len(drafts) >= 40, types
    assert len(types) >= 4, types


def bank_questions() -> list[ExistingQuestion]:
    specs = load_banks(ROOT / "questions", read_articles(ROOT / "questions"))
    found = []
    for spec in specs:
        for q in spec.questions:
            data = normalise_question(q)
            key = get_type(q["type"]).describe_key(data)
            found.append(ExistingQuestion(q["prompt"], key, tuple(q["evidence"])))
    return found


def test_no_draft_repeats_a_question_the_modules_already_have():
    existing = bank_questions()
    everything = drafts_of(SEED)
    fresh = drafts_of(SEED, existing)
    assert len(fresh) < len(everything)  # the banks do ask some of what the drafter finds
    for draft in fresh:
        for question in existing:
            wording = norm(f"{draft.prompt} {draft.question.get('text', '')}")
            assert fuzz.ratio(wording, norm(question.prompt)) < 85
            same_key = all(norm(k) in key_parts(question.key) for k in draft.keys)
            quoted = any(
                fuzz.partial_ratio(norm(draft.evidence), norm(q)) >= 90 for q in question.evidence
            )
            assert not (same_key and quoted), (draft, question)


def test_answer_keys_are_read_part_by_part():
    assert key_parts("A sword → Kim Jong Un; A sabre → Vladimir Putin") == [
        "a sword",
        "kim jong un",
        "a sabre",
        "vladimir putin",
    ]
    assert key_parts("China (part credit: The Soviet Union)") == ["china", "the soviet union"]


def test_a_draft_already_in_the_module_is_not_drafted_again():
    drafts = drafts_of(SEED)
    for taken in (drafts[3], drafts[0]):  # a cloze's wording includes its text
        wording = f"{taken.prompt} {taken.question.get('text', '')}"
        existing = [ExistingQuestion(wording, "something else", ("unrelated words",))]
        again = drafts_of(SEED, existing)
        assert taken not in again
        # drafts on other sentences stay (those on the same sentence may read alike)
        assert all(d in again for d in drafts if d.evidence != taken.evidence)


def test_an_article_without_sentences_gives_no_drafts():
    assert draft_questions([PassageText("h-x", "heading", "Only a heading")]) == []
    assert draft_questions([]) == []
