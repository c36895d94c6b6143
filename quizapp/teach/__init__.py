from flask import Blueprint

bp = Blueprint("teach", __name__, url_prefix="/teach")

from quizapp.teach import io_routes, routes  # noqa: E402, F401
