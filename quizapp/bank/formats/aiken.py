"""Read Aiken (one-line single-answer multiple choice) as Moodle's qformat_aiken reads it.

Stricter than Moodle in three ways, each of which Moodle would let through with the wrong key:
option letters must run A, B, C... (Moodle maps `ANSWER: C` to the third option whatever its
label); the ANSWER line must name exactly one letter; and a question left open at the end of
the file is an error (Moodle drops it silently).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .canonical import canonical_question
from .model import ParseResult
from .textutil import split_lines, strip_bom

_OPTION = re.compile(r"([A-Z])[.)][ \t]?(.*)", re.DOTALL)
_ANSWER = re.compile(r"ANSWER:(.*)", re.DOTALL)


@dataclass
class _Open:
    """The question being read: its line, its text and its options so far."""

    line: int
    prompt: str
    options: list[str] = field(default_factory=list)


def parse_aiken(text: str) -> ParseResult:
    result = ParseResult("aiken")
    current: _Open | None = None
    for number, raw in enumerate(split_lines(strip_bom(text)), start=1):
        line = raw.strip()
        if len(line) < 2:  # Moodle skips blank and one-character lines
            continue
        option, answer = _OPTION.fullmatch(line), _ANSWER.fullmatch(line)
        if option:
            current = _option(current, option, number, result)
        elif answer:
            _finish(current, answer.group(1).strip(), number, result)
            current = None
        else:
            if current is not None:
                result.error(
                    number, f"Question not completed before next question start on line {number}"
                )
            current = _Open(number, line)
    if current is not None:
        result.error(
            current.line,
            f"Question not completed: the question on line "
            f"{current.line} has no ANSWER line before the end of file",
        )
    return result


def _option(
    current: _Open | None, match: re.Match[str], number: int, result: ParseResult
) -> _Open | None:
    if current is None:
        result.error(number, f"Question not started on line {number}")
        return None
    expected = chr(ord("A") + len(current.options))
    if match.group(1) != expected:
        result.error(
            number,
            f"Option {match.group(1)} on line {number} is out of sequence (expected {expected})",
        )
    current.options.append(match.group(2).strip())
    return current


def _finish(current: _Open | None, answer: str, number: int, result: ParseResult) -> None:
    if current is None:
        result.error(number, f"Question not started on line {number}")
        return
    if len(current.options) < 2:
        result.error(number, f"Question must have at least 2 answers on line {number}")
        return
    index = ord(answer[0]) - ord("A") if len(answer) == 1 else -1
    if not 0 <= index < len(current.options):
        letters = ", ".join(chr(ord("A") + i) for i in range(len(current.options)))
        result.error(
            number,
            f"ANSWER on line {number} must be one of the option letters "
            f"({letters}), got '{answer}'",
        )
        return
    choices: list[dict[str, Any]] = [
        {"text": text, "credit": 1 if i == index else 0} for i, text in enumerate(current.options)
    ]
    result.add(
        current.line,
        canonical_question({"type": "single_choice", "prompt": current.prompt, "choices": choices}),
    )
