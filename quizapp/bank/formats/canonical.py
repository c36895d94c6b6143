"""The canonical question dict of questions/README.md, as every parser emits it.

Parsers and exporters both pass questions through `canonical_question`, so a round trip
compares like with like: texts stripped, credits rounded to 7 decimals (Moodle's precision),
whole numbers as ints, defaults filled in the way the app reads them (choice credit 0,
answer credit 1, tolerance 0, points 1), and optional keys dropped when they say the default.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from typing import Any

TYPES = (
    "single_choice",
    "multiple_response",
    "true_false",
    "short_answer",
    "numeric",
    "ordering",
    "matching",
)
COMMON_KEYS = ("id", "type", "prompt", "points", "explanation", "evidence", "category")
TYPE_KEYS: dict[str, tuple[str, ...]] = {
    "single_choice": ("choices", "shuffle"),
    "multiple_response": ("choices", "shuffle"),
    "true_false": ("answer", "feedback_true", "feedback_false"),
    "short_answer": ("answers",),
    "numeric": ("answers", "unit"),
    "ordering": ("items",),
    "matching": ("pairs", "distractors"),
    "cloze": ("text", "gaps"),
}

# Moodle's question_bank::fraction_options_full(), positive half; negatives are allowed too.
MOODLE_GRADES = (
    1.0,
    0.9,
    0.8333333,
    0.8,
    0.75,
    0.7,
    0.6666667,
    0.6,
    0.5,
    0.4,
    0.3333333,
    0.3,
    0.25,
    0.2,
    0.1666667,
    0.1428571,
    0.125,
    0.1111111,
    0.1,
    0.05,
    0.0,
)
GRADE_TOLERANCE = 1e-5  # the same slack Moodle's match_grade_options allows


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def tidy_credit(value: float) -> int | float:
    """Round a credit to 7 decimals; whole numbers become ints (so 1.0 is written as 1)."""
    rounded = round(float(value), 7) + 0.0  # + 0.0 turns -0.0 into 0.0
    return int(rounded) if rounded.is_integer() else rounded


def tidy_number(value: float) -> int | float:
    """Keep 12 significant digits, which hides float noise such as (3.142 - 3.141) / 2."""
    tidy = float(f"{float(value):.12g}") + 0.0
    return int(tidy) if tidy.is_integer() and abs(tidy) < 1e15 else tidy


def moodle_grade(fraction: float) -> float | None:
    """The entry of Moodle's grade list within Moodle's tolerance of `fraction`, if any."""
    for grade in MOODLE_GRADES:
        for signed in (grade, -grade):
            if abs(fraction - signed) < GRADE_TOLERANCE:
                return signed
    return None


def percent_text(fraction: float) -> str:
    """A fraction as a percentage with at most 5 decimals: 0.3333333 -> '33.33333'."""
    text = f"{round(fraction * 100, 5) + 0.0:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def number_text(value: Any) -> str:
    if isinstance(value, float):
        return repr(tidy_number(value))
    return str(value)


def slugify(name: str) -> str:
    """An app id ([a-z0-9-]+) from a free-text name; accents are folded, other scripts dropped."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def canonical_question(question: dict[str, Any]) -> dict[str, Any]:
    """The canonical form of one question dict; keys it does not know are kept unchanged."""
    out: dict[str, Any] = {}
    if question.get("id") not in (None, ""):
        out["id"] = question["id"]
    qtype = question.get("type")
    out["type"] = qtype
    out["prompt"] = _text(question.get("prompt"))
    points = question.get("points", 1)
    out["points"] = tidy_number(points) if is_number(points) else points
    type_keys = TYPE_KEYS.get(qtype, ()) if isinstance(qtype, str) else ()
    for key in type_keys:
        if key in question:
            value = _TIDY[key](question[key], qtype)
            if value is not _DROP:
                out[key] = value
    out["explanation"] = _text(question.get("explanation"))
    evidence = question.get("evidence")
    out["evidence"] = [] if evidence is None else _text_list(evidence)
    if question.get("category"):
        out["category"] = _text(question["category"])
    known = set(COMMON_KEYS) | set(type_keys)
    out.update({k: v for k, v in question.items() if k not in known})
    return out


