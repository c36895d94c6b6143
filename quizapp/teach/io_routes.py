"""Teacher area: importing and exporting question banks."""

from flask import abort

from quizapp.auth.decorators import teacher_required
from quizapp.teach import bp


@bp.route("/import", methods=["GET", "POST"])
@teacher_required
def import_questions():
    """Upload a bank file, preview it, confirm."""
    abort(404)


@bp.route("/modules/<slug>/export/<fmt>")
@teacher_required
def export_module(slug: str, fmt: str):
    """Download a module as YAML, GIFT or Moodle XML."""
    abort(404)
