"""Moodle's embedded-answers (cloze) syntax, read and written: `{1:SA:=Paris#Yes~%50%paris}`.

A gap is `{weight:TYPE:alternatives}`; alternatives are separated by `~`, each starting with `=`
(full credit) or `%n%` (n percent, no prefix means 0), then the answer, then `#feedback`.
Numerical answers are `value:tolerance`. `\\}`, `\\#`, `\\~`, `\\/`, `\\"` and `\\\\` escape.
The app's cloze data keeps the text with markers `{#1}`, `{#2}`... and one gap dict per marker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .canonical import number_text, percent_text, tidy_credit, tidy_number
from .textutil import parse_number

GAP = re.compile(r"\{(\d*):([A-Za-z_]+):((?:\\.|[^\\}])*)\}")
CREDIT = re.compile(r"^%(-?\d+(?:[.,]\d*)?)%")
ESCAPABLE = '}#~/"\\'
# Moodle's type names and short forms -> (kind, display, shuffle, case-sensitive)
_TYPES: dict[str, tuple[str, str | None, bool, bool]] = {}
for _names, _spec in (
    (("SHORTANSWER", "SA", "MW"), ("short", None, False, False)),
    (("SHORTANSWER_C", "SAC", "MWC"), ("short", None, False, True)),
    (("NUMERICAL", "NM"), ("numeric", None, False, False)),
    (("MULTICHOICE", "MC"), ("choice", "dropdown", False, False)),
    (("MULTICHOICE_V", "MCV"), ("choice", "vertical", False, False)),
    (("MULTICHOICE_H", "MCH"), ("choice", "horizontal", False, False)),
    (("MULTICHOICE_S", "MCS"), ("choice", "dropdown", True, False)),
    (("MULTICHOICE_VS", "MCVS"), ("choice", "vertical", True, False)),
    (("MULTICHOICE_HS", "MCHS"), ("choice", "horizontal", True, False)),
):
    for _name in _names:
        _TYPES[_name] = _spec
MULTIRESPONSE = {"MULTIRESPONSE", "MR", "MULTIRESPONSE_H", "MRH", "MULTIRESPONSE_S", "MRS"}
MULTIRESPONSE |= {"MULTIRESPONSE_HS", "MRHS"}
_WRITE_CHOICE = {
    ("dropdown", False): "MULTICHOICE",
    ("vertical", False): "MULTICHOICE_V",
    ("horizontal", False): "MULTICHOICE_H",
    ("dropdown", True): "MULTICHOICE_S",
    ("vertical", True): "MULTICHOICE_VS",
    ("horizontal", True): "MULTICHOICE_HS",
}


@dataclass
class ClozeText:
    """A cloze text read from Moodle's syntax: the text with markers, its gaps, and notes."""

    text: str
    gaps: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: m[1] if m[1] in ESCAPABLE else m[0], text)


def escape(text: str) -> str:
    return re.sub(r"([}#~\\])", r"\\\1", text)


def _split_unescaped(body: str, separator: str) -> list[str]:
    parts, current, i = [], "", 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            current += body[i : i + 2]
            i += 2
            continue
        if ch == separator:
            parts.append(current)
            current = ""
        else:
            current += ch
        i += 1
    return parts + [current]


def _alternative(raw: str, n: int, errors: list[str]) -> tuple[float, str, str] | None:
    """(credit, answer, feedback) of one `~` alternative."""
    credit = 0.0
    if raw.startswith("="):
        credit, raw = 1.0, raw[1:]
    elif found := CREDIT.match(raw):
        credit, raw = float(found[1].replace(",", ".")) / 100, raw[found.end() :]
    answer, *feedback = _split_unescaped(raw, "#")
    if not -1 <= credit <= 1:
        errors.append(f"gap {n}: credit {credit * 100:g}% is outside -100% to 100%")
        return None
    return tidy_credit(credit), unescape(answer).strip(), unescape("#".join(feedback)).strip()


