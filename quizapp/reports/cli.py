"""The `report` command: every report as CSV or JSON.

    flask --app quizapp report item-analysis --module history [--class 3|ABCD-2346] --format json

Without --class a report covers every student. CSV is exactly what the web page downloads.
"""

from __future__ import annotations

import json
from typing import Any

import click

from quizapp.classes import find_class
from quizapp.models import Module, SchoolClass
from quizapp.reports import csv_export as tables
from quizapp.reports.formatting import SCORE_DIGITS, rounded
from quizapp.reports.items import as_json, item_analysis
from quizapp.reports.overview import Cell, Overview, class_overview
from quizapp.reports.passages import PassageReport, passage_report
from quizapp.reports.queries import Scope, all_modules, module_by_slug

REPORT_NAMES = ("class-overview", "item-analysis", "passages")


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    raise click.exceptions.Exit(1)


def _module(slug: str | None, name: str) -> Module | None:
    if slug is None:
        if name != "class-overview":
            _fail(f"the {name} report needs --module (one of: {_slugs()})")
        return None
    module = module_by_slug(slug)
    if module is None:
        _fail(f"no module '{slug}' (modules: {_slugs()})")
    return module


def _slugs() -> str:
    return ", ".join(m.slug for m in all_modules()) or "none yet"


def _class(ref: str | None) -> SchoolClass | None:
    if ref is None:
        return None
    school_class = find_class(ref)
    if school_class is None:
        _fail(f"no class with id or join code '{ref}'")
    return school_class


def overview_json(overview: Overview) -> dict[str, Any]:
    """Students with best score (percent, as on the page), attempts and status per module."""

    def cell_json(cell: Cell) -> dict[str, Any]:
        return {
            "best": rounded(cell.best, SCORE_DIGITS),
            "attempts": cell.attempts,
            "status": cell.status,
        }

    return {
        "modules": [m.slug for m in overview.modules],
        "students": [
            {
                "name": row.user.name,
                "email": row.user.email,
                "modules": {m.slug: cell_json(row.cells[m.id]) for m in overview.modules},
            }
            for row in overview.rows
        ],
        "averages": {
            a.module.slug: {
                "best": rounded(a.best, SCORE_DIGITS),
                "started": a.started,
                "attempts": a.attempts,
            }
            for a in overview.averages
        },
    }


def passages_json(report: PassageReport) -> list[dict[str, Any]]:
    """One object per passage in article order."""
    return [
        {
            "anchor": row.passage.anchor,
            "kind": row.passage.kind,
            "text": row.passage.text,
            "questions": [hit.question.key for hit in row.questions],
            "responses": row.responses,
            "success": rounded(None if row.success is None else 100 * row.success, SCORE_DIGITS),
            "label": row.label,
        }
        for row in report.rows
    ]


def _build(name: str, module: Module | None, school_class: SchoolClass | None, fmt: str) -> str:
    scope = Scope(class_id=school_class.id if school_class else None)
    label = school_class.name if school_class else "all-students"
    if name == "class-overview":
        overview = class_overview(scope, [module] if module else all_modules())
        if fmt == "json":
            return json.dumps(overview_json(overview), indent=2, ensure_ascii=False)
        return tables.to_csv(tables.overview_table(overview, label))
    if name == "item-analysis":
        analysis = item_analysis(module, scope)
        if fmt == "json":
            return json.dumps(as_json(analysis), indent=2, ensure_ascii=False)
        return tables.to_csv(tables.items_table(analysis, label))
    if module.article is None:
        _fail(f"module '{module.slug}' has no article")
    report = passage_report(module.article, [module], scope)
    if fmt == "json":
        return json.dumps(passages_json(report), indent=2, ensure_ascii=False)
    return tables.to_csv(tables.passages_table(report, label))


@click.command("report")
@click.argument("name", type=click.Choice(REPORT_NAMES))
@click.option("--module", "module_slug", default=None, help="Module slug, e.g. history.")
@click.option("--class", "class_ref", default=None, help="Class id or join code (default: all).")
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True
)
def report_command(name: str, module_slug: str | None, class_ref: str | None, fmt: str) -> None:
    """Print a report (class-overview, item-analysis, passages) as CSV or JSON."""
    module = _module(module_slug, name)
    school_class = _class(class_ref)
    click.echo(_build(name, module, school_class, fmt), nl=fmt == "json")


REPORT_COMMANDS: list[click.Command] = [report_command]
