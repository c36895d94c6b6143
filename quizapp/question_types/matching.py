"""Match each left-hand item to a right-hand option; extra options act as distractors."""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from quizapp.question_types.base import (
    Grade,
    QuestionType,
    ResponseError,
    index_from,
    positional_values,
    register,
    shuffled,
)


def right_options(data: Mapping[str, Any]) -> list[str]:
    """The options offered on the right: each pair's answer once (two gifts can share a giver),
    then the distractors."""
    rights = [p["right"] for p in data["pairs"]] + list(data.get("distractors", []))
    return list(dict.fromkeys(rights))


@register
class Matching(QuestionType):
    id = "matching"
    label = "Matching"
    description = "Match each item to its partner."

    def validate(self, data: Mapping[str, Any]) -> list[str]:
        pairs = data.get("pairs")
        if not isinstance(pairs, list) or len(pairs) < 2:
            return ["a matching question needs at least 2 pairs"]
        errors = []
        for n, pair in enumerate(pairs, start=1):
            if not isinstance(pair, Mapping) or not all(
                str(pair.get(side, "")).strip() for side in ("left", "right")
            ):
                errors.append(f"pair {n} needs both a 'left' and a 'right' text")
        distractors = data.get("distractors", [])
        if not isinstance(distractors, list) or not all(
            isinstance(d, str) and d.strip() for d in distractors
        ):
            errors.append("'distractors' must be a list of texts")
        if errors:
            return errors
        lefts = [str(p["left"]).strip() for p in pairs]
        if len(set(lefts)) != len(lefts):
            errors.append("two pairs have the same left-hand item")
        rights = {str(p["right"]).strip() for p in pairs}
        if any(d.strip() in rights for d in distractors) or len(set(distractors)) != len(
            distractors
        ):
            errors.append("a distractor repeats a right-hand answer or another distractor")
        if len(rights) < 2:
            errors.append("a matching question needs at least 2 different right-hand answers")
        return errors

    def normalise(self, data: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "pairs": [
                {"left": str(p["left"]).strip(), "right": str(p["right"]).strip()}
                for p in data["pairs"]
            ],
            "distractors": [str(d).strip() for d in data.get("distractors", [])],
        }

    def layout(self, data: Mapping[str, Any], rng: random.Random) -> dict[str, Any]:
        return {
            "left": shuffled(len(data["pairs"]), rng),
            "right": shuffled(len(right_options(data)), rng),
        }

    def view(self, data, layout) -> dict[str, Any]:
        rights = right_options(data)
        return {
            "lefts": [(pos, data["pairs"][i]["left"]) for pos, i in enumerate(layout["left"])],
            "options": [(pos, rights[i]) for pos, i in enumerate(layout["right"])],
        }

    def read_response(self, data, layout, form, name) -> list[int | None] | None:
        raws = [form.get(f"{name}-{pos}") or "" for pos in range(len(layout["left"]))]
        if not any(raws):
            return None
        answer: list[int | None] = [None] * len(data["pairs"])
        for pos, raw in enumerate(raws):
            if raw == "":
                continue
            choice = index_from(raw, len(layout["right"]))
            if choice is None:
                raise ResponseError("Choose a match from the list for each item.")
            answer[layout["left"][pos]] = layout["right"][choice]
        return answer

    def form_values(self, data, layout, answer):
        """Display position of each left item → display position of the chosen option."""
        if not answer:
            return {}
        values = {}
        for pos, i in enumerate(layout["left"]):
            if i < len(answer) and answer[i] is not None and answer[i] in layout["right"]:
                values[pos] = layout["right"].index(answer[i])
        return values

    def raw_values(self, layout, form, name) -> dict[int, Any]:
        return positional_values(form, name, len(layout["left"]))

    def grade(self, data: Mapping[str, Any], answer: Any) -> Grade:
        if not isinstance(answer, list) or len(answer) != len(data["pairs"]):
            return Grade(0.0)
        rights = right_options(data)
        right = sum(
            1
            for pair, chosen in zip(data["pairs"], answer, strict=True)
            if isinstance(chosen, int)
            and 0 <= chosen < len(rights)
            and rights[chosen] == pair["right"]
        )
        return Grade(right / len(data["pairs"]))

    def describe_answer(self, data, answer) -> str:
        if not isinstance(answer, list):
            return ""
        rights = right_options(data)
        return "; ".join(
            f"{p['left']} → {rights[c] if isinstance(c, int) and 0 <= c < len(rights) else '—'}"
            for p, c in zip(data["pairs"], answer, strict=False)
        )

    def model_answer(self, data) -> list[int]:
        rights = right_options(data)
        return [rights.index(p["right"]) for p in data["pairs"]]

    def describe_key(self, data) -> str:
        return "; ".join(f"{p['left']} → {p['right']}" for p in data["pairs"])

    def random_guess(self, data) -> float | None:
        return 1 / len(right_options(data))
