"""Read GIFT as Moodle's qformat_gift reads it, stricter where Moodle would lose data.

A file is a run of paragraphs separated by blank lines; each is a question, a `$CATEGORY:`
directive, or only comments. Comment lines may carry the app's own extensions, which Moodle
ignores: `// evidence: quote` (repeatable), `// points: 2`, `// unit: km`,
`// shuffle: false`, and `// module: slug` / `// description: text` before a `$CATEGORY:`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from .canonical import canonical_question, slugify
from .model import Fault, ParseResult
from .textutil import (
    parse_number,
    parse_numeric_answer,
    protect,
    reserved_char_line,
    restore,
    split_lines,
    strip_bom,
    take_weight,
    unescape_comment,
)

BRACE_ERROR = "Could not find {...} around answers"
NOT_ENOUGH = "There are not enough answers for this question type"
MATCHING_FORMAT = "Matching question answers are improperly formatted"
NO_NUMERIC = "No answers found for numerical question"

_SPECIALS = "~=#{}:"
_FORMAT_MARK = re.compile(r"\[(?:html|moodle|plain|markdown)\]")
_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
_META = re.compile(r"(evidence|points|unit|shuffle|module|description):\s?(.*)")
_IDNUMBER = re.compile(r"\[id:([^\]]*)\]")


@dataclass
class _Meta:
    """What the comment lines of one paragraph say."""

    evidence: list[str] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)
    idnumber: str = ""
    first_line: int = 0


@dataclass
class _Text:
    """A question's text with escapes protected, and a map from offsets back to file lines."""

    text: str
    starts: list[int]
    linenos: list[int]

    @classmethod
    def from_lines(cls, lines: list[tuple[int, str]]) -> _Text:
        starts, offset = [], 0
        for _, line in lines:
            starts.append(offset)
            offset += len(protect(line, _SPECIALS, newline=True)) + 1
        text = protect("\n".join(line for _, line in lines), _SPECIALS, newline=True)
        return cls(text, starts, [n for n, _ in lines])

    def line_at(self, offset: int) -> int:
        return self.linenos[max(0, bisect.bisect_right(self.starts, offset) - 1)]


@dataclass
class _Piece:
    """One answer of a block: the marker before it ('~', '=' or ''), its text, its offset."""

    marker: str
    text: str
    offset: int


def parse_gift(text: str) -> ParseResult:
    result = ParseResult("gift")
    text = strip_bom(text)
    bad_line = reserved_char_line(text)
    if bad_line is not None:
        result.error(bad_line, "the file contains a character from Unicode plane 15 (private use)")
        return result
    category: str | None = None
    for paragraph in _paragraphs(split_lines(text)):
        try:
            category = _read_paragraph(paragraph, category, result)
        except Fault as fault:
            result.error(fault.line, fault.message)
    return result


def _paragraphs(lines: list[str]) -> list[list[tuple[int, str]]]:
    paragraphs: list[list[tuple[int, str]]] = [[]]
    for number, line in enumerate(lines, start=1):
        if line.strip():
            paragraphs[-1].append((number, line.strip()))
        elif paragraphs[-1]:
            paragraphs.append([])
    return [p for p in paragraphs if p]


def _read_paragraph(
    paragraph: list[tuple[int, str]], category: str | None, result: ParseResult
) -> str | None:
    """Read one paragraph; return the category in force after it."""
    body = [(n, line) for n, line in paragraph if not line.startswith("//")]
    meta = _read_comments([(n, line) for n, line in paragraph if line.startswith("//")])
    if body and body[0][1].startswith("$CATEGORY:"):
        category = _read_category(body[0][1][len("$CATEGORY:"):].strip(), meta, result)
        body = body[1:]
    if body:
        _read_question(body, meta, category, result)
    elif meta.evidence:
        result.warn(meta.first_line, "evidence comment not attached to a question (remove the "
                                     "blank line between them)")
    return category


def _read_comments(comments: list[tuple[int, str]]) -> _Meta:
    meta = _Meta(first_line=comments[0][0] if comments else 0)
    for number, line in comments:
        body = line[2:].strip()
        found = _IDNUMBER.search(body)
        if found:
            meta.idnumber = found.group(1).strip()
        match = _META.fullmatch(body)
        if match is None:
            continue
        key, value = match.group(1), unescape_comment(match.group(2).strip())
        if key == "evidence":
            meta.evidence.append(value)
        elif key == "points" and parse_number(value) is None:
            raise Fault(number, f"points must be a number, got '{value}'")
        else:
            meta.values[key] = value
    return meta


def _read_category(path: str, meta: _Meta, result: ParseResult) -> str | None:
    """A `$CATEGORY:` line. Our own exports mark the module's category with `// module:`."""
    result.add_category(path)
    if "module" not in meta.values:
        return path
    title = re.split(r"(?<!/)/(?!/)", path)[-1].replace("//", "/")
    result.module = {"slug": meta.values["module"], "title": title,
                     "description": meta.values.get("description", "")}
    return None


def _read_question(
    body: list[tuple[int, str]], meta: _Meta, category: str | None, result: ParseResult
) -> None:
    source = _Text.from_lines(body)
    first_line, text, start, name = body[0][0], source.text, 0, ""
    if text.startswith("::"):
        end = text.find("::", 2)
        if end < 0:
            raise Fault(first_line, "Question name is not closed with '::'")
        name, start = restore(text[2:end]).strip(), end + 2
    block = _find_block(source, start)
    if block is None:
        result.skip(first_line, "description (no answer block)")
        return
    opening, closing = block
    after = text[closing + 1:]
    prompt = text[start:opening] + ("_____" + after if after.strip() else "")
    answers = text[opening + 1:closing]
    explanation = ""
    general = answers.rfind("####")
    if general >= 0:
        answers, explanation = answers[:general], _clean(answers[general + 4:])
    keys = _read_answers(answers, opening + 1, source, result)
    if keys is None:
        result.skip(first_line, _skip_reason(answers))
        return
    ident = slugify(name or meta.idnumber)
    data: dict[str, Any] = {"id": ident} if ident else {}
    data |= {"type": keys.pop("type"), "prompt": _clean(prompt),
             "points": parse_number(meta.values.get("points", "1")), **keys,
             "explanation": explanation, "evidence": meta.evidence}
    _apply_extras(data, meta, category)
    result.add(first_line, canonical_question(data))


