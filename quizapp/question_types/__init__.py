"""Question types: import the package to fill the registry."""

from quizapp.question_types import (  # noqa: F401  (each module registers its type)
    cloze,
    matching,
    multiple_response,
    numeric,
    ordering,
    short_answer,
    single_choice,
    true_false,
)
from quizapp.question_types.base import REGISTRY, Grade, QuestionType, ResponseError, get_type

__all__ = ["REGISTRY", "Grade", "QuestionType", "ResponseError", "get_type"]
