"""How report numbers are written, shared by pages, CSV and JSON so they always agree."""

from __future__ import annotations

SCORE_DIGITS = 1  # class overview, drill-down and heatmaps: 72.5
STUDENT_DIGITS = 0  # a student's own page, like the dashboard: 73
STAT_DIGITS = 2  # item statistics, as Moodle shows them: 72.50
HEAT_STEPS = 5  # shading bands of 20 percentage points each


def number(value: float | None, digits: int) -> str:
    """`value` with `digits` decimals, or "" when there is none (CSV cells stay empty)."""
    if value is None:
        return ""
    text = f"{value:.{digits}f}"
    return "0" + text[2:] if text.startswith("-0") and float(text) == 0 else text


def rounded(value: float | None, digits: int) -> float | None:
    """The number a JSON export holds: exactly what `number` writes."""
    return None if value is None else float(number(value, digits))


def fraction_to_percent(value: float | None) -> float | None:
    return None if value is None else 100.0 * value


def heat_level(success: float | None) -> int | None:
    """Shading band 0..HEAT_STEPS-1 for a success fraction; None when nothing was asked."""
    if success is None:
        return None
    return min(HEAT_STEPS - 1, max(0, int(success * HEAT_STEPS)))


def heat_label(success: float | None, questions: int) -> str:
    """The words beside the shading, so colour is never the only signal."""
    if questions == 0:
        return "No questions cite this passage"
    noun = "question" if questions == 1 else "questions"
    if success is None:
        return f"Not answered yet, {questions} {noun}"
    return f"{number(100 * success, SCORE_DIGITS)} % right, {questions} {noun}"