def _apply_extras(data: dict[str, Any], meta: _Meta, category: str | None) -> None:
    if data["type"] == "numeric" and meta.values.get("unit"):
        data["unit"] = meta.values["unit"]
    if data["type"] in ("single_choice", "multiple_response") and "shuffle" in meta.values:
        data["shuffle"] = meta.values["shuffle"].lower() not in ("false", "0", "no")
    if category:
        data["category"] = category


def _find_block(source: _Text, start: int) -> tuple[int, int] | None:
    """Offsets of the answer block's braces; None for a description. Faults if unbalanced."""
    text = source.text
    opening, closing = text.find("{", start), text.find("}", start)
    if opening < 0 and closing < 0:
        return None
    if opening < 0 or closing < opening:
        raise Fault(source.line_at(closing), f"{BRACE_ERROR}: '}}' without an opening '{{'")
    if closing < 0:
        raise Fault(source.line_at(opening), f"{BRACE_ERROR}: this '{{' is never closed")
    inner = text.find("{", opening + 1, closing)
    if inner >= 0:
        raise Fault(source.line_at(opening), f"{BRACE_ERROR}: this '{{' is not closed before the "
                                             f"next '{{' on line {source.line_at(inner)}")
    extra = [i for i in (text.find("{", closing + 1), text.find("}", closing + 1)) if i >= 0]
    if extra:
        raise Fault(source.line_at(min(extra)), "Only one answer block {...} is allowed per "
                                                "question; write \\{ and \\} for literal braces")
    return opening, closing


def _skip_reason(answers: str) -> str:
    if answers.strip().startswith(">"):
        return "ordering questions ({>...}, the qtype_ordering GIFT extension) are not supported"
    return "essay questions are not supported"


def _read_answers(
    answers: str, base: int, source: _Text, result: ParseResult
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


def _clean(text: str) -> str:
    """Drop a leading [format] marker, turn placeholders back into characters, trim."""
    text = text.strip()
    mark = _FORMAT_MARK.match(text)
    return restore(text[mark.end():] if mark else text).strip()


def _with_feedback(text: str) -> tuple[str, str]:
    head, _, feedback = text.partition("#")
    return _clean(head), _clean(feedback)


def _entry(piece: _Piece, default: float, source: _Text, key: str = "text") -> dict[str, Any]:
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
    elif not _clean(head):
        raise Fault(line, "An answer has no text")
    else:
        entry["text"] = _clean(head)
    entry["credit"] = credit
    feedback = _clean(feedback_text)
    return entry | ({"feedback": feedback} if feedback else {})


def _choices(answers: str, base: int, source: _Text) -> dict[str, Any]:
    pieces = _pieces(answers, base, "~=")
    if len(pieces) < 2:
        raise Fault(source.line_at(base), NOT_ENOUGH)
    choices = [_entry(p, 1 if p.marker == "=" else 0, source) for p in pieces]
    single = any(p.marker == "=" for p in pieces)
    return {"type": "single_choice" if single else "multiple_response", "choices": choices}


def _short_answer(answers: str, base: int, source: _Text) -> dict[str, Any]:
    pieces = _pieces(answers, base, "=")
    if not pieces:
        raise Fault(source.line_at(base), NOT_ENOUGH)
    return {"type": "short_answer", "answers": [_entry(p, 1, source) for p in pieces]}


def _numeric(answers: str, base: int, source: _Text, result: ParseResult) -> dict[str, Any]:
    hash_at = answers.index("#")
    body, body_base = answers[hash_at + 1:], base + hash_at + 1
    tilde = body.find("~")
    if tilde >= 0:
        result.warn(source.line_at(body_base + tilde), "catch-all wrong-answer feedback (~#...) "
                                                       "dropped: the app has no catch-all answer")
        body = body[:tilde]
    pieces = _pieces(body, body_base, "=")
    if not pieces:
        raise Fault(source.line_at(base), NO_NUMERIC)
    return {"type": "numeric", "answers": [_entry(p, 1, source, "value") for p in pieces]}


def _matching(answers: str, base: int, source: _Text) -> dict[str, Any]:
    pieces = _pieces(answers, base, "=")
    if len(pieces) < 2:
        raise Fault(source.line_at(base), NOT_ENOUGH)
    pairs, distractors = [], []
    for piece in pieces:
        left, arrow, right = piece.text.partition("->")
        if not arrow:
            raise Fault(source.line_at(piece.offset), MATCHING_FORMAT)
        if _clean(left):
            pairs.append({"left": _clean(left), "right": _clean(right)})
        else:
            distractors.append(_clean(right))
    return {"type": "matching", "pairs": pairs, "distractors": distractors}


def _true_false(body: str) -> dict[str, Any]:
    """`{TRUE#fb1#fb2}`: fb1 is for a student who picked the wrong value, fb2 the right one."""
    parts = body.split("#", 2) + ["", ""]
    answer = _TRUE_FALSE[parts[0].strip()]
    wrong, right = _clean(parts[1]), _clean(parts[2])
    return {"type": "true_false", "answer": answer,
            "feedback_true": right if answer else wrong,
            "feedback_false": wrong if answer else right}
