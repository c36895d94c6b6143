"""Shared by the choice types: a list of {text, credit, feedback} shown in shuffled order."""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from quizapp.question_types.base import QuestionType, check_credit, entries, shuffled


class ChoiceType(QuestionType):
    lowest_credit = 0.0

    def validate(self, data: Mapping[str, Any]) -> list[str]:
        choices = data.get("choices")
        if not isinstance(choices, list) or len(choices) < 2:
            return ["'choices' needs at least 2 choices"]
        errors = []
        for n, choice in enumerate(choices, start=1):
            if not isinstance(choice, Mapping) or not str(choice.get("text", "")).strip():
                errors.append(f"choice {n} has no text")
                continue
            errors += check_credit(choice.get("credit", 0), f"choice {n}", self.lowest_credit)
        texts = [str(c.get("text", "")).strip() for c in choices if isinstance(c, Mapping)]
        if len(set(texts)) != len(texts):
            errors.append("two choices have the same text")
        return errors or self.validate_key(choices)

    def validate_key(self, choices: list[Mapping[str, Any]]) -> list[str]:
        raise NotImplementedError

    def normalise(self, data: Mapping[str, Any]) -> dict[str, Any]:
        choices = []
        for c in entries(data, "choices"):
            choice = {"text": str(c["text"]).strip(), "credit": float(c.get("credit", 0))}
            if c.get("feedback"):
                choice["feedback"] = str(c["feedback"])
            choices.append(choice)
        return {"choices": choices, "shuffle": bool(data.get("shuffle", True))}

    def layout(self, data: Mapping[str, Any], rng: random.Random) -> dict[str, Any]:
        n = len(data["choices"])
        return {"order": shuffled(n, rng) if data.get("shuffle", True) else list(range(n))}

    def view(self, data: Mapping[str, Any], layout: Mapping[str, Any]) -> dict[str, Any]:
        order = layout.get("order") or list(range(len(data["choices"])))
        return {"options": [(pos, data["choices"][i]["text"]) for pos, i in enumerate(order)]}

    def original_index(self, data: Mapping[str, Any], layout: Mapping[str, Any], raw: Any) -> int:
        """Map a displayed position back to the choice's index in the data."""
        from quizapp.question_types.base import ResponseError, index_from

        order = layout.get("order") or list(range(len(data["choices"])))
        position = index_from(raw, len(order))
        if position is None:
            raise ResponseError("Choose one of the options shown.")
        return order[position]

    def display_position(self, layout: Mapping[str, Any], index: int) -> int:
        order = layout.get("order") or []
        return order.index(index) if index in order else index

    def random_guess(self, data: Mapping[str, Any]) -> float | None:
        credits = [max(0.0, c["credit"]) for c in data["choices"]]
        return sum(credits) / len(credits)
