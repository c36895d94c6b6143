"""Draft questions waiting for a teacher's review (see quizapp.drafting and teach/drafts_*)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.extensions import db
from quizapp.models.content import Article, Module, Question
from quizapp.models.users import User, utcnow

DRAFT_STATUSES = ("pending", "accepted", "rejected")


class DraftQuestion(db.Model):
    """A drafted question of one teacher, with its evidence; never shown to students.

    `question` is the full question dict (the bank schema) that accepting turns into a
    Question; `question_id` points at that question once accepted.
    """

    __tablename__ = "draft_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    module_id: Mapped[int | None] = mapped_column(ForeignKey("modules.id"))
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    type: Mapped[str] = mapped_column(String(32))
    prompt: Mapped[str] = mapped_column(Text)
    key: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str] = mapped_column(Text)
    passage_anchor: Mapped[str] = mapped_column(String(120))
    question: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    question_id: Mapped[int | None] = mapped_column(ForeignKey("questions.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(default=None)

    article: Mapped[Article] = relationship()
    owner: Mapped[User] = relationship()
    module: Mapped[Module | None] = relationship()
    accepted_as: Mapped[Question | None] = relationship()
