"""One option to pick; each option carries a credit fraction (e.g. a near-miss worth 50 %)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from quizapp.question_types.base import Grade, is_full, register, small_int
from quizapp.question_types.choices import ChoiceType


@register
class SingleChoice(ChoiceType):
    id = "single_choice"
    label = "Single choice"
    description = "Pick one option; options can be worth part credit."

    def validate_key(self, choices: list[Mapping[str, Any]]) -> list[str]:
        full = [c for c in choices if is_full(float(c.get("credit", 0)))]
        if len(full) != 1:
            return [
                f"a single-choice question needs exactly one correct choice (credit 1), "
                f"found {len(full)}"
            ]
        return []

    def read_response(self, data, layout, form, name) -> int | None:
        raw = form.get(name)
        return None if raw in (None, "") else self.original_index(data, layout, raw)

    def form_values(self, data, layout, answer):
        return None if answer is None else self.display_position(layout, answer)

    def raw_values(self, layout, form, name) -> int | None:
        return small_int(form.get(name) or "")

    def grade(self, data: Mapping[str, Any], answer: Any) -> Grade:
        if not isinstance(answer, int) or not 0 <= answer < len(data["choices"]):
            return Grade(0.0)
        choice = data["choices"][answer]
        feedback = (choice["feedback"],) if choice.get("feedback") else ()
        return Grade(max(0.0, min(1.0, choice["credit"])), feedback)

    def describe_answer(self, data, answer) -> str:
        if not isinstance(answer, int) or not 0 <= answer < len(data["choices"]):
            return ""
        return data["choices"][answer]["text"]

    def model_answer(self, data) -> int:
        return next(i for i, c in enumerate(data["choices"]) if is_full(c["credit"]))

    def describe_key(self, data) -> str:
        best = max(data["choices"], key=lambda c: c["credit"])
        partial = [c["text"] for c in data["choices"] if 0 < c["credit"] < 1]
        extra = f" (part credit: {'; '.join(partial)})" if partial else ""
        return best["text"] + extra
