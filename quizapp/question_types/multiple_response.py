"""Pick every option that applies: picked credits add up, wrong picks cost, clamped to 0..1."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from quizapp.question_types.base import Grade, ResponseError, indexes_in, register, small_int
from quizapp.question_types.choices import ChoiceType


@register
class MultipleResponse(ChoiceType):
    id = "multiple_response"
    label = "Multiple response"
    description = "Pick all that apply; wrong picks cost marks."
    lowest_credit = -1.0

    def validate_key(self, choices: list[Mapping[str, Any]]) -> list[str]:
        credits = [float(c.get("credit", 0)) for c in choices]
        positive = sum(c for c in credits if c > 0)
        if abs(positive - 1) > 1e-6:
            return [
                f"the credits of the correct choices must add up to 1, they add up to {positive:g}"
            ]
        return []

    def read_response(self, data, layout, form, name) -> list[int] | None:
        raws = [r for r in form.getlist(name) if r != ""]
        if not raws:
            return None
        picked = {self.original_index(data, layout, raw) for raw in raws}
        if len(picked) != len(raws):
            raise ResponseError("The same option was sent twice.")
        return sorted(picked)

    def form_values(self, data, layout, answer):
        return [self.display_position(layout, i) for i in answer or []]

    def raw_values(self, layout, form, name) -> list[int]:
        return [n for n in map(small_int, form.getlist(name)) if n is not None]

    def grade(self, data: Mapping[str, Any], answer: Any) -> Grade:
        if not isinstance(answer, list):
            return Grade(0.0)
        picked = [data["choices"][i] for i in indexes_in(answer, len(data["choices"]))]
        credit = sum(c["credit"] for c in picked)
        feedback = tuple(c["feedback"] for c in picked if c.get("feedback"))
        return Grade(max(0.0, min(1.0, credit)), feedback)

    def describe_answer(self, data, answer) -> str:
        choices = data["choices"]
        return "; ".join(choices[i]["text"] for i in indexes_in(answer, len(choices)))

    def model_answer(self, data) -> list[int]:
        return [i for i, c in enumerate(data["choices"]) if c["credit"] > 0]

    def describe_key(self, data) -> str:
        return "; ".join(c["text"] for c in data["choices"] if c["credit"] > 0)

    def random_guess(self, data) -> float | None:
        return None  # no single "random answer" when any subset may be picked
