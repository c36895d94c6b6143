"""Loading the bank files in questions/ and refusing broken ones with precise messages."""

import shutil
from pathlib import Path

import pytest
import yaml

from quizapp.bank.loader import BankError, load_banks
from quizapp.content import read_articles
from quizapp.evidence import locate

QUESTIONS = Path(__file__).resolve().parents[2] / "questions"
ARTICLE = "000_f9639f57da9db820.txt"


@pytest.fixture(scope="module")
def articles():
    return read_articles(QUESTIONS)


@pytest.fixture(scope="module")
def specs(articles):
    return load_banks(QUESTIONS, articles)


def test_the_four_modules_load_in_order(specs):
    assert [s.slug for s in specs] == ["history", "arms", "gifts", "quirks"]
    for spec in specs:
        assert spec.title and spec.description
        assert len(spec.questions) >= 12, spec.slug
    assert sum(len(s.questions) for s in specs) >= 48


def test_every_module_uses_all_seven_types(specs):
    seven = {
        "single_choice",
        "multiple_response",
        "true_false",
        "short_answer",
        "numeric",
        "ordering",
        "matching",
    }
    for spec in specs:
        assert {q["type"] for q in spec.questions} == seven, spec.slug


def test_every_paragraph_of_the_article_is_cited(specs, articles):
    paragraphs = [b.text for b in articles[ARTICLE].paragraphs]
    cited = set()
    for spec in specs:
        for question in spec.questions:
            for quote in question["evidence"]:
                cited.add(
                    locate(quote, paragraphs).passage_index if locate(quote, paragraphs) else None
                )
    uncited = [paragraphs[i][:60] for i in range(len(paragraphs)) if i not in cited]
    assert uncited == []


def test_partial_credit_is_used_in_the_banks(specs):
    questions = [q for s in specs for q in s.questions]
    assert any(
        0 < c["credit"] < 1 for q in questions if q["type"] == "single_choice" for c in q["choices"]
    )
    assert any(
        0 < a["credit"] < 1 for q in questions if q["type"] == "short_answer" for a in q["answers"]
    )
    assert any(
        0 < a["credit"] < 1 for q in questions if q["type"] == "numeric" for a in q["answers"]
    )


def broken_bank(tmp_path: Path, edit) -> Path:
    """A copy of questions/ with history.yaml changed by `edit(doc)`."""
    folder = tmp_path / "questions"
    shutil.copytree(QUESTIONS, folder)
    path = folder / "history.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def problems_for(folder: Path) -> list[str]:
    with pytest.raises(BankError) as excinfo:
        load_banks(folder, read_articles(folder))
    return excinfo.value.problems


def test_quote_not_in_article_names_file_question_and_quote(tmp_path):
    def edit(doc):
        doc["questions"][0]["evidence"] = ["Kim rode a unicorn to Moscow"]

    folder = broken_bank(tmp_path, edit)
    first_id = yaml.safe_load((folder / "history.yaml").read_text())["questions"][0]["id"]
    assert problems_for(folder) == [
        f"questions/history.yaml: question '{first_id}': evidence quote not found in the "
        f'article: "Kim rode a unicorn to Moscow"'
    ]


def test_answer_key_inconsistent_with_choices(tmp_path):
    def edit(doc):
        question = next(q for q in doc["questions"] if q["type"] == "single_choice")
        for choice in question["choices"]:
            choice["credit"] = 1

    problems = problems_for(broken_bank(tmp_path, edit))
    assert len(problems) == 1
    assert "questions/history.yaml: question '" in problems[0]
    assert "needs exactly one correct choice" in problems[0]


@pytest.mark.parametrize("key", ["prompt", "explanation", "type", "evidence"])
def test_missing_required_key(tmp_path, key):
    def edit(doc):
        del doc["questions"][1][key]

    problems = problems_for(broken_bank(tmp_path, edit))
    assert any(f"missing required key '{key}'" in p and "history.yaml" in p for p in problems)


def test_unknown_type_and_missing_title(tmp_path):
    def edit(doc):
        doc["questions"][0]["type"] = "essay"
        del doc["title"]

    problems = problems_for(broken_bank(tmp_path, edit))
    assert "questions/history.yaml: missing required key 'title'" in problems


def test_invalid_yaml_is_reported_with_the_file(tmp_path):
    folder = tmp_path / "questions"
    shutil.copytree(QUESTIONS, folder)
    (folder / "arms.yaml").write_text("slug: arms\nquestions: [unclosed\n", encoding="utf-8")
    problems = problems_for(folder)
    assert problems[0].startswith("questions/arms.yaml: not valid YAML")


def test_quotes_ignore_whitespace_and_quote_style(articles):
    texts = [b.text for b in articles[ARTICLE].blocks]
    assert locate("Mr Kim's   Mercedes-Benz\nvehicle", texts) is not None
    assert locate('"quite open"', texts) is not None
    hit = locate("12 male bodyguards", texts)
    assert texts[hit.passage_index][hit.start : hit.end] == "12 male bodyguards"
