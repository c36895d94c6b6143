"""Database models, grouped by concern."""

from quizapp.models.accountability import AuditEntry, PasswordReset
from quizapp.models.attempts import Attempt, Response
from quizapp.models.classes import Enrollment, SchoolClass
from quizapp.models.content import Article, Evidence, Module, Passage, Question, QuestionVersion
from quizapp.models.drafts import DraftQuestion
from quizapp.models.learning import QuizOverride, QuizSettings, ReviewCard
from quizapp.models.lti import LtiContext, LtiPlatform  # noqa: F401  (all LTI tables)
from quizapp.models.sessions import LoginSession
from quizapp.models.users import User

MAX_ID = 2**31 - 1  # the largest id an integer primary key holds on every supported database

__all__ = [
    "Article",
    "Attempt",
    "AuditEntry",
    "DraftQuestion",
    "Enrollment",
    "Evidence",
    "LoginSession",
    "MAX_ID",
    "Module",
    "Passage",
    "PasswordReset",
    "Question",
    "QuizOverride",
    "QuizSettings",
    "QuestionVersion",
    "Response",
    "ReviewCard",
    "SchoolClass",
    "User",
]
