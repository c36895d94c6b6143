"""Teacher area: modules, questions, the editor, import and export."""

from flask import render_template

from quizapp.auth.decorators import teacher_required
from quizapp.teach import bp


@bp.route("/")
@teacher_required
def index():
    """The teacher's home: modules and their questions."""
    return render_template("teach/index.html")
