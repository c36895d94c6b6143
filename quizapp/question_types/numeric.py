"""A number, right within a tolerance; close values can earn part credit."""

from __future__ import annotations

import math
import re
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

NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?([eE][+-]?\d+)?$")


def parse_number(text: str) -> float | None:
    """Read what people type: '12', ' 12.5 ', '20,000', '−3' (a typographic minus)."""
    cleaned = text.strip().replace("−", "-").replace("\u202f", "").replace(" ", "")
    if not cleaned or not NUMBER.match(cleaned) or not re.search(r"\d", cleaned):
        return None
    value = float(cleaned.replace(",", ""))
    return value if math.isfinite(value) else None


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _value_problems(answer: Mapping[str, Any], n: int) -> list[str]:
    if not _is_number(answer.get("value")):
        return [f"answer {n}: 'value' must be a number"]
    tolerance = answer.get("tolerance", 0)
    if not _is_number(tolerance):
        return [f"answer {n}: tolerance must be a number"]
    return [f"answer {n}: tolerance cannot be negative"] if tolerance < 0 else []


@register
class Numeric(QuestionType):
    id = "numeric"
    label = "Numeric"
    description = "Type a number; a tolerance and close values can be allowed."

    def validate(self, data: Mapping[str, Any]) -> list[str]:
        return check_accepted(data, "value", _value_problems)

    def normalise(self, data: Mapping[str, Any]) -> dict[str, Any]:
        answers = []
        for a in entries(data, "answers"):
            answer = {
                "value": float(a["value"]),
                "tolerance": float(a.get("tolerance", 0)),
                "credit": float(a.get("credit", 1)),
            }
            if a.get("feedback"):
                answer["feedback"] = str(a["feedback"])
            answers.append(answer)
        out: dict[str, Any] = {"answers": answers}
        if data.get("unit"):
            out["unit"] = str(data["unit"])
        return out

    def view(self, data, layout) -> dict[str, Any]:
        return {"unit": data.get("unit")}

    def read_response(self, data, layout, form, name) -> str | None:
        raw = (form.get(name) or "").strip()
        if not raw:
            return None
        if parse_number(raw) is None:
            raise ResponseError(f"“{raw[:40]}” is not a number. Type digits, e.g. 42 or 3.5.")
        return raw

    def grade(self, data: Mapping[str, Any], answer: Any) -> Grade:
        value = parse_number(answer) if isinstance(answer, str) else None
        if value is None:
            return Grade(0.0)
        return best_of(
            [a for a in data["answers"] if abs(value - a["value"]) <= a["tolerance"] + 1e-9]
        )

    def describe_answer(self, data, answer) -> str:
        return answer if isinstance(answer, str) else ""

    def model_answer(self, data) -> str:
        return f"{next(a['value'] for a in data['answers'] if is_full(a['credit'])):g}"

    def describe_key(self, data) -> str:
        best = max(data["answers"], key=lambda a: a["credit"])
        text = f"{best['value']:g}"
        if best["tolerance"]:
            text += f" (± {best['tolerance']:g})"
        return text + (f" {data['unit']}" if data.get("unit") else "")
