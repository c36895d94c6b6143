"""What the take and review pages show for each slot of an attempt."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from quizapp.learn.attempt_rows import GradedSlot, Quote
from quizapp.models import Attempt, Response
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
    slot: int
    mark: float | None
    prompt: str
    points: float
    explanation: str | None
    type_label: str
    your_answer: str
    correct_answer: str
    outcome: str
    feedback: tuple[str, ...]
    evidence: list[Any] = field(default_factory=list)  # each: start, end, passage.anchor/.text
    # Choice texts are teacher Markdown; what a student typed is shown as typed.
    markdown: bool = False


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
    return [
        review_item(
            r.slot,
            r.version.type,
            r.version.data,
            r.answer,
            r.credit,
            r.mark,
            r.version.prompt,
            r.version.points,
            r.version.explanation,
            list(r.version.evidence),
        )
        for r in attempt.responses
    ]


def review_item(
    slot: int,
    type_id: str,
    data: dict[str, Any],
    answer: Any,
    credit: float | None,
    mark: float | None,
    prompt: str,
    points: float,
    explanation: str | None,
    evidence: list[Any],
) -> ReviewItem:
    """One graded slot as the review shows it (pure: the stored grade, the key, feedback)."""
    qtype = get_type(type_id)
    if answer is None:
        grade, answer_text = Grade(0.0), ""
    else:
        grade, answer_text = qtype.grade(data, answer), qtype.describe_answer(data, answer)
    return ReviewItem(
        slot=slot,
        mark=mark,
        prompt=prompt,
        points=points,
        explanation=explanation,
        type_label=qtype.label,
        your_answer=answer_text,
        correct_answer=qtype.describe_key(data),
        outcome="unanswered" if answer is None else Grade(credit or 0).outcome,
        feedback=grade.feedback,
        evidence=evidence,
        markdown=type_id not in TYPED_ANSWERS,
    )


def review_items_from_rows(
    slots: list[GradedSlot], quotes: dict[int, list[Quote]]
) -> list[ReviewItem]:
    """The same items from plain rows (`AttemptPage.graded_slots`, `quotes_by_version`)."""
    return [
        review_item(
            s.slot,
            s.type,
            s.data,
            s.answer,
            s.credit,
            s.mark,
            s.prompt,
            s.points,
            s.explanation,
            quotes.get(s.version_id, []),
        )  # fmt: skip
        for s in slots
    ]
