from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")

from quizapp.auth import account_routes, routes  # noqa: E402, F401
