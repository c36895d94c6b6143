"""The question dict shared by bank files, importers and the editor: check it, tidy it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from quizapp.question_types import REGISTRY, get_type

COMMON_KEYS = ("id", "type", "prompt", "explanation", "evidence", "points")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MAX_POINTS = 100


def validate_question(
    data: Any, require_evidence: bool = True, require_explanation: bool = True
) -> list[str]:
    """Everything wrong with one question dict, as messages a teacher can act on.

    Bank files must have both an explanation and evidence; an imported question may arrive
    without them (it is then marked "needs evidence" until a teacher confirms a passage).
    """
    if not isinstance(data, Mapping):
        return ["a question must be a mapping of keys to values"]
    errors = []
    type_id = data.get("type")
    known = isinstance(type_id, str) and type_id in REGISTRY
    if not type_id:
        errors.append("missing required key 'type'")
    elif not known:
        errors.append(f"unknown type '{type_id}' (known: {', '.join(sorted(REGISTRY))})")
    if not isinstance(data.get("prompt"), str) or not data["prompt"].strip():
        errors.append("missing required key 'prompt'")
    explanation = data.get("explanation", "")
    if not isinstance(explanation, str) or (require_explanation and not explanation.strip()):
        errors.append("missing required key 'explanation'")
    if "id" in data and not ID_PATTERN.match(str(data["id"])):
        errors.append(f"id '{data['id']}' must use lower-case letters, digits and dashes")
    points = data.get("points", 1)
    if (
        isinstance(points, bool)
        or not isinstance(points, int | float)
        or not 0 < points <= MAX_POINTS
    ):
        errors.append(f"'points' must be a number above 0 and at most {MAX_POINTS}")
    errors += _evidence_errors(data.get("evidence"), require_evidence)
    if known:
        errors += get_type(type_id).validate(data)
    return errors


def _evidence_errors(evidence: Any, required: bool) -> list[str]:
    if evidence is None or evidence == []:
        return ["missing required key 'evidence' (at least one quote)"] if required else []
    if not isinstance(evidence, list) or not all(
        isinstance(q, str) and q.strip() for q in evidence
    ):
        return ["'evidence' must be a list of quotes from the article"]
    return []


def normalise_question(data: Mapping[str, Any]) -> dict[str, Any]:
    """A validated question dict with defaults filled in and only known keys kept."""
    question_type = get_type(data["type"])
    out = {
        "type": data["type"],
        "prompt": data["prompt"].strip(),
        "explanation": (data.get("explanation") or "").strip(),
        "points": float(data.get("points", 1)),
        "evidence": [" ".join(q.split()) for q in data.get("evidence") or []],
    }
    if data.get("id"):
        out["id"] = str(data["id"])
    out.update(question_type.normalise(data))
    return out


def type_data(question: Mapping[str, Any]) -> dict[str, Any]:
    """Only the type-specific keys, as stored in QuestionVersion.data."""
    return {k: v for k, v in question.items() if k not in COMMON_KEYS}


def content_of(question: Mapping[str, Any]) -> dict[str, Any]:
    """What makes two versions of a question the same (ids and defaults aside)."""
    return {
        "type": question["type"],
        "prompt": question["prompt"],
        "explanation": question.get("explanation", ""),
        "points": float(question.get("points", 1)),
        "data": type_data(question),
        "evidence": list(question.get("evidence") or []),
    }
