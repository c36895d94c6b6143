"""Write a module as Moodle XML that Moodle imports and `parse_moodle_xml` reads back unchanged.

Texts are written with format="markdown" (the app's texts are Markdown, which Moodle renders).
The module becomes a category question (`$course$/top/<title>`) whose idnumber marks it as the
module's, so a re-import gets slug, title and description back without tagging every question.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

from .canonical import canonical_question, moodle_grade, number_text, percent_text
from .cloze_syntax import write_cloze
from .gift_export import module_category
from .model import ExportResult
from .moodle_xml_parse import MODULE_MARK

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_MOODLE_TYPES = {
    "single_choice": "multichoice",
    "multiple_response": "multichoice",
    "true_false": "truefalse",
    "short_answer": "shortanswer",
    "numeric": "numerical",
    "matching": "matching",
    "ordering": "ordering",
    "cloze": "cloze",
}


def export_moodle_xml(module: dict[str, Any]) -> ExportResult:
    warnings: list[str] = []
    root = ET.Element("quiz")
    module_path = module_category(module)
    current: str | None = None
    if module_path:
        root.append(_category(module_path, module, warnings))
        current = module_path
    for number, raw in enumerate(module.get("questions") or [], start=1):
        question = canonical_question(raw)
        label = f"question {number} ({question.get('id', 'no id')})"
        wanted = question.get("category") or module_path
        if wanted and wanted != current:
            own = wanted != module_path
            root.append(_category(wanted, None if own else module, warnings))
            current = wanted
        elif current and not wanted:
            warnings.append(f"{label}: has no category but follows one; Moodle files it there")
        ident = str(question.get("id", "")).replace("--", "- -")
        root.append(ET.Comment(f" question: {number}  name: {ident} "))
        root.append(_question(question, warnings, label))
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return ExportResult('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n", warnings)


def _safe(text: str, warnings: list[str]) -> str:
    clean = _NOT_XML.sub("", text)
    if clean != text:
        warnings.append(f"control characters that XML cannot hold were removed from {text!r}")
    return clean


def _leaf(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    element.text = text
    return element


def _text(
    parent: ET.Element, tag: str, text: str, warnings: list[str], fmt: str | None = "markdown"
) -> ET.Element:
    """`<tag format="markdown"><text>...</text></tag>`, Moodle's shape for every text."""
    element = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    _leaf(element, "text", _safe(text, warnings))
    return element


def _category(path: str, module: dict[str, Any] | None, warnings: list[str]) -> ET.Element:
    element = ET.Element("question", type="category")
    _text(element, "category", path, warnings, fmt=None)
    if module is not None:
        _text(element, "info", str(module.get("description") or "").strip(), warnings)
        _leaf(element, "idnumber", MODULE_MARK + str(module["slug"]))
    return element


def _question(q: dict[str, Any], warnings: list[str], label: str) -> ET.Element:
    element = ET.Element("question", type=_MOODLE_TYPES.get(q["type"], str(q["type"])))
    if q["type"] not in _MOODLE_TYPES:
        warnings.append(f"{label}: unknown type {q['type']!r}; Moodle will refuse it")
    ident = str(q.get("id") or "")
    _text(element, "name", ident or " ".join(q["prompt"].split())[:80], warnings, fmt=None)
    text = q["prompt"]
    if q["type"] == "cloze":  # Moodle has one text: the prompt, a blank line, the gapped text
        text = f"{q['prompt']}\n\n{write_cloze(q.get('text', ''), q.get('gaps', []))}"
    _text(element, "questiontext", text, warnings)
    _text(element, "generalfeedback", q["explanation"], warnings)
    _leaf(element, "defaultgrade", number_text(q["points"]))
    _leaf(element, "penalty", "0.3333333")
    _leaf(element, "hidden", "0")
    _leaf(element, "idnumber", ident)
    _WRITERS.get(q["type"], lambda *_: None)(element, q, warnings, label)
    for quote in q["evidence"]:
        _text(element, "evidence", quote, warnings, fmt=None)
    return element


def _fraction(credit: Any, warnings: list[str], label: str) -> str:
    grade = moodle_grade(float(credit))
    if grade is None:
        warnings.append(
            f"{label}: credit {credit} is not one of Moodle's grades; Moodle will "
            "refuse the question"
        )
        return percent_text(float(credit))
    return percent_text(grade)


