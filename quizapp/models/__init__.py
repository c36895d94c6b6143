"""Database models, grouped by concern."""

from quizapp.models.attempts import Attempt, Response
from quizapp.models.classes import Enrollment, SchoolClass
from quizapp.models.content import Article, Evidence, Module, Passage, Question, QuestionVersion
from quizapp.models.users import User

__all__ = [
    "Article",
    "Attempt",
    "Enrollment",
    "Evidence",
    "Module",
    "Passage",
    "Question",
    "QuestionVersion",
    "Response",
    "SchoolClass",
    "User",
]
