"""LTI 1.3: registered platforms, the tool's keys, who and what a launch refers to, grades owed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.extensions import db
from quizapp.models.classes import SchoolClass
from quizapp.models.content import Module
from quizapp.models.users import User, utcnow

URL = String(1000)


class LtiPlatform(db.Model):
    """One registration of this tool in an LMS: an issuer and the client id it gave us."""

    __tablename__ = "lti_platforms"
    __table_args__ = (UniqueConstraint("issuer", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    issuer: Mapped[str] = mapped_column(String(255), index=True)
    client_id: Mapped[str] = mapped_column(String(255))
    auth_login_url: Mapped[str] = mapped_column(URL)
    auth_token_url: Mapped[str] = mapped_column(URL)
    key_set_url: Mapped[str] = mapped_column(URL)
    auth_audience: Mapped[str | None] = mapped_column(URL)
    name: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    deployments: Mapped[list[LtiDeployment]] = relationship(
        back_populates="platform", cascade="all, delete-orphan", order_by="LtiDeployment.id"
    )


class LtiDeployment(db.Model):
    __tablename__ = "lti_deployments"
    __table_args__ = (UniqueConstraint("platform_id", "deployment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platforms.id"), index=True)
    deployment_id: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    platform: Mapped[LtiPlatform] = relationship(back_populates="deployments")


class LtiToolKey(db.Model):
    """The tool's RSA key pair. The newest unretired key signs; every unretired key is in JWKS."""

    __tablename__ = "lti_tool_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    kid: Mapped[str] = mapped_column(String(100), unique=True)
    private_pem: Mapped[str] = mapped_column(Text)
    public_pem: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column()


class LtiUserLink(db.Model):
    """An LMS user (issuer + subject) and the account they act as here."""

    __tablename__ = "lti_user_links"
    __table_args__ = (UniqueConstraint("issuer", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    issuer: Mapped[str] = mapped_column(String(255))
    subject: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()


class LtiContext(db.Model):
    """An LMS course, and the class it is here once a teacher has launched from it."""

    __tablename__ = "lti_contexts"
    __table_args__ = (UniqueConstraint("platform_id", "context_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platforms.id"), index=True)
    deployment_id: Mapped[str] = mapped_column(String(255))
    context_id: Mapped[str] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(String(255), default="")
    class_id: Mapped[int | None] = mapped_column(ForeignKey("classes.id"), index=True)
    memberships_url: Mapped[str | None] = mapped_column(URL)
    lineitems_url: Mapped[str | None] = mapped_column(URL)
    ags_scopes: Mapped[list[str]] = mapped_column(JSON, default=list)
    synced_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    platform: Mapped[LtiPlatform] = relationship()
    school_class: Mapped[SchoolClass | None] = relationship()


class LtiMember(db.Model):
    """A user seen in a course (by launch or roster sync), kept until a class exists to join."""

    __tablename__ = "lti_members"
    __table_args__ = (UniqueConstraint("context_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    context_id: Mapped[int] = mapped_column(ForeignKey("lti_contexts.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))  # student | teacher, as the LMS said
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()


class LtiLineItem(db.Model):
    """A resource link placed in a course, the module it opens and its gradebook column."""

    __tablename__ = "lti_line_items"
    __table_args__ = (UniqueConstraint("context_id", "resource_link_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    context_id: Mapped[int] = mapped_column(ForeignKey("lti_contexts.id"), index=True)
    resource_link_id: Mapped[str] = mapped_column(String(255))
    module_id: Mapped[int | None] = mapped_column(ForeignKey("modules.id"), index=True)
    title: Mapped[str] = mapped_column(String(255), default="")
    lineitem_url: Mapped[str | None] = mapped_column(URL)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    context: Mapped[LtiContext] = relationship()
    module: Mapped[Module | None] = relationship()


class LtiGradeSync(db.Model):
    """A grade owed to a line item for one student: kept, retried and shown until it is sent.

    One row per (line item, student): the score is computed when it is sent, so a retry always
    sends the latest grade and a later attempt never queues a stale one behind it.
    """

    __tablename__ = "lti_grade_syncs"
    __table_args__ = (UniqueConstraint("line_item_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    line_item_id: Mapped[int] = mapped_column(ForeignKey("lti_line_items.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending|sent|failed
    tries: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    score_sent: Mapped[float | None] = mapped_column()
    queued_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column()

    line_item: Mapped[LtiLineItem] = relationship()
    user: Mapped[User] = relationship()


class LtiLaunchData(db.Model):
    """Short-lived OIDC state: nonces (used once) and validated launches, keyed by the library."""

    __tablename__ = "lti_launch_data"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(255), unique=True)
    value: Mapped[Any] = mapped_column(JSON)
    expires_at: Mapped[datetime] = mapped_column(index=True)
