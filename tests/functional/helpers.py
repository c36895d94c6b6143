"""Answering a quiz through the test client as a student would."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from werkzeug.datastructures import MultiDict

from quizapp.extensions import db
from quizapp.models import Attempt
from quizapp.question_types import get_type


def attempt_id_from(response) -> int:
    match = re.search(r"/attempts/(\d+)", response.request.path)
    assert match, response.request.path
    return int(match.group(1))


def form_fields(response_row, answer) -> list[tuple[str, str]]:
    """The form fields a browser would send for `answer` in this slot's layout."""
    version, layout, name = response_row.version, response_row.layout, f"q{response_row.slot}"
    values = get_type(version.type).form_values(version.data, layout, answer)
    if version.type == "multiple_response":
        return [(name, str(v)) for v in values]
    if version.type in ("ordering", "matching", "cloze"):
        return [(f"{name}-{pos}", str(v)) for pos, v in values.items()]
    if version.type == "true_false":
        return [(name, values)]
    return [(name, str(values))]


def correct_form(attempt: Attempt, action: str = "submit", skip: int | None = None) -> MultiDict:
    """Form data answering every slot (but `skip`) with a full-credit answer."""
    fields = [("action", action)]
    for row in attempt.responses:
        if row.slot != skip:
            fields += form_fields(row, get_type(row.version.type).model_answer(row.version.data))
    return MultiDict(fields)


@contextmanager
def counting() -> Iterator[list[str]]:
    """Every SQL statement run inside the block, in order."""
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