def _gap(weight: str, type_name: str, body: str, n: int, result: ClozeText) -> dict | None:
    name = type_name.upper()
    if name in MULTIRESPONSE:
        result.errors.append(f"gap {n}: multiple-response gaps ({type_name}) are not supported")
        return None
    if name not in _TYPES:
        result.errors.append(f"gap {n}: unknown gap type '{type_name}'")
        return None
    kind, display, shuffle, case = _TYPES[name]
    if case:
        result.warnings.append(f"gap {n}: case-sensitive matching is not supported; case ignored")
    gap: dict[str, Any] = {"kind": kind, "weight": int(weight) if weight else 1}
    alternatives = [_alternative(a, n, result.errors) for a in _split_unescaped(body, "~")]
    if any(a is None for a in alternatives):
        return None
    entries = []
    for credit, answer, feedback in alternatives:  # type: ignore[misc]
        entry = _entry(kind, credit, answer, n, result)
        if entry is not None:
            entries.append(entry | ({"feedback": feedback} if feedback else {}))
    if kind == "choice":
        gap |= {"choices": entries, "display": display, "shuffle": shuffle}
    else:
        gap["answers"] = entries
    return gap


def _entry(kind: str, credit: float, answer: str, n: int, result: ClozeText) -> dict | None:
    if kind != "numeric":
        return {"text": answer, "credit": credit}
    if answer == "*":
        result.warnings.append(f"gap {n}: catch-all answer (*) dropped: the app has no catch-all")
        return None
    value_text, _, tolerance_text = answer.partition(":")
    value, tolerance = parse_number(value_text), parse_number(tolerance_text or "0")
    if value is None or tolerance is None:
        result.errors.append(f"gap {n}: '{answer}' is not a number (value:tolerance)")
        return None
    return {"value": tidy_number(value), "tolerance": tidy_number(tolerance), "credit": credit}


def parse_cloze(text: str) -> ClozeText:
    """Moodle's cloze text -> the app's text with `{#n}` markers and its gaps."""
    result = ClozeText(text="")
    pieces, at = [], 0
    for n, found in enumerate(GAP.finditer(text), start=1):
        gap = _gap(found[1], found[2], found[3], n, result)
        if gap is not None:
            result.gaps.append(gap)
        pieces += [text[at : found.start()], f"{{#{n}}}"]
        at = found.end()
    result.text = "".join(pieces) + text[at:]
    if not result.gaps and not result.errors:
        result.errors.append("the text has no gaps such as {1:SHORTANSWER:=answer}")
    return result


def _alternative_text(entry: dict[str, Any], kind: str) -> str:
    credit = float(entry.get("credit", 0 if kind == "choice" else 1))
    prefix = "=" if credit == 1 else ("" if credit == 0 else f"%{percent_text(credit)}%")
    if kind == "numeric":
        answer = number_text(entry["value"])
        if entry.get("tolerance"):
            answer += ":" + number_text(entry["tolerance"])
    else:
        answer = escape(str(entry["text"]))
    feedback = f"#{escape(entry['feedback'])}" if entry.get("feedback") else ""
    return prefix + answer + feedback


def gap_text(gap: dict[str, Any]) -> str:
    """One gap in Moodle's syntax."""
    kind = gap["kind"]
    if kind == "choice":
        name = _WRITE_CHOICE[(gap.get("display", "dropdown"), bool(gap.get("shuffle", False)))]
        rows = gap["choices"]
    else:
        name, rows = ("SHORTANSWER" if kind == "short" else "NUMERICAL"), gap["answers"]
    body = "~".join(_alternative_text(row, kind) for row in rows)
    return f"{{{int(gap.get('weight', 1))}:{name}:{body}}}"


def write_cloze(text: str, gaps: list[dict[str, Any]]) -> str:
    """The app's text with markers -> Moodle's cloze text."""

    def replace(found: re.Match[str]) -> str:
        index = int(found[1]) - 1
        return gap_text(gaps[index]) if 0 <= index < len(gaps) else found[0]

    return re.sub(r"\{#(\d+)\}", replace, text)
