"""Read Moodle XML (`<quiz>` of `<question type=...>`) into canonical question dicts.

Texts are kept in their own format (HTML stays HTML; the app's Markdown renderer allows inline
HTML and sanitises it). The app-specific `<evidence><text>...</text></evidence>` element,
which Moodle ignores, carries evidence quotes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .canonical import MOODLE_GRADES, canonical_question, moodle_grade, slugify, tidy_number
from .cloze_syntax import GAP, parse_cloze
from .model import Fault, ParseResult
from .textutil import parse_number, strip_bom
from .xml_tree import Node, read_tree

MODULE_MARK = "quizapp-module:"
NOT_ENOUGH = "There are not enough answers for this question type"
NO_NUMERIC = "No answers found for numerical question"
_SKIPPED = {
    "essay": "essay questions are not supported",
    "description": "description (no answer)",
}
_MOODLE_ONLY = (
    "calculated",
    "calculatedsimple",
    "calculatedmulti",
    "ddwtos",
    "gapselect",
    "ddimageortext",
    "ddmarker",
    "randomsamatch",
    "random",
)
_GRADE_LIST = ", ".join(f"{g * 100:.5f}".rstrip("0").rstrip(".") for g in MOODLE_GRADES)


def parse_moodle_xml(text: str) -> ParseResult:
    result = ParseResult("moodle-xml")
    try:
        root = read_tree(strip_bom(text))
    except Fault as fault:
        result.error(fault.line, fault.message)
        return result
    if root.tag != "quiz":
        result.error(root.line, f"The root element must be <quiz>, not <{root.tag}>")
        return result
    category: str | None = None
    for node in root.findall("question"):
        try:
            category = _read(node, category, result)
        except Fault as fault:
            result.error(fault.line, fault.message)
    return result


def _read(node: Node, category: str | None, result: ParseResult) -> str | None:
    """Read one <question>; return the category in force after it."""
    qtype = node.attrs.get("type", "")
    if qtype == "category":
        return _category(node, result)
    if qtype in _SKIPPED or qtype in _MOODLE_ONLY:
        result.skip(node.line, _SKIPPED.get(qtype, f"{qtype} questions are not supported"))
        return category
    reader = _READERS.get(qtype)
    if reader is None:
        raise Fault(node.line, f"Unknown question type '{qtype}'")
    data = _common(node, result)
    data |= reader(node, result)
    if category:
        data["category"] = category
    result.add(node.line, canonical_question(data))
    return category


def _category(node: Node, result: ParseResult) -> str | None:
    """A category switch. Our own exports mark the module's category by its idnumber."""
    path = node.text_of("category")
    result.add_category(path)
    idnumber = node.text_of("idnumber")
    if not idnumber.startswith(MODULE_MARK):
        return path or None
    title = re.split(r"(?<!/)/(?!/)", path)[-1].replace("//", "/")
    result.module = {
        "slug": idnumber[len(MODULE_MARK) :],
        "title": title,
        "description": node.text_of("info"),
    }
    return None


def _common(node: Node, result: ParseResult) -> dict[str, Any]:
    ident = slugify(node.text_of("name") or node.text_of("idnumber"))
    grade = node.text_of("defaultgrade") or "1"
    points = parse_number(grade)
    if points is None:
        raise Fault(node.line, f"defaultgrade must be a number, got '{grade}'")
    data: dict[str, Any] = {"id": ident} if ident else {}
    data |= {
        "prompt": node.text_of("questiontext"),
        "points": points,
        "explanation": node.text_of("generalfeedback"),
        "evidence": [e.text_of("text") for e in node.findall("evidence")],
    }
    if "@@PLUGINFILE@@" in data["prompt"] + data["explanation"]:
        result.warn(node.line, "embedded files (@@PLUGINFILE@@) are not imported")
    return data


def _flag(node: Node, tag: str, default: bool) -> bool:
    value = node.text_of(tag).lower()
    return default if value == "" else value in ("1", "true", "yes")


def _credit(answer: Node) -> float:
    """The answer's fraction (a percentage) as a credit; only Moodle's grade list is allowed."""
    raw = answer.attrs.get("fraction", "0")
    percent = parse_number(raw)
    grade = None if percent is None else moodle_grade(percent / 100)
    if grade is None:
        raise Fault(
            answer.line,
            f"answer fraction {raw} is not one of Moodle's grades "
            f"({_GRADE_LIST} and their negatives)",
        )
    return grade


def _entry(answer: Node, credit: float) -> dict[str, Any]:
    entry: dict[str, Any] = {"text": answer.text_of("text"), "credit": credit}
    feedback = answer.text_of("feedback")
    return entry | ({"feedback": feedback} if feedback else {})


