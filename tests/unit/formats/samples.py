"""Shared test data: one question of every type, and helpers to read the fixture files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from quizapp.bank.formats import ParseResult, parse

DATA = Path(__file__).parent / "data"


def read(relative: str) -> str:
    return (DATA / relative).read_text(encoding="utf-8")


def parse_file(fmt: str, relative: str) -> ParseResult:
    return parse(fmt, read(relative))


def issues(items: list[Any]) -> list[tuple[int | None, str]]:
    return [(issue.line, issue.message) for issue in items]


def by_id(result: ParseResult) -> dict[str, dict[str, Any]]:
    return {q.data["id"]: q.data for q in result.questions if "id" in q.data}


QUESTIONS: list[dict[str, Any]] = [
    {
        "id": "soviet-backing",
        "type": "single_choice",
        "prompt": "With whose backing was _____ formed: North Korea?",
        "points": 2,
        "choices": [
            {"text": "The Soviet Union", "credit": 1, "feedback": "Yes: {Cold War} #1"},
            {"text": "China", "credit": 1 / 3, "feedback": "Later, in the Korean War."},
            {"text": "%Japan"},
        ],
        "shuffle": False,
        "explanation": "In the author's words:\n\n* Markdown ~ allowed = yes\n",
        "evidence": ["formed in the early days of the Cold War", "a back\\slash quote"],
    },
    {
        "id": "dynasties",
        "type": "multiple_response",
        "prompt": "Which were Korean dynasties? 한국의 왕조는?",
        "choices": [
            {"text": "Joseon", "credit": 1 / 3},
            {"text": "Goryeo", "credit": 1 / 3},
            {"text": "Silla", "credit": 1 / 3},
            {"text": "Ming", "credit": -1 / 6, "feedback": "Chinese."},
            {"text": "Edo", "credit": 0},
        ],
        "explanation": "Three of them.",
        "evidence": [],
    },
    {
        "id": "treaty",
        "type": "true_false",
        "prompt": "The war ended with a peace treaty: true or false?",
        "answer": False,
        "feedback_true": "No: only an armistice.",
        "feedback_false": "Right.",
        "explanation": "",
        "evidence": ["an armistice, not a peace treaty"],
    },
    {
        "id": "founder",
        "type": "short_answer",
        "prompt": "Who founded North Korea?",
        "answers": [
            {"text": "Kim Il-sung", "credit": 1},
            {"text": "김일성", "credit": 1, "feedback": "맞아요"},
            {"text": "Kim", "credit": 0.5, "feedback": "Which Kim?"},
        ],
        "explanation": "Kim Il-sung, in 1948.",
        "evidence": [],
        "points": 1.5,
    },
    {
        "id": "dmz-length",
        "type": "numeric",
        "prompt": "How long is the DMZ?",
        "answers": [
            {"value": 250, "tolerance": 10, "credit": 1, "feedback": "Yes."},
            {"value": 250.5, "tolerance": 0.25, "credit": 0.5},
            {"value": -1e-05, "tolerance": 0, "credit": 1 / 7},
        ],
        "unit": "km",
        "explanation": "About 250 km.",
        "evidence": [],
    },
    {
        "id": "events",
        "type": "ordering",
        "prompt": "Put these events in order.",
        "items": ["Division of Korea", "Korean War begins", "Armistice signed"],
        "explanation": "Chronology.",
        "evidence": ["quote"],
    },
    {
        "id": "leaders",
        "type": "matching",
        "prompt": "Match each leader with the years he led.",
        "pairs": [
            {"left": "Kim Il-sung", "right": "1948-1994"},
            {"left": "Kim Jong-il", "right": "1994-2011"},
        ],
        "distractors": ["1953-1960"],
        "explanation": "",
        "evidence": [],
    },
]

MODULE: dict[str, Any] = {
    "slug": "history",
    "title": "History / Politics",
    "description": "Questions about {the} history: # ~ =\nSecond line.",
    "questions": QUESTIONS,
}
