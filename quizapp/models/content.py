"""The article, its passages, modules and versioned questions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.extensions import db
from quizapp.models.users import utcnow


class Article(db.Model):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    source_name: Mapped[str] = mapped_column(String(255))
    raw_text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Articles teachers bring: a draft until published; the seed article has no owner.
    status: Mapped[str] = mapped_column(String(16), default="draft", server_default="published")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    format: Mapped[str] = mapped_column(String(16), default="text", server_default="text")
    source_url: Mapped[str] = mapped_column(String(500), default="", server_default="")
    dated: Mapped[date | None] = mapped_column(Date)
    # The teacher's corrections to the cleaning: {"kinds": {line: kind}, "joins": {line: bool}}
    corrections: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    published_at: Mapped[datetime | None] = mapped_column()

    # The live passages; a re-publish retires passages whose text changed, but keeps them so
    # that evidence of earlier attempts still renders.
    passages: Mapped[list[Passage]] = relationship(
        primaryjoin="and_(Article.id == Passage.article_id, Passage.retired.is_(False))",
        order_by="Passage.position",
        viewonly=True,
    )
    all_passages: Mapped[list[Passage]] = relationship(
        back_populates="article", order_by="Passage.position", cascade="all, delete-orphan"
    )

    @property
    def is_published(self) -> bool:
        return self.status == "published"


class Passage(db.Model):
    """One heading, paragraph or caption of an article, addressable by its anchor."""

    __tablename__ = "passages"
    __table_args__ = (UniqueConstraint("article_id", "anchor"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    anchor: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(16))  # heading | paragraph | caption
    text: Mapped[str] = mapped_column(Text)
    retired: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    article: Mapped[Article] = relationship(back_populates="all_passages")


class Module(db.Model):
    __tablename__ = "modules"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id"))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # True once a teacher edits the title or description in the app: from then on init-db keeps
    # them instead of refreshing them from questions/*.yaml.
    details_edited: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    article: Mapped[Article | None] = relationship()
    questions: Mapped[list[Question]] = relationship(
        back_populates="module", order_by="Question.position", cascade="all, delete-orphan"
    )


class Question(db.Model):
    """A question's identity; what it says lives in its versions."""

    __tablename__ = "questions"
    __table_args__ = (UniqueConstraint("module_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id"), index=True)
    key: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(Integer, default=0)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)

    module: Mapped[Module] = relationship(back_populates="questions")
    versions: Mapped[list[QuestionVersion]] = relationship(
        back_populates="question", order_by="QuestionVersion.number", cascade="all, delete-orphan"
    )

    @property
    def current(self) -> QuestionVersion:
        return next(v for v in self.versions if v.is_current)


class QuestionVersion(db.Model):
    """An immutable snapshot of a question; responses point at the version they answered."""

    __tablename__ = "question_versions"
    __table_args__ = (UniqueConstraint("question_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"), index=True)
    number: Mapped[int] = mapped_column(Integer, default=1)
    is_current: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    type: Mapped[str] = mapped_column(String(32))
    prompt: Mapped[str] = mapped_column(Text)
    explanation: Mapped[str] = mapped_column(Text, default="")
    points: Mapped[float] = mapped_column(Float, default=1.0)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Where this wording came from: "bank" (questions/*.yaml), "editor" or "import". init-db only
    # refreshes versions that still come from the bank files, so teachers' edits are never undone.
    source: Mapped[str] = mapped_column(String(16), default="editor", server_default="bank")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    question: Mapped[Question] = relationship(back_populates="versions")
    evidence: Mapped[list[Evidence]] = relationship(
        back_populates="version", order_by="Evidence.id", cascade="all, delete-orphan"
    )

    @property
    def needs_evidence(self) -> bool:
        return not self.evidence


class Evidence(db.Model):
    """A verbatim quote supporting a question version, located in one passage."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("question_versions.id"), index=True)
    passage_id: Mapped[int] = mapped_column(ForeignKey("passages.id"), index=True)
    quote: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)

    version: Mapped[QuestionVersion] = relationship(back_populates="evidence")
    passage: Mapped[Passage] = relationship()
