"""GIFT answer blocks: detect the question type in Moodle's order and read its answers.

Offsets are into the question's protected text (see `SourceText`), so every fault can name the
line of the answer it is about, even inside a block spread over several lines.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

from .model import Fault, ParseResult
from .textutil import parse_numeric_answer, protect, restore, take_weight

NOT_ENOUGH = "There are not enough answers for this question type"
MATCHING_FORMAT = "Matching question answers are improperly formatted"
NO_NUMERIC = "No answers found for numerical question"
SPECIALS = "~=#{}:"

_FORMAT_MARK = re.compile(r"\[(?:html|moodle|plain|markdown)\]")
_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}


@dataclass
class SourceText:
    """A question's text with escapes protected, and a map from offsets back to file lines."""

    text: str
    starts: list[int]
    linenos: list[int]

    @classmethod
    def from_lines(cls, lines: list[tuple[int, str]]) -> SourceText:
        protected = [protect(line, SPECIALS, newline=True) for _, line in lines]
        starts, offset = [], 0
        for line in protected:
            starts.append(offset)
            offset += len(line) + 1
        return cls("\n".join(protected), starts, [n for n, _ in lines])

    def line_at(self, offset: int) -> int:
        return self.linenos[max(0, bisect.bisect_right(self.starts, offset) - 1)]


@dataclass
class _Piece:
    """One answer of a block: the marker before it ('~', '=' or ''), its text, its offset."""

    marker: str
    text: str
    offset: int


def read_answers(
    answers: str, base: int, source: SourceText, result: ParseResult
) -> dict[str, Any] | None:
    """The type and type keys of an answer block, detected in Moodle's order; None to skip."""
    body = answers.strip()
    if not body or body.startswith(">"):
        return None
    if body.startswith("#"):
        return _numeric(answers, base, source, result)
    if "~" in body:
        return _choices(answers, base, source)
    if "=" in body and "->" in body:
        return _matching(answers, base, source)
    if body.split("#", 1)[0].strip() in _TRUE_FALSE:
        return _true_false(body)
    return _short_answer(answers, base, source)


def _pieces(text: str, base: int, markers: str) -> list[_Piece]:
    """Split at each marker character; a non-blank run before the first marker counts too."""
    pieces, start, marker = [], 0, ""
    for index, char in enumerate(text + markers[0]):
        if char in markers:
            chunk = text[start:index]
            pad = len(chunk) - len(chunk.lstrip())
            pieces.append(_Piece(marker, chunk.strip(), base + start + pad))
            marker, start = char, index + 1
    return pieces if pieces[0].text or pieces[0].marker else pieces[1:]


def clean(text: str) -> str:
    """Drop a leading [format] marker, turn placeholders back into characters, trim."""
    text = text.strip()
    mark = _FORMAT_MARK.match(text)
    return restore(text[mark.end() :] if mark else text).strip()


def _entry(piece: _Piece, default: float, source: SourceText, key: str = "text") -> dict[str, Any]:
    line = source.line_at(piece.offset)
    try:
        credit, rest = take_weight(piece.text, default)
    except ValueError as exc:
        raise Fault(line, str(exc)) from None
    head, _, feedback_text = rest.partition("#")
    entry: dict[str, Any] = {}
    if key == "value":
        try:
            entry["value"], entry["tolerance"] = parse_numeric_answer(head)
        except ValueError as exc:
            raise Fault(line, str(exc)) from None
    elif not clean(head):
        raise Fault(line, "An answer has no text")
    else:
        entry["text"] = clean(head)
    entry["credit"] = credit
    feedback = clean(feedback_text)
    return entry | ({"feedback": feedback} if feedback else {})


def _choices(answers: str, base: int, source: SourceText) -> dict[str, Any]:
    pieces = _pieces(answers, base, "~=")
    if len(pieces) < 2:
        raise Fault(source.line_at(base), NOT_ENOUGH)
    choices = [_entry(p, 1 if p.marker == "=" else 0, source) for p in pieces]
    single = any(p.marker == "=" for p in pieces)
    return {"type": "single_choice" if single else "multiple_response", "choices": choices}


def _short_answer(answers: str, base: int, source: SourceText) -> dict[str, Any]:
    pieces = _pieces(answers, base, "=")
    if not pieces:
        raise Fault(source.line_at(base), NOT_ENOUGH)
    return {"type": "short_answer", "answers": [_entry(p, 1, source) for p in pieces]}


def _numeric(answers: str, base: int, source: SourceText, result: ParseResult) -> dict[str, Any]:
    hash_at = answers.index("#")
    body, body_base = answers[hash_at + 1 :], base + hash_at + 1
    tilde = body.find("~")
    if tilde >= 0:
        result.warn(
            source.line_at(body_base + tilde),
            "catch-all wrong-answer feedback (~#...) dropped: the app has no catch-all answer",
        )
        body = body[:tilde]
    pieces = _pieces(body, body_base, "=")
    if not pieces:
        raise Fault(source.line_at(base), NO_NUMERIC)
    return {"type": "numeric", "answers": [_entry(p, 1, source, "value") for p in pieces]}


def _matching(answers: str, base: int, source: SourceText) -> dict[str, Any]:
    pieces = _pieces(answers, base, "=")
    if len(pieces) < 2:
        raise Fault(source.line_at(base), NOT_ENOUGH)
    pairs, distractors = [], []
    for piece in pieces:
        left, arrow, right = piece.text.partition("->")
        if not arrow:
            raise Fault(source.line_at(piece.offset), MATCHING_FORMAT)
        # Like Moodle, a [format] marker means something on the left only.
        if clean(left):
            pairs.append({"left": clean(left), "right": restore(right).strip()})
        else:
            distractors.append(restore(right).strip())
    return {"type": "matching", "pairs": pairs, "distractors": distractors}


def _true_false(body: str) -> dict[str, Any]:
    """`{TRUE#fb1#fb2}`: fb1 is for a student who picked the wrong value, fb2 the right one."""
    parts = body.split("#", 2) + ["", ""]
    answer = _TRUE_FALSE[parts[0].strip()]
    wrong, right = clean(parts[1]), clean(parts[2])
    return {
        "type": "true_false",
        "answer": answer,
        "feedback_true": right if answer else wrong,
        "feedback_false": wrong if answer else right,
    }
