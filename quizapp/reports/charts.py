"""Geometry for small server-rendered SVG charts (templates/reports/_charts.html draws them).

Percentages only (0..100 on one axis). Pure: values in, coordinates and texts out, so charts
need no JavaScript and no network, and every chart has a table beside it saying the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from quizapp.reports.formatting import number

TICKS = (0, 25, 50, 75, 100)
LABEL_CHARS = 22


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    label: str  # e.g. "Attempt 2"
    value: str  # e.g. "75%"
    tick: str  # under the x axis, e.g. "2"


@dataclass(frozen=True)
class LineChart:
    title: str
    desc: str
    width: int
    height: int
    left: int
    bottom: int
    marks: list[Mark]
    path: str  # SVG polyline points
    y_ticks: list[tuple[float, str]]


@dataclass(frozen=True)
class Bar:
    y: float
    length: float
    label: str
    value: str


@dataclass(frozen=True)
class BarChart:
    title: str
    desc: str
    width: int
    height: int
    left: int
    plot: int  # width of the plotting area
    bar_height: int
    bars: list[Bar]
    guides: list[tuple[float, str]] = field(default_factory=list)  # x and label


def _percent_text(value: float | None, digits: int) -> str:
    return "no score" if value is None else f"{number(value, digits)}%"


def line_chart(
    values: list[tuple[str, float | None]],
    title: str,
    desc: str,
    digits: int = 0,
    width: int = 320,
    height: int = 160,
) -> LineChart:
    """A line through (label, percentage) points, left to right; gaps where there is no value."""
    left, right, top, bottom = 36, 14, 10, 26
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / (len(values) - 1) if len(values) > 1 else 0.0

    def y_of(v: float) -> float:
        return round(top + plot_h * (1 - max(0.0, min(100.0, v)) / 100), 1)

    marks = [
        Mark(
            round(left + (i * step if len(values) > 1 else plot_w / 2), 1),
            y_of(v),
            label,
            _percent_text(v, digits),
            str(i + 1),
        )
        for i, (label, v) in enumerate(values)
        if v is not None
    ]
    return LineChart(
        title=title,
        desc=desc,
        width=width,
        height=height,
        left=left,
        bottom=height - bottom,
        marks=marks,
        path=" ".join(f"{m.x},{m.y}" for m in marks),
        y_ticks=[(y_of(t), f"{t}%") for t in TICKS],
    )


def bar_chart(
    values: list[tuple[str, float | None]],
    title: str,
    desc: str,
    digits: int = 1,
    guides: tuple[float, ...] = (),
    width: int = 460,
) -> BarChart:
    """Horizontal bars of percentages, one per (label, value), with optional guide lines."""
    left, right, bar_h, gap, top = 180, 72, 18, 8, 22
    plot = width - left - right
    bars = [
        Bar(
            y=top + i * (bar_h + gap),
            length=round(plot * max(0.0, min(100.0, v or 0.0)) / 100, 1),
            label=label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…",
            value=_percent_text(v, digits),
        )
        for i, (label, v) in enumerate(values)
    ]
    return BarChart(
        title=title,
        desc=desc,
        width=width,
        height=top + len(values) * (bar_h + gap) + 4,
        left=left,
        plot=plot,
        bar_height=bar_h,
        bars=bars,
        guides=[(round(left + plot * g / 100, 1), f"{number(g, 0)}%") for g in guides],
    )
