"""Write a module as GIFT that Moodle imports, and that `parse_gift` reads back unchanged.

Layout follows Moodle's own GIFT export (`// question: N  name: ID`, tab-indented answers,
explicit %100% weights on short-answer and numerical answers, `{TRUE#wrong#right}`). What GIFT
cannot say is carried in comment lines Moodle ignores: evidence, points, unit, shuffle.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .canonical import canonical_question, number_text, percent_text
from .model import ExportResult
from .textutil import escape_comment

_RESERVED = {
    "\\": "\\\\",
    "~": "\\~",
    "=": "\\=",
    "#": "\\#",
    "{": "\\{",
    "}": "\\}",
    ":": "\\:",
    "\n": "\\n",
    "\r": "",
}
_FORMAT_MARK = re.compile(r"\[(?:html|moodle|plain|markdown)\]")
BLANK = "_____"
_Block = tuple[str, list[str] | None]  # (opening text, answer lines or None for one line)


def module_category(module: dict[str, Any]) -> str | None:
    """Moodle category path for the module, e.g. `$course$/top/History` ('/' doubled)."""
    title = " ".join(str(module.get("title") or "").split())  # a path is one line
    if not title or not module.get("slug"):
        return None
    return "$course$/top/" + title.replace("/", "//")


def escape(text: str) -> str:
    """Escape GIFT's control characters; newlines become `\\n` so a text stays on one line."""
    return "".join(_RESERVED.get(char, char) for char in text)


def export_gift(module: dict[str, Any]) -> ExportResult:
    warnings: list[str] = []
    title = escape_comment(str(module.get("title") or module.get("slug") or "questions"))
    out = [f"// Exported from quizapp - {title}", ""]
    module_path = module_category(module)
    current: str | None = None
    if module_path:
        out += _category(module_path, module)
        current = module_path
    for number, raw in enumerate(module.get("questions") or [], start=1):
        question = canonical_question(raw)
        wanted = question.get("category") or module_path
        label = f"question {number} ({question.get('id', 'no id')})"
        if wanted and wanted != current:
            out += _category(wanted, module if wanted == module_path else None)
            current = wanted
        elif current and not wanted:
            warnings.append(f"{label}: has no category but follows one; GIFT files it there")
        out += _question(number, question, warnings, label) + [""]
    return ExportResult("\n".join(out), warnings)


def _category(path: str, module: dict[str, Any] | None) -> list[str]:
    lines = []
    if module is not None:
        lines.append(f"// module: {escape_comment(str(module['slug']))}")
        if module.get("description"):
            lines.append(f"// description: {escape_comment(str(module['description']).strip())}")
    return lines + [f"$CATEGORY: {path}", ""]


def _question(number: int, q: dict[str, Any], warnings: list[str], label: str) -> list[str]:
    ident = str(q.get("id", ""))
    lines = [f"// question: {number}  name: {ident}"]
    writer = _WRITERS.get(q["type"])
    if writer is None:
        warnings.append(f"{label}: {q['type']} questions cannot be written as GIFT; left out")
        return lines + [f"// {q['type']} question {ident} cannot be written as GIFT"]
    lines += [f"// evidence: {escape_comment(quote)}" for quote in q["evidence"]]
    if q["points"] != 1:
        lines.append(f"// points: {number_text(q['points'])}")
    if q.get("shuffle") is False:
        lines.append("// shuffle: false")
    if q.get("unit"):
        lines.append(f"// unit: {escape_comment(q['unit'])}")
    name = f"::{escape(ident)}::" if ident else ""
    block = _block(q, *writer(q, warnings, label))
    return lines + (name + "[markdown]" + _place(q["prompt"], block)).split("\n")


def _block(q: dict[str, Any], opening: str, lines: list[str] | None) -> str:
    """Close a block, general feedback last; `lines` None means a one-line block."""
    general = "####" + _answer_text(q["explanation"]) if q["explanation"] else ""
    if lines is None:
        return opening + general + "}"
    lines = lines + [general] if general else lines
    return opening + "\n" + "".join(f"\t{line}\n" for line in lines) + "}"


def _place(prompt: str, block: str) -> str:
    """Put the block where the prompt's one `_____` blank is, unless the blank ends the prompt
    (GIFT would read a block at the very end as "no blank")."""
    if prompt.count(BLANK) == 1 and prompt.split(BLANK)[1].strip():
        before, after = prompt.split(BLANK)
        return escape(before) + block + escape(after)
    return escape(prompt) + block


def _answer_text(text: str) -> str:
    """Escape an answer or feedback; guard a text that itself starts like a [format] marker."""
    return ("[markdown]" if _FORMAT_MARK.match(text) else "") + escape(text)


def _feedback(entry: dict[str, Any]) -> str:
    return "#" + _answer_text(entry["feedback"]) if entry.get("feedback") else ""


def _choices(q: dict[str, Any], warnings: list[str], label: str) -> _Block:
    single, lines = q["type"] == "single_choice", []
    for choice in q["choices"]:
        credit, text = choice["credit"], choice["text"]
        explicit = text.startswith("%")  # a leading %...% would read as a weight
        if single and credit == 1:
            mark = "=%100%" if explicit else "="
        elif credit == 0:
            mark = "~%0%" if explicit else "~"
        else:
            mark = f"~%{percent_text(credit)}%"
        lines.append(mark + _answer_text(text) + _feedback(choice))
    return "{", lines


def _true_false(q: dict[str, Any], warnings: list[str], label: str) -> _Block:
    answer = q["answer"] is True
    right = q.get("feedback_true" if answer else "feedback_false", "")
    wrong = q.get("feedback_false" if answer else "feedback_true", "")
    text = "{" + ("TRUE" if answer else "FALSE")
    if wrong or right:
        text += "#" + _answer_text(wrong)
    if right:
        text += "#" + _answer_text(right)
    return text, None


def _short_answer(q: dict[str, Any], warnings: list[str], label: str) -> _Block:
    lines = []
    for answer in q["answers"]:
        line = f"=%{percent_text(answer['credit'])}%" + _answer_text(answer["text"])
        lines.append(line + _feedback(answer))
        if "->" in line + _feedback(answer):
            warnings.append(f"{label}: '->' in a short answer makes GIFT read it as matching")
    return "{", lines


def _numeric(q: dict[str, Any], warnings: list[str], label: str) -> _Block:
    lines = [
        f"=%{percent_text(a['credit'])}%{number_text(a['value'])}:{number_text(a['tolerance'])}"
        + _feedback(a)
        for a in q["answers"]
    ]
    return "{#", lines


def _matching(q: dict[str, Any], warnings: list[str], label: str) -> _Block:
    lines = []
    for pair in q["pairs"]:
        if "->" in pair["left"]:
            warnings.append(f"{label}: '->' in a left-hand item cannot be written in GIFT")
        lines.append(f"={_answer_text(pair['left'])} -> {escape(pair['right'])}")
    lines += [f"= -> {escape(d)}" for d in q.get("distractors", [])]
    return "{", lines


_WRITERS: dict[str, Callable[[dict[str, Any], list[str], str], _Block]] = {
    "single_choice": _choices,
    "multiple_response": _choices,
    "true_false": _true_false,
    "short_answer": _short_answer,
    "numeric": _numeric,
    "matching": _matching,
}
