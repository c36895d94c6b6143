from flask import Blueprint

bp = Blueprint("teach", __name__, url_prefix="/teach")

from quizapp.teach import (  # noqa: E402, F401
    article_routes,
    draft_routes,
    io_routes,
    routes,
    settings_routes,
)
