"""Read GIFT as Moodle's qformat_gift reads it, stricter where Moodle would lose data.

A file is a run of paragraphs separated by blank lines; each is a question, a `$CATEGORY:`
directive, or only comments. Comment lines may carry the app's own extensions, which Moodle
ignores: `// evidence: quote` (repeatable), `// points: 2`, `// unit: km`,
`// shuffle: false`, and `// module: slug` / `// description: text` before a `$CATEGORY:`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .canonical import canonical_question, slugify
from .gift_answers import SourceText, clean, read_answers
from .model import Fault, ParseResult
from .textutil import (
    parse_number,
    reserved_char_line,
    restore,
    split_lines,
    strip_bom,
    unescape_comment,
)

BRACE_ERROR = "Could not find {...} around answers"

_META = re.compile(r"(evidence|points|unit|shuffle|module|description):\s?(.*)")
_IDNUMBER = re.compile(r"\[id:([^\]]*)\]")


@dataclass
class _Meta:
    """What the comment lines of one paragraph say."""

    evidence: list[str] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)
    idnumber: str = ""
    first_line: int = 0


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
        category = _read_category(body[0][1][len("$CATEGORY:") :].strip(), meta, result)
        body = body[1:]
    if body:
        _read_question(body, meta, category, result)
    elif meta.evidence:
        result.warn(
            meta.first_line,
            "evidence comment not attached to a question (remove the blank line between them)",
        )
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
    result.module = {
        "slug": meta.values["module"],
        "title": title,
        "description": meta.values.get("description", ""),
    }
    return None


def _read_question(
    body: list[tuple[int, str]], meta: _Meta, category: str | None, result: ParseResult
) -> None:
    source = SourceText.from_lines(body)
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
    after = text[closing + 1 :]
    prompt = text[start:opening] + ("_____" + after if after.strip() else "")
    answers = text[opening + 1 : closing]
    explanation = ""
    general = answers.rfind("####")
    if general >= 0:
        answers, explanation = answers[:general], clean(answers[general + 4 :])
    keys = read_answers(answers, opening + 1, source, result)
    if keys is None:
        result.skip(first_line, _skip_reason(answers))
        return
    ident = slugify(name or meta.idnumber)
    data: dict[str, Any] = {"id": ident} if ident else {}
    data |= {
        "type": keys.pop("type"),
        "prompt": clean(prompt),
        "points": parse_number(meta.values.get("points", "1")),
        **keys,
        "explanation": explanation,
        "evidence": meta.evidence,
    }
    _apply_extras(data, meta, category)
    result.add(first_line, canonical_question(data))


def _apply_extras(data: dict[str, Any], meta: _Meta, category: str | None) -> None:
    if data["type"] == "numeric" and meta.values.get("unit"):
        data["unit"] = meta.values["unit"]
    if data["type"] in ("single_choice", "multiple_response") and "shuffle" in meta.values:
        data["shuffle"] = meta.values["shuffle"].lower() not in ("false", "0", "no")
    if category:
        data["category"] = category


def _find_block(source: SourceText, start: int) -> tuple[int, int] | None:
    """Offsets of the answer block's braces; None for a description. Faults if unbalanced."""
    text = source.text
    opening, closing = text.find("{", start), text.find("}", start)
    if opening < 0 and closing < 0:
        return None
    if closing < 0:
        raise Fault(source.line_at(opening), f"{BRACE_ERROR}: this '{{' is never closed")
    if opening < 0 or closing < opening:
        raise Fault(source.line_at(closing), f"{BRACE_ERROR}: '}}' without an opening '{{'")
    inner = text.find("{", opening + 1, closing)
    if inner >= 0:
        raise Fault(
            source.line_at(opening),
            f"{BRACE_ERROR}: this '{{' is not closed before the "
            f"next '{{' on line {source.line_at(inner)}",
        )
    extra = [i for i in (text.find("{", closing + 1), text.find("}", closing + 1)) if i >= 0]
    if extra:
        raise Fault(
            source.line_at(min(extra)),
            "Only one answer block {...} is allowed per "
            "question; write \\{ and \\} for literal braces",
        )
    return opening, closing


def _skip_reason(answers: str) -> str:
    if answers.strip().startswith(">"):
        return "ordering questions ({>...}, the qtype_ordering GIFT extension) are not supported"
    return "essay questions are not supported"
