"""A statement that is true or false, with feedback for each pick."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from quizapp.question_types.base import Grade, QuestionType, ResponseError, register


@register
class TrueFalse(QuestionType):
    id = "true_false"
    label = "True / false"
    description = "Is the statement true or false?"

    def validate(self, data: Mapping[str, Any]) -> list[str]:
        if not isinstance(data.get("answer"), bool):
            return ["'answer' must be true or false"]
        return []

    def normalise(self, data: Mapping[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {"answer": bool(data["answer"])}
        for key in ("feedback_true", "feedback_false"):
            if data.get(key):
                out[key] = str(data[key])
        return out

    def view(self, data, layout) -> dict[str, Any]:
        return {"options": [("true", "True"), ("false", "False")]}

    def read_response(self, data, layout, form, name) -> bool | None:
        raw = form.get(name)
        if raw in (None, ""):
            return None
        if raw not in ("true", "false"):
            raise ResponseError("Choose True or False.")
        return raw == "true"

    def form_values(self, data, layout, answer):
        return None if answer is None else ("true" if answer else "false")

    def grade(self, data: Mapping[str, Any], answer: Any) -> Grade:
        if not isinstance(answer, bool):
            return Grade(0.0)
        feedback = data.get("feedback_true" if answer else "feedback_false")
        return Grade(1.0 if answer == data["answer"] else 0.0, (feedback,) if feedback else ())

    def describe_answer(self, data, answer) -> str:
        return "" if not isinstance(answer, bool) else ("True" if answer else "False")

    def model_answer(self, data) -> bool:
        return data["answer"]

    def describe_key(self, data) -> str:
        return "True" if data["answer"] else "False"

    def random_guess(self, data) -> float | None:
        return 0.5
