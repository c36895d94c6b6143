"""Put items in order; credit is the share of item pairs in the right relative order."""

from __future__ import annotations

import random
from collections.abc import Mapping
from itertools import combinations
from typing import Any

from quizapp.question_types.base import (
    Grade,
    QuestionType,
    ResponseError,
    index_from,
    indexes_in,
    positional_values,
    register,
    shuffled,
    small_int,
    text_list,
)


def pair_credit(answer: list[int]) -> float:
    """Share of pairs (i, j) that the answer puts in the right relative order."""
    pairs = list(combinations(answer, 2))
    if not pairs:
        return 0.0
    return sum(1 for a, b in pairs if a < b) / len(pairs)


@register
class Ordering(QuestionType):
    id = "ordering"
    label = "Ordering"
    description = "Put the items in the right order."

    def validate(self, data: Mapping[str, Any]) -> list[str]:
        errors = text_list(data.get("items"), "items", 3)
        if errors and "needs at least" in errors[0]:
            return ["an ordering needs at least 3 items"]
        return errors

    def normalise(self, data: Mapping[str, Any]) -> dict[str, Any]:
        return {"items": [str(item).strip() for item in data["items"]]}

    def layout(self, data: Mapping[str, Any], rng: random.Random) -> dict[str, Any]:
        n = len(data["items"])
        order = shuffled(n, rng)
        while order == list(range(n)):  # never show the answer as the starting order
            order = shuffled(n, rng)
        return {"order": order}

    def view(self, data, layout) -> dict[str, Any]:
        order = layout["order"]
        return {
            "items": [(pos, data["items"][i]) for pos, i in enumerate(order)],
            "positions": list(range(1, len(order) + 1)),
        }

    def read_response(self, data, layout, form, name) -> list[int] | None:
        order = layout["order"]
        raws = [form.get(f"{name}-{pos}") or "" for pos in range(len(order))]
        if not any(raws):
            return None
        numbers = [small_int(r) for r in raws]  # 1-based positions
        ranks = [None if n is None else index_from(n - 1, len(order)) for n in numbers]
        if None in ranks:
            raise ResponseError("Give every item a position.")
        if len(set(ranks)) != len(ranks):
            raise ResponseError("Give each item a different position.")
        answer = [0] * len(order)
        for pos, rank in enumerate(ranks):
            answer[rank] = order[pos]
        return answer

    def form_values(self, data, layout, answer):
        """Display position → the rank (1-based) the student gave it."""
        if not answer:
            return {}
        return {pos: answer.index(i) + 1 for pos, i in enumerate(layout["order"]) if i in answer}

    def raw_values(self, layout, form, name) -> dict[int, Any]:
        return positional_values(form, name, len(layout["order"]))

    def grade(self, data: Mapping[str, Any], answer: Any) -> Grade:
        n = len(data["items"])
        valid = indexes_in(answer, n)
        if len(valid) != n or valid != answer or sorted(valid) != list(range(n)):
            return Grade(0.0)
        if answer == list(range(n)):
            return Grade(1.0)
        return Grade(pair_credit(answer))

    def describe_answer(self, data, answer) -> str:
        return " → ".join(data["items"][i] for i in indexes_in(answer, len(data["items"])))

    def model_answer(self, data) -> list[int]:
        return list(range(len(data["items"])))

    def describe_key(self, data) -> str:
        return " → ".join(data["items"])
