"""Cloze (Moodle's "embedded answers"): one text with several gaps, each graded on its own.

The text holds markers `{#1}`, `{#2}`... (Moodle stores its cloze text the same way); `gaps`
holds one entry per marker: a short answer, a number, or a choice, each with a weight. The grade
is the weighted mean of the gaps' credits, so every gap earns its own part of the marks.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping
from typing import Any

from quizapp.question_types.base import (
    Grade,
    QuestionType,
    ResponseError,
    best_of,
    check_accepted,
    check_credit,
    entries,
    index_from,
    is_full,
    register,
    shuffled,
)
from quizapp.question_types.numeric import _value_problems, parse_number
from quizapp.question_types.short_answer import MAX_LENGTH, _text_problems, matches

MARKER = re.compile(r"\{#(\d+)\}")
KINDS = ("short", "numeric", "choice")
DISPLAYS = ("dropdown", "vertical", "horizontal")
MAX_GAPS = 50
MAX_WEIGHT = 100


def marker(n: int) -> str:
    """The placeholder of gap n (1-based) in the text."""
    return f"{{#{n}}}"


def _gap_problems(gap: Any, n: int) -> list[str]:
    where = f"gap {n}"
    if not isinstance(gap, Mapping):
        return [f"{where} must be a mapping with a 'kind'"]
    kind = gap.get("kind")
    if kind not in KINDS:
        return [f"{where}: kind must be one of {', '.join(KINDS)}, not {kind!r}"]
    weight = gap.get("weight", 1)
    if isinstance(weight, bool) or not isinstance(weight, int | float) or weight != int(weight):
        return [f"{where}: weight must be a whole number"]
    if not 1 <= weight <= MAX_WEIGHT:
        return [f"{where}: weight must be between 1 and {MAX_WEIGHT}"]
    if kind == "short":
        errors = check_accepted(gap, "answer", _text_problems)
    elif kind == "numeric":
        errors = check_accepted(gap, "value", _value_problems)
    else:
        errors = _choice_problems(gap)
    return [f"{where}: {e}" for e in errors]


def _choice_problems(gap: Mapping[str, Any]) -> list[str]:
    choices = gap.get("choices")
    if not isinstance(choices, list) or len(choices) < 2:
        return ["a choice gap needs at least 2 choices"]
    errors = []
    for n, choice in enumerate(choices, start=1):
        if not isinstance(choice, Mapping) or not str(choice.get("text", "")).strip():
            errors.append(f"choice {n} has no text")
            continue
        errors += check_credit(choice.get("credit", 0), f"choice {n}")
    if errors:
        return errors
    texts = [str(c["text"]).strip() for c in choices]
    if len(set(texts)) != len(texts):
        errors.append("two choices have the same text")
    if not any(is_full(float(c.get("credit", 0))) for c in choices):
        errors.append("at least one choice must have credit 1")
    if gap.get("display", "dropdown") not in DISPLAYS:
        errors.append(f"display must be one of {', '.join(DISPLAYS)}")
    return errors


def _marker_problems(text: str, count: int) -> list[str]:
    found = [int(m) for m in MARKER.findall(text)]
    errors = []
    for n in range(1, count + 1):
        if found.count(n) != 1:
            errors.append(f"gap {n}: the text must hold its marker {marker(n)} exactly once")
    extra = sorted({n for n in found if not 1 <= n <= count})
    if extra:
        errors.append(f"the text has markers with no gap: {', '.join(marker(n) for n in extra)}")
    return errors


def _entry(item: Mapping[str, Any], keys: tuple[str, ...], default_credit: float) -> dict:
    out: dict[str, Any] = {}
    for key in keys:
        out[key] = str(item[key]).strip() if key == "text" else float(item.get(key, 0))
    out["credit"] = float(item.get("credit", default_credit))
    if item.get("feedback"):
        out["feedback"] = str(item["feedback"])
    return out


def normalise_gap(gap: Mapping[str, Any]) -> dict[str, Any]:
    """One validated gap with its defaults filled in."""
    kind = gap["kind"]
    out: dict[str, Any] = {"kind": kind, "weight": int(gap.get("weight", 1))}
    if kind == "short":
        out["answers"] = [_entry(a, ("text",), 1.0) for a in entries(gap, "answers")]
    elif kind == "numeric":
        out["answers"] = [_entry(a, ("value", "tolerance"), 1.0) for a in entries(gap, "answers")]
    else:
        out["choices"] = [_entry(c, ("text",), 0.0) for c in entries(gap, "choices")]
        out["display"] = gap.get("display", "dropdown")
        out["shuffle"] = bool(gap.get("shuffle", False))
    return out


def grade_gap(gap: Mapping[str, Any], answer: Any) -> Grade:
    """The credit one gap earns (0..1) and its feedback."""
    if answer is None:
        return Grade(0.0)
    if gap["kind"] == "short":
        if not isinstance(answer, str):
            return Grade(0.0)
        return best_of([a for a in gap["answers"] if matches(a["text"], answer)])
    if gap["kind"] == "numeric":
        value = parse_number(answer) if isinstance(answer, str) else None
        if value is None:
            return Grade(0.0)
        hits = [a for a in gap["answers"] if abs(value - a["value"]) <= a["tolerance"] + 1e-9]
        return best_of(hits)
    if not isinstance(answer, int) or isinstance(answer, bool):
        return Grade(0.0)
    if not 0 <= answer < len(gap["choices"]):
        return Grade(0.0)
    choice = gap["choices"][answer]
    return Grade(choice["credit"], (choice["feedback"],) if choice.get("feedback") else ())


def describe_gap_key(gap: Mapping[str, Any]) -> str:
    if gap["kind"] == "choice":
        return next(c["text"] for c in gap["choices"] if is_full(c["credit"]))
    best = max(gap["answers"], key=lambda a: a["credit"])
    if gap["kind"] == "short":
        return best["text"]
    tolerance = f" (± {best['tolerance']:g})" if best["tolerance"] else ""
    return f"{best['value']:g}{tolerance}"


@register
class Cloze(QuestionType):
    id = "cloze"
    label = "Cloze"
    description = "Fill several gaps in a text; each gap earns its own part of the marks."

    # --- data -----------------------------------------------------------------------------
    def validate(self, data: Mapping[str, Any]) -> list[str]:
        text, gaps = data.get("text"), data.get("gaps")
        if not isinstance(text, str) or not text.strip():
            return ["'text' must hold the text with its gaps"]
        if not isinstance(gaps, list) or not gaps:
            return ["a cloze question needs at least one gap"]
        if len(gaps) > MAX_GAPS:
            return [f"a cloze question has at most {MAX_GAPS} gaps"]
        errors = _marker_problems(text, len(gaps))
        for n, gap in enumerate(gaps, start=1):
            errors += _gap_problems(gap, n)
        return errors

    def normalise(self, data: Mapping[str, Any]) -> dict[str, Any]:
        return {"text": data["text"].strip(), "gaps": [normalise_gap(g) for g in data["gaps"]]}

    # --- presentation ---------------------------------------------------------------------
    def layout(self, data: Mapping[str, Any], rng: random.Random) -> dict[str, Any]:
        """Choice gaps marked `shuffle` are shuffled, unless the quiz turns shuffling off
        (data["shuffle"] is False, as for every choice type)."""
        orders = {}
        allowed = data.get("shuffle", True) is not False
        for i, gap in enumerate(data["gaps"]):
            if gap["kind"] == "choice":
                n = len(gap["choices"])
                mix = allowed and gap.get("shuffle")
                orders[str(i)] = shuffled(n, rng) if mix else list(range(n))
        return {"orders": orders}

    def _order(self, data, layout, i: int) -> list[int]:
        order = (layout.get("orders") or {}).get(str(i))
        return order or list(range(len(data["gaps"][i]["choices"])))

    def view(self, data, layout) -> dict[str, Any]:
        gaps = []
        for i, gap in enumerate(data["gaps"]):
            view: dict[str, Any] = {"kind": gap["kind"], "max_length": MAX_LENGTH}
            if gap["kind"] == "choice":
                order = self._order(data, layout, i)
                view["display"] = gap.get("display", "dropdown")
                view["options"] = [(pos, gap["choices"][c]["text"]) for pos, c in enumerate(order)]
            gaps.append(view)
        return {"text": data["text"], "gaps": gaps, "count": len(gaps)}

    def read_response(self, data, layout, form, name) -> list[Any] | None:
        raws = [(form.get(f"{name}-{i}") or "").strip() for i in range(len(data["gaps"]))]
        if not any(raws):
            return None
        return [self._read_gap(data, layout, i, raw) for i, raw in enumerate(raws)]

    def _read_gap(self, data, layout, i: int, raw: str) -> Any:
        gap, label = data["gaps"][i], f"Gap {i + 1}"
        if not raw:
            return None
        if gap["kind"] == "short":
            if len(raw) > MAX_LENGTH:
                raise ResponseError(f"{label}: keep the answer under {MAX_LENGTH} characters.")
            return raw
        if gap["kind"] == "numeric":
            if parse_number(raw) is None:
                raise ResponseError(f"{label}: “{raw[:40]}” is not a number. Type digits.")
            return raw
        order = self._order(data, layout, i)
        position = index_from(raw, len(order))
        if position is None:
            raise ResponseError(f"{label}: choose one of the options shown.")
        return order[position]

    def form_values(self, data, layout, answer) -> dict[int, Any]:
        if not isinstance(answer, list):
            return {}
        values: dict[int, Any] = {}
        for i, (gap, value) in enumerate(zip(data["gaps"], answer, strict=False)):
            if value is None:
                continue
            if gap["kind"] == "choice":
                order = self._order(data, layout, i)
                values[i] = order.index(value) if value in order else None
            else:
                values[i] = value
        return values

    def raw_values(self, layout, form, name) -> dict[int, Any]:
        values: dict[int, Any] = {}
        for key in form:
            found = re.fullmatch(rf"{re.escape(name)}-(\d+)", key)
            if found and int(found[1]) < MAX_GAPS:
                raw = form.get(key) or ""
                values[int(found[1])] = int(raw) if raw.isdigit() else raw
        return values

    # --- grading --------------------------------------------------------------------------
    def gap_grades(self, data: Mapping[str, Any], answer: Any) -> list[Grade]:
        answers = answer if isinstance(answer, list) else []
        return [
            grade_gap(gap, answers[i] if i < len(answers) else None)
            for i, gap in enumerate(data["gaps"])
        ]

    def grade(self, data: Mapping[str, Any], answer: Any) -> Grade:
        grades = self.gap_grades(data, answer)
        weights = [gap.get("weight", 1) for gap in data["gaps"]]
        total = sum(w * g.credit for w, g in zip(weights, grades, strict=True))
        feedback = tuple(
            f"Gap {n}: {text}" for n, g in enumerate(grades, start=1) for text in g.feedback
        )
        return Grade(max(0.0, min(1.0, total / sum(weights))), feedback)

    def describe_answer(self, data, answer) -> str:
        if not isinstance(answer, list):
            return ""
        parts = []
        for n, gap in enumerate(data["gaps"], start=1):
            value = answer[n - 1] if n - 1 < len(answer) else None
            if gap["kind"] == "choice" and isinstance(value, int):
                value = gap["choices"][value]["text"] if 0 <= value < len(gap["choices"]) else ""
            parts.append(f"Gap {n}: {value if value not in (None, '') else '—'}")
        return "; ".join(parts)

    def describe_key(self, data) -> str:
        return "; ".join(
            f"Gap {n}: {describe_gap_key(gap)}" for n, gap in enumerate(data["gaps"], start=1)
        )

    def model_answer(self, data) -> list[Any]:
        out: list[Any] = []
        for gap in data["gaps"]:
            if gap["kind"] == "choice":
                out.append(next(i for i, c in enumerate(gap["choices"]) if is_full(c["credit"])))
            elif gap["kind"] == "short":
                out.append(next(a["text"] for a in gap["answers"] if is_full(a["credit"])))
            else:
                out.append(f"{next(a['value'] for a in gap['answers'] if is_full(a['credit'])):g}")
        return out
