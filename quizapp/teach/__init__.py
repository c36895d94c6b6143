from flask import Blueprint

bp = Blueprint("teach", __name__, url_prefix="/teach")

from quizapp.teach import article_routes, io_routes, routes, settings_routes  # noqa: E402, F401