def _multichoice(node: Node, result: ParseResult) -> dict[str, Any]:
    answers = node.findall("answer")
    if len(answers) < 2:
        raise Fault(node.line, NOT_ENOUGH)
    single = _flag(node, "single", True)
    data = {
        "type": "single_choice" if single else "multiple_response",
        "choices": [_entry(a, _credit(a)) for a in answers],
    }
    if not _flag(node, "shuffleanswers", True):
        data["shuffle"] = False
    return data


def _truefalse(node: Node, result: ParseResult) -> dict[str, Any]:
    by_value = {a.text_of("text").lower(): a for a in node.findall("answer")}
    if "true" not in by_value or "false" not in by_value:
        raise Fault(node.line, "A true/false question needs a 'true' and a 'false' answer")
    data = {"type": "true_false", "answer": _credit(by_value["true"]) == 1}
    _credit(by_value["false"])
    for value in ("true", "false"):
        data[f"feedback_{value}"] = by_value[value].text_of("feedback")
    return data


def _shortanswer(node: Node, result: ParseResult) -> dict[str, Any]:
    answers = node.findall("answer")
    if not answers:
        raise Fault(node.line, NOT_ENOUGH)
    if _flag(node, "usecase", False):
        result.warn(node.line, "case-sensitive matching is not supported; case will be ignored")
    return {"type": "short_answer", "answers": [_entry(a, _credit(a)) for a in answers]}


def _numerical(node: Node, result: ParseResult) -> dict[str, Any]:
    answers = []
    for answer in node.findall("answer"):
        raw = answer.text_of("text")
        if raw == "*":
            result.warn(answer.line, "catch-all answer (*) dropped: the app has no catch-all")
            continue
        value, tolerance = parse_number(raw), parse_number(answer.text_of("tolerance") or "0")
        if value is None:
            raise Fault(answer.line, f"Numerical answer must be a number, got '{raw}'")
        if tolerance is None:
            raise Fault(
                answer.line,
                f"Numerical tolerance must be a number, got '{answer.text_of('tolerance')}'",
            )
        entry = _entry(answer, _credit(answer))
        del entry["text"]
        answers.append({"value": tidy_number(value), "tolerance": tidy_number(tolerance), **entry})
    if not answers:
        raise Fault(node.line, NO_NUMERIC)
    data: dict[str, Any] = {"type": "numeric", "answers": answers}
    units = node.find("units")
    for unit in units.findall("unit") if units is not None else []:
        if parse_number(unit.text_of("multiplier") or "1") == 1 and "unit" not in data:
            data["unit"] = unit.text_of("unit_name")
        else:
            result.warn(
                unit.line,
                f"unit '{unit.text_of('unit_name')}' dropped: only one unit "
                "(multiplier 1) is supported",
            )
    return data


def _matching(node: Node, result: ParseResult) -> dict[str, Any]:
    pairs, distractors = [], []
    for sub in node.findall("subquestion"):
        left, right = sub.text_of("text"), sub.text_of("answer")
        if left:
            pairs.append({"left": left, "right": right})
        elif right:
            distractors.append(right)
    if len(pairs) + len(distractors) < 2:
        raise Fault(node.line, NOT_ENOUGH)
    return {"type": "matching", "pairs": pairs, "distractors": distractors}


def _ordering(node: Node, result: ParseResult) -> dict[str, Any]:
    """qtype_ordering stores each item's position in the correct order as its `fraction`."""
    answers = node.findall("answer")
    positions = [parse_number(a.attrs.get("fraction", "")) for a in answers]
    if all(p is not None for p in positions):
        answers = [
            a for _, _, a in sorted(zip(positions, range(len(answers)), answers, strict=True))
        ]
    return {"type": "ordering", "items": [a.text_of("text") for a in answers]}


DEFAULT_CLOZE_PROMPT = "Fill in the gaps."


def _cloze(node: Node, result: ParseResult) -> dict[str, Any]:
    """Moodle's embedded answers (type "cloze", "multianswer" in Moodle's code).

    Paragraphs before the first gap become the prompt (our own exports write the prompt there);
    the rest is the gapped text.
    """
    full = node.text_of("questiontext")
    head, sep, rest = full.partition("\n\n")
    if sep and rest.strip() and not GAP.search(head):
        prompt, body = head.strip(), rest.strip()
    else:
        prompt, body = DEFAULT_CLOZE_PROMPT, full.strip()
    cloze = parse_cloze(body)
    for message in cloze.warnings:
        result.warn(node.line, message)
    if cloze.errors:
        raise Fault(node.line, "; ".join(cloze.errors))
    return {"type": "cloze", "prompt": prompt, "text": cloze.text, "gaps": cloze.gaps}


_READERS: dict[str, Callable[[Node, ParseResult], dict[str, Any]]] = {
    "multichoice": _multichoice,
    "truefalse": _truefalse,
    "shortanswer": _shortanswer,
    "numerical": _numerical,
    "matching": _matching,
    "ordering": _ordering,
    "cloze": _cloze,
    "multianswer": _cloze,
}
