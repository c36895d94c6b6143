"""Text helpers shared by the line-based formats (GIFT, Aiken, CSV cells)."""

from __future__ import annotations

import re

from .canonical import tidy_credit, tidy_number

# Backslash escapes are swapped for characters of Unicode's private use plane 15 while a text
# is split on its control characters, then swapped back (Moodle does the same with "&&058;").
_PLACEHOLDER_BASE = 0xF0000
_PLACEHOLDERS = re.compile("[\U000f0000-\U000f007f]")
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_WEIGHT = re.compile(r"%\s*([-+]?[0-9.]+)\s*%")


def split_lines(text: str) -> list[str]:
    """Lines as an editor numbers them (\\r\\n, \\r and \\n all end a line, nothing else)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def strip_bom(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text


def reserved_char_line(text: str) -> int | None:
    """Line of the first character we use as a placeholder, which a file must not contain."""
    found = _PLACEHOLDERS.search(text)
    return None if found is None else len(split_lines(text[: found.start()]))


def protect(text: str, specials: str, newline: bool) -> str:
    r"""Replace `\c` (c in specials, or a backslash) by a placeholder; `\n` too if `newline`.

    Any other backslash is left alone, as Moodle does (so TeX such as `\alpha` survives).
    """

    def swap(match: re.Match[str]) -> str:
        char = match.group(1)
        if char == "\\" or char in specials:
            return chr(_PLACEHOLDER_BASE + ord(char))
        if newline and char == "n":
            return chr(_PLACEHOLDER_BASE + ord("\n"))
        return match.group(0)

    return _ESCAPE.sub(swap, text)


def restore(text: str) -> str:
    """Turn placeholders back into the characters they stand for."""
    return _PLACEHOLDERS.sub(lambda m: chr(ord(m.group(0)) - _PLACEHOLDER_BASE), text)


def parse_number(text: str) -> float | None:
    """A plain decimal number (no 'inf', 'nan', '1_000' or thousands separators)."""
    text = text.strip()
    return float(text) if _NUMBER.fullmatch(text) else None


def parse_numeric_answer(text: str) -> tuple[int | float, int | float]:
    """(value, tolerance) from `value`, `value:tolerance` or `min..max`; ValueError if not numbers.

    Moodle turns a non-numeric answer into "accept anything"; we refuse it instead.
    """
    text = text.strip()
    if text.find("..") > 0:
        low_text, high_text = text.split("..", 1)
        low, high = parse_number(low_text), parse_number(high_text)
        if low is None or high is None:
            raise ValueError(f"Numerical range must be two numbers, got '{text}'")
        middle = (low + high) / 2
        return tidy_number(middle), tidy_number(high - middle)
    value_text, tolerance_text = text, "0"
    if text.find(":") > 0:
        value_text, tolerance_text = text.split(":", 1)
    value = parse_number(value_text)
    if value is None:
        raise ValueError(f"Numerical answer must be a number, got '{value_text.strip()}'")
    tolerance = parse_number(tolerance_text)
    if tolerance is None:
        raise ValueError(f"Numerical tolerance must be a number, got '{tolerance_text.strip()}'")
    return tidy_number(value), tidy_number(tolerance)


def take_weight(text: str, default: float) -> tuple[int | float, str]:
    """Split a leading `%50%` weight off an answer: (credit, rest). ValueError if malformed.

    Text that merely starts with '%' (such as '%age') is not a weight and is left alone.
    """
    stripped = text.lstrip()
    match = _WEIGHT.match(stripped)
    if match is None:
        return tidy_credit(default), text
    weight = parse_number(match.group(1))
    if weight is None:
        raise ValueError(f"Answer weight %{match.group(1)}% is not a number")
    if not -100 <= weight <= 100:
        raise ValueError(f"Answer weight %{match.group(1)}% must be between -100% and 100%")
    return tidy_credit(weight / 100), stripped[match.end() :]


def escape_comment(text: str) -> str:
    """A text on one comment line: backslash and newline escaped, nothing else."""
    return text.replace("\\", "\\\\").replace("\r", "").replace("\n", "\\n")


def unescape_comment(text: str) -> str:
    return re.sub(r"\\([\\n])", lambda m: "\n" if m.group(1) == "n" else "\\", text)
