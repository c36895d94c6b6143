from flask import Blueprint

bp = Blueprint("learn", __name__)

from quizapp.learn import practice_routes, routes  # noqa: E402, F401
