"""Read the app's spreadsheet format: one question per row (see docs/import-formats.md).

Header (case-insensitive, any order; `type` and `prompt` required):
    id, type, prompt, choices, answer, explanation, evidence, points,
    unit, feedback_true, feedback_false, category
`choices` holds what the student picks from (choice types, ordering, matching); `answer` holds
what the student must give (true_false, short_answer, numeric). Lists are `|`-separated and a
backslash escapes any of  | # * = % - \\  inside them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from typing import Any

from .canonical import TYPES, canonical_question
from .model import Fault, ParseResult
from .textutil import parse_number, parse_numeric_answer, protect, restore, strip_bom, take_weight

COLUMNS = (
    "id",
    "type",
    "prompt",
    "choices",
    "answer",
    "explanation",
    "evidence",
    "points",
    "unit",
    "feedback_true",
    "feedback_false",
    "category",
)
REQUIRED = ("type", "prompt")
NOT_ENOUGH = "There are not enough answers for this question type"
_SPECIALS = "|#*=%-"
_USES_CHOICES = ("single_choice", "multiple_response", "ordering", "matching")
_ONLY_FOR = {
    "unit": ("numeric",),
    "feedback_true": ("true_false",),
    "feedback_false": ("true_false",),
}
_TRUE, _FALSE = ("true", "t", "yes", "1"), ("false", "f", "no", "0")


def parse_csv(text: str) -> ParseResult:
    result = ParseResult("csv")
    text = strip_bom(text)
    rows = _rows(text, _delimiter(text), result)
    if not rows:
        if not result.errors:
            result.error(1, "the file has no header row")
        return result
    header_line, header = rows[0]
    columns = _columns(header, header_line, result)
    if columns is None:
        return result
    for line, cells in rows[1:]:
        try:
            data = _question(_cells(columns, cells, line), line)
        except Fault as fault:
            result.error(fault.line, fault.message)
            continue
        if data.get("category"):
            result.add_category(data["category"])
        result.add(line, canonical_question(data))
    return result


def _delimiter(text: str) -> str:
    """Comma, semicolon (European spreadsheets) or tab: whichever the header line uses most."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    return max(",;\t", key=first.count)


