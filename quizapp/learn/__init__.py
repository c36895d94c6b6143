from flask import Blueprint

bp = Blueprint("learn", __name__)


@bp.record_once
def _init_question_cache(state) -> None:
    from quizapp.learn.question_html import init_app

    init_app(state.app)


from quizapp.learn import practice_routes, routes  # noqa: E402, F401