def _answer(
    parent: ET.Element,
    fraction: str,
    text: str,
    feedback: str,
    warnings: list[str],
    fmt: str = "markdown",
) -> ET.Element:
    element = ET.SubElement(parent, "answer", {"fraction": fraction, "format": fmt})
    _leaf(element, "text", _safe(text, warnings))
    _text(element, "feedback", feedback, warnings)
    return element


def _combined_feedback(element: ET.Element, warnings: list[str]) -> None:
    for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
        _text(element, tag, "", warnings)


def _choices(element: ET.Element, q: dict[str, Any], warnings: list[str], label: str) -> None:
    _leaf(element, "single", "true" if q["type"] == "single_choice" else "false")
    _leaf(element, "shuffleanswers", "0" if q.get("shuffle") is False else "1")
    _leaf(element, "answernumbering", "abc")
    _leaf(element, "showstandardinstruction", "0")
    _combined_feedback(element, warnings)
    for choice in q["choices"]:
        _answer(
            element,
            _fraction(choice["credit"], warnings, label),
            choice["text"],
            choice.get("feedback", ""),
            warnings,
        )


def _true_false(element: ET.Element, q: dict[str, Any], warnings: list[str], label: str) -> None:
    for value in (True, False):
        name = "true" if value else "false"
        _answer(
            element,
            "100" if q["answer"] is value else "0",
            name,
            q.get(f"feedback_{name}", ""),
            warnings,
            fmt="moodle_auto_format",
        )


def _short_answer(element: ET.Element, q: dict[str, Any], warnings: list[str], label: str) -> None:
    _leaf(element, "usecase", "0")
    for answer in q["answers"]:
        _answer(
            element,
            _fraction(answer["credit"], warnings, label),
            answer["text"],
            answer.get("feedback", ""),
            warnings,
            fmt="moodle_auto_format",
        )


def _numeric(element: ET.Element, q: dict[str, Any], warnings: list[str], label: str) -> None:
    for answer in q["answers"]:
        node = _answer(
            element,
            _fraction(answer["credit"], warnings, label),
            number_text(answer["value"]),
            answer.get("feedback", ""),
            warnings,
            fmt="moodle_auto_format",
        )
        _leaf(node, "tolerance", number_text(answer["tolerance"]))
    if q.get("unit"):
        unit = ET.SubElement(ET.SubElement(element, "units"), "unit")
        _leaf(unit, "multiplier", "1")
        _leaf(unit, "unit_name", _safe(q["unit"], warnings))


def _matching(element: ET.Element, q: dict[str, Any], warnings: list[str], label: str) -> None:
    _leaf(element, "shuffleanswers", "1")
    _combined_feedback(element, warnings)
    rights = [(p["left"], p["right"]) for p in q["pairs"]]
    for left, right in rights + [("", d) for d in q.get("distractors", [])]:
        sub = _text(element, "subquestion", left, warnings)
        _text(sub, "answer", right, warnings, fmt=None)


def _ordering(element: ET.Element, q: dict[str, Any], warnings: list[str], label: str) -> None:
    """qtype_ordering: each answer's fraction is its position in the correct order."""
    for tag, value in (
        ("layouttype", "VERTICAL"),
        ("selecttype", "ALL"),
        ("selectcount", "0"),
        ("gradingtype", "RELATIVE_ALL_PREVIOUS_AND_NEXT"),
        ("showgrading", "SHOW"),
        ("numberingstyle", "none"),
    ):
        _leaf(element, tag, value)
    _combined_feedback(element, warnings)
    for position, item in enumerate(q["items"], start=1):
        answer = ET.SubElement(element, "answer", {"fraction": str(position), "format": "markdown"})
        _leaf(answer, "text", _safe(item, warnings))


def _cloze(element: ET.Element, q: dict[str, Any], warnings: list[str], label: str) -> None:
    """The gaps live in the question text; only their credits need checking against Moodle."""
    for gap in q.get("gaps", []):
        for row in gap.get("choices") or gap.get("answers") or []:
            _fraction(row.get("credit", 1), warnings, label)


_WRITERS: dict[str, Callable[[ET.Element, dict[str, Any], list[str], str], None]] = {
    "single_choice": _choices,
    "multiple_response": _choices,
    "true_false": _true_false,
    "short_answer": _short_answer,
    "numeric": _numeric,
    "matching": _matching,
    "ordering": _ordering,
    "cloze": _cloze,
}
