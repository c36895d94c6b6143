"""Every report table as rows of text, written with the same formatting the pages use.

A `Table` is a header, rows and a file name; `to_csv` writes it with the csv module. The command
line and the download routes both use these builders, so CSV and JSON never drift apart.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from quizapp.reports.formatting import SCORE_DIGITS, STAT_DIGITS, STUDENT_DIGITS, number
from quizapp.reports.items import ItemAnalysis
from quizapp.reports.overview import Cell, Overview
from quizapp.reports.passages import PassageReport
from quizapp.reports.progress import ModuleProgress
from quizapp.stats import ItemStats, as_percentages

STATUS_TEXT = {"not-started": "not started", "in-progress": "in progress"}
STAT_COLUMNS = (
    ("facility", "Facility %"),
    ("sd", "SD %"),
    ("random_guess", "Random guess %"),
    ("intended_weight", "Intended weight %"),
    ("effective_weight", "Effective weight %"),
    ("discrimination", "Discrimination %"),
    ("efficiency", "Efficiency %"),
)
EXCERPT_CHARS = 80


@dataclass
class Table:
    filename: str
    header: list[str]
    rows: list[list[str]]


def to_csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.header)
    writer.writerows(table.rows)
    return out.getvalue()


def slugify(text: str) -> str:
    """An ASCII file-name part ("Year 9 – History" -> "year-9-history")."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "report"


def best_text(cell: Cell) -> str:
    """A cell's best score, or why there is none (the page shows the same words)."""
    if cell.best is not None:
        return number(cell.best, SCORE_DIGITS)
    return STATUS_TEXT.get(cell.status, "")


def overview_table(overview: Overview, name: str) -> Table:
    """One row per student (in the overview's order), then the class averages and started
    counts."""
    header = ["Student", "Email"]
    for m in overview.modules:
        header += [f"{m.slug} best %", f"{m.slug} attempts"]
    body = []
    for row in overview.rows:
        line = [row.user.name, row.user.email]
        for m in overview.modules:
            line += [best_text(row.cells[m.id]), str(row.cells[m.id].attempts)]
        body.append(line)
    average, started = ["Class average", ""], ["Students started", ""]
    for a in overview.averages:
        average += [number(a.best, SCORE_DIGITS), str(a.attempts)]
        started += [str(a.started), ""]
    return Table(f"{slugify(name)}-overview.csv", header, [*body, average, started])


def attempts_table(progress: Sequence[ModuleProgress], name: str) -> Table:
    """A student's submitted attempts, module by module."""
    rows = [
        [
            p.module.slug,
            str(point.number),
            point.submitted_at.strftime("%Y-%m-%d %H:%M") if point.submitted_at else "",
            number(point.percent, SCORE_DIGITS),
        ]
        for p in progress
        for point in p.points
    ]
    header = ["Module", "Attempt", "Submitted (UTC)", "Score %"]
    return Table(f"{slugify(name)}-attempts.csv", header, rows)


def my_progress_table(progress: Sequence[ModuleProgress]) -> Table:
    """A student's own summary: attempts, best, latest and questions still missed per module."""
    rows = [
        [
            p.module.slug,
            str(len(p.points)),
            number(p.best, STUDENT_DIGITS),
            number(p.latest, STUDENT_DIGITS),
            str(len(p.missed)) if p.points else "",
        ]
        for p in progress
    ]
    header = ["Module", "Attempts", "Best %", "Latest %", "Still missed"]
    return Table("my-progress.csv", header, rows)


def stat_cells(stats: ItemStats) -> list[str]:
    """The STAT_COLUMNS of one question as text: percentages, 2 decimals, "" when undefined."""
    pct = as_percentages(stats)
    return [number(pct[key], STAT_DIGITS) for key, _header in STAT_COLUMNS]


def items_table(analysis: ItemAnalysis, name: str) -> Table:
    """One row per question: Moodle's statistics as percentages with two decimals."""
    header = ["#", "Key", "Question", "Type", "Attempts", *(h for _k, h in STAT_COLUMNS), "Flags"]
    rows = []
    for n, row in enumerate(analysis.rows, start=1):
        rows.append(
            [
                str(n),
                row.question.key,
                row.version.prompt,
                row.version.type,
                str(row.stats.n),
                *stat_cells(row.stats),
                "; ".join(row.flag_labels),
            ]
        )
    filename = f"{slugify(name)}-{analysis.module.slug}-item-analysis.csv"
    return Table(filename, header, rows)


def options_table(analysis: ItemAnalysis, name: str) -> Table:
    """How often each option of each choice question was picked."""
    rows = [
        [
            row.question.key,
            o.label,
            "yes" if o.correct else "no",
            number(100 * o.picked, STAT_DIGITS),
        ]
        for row in analysis.rows
        for o in row.options or []
    ]
    header = ["Key", "Option", "Earns credit", "Picked %"]
    return Table(f"{slugify(name)}-{analysis.module.slug}-options.csv", header, rows)


def passages_table(report: PassageReport, name: str) -> Table:
    """Each passage in article order: questions citing it, responses, success."""
    rows = []
    for row in report.rows:
        text = row.passage.text
        excerpt = text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1] + "…"
        success = None if row.success is None else 100 * row.success
        rows.append(
            [
                row.passage.anchor,
                row.passage.kind,
                excerpt,
                str(len(row.questions)),
                str(row.responses),
                number(success, SCORE_DIGITS),
                "; ".join(q.question.key for q in row.questions),
            ]
        )
    header = ["Anchor", "Kind", "Passage", "Questions", "Responses", "Success %", "Question keys"]
    modules = "-".join(m.slug for m in report.modules) if len(report.modules) == 1 else "all"
    return Table(f"{slugify(name)}-{modules}-passages.csv", header, rows)
