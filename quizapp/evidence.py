"""Find evidence quotes in passages, ignoring whitespace and the style of quote marks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

QUOTE_MARKS = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "′": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "″": '"',
        "–": "-",
        "—": "-",
        "\u00a0": " ",
    }
)


@dataclass(frozen=True)
class Located:
    passage_index: int  # index into the sequence of passage texts searched
    start: int  # character offsets in the passage's own text
    end: int


def _folded(text: str) -> tuple[str, list[int]]:
    """Text with quote marks unified and whitespace runs collapsed, plus each char's origin."""
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text.translate(QUOTE_MARKS)):
        if ch.isspace():
            if not chars or chars[-1] == " ":
                continue
            ch = " "
        chars.append(ch)
        origin.append(i)
    while chars and chars[-1] == " ":
        chars.pop()
        origin.pop()
    return "".join(chars), origin


def locate(quote: str, passages: Sequence[str]) -> Located | None:
    """The first passage holding `quote` (whitespace- and quote-mark-insensitive)."""
    needle, _ = _folded(quote.strip())
    if not needle:
        return None
    for index, text in enumerate(passages):
        haystack, origin = _folded(text)
        at = haystack.find(needle)
        if at >= 0:
            return Located(index, origin[at], origin[at + len(needle) - 1] + 1)
    return None
