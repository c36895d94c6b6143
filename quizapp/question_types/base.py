"""The question-type registry and what every type shares.

Each type is a small class that knows its data (validate), how a student sees it (layout, view,
template), how to read a submitted form into an answer, and how to grade that answer. Grading is
pure: data + answer in, credit out; recording the result is the caller's job.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

REGISTRY: dict[str, QuestionType] = {}


class ResponseError(ValueError):
    """A submitted answer that cannot be read (shown to the student, nothing is lost)."""


@dataclass(frozen=True)
class Grade:
    credit: float  # fraction of the question's points, 0..1
    feedback: tuple[str, ...] = field(default_factory=tuple)

    @property
    def outcome(self) -> str:
        if self.credit >= 1 - 1e-9:
            return "correct"
        return "partial" if self.credit > 1e-9 else "incorrect"


def register(cls: type[QuestionType]) -> type[QuestionType]:
    REGISTRY[cls.id] = cls()
    return cls


def get_type(type_id: str) -> QuestionType:
    try:
        return REGISTRY[type_id]
    except KeyError:
        raise KeyError(f"unknown question type '{type_id}'") from None


class QuestionType:
    id: ClassVar[str]
    label: ClassVar[str]
    description: ClassVar[str] = ""

    @property
    def template(self) -> str:
        return f"question_types/{self.id}.html"

    # --- data -----------------------------------------------------------------------------
    def validate(self, data: Mapping[str, Any]) -> list[str]:
        """Problems with the type-specific keys of `data` (empty when it is sound)."""
        raise NotImplementedError

    def normalise(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """The type-specific keys with defaults filled in, as stored in the database."""
        raise NotImplementedError

    # --- presentation ---------------------------------------------------------------------
    def layout(self, data: Mapping[str, Any], rng: random.Random) -> dict[str, Any]:
        """Display order for one attempt; stored with the response so it never changes."""
        return {}

    def view(self, data: Mapping[str, Any], layout: Mapping[str, Any]) -> dict[str, Any]:
        """What the input template needs. Must not reveal the answer key."""
        raise NotImplementedError

    def read_response(
        self, data: Mapping[str, Any], layout: Mapping[str, Any], form: Any, name: str
    ) -> Any:
        """Read the form fields under `name` into an answer; None when left blank."""
        raise NotImplementedError

    def form_values(self, data: Mapping[str, Any], layout: Mapping[str, Any], answer: Any) -> Any:
        """The answer in display terms, to re-fill the input when a form is shown again."""
        return answer

    def raw_values(self, layout: Mapping[str, Any], form: Any, name: str) -> Any:
        """What was sent, in display terms, to show again when it could not be read."""
        return form.get(name)

    # --- grading --------------------------------------------------------------------------
    def grade(self, data: Mapping[str, Any], answer: Any) -> Grade:
        raise NotImplementedError

    def describe_answer(self, data: Mapping[str, Any], answer: Any) -> str:
        raise NotImplementedError

    def describe_key(self, data: Mapping[str, Any]) -> str:
        raise NotImplementedError

    def model_answer(self, data: Mapping[str, Any]) -> Any:
        """A full-credit answer (for previews and tests)."""
        raise NotImplementedError

    def random_guess(self, data: Mapping[str, Any]) -> float | None:
        """Expected credit of a random answer (item analysis); None when it has no meaning."""
        return None


def shuffled(n: int, rng: random.Random) -> list[int]:
    order = list(range(n))
    rng.shuffle(order)
    return order


def check_credit(value: Any, where: str, low: float = 0.0) -> list[str]:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return [f"{where}: credit must be a number"]
    if not low <= value <= 1:
        return [f"{where}: credit must be between {low:g} and 1, not {value:g}"]
    return []


def is_full(credit: float) -> bool:
    return abs(credit - 1) < 1e-9


def text_list(value: Any, key: str, minimum: int) -> list[str]:
    """Errors for a list of non-empty strings under `key`."""
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        return [f"'{key}' must be a list of non-empty texts"]
    if len(value) < minimum:
        return [f"'{key}' needs at least {minimum} entries, found {len(value)}"]
    if len({v.strip() for v in value}) != len(value):
        return [f"'{key}' has the same entry twice"]
    return []


def index_from(raw: Any, size: int) -> int | None:
    """An integer index in range, or None."""
    try:
        value = int(str(raw))
    except (TypeError, ValueError):
        return None
    return value if 0 <= value < size else None


def entries(data: Mapping[str, Any], key: str) -> Sequence[Mapping[str, Any]]:
    value = data.get(key)
    return value if isinstance(value, list) else []


def check_accepted(
    data: Mapping[str, Any], noun: str, check_entry: Callable[[Mapping[str, Any], int], list[str]]
) -> list[str]:
    """Errors for a list of accepted answers, each with a credit, one of them worth full marks.

    `check_entry` returns the problems of one answer's own keys (text, value, tolerance...).
    """
    answers = data.get("answers")
    if not isinstance(answers, list) or not answers:
        return [f"'answers' needs at least one accepted {noun}"]
    errors = []
    for n, answer in enumerate(answers, start=1):
        problems = check_entry(answer if isinstance(answer, Mapping) else {}, n)
        errors += problems or check_credit(answer.get("credit", 1), f"answer {n}")
    if not errors and not any(is_full(float(a.get("credit", 1))) for a in answers):
        errors.append(f"at least one accepted {noun} must have credit 1")
    return errors


def best_of(hits: Sequence[Mapping[str, Any]]) -> Grade:
    """The grade of the best-credited accepted answer that matched (0 when none did)."""
    if not hits:
        return Grade(0.0)
    best = max(hits, key=lambda a: a["credit"])
    return Grade(best["credit"], (best["feedback"],) if best.get("feedback") else ())


def small_int(raw: str) -> int | None:
    """The number in a form field made of ASCII digits only (what our selects send), else None.

    str.isdigit() also accepts "²" or "١", which int() then refuses or reads unexpectedly, and a
    string of thousands of digits exceeds int()'s limit: both once raised instead of a message.
    """
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 9 else None


def indexes_in(answer: Any, size: int) -> list[int]:
    """The whole numbers in a stored list answer that index a list of `size` (others ignored)."""
    if not isinstance(answer, list):
        return []
    return [i for i in answer if type(i) is int and 0 <= i < size]


def positional_values(form: Any, name: str, count: int) -> dict[int, Any]:
    """Row-by-row selects (`name-0`, `name-1`...) as sent, for showing a form again."""
    values: dict[int, Any] = {}
    for pos in range(count):
        raw = form.get(f"{name}-{pos}") or ""
        number = small_int(raw)
        values[pos] = raw if number is None else number
    return values
