"""A typed answer matched against accepted answers, each with a credit (e.g. a misspelling)."""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Mapping
from typing import Any

from quizapp.question_types.base import (
    Grade,
    QuestionType,
    ResponseError,
    best_of,
    check_accepted,
    entries,
    is_full,
    register,
)

MAX_LENGTH = 500
PUNCTUATION = set(string.punctuation) | set("‘’“”–—…«»¿¡·")


def normalise_text(text: str) -> str:
    """Case, surrounding spaces, punctuation and diacritics do not count."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    kept = "".join(" " if ch in PUNCTUATION and ch != "*" else ch for ch in bare.casefold())
    return " ".join(kept.split())


def matches(accepted: str, response: str) -> bool:
    """Compare normalised texts; `*` in an accepted answer matches any run of characters."""
    pattern = normalise_text(accepted)
    given = normalise_text(response)
    if "*" not in pattern:
        return pattern == given
    regex = ".*".join(re.escape(part.strip()) for part in pattern.split("*"))
    return re.fullmatch(regex, given) is not None


def _text_problems(answer: Mapping[str, Any], n: int) -> list[str]:
    if normalise_text(str(answer.get("text", ""))):
        return []
    return [f"answer {n} has no text (punctuation alone does not count)"]


@register
class ShortAnswer(QuestionType):
    id = "short_answer"
    label = "Short answer"
    description = "Type a word or phrase; several answers can be accepted."

    def validate(self, data: Mapping[str, Any]) -> list[str]:
        return check_accepted(data, "answer", _text_problems)

    def normalise(self, data: Mapping[str, Any]) -> dict[str, Any]:
        answers = []
        for a in entries(data, "answers"):
            answer = {"text": str(a["text"]).strip(), "credit": float(a.get("credit", 1))}
            if a.get("feedback"):
                answer["feedback"] = str(a["feedback"])
            answers.append(answer)
        return {"answers": answers}

    def view(self, data, layout) -> dict[str, Any]:
        return {"max_length": MAX_LENGTH}

    def read_response(self, data, layout, form, name) -> str | None:
        raw = (form.get(name) or "").strip()
        if len(raw) > MAX_LENGTH:
            raise ResponseError(f"Keep the answer under {MAX_LENGTH} characters.")
        return raw or None

    def grade(self, data: Mapping[str, Any], answer: Any) -> Grade:
        if not isinstance(answer, str):
            return Grade(0.0)
        return best_of([a for a in data["answers"] if matches(a["text"], answer)])

    def describe_answer(self, data, answer) -> str:
        return answer if isinstance(answer, str) else ""

    def model_answer(self, data) -> str:
        return next(a["text"] for a in data["answers"] if is_full(a["credit"]))

    def describe_key(self, data) -> str:
        full = [a["text"] for a in data["answers"] if is_full(a["credit"])]
        return " / ".join(full)