_DROP = object()


def _text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if is_number(value):
        return str(value)
    return value


def _text_list(value: Any, *_: Any) -> Any:
    return [_text(v) for v in value] if isinstance(value, list) else value


def _optional_text(value: Any, *_: Any) -> Any:
    text = _text(value)
    return _DROP if text == "" else text


def _credit(value: Any) -> Any:
    return tidy_credit(value) if is_number(value) else value


def _entries(value: Any, qtype: str) -> Any:
    """choices / answers: text or value first, then credit, then feedback."""
    if not isinstance(value, list):
        return value
    return [_entry(item, qtype) if isinstance(item, dict) else item for item in value]


def _entry(item: dict[str, Any], qtype: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if qtype == "numeric":
        value, tolerance = item.get("value"), item.get("tolerance", 0)
        out["value"] = tidy_number(value) if is_number(value) else value
        out["tolerance"] = tidy_number(tolerance) if is_number(tolerance) else tolerance
    else:
        out["text"] = _text(item.get("text"))
    default_credit = 0 if qtype in ("single_choice", "multiple_response") else 1
    out["credit"] = _credit(item.get("credit", default_credit))
    feedback = _text(item.get("feedback"))
    if feedback != "":
        out["feedback"] = feedback
    out.update(
        {
            k: v
            for k, v in item.items()
            if k not in ("text", "value", "tolerance", "credit", "feedback")
        }
    )
    return out


def _shuffle(value: Any, *_: Any) -> Any:
    """The app shuffles choices unless told not to, so only `shuffle: false` is kept."""
    return _DROP if value is True or value is None else value


def _pairs(value: Any, *_: Any) -> Any:
    if not isinstance(value, list):
        return value
    out = []
    for pair in value:
        if isinstance(pair, dict):
            tidy = {"left": _text(pair.get("left")), "right": _text(pair.get("right"))}
            tidy.update({k: v for k, v in pair.items() if k not in ("left", "right")})
            pair = tidy
        out.append(pair)
    return out


def _distractors(value: Any, *_: Any) -> Any:
    return _DROP if value in (None, []) else _text_list(value)


_GAP_ENTRY_TYPES = {"short": "short_answer", "numeric": "numeric", "choice": "single_choice"}


def _gaps(value: Any, *_: Any) -> Any:
    """Cloze gaps: entries tidied as their own type's are; defaults (weight 1, dropdown,
    no shuffle) dropped."""
    if not isinstance(value, list):
        return value
    out = []
    for gap in value:
        if isinstance(gap, dict) and gap.get("kind") in _GAP_ENTRY_TYPES:
            tidy = {k: v for k, v in gap.items() if k not in ("choices", "answers")}
            for key in ("choices", "answers"):
                if key in gap:
                    tidy[key] = _entries(gap[key], _GAP_ENTRY_TYPES[gap["kind"]])
            for key, default in (("weight", 1), ("display", "dropdown"), ("shuffle", False)):
                if tidy.get(key, default) == default:
                    tidy.pop(key, None)
            gap = tidy
        out.append(gap)
    return out


def _keep(value: Any, *_: Any) -> Any:
    return value


_TIDY: dict[str, Callable[..., Any]] = {
    "choices": _entries,
    "answers": _entries,
    "shuffle": _shuffle,
    "answer": _keep,
    "feedback_true": _optional_text,
    "feedback_false": _optional_text,
    "unit": _optional_text,
    "items": _text_list,
    "pairs": _pairs,
    "distractors": _distractors,
    "text": lambda value, *_: _text(value),
    "gaps": _gaps,
}
