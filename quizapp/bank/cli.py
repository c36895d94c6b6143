"""Commands for question banks: import-questions, export-questions."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click

from quizapp.imports import (
    EXPORT_FORMATS,
    IMPORT_FORMATS,
    apply_import,
    export_module,
    find_module,
    prepare_import,
)

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


@click.command("import-questions")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--module", "slug", required=True, help="Module slug; created if it does not exist.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(IMPORT_FORMATS),
    default=None,
    help="Sniffed from the file name and content when not given.",
)
@click.option("--dry-run", is_flag=True, help="Check and preview; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def import_questions_command(
    file: Path, slug: str, fmt: str | None, dry_run: bool, as_json: bool
) -> None:
    """Import questions from YAML, GIFT, Aiken, Moodle XML or CSV; all or nothing."""
    if not SLUG.match(slug):
        raise click.BadParameter("use lower-case letters, digits and dashes", param_hint="--module")
    plan = prepare_import(file.read_bytes(), file.name, fmt, slug)
    created = apply_import(plan, None, file.name) if plan.ok and not dry_run else 0
    if as_json:
        click.echo(json.dumps(plan.as_json(created), ensure_ascii=False, indent=2))
    else:
        _print_plan(plan, file, dry_run, created)
    if not plan.ok:
        raise click.exceptions.Exit(1)


def _print_plan(plan, file: Path, dry_run: bool, created: int) -> None:
    click.echo(
        f"{file.name}: {plan.format}, {len(plan.questions)} question(s) for module "
        f"'{plan.module_slug}'{'' if plan.module_exists else ' (new module)'}"
    )
    for q in plan.questions:
        flag = "  needs evidence" if q.needs_evidence else ""
        click.echo(
            f"  line {q.line}: {q.action:9} {q.data['type']:17} {q.data['prompt'][:60]}{flag}"
        )
    for s in plan.skipped:
        click.echo(f"  line {s.line}: skipped: {s.message}")
    for w in plan.warnings:
        click.echo(f"  line {w.line}: warning: {w.message}")
    for e in plan.errors:
        where = f"line {e.line}" if e.line is not None else "file"
        click.echo(f"error: {where}: {e.message}", err=True)
    if not plan.ok:
        click.echo("Nothing was imported.", err=True)
    elif dry_run:
        click.echo(f"Dry run: would create {plan.count('create')}, update {plan.count('update')}.")
    else:
        click.echo(f"Imported: {created} created, {plan.count('update')} updated.")


@click.command("export-questions")
@click.option("--module", "slug", required=True)
@click.option(
    "--format", "fmt", type=click.Choice(sorted(EXPORT_FORMATS)), default="yaml", show_default=True
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file instead of standard output.",
)
def export_questions_command(slug: str, fmt: str, output: Path | None) -> None:
    """Export a module's questions as YAML, GIFT or Moodle XML."""
    module = find_module(slug)
    if module is None:
        raise click.ClickException(f"no module '{slug}'")
    result = export_module(module, fmt)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if output:
        output.write_text(result.text, encoding="utf-8")
        click.echo(f"Wrote {len(module.questions)} question(s) to {output}.", err=True)
    else:
        click.echo(result.text, nl=False)


BANK_COMMANDS = [import_questions_command, export_questions_command]
