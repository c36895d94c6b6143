"""What the take and review pages show for each slot of an attempt."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from quizapp.models import Attempt, Evidence, Response
from quizapp.question_types import Grade, get_type

TYPED_ANSWERS = ("short_answer", "numeric", "cloze")


@dataclass
class SlotView:
    """One slot's question as a student answers it (quiz page, practice, teacher preview)."""

    name: str
    type_label: str
    template: str
    view: dict[str, Any]
    values: Any
    answered: bool
    error: str | None = None
    slot: int = 1
    prompt: str = ""
    points: float = 1.0
    response: Response | None = None  # practice and preview show more of it


@dataclass
class ReviewItem:
    response: Response
    type_label: str
    your_answer: str
    correct_answer: str
    outcome: str
    feedback: tuple[str, ...]
    evidence: list[Evidence] = field(default_factory=list)
    # Choice texts are teacher Markdown; what a student typed is shown as typed.
    markdown: bool = False


def take_view(
    attempt: Attempt,
    answers: dict[int, Any] | None = None,
    errors: dict[int, str] | None = None,
    form: Any = None,
) -> list[SlotView]:
    """Inputs for every slot, filled with saved (or just-submitted) answers. No answer keys.

    A slot whose answer could not be read shows exactly what was sent, beside its message.
    """
    answers, errors = answers or {}, errors or {}
    return [
        slot_view(r, answers.get(r.slot, r.answer), errors.get(r.slot), form)
        for r in attempt.responses
    ]


def slot_view(
    response: Response, answer: Any, error: str | None = None, form: Any = None
) -> SlotView:
    """One slot's input, filled with `answer`; after an unreadable answer, with what was sent."""
    version = response.version
    view = input_view(
        version.type, version.data, response.layout, answer, response.slot, error, form
    )
    view.prompt, view.points, view.response = version.prompt, version.points, response
    return view


def input_view(
    type_id: str,
    data: dict[str, Any],
    layout: dict[str, Any],
    answer: Any,
    slot: int,
    error: str | None = None,
    form: Any = None,
) -> SlotView:
    """The input of a question of `type_id` in slot `slot`, filled with `answer`, or with what
    was sent when it could not be read."""
    qtype, name = get_type(type_id), f"q{slot}"
    if error and form is not None:
        values = qtype.raw_values(layout, form, name)
    else:
        values = qtype.form_values(data, layout, answer)
    return SlotView(
        name=name,
        type_label=qtype.label,
        template=qtype.template,
        view=qtype.view(data, layout),
        values=values,
        answered=answer is not None or error is not None,
        error=error,
        slot=slot,
    )


def review_items(attempt: Attempt) -> list[ReviewItem]:
    """Each slot after grading: the answer, the key, the outcome and the evidence."""
    items = []
    for response in attempt.responses:
        version = response.version
        qtype = get_type(version.type)
        if response.answer is None:
            grade, answer_text = Grade(0.0), ""
        else:
            grade, answer_text = (
                qtype.grade(version.data, response.answer),
                qtype.describe_answer(version.data, response.answer),
            )
        outcome = "unanswered" if response.answer is None else Grade(response.credit or 0).outcome
        items.append(
            ReviewItem(
                response=response,
                type_label=qtype.label,
                your_answer=answer_text,
                correct_answer=qtype.describe_key(version.data),
                outcome=outcome,
                feedback=grade.feedback,
                evidence=list(version.evidence),
                markdown=version.type not in TYPED_ANSWERS,
            )
        )
    return items