def _rows(text: str, delimiter: str, result: ParseResult) -> list[tuple[int, list[str]]]:
    """Non-blank rows with the line each starts on (a quoted cell may span several lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, previous = [], 0
    try:
        for cells in reader:
            start, previous = previous + 1, reader.line_num
            if any(cell.strip() for cell in cells):
                rows.append((start, cells))
    except csv.Error as exc:
        result.error(reader.line_num, f"CSV error: {exc}")
    return rows


def _columns(header: list[str], line: int, result: ParseResult) -> list[str] | None:
    names = [name.strip().lower() for name in header]
    unknown = [n for n in names if n and n not in COLUMNS]
    missing = [n for n in REQUIRED if n not in names]
    duplicated = sorted({n for n in names if n and names.count(n) > 1})
    if unknown:
        result.error(line, f"unknown column(s): {', '.join(unknown)} (known: {', '.join(COLUMNS)})")
    if missing:
        result.error(line, f"missing required column(s): {', '.join(missing)}")
    if duplicated:
        result.error(line, f"column(s) named twice: {', '.join(duplicated)}")
    return None if unknown or missing or duplicated else names


def _cells(columns: list[str], cells: list[str], line: int) -> dict[str, str]:
    if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns) :]):
        raise Fault(
            line, f"the row has {len(cells)} cells but the header has {len(columns)} columns"
        )
    row = {}
    for name, cell in zip(columns, cells, strict=False):
        if not name and cell.strip():
            raise Fault(line, "a value is in a column that has no name in the header")
        row[name] = cell.strip()
    return row


def _question(row: dict[str, str], line: int) -> dict[str, Any]:
    qtype = row.get("type", "").lower()
    if qtype not in TYPES:
        raise Fault(
            line,
            f"unknown question type '{row.get('type', '')}' (expected one of: {', '.join(TYPES)})",
        )
    if not row.get("prompt"):
        raise Fault(line, "the prompt is empty")
    _check_columns(row, qtype, line)
    data: dict[str, Any] = {"id": row["id"]} if row.get("id") else {}
    data |= {"type": qtype, "prompt": row["prompt"], "points": _points(row, line)}
    data |= _READERS[qtype](row, line)
    data |= {
        "explanation": row.get("explanation", ""),
        "evidence": [restore(q) for q in _items(row.get("evidence", ""))],
    }
    for key in ("unit", "feedback_true", "feedback_false", "category"):
        if row.get(key):
            data[key] = row[key]
    return data


def _check_columns(row: dict[str, str], qtype: str, line: int) -> None:
    """Refuse values this type would ignore, rather than drop them silently."""
    unused = "answer" if qtype in _USES_CHOICES else "choices"
    if row.get(unused):
        used = "choices" if unused == "answer" else "answer"
        raise Fault(
            line, f"the '{unused}' column is not used by {qtype} questions (put them in '{used}')"
        )
    for key, types in _ONLY_FOR.items():
        if row.get(key) and qtype not in types:
            raise Fault(line, f"the '{key}' column is only for {' and '.join(types)} questions")


def _points(row: dict[str, str], line: int) -> float:
    if not row.get("points"):
        return 1
    points = parse_number(row["points"])
    if points is None:
        raise Fault(line, f"points must be a number, got '{row['points']}'")
    return points


def _items(cell: str) -> Iterator[str]:
    """The `|`-separated, non-blank items of a cell, escapes still protected."""
    for item in protect(cell, _SPECIALS, newline=False).split("|"):
        if item.strip():
            yield item.strip()


def _weighted(item: str, default: float, line: int) -> dict[str, Any]:
    """`[*|=|%w%] text [# feedback]` as {text, credit, feedback}."""
    if item[0] in "*=":
        credit, rest = 1, item[1:]
    else:
        try:
            credit, rest = take_weight(item, default)
        except ValueError as exc:
            raise Fault(line, str(exc)) from None
    head, _, feedback = rest.partition("#")
    entry: dict[str, Any] = {"text": restore(head).strip(), "credit": credit}
    if not entry["text"]:
        raise Fault(line, f"an answer has no text: '{restore(item)}'")
    return entry | ({"feedback": restore(feedback).strip()} if feedback.strip() else {})


def _choices(row: dict[str, str], line: int) -> dict[str, Any]:
    choices = [_weighted(item, 0, line) for item in _items(row.get("choices", ""))]
    if len(choices) < 2:
        raise Fault(line, NOT_ENOUGH)
    return {"choices": choices}


def _true_false(row: dict[str, str], line: int) -> dict[str, Any]:
    value = row.get("answer", "").lower()
    if value not in _TRUE + _FALSE:
        raise Fault(line, f"a true_false answer must be true or false, got '{row.get('answer')}'")
    return {"answer": value in _TRUE}


def _short_answer(row: dict[str, str], line: int) -> dict[str, Any]:
    answers = [_weighted(item, 1, line) for item in _items(row.get("answer", ""))]
    if not answers:
        raise Fault(line, NOT_ENOUGH)
    return {"answers": answers}


def _numeric(row: dict[str, str], line: int) -> dict[str, Any]:
    answers = []
    for item in _items(row.get("answer", "")):
        entry = _weighted(item, 1, line)
        try:
            value, tolerance = parse_numeric_answer(entry.pop("text"))
        except ValueError as exc:
            raise Fault(line, str(exc)) from None
        answers.append({"value": value, "tolerance": tolerance, **entry})
    if not answers:
        raise Fault(line, "No answers found for numerical question")
    return {"answers": answers}


def _ordering(row: dict[str, str], line: int) -> dict[str, Any]:
    return {"items": [restore(item) for item in _items(row.get("choices", ""))]}


def _matching(row: dict[str, str], line: int) -> dict[str, Any]:
    pairs, distractors = [], []
    for item in _items(row.get("choices", "")):
        left, arrow, right = item.partition("->")
        if not arrow:
            raise Fault(
                line,
                "Matching question answers are improperly formatted: "
                f"'{restore(item)}' has no '->'",
            )
        if left.strip():
            pairs.append({"left": restore(left).strip(), "right": restore(right).strip()})
        else:
            distractors.append(restore(right).strip())
    if len(pairs) + len(distractors) < 2:
        raise Fault(line, NOT_ENOUGH)
    return {"pairs": pairs, "distractors": distractors}


_READERS: dict[str, Callable[[dict[str, str], int], dict[str, Any]]] = {
    "single_choice": _choices,
    "multiple_response": _choices,
    "true_false": _true_false,
    "short_answer": _short_answer,
    "numeric": _numeric,
    "ordering": _ordering,
    "matching": _matching,
}
